"""Reading priority-setting data from files: ``.pb`` files and CSV ballot tables.

The edge of :mod:`coprod.priorities`: bytes are decoded here (UTF-8, with or
without a byte-order mark), parsed by the pure :func:`coprod.priorities.parse_pb`,
and every problem is raised in one :class:`~coprod.errors.InvalidInputError`
naming the file, line and section. CSV ballots (one row per ballot: ``voter``,
optional ``channel``, ``projects``, optional ``points``) go through the one table
reader, :func:`coprod.io.table.read_table`.
"""

from __future__ import annotations

import os
from pathlib import Path

from coprod.errors import InvalidInputError, Problem
from coprod.io.table import Column, TableSpec, integer, list_of, read_table, text
from coprod.priorities.exercise import load_pb
from coprod.priorities.model import Ballot, Exercise, VoteType
from coprod.priorities.pabulib import PbFile, format_pb, parse_pb

__all__ = ["BALLOT_TABLE", "read_ballots_csv", "read_pb", "read_pb_exercise", "write_pb"]


def _read_text(file: Path) -> str:
    data = file.read_bytes()
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidInputError(
            [Problem(f"{file.name}: line {line}", "not UTF-8 text", code="bad-encoding")]
        ) from None
    return content


def read_pb(path: str | os.PathLike[str]) -> PbFile:
    """Read and parse a ``.pb`` file (problems name the file by its name)."""
    file = Path(path)
    return parse_pb(_read_text(file), name=file.name)


def read_pb_exercise(
    path: str | os.PathLike[str], *, channel: str | None = None
) -> tuple[PbFile, Exercise, tuple[Ballot, ...]]:
    """A ``.pb`` file, the exercise it describes and its ballots (every problem at once)."""
    file = Path(path)
    return load_pb(_read_text(file), name=file.name, channel=channel)


def write_pb(pb: PbFile) -> str:
    """``pb`` as ``.pb`` text (write it with :func:`coprod.io.atomic.write_atomic`)."""
    return format_pb(pb)


#: The columns of a CSV of ballots (one row per ballot).
BALLOT_TABLE = TableSpec(
    name="ballots",
    columns=(
        Column("voter", text(max_length=200), aliases=("voter_id", "voter id")),
        Column("channel", text(max_length=100), required=False, default=None),
        Column(
            "projects",
            list_of(text(max_length=200), separators=","),
            aliases=("vote", "project_ids"),
            required=False,
            default=(),
        ),
        Column(
            "points",
            list_of(integer(minimum=0, maximum=10**9), separators=","),
            required=False,
            default=(),
        ),
    ),
)


def read_ballots_csv(
    source: str | os.PathLike[str],
    exercise: Exercise,
    *,
    channel: str | None = None,
    encoding: str | None = None,
) -> tuple[Ballot, ...]:
    """Ballots from a CSV table: ``voter``, ``channel``, ``projects`` (comma-separated), ``points``.

    A row's channel is its ``channel`` cell, else ``channel``, else the file's name
    without suffix. Rows naming an unknown project or giving points that do not
    match the projects are problems of the table (row and column named); rule
    breaches (too many projects, …) make the ballot invalid when ballots are sorted.
    """
    problems: list[Problem] = []
    table = read_table(source, BALLOT_TABLE, encoding=encoding, problems=problems)
    default_channel = channel or Path(table.source).stem or "unrecorded"
    known = {p.id for p in exercise.projects}
    needs_points = exercise.vote_type in (VoteType.CUMULATIVE, VoteType.SCORING)
    ballots = []
    for row in table.rows:
        projects = tuple(row["projects"])
        points = tuple(row["points"])
        unknown = [p for p in projects if p not in known]
        if unknown:
            problems.append(
                Problem.in_table(
                    table.location(row.number, "projects"),
                    f"unknown project(s) {', '.join(map(repr, unknown))}",
                    "unknown-reference",
                )
            )
            continue
        if needs_points and len(points) != len(projects):
            problems.append(
                Problem.in_table(
                    table.location(row.number, "points"),
                    f"{len(points)} points for {len(projects)} projects",
                    "inconsistent",
                )
            )
            continue
        ballots.append(
            Ballot(
                voter=row["voter"],
                channel=(row["channel"] or default_channel).strip().lower(),
                projects=projects,
                points=points if needs_points else (),
                where=f"{table.source} row {row.number}",
            )
        )
    if problems:
        raise InvalidInputError(problems)
    return tuple(ballots)
