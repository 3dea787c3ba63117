"""The People-it model and the replaceable scoring (issue 6)."""

from __future__ import annotations

import sys

import attrs
import pytest

from coprod.errors import CoprodError, InvalidInputError
from coprod.people import (
    PERSONAL,
    Capability,
    CapabilityLevel,
    DefaultScoring,
    MatchProblem,
    Need,
    Provider,
    ScoreBreakdown,
    ScoreComponent,
    TimeSlot,
    Verification,
    match_needs,
    normalise_area,
    normalise_category,
    personal_fields,
    scipy_available,
    score_units,
)


def test_labels_are_normalised_and_checked() -> None:
    assert normalise_category(" Housework /  Changing  Bedding ") == "housework/changing bedding"
    assert normalise_area("Isle of  BUTE") == "isle of bute"
    for bad in ("", "a//b", "/a", "=cmd", "x" * 81):
        with pytest.raises(ValueError, match="category"):
            normalise_category(bad)
    with pytest.raises(ValueError, match="area"):
        normalise_area("<b>")
    with pytest.raises(TypeError):
        normalise_area(3)  # type: ignore[arg-type]


def test_personal_fields_are_marked_and_kept_out_of_repr() -> None:
    assert personal_fields(Provider) == ("display_name",)
    assert personal_fields(Need) == ("requester_name",)
    assert attrs.fields(Provider).display_name.metadata[PERSONAL] is True
    provider = Provider("m-1", display_name="Verity Example", consent=True)
    need = Need("n-1", "m-2", "ironing", "dunoon", requester_name="Secret Person")
    assert "Verity" not in repr(provider)
    assert "Secret" not in repr(need)
    assert "m-1" in repr(provider)


def test_invalid_names_are_rejected_without_echoing_them() -> None:
    with pytest.raises(ValueError, match="display_name") as error:
        Provider("m-1", display_name=" ")
    assert "' '" not in str(error.value)
    with pytest.raises(ValueError, match="references"):
        Provider("m-1", references=-1)
    with pytest.raises(ValueError, match="capacity"):
        Capability("c", "p", "x", "y", capacity=True)  # type: ignore[arg-type]


def test_verification_levels() -> None:
    ok = Provider("a", references=2, protection_check=True)
    refs_only = Provider("b", references=2)
    pvg_only = Provider("c", references=0, protection_check=True)
    assert ok.is_verified_for(Verification.PROTECTION_CHECK)
    assert refs_only.is_verified_for(Verification.REFERENCES)
    assert not refs_only.is_verified_for(Verification.PROTECTION_CHECK)
    assert not pvg_only.is_verified_for(Verification.REFERENCES)
    assert pvg_only.is_verified_for(Verification.NONE)
    assert refs_only.is_verified_for(Verification.REFERENCES, min_references=1)
    assert not refs_only.is_verified_for(Verification.REFERENCES, min_references=3)


def test_min_references_is_configurable() -> None:
    problem = MatchProblem(
        [Provider("p", references=1, consent=True)],
        [Capability("c", "p", "lifts", "dunoon")],
        [Need("n", "r", "lifts", "dunoon", verification="references")],
    )
    assert match_needs(problem).matched_count == 0
    assert match_needs(problem, min_references=1).matched_count == 1
    with pytest.raises(ValueError, match="min_references"):
        match_needs(problem, min_references=-1)


def test_problem_checks_ids_and_providers() -> None:
    with pytest.raises(InvalidInputError) as error:
        MatchProblem(
            [Provider("p"), Provider("p")],
            [Capability("c", "ghost", "x", "y"), Capability("c", "p", "x", "y")],
            [Need("n", "r", "x", "y"), Need("n", "r", "x", "y")],
        )
    assert [str(p) for p in error.value.problems] == [
        "providers 'p': duplicate id",
        "capabilities 'c': duplicate id",
        "needs 'n': duplicate id",
        "capabilities 'c': provider 'ghost' is not among the providers",
    ]


def test_default_scoring_components() -> None:
    scoring = DefaultScoring()
    provider = Provider("p", consent=True)
    cap = Capability(
        "c",
        "p",
        "housework",
        "dunoon",
        level=CapabilityLevel.COULD_DO,
        also_covers=["rothesay"],
        availability=[TimeSlot.WEEKENDS],
    )
    need = Need(
        "n", "r", "housework/bedding", "rothesay", priority="urgent", when=["weekends", "weekdays"]
    )
    parts = scoring(provider, cap, need).as_dict()
    assert parts["category"]["value"] == pytest.approx(0.6 * 0.5)
    assert parts["area"]["value"] == 0.5
    assert parts["availability"]["value"] == 0.5
    assert parts["priority"]["value"] == 1.0
    total = scoring(provider, cap, need).total
    assert total == pytest.approx(4 * 0.3 + 2 * 0.5 + 2 * 0.5 + 2 * 1.0)
    assert score_units(scoring(provider, cap, need)) == round(total * 1000)
    assert scoring.category_fit(cap, Need("m", "r", "gardening", "dunoon")) == 0
    assert scoring.area_fit(cap, Need("m", "r", "housework", "oban")) == 0
    with pytest.raises(ValueError, match="could_do_value"):
        DefaultScoring(could_do_value=1.5)
    with pytest.raises(ValueError, match="area_weight"):
        DefaultScoring(area_weight=-1)


def two_helpers() -> MatchProblem:
    return MatchProblem(
        [Provider("near", consent=True), Provider("expert", consent=True)],
        [
            Capability("c-near", "near", "gardening", "dunoon", level="could-do"),
            Capability("c-expert", "expert", "gardening", "rothesay", anywhere=True),
        ],
        [Need("n", "r", "gardening", "dunoon")],
    )


def test_scoring_is_replaceable() -> None:
    problem = two_helpers()
    # default: the expert who does it now (4 + 2*0.5) beats the local who could (4*0.6 + 2)
    assert match_needs(problem).matches[0].provider_id == "expert"
    locals_first = DefaultScoring(area_weight=10)
    assert match_needs(problem, scoring=locals_first).matches[0].provider_id == "near"

    def reliability(provider: Provider, capability: Capability, need: Need) -> ScoreBreakdown:
        return ScoreBreakdown(
            (ScoreComponent("alphabet", 1.0 if provider.id == "expert" else 2.0, 1.0),)
        )

    result = match_needs(problem, scoring=reliability)
    assert result.matches[0].provider_id == "near"
    assert result.matches[0].score.as_dict() == {
        "alphabet": {"value": 2.0, "weight": 1.0, "points": 2.0}
    }


def test_a_broken_scoring_is_named() -> None:
    def nan(provider: Provider, capability: Capability, need: Need) -> ScoreBreakdown:
        return ScoreBreakdown((ScoreComponent("x", float("nan"), 1.0),))

    for objective in ("most", "best"):
        with pytest.raises(CoprodError, match=r"need 'n' and capability 'c-expert'"):
            match_needs(two_helpers(), objective=objective, scoring=nan)

    def wrong(provider: Provider, capability: Capability, need: Need) -> ScoreBreakdown:
        return 3  # type: ignore[return-value]

    with pytest.raises(CoprodError, match="not a ScoreBreakdown"):
        match_needs(two_helpers(), scoring=wrong)


def test_fast_engine_without_scipy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "scipy", None)
    monkeypatch.setitem(sys.modules, "scipy.sparse", None)
    monkeypatch.setitem(sys.modules, "scipy.sparse.csgraph", None)
    assert not scipy_available()
    with pytest.raises(CoprodError, match=r"coprod\[fast\]"):
        match_needs(two_helpers(), engine="fast")
    # the pure path and "auto" work without SciPy
    assert match_needs(two_helpers(), engine="auto").matched_count == 1
    assert match_needs(two_helpers(), objective="most", engine="fast").matched_count == 1
