"""The report's business-case section: the document's ``[business_case]``, appraised.

:func:`appraisal_case` is the **one place** where a document's business case
(:class:`~coprod.model.business_case.BusinessCaseInputs`, plain numbers and words)
becomes :mod:`coprod.appraisal` inputs: every amount as the decimal it was written
as, every category as the appraisal's enum, the volunteer hourly rate the document
states (or the £8.00 default of seed ``001_…``, labelled as such) and its currency.
:func:`business_case_section` appraises the programme and each initiative with the
named parameter set (default ``green-book-2022``), and computes the tornado and the
switching values over the document's stated ranges (or the default ranges, stated).

The arithmetic is all :mod:`coprod.appraisal`'s (``docs/appraisal.md``); nothing is
computed here but the mapping.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import attrs

from coprod.appraisal import (
    AppraisalCase,
    AppraisalResult,
    Assumption,
    Benefit,
    BenefitType,
    Cost,
    Directness,
    ParameterSet,
    Party,
    Recurrence,
    Scenario,
    SroiAdjustments,
    SwitchingValue,
    Tornado,
    VolunteerHours,
    benefits_factor,
    costs_factor,
    discount_rate,
    flow_amount,
    optimism_bias,
    parameter_set,
    switching_value,
    tornado,
    volunteer_rate,
)
from coprod.appraisal._numbers import present_money, present_ratio
from coprod.model.assessment import Assessment
from coprod.model.business_case import BusinessCaseInputs, SensitivityRange
from coprod.report_value import Table

__all__ = [
    "DEFAULT_RANGES",
    "BusinessCaseSection",
    "InitiativeCase",
    "appraisal_case",
    "business_case_section",
]

#: The ranges used when a document states none (said so in the report).
DEFAULT_RANGES = (
    SensitivityRange("benefits", 0.8, 1.2),
    SensitivityRange("costs", 0.8, 1.2),
)


def _decimal(value: float) -> Decimal:
    """A document number as the decimal it was written as (no binary noise)."""
    return Decimal(format(value, ".15g"))


def volunteer_rate_of(assessment: Assessment) -> Decimal | None:
    """The document's volunteer hourly rate as a decimal (``None``: the £8.00 default)."""
    rate = assessment.volunteer_hourly_rate
    return None if rate is None else _decimal(rate)


def appraisal_case(assessment: Assessment, case: BusinessCaseInputs | None = None) -> AppraisalCase:
    """The document's business case as a :class:`~coprod.appraisal.AppraisalCase`.

    The volunteer hourly rate is the document's ``volunteer_hourly_rate`` (default
    £8.00, seed ``001_…``) and the currency the document's ``currency``.
    """
    inputs = case if case is not None else assessment.business_case
    if inputs is None:
        raise ValueError("the assessment has no [business_case]")
    extra = {}
    rate = volunteer_rate_of(assessment)
    if rate is not None:
        extra["volunteer_hourly_rate"] = rate
    return AppraisalCase(
        title=inputs.title,
        horizon=inputs.years,
        costs=tuple(
            Cost(
                c.label,
                c.form,
                Party(c.borne_by),
                amount=_decimal(c.amount),
                first_year=c.first_year,
                last_year=c.end,
                recurrence=Recurrence(c.recurrence),
                directness=Directness(c.directness),
                initiative=c.initiative,
            )
            for c in inputs.costs
        ),
        benefits=tuple(
            Benefit(
                b.label,
                b.form,
                Party(b.received_by),
                BenefitType(b.type),
                amount=_decimal(b.amount),
                first_year=b.first_year,
                last_year=b.end,
                directness=Directness(b.directness),
                cashable=b.cashable,
                adjustments=SroiAdjustments(
                    deadweight=_decimal(b.deadweight),
                    displacement=_decimal(b.displacement),
                    attribution=_decimal(b.attribution),
                    drop_off=_decimal(b.drop_off),
                ),
                initiative=b.initiative,
            )
            for b in inputs.benefits
        ),
        volunteer_hours=tuple(
            VolunteerHours(
                v.label,
                v.form,
                hours=_decimal(v.hours),
                first_year=v.first_year,
                last_year=v.end,
                initiative=v.initiative,
            )
            for v in inputs.volunteer_hours
        ),
        volunteer_time=inputs.volunteer_time,
        optimism_bias=_decimal(inputs.optimism_bias),
        currency=assessment.currency,
        **extra,
    )


def _assumption(item: SensitivityRange, case: AppraisalCase) -> Assumption:
    low, high = _decimal(item.low), _decimal(item.high)
    if item.assumption == "benefits":
        return benefits_factor(low, high)
    if item.assumption == "costs":
        return costs_factor(low, high)
    if item.assumption == "optimism bias":
        return optimism_bias(case.optimism_bias, low, high)
    if item.assumption == "volunteer rate":
        return volunteer_rate(case.volunteer_hourly_rate, low, high)
    if item.assumption == "discount rate":
        # The flat rate nearest the standard schedule's first band (3.5 %) as the base.
        base = min(max(Decimal("0.035"), low), high)
        return discount_rate(base, low, high)
    assert item.flow is not None
    return flow_amount(case, item.flow, low, high)


@attrs.frozen
class InitiativeCase:
    """One initiative's appraisal within the programme."""

    initiative: str
    name: str
    result: AppraisalResult


@attrs.frozen
class BusinessCaseSection:
    """The business case as the report shows it: programme, initiatives, sensitivity.

    ``parameters`` is the parameter set used (stated in every format), ``ranges``
    the sensitivity ranges and ``default_ranges`` whether they are coprod's defaults
    (the document stated none). ``volunteer_hourly_rate`` and ``rate_is_default``
    say which rate valued citizens' time.
    """

    programme: AppraisalResult
    initiatives: tuple[InitiativeCase, ...]
    tornado: Tornado | None
    switching_values: tuple[SwitchingValue, ...]
    ranges: tuple[SensitivityRange, ...]
    default_ranges: bool

    @property
    def volunteer_hourly_rate(self) -> Decimal:
        """The rate that valued every volunteer hour."""
        return self.programme.volunteer_hourly_rate

    @property
    def rate_is_default(self) -> bool:
        """True when that rate is the £8.00 default (seed 001)."""
        return self.programme.rate_is_default

    def rate_source(self) -> str:
        """Where the rate comes from, in words: the seed's default or the document."""
        if self.rate_is_default:
            return "the default: £112,608 / 14,076 hours, Wiltshire, seed 001"
        return "stated in the document"

    def rate_text(self) -> str:
        """The rate in words with its currency code, labelled as the default when it is."""
        rate = f"{present_money(self.volunteer_hourly_rate)} {self.programme.currency} an hour"
        return f"{rate} ({self.rate_source()})"

    def rows(
        self,
    ) -> Iterator[tuple[str, str, Decimal, Decimal, Decimal, Decimal | None, int | None]]:
        """Each initiative's and the programme's PV costs, PV benefits, NPV, BCR, payback."""
        for item in (*self.initiatives, InitiativeCase("", "whole programme", self.programme)):
            r = item.result
            yield (
                item.initiative or "(programme)",
                item.name,
                present_money(r.pv_costs),
                present_money(r.pv_benefits),
                present_money(r.npv),
                None if r.bcr is None else present_ratio(r.bcr),
                r.payback_year,
            )

    def tables(self) -> Iterator[Table]:
        """The business-case table, then every cash flow (long) of the programme."""
        yield Table(
            name="business case",
            title=(
                f"Business case over {self.programme.horizon} years ({self.programme.currency}; "
                f"{self.programme.parameters}; volunteer time at {self.rate_text()})"
            ),
            columns=(
                "initiative",
                "name",
                "pv costs",
                "pv benefits",
                "npv",
                "bcr",
                "payback year",
            ),
            rows=self.rows(),
        )
        tables = self.programme.tables()
        cash_flows = next(tables)
        yield attrs.evolve(cash_flows, name="business case cash flows")


def _result(scenario: Scenario) -> AppraisalResult:
    return scenario.appraise()


def business_case_section(
    assessment: Assessment, *, extra_parameters: tuple[ParameterSet, ...] = ()
) -> BusinessCaseSection | None:
    """The appraised business case of ``assessment``, or ``None`` if it has none.

    The programme and every initiative its flows name are appraised with the
    document's parameter set and schedule; the tornado and switching values use
    the document's ranges (``[[business_case.sensitivity]]``) or
    :data:`DEFAULT_RANGES`.
    """
    inputs = assessment.business_case
    if inputs is None:
        return None
    case = appraisal_case(assessment, inputs)
    parameters = parameter_set(inputs.parameter_set, extra=extra_parameters)
    scenario = Scenario(case, parameters, inputs.schedule)
    programme = _result(scenario)
    names = {i.id: i.name for i in assessment.initiatives}
    per_initiative = tuple(
        InitiativeCase(
            initiative,
            names.get(initiative, initiative),
            _result(attrs.evolve(scenario, case=case.for_initiative(initiative))),
        )
        for initiative in case.initiatives
    )
    ranges = inputs.sensitivity or DEFAULT_RANGES
    assumptions = [_assumption(r, case) for r in ranges]
    has_flows = bool(case.costs or case.benefits or case.volunteer_hours)
    chart = tornado(scenario, assumptions) if has_flows else None
    switching = tuple(switching_value(scenario, a) for a in assumptions) if has_flows else ()
    return BusinessCaseSection(
        programme=programme,
        initiatives=per_initiative,
        tornado=chart,
        switching_values=switching,
        ranges=tuple(ranges),
        default_ranges=not inputs.sensitivity,
    )
