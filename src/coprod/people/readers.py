"""Reading capabilities and needs from CSV files, with every problem named by row and column.

Sources: ``002_ea409380ef17158f.txt`` and ``003_eb91abacab6ac2c6.txt`` (a
Capabilities Assessment or Community Asset Survey records what people do now,
could do and will share), ``004_2ab9b3d444068e57.txt`` (time-bank records:
references, PVG checks, opting in and out).

The layouts are :data:`CAPABILITY_COLUMNS` and :data:`NEED_COLUMNS` (documented in
``docs/people.md``, examples under ``examples/``). Row 1 is the header; unknown
columns are rejected; blank rows are skipped. Errors never repeat a cell's value
(a shifted column could put a name anywhere), only the file, row, column, what was
expected and pseudonymous ids.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

import attrs

from coprod.errors import InvalidInputError, Problem
from coprod.model.text import ID_PATTERN
from coprod.people.model import (
    Capability,
    CapabilityLevel,
    Frequency,
    MatchProblem,
    Need,
    Priority,
    Provider,
    ProviderKind,
    TimeSlot,
    Verification,
    normalise_area,
    normalise_category,
)

__all__ = [
    "CAPABILITY_COLUMNS",
    "NEED_COLUMNS",
    "Column",
    "read_capabilities_csv",
    "read_match_problem",
    "read_needs_csv",
]

Source = str | os.PathLike[str] | TextIO


class _Bad(Exception):
    """A cell could not be read; the message says what was expected."""


@attrs.frozen
class Column:
    """One CSV column (``002_…`` records): name, whether required, default and meaning."""

    name: str
    required: bool
    default: str
    description: str


def _choices(enum_type: Any) -> str:
    return ", ".join(member.value for member in enum_type)


#: The capabilities file: one row per capability. Provider columns repeat on every
#: row of the same provider and must agree.
CAPABILITY_COLUMNS: tuple[Column, ...] = (
    Column("capability_id", True, "", "pseudonymous id of this capability, unique"),
    Column("provider_id", True, "", "pseudonymous id of the person or organisation"),
    Column("provider_kind", False, "person", f"one of: {_choices(ProviderKind)}"),
    Column("display_name", False, "", "optional name; personal data, shown only on request"),
    Column("category", True, "", "what they offer, e.g. 'gardening' or 'housework/bedding'"),
    Column("level", False, "does-now", f"one of: {_choices(CapabilityLevel)}"),
    Column("willing_to_share", False, "yes", "yes or no: will they share it with others"),
    Column("area", True, "", "home area, e.g. 'dunoon'"),
    Column("also_covers", False, "", "other areas separated by ';', or '*' for anywhere"),
    Column("availability", False, "any", f"'any' or slots separated by ';': {_choices(TimeSlot)}"),
    Column("capacity", False, "1", "how many needs this capability can take (0 = not now)"),
    Column("references", False, "0", "number of satisfactory references"),
    Column("protection_check", False, "no", "yes or no: protection (PVG) check in place"),
    Column("consent", True, "", "yes or no: consent to be matched"),
)

#: The needs file: one row per need.
NEED_COLUMNS: tuple[Column, ...] = (
    Column("need_id", True, "", "pseudonymous id of this need, unique"),
    Column("requester_id", True, "", "pseudonymous id of whoever has the need"),
    Column("requester_name", False, "", "optional name; personal data, shown only on request"),
    Column("category", True, "", "what help is needed, e.g. 'gardening'"),
    Column("area", True, "", "where, e.g. 'dunoon'"),
    Column("frequency", False, "one-off", f"one of: {_choices(Frequency)}"),
    Column("verification", False, "none", f"one of: {_choices(Verification)}"),
    Column("priority", False, "normal", f"one of: {_choices(Priority)}"),
    Column("when", False, "any", f"'any' or slots separated by ';': {_choices(TimeSlot)}"),
)

_PROVIDER_COLUMNS = ("provider_kind", "display_name", "references", "protection_check", "consent")

_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def _id(value: str) -> str:
    if ID_PATTERN.fullmatch(value) is None:
        raise _Bad("expected an id of 1-100 letters, digits, '.', '_' or '-'")
    return value


def _text(value: str) -> str | None:
    if not value:
        return None
    if len(value) > 200:
        raise _Bad("expected at most 200 characters")
    return value


def _yes_no(value: str) -> bool:
    lowered = value.lower()
    if lowered in _YES:
        return True
    if lowered in _NO:
        return False
    raise _Bad("expected yes or no")


def _count(value: str) -> int:
    # Nine digits at most: a capacity or count beyond that is a typo, and int() of a
    # many-thousand-digit string raises instead of parsing.
    if not value.isascii() or not value.isdigit() or len(value.lstrip("0")) > 9:
        raise _Bad("expected a whole number from 0 to 999999999")
    return int(value)


def _enum(enum_type: Any) -> Callable[[str], Any]:
    def parse(value: str) -> Any:
        try:
            return enum_type(value.lower())
        except ValueError:
            raise _Bad(f"expected one of: {_choices(enum_type)}") from None

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


def _slots(value: str) -> frozenset[TimeSlot]:
    parts = [p.strip().lower() for p in value.split(";") if p.strip()]
    if parts == ["any"]:
        return frozenset()
    try:
        return frozenset(TimeSlot(p) for p in parts)
    except ValueError:
        raise _Bad(f"expected 'any' or slots separated by ';' from: {_choices(TimeSlot)}") from None


_CAPABILITY_PARSERS: Mapping[str, Callable[[str], Any]] = {
    "capability_id": _id,
    "provider_id": _id,
    "provider_kind": _enum(ProviderKind),
    "display_name": _text,
    "category": _category,
    "level": _enum(CapabilityLevel),
    "willing_to_share": _yes_no,
    "area": _area,
    "also_covers": _covers,
    "availability": _slots,
    "capacity": _count,
    "references": _count,
    "protection_check": _yes_no,
    "consent": _yes_no,
}

_NEED_PARSERS: Mapping[str, Callable[[str], Any]] = {
    "need_id": _id,
    "requester_id": _id,
    "requester_name": _text,
    "category": _category,
    "area": _area,
    "frequency": _enum(Frequency),
    "verification": _enum(Verification),
    "priority": _enum(Priority),
    "when": _slots,
}


def _name_of(source: Source, name: str | None) -> str:
    if name is not None:
        return name
    if isinstance(source, (str, os.PathLike)):
        return Path(source).name
    return str(getattr(source, "name", "<stream>"))


def _text_of(source: Source, name: str, problems: list[Problem]) -> str | None:
    if isinstance(source, (str, os.PathLike)):
        data = Path(source).read_bytes()
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            problems.append(Problem(name, "is not UTF-8 text"))
            return None
    text = source.read()
    return text[1:] if text.startswith("\ufeff") else text


def _rows(
    source: Source,
    name: str,
    columns: tuple[Column, ...],
    parsers: Mapping[str, Callable[[str], Any]],
    problems: list[Problem],
) -> list[tuple[int, dict[str, Any]]]:
    """Parsed rows as (row number, values); problems are appended, bad rows dropped."""
    text = _text_of(source, name, problems)
    if text is None:
        return []
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        problems.append(Problem(name, f"is not valid CSV ({error})"))
        return []
    if not records or not any(cell.strip() for cell in records[0]):
        problems.append(Problem(f"{name} row 1", "expected a header row"))
        return []
    header = [cell.strip().lower() for cell in records[0]]
    known = {c.name: c for c in columns}
    header_ok = True
    for k, label in enumerate(header):
        if label not in known:
            problems.append(
                Problem(
                    f"{name} row 1, column {k + 1}",
                    f"unknown column; expected some of: {', '.join(known)}",
                )
            )
            header_ok = False
        elif header.index(label) != k:
            problems.append(Problem(f"{name} row 1, column '{label}'", "appears twice"))
            header_ok = False
    for column in columns:
        if column.required and column.name not in header:
            problems.append(Problem(f"{name} row 1", f"missing required column '{column.name}'"))
            header_ok = False
    if not header_ok:
        return []

    out = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header):
            problems.append(
                Problem(
                    f"{name} row {number}",
                    f"has {len(record)} cells but the header has {len(header)} columns",
                )
            )
            continue
        values: dict[str, Any] = {}
        row_ok = True
        for column in columns:
            where = f"{name} row {number}, column '{column.name}'"
            if column.name in header:
                k = header.index(column.name)
                raw = record[k].strip() if k < len(record) else ""
            else:
                raw = ""
            if not raw:
                if column.required:
                    problems.append(Problem(where, "is required but empty"))
                    row_ok = False
                    continue
                raw = column.default
            try:
                values[column.name] = parsers[column.name](raw)
            except _Bad as bad:
                problems.append(Problem(where, str(bad)))
                row_ok = False
        if row_ok:
            out.append((number, values))
    return out


def _read_capabilities(
    source: Source, name: str, problems: list[Problem]
) -> tuple[tuple[Provider, ...], tuple[Capability, ...]]:
    providers: dict[str, tuple[int, Provider]] = {}
    capabilities: dict[str, tuple[int, Capability]] = {}
    for number, v in _rows(source, name, CAPABILITY_COLUMNS, _CAPABILITY_PARSERS, problems):
        where = f"{name} row {number}, column"
        provider = Provider(
            id=v["provider_id"],
            kind=v["provider_kind"],
            display_name=v["display_name"],
            references=v["references"],
            protection_check=v["protection_check"],
            consent=v["consent"],
        )
        first = providers.get(provider.id)
        if first is None:
            providers[provider.id] = (number, provider)
        else:
            for column in _PROVIDER_COLUMNS:
                if getattr(first[1], column.replace("provider_", "")) != getattr(
                    provider, column.replace("provider_", "")
                ):
                    problems.append(
                        Problem(
                            f"{where} '{column}'",
                            f"differs from row {first[0]} for provider {provider.id!r}; "
                            "every row of a provider must agree",
                        )
                    )
        anywhere, covers = v["also_covers"]
        capability = Capability(
            id=v["capability_id"],
            provider_id=provider.id,
            category=v["category"],
            area=v["area"],
            level=v["level"],
            willing_to_share=v["willing_to_share"],
            also_covers=covers,
            anywhere=anywhere,
            availability=v["availability"],
            capacity=v["capacity"],
        )
        if capability.id in capabilities:
            problems.append(
                Problem(
                    f"{where} 'capability_id'",
                    f"duplicate id {capability.id!r} "
                    f"(first on row {capabilities[capability.id][0]})",
                )
            )
        else:
            capabilities[capability.id] = (number, capability)
    return (
        tuple(p for _, p in providers.values()),
        tuple(c for _, c in capabilities.values()),
    )


def _read_needs(source: Source, name: str, problems: list[Problem]) -> tuple[Need, ...]:
    needs: dict[str, tuple[int, Need]] = {}
    for number, v in _rows(source, name, NEED_COLUMNS, _NEED_PARSERS, problems):
        need = Need(
            id=v["need_id"],
            requester_id=v["requester_id"],
            requester_name=v["requester_name"],
            category=v["category"],
            area=v["area"],
            frequency=v["frequency"],
            verification=v["verification"],
            priority=v["priority"],
            when=v["when"],
        )
        if need.id in needs:
            problems.append(
                Problem(
                    f"{name} row {number}, column 'need_id'",
                    f"duplicate id {need.id!r} (first on row {needs[need.id][0]})",
                )
            )
        else:
            needs[need.id] = (number, need)
    return tuple(n for _, n in needs.values())


def read_capabilities_csv(
    source: Source, *, name: str | None = None
) -> tuple[tuple[Provider, ...], tuple[Capability, ...]]:
    """Providers and capabilities from a Capabilities Assessment CSV (``002_…``, ``003_…``).

    The layout is :data:`CAPABILITY_COLUMNS`.

    ``source`` is a path or an open text file; ``name`` is the file name used in
    error locations (default: the path's name). Raises
    :class:`~coprod.errors.InvalidInputError` listing every problem in the file as
    ``capabilities.csv row 4, column 'capacity'`` (row 1 is the header).
    """
    label = _name_of(source, name)
    problems: list[Problem] = []
    result = _read_capabilities(source, label, problems)
    if problems:
        raise InvalidInputError(problems)
    return result


def read_needs_csv(source: Source, *, name: str | None = None) -> tuple[Need, ...]:
    """Needs from a needs CSV (``004_…``; :data:`NEED_COLUMNS`); errors as for capabilities."""
    label = _name_of(source, name)
    problems: list[Problem] = []
    result = _read_needs(source, label, problems)
    if problems:
        raise InvalidInputError(problems)
    return result


def read_match_problem(capabilities: Source, needs: Source) -> MatchProblem:
    """A :class:`~coprod.people.MatchProblem` from capabilities and needs CSVs (``002_…``).

    Problems in both files are collected before raising one
    :class:`~coprod.errors.InvalidInputError`.
    """
    problems: list[Problem] = []
    cap_name, need_name = _name_of(capabilities, None), _name_of(needs, None)
    if cap_name == need_name:
        cap_name, need_name = f"{cap_name} (capabilities)", f"{need_name} (needs)"
    providers, caps = _read_capabilities(capabilities, cap_name, problems)
    need_records = _read_needs(needs, need_name, problems)
    if problems:
        raise InvalidInputError(problems)
    return MatchProblem(providers=providers, capabilities=caps, needs=need_records)
