"""Grow it: the business case as an assessment document states it (``[business_case]``).

Seed ``002_ea409380ef17158f.txt`` line 306: "Establishing the direct and indirect
costs and benefits of co-production initiatives is crucial to convincing sceptics –
and particularly budget holders"; ``004_2ab9b3d444068e57.txt`` asks for the right mix
of substitutive and additive co-production. These are the document's plain values
(numbers as written, words for the categories); :mod:`coprod.report.business_case`
maps them onto :mod:`coprod.appraisal` in one place and appraises them.

Volunteer hours are valued at the document's ``volunteer_hourly_rate`` (top level of
the assessment; default £8.00 an hour from ``001_10471c76f715a525.txt``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable
from typing import Any

import attrs

from coprod.errors import Problem
from coprod.model.grow import VolunteerTime
from coprod.model.resource_shift import CoProductionForm
from coprod.model.text import non_blank

__all__ = [
    "DEFAULT_PARAMETER_SET_ID",
    "PARTIES",
    "SENSITIVITY_ASSUMPTIONS",
    "BusinessCaseInputs",
    "CaseBenefit",
    "CaseCost",
    "CaseVolunteerHours",
    "SensitivityRange",
    "business_case_problems",
]

#: The appraisal parameter set a document gets when it names none (pinned, never "latest").
DEFAULT_PARAMETER_SET_ID = "green-book-2022"

#: Who bears a cost or receives a benefit (the values of :class:`coprod.appraisal.Party`).
PARTIES = ("council", "partners", "citizens", "society")

#: The assumptions a sensitivity range may name besides a flow's label.
SENSITIVITY_ASSUMPTIONS = (
    "benefits",
    "costs",
    "optimism bias",
    "volunteer rate",
    "discount rate",
    "flow",
)

#: Years are counted from 0 (now); the appraisal package allows up to this.
MAX_YEARS = 500


def _one_of(*allowed: str) -> Callable[[Any, Any, Any], None]:
    listing = ", ".join(repr(a) for a in allowed)

    def check(_instance: Any, attribute: Any, value: Any) -> None:
        if value not in allowed:
            raise ValueError(f"{attribute.name} must be one of {listing}, got {value!r}")

    return check


def _amount(_instance: Any, attribute: Any, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{attribute.name} must be a number, got {value!r}")
    if not math.isfinite(value) or not 0 <= value <= 1e12:
        raise ValueError(f"{attribute.name} must be a number from 0 to 1e12, got {value!r}")


def _share(_instance: Any, attribute: Any, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{attribute.name} must be a number, got {value!r}")
    if not 0 <= value <= 1:
        raise ValueError(f"{attribute.name} must be a fraction from 0 to 1, got {value!r}")


def _year(_instance: Any, attribute: Any, value: Any) -> None:
    if value is None and attribute.name == "last_year":
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{attribute.name} must be a whole number of years, got {value!r}")
    if not 0 <= value <= MAX_YEARS:
        raise ValueError(f"{attribute.name} must be from 0 to {MAX_YEARS}, got {value!r}")


def _seed_form(_instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, CoProductionForm) or not value.is_seed_form:
        raise ValueError(
            f"{attribute.name} must be one of 'substitutive', 'additive', got {value!r}"
        )


def _optional_id(_instance: Any, attribute: Any, value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise ValueError(f"{attribute.name} must be an initiative id, got {value!r}")


@attrs.frozen
class CaseCost:
    """A cost of the business case, per year from ``first_year`` to ``last_year``.

    ``recurrence`` is ``"one-off"`` (one year) or ``"recurring"``; ``directness``
    ``"direct"`` or ``"indirect"``; ``borne_by`` one of :data:`PARTIES`;
    ``initiative`` the id of the initiative it belongs to (none: the programme's).
    """

    label: str = attrs.field(validator=non_blank)
    form: CoProductionForm = attrs.field(validator=_seed_form)
    amount: float = attrs.field(validator=_amount)
    borne_by: str = attrs.field(default="council", validator=_one_of(*PARTIES))
    first_year: int = attrs.field(default=0, validator=_year)
    last_year: int | None = attrs.field(default=None, validator=_year)
    recurrence: str = attrs.field(default="one-off", validator=_one_of("one-off", "recurring"))
    directness: str = attrs.field(default="direct", validator=_one_of("direct", "indirect"))
    initiative: str | None = attrs.field(default=None, validator=_optional_id)
    note: str = ""

    @property
    def end(self) -> int:
        """The last year (``last_year``, which defaults to ``first_year``)."""
        return self.first_year if self.last_year is None else self.last_year


@attrs.frozen
class CaseBenefit:
    """A benefit of the business case, per year from ``first_year`` to ``last_year``.

    ``type`` is ``"fiscal"``, ``"wider economic"`` or ``"social"``; ``cashable`` only
    for fiscal benefits; ``deadweight``, ``displacement``, ``attribution`` and
    ``drop_off`` are the SROI Guide's adjustments (fractions from 0 to 1).
    """

    label: str = attrs.field(validator=non_blank)
    form: CoProductionForm = attrs.field(validator=_seed_form)
    type: str = attrs.field(validator=_one_of("fiscal", "wider economic", "social"))
    amount: float = attrs.field(validator=_amount)
    received_by: str = attrs.field(default="council", validator=_one_of(*PARTIES))
    first_year: int = attrs.field(default=0, validator=_year)
    last_year: int | None = attrs.field(default=None, validator=_year)
    directness: str = attrs.field(default="direct", validator=_one_of("direct", "indirect"))
    cashable: bool = False
    deadweight: float = attrs.field(default=0.0, validator=_share)
    displacement: float = attrs.field(default=0.0, validator=_share)
    attribution: float = attrs.field(default=0.0, validator=_share)
    drop_off: float = attrs.field(default=0.0, validator=_share)
    initiative: str | None = attrs.field(default=None, validator=_optional_id)
    note: str = ""

    @property
    def end(self) -> int:
        """The last year (``last_year``, which defaults to ``first_year``)."""
        return self.first_year if self.last_year is None else self.last_year


@attrs.frozen
class CaseVolunteerHours:
    """Hours a year citizens give, from ``first_year`` to ``last_year``.

    Valued at the document's ``volunteer_hourly_rate`` (citizens' time, ``001_…``).
    """

    label: str = attrs.field(validator=non_blank)
    form: CoProductionForm = attrs.field(validator=_seed_form)
    hours: float = attrs.field(validator=_amount)
    first_year: int = attrs.field(default=0, validator=_year)
    last_year: int | None = attrs.field(default=None, validator=_year)
    initiative: str | None = attrs.field(default=None, validator=_optional_id)

    @property
    def end(self) -> int:
        """The last year (``last_year``, which defaults to ``first_year``)."""
        return self.first_year if self.last_year is None else self.last_year


@attrs.frozen
class SensitivityRange:
    """A stated low–high range of one assumption, for the tornado and switching values.

    ``assumption`` is one of :data:`SENSITIVITY_ASSUMPTIONS`: ``benefits`` and
    ``costs`` are factors on every benefit or cost (1 = as estimated); ``optimism
    bias`` a fraction; ``volunteer rate`` money an hour; ``discount rate`` a flat
    rate a year (0.035 for 3.5 %); ``flow`` the yearly amount of the one cost or
    benefit labelled ``flow``.
    """

    assumption: str = attrs.field(validator=_one_of(*SENSITIVITY_ASSUMPTIONS))
    low: float = attrs.field(validator=_amount)
    high: float = attrs.field(validator=_amount)
    flow: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError(f"low must not be above high ({self.low} > {self.high})")
        if (self.assumption == "flow") != (self.flow is not None):
            raise ValueError(
                "flow must name a cost or benefit label when (and only when) assumption is 'flow'"
            )


def _costs(items: Iterable[CaseCost]) -> tuple[CaseCost, ...]:
    return tuple(items)


def _benefits(items: Iterable[CaseBenefit]) -> tuple[CaseBenefit, ...]:
    return tuple(items)


def _hours(items: Iterable[CaseVolunteerHours]) -> tuple[CaseVolunteerHours, ...]:
    return tuple(items)


def _ranges(items: Iterable[SensitivityRange]) -> tuple[SensitivityRange, ...]:
    return tuple(items)


def _uplift(_instance: Any, attribute: Any, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{attribute.name} must be a number, got {value!r}")
    if not 0 <= value <= 10:
        raise ValueError(f"{attribute.name} must be a fraction from 0 to 10, got {value!r}")


@attrs.frozen
class BusinessCaseInputs:
    """The ``[business_case]`` of a document: a programme over ``years`` (0 … years).

    ``parameter_set`` names the appraisal parameter set by id (default
    :data:`DEFAULT_PARAMETER_SET_ID`), ``schedule`` its discount schedule (default:
    the set's); ``optimism_bias`` the uplift on every cost (0.24 for 24 %);
    ``volunteer_time`` how citizens' time counts (default: a cost borne by
    citizens). Flows name their ``initiative``; the report appraises each
    initiative and the whole programme.
    """

    years: int = attrs.field(validator=_year)
    title: str = attrs.field(default="Co-production programme", validator=non_blank)
    parameter_set: str = attrs.field(default=DEFAULT_PARAMETER_SET_ID, validator=non_blank)
    schedule: str | None = None
    optimism_bias: float = attrs.field(default=0.0, validator=_uplift)
    volunteer_time: VolunteerTime = attrs.field(
        default=VolunteerTime.COST, validator=attrs.validators.instance_of(VolunteerTime)
    )
    costs: tuple[CaseCost, ...] = attrs.field(default=(), converter=_costs)
    benefits: tuple[CaseBenefit, ...] = attrs.field(default=(), converter=_benefits)
    volunteer_hours: tuple[CaseVolunteerHours, ...] = attrs.field(default=(), converter=_hours)
    sensitivity: tuple[SensitivityRange, ...] = attrs.field(default=(), converter=_ranges)


def business_case_problems(
    case: BusinessCaseInputs, initiative_ids: Collection[str], where: str = "$.business_case"
) -> tuple[Problem, ...]:
    """Flows beyond the horizon, one-off costs over several years, unknown initiatives.

    Also sensitivity ranges naming a flow label that is not exactly one cost or
    benefit. Every problem has its ``$.`` path.
    """
    known = initiative_ids  # a Collection: may hold ids of unreadable initiatives too
    problems: list[Problem] = []
    sections: tuple[tuple[str, tuple[CaseCost | CaseBenefit | CaseVolunteerHours, ...]], ...] = (
        ("costs", case.costs),
        ("benefits", case.benefits),
        ("volunteer_hours", case.volunteer_hours),
    )
    for section, flows in sections:
        for index, flow in enumerate(flows):
            at = f"{where}.{section}[{index}]"
            if flow.end < flow.first_year:
                problems.append(
                    Problem(f"{at}.last_year", f"is before first_year ({flow.first_year})")
                )
            if flow.end > case.years:
                problems.append(
                    Problem(
                        f"{at}.last_year" if flow.last_year is not None else f"{at}.first_year",
                        f"year {flow.end} is beyond the business case's {case.years} years",
                    )
                )
            if (
                isinstance(flow, CaseCost)
                and flow.recurrence == "one-off"
                and flow.end != flow.first_year
            ):
                problems.append(
                    Problem(f"{at}.recurrence", "a one-off cost falls in one year: say 'recurring'")
                )
            if isinstance(flow, CaseBenefit) and flow.cashable and flow.type != "fiscal":
                problems.append(Problem(f"{at}.cashable", "only fiscal benefits can be cashable"))
            if flow.initiative is not None and flow.initiative not in known:
                listed = ", ".join(sorted(known)[:10]) or "none are defined"
                problems.append(
                    Problem(
                        f"{at}.initiative",
                        f"unknown initiative {flow.initiative!r} (known: {listed})",
                    )
                )
    labels = [c.label for c in case.costs] + [b.label for b in case.benefits]
    for index, item in enumerate(case.sensitivity):
        if item.flow is not None and labels.count(item.flow) != 1:
            problems.append(
                Problem(
                    f"{where}.sensitivity[{index}].flow",
                    f"names {labels.count(item.flow)} costs or benefits labelled {item.flow!r}; "
                    "a range needs exactly one",
                )
            )
    return tuple(problems)
