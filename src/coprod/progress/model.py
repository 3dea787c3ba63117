"""The progress report: what moved between dated readings (report kind ``progress``).

Every figure is a :class:`Measure` (one reading × item × measure) and every change
a :class:`Change` between two readings, so each export holds the same values: the
CSV is the tidy table of measures (one row per reading × item × measure), ready for
``pandas.pivot`` or R's ``pivot_wider``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import ClassVar

import attrs

from coprod.model.explorer import CoProfile
from coprod.progress.readings import Reading
from coprod.report_value import Table

__all__ = ["EVENTS", "KINDS", "Change", "Measure", "Progress", "Value"]

#: What a measure holds: text (an extent, a quadrant, a status), a count, an exact
#: figure (score, reach, hours, money), a yes/no, or nothing (not there, not rated).
Value = str | int | Decimal | bool | None

#: The kinds of item measured, in report order.
KINDS = ("organisation", "co", "cell", "initiative", "barrier", "action")

#: The events a change can be, by kind (``Change.event``).
EVENTS = {
    "organisation": ("rose", "fell"),
    "co": ("rose", "fell"),
    "cell": ("rose", "fell"),
    "initiative": (
        "started",
        "ended",
        "potential to existing",
        "existing to potential",
        "quadrant changed",
        "rose",
        "fell",
    ),
    "barrier": ("named", "no longer named", "rose", "fell"),
    "action": ("new", "done", "dropped", "status changed", "overdue", "no longer overdue", "gone"),
}


@attrs.frozen
class Measure:
    """One figure of one item in one reading.

    ``reading`` is the reading's index in date order; ``kind`` one of :data:`KINDS`;
    ``item`` the item's key (a Co, ``service × Co``, an initiative's latest id, a
    barrier id, an action id, ``all`` for the organisation); ``measure`` its name.
    """

    reading: int
    kind: str
    item: str
    measure: str
    value: Value


@attrs.frozen
class Change:
    """A measure that differs between reading ``before`` and reading ``after``.

    ``delta`` is ``after − before`` for numbers (``None`` otherwise); ``event``
    says what the change is (:data:`EVENTS`): an initiative ``started`` or
    ``ended``, a barrier ``no longer named``, an action ``done``, a score that
    ``fell``, …
    """

    before: int
    after: int
    kind: str
    item: str
    measure: str
    old: Value
    new: Value
    delta: Decimal | None
    event: str


@attrs.frozen
class Progress:
    """What moved between an organisation's dated readings; kind ``"progress"``.

    ``readings`` are in date order, each with its full assessment report (so an
    exporter or a plugin can read anything of an earlier reading);
    ``measures`` every figure of every reading; ``changes`` what differs between
    consecutive readings, then from the first reading to the last
    (:meth:`spans`). Build it with :func:`coprod.progress.compare_readings`.
    """

    kind: ClassVar[str] = "progress"

    organisation: str
    readings: tuple[Reading, ...]
    measures: tuple[Measure, ...]
    changes: tuple[Change, ...]

    def spans(self) -> tuple[tuple[int, int], ...]:
        """The (before, after) pairs compared: consecutive readings, then first → last."""
        n = len(self.readings)
        pairs = [(k, k + 1) for k in range(n - 1)]
        if n > 2:
            pairs.append((0, n - 1))
        return tuple(pairs)

    def changes_between(self, before: int, after: int) -> tuple[Change, ...]:
        """The changes from reading ``before`` to reading ``after`` (indices)."""
        return tuple(c for c in self.changes if (c.before, c.after) == (before, after))

    def value(self, reading: int, kind: str, item: str, measure: str) -> Value:
        """The value of one measure (``KeyError`` if there is no such measure)."""
        for m in self.measures:
            if (m.reading, m.kind, m.item, m.measure) == (reading, kind, item, measure):
                return m.value
        raise KeyError((reading, kind, item, measure))

    def star(self, reading: int) -> tuple[CoProfile, ...]:
        """The Star of reading ``reading``, as its report drew it."""
        return self.readings[reading].report.star

    def span_label(self, before: int, after: int) -> str:
        """``2024-03-01 → 2025-03-01``."""
        return (
            f"{self.readings[before].as_of.isoformat()} → {self.readings[after].as_of.isoformat()}"
        )

    @property
    def dates(self) -> tuple[datetime.date, ...]:
        """The readings' dates, in order."""
        return tuple(r.as_of for r in self.readings)

    def tables(self) -> Iterator[Table]:
        """The tidy table of measures (main), then the changes, then the readings."""
        readings = self.readings
        yield Table(
            name="measures",
            title="Every figure of every reading (one row per reading × item × measure)",
            columns=("reading", "as_of", "round", "kind", "item", "measure", "value"),
            rows=(
                (
                    m.reading + 1,
                    readings[m.reading].as_of,
                    readings[m.reading].assessment.round,
                    m.kind,
                    m.item,
                    m.measure,
                    m.value,
                )
                for m in self.measures
            ),
        )
        yield Table(
            name="changes",
            title="What moved",
            columns=("from", "to", "kind", "item", "measure", "before", "after", "change", "event"),
            rows=(
                (
                    readings[c.before].as_of,
                    readings[c.after].as_of,
                    c.kind,
                    c.item,
                    c.measure,
                    c.old,
                    c.new,
                    c.delta,
                    c.event,
                )
                for c in self.changes
            ),
        )
        yield Table(
            name="readings",
            title="The readings",
            columns=("reading", "as_of", "round", "file", "initiatives", "services", "actions"),
            rows=(
                (
                    k + 1,
                    r.as_of,
                    r.assessment.round,
                    r.name,
                    len(r.assessment.initiatives),
                    len(r.assessment.services),
                    len(r.assessment.actions),
                )
                for k, r in enumerate(readings)
            ),
        )
