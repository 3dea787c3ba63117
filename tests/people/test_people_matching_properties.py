"""Property tests of matching (issue 6): hard constraints, capacities, optimality."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coprod.people import (
    Capability,
    CapabilityLevel,
    DefaultScoring,
    MatchProblem,
    MatchResult,
    Need,
    Priority,
    Provider,
    TimeSlot,
    UnmatchedReason,
    Verification,
    match_needs,
    scipy_available,
    score_units,
)
from coprod.people._hopcroft_karp import maximum_b_matching

CATEGORIES = ("gardening", "gardening/pruning", "housework", "housework/bedding", "tutoring")
NEED_CATEGORIES = (*CATEGORIES, "gardening/grass", "plumbing")
AREAS = ("dunoon", "rothesay", "oban")
SLOTS = st.frozensets(st.sampled_from(list(TimeSlot)), max_size=2)

providers_st = st.lists(
    st.builds(
        Provider,
        id=st.sampled_from([f"p{k}" for k in range(6)]),
        references=st.integers(0, 3),
        protection_check=st.booleans(),
        consent=st.booleans(),
    ),
    min_size=1,
    max_size=5,
    unique_by=lambda p: p.id,
)


@st.composite
def problems(draw: st.DrawFn, max_caps: int = 6, max_needs: int = 7) -> MatchProblem:
    providers = draw(providers_st)
    ids = [p.id for p in providers]
    n_caps = draw(st.integers(0, max_caps))
    caps = [
        Capability(
            id=f"c{k}",
            provider_id=draw(st.sampled_from(ids)),
            category=draw(st.sampled_from(CATEGORIES)),
            area=draw(st.sampled_from(AREAS)),
            level=draw(st.sampled_from(list(CapabilityLevel))),
            willing_to_share=draw(st.booleans()),
            also_covers=draw(st.frozensets(st.sampled_from(AREAS), max_size=1)),
            anywhere=draw(st.booleans()),
            availability=draw(SLOTS),
            capacity=draw(st.integers(0, 3)),
        )
        for k in range(n_caps)
    ]
    n_needs = draw(st.integers(0, max_needs))
    needs = [
        Need(
            id=f"n{k}",
            requester_id=draw(st.sampled_from([*ids, "r1", "r2"])),
            category=draw(st.sampled_from(NEED_CATEGORIES)),
            area=draw(st.sampled_from(AREAS)),
            verification=draw(st.sampled_from(list(Verification))),
            priority=draw(st.sampled_from(list(Priority))),
            when=draw(SLOTS),
        )
        for k in range(n_needs)
    ]
    return MatchProblem(providers=providers, capabilities=caps, needs=needs)


def allowed(
    problem: MatchProblem, cap: Capability, need: Need, *, strict: bool = False, refs: int = 2
) -> bool:
    """The hard constraints, written out independently of the implementation."""
    provider = next(p for p in problem.providers if p.id == cap.provider_id)
    if not (provider.consent and cap.willing_to_share):
        return False
    if provider.id == need.requester_id:
        return False
    if need.verification is Verification.REFERENCES and provider.references < refs:
        return False
    if need.verification is Verification.PROTECTION_CHECK and not (
        provider.references >= refs and provider.protection_check
    ):
        return False
    if not (cap.category == need.category or need.category.startswith(cap.category + "/")):
        return False
    if not (cap.anywhere or cap.area == need.area or need.area in cap.also_covers):
        return False
    if cap.capacity <= 0:
        return False
    return not (strict and need.when and cap.availability and not (need.when & cap.availability))


def allowed_edges(problem: MatchProblem, strict: bool = False) -> dict[str, list[Capability]]:
    return {
        n.id: [c for c in problem.capabilities if allowed(problem, c, n, strict=strict)]
        for n in problem.needs
    }


def expanded_maximum(problem: MatchProblem, strict: bool = False) -> int:
    """networkx's maximum matching size on the slot-expanded graph."""
    graph = nx.Graph()
    graph.add_nodes_from(("need", n.id) for n in problem.needs)
    for need_id, caps in allowed_edges(problem, strict).items():
        for c in caps:
            for slot in range(c.capacity):
                graph.add_edge(("need", need_id), ("slot", c.id, slot))
    top = [("need", n.id) for n in problem.needs]
    return len(nx.bipartite.hopcroft_karp_matching(graph, top_nodes=top)) // 2


def check_hard_constraints(problem: MatchProblem, result: MatchResult, strict: bool) -> None:
    caps = {c.id: c for c in problem.capabilities}
    needs = {n.id: n for n in problem.needs}
    for m in result.matches:
        cap, need = caps[m.capability_id], needs[m.need_id]
        assert allowed(problem, cap, need, strict=strict)
        assert m.provider_id == cap.provider_id
        assert m.requester_id == need.requester_id
    load = Counter(m.capability_id for m in result.matches)
    for cap_id, used in load.items():
        assert used <= caps[cap_id].capacity
    seen = [m.need_id for m in result.matches] + [u.need_id for u in result.unmatched]
    assert sorted(seen) == sorted(needs)  # every need exactly once
    assert len(set(seen)) == len(seen)


def check_reasons(problem: MatchProblem, result: MatchResult, strict: bool) -> None:
    caps = {c.id: c for c in problem.capabilities}
    load = Counter(m.capability_id for m in result.matches)
    edges = allowed_edges(problem, strict)
    for u in result.unmatched:
        candidates = edges[u.need_id]
        if candidates:
            assert u.reason is UnmatchedReason.CAPACITY_USED_UP
            # maximal: every allowed helper is full, so nothing could be added
            assert all(load[c.id] == caps[c.id].capacity for c in candidates)
        else:
            assert u.reason is not UnmatchedReason.CAPACITY_USED_UP or (u.funnel.with_capacity == 0)
        assert u.explanation
        assert u.reason is u.funnel.reason


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(), objective=st.sampled_from(["most", "best"]), strict=st.booleans())
def test_matches_keep_every_hard_constraint_and_capacity(
    problem: MatchProblem, objective: str, strict: bool
) -> None:
    result = match_needs(problem, objective=objective, strict_availability=strict)
    check_hard_constraints(problem, result, strict)
    check_reasons(problem, result, strict)


@settings(max_examples=150, deadline=None)
@given(problem=problems(max_caps=8, max_needs=10), strict=st.booleans())
def test_most_needs_met_is_maximum(problem: MatchProblem, strict: bool) -> None:
    result = match_needs(problem, objective="most", strict_availability=strict)
    assert result.matched_count == expanded_maximum(problem, strict)
    assert result.solvers == ("hopcroft-karp",)


@settings(max_examples=100, deadline=None)
@given(problem=problems(max_caps=8, max_needs=10))
def test_best_meets_as_many_needs_as_most(problem: MatchProblem) -> None:
    best = match_needs(problem, objective="best")
    assert best.matched_count == expanded_maximum(problem)


def exhaustive_best(problem: MatchProblem) -> tuple[int, int]:
    """(needs met, total score units) of the best matching, by trying every one."""
    scoring = DefaultScoring()
    providers = {p.id: p for p in problem.providers}
    edges = allowed_edges(problem)
    options = [
        [None] + [(c, score_units(scoring(providers[c.provider_id], c, n))) for c in edges[n.id]]
        for n in problem.needs
    ]
    best = (0, 0)
    for choice in itertools.product(*options):
        load = Counter(c.id for c, _ in (x for x in choice if x is not None))
        caps = {c.id: c for c, _ in (x for x in choice if x is not None)}
        if any(load[k] > caps[k].capacity for k in load):
            continue
        picked = [x for x in choice if x is not None]
        best = max(best, (len(picked), sum(u for _, u in picked)))
    return best


def result_units(problem: MatchProblem, result: MatchResult) -> tuple[int, int]:
    return result.matched_count, sum(score_units(m.score) for m in result.matches)


@settings(max_examples=60, deadline=None)
@given(problem=problems(max_caps=4, max_needs=5))
def test_best_matches_equal_exhaustive_search(problem: MatchProblem) -> None:
    result = match_needs(problem, objective="best", engine="pure")
    assert result_units(problem, result) == exhaustive_best(problem)


@pytest.mark.skipif(not scipy_available(), reason="SciPy (coprod[fast]) not installed")
@settings(max_examples=60, deadline=None)
@given(problem=problems(max_caps=5, max_needs=6))
def test_fast_path_equals_exhaustive_search(problem: MatchProblem) -> None:
    result = match_needs(problem, objective="best", engine="fast")
    check_hard_constraints(problem, result, False)
    assert result_units(problem, result) == exhaustive_best(problem)


@settings(max_examples=100, deadline=None)
@given(problem=problems(), objective=st.sampled_from(["most", "best"]), seed=st.integers(0, 1000))
def test_deterministic_whatever_the_input_order(
    problem: MatchProblem, objective: str, seed: int
) -> None:
    rng = random.Random(seed)
    shuffled = [list(problem.providers), list(problem.capabilities), list(problem.needs)]
    for items in shuffled:
        rng.shuffle(items)
    again = MatchProblem(*shuffled)
    first = match_needs(problem, objective=objective)
    second = match_needs(again, objective=objective)
    assert first == second
    assert first.matches == second.matches
    assert first.unmatched == second.unmatched


@settings(max_examples=200, deadline=None)
@given(problem=problems(max_caps=8, max_needs=8), objective=st.sampled_from(["most", "best"]))
def test_verified_needs_never_get_unverified_helpers(problem: MatchProblem, objective: str) -> None:
    result = match_needs(problem, objective=objective)
    providers = {p.id: p for p in problem.providers}
    needs = {n.id: n for n in problem.needs}
    for m in result.matches:
        need, helper = needs[m.need_id], providers[m.provider_id]
        if need.verification is Verification.REFERENCES:
            assert helper.references >= 2
        if need.verification is Verification.PROTECTION_CHECK:
            assert helper.references >= 2
            assert helper.protection_check
        assert helper.consent
        assert m.provider_id != need.requester_id


@settings(max_examples=200, deadline=None)
@given(
    data=st.data(),
    n_left=st.integers(0, 12),
    n_right=st.integers(0, 8),
)
def test_hopcroft_karp_with_capacities_matches_networkx(
    data: st.DataObject, n_left: int, n_right: int
) -> None:
    cap = data.draw(st.lists(st.integers(0, 3), min_size=n_right, max_size=n_right))
    adj = [
        sorted(data.draw(st.sets(st.integers(0, max(n_right - 1, 0)), max_size=n_right)))
        if n_right
        else []
        for _ in range(n_left)
    ]
    order = data.draw(st.permutations(range(n_left)))
    mate = maximum_b_matching(adj, cap, order)
    load = Counter(r for r in mate if r >= 0)
    assert all(load[r] <= cap[r] for r in load)
    assert all(r in adj[left] for left, r in enumerate(mate) if r >= 0)
    graph = nx.Graph()
    graph.add_nodes_from(("l", left) for left in range(n_left))
    for left, row in enumerate(adj):
        for r in row:
            graph.add_edges_from((("l", left), ("r", r, s)) for s in range(cap[r]))
    top = [("l", left) for left in range(n_left)]
    expected = len(nx.bipartite.hopcroft_karp_matching(graph, top_nodes=top)) // 2
    assert sum(1 for r in mate if r >= 0) == expected


def test_hopcroft_karp_keeps_greedy_needs_and_is_maximum_on_larger_graphs() -> None:
    rng = random.Random(7)
    for _ in range(20):
        n_left, n_right = rng.randint(50, 300), rng.randint(20, 200)
        cap = [rng.randint(0, 3) for _ in range(n_right)]
        adj = [sorted(rng.sample(range(n_right), rng.randint(0, 3))) for _ in range(n_left)]
        mate = maximum_b_matching(adj, cap, list(range(n_left)))
        graph = nx.Graph()
        graph.add_nodes_from(("l", i) for i in range(n_left))
        for i, row in enumerate(adj):
            for r in row:
                graph.add_edges_from((("l", i), ("r", r, s)) for s in range(cap[r]))
        top = [("l", i) for i in range(n_left)]
        expected = len(nx.bipartite.hopcroft_karp_matching(graph, top_nodes=top)) // 2
        assert sum(1 for r in mate if r >= 0) == expected
