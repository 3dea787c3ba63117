"""Pinned answers for the Co-Production Priority Matrix (``002_…``, ``003_…``).

Issue 10: a hand mutation run found that the quick-win impact threshold moved from
3.0 to 3.5, and effort computed with the investment and risk weights on the wrong
ratings, both survived every test. The defaults weigh everything equally, so a
swapped weight is invisible there: the tests below use unequal weights and work the
weighted means out by hand.
"""

from __future__ import annotations

import math

import pytest

from coprod.model.priority import (
    DEFAULT_PRIORITY_SCHEME,
    PriorityPosition,
    PriorityQuadrant,
    PriorityRatings,
    PriorityScheme,
    place_on_priority_matrix,
)

Q = PriorityQuadrant


def ratings(investment: int, risk: int, savings: int, outcomes: int) -> PriorityRatings:
    return PriorityRatings(investment=investment, risk=risk, savings=savings, outcomes=outcomes)


# Default scheme: impact = (savings + outcomes) / 2, effort = (investment + risk) / 2,
# "high" strictly above 3, the scale's midpoint (003_… line 42: "'Quick wins' (high
# impact, low effort initiatives)"; 002_… line 270: "investment, risk, savings, and
# improved outcomes").
DEFAULT_CASES = [
    # (investment, risk, savings, outcomes) -> impact, effort, quadrant
    ((1, 2, 4, 5), 4.5, 1.5, Q.QUICK_WIN),  # the docstring's example
    ((1, 1, 3, 4), 3.5, 1.0, Q.QUICK_WIN),  # impact 3.5 is above 3: a quick win
    ((1, 1, 4, 3), 3.5, 1.0, Q.QUICK_WIN),
    ((3, 3, 3, 4), 3.5, 3.0, Q.QUICK_WIN),  # effort exactly 3 is not high
    ((3, 4, 3, 4), 3.5, 3.5, Q.MAJOR_PROJECT),
    ((5, 5, 5, 5), 5.0, 5.0, Q.MAJOR_PROJECT),
    ((3, 3, 3, 3), 3.0, 3.0, Q.FILL_IN),  # middling is not high on either axis
    ((1, 1, 2, 4), 3.0, 1.0, Q.FILL_IN),
    ((1, 1, 1, 1), 1.0, 1.0, Q.FILL_IN),
    ((4, 3, 3, 3), 3.0, 3.5, Q.BACK_BURNER),
    ((5, 4, 1, 2), 1.5, 4.5, Q.BACK_BURNER),
]


@pytest.mark.parametrize(("given", "impact", "effort", "quadrant"), DEFAULT_CASES)
def test_default_scheme_by_hand(
    given: tuple[int, int, int, int], impact: float, effort: float, quadrant: PriorityQuadrant
) -> None:
    position = place_on_priority_matrix(ratings(*given))
    assert position == PriorityPosition(impact=impact, effort=effort, quadrant=quadrant)
    assert DEFAULT_PRIORITY_SCHEME.impact(ratings(*given)) == impact
    assert DEFAULT_PRIORITY_SCHEME.effort(ratings(*given)) == effort


def test_the_default_thresholds_are_the_midpoint_3() -> None:
    scheme = PriorityScheme()
    assert scheme == DEFAULT_PRIORITY_SCHEME
    assert (scheme.impact_threshold, scheme.effort_threshold) == (3.0, 3.0)
    assert (
        scheme.savings_weight,
        scheme.outcomes_weight,
        scheme.investment_weight,
        scheme.risk_weight,
    ) == (0.5, 0.5, 0.5, 0.5)
    # 3.5 is above a threshold of 3 (quick win) but not above 3.5 (fill-in).
    assert scheme.quadrant(impact=3.5, effort=1) is Q.QUICK_WIN
    assert scheme.quadrant(impact=3.0, effort=1) is Q.FILL_IN
    assert scheme.quadrant(impact=1, effort=3.5) is Q.BACK_BURNER
    assert scheme.quadrant(impact=1, effort=3.0) is Q.FILL_IN


def test_effort_puts_each_weight_on_its_own_rating() -> None:
    # Investment weighs 3, risk 1: effort = (3 * investment + 1 * risk) / 4.
    scheme = PriorityScheme(investment_weight=3, risk_weight=1)
    assert scheme.investment_share == 0.75
    assert scheme.risk_share == 0.25
    costly_safe = ratings(investment=5, risk=1, savings=4, outcomes=4)
    cheap_risky = ratings(investment=1, risk=5, savings=4, outcomes=4)
    assert scheme.effort(costly_safe) == 4.0  # (15 + 1) / 4; swapped weights give 2.0
    assert scheme.effort(cheap_risky) == 2.0  # (3 + 5) / 4; swapped weights give 4.0
    assert place_on_priority_matrix(costly_safe, scheme).quadrant is Q.MAJOR_PROJECT
    assert place_on_priority_matrix(cheap_risky, scheme).quadrant is Q.QUICK_WIN
    # Risk weighs 3, investment 1: the other way round.
    other = PriorityScheme(investment_weight=1, risk_weight=3)
    assert other.effort(costly_safe) == 2.0
    assert other.effort(cheap_risky) == 4.0


def test_impact_puts_each_weight_on_its_own_rating() -> None:
    # Savings weigh 3, outcomes 1: impact = (3 * savings + 1 * outcomes) / 4.
    scheme = PriorityScheme(savings_weight=3, outcomes_weight=1)
    assert scheme.savings_share == 0.75
    assert scheme.outcomes_share == 0.25
    saves = ratings(investment=2, risk=2, savings=5, outcomes=1)
    improves = ratings(investment=2, risk=2, savings=1, outcomes=5)
    assert scheme.impact(saves) == 4.0
    assert scheme.impact(improves) == 2.0
    assert place_on_priority_matrix(saves, scheme).quadrant is Q.QUICK_WIN
    assert place_on_priority_matrix(improves, scheme).quadrant is Q.FILL_IN
    other = PriorityScheme(savings_weight=1, outcomes_weight=3)
    assert other.impact(saves) == 2.0
    assert other.impact(improves) == 4.0


def test_a_zero_weight_ignores_its_rating() -> None:
    scheme = PriorityScheme(savings_weight=0, outcomes_weight=2, investment_weight=0, risk_weight=1)
    assert scheme.impact(ratings(1, 2, 5, 4)) == 4.0
    assert scheme.effort(ratings(1, 2, 5, 4)) == 2.0
    assert (scheme.savings_share, scheme.investment_share) == (0.0, 0.0)


def test_own_thresholds() -> None:
    scheme = PriorityScheme(impact_threshold=4, effort_threshold=2)
    # impact 4 is not above 4; effort 2.5 is above 2.
    assert place_on_priority_matrix(ratings(2, 3, 4, 4), scheme).quadrant is Q.BACK_BURNER
    assert place_on_priority_matrix(ratings(2, 2, 4, 5), scheme).quadrant is Q.QUICK_WIN
    assert place_on_priority_matrix(ratings(3, 2, 5, 4), scheme).quadrant is Q.MAJOR_PROJECT


def test_rounding_never_makes_a_middling_rating_high() -> None:
    # Weights 0.1 and 0.4 make shares 0.2 and 0.8; in IEEE doubles 0.2 * 3 is
    # 0.6000000000000001 and 0.8 * 3 is 2.4000000000000004, so ratings of 3 weigh in
    # at 3.0000000000000004 -- which is not "above 3".
    scheme = PriorityScheme(savings_weight=0.1, outcomes_weight=0.4)
    impact = scheme.impact(ratings(1, 1, 3, 3))
    assert impact > 3.0  # float rounding...
    assert impact - 3.0 < 1e-12
    assert place_on_priority_matrix(ratings(1, 1, 3, 3), scheme).quadrant is Q.FILL_IN
    # ...but a real difference, however small on a 1-5 scale, still counts.
    fine = PriorityScheme(savings_weight=1, outcomes_weight=999)
    assert math.isclose(fine.impact(ratings(1, 1, 4, 3)), 3.001)
    assert place_on_priority_matrix(ratings(1, 1, 4, 3), fine).quadrant is Q.QUICK_WIN
    assert fine.quadrant(impact=3.0 + 1e-8, effort=1) is Q.QUICK_WIN
    assert fine.quadrant(impact=3.0 + 1e-10, effort=1) is Q.FILL_IN
    # "Above by more than 1e-9": exactly threshold + 1e-9 is not high.
    assert fine.quadrant(impact=3.0 + 1e-9, effort=3.0 + 1e-9) is Q.FILL_IN
    assert fine.quadrant(impact=1, effort=3.0 + 1e-8) is Q.BACK_BURNER
    assert fine.quadrant(impact=1, effort=3.0 + 1e-10) is Q.FILL_IN


@pytest.mark.parametrize(
    "field", ["savings_weight", "outcomes_weight", "investment_weight", "risk_weight"]
)
def test_weights_must_be_finite_non_negative_numbers(field: str) -> None:
    for bad in (True, "1", None):
        with pytest.raises(TypeError, match=rf"^{field} must be a number, got "):
            PriorityScheme(**{field: bad})  # type: ignore[arg-type]
    for bad in (-0.1, -1, math.inf, math.nan):
        with pytest.raises(ValueError, match=rf"^{field} must be a finite number >= 0, got "):
            PriorityScheme(**{field: bad})
    assert getattr(PriorityScheme(**{field: 0}), field) == 0
    assert getattr(PriorityScheme(**{field: 7}), field) == 7


@pytest.mark.parametrize("field", ["impact_threshold", "effort_threshold"])
def test_thresholds_are_checked_like_weights(field: str) -> None:
    with pytest.raises(TypeError, match=rf"^{field} must be a number"):
        PriorityScheme(**{field: False})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=rf"^{field} must be a finite number >= 0"):
        PriorityScheme(**{field: -1})
    assert getattr(PriorityScheme(**{field: 0}), field) == 0


def test_each_axis_needs_a_positive_weight() -> None:
    with pytest.raises(ValueError, match=r"^savings_weight and outcomes_weight must not both be 0"):
        PriorityScheme(savings_weight=0, outcomes_weight=0)
    with pytest.raises(ValueError, match=r"^investment_weight and risk_weight must not both be 0"):
        PriorityScheme(investment_weight=0, risk_weight=0)
    # One zero on each axis is fine.
    PriorityScheme(savings_weight=0, risk_weight=0)
    PriorityScheme(outcomes_weight=0, investment_weight=0)


@pytest.mark.parametrize("field", ["investment", "risk", "savings", "outcomes"])
def test_ratings_are_integers_from_1_to_5(field: str) -> None:
    base = {"investment": 3, "risk": 3, "savings": 3, "outcomes": 3}
    for good in (1, 5):
        assert getattr(PriorityRatings(**{**base, field: good}), field) == good
    for bad in (0, 6, -1):
        with pytest.raises(ValueError, match=rf"^{field} must be an integer from 1 to 5, got "):
            PriorityRatings(**{**base, field: bad})
    for wrong in (True, 3.0, "3", None):
        with pytest.raises(TypeError, match=rf"^{field} must be an integer from 1 to 5, got "):
            PriorityRatings(**{**base, field: wrong})  # type: ignore[arg-type]


def test_quadrant_axes_and_partial_order() -> None:
    # Impact and effort of each quadrant (003_… line 42; 002_… Figure 2).
    assert [q.high_impact for q in Q] == [True, True, False, False]
    assert [q.high_effort for q in Q] == [False, True, False, True]
    # at_least_as_good_as: no worse on impact and no worse (no higher) on effort.
    better = {
        Q.QUICK_WIN: {Q.QUICK_WIN, Q.MAJOR_PROJECT, Q.FILL_IN, Q.BACK_BURNER},
        Q.MAJOR_PROJECT: {Q.MAJOR_PROJECT, Q.BACK_BURNER},
        Q.FILL_IN: {Q.FILL_IN, Q.BACK_BURNER},
        Q.BACK_BURNER: {Q.BACK_BURNER},
    }
    for q in Q:
        assert {other for other in Q if q.at_least_as_good_as(other)} == better[q]
