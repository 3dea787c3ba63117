"""Built-in plugin: Grow it business-case metrics (``002_…``, ``001_…``).

``public-saving`` is the fall in public inputs (negative when they rise) and
``volunteer-value`` values volunteer hours at £8.00 an hour, the rate implied by
Wiltshire Speedwatch's 14,076 volunteer hours valued at £112,608 (``001_…``), or at
the document's ``volunteer_hourly_rate`` when it states one (the engine sets the
rule's weight to it: :func:`coprod.evaluate`).
"""

from __future__ import annotations

from collections.abc import Callable

from coprod.contributions import PUBLIC_SAVING, VOLUNTEER_VALUE, ScoringRule
from coprod.hookspecs import hookimpl
from coprod.model.assessment import Initiative
from coprod.model.grow import DEFAULT_VOLUNTEER_HOURLY_RATE

__all__ = ["PUBLIC_SAVING", "VOLUNTEER_HOURLY_VALUE", "VOLUNTEER_VALUE"]

#: £ per volunteer hour: 112,608 / 14,076 (Wiltshire Speedwatch, ``001_…``).
VOLUNTEER_HOURLY_VALUE = DEFAULT_VOLUNTEER_HOURLY_RATE


def _public_saving(initiative: Initiative) -> float | None:
    resources = initiative.resources
    return None if resources is None else resources.public_before - resources.public_after


def _volunteer_hours(initiative: Initiative) -> float | None:
    return initiative.volunteer_hours or None


@hookimpl
def register_scoring_rules(register: Callable[[ScoringRule], None]) -> None:
    """Register the business-case metrics."""
    register(
        ScoringRule(
            name="business-case.public-saving",
            metric=PUBLIC_SAVING,
            score=_public_saving,
            description="Public inputs before minus after (in the unit of the figures).",
        )
    )
    register(
        ScoringRule(
            name="business-case.volunteer-value",
            metric=VOLUNTEER_VALUE,
            score=_volunteer_hours,
            weight=VOLUNTEER_HOURLY_VALUE,
            description=(
                "Volunteer hours a year valued at the document's volunteer_hourly_rate "
                "(default £8.00 an hour: Wiltshire, 001)."
            ),
        )
    )
