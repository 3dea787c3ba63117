"""``coprod cases``: the seeds' case-study catalogue, classified by the core.

The report (kind ``cases``, :class:`coprod.case_catalogue.CaseCatalogue`) is a text
table by default (``summary``); ``--format json`` has stable keys, and csv,
markdown, html (and any plugin's format for every kind) come from its tables.
"""

from __future__ import annotations

import argparse
from typing import Any

from coprod.cli.output import add_output_options, choose_exporter, write_report
from coprod.cli.plugin_options import add_plugin_options, plugin_manager

__all__ = ["DEFAULT_FORMAT", "register"]

#: The format written when neither ``--format`` nor an ``-o`` suffix says.
DEFAULT_FORMAT = "summary"


def _handle(args: argparse.Namespace) -> int:
    from coprod.case_catalogue import CaseCatalogue
    from coprod.model.star import Co

    manager = plugin_manager(args)
    choose_exporter(manager, "cases", args.format, args.output, DEFAULT_FORMAT)
    report = CaseCatalogue.of(Co(args.co) if args.co else None)
    return write_report(report, args, manager)


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``cases`` sub-command."""
    from coprod.model.star import Co

    parser = subcommands.add_parser(
        "cases",
        help="list the seeds' case studies with their Co's, service model and form",
        description="List the case studies of the seeds with the Co's, service model and "
        "form each illustrates (a text table by default; --format json, csv, markdown, "
        "html).",
    )
    parser.add_argument("--co", choices=[co.value for co in Co], help="only cases of this Co")
    add_output_options(parser, default_format=DEFAULT_FORMAT)
    add_plugin_options(parser)
    parser.set_defaults(handler=_handle)
