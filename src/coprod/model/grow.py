"""Grow it: the business case, showcasing champions, and aligning the organisation.

Sources: ``002_ea409380ef17158f.txt`` ("Step 5 — Grow it!": showcasing
co-production champions, roadshows, the business case of direct and indirect costs
and benefits, aligning performance management systems and competency frameworks,
HR recognising staff as community catalysts and enablers; and the policies
suggested for Scotland: peer reviews of champions), ``003_eb91abacab6ac2c6.txt``
("Step 5: 'Grow it!'": showcasing champions, a business case, aligning performance
management and human resource management) and ``001_10471c76f715a525.txt``
(volunteer time valued in money: 14,076 hours at £112,608; peer reviews and study
visits to learn from co-production champions).
"""

from __future__ import annotations

import datetime
import enum
import math
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from coprod.model.text import identifier, non_blank, strings

__all__ = [
    "DEFAULT_VOLUNTEER_HOURLY_RATE",
    "Alignment",
    "BusinessCase",
    "Champion",
    "GrowMethod",
    "GrowMethodDescription",
    "Showcase",
    "ShowcaseKind",
    "StaffRole",
    "VolunteerTime",
    "value_volunteer_time",
]

#: Volunteer hours and their money value in Wiltshire's Community Speedwatch
#: (``001_10471c76f715a525.txt``): 14,076 hours valued at £112,608.
_WILTSHIRE_HOURS = 14_076
_WILTSHIRE_VALUE = 112_608

#: The default value of one volunteer hour, in pounds: £8.00, derived from
#: ``001_10471c76f715a525.txt``, where Wiltshire's 14,076 hours of volunteer-led
#: speed checks are given "a monetary value of £112,608" (112,608 / 14,076 = 8).
#: Pass your own rate (e.g. a local living wage) to :func:`value_volunteer_time`.
DEFAULT_VOLUNTEER_HOURLY_RATE: float = _WILTSHIRE_VALUE / _WILTSHIRE_HOURS


def _check_amount(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value!r}")
    return float(value)


def _amount(_instance: Any, attribute: Any, value: float) -> None:
    _check_amount(attribute.name, value)


def value_volunteer_time(hours: float, hourly_rate: float = DEFAULT_VOLUNTEER_HOURLY_RATE) -> float:
    """Money value of volunteer hours at ``hourly_rate`` (``001_10471c76f715a525.txt``).

    The default rate is :data:`DEFAULT_VOLUNTEER_HOURLY_RATE` (£8.00, from 001's
    Wiltshire figures). Negative, NaN or infinite arguments raise :class:`ValueError`
    naming the argument.

    >>> value_volunteer_time(14_076)
    112608.0
    """
    h = _check_amount("hours", hours)
    rate = _check_amount("hourly_rate", hourly_rate)
    value = h * rate
    if not math.isfinite(value):
        raise ValueError(f"hours × hourly_rate overflows: {hours!r} × {hourly_rate!r}")
    return value


class VolunteerTime(str, enum.Enum):
    """How a :class:`BusinessCase` counts the money value of volunteer time.

    ``001_10471c76f715a525.txt`` reports Wiltshire's volunteer hours, valued in
    money, among the scheme's *results*: resources co-production mobilises. That is
    the default (``BENEFIT``). An analyst who treats volunteers' time as an input
    given up can count it as a ``COST``, or leave it out (``EXCLUDED``).
    """

    BENEFIT = "benefit"
    COST = "cost"
    EXCLUDED = "excluded"


@attrs.frozen
class BusinessCase:
    """The business case for a co-production initiative (``002_…``, ``003_…``, ``001_…``).

    ``002_ea409380ef17158f.txt``: "Establishing the direct and indirect costs and
    benefits of co-production initiatives is crucial to convincing sceptics – and
    particularly budget holders". All amounts are money in one currency,
    non-negative and finite; volunteer hours are valued at ``volunteer_hourly_rate``
    (default £8.00, from ``001_…``) and counted as ``volunteer_time`` says.
    """

    direct_costs: float = attrs.field(default=0.0, validator=_amount)
    indirect_costs: float = attrs.field(default=0.0, validator=_amount)
    direct_benefits: float = attrs.field(default=0.0, validator=_amount)
    indirect_benefits: float = attrs.field(default=0.0, validator=_amount)
    volunteer_hours: float = attrs.field(default=0.0, validator=_amount)
    volunteer_hourly_rate: float = attrs.field(
        default=DEFAULT_VOLUNTEER_HOURLY_RATE, validator=_amount
    )
    volunteer_time: VolunteerTime = attrs.field(
        default=VolunteerTime.BENEFIT, validator=attrs.validators.instance_of(VolunteerTime)
    )

    def __attrs_post_init__(self) -> None:
        for name, total in (
            ("total costs", self.total_costs),
            ("total benefits", self.total_benefits),
        ):
            if not math.isfinite(total):
                raise ValueError(f"{name} overflow: the amounts are too large to add up")

    @property
    def volunteer_value(self) -> float:
        """Money value of the volunteer hours, however they are counted."""
        return self.volunteer_hours * self.volunteer_hourly_rate

    @property
    def total_costs(self) -> float:
        """Direct plus indirect costs (plus volunteer time, if counted as a cost)."""
        extra = self.volunteer_value if self.volunteer_time is VolunteerTime.COST else 0.0
        return self.direct_costs + self.indirect_costs + extra

    @property
    def total_benefits(self) -> float:
        """Direct plus indirect benefits (plus volunteer time, if counted as a benefit)."""
        extra = self.volunteer_value if self.volunteer_time is VolunteerTime.BENEFIT else 0.0
        return self.direct_benefits + self.indirect_benefits + extra

    @property
    def net_benefit(self) -> float:
        """Total benefits minus total costs (negative: the initiative costs more)."""
        return self.total_benefits - self.total_costs

    @property
    def benefit_cost_ratio(self) -> float | None:
        """Total benefits divided by total costs.

        ``None`` when there are no costs, or when costs are so close to zero that the
        ratio is not a finite number.
        """
        if self.total_costs == 0:
            return None
        ratio = self.total_benefits / self.total_costs
        return ratio if math.isfinite(ratio) else None


class GrowMethod(str, enum.Enum):
    """Ways to roll out and scale up co-production (Grow it; ``002_…``, ``003_…``, ``001_…``).

    :func:`coprod.grow_methods` gives each method's description and sources.
    """

    SHOWCASING_CHAMPIONS = "showcasing champions"
    ROADSHOWS = "roadshows"
    BUSINESS_CASE = "business case"
    ALIGN_PERFORMANCE_MANAGEMENT = "aligning performance management"
    ALIGN_HR_AND_COMPETENCIES = "aligning HR and competency frameworks"
    PEER_REVIEWS = "peer reviews"
    STUDY_VISITS = "study visits"


@attrs.frozen
class GrowMethodDescription:
    """What one :class:`GrowMethod` is, in the seeds' words, and the seeds that name it.

    The descriptions are data (``coprod/data/catalogues/grow-methods.toml``), read by
    :func:`coprod.grow_methods`.
    """

    method: GrowMethod
    description: str
    seeds: tuple[str, ...] = attrs.field(converter=tuple)


class StaffRole(str, enum.Enum):
    """How HR evaluation sees a member of staff (``002_ea409380ef17158f.txt``).

    002: "HR evaluation systems need to recognise and reward staff competencies as
    community catalysts and enablers rather than problem solvers."
    """

    COMMUNITY_CATALYST = "community catalyst"
    ENABLER = "enabler"
    PROBLEM_SOLVER = "problem solver"

    @property
    def promotes_co_production(self) -> bool:
        """True for the roles 002 says HR should recognise and reward."""
        return self is not StaffRole.PROBLEM_SOLVER


# --- What an organisation records of Grow it ------------------------------------


def _one_of(*allowed: str) -> Callable[[Any, Any, Any], None]:
    listing = ", ".join(repr(a) for a in allowed)

    def check(_instance: Any, attribute: Any, value: Any) -> None:
        if value not in allowed:
            raise ValueError(f"{attribute.name} must be one of {listing}, got {value!r}")

    return check


def _staff_roles(value: Iterable[StaffRole]) -> tuple[StaffRole, ...]:
    if isinstance(value, str):
        raise TypeError(f"expected a list of staff roles, got the string {value!r}")
    items = tuple(value)
    for item in items:
        if not isinstance(item, StaffRole):
            raise TypeError(f"hr_recognises must hold StaffRole members, got {item!r}")
    return items


class ShowcaseKind(str, enum.Enum):
    """Ways to showcase co-production champions and their initiatives.

    ``002_ea409380ef17158f.txt`` line 304: "showcasing co-production champions …
    for example, by running co-production roadshows"; line 331: "facilitated peer
    reviews"; ``001_10471c76f715a525.txt`` line 316: "Peer reviews and study visit
    programmes to learn from coproduction champions".
    """

    ROADSHOW = "roadshow"
    PEER_REVIEW = "peer review"
    STUDY_VISIT = "study visit"
    EVENT = "showcase event"


def _date_or_none(_instance: Any, attribute: Any, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise TypeError(f"{attribute.name} must be a date (YYYY-MM-DD), got {value!r}")


def _text_or_empty(_instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a string, got {value!r}")


@attrs.frozen
class Champion:
    """A co-production champion (``002_…`` line 304, ``003_…`` line 54).

    ``party`` is who the champion is (citizens, service users or staff; the values
    of :class:`~coprod.model.market.IncentiveTarget`); ``initiatives`` the ids of
    the initiatives they champion.
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_blank)
    party: str = attrs.field(
        default="citizens", validator=_one_of("citizens", "service users", "staff")
    )
    initiatives: tuple[str, ...] = attrs.field(default=(), converter=strings)
    description: str = attrs.field(default="", validator=_text_or_empty)


@attrs.frozen
class Showcase:
    """A roadshow, peer review, study visit or event that showcases champions.

    ``champions`` and ``initiatives`` are ids; ``date`` is when it happened or is
    planned.
    """

    id: str = attrs.field(validator=identifier)
    kind: ShowcaseKind = attrs.field(validator=attrs.validators.instance_of(ShowcaseKind))
    title: str = attrs.field(validator=non_blank)
    date: datetime.date | None = attrs.field(default=None, validator=_date_or_none)
    champions: tuple[str, ...] = attrs.field(default=(), converter=strings)
    initiatives: tuple[str, ...] = attrs.field(default=(), converter=strings)
    audience: str = attrs.field(default="", validator=_text_or_empty)


@attrs.frozen
class Alignment:
    """How far performance management and HR are aligned to co-production.

    ``002_ea409380ef17158f.txt`` line 306: "align performance management systems and
    competency frameworks so that co-production is promoted throughout the
    organisation, not stifled. For example, HR evaluation systems need to recognise
    and reward staff competencies as community catalysts and enablers rather than
    problem solvers"; line 330: co-production "should feature more strongly in
    performance management and competency frameworks"; ``003_…`` line 54.

    ``performance_management`` and ``competency_framework`` say in words how each
    counts co-production (empty: it does not); ``hr_recognises`` the staff roles HR
    evaluation recognises and rewards.
    """

    performance_management: str = attrs.field(default="", validator=_text_or_empty)
    competency_framework: str = attrs.field(default="", validator=_text_or_empty)
    hr_recognises: tuple[StaffRole, ...] = attrs.field(default=(), converter=_staff_roles)
