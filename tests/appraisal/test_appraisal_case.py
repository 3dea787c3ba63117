"""The appraisal of a business case, checked against a hand calculation and by properties."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprod.appraisal import (
    AppraisalCase,
    Benefit,
    BenefitType,
    Cost,
    FlowKind,
    Party,
    Recurrence,
    SroiAdjustments,
    VolunteerHours,
    appraise,
    parameter_set,
)
from coprod.model.grow import DEFAULT_VOLUNTEER_HOURLY_RATE, VolunteerTime
from coprod.model.resource_shift import CoProductionForm

SUB = CoProductionForm.SUBSTITUTIVE
ADD = CoProductionForm.ADDITIVE
GREEN_BOOK = parameter_set("green-book-2022")


def food_train(**changes: object) -> AppraisalCase:
    """A small hand-checkable case over years 0-3 (after the Food Train, seed 002)."""
    case = AppraisalCase(
        title="Food Train",
        horizon=3,
        optimism_bias="0.2",
        costs=[
            Cost("set-up", SUB, Party.COUNCIL, amount=10_000, initiative="food-train"),
            Cost(
                "coordinator",
                ADD,
                Party.COUNCIL,
                amount=2_000,
                first_year=1,
                last_year=3,
                recurrence=Recurrence.RECURRING,
                initiative="food-train",
            ),
        ],
        volunteer_hours=[
            VolunteerHours("drivers", ADD, hours=100, first_year=1, last_year=3, initiative="vol")
        ],
        benefits=[
            Benefit(
                "fewer home visits",
                SUB,
                Party.COUNCIL,
                BenefitType.FISCAL,
                amount=6_000,
                first_year=1,
                last_year=3,
                cashable=True,
                initiative="food-train",
                adjustments=SroiAdjustments(deadweight="0.1", attribution="0.2"),
            ),
            Benefit(
                "wellbeing",
                ADD,
                Party.CITIZENS,
                BenefitType.SOCIAL,
                amount=1_000,
                first_year=1,
                last_year=3,
                adjustments=SroiAdjustments(drop_off="0.5"),
                initiative="vol",
            ),
        ],
    )
    return attrs.evolve(case, **changes)


def close(value: Decimal | None, expected: Fraction) -> bool:
    assert value is not None
    return abs(Fraction(value) - expected) < Fraction(1, 10**25)


def test_hand_checked_npv_bcr_and_payback() -> None:
    # By hand, at 3.5 % (d_t = 1/1.035^t, d_0 = 1), optimism bias 20 % on costs:
    #   costs: year 0 set-up 10,000 × 1.2 = 12,000;
    #          years 1-3 coordinator 2,000 × 1.2 = 2,400
    #          + volunteer time 100 h × £8 (default) = 800 × 1.2 = 960  → 3,360 a year
    #   benefits: home visits 6,000 × (1 − 0.1) × (1 − 0.2) = 4,320 a year;
    #             wellbeing 1,000, then halved each year: 1,000, 500, 250
    #   PV(costs)    = 12,000 + 3,360 (d1 + d2 + d3)               = 21,413.50
    #   PV(benefits) = 5,320 d1 + 4,820 d2 + 4,570 d3              = 13,761.50
    #   NPV = −7,652.00; BCR = 0.64; never pays back within 3 years.
    d = [Fraction(1000, 1035) ** t for t in range(4)]
    pv_costs = 12_000 + 3_360 * (d[1] + d[2] + d[3])
    pv_benefits = 5_320 * d[1] + 4_820 * d[2] + 4_570 * d[3]
    result = appraise(food_train(), GREEN_BOOK, "standard")
    assert close(result.pv_costs, pv_costs)
    assert close(result.pv_benefits, pv_benefits)
    assert close(result.npv, pv_benefits - pv_costs)
    assert close(result.bcr, pv_benefits / pv_costs)
    assert result.payback_year is None
    # The same figures as presented (rounded half up to the penny / two decimals).
    summary = dict(list(result.tables())[3].rows)
    assert summary["present value of costs"] == Decimal("21413.50")
    assert summary["present value of benefits"] == Decimal("13761.50")
    assert summary["net present value"] == Decimal("-7652.00")
    assert summary["benefit-cost ratio"] == Decimal("0.64")
    assert summary["parameter set"] == "green-book-2022 (2022), standard schedule"
    assert "(default, from 001" in str(summary["volunteer hourly rate"])


def test_payback_year_is_where_the_cumulative_net_stays_non_negative() -> None:
    # 12,000 at year 0 and benefits of 5,000 a year (undiscounted cumulative: −12,000,
    # −7,000, −2,000, +3,000): with d_t = 1/1.035^t the cumulative PV net turns
    # positive in year 3 (−12,000 + 5,000 (d1 + d2 + d3) = 2,008.16).
    case = AppraisalCase(
        "payback",
        horizon=4,
        costs=[Cost("set-up", SUB, Party.COUNCIL, amount=12_000)],
        benefits=[
            Benefit("saving", SUB, Party.COUNCIL, "fiscal", amount=5_000, first_year=1, last_year=3)
        ],
    )
    result = appraise(case, GREEN_BOOK)
    assert result.payback_year == 3
    # A renewal cost in year 4 that pushes it below zero again: no payback.
    renewal = Cost("renewal", SUB, Party.COUNCIL, amount=5_000, first_year=4)
    again = appraise(attrs.evolve(case, costs=(*case.costs, renewal)), GREEN_BOOK)
    d = [Fraction(1000, 1035) ** t for t in range(5)]
    assert -12_000 + 5_000 * (d[1] + d[2] + d[3]) - 5_000 * d[4] < 0
    assert again.payback_year is None


def test_the_sroi_adjustments_apply_in_the_guides_order() -> None:
    benefit = Benefit(
        "outcome", ADD, Party.SOCIETY, BenefitType.SOCIAL, amount=1_000, first_year=0,
        last_year=2, adjustments=SroiAdjustments("0.25", "0.1", "0.4", "0.2"),
    )  # fmt: skip
    case = AppraisalCase("sroi", horizon=2, benefits=[benefit])
    lines = appraise(case, GREEN_BOOK).lines
    # Year 0: 1,000 × 0.75 (deadweight) × 0.9 (displacement) × 0.6 (attribution) = 405;
    # then drop-off takes 20 % of the year before: 324, then 259.2.
    assert [line.adjusted for line in lines] == [Decimal("405"), Decimal("324"), Decimal("259.2")]
    assert "less deadweight 25%, less displacement 10%, less attribution 40%" in lines[1].how
    assert "less drop-off 20% × 1 years" in lines[1].how


def test_changing_the_volunteer_rate_changes_every_valued_figure() -> None:
    at_8 = appraise(food_train(), GREEN_BOOK)
    at_12 = appraise(food_train(volunteer_hourly_rate="12.50"), GREEN_BOOK)
    valued_8 = [ln for ln in at_8.lines if ln.category == "citizens' time"]
    valued_12 = [ln for ln in at_12.lines if ln.category == "citizens' time"]
    assert [ln.gross for ln in valued_8] == [Decimal(800)] * 3
    assert [ln.gross for ln in valued_12] == [Decimal(1250)] * 3
    assert at_8.rate_is_default and not at_12.rate_is_default
    assert at_12.volunteer_hourly_rate == Decimal("12.50")
    assert "12.50 an hour" in str(dict(list(at_12.tables())[3].rows)["volunteer hourly rate"])
    # The difference in NPV is exactly the extra 450 a year, uplifted 20 %, discounted.
    d = [Fraction(1000, 1035) ** t for t in range(4)]
    difference = Fraction(at_8.npv) - Fraction(at_12.npv)
    assert abs(difference - 450 * Fraction(12, 10) * (d[1] + d[2] + d[3])) < Fraction(1, 10**25)


def test_the_default_rate_is_the_documented_8_pounds_from_seed_001() -> None:
    assert food_train().volunteer_hourly_rate == Decimal(112_608) / Decimal(14_076) == 8
    assert food_train().volunteer_hourly_rate == Decimal(repr(DEFAULT_VOLUNTEER_HOURLY_RATE))


def test_volunteer_time_as_a_benefit_or_left_out() -> None:
    as_benefit = appraise(food_train(volunteer_time=VolunteerTime.BENEFIT), GREEN_BOOK)
    lines = [ln for ln in as_benefit.lines if ln.category == "citizens' time"]
    assert {ln.kind for ln in lines} == {FlowKind.BENEFIT}
    assert [ln.adjusted for ln in lines] == [Decimal(800)] * 3  # no optimism bias on benefits
    excluded = appraise(food_train(volunteer_time=VolunteerTime.EXCLUDED), GREEN_BOOK)
    assert not [ln for ln in excluded.lines if ln.category == "citizens' time"]


def test_form_mix_splits_every_flow_by_year_and_form() -> None:
    result = appraise(food_train(), GREEN_BOOK)
    mix = {(m.year, m.form): m for m in result.mix}
    assert len(mix) == 4 * 2
    # Year 0: the substitutive set-up only; year 1: substitutive saving 4,320 against
    # additive coordinator 2,400 + volunteers 960, and additive wellbeing 1,000.
    assert (mix[0, SUB].costs, mix[0, ADD].costs) == (Decimal(12_000), Decimal(0))
    assert (mix[1, SUB].benefits, mix[1, SUB].costs) == (Decimal(4_320), Decimal(0))
    assert (mix[1, ADD].costs, mix[1, ADD].benefits) == (Decimal(3_360), Decimal(1_000))
    for year in result.years:
        assert mix[year.year, SUB].costs + mix[year.year, ADD].costs == year.costs
        both = Fraction(mix[year.year, SUB].pv_benefits) + Fraction(mix[year.year, ADD].pv_benefits)
        assert abs(both - Fraction(year.pv_benefits)) < Fraction(1, 10**30)


def test_unit_values_come_from_the_parameter_set() -> None:
    from coprod.appraisal import UnitValue

    local = attrs.evolve(
        GREEN_BOOK,
        id="eastbridge-unit-costs-2025",
        origin="coprod-eastbridge (plugin)",
        unit_values=[UnitValue("home visit", "37.50", "visit avoided", "Eastbridge finance, 2025")],
    )
    case = AppraisalCase(
        "visits",
        horizon=0,
        benefits=[
            Benefit(
                "visits avoided", SUB, "council", "fiscal", quantity=200, unit_value="home visit"
            )
        ],
    )
    result = appraise(case, local)
    assert result.pv_benefits == Decimal(7_500)
    assert "unit value 'home visit'" in result.lines[0].how
    with pytest.raises(ValueError, match="no unit value 'home visit'"):
        appraise(case, GREEN_BOOK)


def test_per_initiative_cases_add_up_to_the_programme() -> None:
    case = food_train()
    assert case.initiatives == ("food-train", "vol")
    whole = appraise(case, GREEN_BOOK)
    parts = [appraise(case.for_initiative(i), GREEN_BOOK) for i in case.initiatives]
    assert close(sum((p.npv for p in parts), Decimal(0)), Fraction(whole.npv))


def test_pv_by_party() -> None:
    result = appraise(food_train(), GREEN_BOOK)
    costs = result.pv_by_party(FlowKind.COST)
    d = [Fraction(1000, 1035) ** t for t in range(4)]
    assert close(costs[Party.CITIZENS], 960 * (d[1] + d[2] + d[3]))
    assert costs[Party.PARTNERS] == 0


def test_the_long_table_has_one_row_per_flow_and_year() -> None:
    tables = list(appraise(food_train(), GREEN_BOOK).tables())
    assert [t.name for t in tables] == ["cash flows", "years", "form mix", "summary"]
    rows = list(tables[0].rows)
    # set-up 1 year, coordinator 3, volunteers 3, home visits 3, wellbeing 3.
    assert len(rows) == 13
    assert len({(r[1], r[3]) for r in rows}) == 13


def test_invalid_cases_are_rejected_with_a_reason() -> None:
    with pytest.raises(ValueError, match="beyond the horizon"):
        AppraisalCase("x", horizon=2, costs=[Cost("c", SUB, "council", amount=1, first_year=3)])
    with pytest.raises(ValueError, match="one-off cost falls in one year"):
        Cost("c", SUB, "council", amount=1, first_year=0, last_year=2)
    with pytest.raises(ValueError, match=r"SUBSTITUTIVE or \.ADDITIVE"):
        Cost("c", CoProductionForm.NO_CHANGE, "council", amount=1)
    with pytest.raises(ValueError, match="either an amount or a quantity"):
        Cost("c", SUB, "council")
    with pytest.raises(ValueError, match="only fiscal benefits can be cashable"):
        Benefit("b", SUB, "council", "social", amount=1, cashable=True)
    with pytest.raises(ValueError, match="fraction from 0 to 1"):
        SroiAdjustments(deadweight="1.2")
    with pytest.raises(ValueError, match="must be from 0 to 1e12"):
        Cost("c", SUB, "council", amount=-5)
    with pytest.raises(TypeError, match="must be a number"):
        Cost("c", SUB, "council", amount=True)
    with pytest.raises(ValueError, match="'citizen'"):
        Cost("c", SUB, "citizen", amount=1)


# --- properties -------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=1_000_000, places=2)


@st.composite
def cases(draw: st.DrawFn) -> AppraisalCase:
    horizon = draw(st.integers(0, 12))

    def span() -> tuple[int, int]:
        first = draw(st.integers(0, horizon))
        return first, draw(st.integers(first, horizon))

    costs, benefits = [], []
    for n in range(draw(st.integers(0, 4))):
        first, last = span()
        costs.append(
            Cost(
                f"cost {n}", draw(st.sampled_from([SUB, ADD])), draw(st.sampled_from(Party)),
                amount=draw(amounts), first_year=first, last_year=last,
                recurrence=Recurrence.RECURRING,
            )
        )  # fmt: skip
    for n in range(draw(st.integers(0, 4))):
        first, last = span()
        shares = st.decimals(min_value=0, max_value=1, places=2)
        benefits.append(
            Benefit(
                f"benefit {n}", draw(st.sampled_from([SUB, ADD])), draw(st.sampled_from(Party)),
                draw(st.sampled_from(BenefitType)), amount=draw(amounts), first_year=first,
                last_year=last,
                adjustments=SroiAdjustments(draw(shares), draw(shares), draw(shares), draw(shares)),
            )
        )  # fmt: skip
    return AppraisalCase(
        "drawn", horizon, costs, benefits, optimism_bias=draw(st.sampled_from(["0", "0.24"]))
    )


def _scaled(case: AppraisalCase, k: int) -> AppraisalCase:
    return attrs.evolve(
        case,
        costs=[attrs.evolve(c, amount=c.amount * k) for c in case.costs],
        benefits=[attrs.evolve(b, amount=b.amount * k) for b in case.benefits],
    )


@given(cases(), st.integers(0, 50))
def test_npv_is_linear_in_the_flows(case: AppraisalCase, k: int) -> None:
    npv = appraise(case, GREEN_BOOK).npv
    assert abs(appraise(_scaled(case, k), GREEN_BOOK).npv - k * npv) < Decimal("1e-20")


@given(cases(), cases())
def test_npv_of_two_cases_together_is_the_sum(a: AppraisalCase, b: AppraisalCase) -> None:
    horizon = max(a.horizon, b.horizon)
    joint = AppraisalCase("joint", horizon, (*a.costs, *b.costs), (*a.benefits, *b.benefits))
    a0 = attrs.evolve(a, horizon=horizon, optimism_bias=0)
    b0 = attrs.evolve(b, horizon=horizon, optimism_bias=0)
    total = appraise(a0, GREEN_BOOK).npv + appraise(b0, GREEN_BOOK).npv
    assert abs(appraise(joint, GREEN_BOOK).npv - total) < Decimal("1e-20")


@given(cases())
def test_results_are_consistent(case: AppraisalCase) -> None:
    result = appraise(case, GREEN_BOOK)
    assert abs(
        Fraction(result.npv) - (Fraction(result.pv_benefits) - Fraction(result.pv_costs))
    ) < (Fraction(1, 10**30))
    assert result.pv_costs >= 0 and result.pv_benefits >= 0
    if result.pv_costs:
        assert result.bcr is not None
        assert (result.bcr > 1) == (result.npv > 0) or result.npv == 0
    else:
        assert result.bcr is None
    # Every year's figures are the sum of its lines.
    for year in result.years:
        lines = [ln for ln in result.lines if ln.year == year.year]
        lines_pv = sum(Fraction(ln.present_value) for ln in lines if ln.kind is FlowKind.COST)
        assert abs(Fraction(year.pv_costs) - lines_pv) < Fraction(1, 10**30)
    if result.payback_year is not None:
        assert all(y.cumulative_pv_net >= 0 for y in result.years[result.payback_year :])
        if result.payback_year > 0:
            assert result.years[result.payback_year - 1].cumulative_pv_net < 0


@given(cases())
def test_appraisal_is_deterministic(case: AppraisalCase) -> None:
    assert appraise(case, GREEN_BOOK) == appraise(case, GREEN_BOOK)
