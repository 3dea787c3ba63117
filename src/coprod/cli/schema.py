"""``coprod schema``: print the JSON Schema of the assessment document.

The report (kind ``schema``, :class:`coprod.schema_report.SchemaReport`) is the
schema itself in ``json`` (the default); other formats list its properties.
"""

from __future__ import annotations

import argparse
from typing import Any

from coprod.cli.output import add_output_options, choose_exporter, write_report
from coprod.cli.plugin_options import add_plugin_options, plugin_manager

__all__ = ["DEFAULT_FORMAT", "register"]

#: The format written when neither ``--format`` nor an ``-o`` suffix says.
DEFAULT_FORMAT = "json"


def _handle(args: argparse.Namespace) -> int:
    from coprod.io.schema import assessment_schema
    from coprod.schema_report import SchemaReport

    manager = plugin_manager(args)
    choose_exporter(manager, "schema", args.format, args.output, DEFAULT_FORMAT)
    return write_report(SchemaReport(assessment_schema()), args, manager)


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``schema`` sub-command."""
    parser = subcommands.add_parser(
        "schema", help="print the JSON Schema of the assessment document"
    )
    add_output_options(parser, default_format=DEFAULT_FORMAT)
    add_plugin_options(parser)
    parser.set_defaults(handler=_handle)
