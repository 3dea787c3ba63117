"""Reading appraisal parameter sets (the edge: package data and plugin-provided text).

The bundled sets are TOML files in ``coprod/data/appraisal/`` (read with
:mod:`importlib.resources`, so they work from a wheel or a zip). A plugin brings its
own set — unit values, a newer schedule — as TOML text parsed by
:func:`parse_parameter_set` or as a :class:`~coprod.appraisal.ParameterSet` it builds
itself: either way the same typed value. Every problem of a file is reported at once,
each with its ``$.`` path, in one :class:`~coprod.errors.InvalidInputError`.

The file format (``format = 1``)::

    id = "green-book-2022"            # names one edition for ever
    title = "..."; edition = "2022"; publisher = "..."; source = "..."
    url = "..."; licence = "..."; currency = "GBP"; notes = "..."   # optional
    default_schedule = "standard"
    [schedules.standard]
    title = "..."
    bands = [ { first = 0, last = 30, percent = "3.5" }, ..., { first = 301, percent = "1.0" } ]
    [unit_values.a-and-e-attendance]   # optional; none are bundled
    amount = "150.00"; unit = "attendance avoided"; source = "..."; price_base = 2023
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable, Mapping
from decimal import Decimal
from importlib import resources
from typing import Any

from coprod.appraisal._numbers import to_decimal
from coprod.appraisal.parameters_model import (
    DiscountBand,
    DiscountSchedule,
    ParameterSet,
    UnitValue,
)
from coprod.errors import InvalidInputError, Problem

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable

    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    from importlib.abc import Traversable

    import tomli as tomllib

__all__ = [
    "DEFAULT_PARAMETER_SET",
    "FORMAT_VERSION",
    "bundled_parameter_sets",
    "parameter_set",
    "parse_parameter_set",
]

#: The id of the set an appraisal uses when none is named. Pinned to an edition, never
#: "the latest": adding a newer set never changes a result.
DEFAULT_PARAMETER_SET = "green-book-2022"

#: The version of the parameter-set file format this module reads.
FORMAT_VERSION = 1

_PACKAGE = "coprod.data"
_FOLDER = "appraisal"

_TOP = {
    "format": True,
    "id": True,
    "title": True,
    "edition": True,
    "publisher": True,
    "source": True,
    "default_schedule": True,
    "schedules": True,
    "url": False,
    "licence": False,
    "currency": False,
    "notes": False,
    "unit_values": False,
}
_SCHEDULE = {"title": True, "bands": True}
_BAND = {"first": True, "last": False, "percent": True}
_UNIT = {"amount": True, "unit": True, "source": True, "price_base": False}


class _Collector:
    """Problems of one file, each located by its ``$.`` path."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def add(self, path: tuple[str | int, ...], message: str, code: str) -> None:
        where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
        self.problems.append(
            Problem(
                f"{self.source}: {where}" if self.source else where, message, code=code, path=path
            )
        )

    def keys(
        self, table: Mapping[str, Any], allowed: Mapping[str, bool], path: tuple[str | int, ...]
    ) -> None:
        for key in table:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                self.add((*path, key), f"unknown key (allowed: {known})", "unknown-key")
        for key, required in allowed.items():
            if required and key not in table:
                self.add((*path, key), "is required but missing", "missing-value")

    def text(self, table: Mapping[str, Any], key: str, path: tuple[str | int, ...]) -> str:
        value = table.get(key)
        if value is None:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.add((*path, key), f"expected a non-empty string, got {value!r}", "invalid-value")
            return ""
        return value

    def year(self, table: Mapping[str, Any], key: str, path: tuple[str | int, ...]) -> int | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.add(
                (*path, key),
                f"expected a whole number of years ≥ 0, got {value!r}",
                "invalid-value",
            )
            return None
        return value

    def number(
        self, table: Mapping[str, Any], key: str, path: tuple[str | int, ...]
    ) -> Decimal | None:
        value = table.get(key)
        if value is None:
            return None
        try:
            number = to_decimal(value, key)
        except (TypeError, ValueError):
            self.add(
                (*path, key),
                f'expected a number (a string such as "3.5"), got {value!r}',
                "invalid-value",
            )
            return None
        if number < 0:
            self.add((*path, key), f"must not be negative, got {value!r}", "invalid-value")
            return None
        return number


def parse_parameter_set(text: str, *, source: str = "", origin: str = "coprod") -> ParameterSet:
    """Read a parameter set from TOML ``text`` (``source`` names it in problems).

    ``origin`` records who provides it (``"coprod"`` for bundled sets, a plugin's
    name otherwise). Raises :class:`~coprod.errors.InvalidInputError` with every
    problem found, each with its ``$.`` path.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInputError.single(
            source or "$", f"invalid TOML: {error}", code="syntax"
        ) from None
    found = _Collector(source)
    found.keys(data, _TOP, ())
    version = data.get("format")
    if "format" in data and version != FORMAT_VERSION:
        found.add(("format",), f"expected {FORMAT_VERSION}, got {version!r}", "invalid-value")
    fields = {
        key: found.text(data, key, ())
        for key in (
            "id",
            "title",
            "edition",
            "publisher",
            "source",
            "default_schedule",
            "url",
            "licence",
            "currency",
            "notes",
        )
    }
    schedules = _schedules(data.get("schedules"), found)
    units = _unit_values(data.get("unit_values"), found)
    names = [s.name for s in schedules]
    default = fields["default_schedule"]
    if default and schedules and default not in names:
        found.add(
            ("default_schedule",),
            f"{default!r} is not one of the schedules ({', '.join(names)})",
            "unknown-reference",
        )
    if found.problems:
        raise InvalidInputError(found.problems)
    try:
        return ParameterSet(
            id=fields["id"],
            title=fields["title"],
            edition=fields["edition"],
            publisher=fields["publisher"],
            source=fields["source"],
            schedules=schedules,
            default_schedule=default,
            url=fields["url"],
            licence=fields["licence"],
            currency=fields["currency"] or "GBP",
            unit_values=units,
            notes=fields["notes"],
            origin=origin,
        )
    except (TypeError, ValueError) as error:  # pragma: no cover - the checks above come first
        raise InvalidInputError.single(source or "$", str(error)) from None


def _schedules(value: object, found: _Collector) -> list[DiscountSchedule]:
    if value is None:
        return []
    if not isinstance(value, dict) or not value:
        found.add(("schedules",), "expected a table of named schedules", "invalid-value")
        return []
    out = []
    for name, table in value.items():
        path: tuple[str | int, ...] = ("schedules", name)
        if not isinstance(table, dict):
            found.add(path, "expected a table with a title and bands", "invalid-value")
            continue
        before = len(found.problems)
        found.keys(table, _SCHEDULE, path)
        title = found.text(table, "title", path)
        bands = _bands(table.get("bands"), found, (*path, "bands"))
        if len(found.problems) > before:
            continue
        try:
            out.append(DiscountSchedule(name=name, title=title, bands=bands))
        except (TypeError, ValueError) as error:
            found.add((*path, "bands"), str(error), "inconsistent")
    return out


def _bands(value: object, found: _Collector, path: tuple[str | int, ...]) -> list[DiscountBand]:
    if value is None:
        return []
    if not isinstance(value, list) or not value:
        found.add(path, "expected a list of bands ({ first, last, percent })", "invalid-value")
        return []
    out = []
    for index, band in enumerate(value):
        where = (*path, index)
        if not isinstance(band, dict):
            found.add(where, "expected a table { first, last, percent }", "invalid-value")
            continue
        before = len(found.problems)
        found.keys(band, _BAND, where)
        first = found.year(band, "first", where)
        last = found.year(band, "last", where)
        percent = found.number(band, "percent", where)
        if percent is not None and percent >= 100:
            found.add(
                (*where, "percent"), f"must be below 100, got {band['percent']!r}", "invalid-value"
            )
        if len(found.problems) > before or first is None or percent is None:
            continue
        if last is not None and last < first:
            found.add((*where, "last"), f"is before first ({first})", "inconsistent")
            continue
        out.append(DiscountBand(first=first, last=last, rate=percent / 100))
    return out


def _unit_values(value: object, found: _Collector) -> list[UnitValue]:
    if value is None:
        return []
    if not isinstance(value, dict):
        found.add(("unit_values",), "expected a table of named unit values", "invalid-value")
        return []
    out = []
    for name, table in value.items():
        path: tuple[str | int, ...] = ("unit_values", name)
        if not isinstance(table, dict):
            found.add(path, "expected a table { amount, unit, source }", "invalid-value")
            continue
        before = len(found.problems)
        found.keys(table, _UNIT, path)
        amount = found.number(table, "amount", path)
        unit = found.text(table, "unit", path)
        where = found.text(table, "source", path)
        base = found.year(table, "price_base", path)
        if len(found.problems) > before or amount is None:
            continue
        try:
            out.append(
                UnitValue(name=name, amount=amount, unit=unit, source=where, price_base=base)
            )
        except (TypeError, ValueError) as error:
            found.add((*path, "amount"), str(error), "invalid-value")
    return out


def _files() -> Iterable[Traversable]:
    folder = resources.files(_PACKAGE).joinpath(_FOLDER)
    return sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)


@functools.cache
def bundled_parameter_sets() -> tuple[ParameterSet, ...]:
    """Every parameter set shipped with coprod, in file-name order.

    Read once per process (the files ship with the package and the sets are frozen).
    """
    return tuple(
        parse_parameter_set(f.read_text(encoding="utf-8"), source=f.name, origin="coprod")
        for f in _files()
    )


def parameter_set(
    id: str = DEFAULT_PARAMETER_SET, *, extra: Iterable[ParameterSet] = ()
) -> ParameterSet:
    """The parameter set called ``id``, among the bundled sets and ``extra`` ones.

    ``extra`` holds sets from plugins or your own code. An id defined twice is an
    error naming both origins (a plugin cannot silently replace a bundled edition);
    an unknown id is a :class:`KeyError` listing the known ones.
    """
    known: dict[str, ParameterSet] = {}
    for candidate in (*bundled_parameter_sets(), *extra):
        if not isinstance(candidate, ParameterSet):
            raise TypeError(f"expected a ParameterSet, got {candidate!r}")
        earlier = known.get(candidate.id)
        if earlier is not None:
            raise InvalidInputError.single(
                candidate.origin,
                f"parameter set {candidate.id!r} is defined twice: by {earlier.origin} and by "
                f"{candidate.origin}; a new edition needs a new id",
                code="duplicate",
            )
        known[candidate.id] = candidate
    try:
        return known[id]
    except KeyError:
        raise KeyError(f"no parameter set {id!r} (known: {', '.join(sorted(known))})") from None
