"""The Priority Matrix: total, monotone, and its scheme is a replaceable value."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprod import (
    DEFAULT_PRIORITY_SCHEME,
    PriorityQuadrant,
    PriorityRatings,
    PriorityScheme,
    place_on_priority_matrix,
)

rating = st.integers(min_value=1, max_value=5)
ratings = st.builds(PriorityRatings, rating, rating, rating, rating)
weight = st.floats(min_value=0, max_value=100, allow_nan=False)


@st.composite
def valid_schemes(draw: st.DrawFn) -> PriorityScheme:
    sw, ow = draw(weight), draw(weight)
    iw, rw = draw(weight), draw(weight)
    if sw + ow == 0:
        sw = 1.0
    if iw + rw == 0:
        iw = 1.0
    return PriorityScheme(
        savings_weight=sw,
        outcomes_weight=ow,
        investment_weight=iw,
        risk_weight=rw,
        impact_threshold=draw(st.floats(min_value=1, max_value=5)),
        effort_threshold=draw(st.floats(min_value=1, max_value=5)),
    )


def test_quick_win_is_high_impact_low_effort() -> None:
    position = place_on_priority_matrix(
        PriorityRatings(investment=1, risk=2, savings=4, outcomes=5)
    )
    assert position.quadrant is PriorityQuadrant.QUICK_WIN
    assert (position.impact, position.effort) == (4.5, 1.5)
    assert (
        place_on_priority_matrix(PriorityRatings(5, 5, 1, 1)).quadrant
        is PriorityQuadrant.BACK_BURNER
    )
    assert (
        place_on_priority_matrix(PriorityRatings(5, 4, 5, 4)).quadrant
        is PriorityQuadrant.MAJOR_PROJECT
    )
    # A middling activity is not "high" on either axis.
    assert (
        place_on_priority_matrix(PriorityRatings(3, 3, 3, 3)).quadrant is PriorityQuadrant.FILL_IN
    )


@given(r=ratings, scheme=valid_schemes())
def test_position_is_total_and_on_the_scale(r: PriorityRatings, scheme: PriorityScheme) -> None:
    position = place_on_priority_matrix(r, scheme)
    assert 1 - 1e-9 <= position.impact <= 5 + 1e-9
    assert 1 - 1e-9 <= position.effort <= 5 + 1e-9
    assert position == place_on_priority_matrix(r, scheme)
    assert position.quadrant.high_impact == (position.impact > scheme.impact_threshold + 1e-9)
    assert position.quadrant.high_effort == (position.effort > scheme.effort_threshold + 1e-9)


@given(r=rating, scheme=valid_schemes(), threshold=st.sampled_from([1.0, 2.0, 2.5, 3.0, 4.0]))
def test_equal_ratings_are_high_exactly_when_above_the_threshold(
    r: int, scheme: PriorityScheme, threshold: float
) -> None:
    # Weighted means of equal ratings carry float rounding; the quadrant must not.
    scheme = attrs.evolve(scheme, impact_threshold=threshold, effort_threshold=threshold)
    position = place_on_priority_matrix(PriorityRatings(r, r, r, r), scheme)
    assert position.quadrant.high_impact == (r > threshold)
    assert position.quadrant.high_effort == (r > threshold)


@given(r=ratings, data=st.data(), scheme=valid_schemes())
def test_better_ratings_never_move_to_a_worse_quadrant(
    r: PriorityRatings, data: st.DataObject, scheme: PriorityScheme
) -> None:
    better = PriorityRatings(
        investment=data.draw(st.integers(1, r.investment)),
        risk=data.draw(st.integers(1, r.risk)),
        savings=data.draw(st.integers(r.savings, 5)),
        outcomes=data.draw(st.integers(r.outcomes, 5)),
    )
    before = place_on_priority_matrix(r, scheme).quadrant
    after = place_on_priority_matrix(better, scheme).quadrant
    assert after.at_least_as_good_as(before)


def test_quadrant_order_is_a_partial_order() -> None:
    q = PriorityQuadrant
    assert all(q.QUICK_WIN.at_least_as_good_as(other) for other in q)
    assert all(other.at_least_as_good_as(q.BACK_BURNER) for other in q)
    assert not q.MAJOR_PROJECT.at_least_as_good_as(q.FILL_IN)
    assert not q.FILL_IN.at_least_as_good_as(q.MAJOR_PROJECT)


@pytest.mark.parametrize("bad", [0, 6, -1, True, 2.5, "3"])
@pytest.mark.parametrize("field", ["investment", "risk", "savings", "outcomes"])
def test_ratings_are_integers_from_1_to_5(field: str, bad: object) -> None:
    values: dict[str, object] = dict(investment=3, risk=3, savings=3, outcomes=3)
    values[field] = bad
    with pytest.raises((ValueError, TypeError), match=f"{field} must be an integer from 1 to 5"):
        PriorityRatings(**values)  # type: ignore[arg-type]


def test_scheme_rejects_weights_that_would_break_monotonicity() -> None:
    with pytest.raises(ValueError, match="savings_weight"):
        PriorityScheme(savings_weight=-1)
    with pytest.raises(ValueError, match="both be 0"):
        PriorityScheme(savings_weight=0, outcomes_weight=0)
    with pytest.raises(ValueError, match="risk_weight"):
        PriorityScheme(risk_weight=float("nan"))
    assert DEFAULT_PRIORITY_SCHEME.savings_share == 0.5
