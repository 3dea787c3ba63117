"""Reading capabilities and needs from CSV files, with every problem named by row and column.

Sources: ``002_ea409380ef17158f.txt`` and ``003_eb91abacab6ac2c6.txt`` (a
Capabilities Assessment or Community Asset Survey records what people do now,
could do and will share), ``004_2ab9b3d444068e57.txt`` (time-bank records:
references, PVG checks, opting in and out).

The layouts are :data:`CAPABILITY_COLUMNS` and :data:`NEED_COLUMNS` (documented in
``docs/people.md``, examples under ``examples/``). Files are read by the one table
reader, :mod:`coprod.io.table` (encodings, ``;`` or tab delimiters, headers in any
case and spacing, ``docs/format.md`` "Reading tables"). Row 1 is the header;
unknown columns are rejected; blank rows are skipped. Errors never repeat a cell's
value or an unknown header (a shifted column could put a name anywhere), only the
file, row, column, what was expected and pseudonymous ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from coprod.errors import InvalidInputError, Problem, TableLocation
from coprod.io.table import (
    CellError,
    TableColumns,
    TableSource,
    TableSpec,
    column_key,
    integer,
    read_columns,
    source_name,
    suggest,
    text_pattern,
)
from coprod.io.table import Column as TableColumn
from coprod.io.table import text as plain_text
from coprod.model.text import ID_PATTERN
from coprod.people.model import (
    Capability,
    CapabilityLevel,
    Frequency,
    MatchProblem,
    Need,
    NeedPriority,
    Provider,
    ProviderKind,
    TimeSlot,
    Verification,
    _capabilities_from_columns,
    _needs_from_columns,
    _providers_from_columns,
    normalise_area,
    normalise_category,
)
from coprod.progress_callback import ProgressCallback, counted

__all__ = [
    "CAPABILITY_COLUMNS",
    "NEED_COLUMNS",
    "Column",
    "read_capabilities_csv",
    "read_match_problem",
    "read_needs_csv",
]

#: A path (``-`` for stdin), bytes, text or an open file (see :mod:`coprod.io.table`).
Source = TableSource


class _Bad(CellError):
    """A cell could not be read; the message says what was expected, never the value."""


@attrs.frozen
class Column:
    """One CSV column (``002_…`` records): name, whether required, default and meaning.

    ``aliases`` are other headers accepted for it (matched ignoring case, spaces and
    punctuation, like the name).
    """

    name: str
    required: bool
    default: str
    description: str
    aliases: tuple[str, ...] = ()


def _choices(enum_type: Any) -> str:
    return ", ".join(member.value for member in enum_type)


#: The capabilities file: one row per capability. Provider columns repeat on every
#: row of the same provider and must agree.
CAPABILITY_COLUMNS: tuple[Column, ...] = (
    Column("capability_id", True, "", "pseudonymous id of this capability, unique", ("id",)),
    Column("provider_id", True, "", "pseudonymous id of the person or organisation", ("provider",)),
    Column("provider_kind", False, "person", f"one of: {_choices(ProviderKind)}"),
    Column(
        "display_name", False, "", "optional name; personal data, shown only on request", ("name",)
    ),
    Column("category", True, "", "what they offer, e.g. 'gardening' or 'housework/bedding'"),
    Column("level", False, "does-now", f"one of: {_choices(CapabilityLevel)}"),
    Column("willing_to_share", False, "yes", "yes or no: will they share it with others"),
    Column("area", True, "", "home area, e.g. 'dunoon'"),
    Column("also_covers", False, "", "other areas separated by ';', or '*' for anywhere"),
    Column("availability", False, "any", f"'any' or slots separated by ';': {_choices(TimeSlot)}"),
    Column("capacity", False, "1", "how many needs this capability can take (0 = not now)"),
    Column("references", False, "0", "number of satisfactory references"),
    Column(
        "protection_check",
        False,
        "no",
        "yes or no: protection (PVG) check in place",
        ("pvg", "pvg check"),
    ),
    Column("consent", True, "", "yes or no: consent to be matched"),
)

#: The needs file: one row per need.
NEED_COLUMNS: tuple[Column, ...] = (
    Column("need_id", True, "", "pseudonymous id of this need, unique", ("id",)),
    Column("requester_id", True, "", "pseudonymous id of whoever has the need", ("requester",)),
    Column(
        "requester_name",
        False,
        "",
        "optional name; personal data, shown only on request",
        ("name",),
    ),
    Column("category", True, "", "what help is needed, e.g. 'gardening'"),
    Column("area", True, "", "where, e.g. 'dunoon'"),
    Column("frequency", False, "one-off", f"one of: {_choices(Frequency)}"),
    Column("verification", False, "none", f"one of: {_choices(Verification)}"),
    Column("priority", False, "normal", f"one of: {_choices(NeedPriority)}"),
    Column("when", False, "any", f"'any' or slots separated by ';': {_choices(TimeSlot)}"),
)

_PROVIDER_COLUMNS = ("provider_kind", "display_name", "references", "protection_check", "consent")

_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def _id(value: str) -> str:
    if ID_PATTERN.fullmatch(value) is None:
        raise _Bad("expected an id of 1-100 letters, digits, '.', '_' or '-'")
    return value


_TEXT = plain_text(max_length=200)


def _text(value: str) -> str | None:
    if not value:
        return None
    try:
        return _TEXT(value)
    except CellError as error:
        # The reader's message names no value: only the rule broken.
        if error.code == "control-character":
            raise _Bad("contains a control character", code=error.code) from None
        raise _Bad("expected at most 200 characters") from None


def _yes_no(value: str) -> bool:
    lowered = value.casefold()
    if lowered in _YES:
        return True
    if lowered in _NO:
        return False
    raise _Bad("expected yes or no")


_COUNT = integer(minimum=0, maximum=999_999_999)


def _count(value: str) -> int:
    # The one rule for numbers (``1,250`` is 1250), but the message names no value.
    try:
        return _COUNT(value)
    except CellError:
        raise _Bad("expected a whole number from 0 to 999999999") from None


def _enum(enum_type: Any) -> Callable[[str], Any]:
    by_key = {column_key(member.value): member for member in enum_type}
    values = [member.value for member in enum_type]

    exact = {member.value: member for member in enum_type}

    def parse(value: str) -> Any:
        member = exact.get(value) or by_key.get(column_key(value))
        if member is None:
            # The suggestion names an allowed value, never the cell's.
            raise _Bad(
                f"expected one of: {_choices(enum_type)}{suggest(value, values)}",
                code="unknown-value",
            )
        return member

    return parse


def _category(value: str) -> str:
    try:
        return normalise_category(value)
    except ValueError:
        raise _Bad(
            "expected '/'-separated labels of letters, digits, spaces or &'(),._+- "
            "(at most 80 characters each)"
        ) from None


def _area(value: str) -> str:
    try:
        return normalise_area(value)
    except ValueError:
        raise _Bad(
            "expected a label of letters, digits, spaces or &'(),._+- (at most 80)"
        ) from None


def _covers(value: str) -> tuple[bool, frozenset[str]]:
    parts = [p.strip() for p in value.split(";") if p.strip()]
    if parts == ["*"]:
        return True, frozenset()
    if "*" in parts:
        raise _Bad("expected '*' on its own, or areas separated by ';'")
    return False, frozenset(_area(p) for p in parts)


_SLOT = _enum(TimeSlot)


def _slots(value: str) -> frozenset[TimeSlot]:
    parts = [p.strip().casefold() for p in value.split(";") if p.strip()]
    if parts == ["any"]:
        return frozenset()
    slot = _SLOT
    try:
        return frozenset(slot(p) for p in parts)
    except _Bad:
        raise _Bad(
            f"expected 'any' or slots separated by ';' from: {_choices(TimeSlot)}",
            code="unknown-value",
        ) from None


#: How many distinct cells a memoised parser remembers (a column of ids would not repeat).
_MEMO_SIZE = 4096


def _memo(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """``parse``, remembering the values of cells it has seen (for columns that repeat).

    A 20k-row file holds a few hundred categories, areas and slot lists: parsing each
    once rather than per row is most of the reader's time. Only successful parses are
    kept (a bad cell raises again, with its message); the values are immutable (str,
    enums, frozensets, tuples of them), so sharing them is safe.
    """
    seen: dict[str, Any] = {}

    def parse_once(value: str) -> Any:
        try:
            return seen[value]
        except KeyError:
            parsed = parse(value)
            if len(seen) < _MEMO_SIZE:
                seen[value] = parsed
            return parsed

    return parse_once


_CAPABILITY_PARSERS: Mapping[str, Callable[[str], Any]] = {
    "capability_id": _id,
    "provider_id": _id,
    "provider_kind": _memo(_enum(ProviderKind)),
    "display_name": _text,
    "category": _memo(_category),
    "level": _memo(_enum(CapabilityLevel)),
    "willing_to_share": _memo(_yes_no),
    "area": _memo(_area),
    "also_covers": _memo(_covers),
    "availability": _memo(_slots),
    "capacity": _memo(_count),
    "references": _memo(_count),
    "protection_check": _memo(_yes_no),
    "consent": _memo(_yes_no),
}

_NEED_PARSERS: Mapping[str, Callable[[str], Any]] = {
    "need_id": _id,
    "requester_id": _id,
    "requester_name": _text,
    "category": _memo(_category),
    "area": _memo(_area),
    "frequency": _memo(_enum(Frequency)),
    "verification": _memo(_enum(Verification)),
    "priority": _memo(_enum(NeedPriority)),
    "when": _memo(_slots),
}


#: Columns whose cells are ids (unique on every row): the others repeat, and the
#: table reader parses each distinct cell of them once.
_UNIQUE = frozenset(
    {"capability_id", "provider_id", "display_name", "need_id", "requester_id", "requester_name"}
)


#: The cells _id and _text give back as they are (the table reader checks a column of
#: them with the pattern).
_PLAIN: Mapping[Callable[[str], Any], re.Pattern[str]] = {
    _id: ID_PATTERN,
    _text: text_pattern(max_length=200),
}


def _spec(
    name: str, columns: tuple[Column, ...], parsers: Mapping[str, Callable[[str], Any]]
) -> TableSpec:
    """The table reader's spec for a layout: defaults are parsed like cells."""
    return TableSpec(
        name,
        tuple(
            TableColumn(
                column.name,
                parsers[column.name],
                aliases=column.aliases,
                required=column.required,
                default=None if column.required else parsers[column.name](column.default),
                description=column.description,
                repeats=column.name not in _UNIQUE,
                plain=_PLAIN.get(parsers[column.name]),
            )
            for column in columns
        ),
        private=True,
    )


_CAPABILITY_SPEC = _spec("capabilities", CAPABILITY_COLUMNS, _CAPABILITY_PARSERS)
_NEED_SPEC = _spec("needs", NEED_COLUMNS, _NEED_PARSERS)


def _name_of(source: Source, name: str | None) -> str:
    return source_name(source, name)


def _columns(
    source: Source,
    name: str,
    spec: TableSpec,
    problems: list[Problem],
    encoding: str | None = None,
) -> TableColumns | None:
    """Parsed values by column; problems are appended, bad rows dropped; ``None`` if
    unreadable or a required column is missing (its problem is collected: records
    cannot be built without it, and the other file is still read for its problems)."""
    try:
        table = read_columns(source, spec, name=name, encoding=encoding, problems=problems)
    except InvalidInputError as error:
        problems.extend(error.problems)
        return None
    if any(column.required and column.name not in table.columns for column in spec.columns):
        return None
    return table


def _cell(table: TableColumns, row: int, column: str) -> TableLocation:
    return table.location(row, column)


def _no_rows(progress: ProgressCallback | None, stage: str) -> None:
    """A stage of no rows (an empty or unreadable file) is still reported, as done."""
    for _ in counted((), progress, stage, 0):  # pragma: no cover - no rows
        pass


def _pick(column: Sequence[Any], rows: Sequence[int]) -> Sequence[Any]:
    """The values of ``column`` on ``rows`` (indices in increasing order)."""
    return column if len(rows) == len(column) else [column[row] for row in rows]


def _read_capabilities(
    source: Source,
    name: str,
    problems: list[Problem],
    encoding: str | None = None,
    progress: ProgressCallback | None = None,
) -> tuple[tuple[Provider, ...], tuple[Capability, ...]]:
    table = _columns(source, name, _CAPABILITY_SPEC, problems, encoding)
    if table is None or not table.numbers:
        _no_rows(progress, "reading capabilities")
        return (), ()
    v, numbers = table.values, table.numbers
    provider_columns = [v[column] for column in _PROVIDER_COLUMNS]
    # Row indices (0-based): each provider's first row, each capability's (a
    # duplicate id is a problem and its row is left out), the rows kept.
    provider_rows: dict[str, int] = {}
    capability_rows: dict[str, int] = {}
    kept: list[int] = []
    rows = enumerate(zip(v["capability_id"], v["provider_id"], strict=True))
    for index, (capability_id, provider_id) in counted(
        rows, progress, "reading capabilities", len(numbers)
    ):
        first = provider_rows.setdefault(provider_id, index)
        if first != index:
            for column, values in zip(_PROVIDER_COLUMNS, provider_columns, strict=True):
                if values[first] != values[index]:
                    problems.append(
                        Problem.in_table(
                            _cell(table, numbers[index], column),
                            f"differs from row {numbers[first]} for provider "
                            f"{provider_id!r}; every row of a provider must agree",
                            "inconsistent",
                        )
                    )
        before = capability_rows.setdefault(capability_id, index)
        if before != index:
            problems.append(
                Problem.in_table(
                    _cell(table, numbers[index], "capability_id"),
                    f"duplicate id {capability_id!r} (first on row {numbers[before]})",
                    "duplicate",
                )
            )
        else:
            kept.append(index)
    # The records, built a column at a time (fields in order).
    firsts = list(provider_rows.values())
    providers = _providers_from_columns(
        *(_pick(v[column], firsts) for column in ("provider_id", *_PROVIDER_COLUMNS))
    )
    anywhere, covers = zip(*_pick(v["also_covers"], kept), strict=True)
    capabilities = _capabilities_from_columns(
        _pick(v["capability_id"], kept),
        _pick(v["provider_id"], kept),
        _pick(v["category"], kept),
        _pick(v["area"], kept),
        _pick(v["level"], kept),
        _pick(v["willing_to_share"], kept),
        covers,
        anywhere,
        _pick(v["availability"], kept),
        _pick(v["capacity"], kept),
    )
    return tuple(providers), tuple(capabilities)


def _read_needs(
    source: Source,
    name: str,
    problems: list[Problem],
    encoding: str | None = None,
    progress: ProgressCallback | None = None,
) -> tuple[Need, ...]:
    table = _columns(source, name, _NEED_SPEC, problems, encoding)
    if table is None or not table.numbers:
        _no_rows(progress, "reading needs")
        return ()
    v, numbers = table.values, table.numbers
    need_rows: dict[str, int] = {}
    kept: list[int] = []
    rows = enumerate(v["need_id"])
    for index, need_id in counted(rows, progress, "reading needs", len(numbers)):
        before = need_rows.setdefault(need_id, index)
        if before != index:
            problems.append(
                Problem.in_table(
                    _cell(table, numbers[index], "need_id"),
                    f"duplicate id {need_id!r} (first on row {numbers[before]})",
                    "duplicate",
                )
            )
        else:
            kept.append(index)
    return tuple(
        _needs_from_columns(
            *(
                _pick(v[column], kept)
                for column in (
                    "need_id",
                    "requester_id",
                    "category",
                    "area",
                    "frequency",
                    "verification",
                    "priority",
                    "when",
                    "requester_name",
                )
            )
        )
    )


def read_capabilities_csv(
    source: Source, *, name: str | None = None, encoding: str | None = None
) -> tuple[tuple[Provider, ...], tuple[Capability, ...]]:
    """Providers and capabilities from a Capabilities Assessment CSV (``002_…``, ``003_…``).

    The layout is :data:`CAPABILITY_COLUMNS`.

    ``source`` is a path (``-`` for stdin), bytes, text or an open file (binary or
    text); ``name`` is the file name used in error locations (default: the path's or
    the stream's name); ``encoding`` as in :mod:`coprod.io.table`. Raises
    :class:`~coprod.errors.InvalidInputError` listing every problem in the file as
    ``capabilities.csv row 4, column 'capacity'`` (row 1 is the header).
    """
    label = _name_of(source, name)
    problems: list[Problem] = []
    result = _read_capabilities(source, label, problems, encoding)
    if problems:
        raise InvalidInputError(problems)
    return result


def read_needs_csv(
    source: Source, *, name: str | None = None, encoding: str | None = None
) -> tuple[Need, ...]:
    """Needs from a needs CSV (``004_…``; :data:`NEED_COLUMNS`); sources and errors as for
    :func:`read_capabilities_csv`."""
    label = _name_of(source, name)
    problems: list[Problem] = []
    result = _read_needs(source, label, problems, encoding)
    if problems:
        raise InvalidInputError(problems)
    return result


def read_match_problem(
    capabilities: Source,
    needs: Source,
    *,
    encoding: str | None = None,
    progress: ProgressCallback | None = None,
) -> MatchProblem:
    """A :class:`~coprod.people.MatchProblem` from capabilities and needs CSVs (``002_…``).

    Either may be a path (``-`` for stdin, not both), bytes, text or an open file.
    Problems in both files are collected before raising one
    :class:`~coprod.errors.InvalidInputError`. ``progress`` is called as
    ``progress(stage, rows done, rows)`` for ``"reading capabilities"`` and
    ``"reading needs"`` (see :mod:`coprod.progress_callback`).
    """
    problems: list[Problem] = []
    cap_name, need_name = _name_of(capabilities, None), _name_of(needs, None)
    if cap_name == need_name:
        cap_name, need_name = f"{cap_name} (capabilities)", f"{need_name} (needs)"
    providers, caps = _read_capabilities(capabilities, cap_name, problems, encoding, progress)
    need_records = _read_needs(needs, need_name, problems, encoding, progress)
    if problems:
        raise InvalidInputError(problems)
    return MatchProblem(providers=providers, capabilities=caps, needs=need_records)
