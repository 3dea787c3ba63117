"""The Method of Equal Shares: published properties on generated instances, and worked examples."""

from __future__ import annotations

import math
import random
from decimal import Decimal
from fractions import Fraction

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from coprod.priorities import (
    Ballot,
    BallotRules,
    Completion,
    Exercise,
    Project,
    Rule,
    VoteType,
    count,
    equal_shares,
    greedy,
)


@st.composite
def instances(draw: st.DrawFn) -> tuple[Exercise, list[Ballot]]:
    vote_type = draw(st.sampled_from([VoteType.APPROVAL, VoteType.CUMULATIVE]))
    n_projects = draw(st.integers(1, 6))
    costs = draw(st.lists(st.integers(1, 60), min_size=n_projects, max_size=n_projects))
    projects = tuple(Project(f"p{i}", Decimal(c)) for i, c in enumerate(costs))
    budget = draw(st.integers(1, 200))
    ballots = []
    for v in range(draw(st.integers(1, 12))):
        chosen = draw(st.lists(st.sampled_from(range(n_projects)), unique=True, max_size=4))
        points = (
            tuple(draw(st.integers(1, 3)) for _ in chosen)
            if vote_type is VoteType.CUMULATIVE
            else ()
        )
        ballots.append(Ballot(f"v{v}", "online", tuple(f"p{i}" for i in chosen), points))
    exercise = Exercise("generated", vote_type, Decimal(budget), projects, BallotRules())
    return exercise, ballots


@settings(max_examples=150, deadline=None)
@given(instances(), st.sampled_from(list(Completion)))
def test_the_budget_is_never_exceeded(
    instance: tuple[Exercise, list[Ballot]], completion: Completion
) -> None:
    exercise, ballots = instance
    outcome = equal_shares(exercise, ballots, completion=completion)
    assert outcome.spent <= exercise.budget
    assert len(set(outcome.funded)) == len(outcome.funded)
    assert {d.project for d in outcome.decisions} == {p.id for p in exercise.projects}


@settings(max_examples=150, deadline=None)
@given(instances())
def test_with_greedy_completion_no_affordable_project_is_left(
    instance: tuple[Exercise, list[Ballot]],
) -> None:
    exercise, ballots = instance
    outcome = equal_shares(exercise, ballots, completion=Completion.ADD1_GREEDY)
    funded = set(outcome.funded)
    supported = {p for b in ballots for p in b.projects}
    left_out = [p for p in exercise.projects if p.id not in funded and p.id in supported]
    assert all(p.cost > outcome.left for p in left_out)
    # ... and nobody's money goes to a project nobody chose.
    assert funded <= supported


@settings(max_examples=150, deadline=None)
@given(instances())
def test_add1_stops_only_when_one_more_unit_each_would_overspend(
    instance: tuple[Exercise, list[Ballot]],
) -> None:
    """add1 keeps raising every voter's share by 1 while the outcome fits the budget:
    so the next step up either overspends, or every supported project is funded."""
    exercise, ballots = instance
    outcome = equal_shares(exercise, ballots, completion=Completion.ADD1)
    supported = {p for b in ballots for p in b.projects}
    voters = sum(1 for b in ballots if b.projects)
    if not voters or supported <= set(outcome.funded):
        return
    (share,) = outcome.shares
    step_up = attrs.evolve(exercise, budget=Decimal((math.floor(share) + 1) * len(ballots)))
    bigger = equal_shares(step_up, ballots, completion=Completion.NONE)
    assert bigger.spent > exercise.budget


@settings(max_examples=100, deadline=None)
@given(instances(), st.integers(2, 9), st.randoms(use_true_random=False))
def test_exact_arithmetic_scale_and_order_do_not_matter(
    instance: tuple[Exercise, list[Ballot]], factor: int, rng: random.Random
) -> None:
    """In exact arithmetic, money in cents or in euros, and the order ballots
    arrive in, cannot change which projects are funded (floats could)."""
    exercise, ballots = instance
    base = equal_shares(exercise, ballots, completion=Completion.NONE)
    scaled = attrs.evolve(
        exercise,
        budget=exercise.budget * factor,
        projects=tuple(attrs.evolve(p, cost=p.cost * factor) for p in exercise.projects),
    )
    shuffled = list(ballots)
    rng.shuffle(shuffled)
    assert equal_shares(scaled, shuffled, completion=Completion.NONE).funded == base.funded


def test_party_list_profile_is_split_proportionally() -> None:
    """Peters & Skowron's proportionality on a party-list profile, counted by hand.

    10 voters, budget 10, twenty projects costing 1: six voters approve A1..A10,
    four approve B1..B10. Each voter holds 10/10 = 1. An A project costs each of
    its 6 supporters 1/6, a B project each of its 4 supporters 1/4, so A projects
    go first (lower price) until the six have paid 6 × 1 = 6: six A projects. Then
    the four pay 4 × 1/4 for each of four B projects. 6 + 4 = 10 = budget: the
    budget is split 60/40 like the voters. Greedy by votes gives all ten seats to A.
    """
    projects = tuple(Project(f"A{i}", Decimal(1)) for i in range(1, 11)) + tuple(
        Project(f"B{i}", Decimal(1)) for i in range(1, 11)
    )
    a = tuple(f"A{i}" for i in range(1, 11))
    b = tuple(f"B{i}" for i in range(1, 11))
    ballots = [Ballot(f"a{v}", "online", a) for v in range(6)]
    ballots += [Ballot(f"b{v}", "online", b) for v in range(4)]
    exercise = Exercise("party list", VoteType.APPROVAL, Decimal(10), projects)
    mes = equal_shares(exercise, ballots, completion=Completion.NONE)
    assert mes.funded == ("A1", "A2", "A3", "A4", "A5", "A6", "B1", "B2", "B3", "B4")
    # add1: at 2 each the rule would fund twenty projects (20 > 10), so nothing changes.
    assert equal_shares(exercise, ballots).funded == mes.funded
    assert greedy(exercise, ballots).funded == a


def test_a_worked_example_where_equal_shares_and_greedy_differ() -> None:
    """Budget 300, three voters (100 each), approval, cost utilities. By hand:

    - Big (cost 200) approved by v1, v2: each would pay 100; price per unit of
      utility ρ = 100 / 200 = 1/2.
    - Small (cost 100) approved by v3: v3 pays 100; ρ = 100 / 100 = 1.
    - Shared (cost 150) approved by all three: 50 each; ρ = 50 / 150 = 1/3.
    Round 1 funds Shared (lowest ρ); everyone has 50 left. Big needs 200 from v1 and
    v2 who hold 100 together: unaffordable; Small needs 100 from v3 who holds 50:
    unaffordable. Equal Shares alone: {Shared}, 150 spent.

    add1 raises each share 101, 102, …: at 150 each, after Shared (50 each) v1 and
    v2 hold 200 and Big costs them 100 each (ρ = 1/2), so Big is funded too, 350 >
    300: overspent. So add1 stops at 149 each, still {Shared}. The greedy completion
    then takes Big? 200 > 150 left: no. Small: 100 <= 150: yes. {Shared, Small}.
    Greedy by votes: Shared (3 votes) fits, Big (2) 200 > 150 left, Small (1) fits.
    """
    projects = (
        Project("big", Decimal(200)),
        Project("small", Decimal(100)),
        Project("shared", Decimal(150)),
    )
    ballots = [
        Ballot("v1", "meeting", ("big", "shared")),
        Ballot("v2", "meeting", ("big", "shared")),
        Ballot("v3", "postal", ("small", "shared")),
    ]
    exercise = Exercise("worked", VoteType.APPROVAL, Decimal(300), projects)
    alone = equal_shares(exercise, ballots, completion=Completion.NONE)
    assert alone.funded == ("shared",)
    assert alone.shares == (Fraction(100),)
    money = {d.project: d.money_left for d in alone.decisions}
    assert money == {"shared": Decimal(300), "big": Decimal(100), "small": Decimal(50)}
    add1 = equal_shares(exercise, ballots, completion=Completion.ADD1)
    assert add1.funded == ("shared",)
    assert add1.shares == (Fraction(149),)
    assert equal_shares(exercise, ballots, completion=Completion.ADD1_GREEDY).funded == (
        "shared",
        "small",
    )
    assert count(exercise, ballots, Rule.GREEDY).funded == ("shared", "small")


def test_cumulative_points_are_utilities() -> None:
    """Two voters with 50 each. v1 gives 3 points to x (cost 60) and 1 to y (cost 40);
    v2 gives 1 to x and 3 to y. x: 3ρ + ρ = 60 → ρ = 15 (v1 pays 45, v2 15); y:
    3ρ + ρ = 40 → ρ = 10 (v2 pays 30, v1 10). y goes first (lower ρ), leaving v1 40
    and v2 20. x then needs min(40, 3ρ) + min(20, ρ) = 60, which holds at ρ = 20:
    v1 pays all 40 and v2 all 20. Both funded, 100 spent."""
    exercise = Exercise(
        "points",
        VoteType.CUMULATIVE,
        Decimal(100),
        (Project("x", Decimal(60)), Project("y", Decimal(40))),
    )
    ballots = [
        Ballot("v1", "online", ("x", "y"), (3, 1)),
        Ballot("v2", "online", ("x", "y"), (1, 3)),
    ]
    outcome = equal_shares(exercise, ballots, completion=Completion.NONE)
    assert outcome.funded == ("y", "x")
    assert outcome.spent == 100


@settings(max_examples=150, deadline=None)
@given(instances())
def test_greedy_rules_stay_in_budget_and_leave_nothing_affordable(
    instance: tuple[Exercise, list[Ballot]],
) -> None:
    exercise, ballots = instance
    supported = {p for b in ballots for p in b.projects}
    for rule in (Rule.GREEDY, Rule.GREEDY_PER_COST):
        outcome = count(exercise, ballots, rule)
        funded = set(outcome.funded)
        assert outcome.spent <= exercise.budget
        assert funded <= supported
        # Skipping, not stopping: every supported project left out costs more than is left.
        assert all(
            p.cost > outcome.left
            for p in exercise.projects
            if p.id in supported and p.id not in funded
        )
    skip = count(exercise, ballots, Rule.GREEDY)
    stop = count(exercise, ballots, Rule.GREEDY_NO_SKIP)
    # greedy-no-skip funds the projects greedy funds before its first skip.
    first_skip = next(
        (d.turn for d in skip.decisions if not d.funded and d.project in supported),
        len(skip.decisions) + 1,
    )
    assert stop.funded == tuple(
        d.project for d in skip.decisions if d.funded and d.turn < first_skip
    )
