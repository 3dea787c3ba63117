"""Solvers for the "best" objective: pure, fast (SciPy) and the automatic choice (issue 6)."""

from __future__ import annotations

import random

import pytest

from coprod.people import (
    Capability,
    MatchProblem,
    Need,
    Provider,
    _weighted,
    eligible_capabilities,
    match_needs,
    matching,
    scipy_available,
    score_units,
)

needs_scipy = pytest.mark.skipif(not scipy_available(), reason="SciPy (coprod[fast]) not installed")


def random_problem(n: int, seed: int) -> MatchProblem:
    rng = random.Random(seed)
    providers = [
        Provider(f"p{k:04d}", references=rng.randint(0, 3), consent=True) for k in range(n)
    ]
    caps = [
        Capability(
            f"c{k:04d}",
            f"p{k:04d}",
            rng.choice(["ironing", "repairs", "repairs/fences"]),
            f"a{rng.randrange(6)}",
            also_covers=[f"a{rng.randrange(6)}"],
            level=rng.choice(["does-now", "could-do"]),
            availability=rng.sample(["weekdays", "evenings", "weekends"], rng.randint(0, 2)),
            capacity=rng.randint(0, 2),
        )
        for k in range(n)
    ]
    needs = [
        Need(
            f"n{k:04d}",
            f"p{rng.randrange(2 * n):04d}",
            rng.choice(["ironing", "repairs", "repairs/fences", "repairs/roof"]),
            f"a{rng.randrange(6)}",
            verification=rng.choice(["none", "none", "references"]),
            priority=rng.choice(["low", "normal", "high", "urgent"]),
            when=rng.sample(["weekdays", "evenings", "weekends"], rng.randint(0, 1)),
        )
        for k in range(int(n * 1.3))
    ]
    return MatchProblem(providers, caps, needs)


def units(result: matching.MatchResult) -> tuple[int, int]:
    return result.matched_count, sum(score_units(m.score) for m in result.matches)


def test_pure_best_uses_network_simplex_and_meets_the_maximum() -> None:
    problem = random_problem(120, 1)
    best = match_needs(problem, engine="pure")
    most = match_needs(problem, objective="most")
    assert "network-simplex" in best.solvers
    assert "scipy" not in best.solvers
    assert best.matched_count == most.matched_count
    assert best.total_score >= most.total_score
    assert best.components is not None
    assert best.components >= 1
    assert most.components is None


@needs_scipy
@pytest.mark.parametrize("seed", range(4))
def test_fast_and_pure_agree_on_count_and_total(seed: int) -> None:
    problem = random_problem(150, seed)
    pure = match_needs(problem, engine="pure")
    fast = match_needs(problem, engine="fast")
    assert "scipy" in fast.solvers
    assert units(fast) == units(pure)
    eligible = eligible_capabilities(problem)
    assert all(m.capability_id in eligible[m.need_id] for m in fast.matches)


@needs_scipy
def test_auto_switches_to_scipy_for_large_components(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = random_problem(80, 9)
    assert "scipy" not in match_needs(problem).solvers
    monkeypatch.setattr(matching, "AUTO_FAST_PAIRS", 10)
    assert "scipy" in match_needs(problem).solvers


@needs_scipy
def test_fast_path_falls_back_when_costs_are_not_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = random_problem(60, 3)
    expected = units(match_needs(problem, engine="pure"))
    monkeypatch.setattr(_weighted, "FLOAT_EXACT", 10)
    result = match_needs(problem, engine="fast")
    assert "scipy" not in result.solvers
    assert "network-simplex" in result.solvers
    assert units(result) == expected


def test_eligible_capabilities_lists_allowed_pairs() -> None:
    problem = MatchProblem(
        [Provider("p1", consent=True), Provider("p2", consent=False)],
        [
            Capability("c1", "p1", "repairs", "dunoon"),
            Capability("c2", "p2", "repairs", "dunoon"),
            Capability("c3", "p1", "repairs", "oban", anywhere=True),
        ],
        [Need("n1", "r", "repairs/fences", "dunoon"), Need("n2", "p1", "repairs", "dunoon")],
    )
    assert eligible_capabilities(problem) == {"n1": ("c1", "c3"), "n2": ()}


def test_empty_problems() -> None:
    empty = MatchProblem([], [], [])
    for objective in ("most", "best"):
        result = match_needs(empty, objective=objective)
        assert result.matches == ()
        assert result.unmatched == ()
        assert result.total_score == 0
