"""``coprod progress READING...``: dated readings in, what moved between them out."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coprod.cli.assess import organisation_name, report_date
from coprod.cli.db import add_db_option, database_errors
from coprod.cli.output import add_output_options, choose_exporter, write_report
from coprod.cli.plugin_options import (
    add_plugin_options,
    add_timeout_option,
    evaluate_within_timeout,
    plugin_manager,
)
from coprod.errors import InvalidInputError, Problem

if TYPE_CHECKING:
    from coprod.plugins import PluginManager
    from coprod.progress import Progress, Reading

__all__ = [
    "DEFAULT_FORMAT",
    "check_action_links",
    "expand_paths",
    "read_readings",
    "register",
    "stored_sources",
]

DEFAULT_FORMAT = "summary"
_SUFFIXES = (".toml", ".json", ".csv")


def expand_paths(paths: Sequence[str]) -> list[Path]:
    """Files as given, and the documents (``.toml``, ``.json``, ``.csv``) of folders."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in _SUFFIXES
            )
        else:
            found.append(path)
    return found


def check_action_links(assessment: Any, manager: PluginManager) -> None:
    """Actions' finding links must name a registered maturity check (exit 2 otherwise)."""
    from coprod.model.actions import unknown_action_check_problems

    problems = unknown_action_check_problems(
        assessment.actions, {check.name for check in manager.maturity_checks}
    )
    if problems:
        raise InvalidInputError(problems)


def read_readings(
    sources: Sequence[tuple[str, Any, bytes | None]],
    manager: PluginManager,
    args: argparse.Namespace,
) -> list[Reading]:
    """Load, evaluate and report each ``(name, source, bytes)``; problems of all files at once.

    Each problem is prefixed with its file's name, so several files' problems can be
    told apart.
    """
    from coprod.io.documents import load_assessment
    from coprod.progress import Reading
    from coprod.report import build_report, provenance_of

    problems: list[Problem] = []
    readings: list[Reading] = []
    for name, source, data in sources:
        try:
            assessment = load_assessment(
                source, barriers=manager.barriers, parameter_sets=manager.appraisal_parameters
            )
            check_action_links(assessment, manager)
        except InvalidInputError as error:
            problems += [
                Problem(
                    f"{name}: {p.where}" if p.where else name, p.message, code=p.code, cell=p.cell
                )
                for p in error.problems
            ]
            continue
        evaluation = evaluate_within_timeout(assessment, manager, args)
        provenance = provenance_of(
            manager,
            blocked=getattr(args, "block", None) or (),
            input_bytes=data,
            input_name=name,
            date=report_date(),
        )
        readings.append(
            Reading(
                name,
                build_report(
                    assessment,
                    evaluation,
                    barriers=manager.barriers,
                    parameter_sets=manager.appraisal_parameters,
                    provenance=provenance,
                ),
            )
        )
    if problems:
        raise InvalidInputError(problems)
    return readings


def progress_command(
    sources: Sequence[tuple[str, Any, bytes | None]], args: argparse.Namespace
) -> int:
    """Compare the readings ``sources`` and write the progress report as ``args`` ask."""
    from coprod.progress import compare_readings

    manager = plugin_manager(args)
    choose_exporter(manager, "progress", args.format, args.output, DEFAULT_FORMAT)
    progress: Progress = compare_readings(read_readings(sources, manager, args))
    return write_report(progress, args, manager)


def stored_sources(args: argparse.Namespace) -> list[tuple[str, Any, bytes | None]]:
    """The readings of one organisation in the store ``--db`` names, as progress sources.

    Each is ``(file name it was recorded from, its parsed canonical JSON, that text)``,
    so the report names the same files and holds the same figures as from the files.
    """
    from coprod.cli.db import database, require_store

    require_store()
    from coprod.store import open_readings
    from coprod.store.readings import organisations

    store = open_readings(database(args))
    try:
        found = store.documents(args.organisation)
    finally:
        store.engine.dispose()
    names = organisations(record for record, _text in found)
    if not found:
        where = f" of {args.organisation!r}" if args.organisation else ""
        raise InvalidInputError.single("--db", f"the store holds no readings{where}")
    if len(names) > 1:
        raise InvalidInputError.single(
            "--organisation",
            "the store holds readings of several organisations; name one: "
            + "; ".join(repr(name) for name in names),
        )
    import json

    return [(record.source_name, json.loads(text), text.encode("utf-8")) for record, text in found]


def _handle(args: argparse.Namespace) -> int:
    if args.db is not None:
        if args.readings:
            raise InvalidInputError.single(
                "--db", "give reading files or --db (the store's readings), not both"
            )
        return progress_command(stored_sources(args), args)
    if args.organisation is not None:
        raise InvalidInputError.single("--organisation", "only with --db (files say their own)")
    if not args.readings:
        raise InvalidInputError.single("READING", "give two or more readings, or --db")
    paths = expand_paths(args.readings)
    sources: list[tuple[str, Any, bytes | None]] = []
    for path in paths:
        try:
            data: bytes | None = path.read_bytes()
        except OSError:
            data = None  # the loader reports it
        sources.append(
            (
                path.name if len({p.name for p in paths}) == len(paths) else str(path),
                str(path),
                data,
            )
        )
    return progress_command(sources, args)


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``progress`` sub-command."""
    parser = subcommands.add_parser(
        "progress",
        help="compare dated readings of one organisation: what moved",
        description="Load two or more readings (assessment documents with as_of) of one "
        "organisation, in any order, and report what moved between consecutive readings "
        "and from the first to the last: Explorer cells, the Star, initiatives, Priority "
        "Matrix quadrants, barriers, volunteer hours and actions. Exit codes: 0 success; "
        "2 invalid input (readings of two organisations, two of one date, a missing "
        "as_of, an id renamed without replaces); 3 a plugin failed. With --db, the "
        "readings recorded in the store ('coprod readings record') instead of files.",
    )
    parser.add_argument(
        "readings",
        metavar="READING",
        nargs="*",
        help="assessment files (.toml, .json, .csv) or folders holding them",
    )
    add_db_option(parser)
    parser.add_argument(
        "--organisation",
        metavar="NAME",
        type=organisation_name,
        help="with --db: the organisation whose stored readings to compare (needed "
        "when the store holds several)",
    )
    add_output_options(parser, default_format=DEFAULT_FORMAT)
    add_plugin_options(parser)
    add_timeout_option(parser)
    parser.set_defaults(handler=database_errors(_handle))
