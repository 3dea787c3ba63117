"""Consensus (lower median) with its spread, and strong disagreements named by rater."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprod.model.agreement import (
    STRONG_DISAGREEMENT_STEPS,
    consensus,
    consensus_by_unit,
    strong_disagreements,
)
from coprod.model.explorer import Extent

RATINGS = (1, 2, 3, 4, 5)
EXTENTS = tuple(Extent)


def test_lower_median_for_an_even_number_of_raters() -> None:
    result = consensus({"chair": 1, "officer": 2, "resident": 3, "carer": 4}, RATINGS)
    assert result is not None
    assert result.value == 2
    two = consensus({"A": 1, "B": 5}, RATINGS)
    assert two is not None
    assert two.value == 1


def test_median_for_an_odd_number_and_missing_ratings_left_out() -> None:
    result = consensus({"A": 5, "B": None, "C": 1, "D": 3}, RATINGS, unit="init-1")
    assert result is not None
    assert (result.unit, result.value, result.lowest, result.highest) == ("init-1", 3, 1, 5)
    assert result.steps == 4
    assert result.raters == 3
    assert result.counts == ((1, 1), (2, 0), (3, 1), (4, 0), (5, 1))
    assert result.ratings == (("A", 5), ("C", 1), ("D", 3))
    assert consensus({"A": None}, RATINGS) is None
    assert consensus({"A": float("nan"), "B": 2}, RATINGS) == consensus({"B": 2}, RATINGS)


def test_consensus_on_explorer_extents_follows_the_scale_order() -> None:
    result = consensus(
        {"A": Extent.SYSTEMATIC, "B": Extent.IN_POCKETS, "C": Extent.DEVELOPING, "D": Extent.NONE},
        EXTENTS,
    )
    assert result is not None
    # Scale order none < in pockets < developing < systematic: lower median is "in pockets".
    assert result.value is Extent.IN_POCKETS
    assert (result.lowest, result.highest, result.steps) == (Extent.NONE, Extent.SYSTEMATIC, 3)


def test_values_off_the_scale_and_bad_scales_are_rejected() -> None:
    with pytest.raises(ValueError, match=r"rater 'B' gave 6"):
        consensus({"A": 1, "B": 6}, RATINGS, unit="x")
    with pytest.raises(ValueError, match="lists a value twice"):
        consensus({"A": 1}, (1, 1, 2))
    with pytest.raises(ValueError, match="threshold"):
        strong_disagreements({}, RATINGS, threshold=0)


def test_consensus_by_unit_skips_units_nobody_rated() -> None:
    data = {"u1": {"A": 2, "B": 4}, "u2": {"A": None}, "u3": {"B": 5}}
    assert [(c.unit, c.value) for c in consensus_by_unit(data, RATINGS)] == [("u1", 2), ("u3", 5)]


def test_strong_disagreement_names_the_cell_and_the_raters() -> None:
    cell = ("adult social care", "co-design")
    data = {
        cell: {"R1": Extent.NONE, "R2": Extent.SYSTEMATIC, "R3": Extent.NONE},
        ("libraries", "co-design"): {"R1": Extent.NONE, "R2": Extent.DEVELOPING},
    }
    found = strong_disagreements(data, EXTENTS)
    assert len(found) == 1
    (one,) = found
    assert one.unit == cell
    assert one.steps == 3
    assert one.low == (("R1", Extent.NONE), ("R3", Extent.NONE))
    assert one.high == (("R2", Extent.SYSTEMATIC),)
    assert one.describe() == "'R1' said none, 'R2' said systematic, 'R3' said none (3 steps apart)"


def test_three_steps_is_the_default_threshold_on_a_one_to_five_scale() -> None:
    assert STRONG_DISAGREEMENT_STEPS == 3
    assert strong_disagreements({"i": {"A": 1, "B": 4}}, RATINGS)
    assert not strong_disagreements({"i": {"A": 2, "B": 4}}, RATINGS)
    assert strong_disagreements({"i": {"A": 2, "B": 4}}, RATINGS, threshold=2)


ratings_maps = st.dictionaries(
    st.sampled_from(["A", "B", "C", "D", "E", "F"]),
    st.one_of(st.none(), st.sampled_from(RATINGS)),
    min_size=1,
)


@given(ratings_maps)
def test_consensus_has_half_the_raters_on_each_side(ratings: Mapping[str, int | None]) -> None:
    given_values = sorted(v for v in ratings.values() if v is not None)
    result = consensus(ratings, RATINGS)
    if not given_values:
        assert result is None
        return
    assert result is not None
    assert result.value in given_values
    at_or_below = sum(v <= result.value for v in given_values)  # type: ignore[operator]
    at_or_above = sum(v >= result.value for v in given_values)  # type: ignore[operator]
    assert 2 * at_or_below >= len(given_values)
    assert 2 * at_or_above >= len(given_values)
    # Lower median: strictly fewer than half lie below it.
    assert 2 * sum(v < result.value for v in given_values) < len(given_values)  # type: ignore[operator]
    assert result.steps == given_values[-1] - given_values[0]
    assert sum(count for _point, count in result.counts) == len(given_values)


@given(st.dictionaries(st.integers(0, 5), ratings_maps, max_size=6), st.integers(1, 4))
def test_strong_disagreements_are_exactly_the_wide_units(
    data: Mapping[int, Mapping[str, int | None]], threshold: int
) -> None:
    expected = []
    for unit, ratings in data.items():
        values = [v for v in ratings.values() if v is not None]
        if values and max(values) - min(values) >= threshold:
            expected.append(unit)
    found = strong_disagreements(data, RATINGS, threshold=threshold)
    assert [d.unit for d in found] == expected
    for d in found:
        assert {r for r, _ in d.low} | {r for r, _ in d.high} <= {r for r, _ in d.ratings}
        assert all(v == min(v for _r, v in d.ratings) for _r, v in d.low)  # type: ignore[type-var]
