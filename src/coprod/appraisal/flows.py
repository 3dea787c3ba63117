"""What a business case is made of: costs, benefits and citizens' time, year by year.

Seed ``002_ea409380ef17158f.txt`` ("Step 5 — Grow it!"): "Establishing the direct and
indirect costs and benefits of co-production initiatives is crucial to convincing
sceptics – and particularly budget holders"; ``004_2ab9b3d444068e57.txt`` asks for "the
right mix of substitutive and additive co-production", so every flow says which
form of co-production it belongs to (:class:`~coprod.model.resource_shift.CoProductionForm`).
``001_10471c76f715a525.txt`` values volunteer time in money (Wiltshire: 14,076 hours at
£112,608, the £8.00 an hour default of :data:`coprod.model.grow.DEFAULT_VOLUNTEER_HOURLY_RATE`).

Years are counted from 0 (now, undiscounted) to the case's ``horizon``. A flow's
``amount`` is money per year for each of its years; or, instead, a ``quantity`` per
year valued at a named :class:`~coprod.appraisal.UnitValue` of the parameter set.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from coprod.appraisal._numbers import MAX_AMOUNT, as_decimal, as_optional_decimal
from coprod.appraisal.parameters_model import MAX_YEAR
from coprod.model.grow import DEFAULT_VOLUNTEER_HOURLY_RATE, VolunteerTime
from coprod.model.resource_shift import CoProductionForm

__all__ = [
    "AppraisalCase",
    "Benefit",
    "BenefitType",
    "Cost",
    "Directness",
    "Party",
    "Recurrence",
    "SroiAdjustments",
    "VolunteerHours",
]

#: The £8.00 default as a Decimal: the same constant, not a copy (exact: 112,608 / 14,076).
_DEFAULT_RATE = Decimal(repr(DEFAULT_VOLUNTEER_HOURLY_RATE))


class Party(str, enum.Enum):
    """Who bears a cost or receives a benefit."""

    COUNCIL = "council"
    #: Other public bodies (NHS, police), the voluntary and community sector, businesses.
    PARTNERS = "partners"
    #: Service users, carers and communities, including the time they give.
    CITIZENS = "citizens"
    #: Society at large (wider economic and social benefits no one party receives).
    SOCIETY = "society"


class Recurrence(str, enum.Enum):
    """A one-off cost (set-up, training) or one that recurs every year of its span."""

    ONE_OFF = "one-off"
    RECURRING = "recurring"


class Directness(str, enum.Enum):
    """Direct (the initiative's own) or indirect (knock-on) costs and benefits (``002_…``)."""

    DIRECT = "direct"
    INDIRECT = "indirect"


class BenefitType(str, enum.Enum):
    """What kind of benefit a flow is (the fiscal / economic / social split of UK appraisal)."""

    #: Public spending avoided or saved; ``cashable`` when a budget can actually release it.
    FISCAL = "fiscal"
    #: Wider economic benefits (earnings, productivity, business activity).
    ECONOMIC = "wider economic"
    #: Social value (wellbeing, social capital, quality of life) valued in money.
    SOCIAL = "social"


def _money(_instance: object, attribute: attrs.Attribute[Any], value: Decimal | None) -> None:
    if value is not None and not Decimal(0) <= value <= MAX_AMOUNT:
        raise ValueError(f"{attribute.name} must be from 0 to 1e12, got {value}")


def _share(_instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not Decimal(0) <= value <= Decimal(1):
        raise ValueError(f"{attribute.name} must be a fraction from 0 to 1, got {value}")


def _costs(values: Iterable[Cost]) -> tuple[Cost, ...]:
    return tuple(values)


def _benefits(values: Iterable[Benefit]) -> tuple[Benefit, ...]:
    return tuple(values)


def _hours(values: Iterable[VolunteerHours]) -> tuple[VolunteerHours, ...]:
    return tuple(values)


def _text(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{attribute.name} must be a non-empty string, got {value!r}")


def _seed_form(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, CoProductionForm) or not value.is_seed_form:
        raise ValueError(
            f"{attribute.name} must be CoProductionForm.SUBSTITUTIVE or .ADDITIVE, got {value!r}"
        )


def _check_years(label: str, first: int, last: int) -> None:
    for name, year in (("first_year", first), ("last_year", last)):
        if isinstance(year, bool) or not isinstance(year, int):
            raise TypeError(f"{label!r}: {name} must be a whole number, got {year!r}")
    if not 0 <= first <= last <= MAX_YEAR:
        raise ValueError(
            f"{label!r}: years must satisfy 0 ≤ first_year ≤ last_year ≤ {MAX_YEAR}, "
            f"got {first}–{last}"
        )


def _check_valuation(
    label: str, amount: Decimal | None, quantity: Decimal | None, unit: str | None
) -> None:
    if (amount is None) == (unit is None):
        raise ValueError(f"{label!r}: give either an amount or a quantity with a unit_value")
    if (quantity is None) != (unit is None):
        raise ValueError(f"{label!r}: a quantity needs a unit_value, and a unit_value a quantity")


@attrs.frozen
class Cost:
    """A cost, per year for each year from ``first_year`` to ``last_year``.

    ``recurrence`` is one-off (``last_year`` must equal ``first_year``) or recurring.
    The amount is money (``amount``) or a ``quantity`` of a named ``unit_value``.
    """

    label: str = attrs.field(validator=_text)
    form: CoProductionForm = attrs.field(validator=_seed_form)
    borne_by: Party = attrs.field(converter=Party)
    amount: Decimal | None = attrs.field(
        default=None, converter=as_optional_decimal, validator=_money
    )
    first_year: int = 0
    last_year: int | None = None
    recurrence: Recurrence = attrs.field(default=Recurrence.ONE_OFF, converter=Recurrence)
    directness: Directness = attrs.field(default=Directness.DIRECT, converter=Directness)
    quantity: Decimal | None = attrs.field(
        default=None, converter=as_optional_decimal, validator=_money
    )
    unit_value: str | None = None
    initiative: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.last_year is None:
            object.__setattr__(self, "last_year", self.first_year)
        _check_years(self.label, self.first_year, self.end)
        if self.recurrence is Recurrence.ONE_OFF and self.end != self.first_year:
            raise ValueError(f"{self.label!r}: a one-off cost falls in one year only")
        _check_valuation(self.label, self.amount, self.quantity, self.unit_value)

    @property
    def end(self) -> int:
        """The last year (``last_year``, which defaults to ``first_year``)."""
        assert self.last_year is not None
        return self.last_year


@attrs.frozen
class SroiAdjustments:
    """The SROI Guide's impact adjustments, each a fraction from 0 to 1.

    Applied in the Guide's order (Cabinet Office, *A Guide to Social Return on
    Investment*, revised edition by The SROI Network, now Social Value UK, 2012): the
    gross value less ``deadweight`` (what would have happened anyway), then less
    ``displacement`` (what it displaced), then less ``attribution`` (what others
    contributed) gives the impact of the first year (stage 4); ``drop_off`` then
    reduces each later year's impact by that share of the year before (stage 5).
    Each step multiplies what the previous left, so
    ``impact_y = gross × (1 − dw) × (1 − dis) × (1 − att) × (1 − drop)^(y − first)``.
    """

    deadweight: Decimal = attrs.field(default=Decimal(0), converter=as_decimal, validator=_share)
    displacement: Decimal = attrs.field(default=Decimal(0), converter=as_decimal, validator=_share)
    attribution: Decimal = attrs.field(default=Decimal(0), converter=as_decimal, validator=_share)
    drop_off: Decimal = attrs.field(default=Decimal(0), converter=as_decimal, validator=_share)

    @property
    def is_none(self) -> bool:
        """True when every adjustment is zero."""
        return not (self.deadweight or self.displacement or self.attribution or self.drop_off)


@attrs.frozen
class Benefit:
    """A benefit, per year for each year from ``first_year`` to ``last_year``.

    ``cashable`` only for fiscal benefits a budget can release. ``adjustments`` are
    the SROI deductions (none by default).
    """

    label: str = attrs.field(validator=_text)
    form: CoProductionForm = attrs.field(validator=_seed_form)
    received_by: Party = attrs.field(converter=Party)
    type: BenefitType = attrs.field(converter=BenefitType)
    amount: Decimal | None = attrs.field(
        default=None, converter=as_optional_decimal, validator=_money
    )
    first_year: int = 0
    last_year: int | None = None
    directness: Directness = attrs.field(default=Directness.DIRECT, converter=Directness)
    cashable: bool = False
    adjustments: SroiAdjustments = attrs.field(factory=SroiAdjustments)
    quantity: Decimal | None = attrs.field(
        default=None, converter=as_optional_decimal, validator=_money
    )
    unit_value: str | None = None
    initiative: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.last_year is None:
            object.__setattr__(self, "last_year", self.first_year)
        _check_years(self.label, self.first_year, self.end)
        if self.cashable and self.type is not BenefitType.FISCAL:
            raise ValueError(f"{self.label!r}: only fiscal benefits can be cashable")
        _check_valuation(self.label, self.amount, self.quantity, self.unit_value)

    @property
    def end(self) -> int:
        """The last year (``last_year``, which defaults to ``first_year``)."""
        assert self.last_year is not None
        return self.last_year


@attrs.frozen
class VolunteerHours:
    """Hours a year that citizens give, from ``first_year`` to ``last_year``.

    Valued at the case's ``volunteer_hourly_rate`` and counted as the case's
    ``volunteer_time`` says (``001_…``: Wiltshire's hours valued in money).
    """

    label: str = attrs.field(validator=_text)
    form: CoProductionForm = attrs.field(validator=_seed_form)
    hours: Decimal = attrs.field(converter=as_decimal, validator=_money)
    first_year: int = 0
    last_year: int | None = None
    initiative: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.last_year is None:
            object.__setattr__(self, "last_year", self.first_year)
        _check_years(self.label, self.first_year, self.end)

    @property
    def end(self) -> int:
        """The last year (``last_year``, which defaults to ``first_year``)."""
        assert self.last_year is not None
        return self.last_year


def _uplift(_instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not Decimal(0) <= value <= Decimal(10):
        raise ValueError(
            f"{attribute.name} must be a fraction from 0 to 10 (0–1000 %), got {value}"
        )


@attrs.frozen
class AppraisalCase:
    """The business case of an initiative or a programme, over years 0…``horizon``.

    ``volunteer_hourly_rate`` values :class:`VolunteerHours` (default £8.00, derived
    from ``001_…``; :attr:`rate_is_default` says when the default was used).
    ``volunteer_time`` says how that value counts: by default as a **cost borne by
    citizens** (the time they give up), unlike :class:`coprod.BusinessCase`, which
    counts it among the results; in an appraisal, what the time achieves is counted
    by the benefits it produces, and counting the time as a benefit too would count
    it twice. ``optimism_bias`` is the Green Book uplift on every cost (0.24 for
    24 %). ``currency`` is an ISO code or a symbol, stated in every result.
    """

    title: str = attrs.field(validator=_text)
    horizon: int
    costs: tuple[Cost, ...] = attrs.field(default=(), converter=_costs)
    benefits: tuple[Benefit, ...] = attrs.field(default=(), converter=_benefits)
    volunteer_hours: tuple[VolunteerHours, ...] = attrs.field(default=(), converter=_hours)
    volunteer_hourly_rate: Decimal = attrs.field(
        default=_DEFAULT_RATE, converter=as_decimal, validator=_money
    )
    volunteer_time: VolunteerTime = attrs.field(default=VolunteerTime.COST, converter=VolunteerTime)
    optimism_bias: Decimal = attrs.field(
        default=Decimal(0), converter=as_decimal, validator=_uplift
    )
    currency: str = "GBP"

    def __attrs_post_init__(self) -> None:
        if isinstance(self.horizon, bool) or not isinstance(self.horizon, int):
            raise TypeError(f"horizon must be a whole number of years, got {self.horizon!r}")
        if not 0 <= self.horizon <= MAX_YEAR:
            raise ValueError(f"horizon must be from 0 to {MAX_YEAR} years, got {self.horizon}")
        for kind, flows in (
            ("cost", self.costs),
            ("benefit", self.benefits),
            ("volunteer hours", self.volunteer_hours),
        ):
            for flow in flows:
                if flow.end > self.horizon:
                    raise ValueError(
                        f"{kind} {flow.label!r} runs to year {flow.end}, beyond the "
                        f"horizon of {self.horizon} years"
                    )

    @property
    def rate_is_default(self) -> bool:
        """True when volunteer hours are valued at the documented £8.00 default."""
        return self.volunteer_hourly_rate == _DEFAULT_RATE

    def for_initiative(self, initiative: str) -> AppraisalCase:
        """The same case restricted to the flows of one ``initiative``."""
        return attrs.evolve(
            self,
            title=f"{self.title}: {initiative}",
            costs=tuple(c for c in self.costs if c.initiative == initiative),
            benefits=tuple(b for b in self.benefits if b.initiative == initiative),
            volunteer_hours=tuple(v for v in self.volunteer_hours if v.initiative == initiative),
        )

    @property
    def initiatives(self) -> tuple[str, ...]:
        """Initiatives named by the flows, in order of first appearance."""
        seen: dict[str, None] = {}
        flows: list[Cost | Benefit | VolunteerHours] = [
            *self.costs,
            *self.benefits,
            *self.volunteer_hours,
        ]
        for flow in flows:
            if flow.initiative is not None:
                seen.setdefault(flow.initiative)
        return tuple(seen)
