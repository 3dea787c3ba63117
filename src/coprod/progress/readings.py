"""Readings of one organisation over time: their order, and who is who across them.

A **reading** is an assessment report of one date (the document's ``as_of``). The
Star is a journey: map, focus, people it, market it, grow it, plan, then map again
and see what moved (``002_ea409380ef17158f.txt``, "Developing an action plan";
``003_eb91abacab6ac2c6.txt``, the five steps and "START NOW").

:func:`order_readings` checks that readings can be compared and puts them in date
order; :func:`lineages` says which initiative (or service) of one reading is which
of another, following ``replaces`` when an id changed. Every problem is reported at
once, naming the files and ids, in one :class:`~coprod.errors.InvalidInputError`.

The rules, precisely:

- every reading has ``as_of``; no two share a date; all name the same organisation
  (its ``name``, compared without surrounding spaces or case);
- an item (initiative or service) whose id is absent from the next reading has
  **ended**, unless an item there declares ``replaces = "<its id>"`` (renamed);
- ``replaces`` must name an id of the previous reading that is not in the new one
  (a ``replaces`` left over from an earlier reading, on an id the previous reading
  already had, is ignored: copy last year's file and edit it);
- an id that vanishes while a *new* id (not in the previous reading) appears with
  the same name and no ``replaces`` is an error: it is the same item renamed, so
  say so, or give the new one its own name.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

import attrs

from coprod.errors import InvalidInputError, Problem
from coprod.model.assessment import Assessment
from coprod.report.model import Report

__all__ = ["Lineages", "Reading", "lineages", "order_readings"]


@attrs.frozen
class Reading:
    """One dated reading: the file it came from and its assessment report.

    The report was built with the registered rules, so a plugin's scoring places
    initiatives on the Priority Matrix here as in ``coprod assess``.
    """

    name: str
    report: Report

    @property
    def assessment(self) -> Assessment:
        """The reading's assessment document."""
        return self.report.assessment

    @property
    def as_of(self) -> datetime.date:
        """The date of the reading (checked present by :func:`order_readings`)."""
        day = self.report.assessment.as_of
        if day is None:
            raise ValueError(f"{self.name} has no as_of date")
        return day

    @property
    def label(self) -> str:
        """The date, with the round label when there is one: ``2025-03-01 (2025 workshop)``."""
        round_ = self.report.assessment.round
        return f"{self.as_of.isoformat()} ({round_})" if round_ else self.as_of.isoformat()


def _same_organisation(name: str) -> str:
    return " ".join(name.split()).casefold()


def order_readings(readings: Iterable[Reading]) -> tuple[Reading, ...]:
    """``readings`` in date order, once they are checked to be comparable.

    Raises :class:`~coprod.errors.InvalidInputError` with every problem: a reading
    with no ``as_of``, two readings of the same date, readings of different
    organisations, fewer than two readings, and the id problems of :func:`lineages`.
    """
    given = list(readings)
    problems: list[Problem] = []
    if len(given) < 2:
        problems.append(
            Problem(
                "readings",
                f"give at least two readings to compare (got {len(given)})",
                code="missing-value",
            )
        )
    for reading in given:
        if reading.assessment.as_of is None:
            problems.append(
                Problem(
                    f"{reading.name}: $.as_of",
                    "is missing: give the date this reading describes (as_of = 2025-03-01)",
                    code="missing-value",
                )
            )
    names: dict[str, list[str]] = {}
    for reading in given:
        organisation = reading.assessment.organisation.name
        names.setdefault(_same_organisation(organisation), []).append(
            f"{reading.name} ({organisation!r})"
        )
    if len(names) > 1:
        listed = "; ".join(", ".join(files) for files in names.values())
        problems.append(
            Problem(
                "readings",
                f"the readings are of {len(names)} organisations, not one: {listed}",
                code="inconsistent",
            )
        )
    dated = [r for r in given if r.assessment.as_of is not None]
    by_date: dict[datetime.date, list[str]] = {}
    for reading in dated:
        by_date.setdefault(reading.as_of, []).append(reading.name)
    for day, files in by_date.items():
        if len(files) > 1:
            problems.append(
                Problem(
                    "readings",
                    f"{' and '.join(files)} are both readings of {day.isoformat()}: "
                    "each reading needs its own as_of date",
                    code="duplicate",
                )
            )
    if problems:
        raise InvalidInputError(problems)
    ordered = tuple(sorted(given, key=lambda r: r.as_of))
    lineages(ordered)  # raises on id problems
    return ordered


class _Item(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def replaces(self) -> str | None: ...


@attrs.frozen
class Lineages:
    """Who is who across readings.

    ``initiatives[k]`` and ``services[k]`` map each id of reading ``k`` to its
    lineage key: the id it had when it first appeared. ``latest_id`` maps a
    lineage key to the id it has in the last reading it appears in (what reports
    show).
    """

    initiatives: tuple[Mapping[str, str], ...]
    services: tuple[Mapping[str, str], ...]
    latest_initiative_id: Mapping[str, str]
    latest_service_id: Mapping[str, str]


def _follow(
    section: str,
    readings: Sequence[Reading],
    items_of: Sequence[Sequence[_Item]],
    problems: list[Problem],
) -> tuple[tuple[dict[str, str], ...], dict[str, str]]:
    kind = section[:-1]
    keys: list[dict[str, str]] = []
    latest: dict[str, str] = {}
    for k, items in enumerate(items_of):
        here: dict[str, str] = {}
        before = keys[-1] if keys else {}
        ids_now = {item.id for item in items}
        claimed: dict[str, str] = {}
        for index, item in enumerate(items):
            key = item.id
            if item.replaces is not None and item.replaces in claimed:
                problems.append(
                    Problem(
                        f"{readings[k].name}: $.{section}[{index}].replaces",
                        f"{kind} {item.id!r} replaces {item.replaces!r}, which "
                        f"{claimed[item.replaces]!r} already replaces: one id, one successor",
                        code="duplicate",
                    )
                )
            elif item.replaces is not None:
                claimed[item.replaces] = item.id
                if k == 0:
                    pass  # the first reading: the old id is before the journey starts
                elif item.replaces not in before and item.id in before:
                    key = before[item.id]  # followed at an earlier reading: nothing to do
                elif item.replaces not in before:
                    problems.append(
                        Problem(
                            f"{readings[k].name}: $.{section}[{index}].replaces",
                            f"{kind} {item.id!r} replaces {item.replaces!r}, which is not "
                            f"in the previous reading {readings[k - 1].name}",
                            code="unknown-reference",
                        )
                    )
                elif item.replaces in ids_now:
                    problems.append(
                        Problem(
                            f"{readings[k].name}: $.{section}[{index}].replaces",
                            f"{kind} {item.id!r} replaces {item.replaces!r}, which is still "
                            f"in {readings[k].name}: an id is replaced only when it is gone",
                            code="inconsistent",
                        )
                    )
                else:
                    key = before[item.replaces]
            elif item.id in before:
                key = before[item.id]
            here[item.id] = key
            latest[key] = item.id
        if k:
            replaced = {item.replaces for item in items if item.replaces is not None}
            previous = items_of[k - 1]
            new_by_name: dict[str, list[str]] = {}
            old_ids = {item.id for item in previous}
            for item in items:
                if item.id not in old_ids and item.replaces is None:
                    new_by_name.setdefault(_same_organisation(item.name), []).append(item.id)
            for item in previous:
                if item.id in ids_now or item.id in replaced:
                    continue
                twins = new_by_name.get(_same_organisation(item.name), [])
                if twins:
                    problems.append(
                        Problem(
                            f"{readings[k].name}: $.{section}",
                            f"{kind} {item.id!r} of {readings[k - 1].name} is not in "
                            f"{readings[k].name}, where {twins[0]!r} has the same name "
                            f"({item.name!r}): if it was renamed, write "
                            f'replaces = "{item.id}" on {twins[0]!r}; if it is a new '
                            f"{kind}, give it a name of its own",
                            code="inconsistent",
                        )
                    )
        keys.append(here)
    return tuple(keys), latest


def lineages(readings: Sequence[Reading]) -> Lineages:
    """Follow initiatives and services across ``readings`` (in date order).

    Raises :class:`~coprod.errors.InvalidInputError` naming the files and ids when a
    ``replaces`` names nothing, or an id vanishes while its twin (same name, new id)
    appears without ``replaces``.
    """
    problems: list[Problem] = []
    initiatives, latest_initiative = _follow(
        "initiatives", readings, [r.assessment.initiatives for r in readings], problems
    )
    services, latest_service = _follow(
        "services", readings, [r.assessment.services for r in readings], problems
    )
    if problems:
        raise InvalidInputError(problems)
    return Lineages(initiatives, services, latest_initiative, latest_service)
