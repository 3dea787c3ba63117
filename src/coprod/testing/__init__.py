"""Test helpers for coprod plugin authors.

- :func:`check_plugin`: the conformance check every plugin should pass;
- :func:`isolated_manager`: a plugin manager with the built-ins and your plugins
  only, whatever else is installed;
- :func:`sample_assessment`: a small, fixed, realistic assessment;
- :func:`make_plugin` and :func:`write_distribution`: plugins made on the fly, as a
  module or as an installed distribution with a ``coprod`` entry point;
- :func:`run_coprod` and :class:`CoprodCli`: run the ``coprod`` command line
  in-process with arguments and standard input, and get its exit code, stdout and
  stderr (:class:`CliResult`), like pytest's ``pytester``;
- hypothesis strategies for valid domain objects: :func:`assessments`,
  :func:`initiatives` and their parts (imported on first use; they need
  ``hypothesis``);
- an opt-in pytest plugin with the fixtures ``coprod_manager``,
  ``make_coprod_manager``, ``coprod_assessment``, ``coprod_cli``,
  ``make_coprod_plugin`` and ``install_coprod_distribution``: put
  ``pytest_plugins = ["coprod.testing"]`` in a test module or the root
  ``conftest.py``.

coprod itself never imports this package, and importing it imports neither
pytest nor hypothesis. (PYTEST_DONT_REWRITE: it raises its own assertion errors,
so pytest need not rewrite it, nor warn when a test module imports it before
naming it in ``pytest_plugins``.)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from coprod.testing.cli import CliResult, CoprodCli, run_coprod
from coprod.testing.conformance import PluginConformanceError, check_plugin, isolated_manager
from coprod.testing.plugin_factory import make_plugin, write_distribution
from coprod.testing.sample import sample_assessment

if TYPE_CHECKING:
    from coprod.testing.strategies import (
        HOSTILE_STRINGS,
        assessments,
        explorer_entries,
        hostile_texts,
        identifiers,
        initiatives,
        names,
        organisations,
        priority_ratings,
        resource_inputs,
        services,
        stakeholders,
    )

#: Loaded by pytest when a test module or conftest names ``coprod.testing`` in its
#: own ``pytest_plugins``: the fixtures live there.
pytest_plugins = ["coprod.testing.pytest_plugin"]

_STRATEGIES = frozenset(
    {
        "HOSTILE_STRINGS",
        "assessments",
        "explorer_entries",
        "hostile_texts",
        "identifiers",
        "initiatives",
        "names",
        "organisations",
        "priority_ratings",
        "resource_inputs",
        "services",
        "stakeholders",
    }
)


def __getattr__(name: str) -> Any:
    if name in _STRATEGIES:
        return getattr(importlib.import_module("coprod.testing.strategies"), name)
    raise AttributeError(f"module 'coprod.testing' has no attribute {name!r}")


__all__ = [
    "HOSTILE_STRINGS",
    "CliResult",
    "CoprodCli",
    "PluginConformanceError",
    "assessments",
    "check_plugin",
    "explorer_entries",
    "hostile_texts",
    "identifiers",
    "initiatives",
    "isolated_manager",
    "make_plugin",
    "names",
    "organisations",
    "priority_ratings",
    "resource_inputs",
    "run_coprod",
    "sample_assessment",
    "services",
    "stakeholders",
    "write_distribution",
]
