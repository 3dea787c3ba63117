"""Counting rules: which projects a priority-setting vote funds, and why.

Three rules, each pure and exact (money is :class:`~fractions.Fraction` inside, so
no result depends on float rounding):

- :func:`greedy` — **greedy by support**, the rule most cities use and Pabulib's
  ``greedy``: projects in order of support (points for cumulative, scoring and
  ordinal ballots, else votes), each funded if its cost still fits in the money
  left; one that does not fit is *skipped* and the next is considered. (Pabulib
  names the variant that *stops* at the first project that does not fit
  ``greedy-no-skip``: :func:`greedy` with ``skip=False``. Source: the Pabulib
  format, https://pabulib.org/format, and its checker,
  github.com/pabulib/checker, ``verify_greedy_selected``.)
- :func:`greedy_per_cost` — greedy by support per unit of cost (support ÷ cost),
  which favours cheap projects with broad support.
- :func:`equal_shares` — the **Method of Equal Shares** (Peters & Skowron,
  "Proportionality and the Limits of Welfarism", EC 2020; Peters, Pierczyński &
  Skowron, "Proportional Participatory Budgeting with Additive Utilities", NeurIPS
  2021; https://equalshares.net). The budget is split equally among the voters;
  a project is funded when its supporters can pay for it, and each round funds
  the project whose supporters pay least per unit of utility ρ, each paying
  ``min(their money, ρ × their utility)``. Utilities: for approval ballots, the
  project's cost ("cost utilities", as equalshares.net and the Pabulib checker);
  for point ballots, the points. Completion (:class:`Completion`): ``add1`` raises
  every voter's share by one currency unit at a time and keeps the last outcome
  that stays within the real budget (Pabulib's ``equalshares/add1``, as the
  Pabulib checker computes it); ``add1-greedy`` then spends what is left greedily
  by support; ``none`` stops after the first run.

**No support, no money.** A project nobody voted for is never funded, by any rule (the
Pabulib checker's greedy would fund it if it still fitted at the end; no real file here
has such a case).

**Tie-breaking.** Greedy rules: higher support (or support per cost), then lower
cost, then the project listed first. Equal Shares: lower ρ, then lower cost, then
more support, then the project listed first (the Pabulib checker breaks ties by
lower cost, then more approvals).

**District budgets.** When an exercise gives districts their own budgets (as
CONSUL's headings do), each district's projects are counted against its budget
and the rest against the main budget, pool by pool. Equal Shares splits a
district's budget among the voters who support at least one of its projects.
"""

from __future__ import annotations

import enum
import math
import operator
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from coprod.priorities.ballots import ballot_points
from coprod.priorities.model import Ballot, Exercise, Project

__all__ = [
    "Completion",
    "Decision",
    "Outcome",
    "Rule",
    "Support",
    "count",
    "equal_shares",
    "greedy",
    "greedy_per_cost",
    "tally",
]


class Rule(str, enum.Enum):
    """The counting rules coprod offers (the names the CLI's ``--rule`` takes)."""

    GREEDY = "greedy"
    GREEDY_NO_SKIP = "greedy-no-skip"
    GREEDY_PER_COST = "greedy-per-cost"
    EQUAL_SHARES = "equal-shares"


class Completion(str, enum.Enum):
    """How Equal Shares spends money its first run leaves unspent."""

    NONE = "none"
    ADD1 = "add1"
    ADD1_GREEDY = "add1-greedy"


@attrs.frozen
class Support:
    """How many counted ballots name a project, and the points they give it."""

    votes: int
    points: int


@attrs.frozen
class Decision:
    """What a rule decided about one project, with what it knew when deciding.

    ``turn`` is the project's place in the order the rule considered projects
    (1 first). ``money_left`` is, for greedy rules, the budget left when its turn
    came; for Equal Shares, the money its supporters held when it was funded, or
    at the end if it was not (rounded to the cent for display; the rule computes
    exactly). ``stage`` says which part of the rule decided (``"greedy"``,
    ``"equal shares"``, ``"completion"``). ``reason`` says it in words.
    """

    project: str
    funded: bool
    turn: int
    support: int
    votes: int
    cost: Decimal
    money_left: Decimal
    stage: str
    reason: str
    pool: str = ""


@attrs.frozen
class Outcome:
    """The result of a rule: a decision per project, in the order they were considered."""

    rule: str
    budget: Decimal
    decisions: tuple[Decision, ...]
    detail: str = ""
    #: Equal Shares: the money each voter held in the run whose outcome was kept (the
    #: budget ÷ voters, raised by the add1 completion), one per pool; empty otherwise.
    shares: tuple[Fraction, ...] = ()

    @property
    def funded(self) -> tuple[str, ...]:
        """Funded project ids, in the order they were funded."""
        return tuple(d.project for d in self.decisions if d.funded)

    @property
    def spent(self) -> Decimal:
        """The cost of the funded projects."""
        return sum((d.cost for d in self.decisions if d.funded), Decimal(0))

    @property
    def left(self) -> Decimal:
        """The budget not spent."""
        return self.budget - self.spent


def tally(ballots: Iterable[Ballot], exercise: Exercise) -> dict[str, Support]:
    """Votes and points per project over ``ballots`` (every project, zero if none)."""
    votes = {p.id: 0 for p in exercise.projects}
    points = dict(votes)
    for ballot in ballots:
        for project, given in zip(ballot.projects, ballot_points(ballot, exercise), strict=True):
            votes[project] += 1
            points[project] += given
    return {p: Support(votes[p], points[p]) for p in votes}


def _support_of(support: Support, exercise: Exercise) -> int:
    return support.points if exercise.vote_type.has_points else support.votes


def _cents(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"))


def _money(value: Fraction) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact if Fraction(exact) == value else exact.quantize(Decimal("0.01"))


def _pools(exercise: Exercise) -> list[tuple[str, Decimal, tuple[Project, ...]]]:
    if not exercise.district_budgets:
        return [("", exercise.budget, exercise.projects)]
    own = dict(exercise.district_budgets)
    pools = [
        (district, budget, tuple(p for p in exercise.projects if p.district == district))
        for district, budget in exercise.district_budgets
    ]
    rest = tuple(p for p in exercise.projects if p.district not in own)
    if rest or exercise.budget:
        pools.insert(0, ("", exercise.budget, rest))
    return pools


def _unit(exercise: Exercise) -> str:
    return "points" if exercise.vote_type.has_points else "votes"


def greedy(exercise: Exercise, ballots: Sequence[Ballot], *, skip: bool = True) -> Outcome:
    """Greedy by support (Pabulib ``greedy``; ``skip=False``: ``greedy-no-skip``)."""
    supports = tally(ballots, exercise)
    name = "greedy" if skip else "greedy-no-skip"
    decisions: list[Decision] = []
    for pool, budget, projects in _pools(exercise):
        order = sorted(
            enumerate(projects),
            key=lambda item: (
                -_support_of(supports[item[1].id], exercise),
                item[1].cost,
                item[0],
            ),
        )
        decisions.extend(
            _greedy_pass(exercise, [p for _, p in order], supports, budget, pool, skip, "greedy")
        )
    return Outcome(
        rule=name, budget=exercise.budget + _district_total(exercise), decisions=tuple(decisions)
    )


def greedy_per_cost(exercise: Exercise, ballots: Sequence[Ballot]) -> Outcome:
    """Greedy by support per unit of cost; ties: more support, lower cost, listed first."""
    supports = tally(ballots, exercise)
    decisions: list[Decision] = []
    for pool, budget, projects in _pools(exercise):
        order = sorted(
            enumerate(projects),
            key=lambda item: (
                -Fraction(_support_of(supports[item[1].id], exercise)) / Fraction(item[1].cost),
                -_support_of(supports[item[1].id], exercise),
                item[1].cost,
                item[0],
            ),
        )
        decisions.extend(
            _greedy_pass(exercise, [p for _, p in order], supports, budget, pool, True, "greedy")
        )
    return Outcome(
        rule="greedy-per-cost",
        budget=exercise.budget + _district_total(exercise),
        decisions=tuple(decisions),
    )


def _district_total(exercise: Exercise) -> Decimal:
    return sum((b for _, b in exercise.district_budgets), Decimal(0))


def _greedy_pass(
    exercise: Exercise,
    order: Sequence[Project],
    supports: Mapping[str, Support],
    budget: Decimal,
    pool: str,
    skip: bool,
    stage: str,
    first_turn: int = 1,
) -> list[Decision]:
    unit = _unit(exercise)
    left = budget
    stopped_at: str | None = None
    out = []
    for turn, project in enumerate(order, start=first_turn):
        support = supports[project.id]
        value = _support_of(support, exercise)
        fits = project.cost <= left
        if stopped_at is not None:
            funded = False
            reason = (
                f"not funded: counting stopped at project {stopped_at}, the first that did "
                "not fit (greedy-no-skip)"
            )
        elif value == 0:
            # Nobody asked for it: money left over is not spent on it.
            funded = False
            reason = f"not funded: nobody voted for it (cost {project.cost}, {left} left)"
        elif fits:
            funded = True
            reason = f"funded: {value} {unit}, cost {project.cost} fits in the {left} left"
        else:
            funded = False
            reason = f"not funded: {value} {unit}, cost {project.cost} is more than the {left} left"
            if not skip:
                stopped_at = project.id
        out.append(
            Decision(
                project=project.id,
                funded=funded,
                turn=turn,
                support=value,
                votes=support.votes,
                cost=project.cost,
                money_left=left,
                stage=stage,
                reason=reason,
                pool=pool,
            )
        )
        if funded:
            left -= project.cost
    return out


# --- Method of Equal Shares ---------------------------------------------------------


@attrs.frozen
class _Group:
    """Voters with the same ballot: they always hold and pay the same."""

    weight: int
    utilities: tuple[tuple[int, int], ...]  # (project index, utility as a whole number)


def _groups(
    ballots: Sequence[Ballot], exercise: Exercise, projects: Sequence[Project], cost_utilities: bool
) -> list[_Group]:
    index = {p.id: n for n, p in enumerate(projects)}
    # Utilities only matter up to one common factor, so cost utilities are scaled to
    # whole numbers (costs in cents become whole cents).
    scale = math.lcm(*(Fraction(p.cost).denominator for p in projects)) if projects else 1
    counts: dict[tuple[tuple[int, int], ...], int] = {}
    for ballot in ballots:
        key = tuple(
            sorted(
                (index[p], given)
                for p, given in zip(ballot.projects, ballot_points(ballot, exercise), strict=True)
                if p in index and given > 0
            )
        )
        if key:
            counts[key] = counts.get(key, 0) + 1
    return [
        _Group(
            weight,
            tuple(
                (n, given * (int(Fraction(projects[n].cost) * scale) if cost_utilities else 1))
                for n, given in key
            ),
        )
        for key, weight in counts.items()
    ]


@attrs.frozen
class _MesRun:
    winners: tuple[int, ...]
    # money each project's supporters held when it was funded (winners) or at the end
    money: tuple[Fraction, ...]


def _mes_fixed(
    groups: Sequence[_Group],
    costs: Sequence[Fraction],
    supports: Sequence[int],
    voters: int,
    budget: Fraction,
) -> _MesRun:
    """One run of Equal Shares with ``budget`` split among ``voters``, in exact arithmetic.

    Money is held as whole numbers over one common denominator ``scale`` (Python
    integers are exact and much faster than :class:`~fractions.Fraction` objects).
    """
    share = budget / voters if voters else Fraction(0)
    scale = math.lcm(share.denominator, *(c.denominator for c in costs))
    money = [int(share * scale)] * len(groups)
    owed = [int(c * scale) for c in costs]  # cost of each project, over scale
    backers = _backers(groups, len(costs))
    # project -> a lower bound of its price per unit of utility (prices only rise)
    remaining = {n: Fraction(0) for n in range(len(costs)) if backers[n][0] and costs[n] > 0}
    held = [Fraction(0)] * len(costs)
    winners: list[int] = []
    while remaining:
        best: int | None = None
        best_rho = Fraction(0)
        best_price = (0, 1)
        for n in sorted(remaining, key=remaining.__getitem__):
            if best is not None and remaining[n] > best_rho:
                break  # no later project can beat the best one
            price = _price(backers[n], money, owed[n])
            if price is None:
                del remaining[n]
                continue
            rho = Fraction(price[0], price[1] * scale)
            remaining[n] = rho
            if best is None or (rho, costs[n], -supports[n], n) < (
                best_rho,
                costs[best],
                -supports[best],
                best,
            ):
                best, best_rho, best_price = n, rho, price
        if best is None:
            break
        held[best] = Fraction(_holding(backers[best], money), scale)
        # Each supporter pays min(money, ρ × utility); ρ = num / (den × scale), so
        # over the new denominator scale × den the payment is num × utility.
        num, den = best_price
        money = [m * den for m in money]
        group_ids, _weights, utilities, _ = backers[best]
        for g, utility in zip(group_ids, utilities, strict=True):
            money[g] = max(money[g] - num * utility, 0)
        owed = [c * den for c in owed]
        scale *= den
        common = math.gcd(scale, *money, *owed)
        if common > 1:
            scale //= common
            money = [m // common for m in money]
            owed = [c // common for c in owed]
        winners.append(best)
        del remaining[best]
    for n in range(len(costs)):
        if n not in winners and backers[n][0]:
            held[n] = Fraction(_holding(backers[n], money), scale)
    return _MesRun(tuple(winners), tuple(held))


# A project's backers: group ids, their weights, their utilities, and Σ weight × utility.
_Backers = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], int]


def _backers(groups: Sequence[_Group], projects: int) -> list[_Backers]:
    lists: list[list[tuple[int, int, int]]] = [[] for _ in range(projects)]
    for g, group in enumerate(groups):
        for n, utility in group.utilities:
            lists[n].append((g, group.weight, utility))
    out = []
    for items in lists:
        ids = tuple(g for g, _, _ in items)
        weights = tuple(w for _, w, _ in items)
        utilities = tuple(u for _, _, u in items)
        out.append((ids, weights, utilities, sum(map(operator.mul, weights, utilities))))
    return out


def _holding(backers: _Backers, money: Sequence[int]) -> int:
    ids, weights, _utilities, _total = backers
    return sum(map(operator.mul, map(money.__getitem__, ids), weights))


def _price(backers: _Backers, money: Sequence[int], owed: int) -> tuple[int, int] | None:
    """The least ρ' = num/den with Σ weight × min(money, ρ' × utility) = owed, else None.

    Found by fixed point: start as if nobody runs out of money, then cap everyone
    whose money is below ρ' × utility and solve again; ρ' only rises, so the
    capped set only grows and the loop ends.
    """
    ids, weights, utilities, den = backers
    held = list(map(money.__getitem__, ids))
    if sum(map(operator.mul, held, weights)) < owed:
        return None
    num = owed
    uncapped = list(zip(held, weights, utilities, strict=True))
    while True:
        still = []
        paid = lost = 0
        for item in uncapped:
            m, w, u = item
            if m * den < num * u:  # runs out of money before paying ρ' × utility
                paid += m * w
                lost += u * w
            else:
                still.append(item)
        if len(still) == len(uncapped):
            return num, den
        num -= paid
        den -= lost
        if den == 0:  # pragma: no cover - the sum check above rules this out
            return None
        uncapped = still


def equal_shares(
    exercise: Exercise,
    ballots: Sequence[Ballot],
    *,
    completion: Completion = Completion.ADD1,
    cost_utilities: bool | None = None,
) -> Outcome:
    """The Method of Equal Shares with ``completion`` (see the module docstring).

    ``cost_utilities`` defaults to True for approval ballots (a voter's utility
    from a project is its cost) and False otherwise (the points given).
    """
    if cost_utilities is None:
        cost_utilities = not exercise.vote_type.has_points
    supports_by_id = tally(ballots, exercise)
    decisions: list[Decision] = []
    details = []
    shares = []
    for pool, budget, projects in _pools(exercise):
        pool_decisions, detail, share = _equal_shares_pool(
            exercise, ballots, projects, budget, pool, completion, cost_utilities, supports_by_id
        )
        decisions.extend(pool_decisions)
        details.append(detail)
        shares.append(share)
    return Outcome(
        rule=f"equal-shares/{completion.value}",
        budget=exercise.budget + _district_total(exercise),
        decisions=tuple(decisions),
        detail="; ".join(d for d in details if d),
        shares=tuple(shares),
    )


def _equal_shares_pool(
    exercise: Exercise,
    ballots: Sequence[Ballot],
    projects: Sequence[Project],
    budget: Decimal,
    pool: str,
    completion: Completion,
    cost_utilities: bool,
    supports_by_id: Mapping[str, Support],
) -> tuple[list[Decision], str, Fraction]:
    groups = _groups(ballots, exercise, projects, cost_utilities)
    # In a district pool only the district's supporters share its money; the main
    # pool is shared by every counted ballot.
    voters = sum(g.weight for g in groups) if pool else len(ballots)
    costs = [Fraction(p.cost) for p in projects]
    supports = [_support_of(supports_by_id[p.id], exercise) for p in projects]
    total = Fraction(budget)
    run = _mes_fixed(groups, costs, supports, voters, total)
    share = total
    if completion is not Completion.NONE and voters:
        supported = {
            n for n in range(len(costs)) if any(n == k for g in groups for k, _ in g.utilities)
        }
        artificial = Fraction((total // voters) * voters)
        while set(run.winners) != supported:
            trial = _mes_fixed(groups, costs, supports, voters, artificial + voters)
            if sum((costs[n] for n in trial.winners), Fraction(0)) > total:
                break
            artificial += voters
            run, share = trial, artificial
    unit = _unit(exercise)
    per_voter = _cents(share / voters) if voters else Decimal(0)
    detail = f"{pool + ': ' if pool else ''}each of {voters} voters held {per_voter}" + (
        " after the add1 completion" if share != total else ""
    )
    # After add1 the run's money is virtual (more than the budget); say so.
    virtual = f" (each voter had {per_voter} after the add1 completion)" if share != total else ""
    out: list[Decision] = []
    left = total
    for turn, n in enumerate(run.winners, start=1):
        project = projects[n]
        support = supports_by_id[project.id]
        out.append(
            Decision(
                project=project.id,
                funded=True,
                turn=turn,
                support=supports[n],
                votes=support.votes,
                cost=project.cost,
                money_left=_cents(run.money[n]),
                stage="equal shares",
                reason=(
                    f"funded in round {turn}: its supporters ({supports[n]} {unit}) held "
                    f"{_cents(run.money[n])}{virtual} and shared its cost {project.cost}"
                ),
                pool=pool,
            )
        )
        left -= costs[n]
    rest = [n for n in range(len(projects)) if n not in run.winners]
    if completion is Completion.ADD1_GREEDY:
        order = sorted(rest, key=lambda n: (-supports[n], costs[n], n))
        completed = _greedy_pass(
            exercise,
            [projects[n] for n in order],
            supports_by_id,
            _money(left),
            pool,
            True,
            "completion",
            first_turn=len(out) + 1,
        )
        for decision in completed:
            if decision.funded:
                out.append(
                    attrs.evolve(
                        decision,
                        reason=decision.reason.replace(
                            "funded:", "funded by the greedy completion:", 1
                        ),
                    )
                )
        funded_now = {d.project for d in out}
        rest = [n for n in order if projects[n].id not in funded_now]
    turn = len(out)
    for n in rest:
        turn += 1
        project = projects[n]
        support = supports_by_id[project.id]
        if supports[n] == 0:
            reason = "not funded: nobody voted for it"
        else:
            reason = (
                f"not funded: its supporters ({supports[n]} {unit}) held only "
                f"{_cents(run.money[n])}{virtual} of its cost {project.cost} when no more "
                "could be funded"
            )
        out.append(
            Decision(
                project=project.id,
                funded=False,
                turn=turn,
                support=supports[n],
                votes=support.votes,
                cost=project.cost,
                money_left=_cents(run.money[n]),
                stage="equal shares",
                reason=reason,
                pool=pool,
            )
        )
    return out, detail, (share / voters if voters else Fraction(0))


def count(
    exercise: Exercise,
    ballots: Sequence[Ballot],
    rule: Rule | str = Rule.GREEDY,
    *,
    completion: Completion = Completion.ADD1,
) -> Outcome:
    """Count ``ballots`` under ``rule`` (a :class:`Rule` or its name).

    Ballots are counted as given: pass :attr:`BallotSort.counted
    <coprod.priorities.ballots.BallotSort.counted>` (one valid ballot per voter),
    not raw ballots.
    """
    rule = Rule(rule)
    if rule is Rule.GREEDY:
        return greedy(exercise, ballots)
    if rule is Rule.GREEDY_NO_SKIP:
        return greedy(exercise, ballots, skip=False)
    if rule is Rule.GREEDY_PER_COST:
        return greedy_per_cost(exercise, ballots)
    return equal_shares(exercise, ballots, completion=completion)
