"""``coprod assess PATH``: an assessment file in, a Co-Production Star report out."""

from __future__ import annotations

import argparse
import datetime
import os
from pathlib import Path
from typing import Any

from coprod.cli.output import (
    add_output_options,
    choose_exporter,
    terminal_progress,
    write_report,
)
from coprod.cli.plugin_options import (
    add_plugin_options,
    add_timeout_option,
    evaluate_within_timeout,
    plugin_manager,
)

__all__ = ["add_report_options", "organisation_name", "register", "report_command", "report_date"]

DEFAULT_FORMAT = "summary"


def add_report_options(parser: argparse.ArgumentParser) -> None:
    """The options shared by ``assess`` and ``demo``."""
    add_output_options(parser, default_format=DEFAULT_FORMAT)
    add_plugin_options(parser)
    add_timeout_option(parser)


def report_date(environ: Any = None) -> datetime.date:
    """Today (UTC), or the day of ``SOURCE_DATE_EPOCH`` when it is set, for reproducible reports.

    A value that is not a whole number of seconds is ignored.
    """
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).date()
    return datetime.datetime.now(tz=datetime.timezone.utc).date()


def _input_of(source: Any) -> tuple[str | None, bytes | None]:
    """The name and bytes of a file ``source`` (``None``s for stdin or a parsed document)."""
    if isinstance(source, (str, Path)) and str(source) != "-":
        path = Path(source)
        try:
            return path.name, path.read_bytes()
        except OSError:
            return path.name, None  # the loader reports the problem
    return None, None


def _no_progress(_stage: str, _done: int, _total: int | None) -> None:
    """Progress goes nowhere (standard error is not a terminal)."""


def report_command(
    source: Any,
    args: argparse.Namespace,
    *,
    input_name: str | None = None,
    input_bytes: bytes | None = None,
) -> int:
    """Load ``source``, evaluate it, and write the report as ``args`` ask.

    The report's provenance names the input (``input_name`` and the SHA-256 of
    ``input_bytes``; by default read from a file ``source``), the plugins loaded and
    blocked, and the date (:func:`report_date`).
    """
    from coprod.io.documents import load_assessment
    from coprod.report import build_report, provenance_of

    manager = plugin_manager(args)
    # Choose before loading, so a bad --format or -o is reported before any work.
    choose_exporter(manager, "assessment", args.format, args.output, DEFAULT_FORMAT)
    # Progress on standard error only when it is a terminal; a large assessment takes
    # seconds to load, evaluate and render.
    with terminal_progress() as progress:
        step = progress or _no_progress
        step("loading the assessment", 0, 3)
        assessment = load_assessment(
            source,
            barriers=manager.barriers,
            organisation=getattr(args, "organisation", None),
            encoding=getattr(args, "encoding", None),
            parameter_sets=manager.appraisal_parameters,
        )
        from coprod.cli.progress import check_action_links

        check_action_links(assessment, manager)  # actions' finding links name registered checks
        step(f"evaluating {len(assessment.initiatives):,} initiatives", 1, 3)
        evaluation = evaluate_within_timeout(assessment, manager, args, progress)
        if input_bytes is None:
            found_name, input_bytes = _input_of(source)
            input_name = input_name or found_name
        provenance = provenance_of(
            manager,
            blocked=getattr(args, "block", None) or (),
            input_bytes=input_bytes,
            input_name=input_name,
            date=report_date(),
        )
        step("building the report", 2, 3)
        report = build_report(
            assessment,
            evaluation,
            barriers=manager.barriers,
            parameter_sets=manager.appraisal_parameters,
            provenance=provenance,
        )
    return write_report(report, args, manager)


def organisation_name(text: str) -> str:
    """argparse type of ``--organisation``: a name, so that a blank or control
    character is reported against the option, not as if it were in the file."""
    from coprod.io.table import CellError
    from coprod.io.table import text as plain_text

    if not text.strip():
        raise argparse.ArgumentTypeError("must not be blank")
    try:
        return plain_text(max_length=200)(text.strip())
    except CellError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


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
    parser.add_argument(
        "path", metavar="PATH", help="assessment file: .toml, .json or .csv ('-' for stdin)"
    )
    parser.add_argument(
        "--organisation",
        metavar="NAME",
        type=organisation_name,
        help="organisation name for a CSV of initiatives",
    )
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        help="text encoding of a CSV (default: UTF-8, with or without a BOM; e.g. cp1252)",
    )
    add_report_options(parser)
    parser.set_defaults(handler=_handle)
