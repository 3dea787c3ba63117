"""Switching values, tornado data and the tornado chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprod.appraisal import (
    AppraisalCase,
    Benefit,
    Cost,
    Recurrence,
    Scenario,
    SroiAdjustments,
    VolunteerHours,
    benefits_factor,
    costs_factor,
    discount_rate,
    flow_amount,
    optimism_bias,
    parameter_set,
    sroi_adjustment,
    switching_value,
    tornado,
    tornado_svg,
    volunteer_rate,
)
from coprod.model.resource_shift import CoProductionForm

SUB = CoProductionForm.SUBSTITUTIVE
ADD = CoProductionForm.ADDITIVE
GREEN_BOOK = parameter_set("green-book-2022")
D = [Fraction(1000, 1035) ** t for t in range(6)]


def case() -> AppraisalCase:
    # Costs: 20,000 at year 0 plus 1,000 a year (years 1-5) borne by the council; 200
    # volunteer hours a year (years 1-5) at £8. Benefits: 6,000 a year (years 1-5),
    # deadweight 25 %.
    return AppraisalCase(
        "switching",
        horizon=5,
        costs=[
            Cost("set-up", SUB, "council", amount=20_000),
            Cost(
                "running",
                ADD,
                "council",
                amount=1_000,
                first_year=1,
                last_year=5,
                recurrence=Recurrence.RECURRING,
            ),
        ],
        volunteer_hours=[VolunteerHours("volunteers", ADD, hours=200, first_year=1, last_year=5)],
        benefits=[
            Benefit(
                "saving",
                SUB,
                "council",
                "fiscal",
                amount=6_000,
                first_year=1,
                last_year=5,
                adjustments=SroiAdjustments(deadweight="0.25"),
            )
        ],
    )


ANNUITY = sum(D[1:6], Fraction(0))
PV_BENEFITS = Fraction(4_500) * ANNUITY  # 6,000 × 0.75
PV_MONEY_COSTS = 20_000 + 1_000 * ANNUITY
PV_VOLUNTEERS = 1_600 * ANNUITY  # 200 h × £8
PV_COSTS = PV_MONEY_COSTS + PV_VOLUNTEERS


def scenario() -> Scenario:
    return Scenario(case(), GREEN_BOOK)


def near(value: Decimal | None, expected: Fraction, within: Fraction = Fraction(1, 10**20)) -> bool:
    assert value is not None
    return abs(Fraction(value) - expected) < within


def test_the_base_case_by_hand() -> None:
    assert near(scenario().npv(), PV_BENEFITS - PV_COSTS)


def test_switching_value_of_benefits_is_pv_costs_over_pv_benefits() -> None:
    found = switching_value(scenario(), benefits_factor("0.5", "1.5"))
    assert found.method == "exact" and found.in_domain
    assert near(found.value, PV_COSTS / PV_BENEFITS)


def test_switching_value_of_costs_and_of_the_volunteer_rate() -> None:
    # Costs factor k (money costs only): PVB − k PV_money − PV_vol = 0.
    costs = switching_value(scenario(), costs_factor("0.8", "1.5"))
    assert near(costs.value, (PV_BENEFITS - PV_VOLUNTEERS) / PV_MONEY_COSTS)
    # Rate r: PVB − PV_money − 200 r ANNUITY = 0.
    rate = switching_value(scenario(), volunteer_rate(8, 0, 15))
    assert near(rate.value, (PV_BENEFITS - PV_MONEY_COSTS) / (200 * ANNUITY))


def test_switching_value_of_deadweight_and_of_one_flow() -> None:
    deadweight = switching_value(scenario(), sroi_adjustment(case(), "saving", "deadweight"))
    # 6,000 (1 − d) ANNUITY = PV_COSTS.
    assert near(deadweight.value, 1 - PV_COSTS / (6_000 * ANNUITY))
    setup = switching_value(scenario(), flow_amount(case(), "set-up"))
    assert near(setup.value, PV_BENEFITS - (PV_COSTS - 20_000))


def test_optimism_bias_switching_value_may_lie_outside_the_domain() -> None:
    found = switching_value(scenario(), optimism_bias(0, 0, "0.6"))
    assert near(found.value, PV_BENEFITS / PV_COSTS - 1)
    assert found.in_domain == (found.value is not None and found.value >= 0)


def test_a_flat_discount_rate_is_found_by_bisection_to_the_tolerance() -> None:
    # 100 now, 110 in a year: NPV = 0 at exactly 10 %.
    simple = AppraisalCase(
        "irr",
        horizon=1,
        costs=[Cost("invest", SUB, "council", amount=100)],
        benefits=[Benefit("return", SUB, "council", "fiscal", amount=110, first_year=1)],
    )
    tolerance = Decimal("1e-7")
    found = switching_value(
        Scenario(simple, GREEN_BOOK), discount_rate("0.035", 0, "0.5"), tolerance=tolerance
    )
    assert found.method == "bisection"
    assert found.value is not None
    assert abs(found.value - Decimal("0.1")) <= tolerance


def test_no_switching_value_when_npv_keeps_its_sign_or_ignores_the_input() -> None:
    no_sign_change = switching_value(
        scenario(), sroi_adjustment(case(), "saving", "drop_off", "0", "0.5")
    )
    assert no_sign_change.value is None
    assert "does not change sign" in no_sign_change.reason
    no_volunteers = Scenario(
        AppraisalCase("x", horizon=1, costs=[Cost("c", SUB, "council", amount=5)]), GREEN_BOOK
    )
    flat = switching_value(no_volunteers, volunteer_rate(8, 0, 20))
    assert flat.value is None and "does not depend" in flat.reason


@given(st.decimals(min_value="0.1", max_value="3", places=2))
def test_npv_at_the_switching_value_is_zero(scale: Decimal) -> None:
    from coprod.appraisal import Scenario as S

    found = switching_value(S(case(), GREEN_BOOK), benefits_factor(scale / 2, scale))
    assert found.value is not None
    at = benefits_factor().apply(scenario(), found.value).npv()
    assert abs(at) < Decimal("1e-20")


def test_tornado_is_sorted_by_swing_with_the_npvs_at_each_end() -> None:
    data = tornado(
        scenario(),
        [volunteer_rate(8, 0, 16), benefits_factor("0.5", "1.5"), costs_factor("0.9", "1.1")],
    )
    assert [bar.assumption for bar in data.bars] == [
        "benefits (× estimate)",
        "volunteer hourly rate",
        "costs (× estimate)",
    ]
    swings = [bar.swing for bar in data.bars]
    assert swings == sorted(swings, reverse=True)
    benefits = data.bars[0]
    assert near(benefits.npv_low, PV_BENEFITS / 2 - PV_COSTS)
    assert near(benefits.npv_high, PV_BENEFITS * 3 / 2 - PV_COSTS)
    assert near(benefits.swing, PV_BENEFITS)  # from 0.5× to 1.5× the benefits
    assert data.parameters.id == "green-book-2022"
    with pytest.raises(ValueError, match="needs a low and a high"):
        tornado(scenario(), [benefits_factor()])


def test_assumption_ranges_are_checked() -> None:
    with pytest.raises(ValueError, match="outside 0 to 1"):
        sroi_adjustment(case(), "saving", "deadweight", "0", "1.5")
    with pytest.raises(ValueError, match="is above high"):
        benefits_factor("2", "1")
    with pytest.raises(KeyError, match="expected one cost or benefit labelled 'nope'"):
        flow_amount(case(), "nope")


def test_tornado_svg_escapes_labels_and_is_accessible() -> None:
    hostile = AppraisalCase(
        'A <script>alert("x")</script> & co',
        horizon=1,
        costs=[Cost('<b>set-up</b> "quoted"', SUB, "council", amount=100)],
        benefits=[Benefit("saving", SUB, "council", "fiscal", amount=150, first_year=1)],
    )
    data = tornado(
        Scenario(hostile, GREEN_BOOK),
        [flow_amount(hostile, '<b>set-up</b> "quoted"', 50, 200), benefits_factor("0.5", "2")],
    )
    svg = tornado_svg(data, title="Tornado <for> you & me")
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;b&gt;set-up&lt;/b&gt; &quot;quoted&quot;" in svg
    root = ET.fromstring(svg)  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.find(f"{ns}title").text == "Tornado <for> you & me"  # type: ignore[union-attr]
    assert "Base NPV" in (root.find(f"{ns}desc").text or "")  # type: ignore[union-attr]
    bars = list(root.iter(f"{ns}rect"))
    assert len(bars) == 2 * len(data.bars)
    # The widest swing is drawn first (top).
    labels = [t.text for t in root.iter(f"{ns}text") if t.get("font-size") == "13"]
    assert labels[1:] == [bar.assumption for bar in data.bars]


def test_tornado_svg_with_no_bars_is_still_a_chart() -> None:
    data = tornado(scenario(), [])
    root = ET.fromstring(tornado_svg(data))
    assert root.tag.endswith("svg")
