"""The Star's classifications are total, deterministic and faithful to the seeds."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import coprod
from coprod import (
    CoProductionForm,
    InvolvementScale,
    Level,
    ResourceInputs,
    ServiceModel,
    StakeholderQuadrant,
    Stance,
    classify_resource_shift,
    classify_service_model,
    classify_stakeholder,
)

amounts = st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False)
levels = st.sampled_from(list(Level))
graded = st.integers(min_value=0, max_value=4)


def test_the_four_cos_and_five_steps() -> None:
    assert [co.value for co in coprod.Co] == [
        "co-commissioning",
        "co-design",
        "co-delivery",
        "co-assessment",
    ]
    assert [step.value for step in coprod.Step] == ["map", "focus", "people", "market", "grow"]
    assert coprod.Step.MAP.description == (
        "Map it – explore existing and new forms of co-production"
    )
    assert coprod.Step.GROW.description == "Grow it – within and beyond the organisation"
    assert [step.number for step in coprod.Step] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("users", "professionals", "model"),
    [
        (Level.HIGH, Level.HIGH, ServiceModel.CO_PRODUCTION),
        (Level.LOW, Level.HIGH, ServiceModel.TRADITIONAL_PROVISION),
        (Level.HIGH, Level.LOW, ServiceModel.SELF_HELP),
        (Level.LOW, Level.LOW, ServiceModel.LITTLE_PROVISION),
    ],
)
def test_service_model_2x2(users: Level, professionals: Level, model: ServiceModel) -> None:
    assert (
        classify_service_model(user_involvement=users, professional_involvement=professionals)
        is model
    )


@given(users=levels | graded, professionals=levels | graded)
def test_service_model_is_total_and_reserves_co_production_for_high_high(
    users: Level | int, professionals: Level | int
) -> None:
    model = classify_service_model(user_involvement=users, professional_involvement=professionals)
    assert model is classify_service_model(
        user_involvement=users, professional_involvement=professionals
    )
    scale = coprod.DEFAULT_INVOLVEMENT_SCALE

    def high(value: Level | int) -> bool:
        return value is Level.HIGH if isinstance(value, Level) else value >= scale.high_from

    assert (model is ServiceModel.CO_PRODUCTION) == (high(users) and high(professionals))
    assert (model is ServiceModel.SELF_HELP) == (high(users) and not high(professionals))


@given(maximum=st.integers(1, 20), data=st.data())
def test_graded_scale_threshold_is_respected(maximum: int, data: st.DataObject) -> None:
    high_from = data.draw(st.integers(1, maximum))
    scale = InvolvementScale(maximum=maximum, high_from=high_from)
    value = data.draw(st.integers(0, maximum))
    assert (scale.level(value) is Level.HIGH) == (value >= high_from)


@pytest.mark.parametrize("bad", [5, -1, True, 2.0, "high"])
def test_graded_involvement_off_the_scale_is_rejected(bad: object) -> None:
    with pytest.raises((ValueError, TypeError), match="user_involvement"):
        classify_service_model(user_involvement=bad, professional_involvement=Level.HIGH)  # type: ignore[arg-type]


def test_seed_examples_of_resource_shifts() -> None:
    substitutive = classify_resource_shift(
        public_before=100, public_after=60, community_before=0, community_after=40
    )
    # The carers example of 002: state support added to what carers did alone.
    additive = classify_resource_shift(
        public_before=0, public_after=10, community_before=50, community_after=80
    )
    assert substitutive is CoProductionForm.SUBSTITUTIVE
    assert additive is CoProductionForm.ADDITIVE


@given(pb=amounts, pa=amounts, cb=amounts, ca=amounts)
def test_resource_shift_is_total_and_consistent_with_the_arithmetic(
    pb: float, pa: float, cb: float, ca: float
) -> None:
    form = classify_resource_shift(
        public_before=pb, public_after=pa, community_before=cb, community_after=ca
    )
    assert form is classify_resource_shift(
        public_before=pb, public_after=pa, community_before=cb, community_after=ca
    )
    assert (form is CoProductionForm.SUBSTITUTIVE) == (pa < pb and ca > cb)
    if form is CoProductionForm.ADDITIVE:
        assert pb == 0 and pa > 0 and cb > 0 and ca >= cb
    assert (form is CoProductionForm.NO_CHANGE) == (pa == pb and ca == cb)
    assert (form is CoProductionForm.BOTH_WITHDRAWN) == (pa < pb and ca < cb)
    assert (form is CoProductionForm.PROFESSIONALISATION) == (pa > pb and ca < cb)
    inputs = ResourceInputs(pb, pa, cb, ca)
    assert inputs.form is form
    assert math.isclose(inputs.public_change, pa - pb)


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf, -math.inf])
@pytest.mark.parametrize(
    "argument", ["public_before", "public_after", "community_before", "community_after"]
)
def test_resource_shift_rejects_bad_numbers_naming_the_argument(argument: str, bad: float) -> None:
    values = dict(public_before=1.0, public_after=1.0, community_before=1.0, community_after=1.0)
    values[argument] = bad
    with pytest.raises(ValueError, match=argument):
        classify_resource_shift(**values)
    with pytest.raises(ValueError, match=argument):
        ResourceInputs(**values)


@given(power=levels, interest=levels, stance=st.sampled_from(list(Stance)))
def test_stakeholder_matrix_is_total(power: Level, interest: Level, stance: Stance) -> None:
    quadrant = classify_stakeholder(power=power, interest=interest, stance=stance)
    high_high = power is Level.HIGH and interest is Level.HIGH
    if quadrant is StakeholderQuadrant.OPPONENTS_TO_WATCH:
        assert high_high and stance is Stance.OPPOSED
    if quadrant is StakeholderQuadrant.PARTNERS_AND_CHAMPIONS:
        assert high_high and stance is not Stance.OPPOSED
    if quadrant is StakeholderQuadrant.KEEP_ON_BOARD:
        assert power is Level.LOW and interest is Level.HIGH
    if quadrant is StakeholderQuadrant.SILENT_MAJORITY:
        assert power is Level.LOW and interest is Level.LOW
    assert coprod.stakeholder_advice()[quadrant].text
