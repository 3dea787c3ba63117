"""What a council publishes after a priority-setting vote: :class:`PrioritiesReport`.

:func:`analyse` sorts the ballots (one voter, one ballot), counts them under the
chosen rule and, beside it, under the other family of rules (Equal Shares beside
greedy, or greedy beside Equal Shares), and gathers what a council would publish:
turnout by channel, support and cost per project, the share of the budget by
category and by district, how many voters have at least one funded project, and
every invalid or superseded ballot with its reason. The report is pure (no clock,
no files) and its kind is ``"priorities"``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import ClassVar

import attrs

from coprod.priorities.ballots import BallotSort
from coprod.priorities.model import Exercise
from coprod.priorities.rules import Completion, Outcome, Rule, count, tally
from coprod.report_value import Table

__all__ = [
    "BudgetShare",
    "ChannelTurnout",
    "PrioritiesReport",
    "ProjectResult",
    "analyse",
]


@attrs.frozen
class ChannelTurnout:
    """Ballots received through one channel and what became of them."""

    channel: str
    received: int
    counted: int
    invalid: int
    superseded: int


@attrs.frozen
class ProjectResult:
    """One project: its support and cost, and what each rule decided."""

    id: str
    name: str
    category: tuple[str, ...]
    district: str | None
    proposer: str | None
    cost: Decimal
    votes: int
    points: int
    funded: bool
    reason: str
    money_left: Decimal
    turn: int
    compared_funded: bool | None
    recorded_selected: bool | None


@attrs.frozen
class BudgetShare:
    """The money the funded projects of one category or district take."""

    name: str
    projects: int
    funded: int
    funded_cost: Decimal
    share_of_budget: Decimal  # fraction of the whole budget, 0-1


@attrs.frozen
class PrioritiesReport:
    """The result of a priority-setting vote, ready for the ``priorities`` exporters.

    ``outcome`` is the count under the chosen rule; ``compared`` the count under
    the other family of rules (``None`` if not asked for). ``differs`` says
    whether they fund different projects.
    """

    kind: ClassVar[str] = "priorities"

    exercise: str
    description: str
    vote_type: str
    budget: Decimal
    currency: str
    recorded_rule: str | None
    outcome: Outcome
    compared: Outcome | None
    projects: tuple[ProjectResult, ...]
    turnout: tuple[ChannelTurnout, ...]
    by_category: tuple[BudgetShare, ...]
    by_district: tuple[BudgetShare, ...]
    voters: int
    voters_with_funded: int
    compared_voters_with_funded: int | None
    invalid: tuple[str, ...]
    superseded: tuple[str, ...]
    precedence: tuple[str, ...]

    @property
    def differs(self) -> bool:
        """Whether the compared rule funds a different set of projects."""
        return self.compared is not None and set(self.compared.funded) != set(self.outcome.funded)

    @property
    def received(self) -> int:
        """Every ballot received, counted or not."""
        return sum(t.received for t in self.turnout)

    @property
    def recorded_agrees(self) -> bool | None:
        """Whether the file's ``selected`` column matches the count (None: not recorded)."""
        if any(p.recorded_selected is None for p in self.projects) or not self.projects:
            return None
        return all(p.recorded_selected == p.funded for p in self.projects)

    def tables(self) -> Iterator[Table]:
        """Projects (main table), turnout by channel, categories, districts, ballots not counted."""
        unit = "points" if self.vote_type != "approval" else "votes"
        yield Table(
            name="projects",
            title=f"Projects ({self.outcome.rule})",
            columns=(
                "project",
                "name",
                "category",
                "district",
                "cost",
                "votes",
                "points",
                "funded",
                "money_left",
                "reason",
                *(("funded_" + self.compared.rule,) if self.compared else ()),
                "recorded_selected",
            ),
            rows=(
                (
                    p.id,
                    p.name,
                    ", ".join(p.category),
                    p.district,
                    p.cost,
                    p.votes,
                    p.points if unit == "points" else None,
                    p.funded,
                    p.money_left,
                    p.reason,
                    *((p.compared_funded,) if self.compared else ()),
                    p.recorded_selected,
                )
                for p in self.projects
            ),
        )
        yield Table(
            name="turnout",
            title="Turnout by channel",
            columns=("channel", "received", "counted", "invalid", "superseded"),
            rows=(
                (t.channel, t.received, t.counted, t.invalid, t.superseded) for t in self.turnout
            ),
        )
        for name, title, shares in (
            ("categories", "Budget by category", self.by_category),
            ("districts", "Budget by district", self.by_district),
        ):
            yield Table(
                name=name,
                title=title,
                columns=("name", "projects", "funded", "funded_cost", "share_of_budget"),
                rows=(
                    (s.name, s.projects, s.funded, s.funded_cost, s.share_of_budget) for s in shares
                ),
            )
        yield Table(
            name="ballots_not_counted",
            title="Ballots not counted",
            columns=("status", "detail"),
            rows=(
                *(("invalid", text) for text in self.invalid),
                *(("superseded", text) for text in self.superseded),
            ),
        )


def _compared_rule(rule: Rule) -> Rule:
    return Rule.GREEDY if rule is Rule.EQUAL_SHARES else Rule.EQUAL_SHARES


def _shares(exercise: Exercise, outcome: Outcome, key: str) -> tuple[BudgetShare, ...]:
    funded = set(outcome.funded)
    names: dict[str, list[int]] = {}
    costs: dict[str, Decimal] = {}
    for project in exercise.projects:
        labels = project.category if key == "category" else (project.district,)
        for label in labels or ("(none)",):
            label = label or "(none)"
            entry = names.setdefault(label, [0, 0])
            entry[0] += 1
            costs.setdefault(label, Decimal(0))
            if project.id in funded:
                entry[1] += 1
                costs[label] += project.cost
    budget = outcome.budget
    return tuple(
        BudgetShare(
            name=label,
            projects=n,
            funded=f,
            funded_cost=costs[label],
            share_of_budget=(costs[label] / budget).quantize(Decimal("0.0001"))
            if budget
            else Decimal(0),
        )
        for label, (n, f) in sorted(names.items(), key=lambda item: (-costs[item[0]], item[0]))
    )


def _voters_with_funded(sort: BallotSort, outcome: Outcome) -> int:
    funded = set(outcome.funded)
    return sum(1 for ballot in sort.counted if funded.intersection(ballot.projects))


def analyse(
    exercise: Exercise,
    ballots: BallotSort,
    *,
    rule: Rule | str = Rule.GREEDY,
    completion: Completion = Completion.ADD1,
    compare: bool = True,
    recorded_selected: Sequence[str] | None = None,
) -> PrioritiesReport:
    """Count ``ballots`` under ``rule`` (and the other family beside it) and report.

    ``recorded_selected`` (optional) are the project ids the source recorded as
    selected (a ``.pb`` file's ``selected`` column): each project row then says
    whether the count agrees.
    """
    rule = Rule(rule)
    counted = ballots.counted
    outcome = count(exercise, counted, rule, completion=completion)
    compared = (
        count(exercise, counted, _compared_rule(rule), completion=completion) if compare else None
    )
    support = tally(counted, exercise)
    decided = {d.project: d for d in outcome.decisions}
    compared_funded = set(compared.funded) if compared else set()
    recorded = set(recorded_selected) if recorded_selected is not None else None
    projects = tuple(
        ProjectResult(
            id=p.id,
            name=p.name,
            category=p.category,
            district=p.district,
            proposer=p.proposer,
            cost=p.cost,
            votes=support[p.id].votes,
            points=support[p.id].points,
            funded=decided[p.id].funded,
            reason=decided[p.id].reason,
            money_left=decided[p.id].money_left,
            turn=decided[p.id].turn,
            compared_funded=(p.id in compared_funded) if compared else None,
            recorded_selected=None if recorded is None else p.id in recorded,
        )
        for p in sorted(exercise.projects, key=lambda p: decided[p.id].turn)
    )
    channels: dict[str, list[int]] = {}
    for ballot in counted:
        channels.setdefault(ballot.channel, [0, 0, 0])[0] += 1
    for bad in ballots.invalid:
        channels.setdefault(bad.ballot.channel, [0, 0, 0])[1] += 1
    for extra in ballots.superseded:
        channels.setdefault(extra.ballot.channel, [0, 0, 0])[2] += 1
    turnout = tuple(
        ChannelTurnout(channel, sum(n), n[0], n[1], n[2])
        for channel, n in sorted(channels.items(), key=lambda item: (-sum(item[1]), item[0]))
    )
    return PrioritiesReport(
        exercise=exercise.name,
        description=exercise.description,
        vote_type=exercise.vote_type.value,
        budget=outcome.budget,
        currency=exercise.currency,
        recorded_rule=exercise.recorded_rule,
        outcome=outcome,
        compared=compared,
        projects=projects,
        turnout=turnout,
        by_category=_shares(exercise, outcome, "category"),
        by_district=_shares(exercise, outcome, "district"),
        voters=len(counted),
        voters_with_funded=_voters_with_funded(ballots, outcome),
        compared_voters_with_funded=_voters_with_funded(ballots, compared) if compared else None,
        invalid=tuple(str(bad) for bad in ballots.invalid),
        superseded=tuple(str(extra) for extra in ballots.superseded),
        precedence=ballots.precedence,
    )
