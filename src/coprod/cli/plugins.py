"""``coprod plugins``: every registered plugin and what it contributes.

Lists the built-in plugins, installed entry-point plugins (with distribution and
version) and any ``-p MODULE`` plugins, each with its scoring rules,
classifications, maturity checks, exporters (and the report kinds they render) and
barrier entries. Plugins that failed to load or register are reported on stderr
(and under ``problems`` in JSON); ``--strict`` makes such a failure fatal (exit 3).
The report (kind ``plugins``, :class:`coprod.plugin_listing.PluginListing`) is text
by default (``summary``); ``--format json`` has stable keys for machines.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from coprod.cli.output import add_output_options, choose_exporter, write_report
from coprod.cli.plugin_options import add_plugin_options, plugin_manager

__all__ = ["DEFAULT_FORMAT", "register"]

#: The format written when neither ``--format`` nor an ``-o`` suffix says.
DEFAULT_FORMAT = "summary"


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``plugins`` sub-command."""
    parser = subcommands.add_parser(
        "plugins",
        help="list registered plugins and what each contributes",
        description="List every registered plugin (built-in, entry point, explicit) with "
        "its distribution and version and what it contributes: scoring rules, "
        "classifications, maturity checks, exporters and barrier entries.",
    )
    add_output_options(parser, default_format=DEFAULT_FORMAT)
    add_plugin_options(parser)
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from coprod.plugin_listing import PluginListing

    # Problems are printed after the listing (and are in the JSON).
    manager = plugin_manager(args, print_problems=False)
    choose_exporter(manager, "plugins", args.format, args.output, DEFAULT_FORMAT)
    code = write_report(PluginListing.of(manager), args, manager)
    for problem in manager.problems:
        print(f"warning: {problem.message}", file=sys.stderr)
    return code
