"""``coprod assess PATH``: an assessment file in, a Co-Production Star report out."""

from __future__ import annotations

import argparse
from typing import Any

from coprod.cli.output import add_output_options, choose_exporter, write_report
from coprod.cli.plugin_options import (
    add_plugin_options,
    add_timeout_option,
    evaluate_within_timeout,
    plugin_manager,
)

__all__ = ["add_report_options", "register", "report_command"]

DEFAULT_FORMAT = "summary"


def add_report_options(parser: argparse.ArgumentParser) -> None:
    """The options shared by ``assess`` and ``demo``."""
    add_output_options(parser, default_format=DEFAULT_FORMAT)
    add_plugin_options(parser)
    add_timeout_option(parser)


def report_command(source: Any, args: argparse.Namespace) -> int:
    """Load ``source``, evaluate it, and write the report as ``args`` ask."""
    from coprod.io.documents import load_assessment
    from coprod.report import build_report

    manager = plugin_manager(args)
    # Choose before loading, so a bad --format or -o is reported before any work.
    choose_exporter(manager, "assessment", args.format, args.output, DEFAULT_FORMAT)
    assessment = load_assessment(
        source, barriers=manager.barriers, organisation=getattr(args, "organisation", None)
    )
    evaluation = evaluate_within_timeout(assessment, manager, args)
    report = build_report(assessment, evaluation, manager)
    return write_report(report, args, manager)


def _handle(args: argparse.Namespace) -> int:
    return report_command(args.path, args)


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``assess`` sub-command."""
    parser = subcommands.add_parser(
        "assess",
        help="assess a file (.toml, .json or .csv) and report",
        description="Load an assessment document, evaluate it with every registered rule "
        "and check, and write the report. Exit codes: 0 success; 2 invalid input or usage; "
        "3 a plugin failed (a rule or check with --strict; a -p module or an exporter always).",
    )
    parser.add_argument("path", metavar="PATH", help="assessment file: .toml, .json or .csv")
    parser.add_argument(
        "--organisation", metavar="NAME", help="organisation name for a CSV of initiatives"
    )
    add_report_options(parser)
    parser.set_defaults(handler=_handle)
