"""Comparing readings: every figure of every reading, and what moved between them.

Pure: the readings come in as assessment reports (built with the registered rules
at the edge), so the Explorer cells have the extents the report gives them (an
existing initiative counts, :func:`coprod.model.explorer.cell_extents`) and the
Priority Matrix quadrants are those the registered scoring gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from coprod.model.actions import is_overdue
from coprod.model.explorer import Extent
from coprod.model.star import Co
from coprod.progress.model import KINDS, Change, Measure, Progress, Value
from coprod.progress.readings import Lineages, Reading, lineages, order_readings

__all__ = ["compare_readings", "share"]

_PLACES = Decimal("0.0001")


def share(value: float) -> Decimal:
    """A score or reach (0–1) as an exact decimal of four places, as every export shows it."""
    return Decimal(repr(value)).quantize(_PLACES)


def _cell_key(service_id: str, co: Co) -> str:
    return f"{service_id} × {co.value}"


def _reading_measures(
    k: int, reading: Reading, lines: Lineages, barrier_ids: Sequence[str]
) -> dict[tuple[str, str, str], Value]:
    """The measures of reading ``k``, keyed by (kind, item, measure)."""
    report = reading.report
    assessment = reading.assessment
    values: dict[tuple[str, str, str], Value] = {}
    existing = sum(1 for i in report.initiatives if i.status.value == "existing")
    values["organisation", "all", "initiatives"] = len(report.initiatives)
    values["organisation", "all", "existing initiatives"] = existing
    values["organisation", "all", "potential initiatives"] = len(report.initiatives) - existing
    values["organisation", "all", "volunteer hours"] = report.totals.volunteer_hours
    values["organisation", "all", "volunteer value"] = report.totals.volunteer_value
    values["organisation", "all", "open actions"] = sum(a.status.open for a in assessment.actions)
    values["organisation", "all", "overdue actions"] = sum(
        is_overdue(a, assessment.as_of) for a in assessment.actions
    )
    for profile in report.star:
        values["co", profile.co.value, "score"] = share(profile.score)
        values["co", profile.co.value, "reach"] = share(profile.reach)
    service_keys = lines.services[k]
    for service in report.services:
        shown = lines.latest_service_id[service_keys[service.id]]
        for cell in service.cells:
            item = _cell_key(shown, cell.co)
            values["cell", item, "extent"] = cell.extent.value
            values["cell", item, "extent rank"] = cell.extent.rank
    initiative_keys = lines.initiatives[k]
    for initiative in report.initiatives:
        shown = lines.latest_initiative_id[initiative_keys[initiative.id]]
        values["initiative", shown, "status"] = initiative.status.value
        values["initiative", shown, "quadrant"] = (
            None if initiative.position is None else initiative.position.quadrant.value
        )
        values["initiative", shown, "volunteer hours"] = Decimal(
            format(initiative.volunteer_hours, ".15g")
        )
    named: dict[str, int] = {}
    for document_initiative in assessment.initiatives:
        for barrier in document_initiative.barriers:
            named[barrier] = named.get(barrier, 0) + 1
    for barrier in barrier_ids:
        values["barrier", barrier, "named by"] = named.get(barrier, 0)
    for action in assessment.actions:
        values["action", action.id, "status"] = action.status.value
        values["action", action.id, "overdue"] = is_overdue(action, assessment.as_of)
    return values


#: What an absent item's measures read as: an initiative or action that is not in a
#: reading has status "absent"; its other measures are empty.
_ABSENT = "absent"


def _event(kind: str, measure: str, old: Value, new: Value) -> str:
    if measure == "status" and kind == "initiative":
        if old == _ABSENT:
            return "started"
        if new == _ABSENT:
            return "ended"
        return "potential to existing" if new == "existing" else "existing to potential"
    if measure == "status" and kind == "action":
        if old == _ABSENT:
            return "new"
        if new == _ABSENT:
            return "gone"
        if new in ("done", "dropped"):
            return str(new)
        return "status changed"
    if measure == "overdue":
        return "overdue" if new else "no longer overdue"
    if measure == "quadrant":
        return "quadrant changed"
    if measure == "named by" and old == 0:
        return "named"
    if measure == "named by" and new == 0:
        return "no longer named"
    if measure == "extent":
        return "rose" if Extent(str(new)).rank > Extent(str(old)).rank else "fell"
    return "rose" if _number(new) > _number(old) else "fell"


def _number(value: Value) -> Decimal:
    if value is None:
        return Decimal(0)
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    raise TypeError(f"not a number: {value!r}")


def _delta(old: Value, new: Value) -> Decimal | None:
    numeric = (int, Decimal)
    if isinstance(old, bool) or isinstance(new, bool):
        return None
    if isinstance(old, numeric) and isinstance(new, numeric):
        return Decimal(new) - Decimal(old)
    return None


def compare_readings(readings: Iterable[Reading]) -> Progress:
    """The progress report of ``readings`` (in any order; they are put in date order).

    Raises :class:`~coprod.errors.InvalidInputError` when they cannot be compared
    (:func:`coprod.progress.readings.order_readings`). Every reading is measured on
    the same items (the union over readings): an initiative or action that is not
    in a reading has status ``absent`` and empty measures, a barrier nobody names
    is named by 0, so the tidy table has one row per reading × item × measure.
    """
    ordered = order_readings(readings)
    lines = lineages(ordered)
    barrier_ids: list[str] = []
    for reading in ordered:
        for initiative in reading.assessment.initiatives:
            for barrier in initiative.barriers:
                if barrier not in barrier_ids:
                    barrier_ids.append(barrier)
    per_reading = [
        _reading_measures(k, reading, lines, barrier_ids) for k, reading in enumerate(ordered)
    ]
    keys: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for values in per_reading:
        for key in values:
            if key not in seen:
                seen.add(key)
                keys.append(key)
    keys.sort(key=lambda key: KINDS.index(key[0]))  # stable: first-seen order within a kind
    filled: list[dict[tuple[str, str, str], Value]] = []
    for values in per_reading:
        row: dict[tuple[str, str, str], Value] = {}
        for key in keys:
            if key in values:
                row[key] = values[key]
            else:
                row[key] = _ABSENT if key[2] == "status" else None
        filled.append(row)
    measures = tuple(
        Measure(k, kind, item, measure, row[kind, item, measure])
        for k, row in enumerate(filled)
        for (kind, item, measure) in keys
    )
    progress = Progress(
        organisation=ordered[-1].assessment.organisation.name,
        readings=ordered,
        measures=measures,
        changes=(),
    )
    changes: list[Change] = []
    for before, after in progress.spans():
        for key in keys:
            old, new = filled[before][key], filled[after][key]
            if old == new and type(old) is type(new):
                continue
            kind, item, measure = key
            if old is None or new is None:
                # An absent item's measures (its status change says it all), or a
                # total that was not valued: no change of their own. A quadrant
                # changes from or to "not rated" only for an initiative in both.
                present = (
                    filled[before].get((kind, item, "status")) != _ABSENT
                    and filled[after].get((kind, item, "status")) != _ABSENT
                )
                if measure != "quadrant" or not present:
                    continue
            changes.append(
                Change(
                    before=before,
                    after=after,
                    kind=kind,
                    item=item,
                    measure=measure,
                    old=old,
                    new=new,
                    delta=_delta(old, new),
                    event=_event(kind, measure, old, new),
                )
            )
    return Progress(
        organisation=progress.organisation,
        readings=ordered,
        measures=measures,
        changes=tuple(changes),
    )
