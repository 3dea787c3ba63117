"""``coprod readings``: keep dated readings in the store, and list what it holds.

``coprod readings record FILE... --db FILE_OR_URL`` validates every file (all
problems at once, nothing stored if any) and stores each reading once with the
SHA-256 of its canonical JSON; recording the same reading again changes nothing,
and a different document for an organisation and date already stored is an error
naming both hashes. ``coprod readings list --db ...`` reports the stored readings
and the status history of their actions through the registered exporters.
``coprod progress --db ...`` compares stored readings. See ``docs/store.md``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coprod.cli.assess import organisation_name
from coprod.cli.db import add_db_option, database, database_errors, require_store
from coprod.cli.output import (
    add_output_options,
    choose_exporter,
    terminal_progress,
    write_report,
)
from coprod.cli.plugin_options import add_plugin_options, plugin_manager
from coprod.errors import InvalidInputError, Problem
from coprod.progress_callback import counted

if TYPE_CHECKING:
    from coprod.model.assessment import Assessment
    from coprod.plugins import PluginManager
    from coprod.store import RecordedReading

__all__ = ["LIST_FORMAT", "register"]

#: The default format of ``coprod readings list`` (a generic exporter).
LIST_FORMAT = "markdown"


def _record(args: argparse.Namespace) -> int:
    require_store()
    from coprod.cli.progress import expand_paths
    from coprod.store import open_readings

    manager = plugin_manager(args)
    paths = expand_paths(args.readings)
    problems: list[Problem] = []
    loaded: list[tuple[str, Assessment]] = []
    # A folder of years of readings takes seconds to validate and store: progress on
    # standard error when it is a terminal, one step per file.
    with terminal_progress() as progress:
        for path in counted(paths, progress, "reading files", len(paths), step=1):
            _load(path, manager, problems, loaded)
    if problems:
        raise InvalidInputError(problems)
    store = open_readings(database(args))
    recorded: list[tuple[str, RecordedReading]] = []
    try:
        with terminal_progress() as progress:
            for name, assessment in counted(
                loaded, progress, "recording readings", len(loaded), step=1
            ):
                recorded.append((name, store.record(assessment, source_name=name)))
    finally:
        # Said once the progress line is cleared; those stored before a failure too.
        for name, record in recorded:
            what = "recorded" if record.created else "already recorded"
            label = f" ({record.round})" if record.round else ""
            print(
                f"{what}: {name}: {record.organisation}, {record.as_of.isoformat()}{label}, "
                f"sha256 {record.content_sha256}"
            )
        store.engine.dispose()
    return 0


def _load(
    path: Path,
    manager: PluginManager,
    problems: list[Problem],
    loaded: list[tuple[str, Assessment]],
) -> None:
    """Add the reading at ``path`` to ``loaded``, or its problems to ``problems``."""
    from coprod.cli.progress import check_action_links
    from coprod.io.documents import load_assessment

    try:
        assessment = load_assessment(
            str(path), barriers=manager.barriers, parameter_sets=manager.appraisal_parameters
        )
        check_action_links(assessment, manager)
    except InvalidInputError as error:
        problems += [
            Problem(
                f"{path.name}: {p.where}" if p.where else path.name,
                p.message,
                code=p.code,
                cell=p.cell,
            )
            for p in error.problems
        ]
        return
    if assessment.as_of is None:
        problems.append(
            Problem(f"{path.name}: $.as_of", "a reading needs as_of (the date it describes)")
        )
        return
    loaded.append((path.name, assessment))


def _list(args: argparse.Namespace) -> int:
    require_store()
    from coprod.store import open_readings
    from coprod.store.readings import StoredReadingsReport

    manager = plugin_manager(args)
    choose_exporter(manager, StoredReadingsReport.kind, args.format, args.output, LIST_FORMAT)
    store = open_readings(database(args))
    try:
        report = StoredReadingsReport(
            tuple(store.readings(args.organisation)),
            tuple(store.action_history(args.organisation)),
        )
    finally:
        store.engine.dispose()
    return write_report(report, args, manager)


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add ``readings record`` and ``readings list``."""
    readings = subcommands.add_parser(
        "readings",
        help="keep dated readings (and their action plans) in the store",
        description="Record dated readings of an organisation in coprod's store (an SQLite "
        "file or a PostgreSQL URL), once each, and list them. 'coprod progress --db' "
        "compares them. Exit codes: 0 success; 2 invalid input, or a different reading "
        "of the same organisation and date already stored.",
    )
    readings.set_defaults(handler=lambda _args: _usage(readings))
    actions = readings.add_subparsers(dest="readings_command", metavar="ACTION")
    record = actions.add_parser(
        "record",
        help="store readings (the same reading twice is stored once)",
        description="Validate the readings (assessment documents with as_of) and store "
        "each once, with the SHA-256 of its canonical JSON and its actions' statuses.",
    )
    record.add_argument(
        "readings",
        metavar="READING",
        nargs="+",
        help="assessment files (.toml, .json, .csv) or folders holding them",
    )
    add_db_option(record)
    add_plugin_options(record)
    record.set_defaults(handler=database_errors(_record))
    listing = actions.add_parser(
        "list",
        help="report the stored readings and their actions' status history",
    )
    add_db_option(listing)
    listing.add_argument(
        "--organisation",
        metavar="NAME",
        type=organisation_name,
        help="only this organisation's readings (name, any case)",
    )
    add_output_options(listing, default_format=LIST_FORMAT)
    add_plugin_options(listing)
    listing.set_defaults(handler=database_errors(_list))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2
