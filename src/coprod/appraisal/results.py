"""The appraisal: present values, NPV, benefit-cost ratio, payback and the form mix.

:func:`appraise` turns an :class:`~coprod.appraisal.AppraisalCase` and a
:class:`~coprod.appraisal.ParameterSet` into an :class:`AppraisalResult`: every flow
in every year as a :class:`FlowLine` (gross, adjusted, discount factor, present
value, and a sentence saying how), totals by year, the substitutive / additive mix
by year (``004_…``), and the headline figures. All exact :class:`~decimal.Decimal`;
only :meth:`AppraisalResult.tables` rounds, for presentation.

Method (``docs/appraisal.md``): costs are uplifted by the optimism bias; benefits are
reduced by the SROI adjustments in the Guide's order; both are discounted by the
named schedule (year 0 undiscounted, year ``t`` by ``Π_{s=1..t} 1/(1+r(s))``).
``NPV = PV(benefits) − PV(costs)``; ``BCR = PV(benefits) / PV(costs)`` (``None``
without costs); the payback year is the first year from which the cumulative
discounted net benefit stays at zero or above up to the horizon (``None`` if never).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import ClassVar

import attrs

from coprod.appraisal._numbers import CONTEXT, present_factor, present_money, present_ratio
from coprod.appraisal.flows import (
    AppraisalCase,
    Benefit,
    Cost,
    Directness,
    Party,
    Recurrence,
    VolunteerHours,
)
from coprod.appraisal.parameters_model import DiscountSchedule, ParameterSet, ParameterSetRef
from coprod.model.grow import VolunteerTime
from coprod.model.resource_shift import CoProductionForm
from coprod.report_value import Table

__all__ = [
    "AppraisalResult",
    "FlowKind",
    "FlowLine",
    "FormYear",
    "YearFigures",
    "appraise",
]

_ZERO = Decimal(0)
_ONE = Decimal(1)
_FORMS = (CoProductionForm.SUBSTITUTIVE, CoProductionForm.ADDITIVE)


class FlowKind(str, enum.Enum):
    """A cost or a benefit."""

    COST = "cost"
    BENEFIT = "benefit"


@attrs.frozen
class FlowLine:
    """One flow in one year: where the figure comes from and what it is worth now.

    ``gross`` is the amount (or quantity × unit value) before adjustment;
    ``adjusted`` after the optimism-bias uplift (costs) or the SROI adjustments
    (benefits); ``present_value = adjusted × discount_factor``. ``category`` is the
    benefit type, or ``"citizens' time"`` / the recurrence for costs; ``how`` says
    the arithmetic in words.
    """

    label: str
    initiative: str | None
    kind: FlowKind
    year: int
    form: CoProductionForm
    party: Party
    directness: Directness
    category: str
    cashable: bool
    gross: Decimal
    adjusted: Decimal
    discount_factor: Decimal
    present_value: Decimal
    how: str


@attrs.frozen
class YearFigures:
    """Totals of one year: adjusted costs and benefits, their present values, cumulated."""

    year: int
    discount_factor: Decimal
    costs: Decimal
    benefits: Decimal
    pv_costs: Decimal
    pv_benefits: Decimal
    cumulative_pv_net: Decimal

    @property
    def net(self) -> Decimal:
        """Benefits minus costs of the year, undiscounted."""
        return CONTEXT.subtract(self.benefits, self.costs)

    @property
    def pv_net(self) -> Decimal:
        """Present value of the year's net benefit."""
        return CONTEXT.subtract(self.pv_benefits, self.pv_costs)


@attrs.frozen
class FormYear:
    """One year's flows of one form of co-production (substitutive or additive)."""

    year: int
    form: CoProductionForm
    costs: Decimal
    benefits: Decimal
    pv_costs: Decimal
    pv_benefits: Decimal

    @property
    def net(self) -> Decimal:
        """Benefits minus costs, undiscounted: savings now (+) or investment now (−)."""
        return CONTEXT.subtract(self.benefits, self.costs)


@attrs.frozen
class AppraisalResult:
    """An appraised business case: every figure, and the parameters that made it.

    A report value of kind ``"appraisal"``: :meth:`tables` yields the long table of
    every cash flow first (one row per flow × year), then the years, the form mix
    and the summary, rounded for presentation.
    """

    kind: ClassVar[str] = "appraisal"

    title: str
    parameters: ParameterSetRef
    currency: str
    horizon: int
    volunteer_hourly_rate: Decimal
    rate_is_default: bool
    volunteer_time: VolunteerTime
    optimism_bias: Decimal
    lines: tuple[FlowLine, ...]
    years: tuple[YearFigures, ...]
    mix: tuple[FormYear, ...]
    pv_costs: Decimal
    pv_benefits: Decimal

    @property
    def npv(self) -> Decimal:
        """Net present value: PV of benefits minus PV of costs."""
        return CONTEXT.subtract(self.pv_benefits, self.pv_costs)

    @property
    def bcr(self) -> Decimal | None:
        """Benefit-cost ratio, PV(benefits) / PV(costs); ``None`` when there are no costs."""
        if self.pv_costs == 0:
            return None
        return CONTEXT.divide(self.pv_benefits, self.pv_costs)

    @property
    def payback_year(self) -> int | None:
        """First year from which the cumulative discounted net stays ≥ 0 to the horizon."""
        payback: int | None = None
        for figures in self.years:
            if figures.cumulative_pv_net < 0:
                payback = None
            elif payback is None:
                payback = figures.year
        return payback

    def pv_by_party(self, kind: FlowKind) -> dict[Party, Decimal]:
        """Present value of the costs (or benefits) each party bears (or receives)."""
        totals = dict.fromkeys(Party, _ZERO)
        for line in self.lines:
            if line.kind is kind:
                totals[line.party] = CONTEXT.add(totals[line.party], line.present_value)
        return totals

    def tables(self) -> Iterator[Table]:
        """The cash flows (long), the years, the form mix and the summary, rounded."""
        yield Table(
            name="cash flows",
            title=f"{self.title}: every cash flow by year ({self.currency})",
            columns=(
                "initiative",
                "flow",
                "kind",
                "year",
                "form",
                "party",
                "directness",
                "category",
                "cashable",
                "gross",
                "adjusted",
                "discount factor",
                "present value",
                "how",
            ),
            rows=(
                (
                    line.initiative,
                    line.label,
                    line.kind.value,
                    line.year,
                    line.form.value,
                    line.party.value,
                    line.directness.value,
                    line.category,
                    line.cashable,
                    present_money(line.gross),
                    present_money(line.adjusted),
                    present_factor(line.discount_factor),
                    present_money(line.present_value),
                    line.how,
                )
                for line in self.lines
            ),
        )
        yield Table(
            name="years",
            title="Costs and benefits by year",
            columns=(
                "year",
                "discount factor",
                "costs",
                "benefits",
                "net",
                "pv costs",
                "pv benefits",
                "pv net",
                "cumulative pv net",
            ),
            rows=(
                (
                    y.year,
                    present_factor(y.discount_factor),
                    present_money(y.costs),
                    present_money(y.benefits),
                    present_money(y.net),
                    present_money(y.pv_costs),
                    present_money(y.pv_benefits),
                    present_money(y.pv_net),
                    present_money(y.cumulative_pv_net),
                )
                for y in self.years
            ),
        )
        yield Table(
            name="form mix",
            title="Substitutive and additive co-production by year",
            columns=("year", "form", "costs", "benefits", "net", "pv costs", "pv benefits"),
            rows=(
                (
                    m.year,
                    m.form.value,
                    present_money(m.costs),
                    present_money(m.benefits),
                    present_money(m.net),
                    present_money(m.pv_costs),
                    present_money(m.pv_benefits),
                )
                for m in self.mix
            ),
        )
        bcr = self.bcr
        rate_label = f"{present_money(self.volunteer_hourly_rate)} an hour" + (
            " (default, from 001: £112,608 / 14,076 hours)" if self.rate_is_default else ""
        )
        yield Table(
            name="summary",
            title="Appraisal summary",
            columns=("measure", "value"),
            rows=(
                ("parameter set", str(self.parameters)),
                ("parameter source", self.parameters.source),
                ("parameter fingerprint", self.parameters.fingerprint),
                ("currency", self.currency),
                ("horizon (years)", self.horizon),
                ("volunteer hourly rate", rate_label),
                ("volunteer time counted as", self.volunteer_time.value),
                ("optimism bias uplift on costs", self.optimism_bias),
                ("present value of costs", present_money(self.pv_costs)),
                ("present value of benefits", present_money(self.pv_benefits)),
                ("net present value", present_money(self.npv)),
                ("benefit-cost ratio", None if bcr is None else present_ratio(bcr)),
                ("payback year", self.payback_year),
            ),
        )


def _resolve(flow: Cost | Benefit, parameters: ParameterSet) -> tuple[Decimal, str]:
    """The gross amount a year and the words that explain it."""
    once = isinstance(flow, Cost) and flow.recurrence is Recurrence.ONE_OFF
    per = "once" if once else "a year"
    if flow.amount is not None:
        return flow.amount, f"{flow.amount} {per}"
    assert flow.quantity is not None and flow.unit_value is not None
    try:
        unit = parameters.unit_value(flow.unit_value)
    except KeyError as error:
        raise ValueError(f"{flow.label!r}: {error.args[0]}") from None
    gross = CONTEXT.multiply(flow.quantity, unit.amount)
    return gross, (
        f"{flow.quantity} × {unit.amount} {per} (unit value {unit.name!r}: {unit.unit}, "
        f"{unit.source})"
    )


def _pct(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def appraise(
    case: AppraisalCase,
    parameters: ParameterSet,
    schedule: str | None = None,
) -> AppraisalResult:
    """Appraise ``case`` with ``parameters`` discounted by ``schedule`` (default: the set's).

    Pure: the same case and parameter set always give the same result, and the result
    names the set, its edition, the schedule and the set's fingerprint. Raises
    :class:`ValueError` when a flow names a unit value the set does not have, and
    :class:`KeyError` for an unknown schedule.
    """
    chosen: DiscountSchedule = parameters.schedule(schedule)
    factors = chosen.factors(case.horizon)
    ref = parameters.ref(chosen.name)
    lines: list[FlowLine] = []
    uplift = CONTEXT.add(_ONE, case.optimism_bias)
    where = f"{ref.id}/{chosen.name}"

    def discounted(year: int, adjusted: Decimal) -> tuple[Decimal, Decimal]:
        return factors[year], CONTEXT.multiply(adjusted, factors[year])

    for cost in case.costs:
        gross, how = _resolve(cost, parameters)
        adjusted = CONTEXT.multiply(gross, uplift)
        if case.optimism_bias:
            how += f", plus optimism bias {_pct(case.optimism_bias)}"
        for year in range(cost.first_year, cost.end + 1):
            factor, pv = discounted(year, adjusted)
            lines.append(
                FlowLine(
                    label=cost.label,
                    initiative=cost.initiative,
                    kind=FlowKind.COST,
                    year=year,
                    form=cost.form,
                    party=cost.borne_by,
                    directness=cost.directness,
                    category=cost.recurrence.value,
                    cashable=False,
                    gross=gross,
                    adjusted=adjusted,
                    discount_factor=factor,
                    present_value=pv,
                    how=f"{how}; × discount factor of year {year} ({where})",
                )
            )
    for hours in case.volunteer_hours:
        lines.extend(_volunteer_lines(hours, case, uplift, factors, where))
    for benefit in case.benefits:
        lines.extend(_benefit_lines(benefit, parameters, factors, where))

    years = _years(case.horizon, factors, lines)
    mix = _mix(case.horizon, lines)
    return AppraisalResult(
        title=case.title,
        parameters=ref,
        currency=case.currency,
        horizon=case.horizon,
        volunteer_hourly_rate=case.volunteer_hourly_rate,
        rate_is_default=case.rate_is_default,
        volunteer_time=case.volunteer_time,
        optimism_bias=case.optimism_bias,
        lines=tuple(lines),
        years=years,
        mix=mix,
        pv_costs=_sum(y.pv_costs for y in years),
        pv_benefits=_sum(y.pv_benefits for y in years),
    )


def _mix(horizon: int, lines: Sequence[FlowLine]) -> tuple[FormYear, ...]:
    # (year, form, kind) -> [adjusted total, present-value total], in one pass.
    totals: dict[tuple[int, CoProductionForm, FlowKind], list[Decimal]] = {}
    for line in lines:
        cell = totals.setdefault((line.year, line.form, line.kind), [_ZERO, _ZERO])
        cell[0] = CONTEXT.add(cell[0], line.adjusted)
        cell[1] = CONTEXT.add(cell[1], line.present_value)
    empty = [_ZERO, _ZERO]
    out = []
    for year in range(horizon + 1):
        for form in _FORMS:
            cost = totals.get((year, form, FlowKind.COST), empty)
            benefit = totals.get((year, form, FlowKind.BENEFIT), empty)
            out.append(FormYear(year, form, cost[0], benefit[0], cost[1], benefit[1]))
    return tuple(out)


def _sum(values: Iterator[Decimal] | Sequence[Decimal]) -> Decimal:
    total = _ZERO
    for value in values:
        total = CONTEXT.add(total, value)
    return total


def _volunteer_lines(
    hours: VolunteerHours,
    case: AppraisalCase,
    uplift: Decimal,
    factors: Sequence[Decimal],
    where: str,
) -> Iterator[FlowLine]:
    if case.volunteer_time is VolunteerTime.EXCLUDED:
        return
    gross = CONTEXT.multiply(hours.hours, case.volunteer_hourly_rate)
    rate = f"{case.volunteer_hourly_rate}" + (" (default rate)" if case.rate_is_default else "")
    how = f"{hours.hours} hours × {rate} an hour"
    as_cost = case.volunteer_time is VolunteerTime.COST
    adjusted = CONTEXT.multiply(gross, uplift) if as_cost else gross
    if as_cost and case.optimism_bias:
        how += f", plus optimism bias {_pct(case.optimism_bias)}"
    for year in range(hours.first_year, hours.end + 1):
        yield FlowLine(
            label=hours.label,
            initiative=hours.initiative,
            kind=FlowKind.COST if as_cost else FlowKind.BENEFIT,
            year=year,
            form=hours.form,
            party=Party.CITIZENS,
            directness=Directness.INDIRECT,
            category="citizens' time",
            cashable=False,
            gross=gross,
            adjusted=adjusted,
            discount_factor=factors[year],
            present_value=CONTEXT.multiply(adjusted, factors[year]),
            how=f"{how}; × discount factor of year {year} ({where})",
        )


def _benefit_lines(
    benefit: Benefit, parameters: ParameterSet, factors: Sequence[Decimal], where: str
) -> Iterator[FlowLine]:
    gross, how = _resolve(benefit, parameters)
    a = benefit.adjustments
    # The SROI Guide's order: deadweight, then displacement, then attribution (the
    # first year's impact); drop-off then takes its share of each later year.
    impact = gross
    for share, name in (
        (a.deadweight, "deadweight"),
        (a.displacement, "displacement"),
        (a.attribution, "attribution"),
    ):
        if share:
            impact = CONTEXT.multiply(impact, CONTEXT.subtract(_ONE, share))
            how += f", less {name} {_pct(share)}"
    remaining = CONTEXT.subtract(_ONE, a.drop_off)
    value = impact
    for year in range(benefit.first_year, benefit.end + 1):
        elapsed = year - benefit.first_year
        if elapsed:
            value = CONTEXT.multiply(value, remaining)
        words = how + (
            f", less drop-off {_pct(a.drop_off)} × {elapsed} years"
            if a.drop_off and elapsed
            else ""
        )
        yield FlowLine(
            label=benefit.label,
            initiative=benefit.initiative,
            kind=FlowKind.BENEFIT,
            year=year,
            form=benefit.form,
            party=benefit.received_by,
            directness=benefit.directness,
            category=benefit.type.value,
            cashable=benefit.cashable,
            gross=gross,
            adjusted=value,
            discount_factor=factors[year],
            present_value=CONTEXT.multiply(value, factors[year]),
            how=f"{words}; × discount factor of year {year} ({where})",
        )


def _years(
    horizon: int, factors: Sequence[Decimal], lines: Sequence[FlowLine]
) -> tuple[YearFigures, ...]:
    by_year: dict[int, list[FlowLine]] = {year: [] for year in range(horizon + 1)}
    for line in lines:
        by_year[line.year].append(line)
    cumulative = _ZERO
    out = []
    for year in range(horizon + 1):
        these = by_year[year]
        pv_costs = _sum(ln.present_value for ln in these if ln.kind is FlowKind.COST)
        pv_benefits = _sum(ln.present_value for ln in these if ln.kind is FlowKind.BENEFIT)
        cumulative = CONTEXT.add(cumulative, CONTEXT.subtract(pv_benefits, pv_costs))
        out.append(
            YearFigures(
                year=year,
                discount_factor=factors[year],
                costs=_sum(ln.adjusted for ln in these if ln.kind is FlowKind.COST),
                benefits=_sum(ln.adjusted for ln in these if ln.kind is FlowKind.BENEFIT),
                pv_costs=pv_costs,
                pv_benefits=pv_benefits,
                cumulative_pv_net=cumulative,
            )
        )
    return tuple(out)
