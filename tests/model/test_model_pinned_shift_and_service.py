"""Pinned answers for the 2x2 of service models and the forms of a resource shift.

Issue 10 ("Tests that would notice a wrong answer"): cosmic-ray left alive, among
others, the joint and public expansion forms swapped, ``community_change`` computed
with ``+``, booleans accepted as numbers, "additive also when community input was 0
before", and the ``high_from`` default or validator changed. Every expected value
below is read off the seeds or worked out by hand in the comment beside it; none
comes from running the code.
"""

from __future__ import annotations

import math

import pytest

from coprod.model.resource_shift import (
    MAX_AMOUNT,
    CoProductionForm,
    ResourceInputs,
    classify_resource_shift,
)
from coprod.model.service_model import (
    DEFAULT_INVOLVEMENT_SCALE,
    InvolvementScale,
    Level,
    ServiceModel,
    classify_service_model,
)

F = CoProductionForm

# --- Resource shifts ------------------------------------------------------------------
# (public before, public after, community before, community after) -> form.
SHIFTS = [
    # 002_… line 128: "public sector inputs are replaced with inputs that come from users
    # and/or communities" -- public falls, community rises.
    ((100, 60, 0, 40), F.SUBSTITUTIVE),
    ((100, 60, 30, 31), F.SUBSTITUTIVE),
    # 002_… line 130: "professional support is added to what were previously simply
    # individual self-help or community self-organising activities" (carers looked after
    # people "without any state help"): no public input before, community input before.
    ((0, 10, 50, 80), F.ADDITIVE),
    ((0, 10, 50, 50), F.ADDITIVE),  # community inputs do not fall: still additive
    # Community input 0 before: there was no self-help to add to, so not additive.
    ((0, 10, 0, 0), F.PUBLIC_EXPANSION),
    ((0, 10, 0, 5), F.JOINT_EXPANSION),  # "both start from nothing"
    # Both already contributed and both grow: joint; only public grows: public.
    ((10, 20, 5, 10), F.JOINT_EXPANSION),
    ((10, 20, 5, 5), F.PUBLIC_EXPANSION),
    # Public rises while community falls, even from no public input: the reverse of
    # substitution, never additive (the community input fell).
    ((10, 20, 5, 1), F.PROFESSIONALISATION),
    ((0, 20, 5, 1), F.PROFESSIONALISATION),
    ((10, 5, 5, 1), F.BOTH_WITHDRAWN),
    ((10, 5, 5, 5), F.PUBLIC_WITHDRAWAL),
    ((10, 0, 0, 0), F.PUBLIC_WITHDRAWAL),
    ((10, 10, 5, 6), F.COMMUNITY_EXPANSION),
    ((0, 0, 0, 6), F.COMMUNITY_EXPANSION),
    ((10, 10, 5, 4), F.COMMUNITY_WITHDRAWAL),
    ((10, 10, 5, 5), F.NO_CHANGE),
    ((0, 0, 0, 0), F.NO_CHANGE),
    # The smallest changes count: a sign, not a size, decides.
    ((1.0, 1.0000001, 2.0, 2.0), F.PUBLIC_EXPANSION),
    ((1.0, 0.9999999, 2.0, 2.0000001), F.SUBSTITUTIVE),
    ((0.0, 1e-300, 1e-300, 1e-300), F.ADDITIVE),
    ((MAX_AMOUNT, 0, 0, MAX_AMOUNT), F.SUBSTITUTIVE),
]


@pytest.mark.parametrize(("figures", "form"), SHIFTS)
def test_each_shift_has_the_form_worked_out_by_hand(
    figures: tuple[float, float, float, float], form: CoProductionForm
) -> None:
    pb, pa, cb, ca = figures
    got = classify_resource_shift(
        public_before=pb, public_after=pa, community_before=cb, community_after=ca
    )
    assert got is form
    assert ResourceInputs(pb, pa, cb, ca).form is form


def test_the_seed_forms_are_exactly_substitutive_and_additive() -> None:
    # 002_… names two forms; 004_… line 28: "the right mix of substitutive and additive".
    assert {f for f in F if f.is_seed_form} == {F.SUBSTITUTIVE, F.ADDITIVE}


def test_changes_are_after_minus_before() -> None:
    # Carers example with figures: public 0 -> 10, community 50 -> 80.
    inputs = ResourceInputs(
        public_before=0, public_after=10, community_before=50, community_after=80
    )
    assert inputs.public_change == 10
    assert inputs.community_change == 30  # not 130 (+), not -30 (before - after)
    cut = ResourceInputs(
        public_before=100, public_after=60, community_before=30, community_after=20
    )
    assert cut.public_change == -40  # negative: public spend saved
    assert cut.community_change == -10


ARGUMENTS = ("public_before", "public_after", "community_before", "community_after")


@pytest.mark.parametrize("position", range(4))
@pytest.mark.parametrize("bad", [True, False, "5", None, 1j])
def test_a_non_number_is_a_type_error_naming_the_argument(position: int, bad: object) -> None:
    figures: list[object] = [1.0, 2.0, 3.0, 4.0]
    figures[position] = bad
    kwargs = dict(zip(ARGUMENTS, figures, strict=True))
    with pytest.raises(TypeError, match=rf"^{ARGUMENTS[position]} must be a number, got "):
        classify_resource_shift(**kwargs)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=rf"^{ARGUMENTS[position]} must be a number"):
        ResourceInputs(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("position", range(4))
@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (-1, "must not be negative"),
        (-1e-300, "must not be negative"),
        (math.nan, "must be a finite number"),
        (math.inf, "must be a finite number"),
        (-math.inf, "must be a finite number"),
    ],
)
def test_a_bad_number_is_a_value_error_naming_the_argument(
    position: int, bad: float, message: str
) -> None:
    figures = [1.0, 2.0, 3.0, 4.0]
    figures[position] = bad
    kwargs = dict(zip(ARGUMENTS, figures, strict=True))
    with pytest.raises(ValueError, match=rf"^{ARGUMENTS[position]} {message}, got "):
        classify_resource_shift(**kwargs)
    with pytest.raises(ValueError, match=rf"^{ARGUMENTS[position]} {message}"):
        ResourceInputs(**kwargs)


@pytest.mark.parametrize("position", range(4))
def test_amounts_are_bounded_at_a_trillion(position: int) -> None:
    figures = [1.0, 2.0, 3.0, 4.0]
    figures[position] = MAX_AMOUNT  # exactly a trillion is allowed
    assert ResourceInputs(*figures).public_after >= 1
    figures[position] = 1_000_000_000_001  # one more is not
    with pytest.raises(ValueError, match=rf"^{ARGUMENTS[position]} must be at most 1e12"):
        ResourceInputs(*figures)
    assert MAX_AMOUNT == 10**12


def test_zero_and_integers_are_accepted_and_kept() -> None:
    inputs = ResourceInputs(0, 0, 0, 7)
    assert inputs.community_change == 7
    assert (
        classify_resource_shift(
            public_before=0, public_after=0, community_before=0, community_after=0
        )
        is F.NO_CHANGE
    )


# --- Service models ---------------------------------------------------------------------
# 001_… lines 69-73 (rows: involvement of professionals; columns: of users/communities):
#   professionals high: users high -> Co-production, users low -> Traditional provision
#   professionals low:  users high -> Self-help,     users low -> Little provision
# 002_… line 117: high user involvement with low professional involvement "is simply
# self-help or self-organising and NOT co-production".
CELLS = [
    (Level.HIGH, Level.HIGH, ServiceModel.CO_PRODUCTION),
    (Level.LOW, Level.HIGH, ServiceModel.TRADITIONAL_PROVISION),
    (Level.HIGH, Level.LOW, ServiceModel.SELF_HELP),
    (Level.LOW, Level.LOW, ServiceModel.LITTLE_PROVISION),
]


@pytest.mark.parametrize(("users", "professionals", "model"), CELLS)
def test_the_seed_2x2(users: Level, professionals: Level, model: ServiceModel) -> None:
    assert (
        classify_service_model(user_involvement=users, professional_involvement=professionals)
        is model
    )


# The default scale is 0-4 (none, token, some, substantial, leading) with high from 3:
# "some" (2) is not the "high levels of involvement" 002_… reserves co-production for.
GRADED = [
    (4, 3, ServiceModel.CO_PRODUCTION),
    (3, 3, ServiceModel.CO_PRODUCTION),
    (3, 4, ServiceModel.CO_PRODUCTION),
    (2, 3, ServiceModel.TRADITIONAL_PROVISION),
    (0, 4, ServiceModel.TRADITIONAL_PROVISION),
    (3, 2, ServiceModel.SELF_HELP),
    (4, 0, ServiceModel.SELF_HELP),
    (2, 2, ServiceModel.LITTLE_PROVISION),
    (0, 0, ServiceModel.LITTLE_PROVISION),
    (1, 2, ServiceModel.LITTLE_PROVISION),
    (Level.HIGH, 2, ServiceModel.SELF_HELP),
    (2, Level.HIGH, ServiceModel.TRADITIONAL_PROVISION),
    (Level.LOW, 3, ServiceModel.TRADITIONAL_PROVISION),
    (3, Level.LOW, ServiceModel.SELF_HELP),
]


@pytest.mark.parametrize(("users", "professionals", "model"), GRADED)
def test_graded_involvement_on_the_default_scale(
    users: int | Level, professionals: int | Level, model: ServiceModel
) -> None:
    assert (
        classify_service_model(user_involvement=users, professional_involvement=professionals)
        is model
    )


def test_the_default_scale_is_0_to_4_high_from_3() -> None:
    assert InvolvementScale() == DEFAULT_INVOLVEMENT_SCALE
    assert (DEFAULT_INVOLVEMENT_SCALE.maximum, DEFAULT_INVOLVEMENT_SCALE.high_from) == (4, 3)
    levels = [DEFAULT_INVOLVEMENT_SCALE.level(v) for v in range(5)]
    assert levels == [Level.LOW, Level.LOW, Level.LOW, Level.HIGH, Level.HIGH]


def test_another_scale_moves_the_boundary() -> None:
    # A 0-10 scale high from 7: 6 is low, 7 is high.
    scale = InvolvementScale(maximum=10, high_from=7)
    assert [scale.level(v) for v in (0, 6, 7, 10)] == [Level.LOW, Level.LOW, Level.HIGH, Level.HIGH]
    assert (
        classify_service_model(user_involvement=7, professional_involvement=6, scale=scale)
        is ServiceModel.SELF_HELP
    )
    assert (
        classify_service_model(user_involvement=6, professional_involvement=10, scale=scale)
        is ServiceModel.TRADITIONAL_PROVISION
    )
    # On this scale 4 and 3, co-production on the default one, are both low.
    assert (
        classify_service_model(user_involvement=4, professional_involvement=3, scale=scale)
        is ServiceModel.LITTLE_PROVISION
    )
    with pytest.raises(ValueError, match=r"between 0 and 10, got 11"):
        scale.level(11)


@pytest.mark.parametrize(("maximum", "high_from"), [(4, 1), (4, 4), (1, 1), (10, 10)])
def test_high_from_may_be_anywhere_from_1_to_the_maximum(maximum: int, high_from: int) -> None:
    scale = InvolvementScale(maximum=maximum, high_from=high_from)
    assert scale.level(high_from) is Level.HIGH
    assert scale.level(high_from - 1) is Level.LOW
    assert scale.level(maximum) is Level.HIGH


@pytest.mark.parametrize(("maximum", "high_from"), [(4, 0), (4, 5), (4, -1), (1, 2), (10, 11)])
def test_high_from_off_the_scale_is_refused(maximum: int, high_from: int) -> None:
    with pytest.raises(ValueError, match=rf"^high_from must be between 1 and {maximum}, got "):
        InvolvementScale(maximum=maximum, high_from=high_from)


def test_high_from_defaults_to_3_whatever_the_maximum() -> None:
    assert InvolvementScale(maximum=3).high_from == 3
    assert InvolvementScale(maximum=9).level(2) is Level.LOW
    assert InvolvementScale(maximum=9).level(3) is Level.HIGH
    with pytest.raises(ValueError, match="high_from"):
        InvolvementScale(maximum=2)  # the default 3 is off a 0-2 scale


def test_the_maximum_must_be_at_least_1() -> None:
    with pytest.raises(ValueError, match="maximum"):
        InvolvementScale(maximum=0, high_from=1)


@pytest.mark.parametrize("bad", [True, False, 3.0, "3", None])
def test_involvement_must_be_a_level_or_an_integer(bad: object) -> None:
    # True == 1 and False == 0 as numbers; a boolean is still not an involvement grade.
    with pytest.raises(TypeError, match=r"^user_involvement must be a Level or an integer"):
        classify_service_model(user_involvement=bad, professional_involvement=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^professional_involvement must be a Level or an"):
        classify_service_model(user_involvement=3, professional_involvement=bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^involvement must be"):
        DEFAULT_INVOLVEMENT_SCALE.level(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [-1, 5, 100])
def test_involvement_off_the_scale_is_refused_naming_the_argument(bad: int) -> None:
    with pytest.raises(ValueError, match=rf"^user_involvement must be between 0 and 4, got {bad}$"):
        classify_service_model(user_involvement=bad, professional_involvement=3)
    with pytest.raises(ValueError, match=r"^professional_involvement must be between 0 and 4"):
        classify_service_model(user_involvement=3, professional_involvement=bad)
