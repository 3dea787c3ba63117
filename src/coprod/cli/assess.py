"""``coprod assess PATH``: an assessment file in, a Co-Production Star report out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from coprod.cli.output import emit
from coprod.cli.plugin_options import add_plugin_options, plugin_manager
from coprod.errors import InvalidInputError, PluginError

__all__ = ["add_report_options", "register", "report_command"]

DEFAULT_FORMAT = "summary"


def add_report_options(parser: argparse.ArgumentParser) -> None:
    """The options shared by ``assess`` and ``demo``."""
    parser.add_argument(
        "-f",
        "--format",
        metavar="FMT",
        help="report format: any registered exporter (built in: summary, json, csv, markdown, "
        "html). Default: from the -o suffix, else summary.",
    )
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="write the report to this file (atomically)"
    )
    add_plugin_options(parser)


def _choose_format(args: argparse.Namespace, manager: Any) -> str:
    if args.format:
        return str(args.format)
    if args.output and args.output != "-":
        suffix = Path(args.output).suffix.lower()
        for name, exporter in manager.exporters.items():
            if exporter.suffix == suffix and name != DEFAULT_FORMAT:
                return str(name)
        if suffix != manager.exporter(DEFAULT_FORMAT).suffix:
            known = ", ".join(f"{e.suffix} ({name})" for name, e in manager.exporters.items())
            raise InvalidInputError.single(
                "-o",
                f"cannot tell the format from {suffix or 'a name without a suffix'!r}; "
                f"use --format, or one of: {known}",
            )
    return DEFAULT_FORMAT


def report_command(source: Any, args: argparse.Namespace) -> int:
    """Load ``source``, evaluate it, and write the report as ``args`` ask."""
    from coprod.engine import evaluate
    from coprod.io.documents import load_assessment
    from coprod.report import build_report

    manager = plugin_manager(args)
    format = _choose_format(args, manager)
    try:
        exporter = manager.exporter(format)
    except KeyError as error:
        raise InvalidInputError.single("--format", str(error.args[0])) from None
    assessment = load_assessment(
        source, barriers=manager.barriers, organisation=getattr(args, "organisation", None)
    )
    evaluation = evaluate(assessment, manager)
    report = build_report(assessment, evaluation, manager)
    try:
        rendered = exporter.render(report)
    except Exception as error:
        raise PluginError(
            f"exporter {format!r} of plugin {exporter.plugin} failed: "
            f"{type(error).__name__}: {error}",
            plugin=exporter.plugin,
            item=format,
        ) from error
    emit(rendered, args.output)
    if args.output and args.output != "-":
        print(f"wrote {format} report to {args.output}", file=sys.stderr)
    return 0


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
