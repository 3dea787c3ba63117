"""Pinned answers for the default match score (``002_…``, ``004_…``), worked out by hand.

DefaultScoring has four components, each a value in 0-1 times a weight (4, 2, 2, 2):
category (1 for "does now", 0.6 for "could do", times 0.5 per level the capability
is broader than the need), area (1 at home, 0.5 in an area also covered -- ``004_…``:
"or with another Timebank in the area, if need be"), availability (the share of the
need's times the helper is free; 1 for "any time") and priority (0.25 to 1).
"""

from __future__ import annotations

import math

import pytest

from coprod.people import (
    Capability,
    CapabilityLevel,
    DefaultScoring,
    Need,
    NeedPriority,
    Provider,
    ScoreBreakdown,
    TimeSlot,
    score_units,
)
from coprod.people.scoring import SCORE_RESOLUTION, ScoreComponent

HELPER = Provider(id="p1", consent=True, references=2)


def cap(**changes: object) -> Capability:
    fields: dict[str, object] = {
        "id": "c1",
        "provider_id": "p1",
        "category": "gardening",
        "area": "dunoon",
    }
    fields.update(changes)
    return Capability(**fields)  # type: ignore[arg-type]


def need(**changes: object) -> Need:
    fields: dict[str, object] = {
        "id": "n1",
        "requester_id": "r1",
        "category": "gardening",
        "area": "dunoon",
    }
    fields.update(changes)
    return Need(**fields)  # type: ignore[arg-type]


def points(breakdown: ScoreBreakdown) -> dict[str, float]:
    return {c.name: c.points for c in breakdown.components}


def test_a_perfect_match_scores_10() -> None:
    # 4 * 1 + 2 * 1 + 2 * 1 + 2 * 1 (urgent).
    breakdown = DefaultScoring()(HELPER, cap(), need(priority=NeedPriority.URGENT))
    assert [c.name for c in breakdown.components] == [
        "category",
        "area",
        "availability",
        "priority",
    ]
    assert [c.weight for c in breakdown.components] == [4.0, 2.0, 2.0, 2.0]
    assert breakdown.total == 10.0
    assert score_units(breakdown) == 10_000


@pytest.mark.parametrize(
    ("priority", "value"),
    [
        (NeedPriority.LOW, 0.25),
        (NeedPriority.NORMAL, 0.5),
        (NeedPriority.HIGH, 0.75),
        (NeedPriority.URGENT, 1.0),
    ],
)
def test_priority_component(priority: NeedPriority, value: float) -> None:
    breakdown = DefaultScoring()(HELPER, cap(), need(priority=priority))
    assert points(breakdown)["priority"] == 2 * value
    assert breakdown.total == 8 + 2 * value


def test_category_fit_by_hand() -> None:
    scoring = DefaultScoring()
    # Same category: 1 (does now) or 0.6 (could do).
    assert scoring.category_fit(cap(), need()) == 1.0
    could = cap(level=CapabilityLevel.COULD_DO)
    assert scoring.category_fit(could, need()) == 0.6
    # One level broader: times 0.5; two levels: times 0.25.
    assert scoring.category_fit(cap(), need(category="gardening/pruning")) == 0.5
    assert scoring.category_fit(could, need(category="gardening/pruning")) == pytest.approx(0.3)
    assert scoring.category_fit(cap(), need(category="gardening/pruning/roses")) == 0.25
    deeper = cap(category="gardening/pruning")
    assert scoring.category_fit(deeper, need(category="gardening/pruning/roses")) == 0.5
    # A narrower capability does not meet a broader need; a prefix is not a parent.
    assert scoring.category_fit(deeper, need(category="gardening")) == 0.0
    assert scoring.category_fit(cap(category="garden"), need(category="gardening")) == 0.0
    assert scoring.category_fit(cap(), need(category="housework")) == 0.0
    other = DefaultScoring(could_do_value=0.8, broader_category_value=0.1)
    assert other.category_fit(could, need(category="gardening/pruning")) == pytest.approx(0.08)


def test_area_fit_by_hand() -> None:
    scoring = DefaultScoring()
    assert scoring.area_fit(cap(), need()) == 1.0
    covering = cap(also_covers=["rothesay"])
    assert scoring.area_fit(covering, need(area="rothesay")) == 0.5
    assert scoring.area_fit(cap(anywhere=True), need(area="oban")) == 0.5
    assert scoring.area_fit(cap(), need(area="oban")) == 0.0
    assert DefaultScoring(other_area_value=0.2).area_fit(covering, need(area="rothesay")) == 0.2
    # In the breakdown: 2 * 0.5 for an area also covered.
    breakdown = DefaultScoring()(HELPER, covering, need(area="rothesay"))
    assert points(breakdown)["area"] == 1.0
    assert breakdown.total == 4 + 1 + 2 + 1


def test_availability_fit_by_hand() -> None:
    fit = DefaultScoring.availability_fit
    weekends = cap(availability=[TimeSlot.WEEKENDS])
    assert fit(weekends, need()) == 1.0  # the need is "any time"
    assert fit(cap(), need(when=[TimeSlot.WEEKDAYS])) == 1.0  # the helper is "any time"
    assert fit(weekends, need(when=[TimeSlot.WEEKENDS])) == 1.0
    assert fit(weekends, need(when=[TimeSlot.WEEKENDS, TimeSlot.EVENINGS])) == 0.5
    assert fit(weekends, need(when=[TimeSlot.WEEKDAYS])) == 0.0
    three = need(when=[TimeSlot.WEEKENDS, TimeSlot.EVENINGS, TimeSlot.WEEKDAYS])
    assert fit(weekends, three) == pytest.approx(1 / 3)
    # The breakdown uses the same rule: 2 * 0.5.
    breakdown = DefaultScoring()(
        HELPER, weekends, need(when=[TimeSlot.WEEKENDS, TimeSlot.EVENINGS])
    )
    assert points(breakdown)["availability"] == 1.0


def test_a_could_do_gardener_in_another_area_for_a_low_priority_pruning_need() -> None:
    # category 4 * 0.6 * 0.5 = 1.2; area 2 * 0.5 = 1; availability 2 * 0.5 = 1;
    # priority 2 * 0.25 = 0.5: 3.7 points, 3700 units.
    breakdown = DefaultScoring()(
        HELPER,
        cap(
            level=CapabilityLevel.COULD_DO,
            also_covers=["rothesay"],
            availability=[TimeSlot.EVENINGS],
        ),
        need(
            category="gardening/pruning",
            area="rothesay",
            when=[TimeSlot.EVENINGS, TimeSlot.WEEKDAYS],
            priority=NeedPriority.LOW,
        ),
    )
    assert points(breakdown) == pytest.approx(
        {"category": 1.2, "area": 1.0, "availability": 1.0, "priority": 0.5}
    )
    assert breakdown.total == pytest.approx(3.7)
    assert score_units(breakdown) == 3700
    assert breakdown.as_dict()["category"] == pytest.approx(
        {"value": 0.3, "weight": 4.0, "points": 1.2}
    )


def test_own_weights() -> None:
    scoring = DefaultScoring(
        category_weight=1, area_weight=0, availability_weight=3, priority_weight=10
    )
    breakdown = scoring(HELPER, cap(), need(priority=NeedPriority.HIGH))
    assert points(breakdown) == {"category": 1, "area": 0, "availability": 3, "priority": 7.5}
    assert breakdown.total == 11.5


def test_score_units_round_to_thousandths() -> None:
    assert SCORE_RESOLUTION == 1000
    assert score_units(ScoreBreakdown((ScoreComponent("x", 0.0012, 1.0),))) == 1
    assert score_units(ScoreBreakdown((ScoreComponent("x", 0.0018, 1.0),))) == 2
    assert score_units(ScoreBreakdown((ScoreComponent("x", 2.5, -1.0),))) == -2500
    assert score_units(ScoreBreakdown(())) == 0
    for bad in (math.inf, math.nan):
        with pytest.raises(ValueError, match=r"^a match score must be a finite number, got "):
            score_units(ScoreBreakdown((ScoreComponent("x", bad, 1.0),)))


def test_components_multiply_and_add() -> None:
    component = ScoreComponent("x", 0.5, 3.0)
    assert component.points == 1.5
    assert ScoreBreakdown((component, ScoreComponent("y", 0.25, 2.0))).total == 2.0


@pytest.mark.parametrize(
    "field", ["category_weight", "area_weight", "availability_weight", "priority_weight"]
)
def test_weights_are_finite_non_negative_numbers(field: str) -> None:
    assert getattr(DefaultScoring(**{field: 0}), field) == 0
    for wrong in (True, "1", None):
        with pytest.raises(TypeError, match=rf"^{field} must be a number, got "):
            DefaultScoring(**{field: wrong})
    for bad in (-1, math.inf, math.nan):
        with pytest.raises(ValueError, match=rf"^{field} must be a finite number >= 0, got "):
            DefaultScoring(**{field: bad})


@pytest.mark.parametrize("field", ["could_do_value", "broader_category_value", "other_area_value"])
def test_values_are_fractions_from_0_to_1(field: str) -> None:
    assert getattr(DefaultScoring(**{field: 0}), field) == 0
    assert getattr(DefaultScoring(**{field: 1}), field) == 1
    with pytest.raises(ValueError, match=rf"^{field} must be between 0 and 1, got 1.01"):
        DefaultScoring(**{field: 1.01})
    with pytest.raises(ValueError, match=rf"^{field} must be a finite number >= 0"):
        DefaultScoring(**{field: -0.1})
    with pytest.raises(TypeError):
        DefaultScoring(**{field: False})


def test_breakdowns_shared_between_equal_values_stay_correct() -> None:
    scoring = DefaultScoring()
    first = scoring(HELPER, cap(), need())
    again = scoring(HELPER, cap(id="c2"), need(id="n2"))
    assert again == first
    different = scoring(HELPER, cap(), need(priority=NeedPriority.LOW))
    assert different.total == first.total - 0.5
