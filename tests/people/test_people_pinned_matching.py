"""Matching on small time-bank problems worked out by hand (``002_…``, ``004_…``).

The property tests compare the matcher with an exhaustive search; these pin single
answers a person can check on paper: which need gets which helper, the funnel of
candidates for an unmet need, and the arguments the matcher refuses.
"""

from __future__ import annotations

import pytest

from coprod.errors import CoprodError
from coprod.people import (
    Capability,
    MatchProblem,
    Need,
    NeedPriority,
    Provider,
    TimeSlot,
    UnmatchedReason,
    Verification,
    eligible_capabilities,
    match_needs,
    scipy_available,
)

ANN = Provider(id="ann", consent=True, references=2, protection_check=True)
BOB = Provider(id="bob", consent=True, references=1)
CAL = Provider(id="cal", consent=False, references=3)


def pairs(problem: MatchProblem, **options: object) -> dict[str, str]:
    result = match_needs(problem, **options)  # type: ignore[arg-type]
    return {m.need_id: m.capability_id for m in result.matches}


def test_augmenting_moves_an_urgent_need_to_its_second_helper() -> None:
    # Two gardeners with one slot each: "g1" (ann) and "g2" (bob), both in Dunoon.
    # n-urgent can take either; n-plain only g1 (it needs references, and bob has 1).
    # First come, first served in priority order gives g1 to n-urgent and strands
    # n-plain; the most needs met is two: n-urgent with g2, n-plain with g1.
    problem = MatchProblem(
        providers=[ANN, BOB],
        capabilities=[
            Capability(id="g1", provider_id="ann", category="gardening", area="dunoon"),
            Capability(id="g2", provider_id="bob", category="gardening", area="dunoon"),
        ],
        needs=[
            Need(
                id="n-urgent",
                requester_id="r1",
                category="gardening",
                area="dunoon",
                priority=NeedPriority.URGENT,
            ),
            Need(
                id="n-plain",
                requester_id="r2",
                category="gardening",
                area="dunoon",
                verification=Verification.REFERENCES,
            ),
        ],
    )
    expected = {"n-urgent": "g2", "n-plain": "g1"}
    assert pairs(problem, objective="most") == expected
    assert pairs(problem, objective="best") == expected
    assert eligible_capabilities(problem) == {"n-plain": ("g1",), "n-urgent": ("g1", "g2")}


def test_best_prefers_the_closer_fit_among_equally_many() -> None:
    # One need for pruning; a pruner (category 4 * 1) beats a gardener (4 * 0.5).
    problem = MatchProblem(
        providers=[ANN, BOB],
        capabilities=[
            Capability(id="a-garden", provider_id="ann", category="gardening", area="oban"),
            Capability(id="b-prune", provider_id="bob", category="gardening/pruning", area="oban"),
        ],
        needs=[Need(id="n1", requester_id="r1", category="gardening/pruning", area="oban")],
    )
    assert pairs(problem) == {"n1": "b-prune"}
    result = match_needs(problem)
    assert result.solvers == ("direct",)
    assert result.components == 1
    assert result.total_score == 10 - 1  # normal priority: 2 * 0.5
    # "most" takes the first allowed capability by id.
    assert pairs(problem, objective="most") == {"n1": "a-garden"}


def test_one_helper_takes_the_most_pressing_needs_up_to_capacity() -> None:
    # One capability with capacity 2 and three needs: urgent (10 points), high (9.5),
    # low (8.5). The best objective meets the urgent and high ones.
    problem = MatchProblem(
        providers=[ANN],
        capabilities=[
            Capability(id="c1", provider_id="ann", category="housework", area="oban", capacity=2)
        ],
        needs=[
            Need(id="a", requester_id="r1", category="housework", area="oban", priority="low"),
            Need(id="b", requester_id="r2", category="housework", area="oban", priority="urgent"),
            Need(id="c", requester_id="r3", category="housework", area="oban", priority="high"),
        ],
    )
    result = match_needs(problem)
    assert {m.need_id for m in result.matches} == {"b", "c"}
    assert [u.need_id for u in result.unmatched] == ["a"]
    assert result.unmatched[0].reason is UnmatchedReason.CAPACITY_USED_UP
    assert result.total_score == pytest.approx(10 + 9.5)
    assert result.solvers == ("direct",)  # one capability: no solver needed
    assert result.matched_count == 2


def test_strict_availability_is_a_hard_constraint() -> None:
    problem = MatchProblem(
        providers=[ANN],
        capabilities=[
            Capability(
                id="weekends",
                provider_id="ann",
                category="tutoring",
                area="oban",
                availability=[TimeSlot.WEEKENDS],
            )
        ],
        needs=[
            Need(
                id="n1",
                requester_id="r1",
                category="tutoring",
                area="oban",
                when=[TimeSlot.WEEKDAYS],
            )
        ],
    )
    assert eligible_capabilities(problem) == {"n1": ("weekends",)}
    assert eligible_capabilities(problem, strict_availability=True) == {"n1": ()}
    assert pairs(problem) == {"n1": "weekends"}  # scored 0 for availability, but allowed
    strict = match_needs(problem, strict_availability=True)
    assert strict.matches == ()
    assert strict.unmatched[0].reason is UnmatchedReason.NO_COMMON_TIME


def test_the_funnel_counts_each_constraint_in_turn() -> None:
    # Need: tutoring in Oban with a protection check, by "ann" herself.
    #  t1 cal (no consent), t2 ann (own), t3 bob (1 reference), t4 ann-2 in Dunoon only,
    #  h1 housework (wrong category).
    ann2 = Provider(id="dee", consent=True, references=5, protection_check=True)
    problem = MatchProblem(
        providers=[ANN, BOB, CAL, ann2],
        capabilities=[
            Capability(id="t1", provider_id="cal", category="tutoring", area="oban"),
            Capability(id="t2", provider_id="ann", category="tutoring", area="oban"),
            Capability(id="t3", provider_id="bob", category="tutoring", area="oban"),
            Capability(id="t4", provider_id="dee", category="tutoring", area="dunoon"),
            Capability(id="h1", provider_id="dee", category="housework", area="oban"),
        ],
        needs=[
            Need(
                id="n1",
                requester_id="ann",
                category="tutoring",
                area="oban",
                verification=Verification.PROTECTION_CHECK,
            )
        ],
    )
    unmet = match_needs(problem).unmatched[0]
    assert unmet.funnel.as_dict() == {
        "in_category": 4,
        "in_area": 3,
        "consenting": 2,
        "not_own": 1,
        "verified": 0,
        "available": 0,
        "with_capacity": 0,
    }
    assert unmet.reason is UnmatchedReason.NONE_VERIFIED
    assert "requires 2 references and a protection (PVG) check" in unmet.explanation
    # With one reference enough, bob (references 1, no check) still lacks the check.
    assert match_needs(problem, min_references=1).unmatched[0].reason is (
        UnmatchedReason.NONE_VERIFIED
    )


def test_min_references_decides_who_is_verified() -> None:
    problem = MatchProblem(
        providers=[BOB],
        capabilities=[Capability(id="c1", provider_id="bob", category="driving", area="oban")],
        needs=[
            Need(
                id="n1",
                requester_id="r1",
                category="driving",
                area="oban",
                verification=Verification.REFERENCES,
            )
        ],
    )
    assert pairs(problem) == {}  # bob has 1 reference; 2 are needed by default
    assert pairs(problem, min_references=1) == {"n1": "c1"}
    assert eligible_capabilities(problem, min_references=1) == {"n1": ("c1",)}
    assert pairs(problem, min_references=0, objective="most") == {"n1": "c1"}


@pytest.mark.parametrize("bad", [True, 1.0, "2", None])
def test_min_references_must_be_an_integer(bad: object) -> None:
    problem = MatchProblem(providers=[], capabilities=[], needs=[])
    with pytest.raises(TypeError, match=r"^min_references must be an integer$"):
        match_needs(problem, min_references=bad)  # type: ignore[arg-type]


def test_min_references_must_not_be_negative() -> None:
    problem = MatchProblem(providers=[], capabilities=[], needs=[])
    with pytest.raises(ValueError, match=r"^min_references must be at least 0$"):
        match_needs(problem, min_references=-1)
    assert match_needs(problem, min_references=0).matches == ()


def test_unknown_objective_and_engine_are_refused() -> None:
    problem = MatchProblem(providers=[], capabilities=[], needs=[])
    with pytest.raises(ValueError, match="'fastest'"):
        match_needs(problem, objective="fastest")
    with pytest.raises(ValueError, match="'gpu'"):
        match_needs(problem, engine="gpu")


@pytest.mark.skipif(scipy_available(), reason="only without SciPy")
def test_the_fast_engine_needs_scipy() -> None:  # pragma: no cover - SciPy is a test extra
    problem = MatchProblem(providers=[], capabilities=[], needs=[])
    with pytest.raises(CoprodError, match="coprod\\[fast\\]"):
        match_needs(problem, engine="fast")


def test_a_scoring_that_is_not_a_breakdown_or_not_finite_is_an_error() -> None:
    problem = MatchProblem(
        providers=[ANN],
        capabilities=[Capability(id="c1", provider_id="ann", category="x", area="oban")],
        needs=[Need(id="n1", requester_id="r1", category="x", area="oban")],
    )
    with pytest.raises(CoprodError, match="returned float, not a ScoreBreakdown"):
        match_needs(problem, scoring=lambda *_: 1.0)  # type: ignore[arg-type,return-value]
    from coprod.people import ScoreBreakdown
    from coprod.people.scoring import ScoreComponent

    def infinite(*_: object) -> ScoreBreakdown:
        return ScoreBreakdown((ScoreComponent("x", float("inf"), 1.0),))

    with pytest.raises(
        CoprodError,
        match=r"^the scoring gave need 'n1' and capability 'c1' a score that is not a finite "
        r"number$",
    ):
        match_needs(problem, scoring=infinite)
    # "most" scores only the matches it made, to explain them: the same checks apply.
    with pytest.raises(CoprodError, match="not a finite number"):
        match_needs(problem, objective="most", scoring=infinite)


def test_separate_components_are_solved_and_counted_separately() -> None:
    # Oban: two needs, two gardeners (a component solved by network simplex).
    # Dunoon: one need, one helper (direct). A need nobody can meet is no component.
    caps = [
        Capability(id="o1", provider_id="ann", category="gardening", area="oban"),
        Capability(id="o2", provider_id="bob", category="gardening", area="oban"),
        Capability(id="d1", provider_id="ann", category="housework", area="dunoon"),
    ]
    needs = [
        Need(id="n1", requester_id="r1", category="gardening", area="oban"),
        Need(id="n2", requester_id="r2", category="gardening", area="oban"),
        Need(id="n3", requester_id="r3", category="housework", area="dunoon"),
        Need(id="n4", requester_id="r4", category="plumbing", area="dunoon"),
    ]
    result = match_needs(MatchProblem(providers=[ANN, BOB], capabilities=caps, needs=needs))
    assert result.components == 2
    assert {m.need_id for m in result.matches} == {"n1", "n2", "n3"}
    assert {m.capability_id for m in result.matches} == {"o1", "o2", "d1"}
    # Hopcroft-Karp counts the Oban component's maximum; network simplex then finds the
    # best matching of that size; Dunoon's one need is solved directly.
    assert result.solvers == ("direct", "hopcroft-karp", "network-simplex")
    assert [u.reason for u in result.unmatched] == [UnmatchedReason.NO_CAPABILITY_IN_CATEGORY]
    assert (
        match_needs(
            MatchProblem(providers=[ANN, BOB], capabilities=caps, needs=needs), objective="most"
        ).components
        is None
    )


def test_unmatched_left_vertices_are_minus_one() -> None:
    from coprod.people._hopcroft_karp import maximum_b_matching

    # Two needs for one single-slot helper: the first in order gets it.
    assert maximum_b_matching([[0], [0]], [1], [0, 1]) == [0, -1]
    assert maximum_b_matching([[0], [0]], [1], [1, 0]) == [-1, 0]
    assert maximum_b_matching([[], [0]], [0], [0, 1]) == [-1, -1]


def test_strict_funnel_counts_helpers_free_any_time() -> None:
    # One helper free "any time" with one slot; two needs on weekdays, strictly.
    # The second need's funnel passes every step (1 left each) and fails on capacity.
    problem = MatchProblem(
        providers=[ANN],
        capabilities=[Capability(id="c1", provider_id="ann", category="x", area="oban")],
        needs=[
            Need(id="n1", requester_id="r1", category="x", area="oban", when=["weekdays"]),
            Need(id="n2", requester_id="r2", category="x", area="oban", when=["weekdays"]),
        ],
    )
    result = match_needs(problem, strict_availability=True)
    assert [m.need_id for m in result.matches] == ["n1"]
    unmet = result.unmatched[0]
    assert (unmet.need_id, unmet.requester_id) == ("n2", "r2")
    assert unmet.reason is UnmatchedReason.CAPACITY_USED_UP
    assert unmet.funnel.as_dict() == {
        "in_category": 1,
        "in_area": 1,
        "consenting": 1,
        "not_own": 1,
        "verified": 1,
        "available": 1,
        "with_capacity": 1,
    }
    assert result.objective.value == "best"
    assert result.problem is problem
    assert match_needs(problem, objective="most").objective.value == "most"


def test_explanations_use_the_references_asked_for() -> None:
    problem = MatchProblem(
        providers=[ANN],
        capabilities=[Capability(id="c1", provider_id="ann", category="x", area="oban")],
        needs=[
            Need(
                id="n1",
                requester_id="r1",
                category="x",
                area="oban",
                verification=Verification.REFERENCES,
            )
        ],
    )
    unmet = match_needs(problem, min_references=3).unmatched[0]
    assert unmet.reason is UnmatchedReason.NONE_VERIFIED
    assert "requires 3 references" in unmet.explanation


def test_a_helper_covering_its_home_area_again_still_covers_the_others() -> None:
    areas = ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"]
    problem = MatchProblem(
        providers=[ANN],
        capabilities=[
            Capability(
                id="c1",
                provider_id="ann",
                category="x",
                area="a1",
                also_covers=areas,  # the home area listed again among the others
                capacity=len(areas),
            )
        ],
        needs=[Need(id=f"n-{area}", requester_id="r1", category="x", area=area) for area in areas],
    )
    assert eligible_capabilities(problem) == {f"n-{area}": ("c1",) for area in areas}
    assert match_needs(problem).matched_count == len(areas)


def test_the_fast_engine_without_scipy_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import coprod.people.matching as matching

    monkeypatch.setattr(matching, "scipy_available", lambda: False)
    problem = MatchProblem(providers=[], capabilities=[], needs=[])
    with pytest.raises(
        CoprodError,
        match=r"^engine 'fast' needs SciPy: install the extra with pip install 'coprod\[fast\]'$",
    ):
        match_needs(problem, engine="fast")
    # "most" never needs SciPy.
    assert match_needs(problem, engine="fast", objective="most").matches == ()


def test_a_need_met_in_one_phase_does_not_seed_the_next() -> None:
    from collections import Counter

    from coprod.people._hopcroft_karp import maximum_b_matching

    # Five needs, five slots (capacities 1, 1, 2, 1): a perfect matching exists
    # (by hand: 0->0, 1->3, 2->2, 3->2, 4->1). A matcher that lets a
    # need matched to helper 0 start the next phase's search as if it were free
    # stops at 4 (found by a random search against a mutant of the algorithm).
    adj = [[3, 0], [3], [0, 2], [1, 2, 0], [0, 1]]
    cap = [1, 1, 2, 1]
    mate = maximum_b_matching(adj, cap, [3, 2, 4, 0, 1])
    assert all(r in adj[left] for left, r in enumerate(mate))
    assert all(used <= cap[r] for r, used in Counter(mate).items())
    assert sorted(mate) == [0, 1, 2, 2, 3]


def test_without_strict_availability_the_funnel_ignores_times() -> None:
    # A weekend helper with one slot; two needs on weekdays. Without strict
    # availability times only score: the second need is left out by capacity.
    problem = MatchProblem(
        providers=[ANN],
        capabilities=[
            Capability(
                id="c1", provider_id="ann", category="x", area="oban", availability=["weekends"]
            )
        ],
        needs=[
            Need(id="n1", requester_id="r1", category="x", area="oban", when=["weekdays"]),
            Need(id="n2", requester_id="r2", category="x", area="oban", when=["weekdays"]),
        ],
    )
    unmet = match_needs(problem).unmatched[0]
    assert unmet.reason is UnmatchedReason.CAPACITY_USED_UP
    assert (unmet.funnel.available, unmet.funnel.with_capacity) == (1, 1)


def test_a_home_area_listed_again_in_also_covers_does_not_hide_the_other_areas() -> None:
    # A helper's also_covers may repeat the home area. The index skips the repeat and
    # goes on to the other areas. also_covers is a set, so where the repeat falls
    # among them changes from run to run; with 30 other areas and three helpers, a
    # matcher that stopped at the repeat would strand needs on nearly every run.
    areas = [f"area-{n}" for n in range(30)]
    providers = [Provider(id=f"p{k}", consent=True) for k in range(3)]
    capabilities = [
        Capability(
            id=f"c{k}",
            provider_id=f"p{k}",
            category=f"skill-{k}",
            area=f"home-{k}",
            also_covers=frozenset({f"home-{k}", *areas}),
            capacity=len(areas),
        )
        for k in range(3)
    ]
    needs = [
        Need(id=f"n{k}-{area}", requester_id="r", category=f"skill-{k}", area=area)
        for k in range(3)
        for area in areas
    ]
    problem = MatchProblem(providers=providers, capabilities=capabilities, needs=needs)
    matched = pairs(problem)
    assert matched == {need.id: f"c{need.id[1]}" for need in needs}
