"""Plugins for the report-kinds tests, importable with ``-p kinds_plugins.<name>``."""
