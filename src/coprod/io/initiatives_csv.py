"""A CSV table of initiatives, as councils keep them in spreadsheets.

One row per initiative; ``cos`` and ``barriers`` are ``;``-separated lists; a blank
cell means "not given". The table becomes the same document a TOML or JSON file
would give (services are the distinct values of the ``service`` column), so it is
validated by the same strict converter. Problems are reported as
``initiatives.csv row 5, column 'risk': …`` (the header is row 1).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from coprod.errors import InvalidInputError, Problem
from coprod.model.text import ID_PATTERN

__all__ = ["CSV_COLUMNS", "csv_location", "initiatives_document"]

#: The columns a CSV of initiatives may have; the first four are required.
CSV_COLUMNS = (
    "id",
    "name",
    "service",
    "cos",
    "status",
    "user_involvement",
    "professional_involvement",
    "investment",
    "risk",
    "savings",
    "outcomes",
    "public_before",
    "public_after",
    "community_before",
    "community_after",
    "barriers",
    "volunteer_hours",
    "description",
    "website",
)
_REQUIRED = CSV_COLUMNS[:4]
_RATINGS = ("investment", "risk", "savings", "outcomes")
_RESOURCES = ("public_before", "public_after", "community_before", "community_after")
_INTEGER = re.compile(r"[+-]?[0-9]+")


def csv_location(where: str, source: str, rows: Sequence[int]) -> str:
    """Translate a document path (``$.initiatives[3].ratings.risk``) to a CSV cell.

    ``rows[i]`` is the spreadsheet row number of initiative ``i``.
    """
    match = re.match(r"\$\.initiatives\[(\d+)\](?:\.(\w+))?(?:\.(\w+))?", where)
    if match is None:
        return f"{source}: {where}" if where != "$" else source
    index, field, sub = int(match.group(1)), match.group(2), match.group(3)
    row = rows[index] if index < len(rows) else index + 2
    column = sub if field in ("ratings", "resources") and sub else field
    if column is None:
        return f"{source} row {row}"
    return f"{source} row {row}, column {column!r}"


def _integer(text: str) -> int | str:
    # Kept as text when it is not an integer, so the converter reports it.
    if _INTEGER.fullmatch(text) is None:
        return text
    try:
        return int(text)
    except ValueError:  # more digits than int() converts (over 4300)
        return text


def _number(text: str) -> float | str:
    try:
        value = float(text)
    except ValueError:
        return text
    return value if math.isfinite(value) else text


def _involvement(text: str) -> int | str:
    return _integer(text) if _INTEGER.fullmatch(text) else text.lower()


def initiatives_document(
    text: str, *, organisation: str, source: str
) -> tuple[Mapping[str, Any], tuple[int, ...]]:
    """Turn CSV text into an assessment document for :func:`load_assessment`.

    Returns the document and, for each initiative, its row number in the sheet.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidInputError.single(source, "the file is empty; expected a header row") from None
    header = [h.strip() for h in header]
    problems = []
    for position, column in enumerate(header, start=1):
        if column not in CSV_COLUMNS:
            problems.append(
                Problem(
                    f"{source} row 1, column {position}",
                    f"unknown column {column!r} (allowed: {', '.join(CSV_COLUMNS)})",
                )
            )
    if len(set(header)) != len(header):
        problems.append(Problem(f"{source} row 1", "a column name is repeated"))
    for column in _REQUIRED:
        if column not in header:
            problems.append(Problem(f"{source} row 1", f"required column {column!r} is missing"))
    if problems:
        raise InvalidInputError(problems)

    initiatives: list[dict[str, Any]] = []
    rows: list[int] = []
    services: dict[str, None] = {}
    for line_index, cells in enumerate(reader):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(
                    f"{source} row {line_index + 2}",
                    f"has {len(cells)} cells but the header has {len(header)}",
                )
            )
            continue
        row = {
            column: cell.strip() for column, cell in zip(header, cells, strict=True) if cell.strip()
        }
        initiative: dict[str, Any] = {}
        for column in ("id", "name", "service", "status", "description", "website"):
            if column in row:
                initiative[column] = row[column]
        for column in ("cos", "barriers"):
            if column in row:
                initiative[column] = [p.strip() for p in row[column].split(";") if p.strip()]
        if "cos" not in initiative:
            initiative["cos"] = []
        for column in ("user_involvement", "professional_involvement"):
            if column in row:
                initiative[column] = _involvement(row[column])
        ratings = {c: _integer(row[c]) for c in _RATINGS if c in row}
        if ratings:
            initiative["ratings"] = ratings
        resources = {c: _number(row[c]) for c in _RESOURCES if c in row}
        if resources:
            initiative["resources"] = resources
        if "volunteer_hours" in row:
            initiative["volunteer_hours"] = _number(row["volunteer_hours"])
        service = initiative.get("service")
        if isinstance(service, str) and ID_PATTERN.fullmatch(service):
            # An invalid id is reported on its row; a made-up service entry would
            # only repeat it at a path that is not in the sheet.
            services.setdefault(service, None)
        initiatives.append(initiative)
        rows.append(line_index + 2)
    if problems:
        raise InvalidInputError(problems)
    document = {
        "organisation": {"name": organisation},
        "services": [{"id": s, "name": s} for s in services],
        "initiatives": initiatives,
    }
    return document, tuple(rows)
