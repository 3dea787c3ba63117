"""Reading survey files: CSV in long or wide layout, into the pure survey values.

The layouts (see ``docs/surveys.md``):

* attitude survey (``002_ea409380ef17158f.txt``, Tables 1 and 2)
    - **long**: columns ``respondent,cohort,statement,response``, one row per answer;
    - **wide**: one row per respondent: a ``cohort`` column, an optional
      ``respondent`` column, and one column per statement.
* budget allocation (``001_10471c76f715a525.txt``, "Some pilot responses!")
    - **long**: columns ``respondent,factor,percent`` and optionally ``barriers``;
    - **wide**, like the seed's table: the first column names the factor, then one
      column per respondent; a column headed ``AVG``, ``average`` or ``mean`` is
      computed, so it is not a respondent (its values are checked against the means);
      a column headed ``barriers`` tags factors with barrier ids.

``layout="auto"`` picks long when the header has a ``statement`` column
(attitude) or a ``percent`` column (allocation), and wide otherwise. Files are read
by the one table reader, :mod:`coprod.io.table` (encodings, delimiters, strict CSV,
headers matched ignoring case, spaces and punctuation; ``docs/format.md``, "Reading
tables"). Rows are numbered as a spreadsheet shows them, the header being row 1;
blank rows are skipped. Every problem in a file is reported, each with its file,
row and column, in one :class:`~coprod.errors.InvalidInputError`. The long layouts
have fixed columns, and another column is an error; in the wide layouts every
other column is data (a statement, a respondent).
"""

from __future__ import annotations

import io
import re
from collections.abc import Set
from decimal import Decimal
from fractions import Fraction
from typing import Literal

import attrs

from coprod.errors import InvalidInputError, Problem, TableLocation
from coprod.io.table import (
    RawTable,
    TableSource,
    column_key,
    column_letter,
    read_cells,
    suggest,
    unnamed_column_problems,
)
from coprod.io.table import decode as _decode
from coprod.surveys._numbers import parse_decimal
from coprod.surveys._text import ID_PATTERN, clean_label, show
from coprod.surveys.allocation import AllocationSurvey, total_problems
from coprod.surveys.likert import LikertLevel, LikertResponse, LikertSurvey, parse_level

__all__ = [
    "Layout",
    "decode",
    "parse_allocation",
    "parse_barrier_tags",
    "parse_likert",
    "read_allocation",
    "read_barrier_tags",
    "read_likert",
]

#: Which layout a file is in; ``"auto"`` decides from the header.
Layout = Literal["auto", "long", "wide"]

_LONG_LIKERT = ("respondent", "cohort", "statement", "response")
_LONG_ALLOCATION = ("respondent", "factor", "percent")
#: Labels other scales use for the middle point, read as "not sure" (the R
#: package likert's data: ``Neutral`` in mass.csv, ``Neither`` in sasr.csv).
_LEVEL_ALIASES = {
    "neutral": LikertLevel.NOT_SURE,
    "neither": LikertLevel.NOT_SURE,
    "neitheragreenordisagree": LikertLevel.NOT_SURE,
    "undecided": LikertLevel.NOT_SURE,
}
_AVERAGE_HEADERS = frozenset({"avg", "average", "mean"})
_BARRIER_HEADERS = frozenset({"barriers", "barrier", "barrierids"})
_TAG_SEPARATORS = re.compile(r"[;,\s]+")


def decode(data: bytes, source: str, *, encoding: str | None = None) -> str:
    """Decode a survey file's bytes (see :func:`coprod.io.table.decode`).

    UTF-8 (BOM optional) or BOM-marked UTF-16; other encodings need ``encoding``
    (e.g. ``"cp1252"`` for an old Excel "CSV" export). Undecodable bytes, an unknown
    codec or one that is not a text encoding raise
    :class:`~coprod.errors.InvalidInputError` naming ``source``.
    """
    return _decode(data, source, encoding=encoding)[0]


def _key(text: str) -> str:
    """A header cell as a key (``' Cohort '`` → ``'cohort'``; see :func:`column_key`)."""
    return column_key(text)


def _text_table(text: str, delimiter: str | None) -> RawTable:
    """The table of ``text`` (from :func:`parse_likert` and friends: no file name)."""
    return read_cells(io.StringIO(text, newline=""), name="", delimiter=delimiter)


def _row(table: RawTable, row: int) -> TableLocation:
    return table.location(row)


def _at(
    table: RawTable, row: int, index: int, message: str, code: str = "invalid-value"
) -> Problem:
    return table.problem(row, index, message, code)


def _cell_label(
    table: RawTable, row: int, index: int, cells: tuple[str, ...], problems: list[Problem]
) -> str:
    try:
        return clean_label(cells[index])
    except ValueError as error:
        problems.append(_at(table, row, index, str(error), getattr(error, "code", "invalid-value")))
        return ""


def _unnamed_column_problems(table: RawTable, used: Set[int]) -> list[Problem]:
    """A problem for each column without a header (and not otherwise used) that has data."""
    problems = []
    for index, name in enumerate(table.header):
        if not name and index not in used:
            problems.extend(unnamed_column_problems(table, index))
    return problems


def _find_columns(
    table: RawTable,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    problems: list[Problem],
) -> dict[str, int]:
    """Map required and optional column keys to indexes; report missing and unexpected ones."""
    found: dict[str, int] = {}
    suggested: dict[str, int] = {}
    for index, name in enumerate(table.header):
        key = _key(name)
        if not key:
            continue
        if key in found:
            problems.append(
                _at(
                    table,
                    table.header_row,
                    index,
                    f"appears twice (also column {column_letter(found[key])})",
                    "duplicate-column",
                )
            )
        elif key in required or key in optional:
            found[key] = index
        else:
            expected = ", ".join(required + optional)
            hint = suggest(name, required + optional)
            if hint:
                suggested.setdefault(hint.split("'")[1], index)
            problems.append(
                _at(
                    table,
                    table.header_row,
                    index,
                    f"unexpected column{hint} (this layout has the columns {expected})",
                    "unknown-column",
                )
            )
    # A misspelt header is one problem: its suggestion stands for "missing".
    missing = [key for key in required if key not in found and key not in suggested]
    # Its cells are still checked, read as the column it was meant to be: the header
    # problem stops the file anyway, and every other problem comes in the same pass.
    for key, index in suggested.items():
        found.setdefault(key, index)
    if missing:
        problems.append(
            Problem.in_table(
                _row(table, table.header_row),
                "missing column"
                + ("s " if len(missing) > 1 else " ")
                + ", ".join(repr(m) for m in missing),
                "missing-column",
            )
        )
    problems.extend(_unnamed_column_problems(table, set(found.values())))
    return found


def _choose_layout(layout: Layout, table: RawTable, marker: str) -> Literal["long", "wide"]:
    if layout == "auto":
        return "long" if any(_key(name) == marker for name in table.header) else "wide"
    if layout not in ("long", "wide"):
        raise ValueError(f"layout must be 'auto', 'long' or 'wide', got {layout!r}")
    return layout


def _raise_if(problems: list[Problem]) -> None:
    if problems:
        raise InvalidInputError(problems)


# --------------------------------------------------------------------------- attitude


def parse_likert(
    text: str,
    *,
    layout: Layout = "auto",
    delimiter: str | None = None,
    default_cohort: str | None = None,
    cohort_column: str | None = None,
) -> LikertSurvey:
    """Parse attitude-survey responses from CSV text (``002_ea409380ef17158f.txt``).

    Long layout: ``respondent,cohort,statement,response``. Wide layout: a ``cohort``
    column (another column when ``cohort_column`` names it, say ``"Gender"``; or
    ``default_cohort`` for files without one), an optional ``respondent`` column
    (rows without one are named ``row N``), one column per statement. Responses are
    labels or codes 5…1 (:func:`~coprod.surveys.likert.parse_level`; ``Neutral`` and
    ``Neither`` are read as "not sure"); blank is no answer. Cohorts and statements
    keep their order of first appearance.
    """
    return _likert(_text_table(text, delimiter), layout, default_cohort, cohort_column)


def _likert(
    table: RawTable, layout: Layout, default_cohort: str | None, cohort_column: str | None
) -> LikertSurvey:
    problems: list[Problem] = []
    if cohort_column is None and _choose_layout(layout, table, "statement") == "long":
        responses = _likert_long(table, problems)
    else:
        responses = _likert_wide(table, default_cohort, cohort_column, problems)
    if not responses and not problems:
        problems.append(
            Problem.in_table(
                _row(table, table.header_row + 1), "no responses after the header", "empty"
            )
        )
    _raise_if(problems)
    return LikertSurvey.from_responses(responses)


def _level(
    table: RawTable, row: int, index: int, cell: str, problems: list[Problem]
) -> LikertLevel | None:
    alias = _LEVEL_ALIASES.get(_key(cell))
    if alias is not None:
        return alias
    try:
        return parse_level(cell)
    except ValueError as error:
        hint = suggest(cell, [level.value for level in LikertLevel])
        problems.append(_at(table, row, index, f"{error}{hint}", "unknown-value"))
        return None


def _likert_long(table: RawTable, problems: list[Problem]) -> list[LikertResponse]:
    columns = _find_columns(table, _LONG_LIKERT, (), problems)
    if len(columns) < len(_LONG_LIKERT):
        return []
    responses = []
    first_row: dict[tuple[str, str, str], int] = {}
    for number, cells in table.rows:
        values = {}
        for key in ("respondent", "cohort", "statement"):
            values[key] = _cell_label(table, number, columns[key], cells, problems)
            if not values[key] and cells[columns[key]].strip() == "":
                problems.append(
                    _at(table, number, columns[key], f"{key} is blank", "missing-value")
                )
        level = _level(table, number, columns["response"], cells[columns["response"]], problems)
        respondent, cohort, statement = values["respondent"], values["cohort"], values["statement"]
        if not (respondent and cohort and statement):
            continue
        answer = (cohort, respondent, statement)
        if answer in first_row:
            problems.append(
                Problem.in_table(
                    _row(table, number),
                    f"respondent {show(respondent)} of cohort {show(cohort)} already answered "
                    f"this statement in row {first_row[answer]}",
                    "duplicate",
                )
            )
            continue
        first_row[answer] = number
        responses.append(LikertResponse(respondent, cohort, statement, level))
    return responses


def _likert_wide(
    table: RawTable,
    default_cohort: str | None,
    cohort_header: str | None,
    problems: list[Problem],
) -> list[LikertResponse]:
    respondent_column = cohort_column = None
    statements: dict[int, str] = {}
    seen: dict[str, int] = {}
    cohort_key = _key(cohort_header) if cohort_header is not None else "cohort"
    if cohort_header is not None and cohort_key not in {_key(name) for name in table.header}:
        problems.append(
            Problem.in_table(
                TableLocation(table.source, table.header_row, cohort_header),
                f"no column {show(cohort_header)} for the cohort"
                + suggest(cohort_header, table.header),
                "missing-column",
            )
        )
        return []
    for index, name in enumerate(table.header):
        key = _key(name)
        if key == "respondent" and respondent_column is None:
            respondent_column = index
        elif key == cohort_key and cohort_column is None:
            cohort_column = index
        elif key in ("respondent", cohort_key):
            problems.append(
                _at(table, table.header_row, index, "appears twice", "duplicate-column")
            )
        elif name:
            if name in seen:
                problems.append(
                    _at(
                        table,
                        table.header_row,
                        index,
                        f"statement appears twice (also column {column_letter(seen[name])})",
                        "duplicate-column",
                    )
                )
            else:
                seen[name] = index
                statements[index] = name
    used = set(statements) | {i for i in (respondent_column, cohort_column) if i is not None}
    problems.extend(_unnamed_column_problems(table, used))
    default = ""
    if default_cohort is not None:
        try:
            default = clean_label(default_cohort)
        except ValueError as error:
            problems.append(Problem("default cohort", str(error), code="invalid-option"))
            return []
    if cohort_column is None and not default:
        problems.append(
            Problem.in_table(
                _row(table, table.header_row),
                "no 'cohort' column: add one, or name the cohort of the whole file (--cohort NAME)",
                "missing-column",
            )
        )
        return []
    if not statements:
        problems.append(
            Problem.in_table(_row(table, table.header_row), "no statement columns", "empty")
        )
        return []
    responses = []
    first_row: dict[tuple[str, str], int] = {}
    for number, cells in table.rows:
        cohort = default
        if cohort_column is not None and cells[cohort_column].strip():
            cohort = _cell_label(table, number, cohort_column, cells, problems)
        if not cohort:
            if cohort_column is not None and not cells[cohort_column].strip():
                problems.append(
                    _at(table, number, cohort_column, "cohort is blank", "missing-value")
                )
            continue
        respondent = ""
        if respondent_column is not None:
            respondent = _cell_label(table, number, respondent_column, cells, problems)
        respondent = respondent or f"row {number}"
        if (cohort, respondent) in first_row:
            assert respondent_column is not None
            problems.append(
                _at(
                    table,
                    number,
                    respondent_column,
                    f"respondent {show(respondent)} of cohort {show(cohort)} is already in row "
                    f"{first_row[cohort, respondent]}",
                    "duplicate",
                )
            )
            continue
        first_row[cohort, respondent] = number
        for index, statement in statements.items():
            level = _level(table, number, index, cells[index], problems)
            responses.append(LikertResponse(respondent, cohort, statement, level))
    return responses


# --------------------------------------------------------------------- allocation


def _tags(
    table: RawTable, row: int, index: int, cell: str, problems: list[Problem]
) -> tuple[str, ...]:
    """Barrier ids in a cell, separated by ``;``, ``,`` or spaces."""
    tags = tuple(tag for tag in _TAG_SEPARATORS.split(cell.strip()) if tag)
    for tag in tags:
        if ID_PATTERN.fullmatch(tag) is None:
            problems.append(
                _at(
                    table,
                    row,
                    index,
                    f"{show(tag)} is not a barrier id (letters, digits, '.', '_', '-')",
                )
            )
    return tuple(dict.fromkeys(tags))


def _percent(table: RawTable, row: int, index: int, cell: str, problems: list[Problem]) -> Fraction:
    if not cell.strip():
        return Fraction(0)
    try:
        return Fraction(parse_decimal(cell))
    except ValueError as error:
        hint = ""
        if _DECIMAL_COMMA.fullmatch(cell.strip()):
            hint = f" (a decimal comma: did you mean {cell.strip().replace(',', '.')}?)"
        problems.append(_at(table, row, index, f"{error}{hint}"))
        return Fraction(0)


_DECIMAL_COMMA = re.compile(r"[0-9]+,[0-9]+%?", re.ASCII)


def parse_allocation(
    text: str,
    *,
    layout: Layout = "auto",
    delimiter: str | None = None,
    known_barriers: Set[str] | None = None,
) -> AllocationSurvey:
    """Parse budget allocations from CSV text (``001_10471c76f715a525.txt``).

    Long layout: ``respondent,factor,percent`` (optional ``barriers``). Wide layout:
    the seed's table, factors down the first column and respondents across; an
    ``AVG`` column is kept as :attr:`~AllocationSurvey.stated_means` and a
    ``barriers`` column tags factors. Blank or missing values are 0; values must be
    numbers from 0 to 100 (``%`` allowed) and each respondent must total 100 ± 0.5.
    Barrier ids are checked against ``known_barriers`` when it is given.
    """
    return _allocation(_text_table(text, delimiter), layout, known_barriers)


def _allocation(
    table: RawTable, layout: Layout, known_barriers: Set[str] | None
) -> AllocationSurvey:
    problems: list[Problem] = []
    if _choose_layout(layout, table, "percent") == "long":
        parsed = _allocation_long(table, problems)
    else:
        parsed = _allocation_wide(table, problems)
    factors, respondents, rows = parsed.factors, parsed.respondents, parsed.rows
    if known_barriers is not None:
        for factor, tags in zip(factors, parsed.barriers, strict=True):
            for tag in tags:
                if tag not in known_barriers:
                    problems.append(
                        Problem(
                            f"factor {show(factor)}",
                            f"unknown barrier id {show(tag)}"
                            + suggest(tag, sorted(known_barriers)),
                            code="unknown-reference",
                        )
                    )
    if not factors and not problems:
        problems.append(
            Problem.in_table(
                _row(table, table.header_row + 1), "no factors after the header", "empty"
            )
        )
    if not respondents and not problems:
        problems.append(Problem.in_table(_row(table, table.header_row), "no respondents", "empty"))
    if factors and respondents:
        good = [j for j, name in enumerate(respondents) if name not in parsed.bad_respondents]
        totals = [sum((row[j] for row in rows), Fraction(0)) for j in good]
        problems.extend(
            p.with_code("inconsistent")
            for p in total_problems([respondents[j] for j in good], totals)
        )
    _raise_if(problems)
    return AllocationSurvey(
        factors=factors,
        respondents=respondents,
        allocations=rows,
        barriers=parsed.barriers,
        stated_means=parsed.stated,
    )


@attrs.frozen
class _Parsed:
    """What a layout reader found, before the totals are checked."""

    factors: tuple[str, ...] = ()
    respondents: tuple[str, ...] = ()
    rows: tuple[tuple[Fraction, ...], ...] = ()
    barriers: tuple[tuple[str, ...], ...] = ()
    stated: tuple[Decimal | None, ...] = ()
    #: Respondents with a bad cell: their totals are unknown, so not checked.
    bad_respondents: frozenset[str] = frozenset()


def _allocation_wide(table: RawTable, problems: list[Problem]) -> _Parsed:
    respondents: dict[int, str] = {}
    seen: dict[str, int] = {}
    average_column = barrier_column = None
    for index, name in enumerate(table.header[1:], start=1):
        key = _key(name)
        if key in _AVERAGE_HEADERS and average_column is None:
            average_column = index
        elif key in _BARRIER_HEADERS and barrier_column is None:
            barrier_column = index
        elif name:
            if name in seen:
                problems.append(
                    _at(
                        table,
                        table.header_row,
                        index,
                        f"respondent appears twice (also column {column_letter(seen[name])})",
                        "duplicate-column",
                    )
                )
            else:
                seen[name] = index
                respondents[index] = name
    used = {0} | set(respondents)
    used |= {i for i in (average_column, barrier_column) if i is not None}
    problems.extend(_unnamed_column_problems(table, used))
    factors: list[str] = []
    factor_rows: dict[str, int] = {}
    rows: list[list[Fraction]] = []
    barriers: list[tuple[str, ...]] = []
    stated: list[Decimal | None] = []
    bad: set[str] = set()
    for number, cells in table.rows:
        factor = _cell_label(table, number, 0, cells, problems)
        if not factor:
            if not cells[0].strip():
                problems.append(_at(table, number, 0, "factor name is blank", "missing-value"))
            continue
        if factor in factor_rows:
            problems.append(
                _at(
                    table,
                    number,
                    0,
                    f"factor {show(factor)} is already in row {factor_rows[factor]}",
                    "duplicate",
                )
            )
            continue
        factor_rows[factor] = number
        factors.append(factor)
        values = []
        for index, respondent in respondents.items():
            before = len(problems)
            values.append(_percent(table, number, index, cells[index], problems))
            if len(problems) > before:
                bad.add(respondent)
        rows.append(values)
        barriers.append(
            ()
            if barrier_column is None
            else _tags(table, number, barrier_column, cells[barrier_column], problems)
        )
        if average_column is not None:
            stated.append(_stated(table, number, average_column, cells[average_column], problems))
    return _Parsed(
        factors=tuple(factors),
        respondents=tuple(respondents.values()),
        rows=tuple(tuple(row) for row in rows),
        barriers=tuple(barriers),
        stated=tuple(stated),
        bad_respondents=frozenset(bad),
    )


def _stated(
    table: RawTable, row: int, index: int, cell: str, problems: list[Problem]
) -> Decimal | None:
    if not cell.strip():
        return None
    try:
        return parse_decimal(cell)
    except ValueError as error:
        problems.append(_at(table, row, index, f"average: {error}"))
        return None


def _allocation_long(table: RawTable, problems: list[Problem]) -> _Parsed:
    columns = _find_columns(table, _LONG_ALLOCATION, ("barriers",), problems)
    if any(key not in columns for key in _LONG_ALLOCATION):
        return _Parsed()
    factors: dict[str, int] = {}
    respondents: dict[str, int] = {}
    values: dict[tuple[str, str], Fraction] = {}
    first_row: dict[tuple[str, str], int] = {}
    tags: dict[str, tuple[tuple[str, ...], int]] = {}
    bad: set[str] = set()
    for number, cells in table.rows:
        respondent = _cell_label(table, number, columns["respondent"], cells, problems)
        factor = _cell_label(table, number, columns["factor"], cells, problems)
        for key, value in (("respondent", respondent), ("factor", factor)):
            if not value and not cells[columns[key]].strip():
                problems.append(_at(table, number, columns[key], f"{key} is blank"))
        before = len(problems)
        percent = _percent(table, number, columns["percent"], cells[columns["percent"]], problems)
        if not (respondent and factor):
            continue
        if len(problems) > before:
            bad.add(respondent)
        respondents.setdefault(respondent, number)
        factors.setdefault(factor, number)
        if (respondent, factor) in first_row:
            problems.append(
                Problem.in_table(
                    _row(table, number),
                    f"respondent {show(respondent)} already gave factor {show(factor)} a value "
                    f"in row {first_row[respondent, factor]}",
                )
            )
            bad.add(respondent)
            continue
        first_row[respondent, factor] = number
        values[respondent, factor] = percent
        if "barriers" in columns and cells[columns["barriers"]].strip():
            index = columns["barriers"]
            given = _tags(table, number, index, cells[index], problems)
            if factor in tags and tags[factor][0] != given:
                problems.append(
                    _at(
                        table,
                        number,
                        index,
                        f"factor {show(factor)} was tagged differently in row {tags[factor][1]}",
                    )
                )
            tags.setdefault(factor, (given, number))
    factor_names = tuple(factors)
    respondent_names = tuple(respondents)
    return _Parsed(
        factors=factor_names,
        respondents=respondent_names,
        rows=tuple(
            tuple(values.get((r, f), Fraction(0)) for r in respondent_names) for f in factor_names
        ),
        barriers=tuple(tags.get(f, ((), 0))[0] for f in factor_names),
        bad_respondents=frozenset(bad),
    )


# --------------------------------------------------------------------- barrier tags


def parse_barrier_tags(text: str, *, delimiter: str | None = None) -> dict[str, tuple[str, ...]]:
    """Parse a factor → barrier ids mapping: CSV with columns ``factor,barriers``.

    ``barriers`` holds ids separated by ``;``, ``,`` or spaces (a comma needs the cell
    quoted). The result feeds :func:`~coprod.surveys.allocation.with_barriers`.
    (Barrier taxonomy: ``001_10471c76f715a525.txt``.)
    """
    return _barrier_tags(_text_table(text, delimiter))


def _barrier_tags(table: RawTable) -> dict[str, tuple[str, ...]]:
    problems: list[Problem] = []
    columns = _find_columns(table, ("factor", "barriers"), (), problems)
    mapping: dict[str, tuple[str, ...]] = {}
    rows: dict[str, int] = {}
    if len(columns) == 2:
        for number, cells in table.rows:
            factor = _cell_label(table, number, columns["factor"], cells, problems)
            if not factor:
                if not cells[columns["factor"]].strip():
                    problems.append(
                        _at(table, number, columns["factor"], "factor is blank", "missing-value")
                    )
                continue
            if factor in rows:
                problems.append(
                    _at(
                        table,
                        number,
                        columns["factor"],
                        f"factor {show(factor)} is already in row {rows[factor]}",
                        "duplicate",
                    )
                )
                continue
            rows[factor] = number
            index = columns["barriers"]
            mapping[factor] = _tags(table, number, index, cells[index], problems)
    _raise_if(problems)
    return mapping


# --------------------------------------------------------------------- from files


def read_likert(
    source: TableSource,
    *,
    layout: Layout = "auto",
    delimiter: str | None = None,
    default_cohort: str | None = None,
    cohort_column: str | None = None,
    encoding: str | None = None,
    name: str | None = None,
) -> LikertSurvey:
    """Read an attitude survey (``002_…``); see :func:`parse_likert`.

    ``source`` is a path (``-`` for stdin), bytes, text or an open file (see
    :mod:`coprod.io.table`); ``name`` names it in messages (default: the file name).
    """
    table = read_cells(source, name=name, delimiter=delimiter, encoding=encoding)
    return _likert(table, layout, default_cohort, cohort_column)


def read_allocation(
    source: TableSource,
    *,
    layout: Layout = "auto",
    delimiter: str | None = None,
    known_barriers: Set[str] | None = None,
    encoding: str | None = None,
    name: str | None = None,
) -> AllocationSurvey:
    """Read a budget-allocation survey (``001_…``); sources as for :func:`read_likert`."""
    table = read_cells(source, name=name, delimiter=delimiter, encoding=encoding)
    return _allocation(table, layout, known_barriers)


def read_barrier_tags(
    source: TableSource,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    name: str | None = None,
) -> dict[str, tuple[str, ...]]:
    """Read a factor → barrier ids table (taxonomy of ``001_…``); see :func:`parse_barrier_tags`."""
    return _barrier_tags(read_cells(source, name=name, delimiter=delimiter, encoding=encoding))
