"""A CSV table of initiatives, as councils keep them in spreadsheets.

One row per initiative; ``cos`` and ``barriers`` are lists separated by ``;`` (or
``,``); a blank cell means "not given". The table is read by the one table reader
(:mod:`coprod.io.table`: encodings, delimiters, Title Case headers and aliases such
as ``Co's``, ``Existing``/``Co-design`` labels, ``1,250``), then becomes the same
document a TOML or JSON file would give, so it is validated by the same strict
converter. Services are the distinct values of the ``service`` column: an id
(``adult-social-care``) or a name (``Adult Social Care``, whose id is made from it).

Problems are reported as ``initiatives.csv row 5, column 'risk': …`` (the header is
row 1); a cell the table reader refuses is reported once, by the reader, and the
converter's checks (ranges, all four ratings or none, duplicate ids, unknown
barriers) come in the same pass for every other cell.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from coprod.errors import InvalidInputError, Problem, TableLocation
from coprod.io.table import (
    CellError,
    Column,
    TableRow,
    TableRows,
    TableSource,
    TableSpec,
    column_key,
    enum_of,
    excerpt,
    integer,
    list_of,
    number,
    read_table,
    text,
)
from coprod.model.assessment import InitiativeStatus
from coprod.model.service_model import Level
from coprod.model.star import Co
from coprod.model.text import ID_PATTERN

__all__ = [
    "CSV_COLUMNS",
    "INITIATIVES_SPEC",
    "InitiativesTable",
    "csv_location",
    "read_initiatives",
    "service_id",
    "sheet_order",
]


def service_id(value: str) -> tuple[str, str]:
    """A service cell as ``(id, name)``: an id stays itself; a name gets an id made from it.

    ``"adult-social-care"`` → ``("adult-social-care", "adult-social-care")``;
    ``"Adult Social Care"`` → ``("adult-social-care", "Adult Social Care")``. Ids are
    lower case, so ``Parks`` and ``parks`` are one service.
    """
    text(max_length=200)(value)
    ascii_ = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.casefold()).strip("-")[:100].strip("-")
    if not slug or ID_PATTERN.fullmatch(slug) is None:
        raise CellError(
            f"cannot make a service id from {excerpt(value)}: give an id of letters, "
            "digits, '.', '_' or '-'"
        )
    return slug, value


def _involvement(value: str) -> Level | int:
    if re.fullmatch(r"[+-]?[0-9]+", value, re.ASCII):
        return integer()(value)
    return enum_of(Level)(value)


_COS = list_of(
    enum_of(
        Co,
        labels={
            Co.COMMISSIONING: ("commissioning",),
            Co.DESIGN: ("design",),
            Co.DELIVERY: ("delivery",),
            Co.ASSESSMENT: ("assessment",),
        },
    ),
    separators=";,",
)

_RATINGS = ("investment", "risk", "savings", "outcomes")
_RESOURCES = ("public_before", "public_after", "community_before", "community_after")

#: The initiatives table: the first four columns are required; other columns are
#: an error (a misspelt column must not be silently dropped).
INITIATIVES_SPEC = TableSpec(
    "initiatives",
    (
        Column("id", text(), aliases=("initiative id", "ref"), description="an id"),
        Column("name", text(), aliases=("initiative", "initiative name", "title")),
        Column("service", service_id, aliases=("service area",), description="id or name"),
        Column("cos", _COS, aliases=("Co's", "co", "co-production", "the four cos")),
        Column("status", enum_of(InitiativeStatus), required=False),
        Column("user_involvement", _involvement, aliases=("users",), required=False),
        Column(
            "professional_involvement", _involvement, aliases=("professionals",), required=False
        ),
        *(Column(name, integer(), required=False) for name in _RATINGS),
        *(Column(name, number(), required=False) for name in _RESOURCES),
        Column("barriers", list_of(text(), separators=";,"), required=False),
        Column("volunteer_hours", number(), aliases=("hours",), required=False),
        Column("description", text(), required=False),
        Column("website", text(), aliases=("url", "web"), required=False),
    ),
)

#: The columns a CSV of initiatives may have; the first four are required.
CSV_COLUMNS = tuple(column.name for column in INITIATIVES_SPEC.columns)


@attrs.frozen
class InitiativesTable:
    """An initiatives table read into an assessment document, and how to point into it."""

    document: Mapping[str, Any]
    #: The table reader's problems (cells it refused), already located.
    problems: tuple[Problem, ...]
    table: TableRows
    #: The spreadsheet row of each initiative of the document.
    rows: tuple[int, ...]
    #: Per initiative, the columns whose cells the reader refused (reported already).
    failed: tuple[frozenset[str], ...]

    def locate(self, problem: Problem) -> Problem | None:
        """A converter problem at its cell, or ``None`` when the reader reported that cell."""
        where = csv_location(problem.where, self.table, self.rows)
        if where is None:
            return Problem(
                f"{self.table.source}: {problem.where}", problem.message, code=problem.code
            )
        index, cell = where
        if cell.column is not None and index is not None and index < len(self.failed):
            column = _column_of(self.table, cell.column)
            if column in self.failed[index]:
                return None
        message = _ROW_REFERENCE.sub(lambda m: _row_of(self.rows, int(m.group(1))), problem.message)
        return Problem.in_table(cell, message, problem.code)


_ROW_REFERENCE = re.compile(r"\$\.initiatives\[(\d+)\]")


def _row_of(rows: Sequence[int], index: int) -> str:
    return f"row {rows[index]}" if index < len(rows) else f"initiative {index + 1}"


def _column_of(table: TableRows, header: str) -> str:
    for column, written in table.headers.items():
        if written == header:
            return column
    return header


def sheet_order(problem: Problem) -> tuple[int, int]:
    """Sort key: a problem's row, then its column's place in :data:`CSV_COLUMNS`."""
    cell = problem.cell
    if cell is None:
        return (10**12, 0)
    row = cell.row if cell.row is not None else 10**12
    key = column_key(cell.column or "")
    for position, column in enumerate(INITIATIVES_SPEC.columns):
        if key in {column_key(c) for c in (column.name, *column.aliases)}:
            return (row, position)
    return (row, len(CSV_COLUMNS))


def csv_location(
    where: str, table: TableRows, rows: Sequence[int]
) -> tuple[int | None, TableLocation] | None:
    """Translate a document path (``$.initiatives[3].ratings.risk``) to a table cell.

    Returns the initiative's index and the cell, or ``None`` for a path outside the
    initiatives. ``rows[i]`` is the spreadsheet row of initiative ``i``.
    """
    match = re.match(r"\$\.initiatives\[(\d+)\](?:\.(\w+))?(?:\.(\w+))?", where)
    if match is None:
        if where.startswith("$.services"):
            # Services are made from the service column; a problem there is the column's.
            return None, TableLocation(table.source, None, table.headers.get("service"))
        return None
    index, field, sub = int(match.group(1)), match.group(2), match.group(3)
    row = rows[index] if index < len(rows) else None
    column = sub if field in ("ratings", "resources") and sub else field
    if column is None:
        return index, TableLocation(table.source, row)
    return index, TableLocation(table.source, row, table.headers.get(column, column))


def read_initiatives(
    source: TableSource,
    *,
    organisation: str,
    name: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> InitiativesTable:
    """Read an initiatives table into an assessment document for the converter.

    Raises :class:`~coprod.errors.InvalidInputError` when the table cannot be read
    at all (encoding, CSV syntax, header). Cells the reader refuses are returned as
    :attr:`InitiativesTable.problems`, and given to the converter as their text so
    that its other checks still run.
    """
    problems: list[Problem] = []
    table = read_table(
        source,
        INITIATIVES_SPEC,
        name=name,
        encoding=encoding,
        delimiter=delimiter,
        problems=problems,
        keep_failed=True,
    )
    if not table.columns or any(p.code in ("duplicate-column", "missing-column") for p in problems):
        # Without its required columns no initiative can be built; the cells of
        # known columns beside an unknown one are still checked below.
        raise InvalidInputError(problems)
    if any(p.code == "unknown-column" for p in problems) and not all(
        name in table.columns for name in CSV_COLUMNS[:4]
    ):
        raise InvalidInputError(problems)
    initiatives: list[dict[str, Any]] = []
    services: dict[str, str] = {}
    rows: list[int] = []
    failed: list[frozenset[str]] = []
    for row in table.rows:
        values = row.values
        initiative: dict[str, Any] = {}

        def put(
            key: str,
            column: str,
            convert: Callable[[Any], Any] = lambda v: v,
            row: TableRow = row,
            initiative: dict[str, Any] = initiative,
        ) -> None:
            if column in row.failed:
                if row.failed[column]:
                    initiative[key] = row.failed[column]  # the converter refuses it too
            elif row.values[column] is not None:
                initiative[key] = convert(row.values[column])

        for column in ("id", "name", "description", "website"):
            put(column, column)
        put("service", "service", lambda pair: pair[0])
        if "service" not in row.failed and values["service"] is not None:
            service, shown = values["service"]
            if service not in services or services[service] == service:
                services[service] = shown
        put("status", "status", lambda member: member.value)
        put("cos", "cos", lambda cos: [co.value for co in cos])
        initiative.setdefault("cos", [])
        put("barriers", "barriers", list)
        for column in ("user_involvement", "professional_involvement"):
            put(column, column, lambda v: v.value if isinstance(v, Level) else v)
        for group, names in (("ratings", _RATINGS), ("resources", _RESOURCES)):
            part: dict[str, Any] = {}
            for column in names:
                if column in row.failed:
                    part[column] = row.failed[column]
                elif values[column] is not None:
                    part[column] = values[column]
            if part:
                initiative[group] = part
        put("volunteer_hours", "volunteer_hours")
        initiatives.append(initiative)
        rows.append(row.number)
        failed.append(frozenset(row.failed))
    document = {
        "organisation": {"name": organisation},
        "services": [{"id": key, "name": shown} for key, shown in services.items()],
        "initiatives": initiatives,
    }
    return InitiativesTable(
        document=document,
        problems=tuple(problems),
        table=table,
        rows=tuple(rows),
        failed=tuple(failed),
    )
