"""One voter, one ballot: checking ballots against the rules and merging channels.

Berlin-Lichtenberg collected priorities at meetings, by post and online
(``002_ea409380ef17158f.txt``), so one person can reach the count by more than one
road. :func:`sort_ballots` puts every ballot it is given in exactly one of three
places, so nothing is dropped silently and nothing is counted twice:

- **invalid**: the ballot breaks a rule of the exercise (too few or too many
  projects, too many points for one project or in all, projects costing more than
  the ballot may spend, a project named twice); each comes with its reasons;
- **superseded**: the voter has another valid ballot that takes precedence; each
  comes with the ballot that was counted instead;
- **counted**: one valid ballot per voter.

Precedence between a voter's valid ballots (:data:`DEFAULT_PRECEDENCE`): a ballot
cast at a **meeting** first, then a **postal** (or **paper**) ballot, then an
**online** (``internet``) one, then any other channel in alphabetical order; within
one channel, the ballot read first. Why this order: it follows how surely the
ballot is the voter's own. A meeting vote is cast in person before staff; a postal
or paper ballot is signed and checked against the register; an online ballot is
the easiest to cast on someone else's behalf. It also needs no timestamps, which
channels record differently (a postal ballot's date is when it was opened, not
cast). A council with another policy passes its own ``precedence``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from coprod.priorities.model import Ballot, Exercise, VoteType

__all__ = [
    "DEFAULT_PRECEDENCE",
    "BallotSort",
    "InvalidBallot",
    "SupersededBallot",
    "ballot_points",
    "ballot_problems",
    "sort_ballots",
]

#: Channels in order of precedence when a voter has valid ballots in several.
DEFAULT_PRECEDENCE = ("meeting", "postal", "paper", "online", "internet")


@attrs.frozen
class InvalidBallot:
    """A ballot that breaks the exercise's rules, and why."""

    ballot: Ballot
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        return (
            f"{self.ballot.where}: ballot of voter {self.ballot.voter!r} ({self.ballot.channel}) "
            + ("; ".join(self.reasons))
        )


@attrs.frozen
class SupersededBallot:
    """A valid ballot not counted because the same voter's ballot ``kept`` takes precedence."""

    ballot: Ballot
    kept: Ballot

    def __str__(self) -> str:
        return (
            f"{self.ballot.where}: voter {self.ballot.voter!r} also voted via "
            f"{self.kept.channel} ({self.kept.where}); this {self.ballot.channel} ballot "
            "is not counted"
        )


@attrs.frozen
class BallotSort:
    """Every ballot given, in exactly one place: counted, invalid or superseded."""

    counted: tuple[Ballot, ...]
    invalid: tuple[InvalidBallot, ...]
    superseded: tuple[SupersededBallot, ...]
    precedence: tuple[str, ...] = DEFAULT_PRECEDENCE

    @property
    def received(self) -> int:
        """How many ballots were given (counted + invalid + superseded)."""
        return len(self.counted) + len(self.invalid) + len(self.superseded)


def ballot_points(ballot: Ballot, exercise: Exercise) -> tuple[int, ...]:
    """The points the ballot gives each of its projects (its support, in points).

    Approval: 1 each. Cumulative and scoring: the points written. Ordinal: a
    project ranked r-th (from 1) gets L - r + 1, L being ``max_length`` when the
    exercise sets it, else the ballot's length (a Borda count, as Pabulib's
    ``score`` column for ordinal files).
    """
    if exercise.vote_type is VoteType.APPROVAL:
        return (1,) * len(ballot.projects)
    if exercise.vote_type is VoteType.ORDINAL:
        length = exercise.rules.max_length or len(ballot.projects)
        return tuple(max(length - rank, 0) for rank in range(len(ballot.projects)))
    return ballot.points


def ballot_problems(ballot: Ballot, exercise: Exercise) -> tuple[str, ...]:
    """Every rule of ``exercise`` the ballot breaks, as short reasons (empty: valid)."""
    rules = exercise.rules
    reasons = []
    count = len(ballot.projects)
    costs = {project.id: project.cost for project in exercise.projects}
    twice = sorted({p for p in ballot.projects if ballot.projects.count(p) > 1})
    if twice:
        reasons.append(f"names project(s) {', '.join(twice)} more than once")
    unknown = [p for p in ballot.projects if p not in costs]
    if unknown:
        reasons.append(f"names unknown project(s) {', '.join(unknown)}")
    if rules.min_length is not None and count < rules.min_length:
        reasons.append(f"chooses {count} project(s), fewer than the minimum {rules.min_length}")
    if rules.max_length is not None and count > rules.max_length:
        reasons.append(f"chooses {count} projects, more than the maximum {rules.max_length}")
    if exercise.vote_type in (VoteType.CUMULATIVE, VoteType.SCORING):
        total = sum(ballot.points)
        over = [
            f"{p} ({n})"
            for p, n in zip(ballot.projects, ballot.points, strict=True)
            if rules.max_points is not None and n > rules.max_points
        ]
        under = [
            f"{p} ({n})"
            for p, n in zip(ballot.projects, ballot.points, strict=True)
            if rules.min_points is not None and n < rules.min_points
        ]
        if over:
            reasons.append(f"gives more than {rules.max_points} points to {', '.join(over)}")
        if under:
            reasons.append(f"gives fewer than {rules.min_points} points to {', '.join(under)}")
        if rules.max_sum_points is not None and total > rules.max_sum_points:
            reasons.append(f"gives {total} points in all, more than {rules.max_sum_points}")
        if rules.min_sum_points is not None and total < rules.min_sum_points:
            reasons.append(f"gives {total} points in all, fewer than {rules.min_sum_points}")
    if not unknown and (rules.max_sum_cost is not None or rules.min_sum_cost is not None):
        spent = sum((costs[p] for p in set(ballot.projects)), Decimal(0))
        if rules.max_sum_cost is not None and spent > rules.max_sum_cost:
            reasons.append(f"chooses projects costing {spent}, more than {rules.max_sum_cost}")
        if rules.min_sum_cost is not None and spent < rules.min_sum_cost:
            reasons.append(f"chooses projects costing {spent}, less than {rules.min_sum_cost}")
    return tuple(reasons)


def _rank(channel: str, precedence: Sequence[str]) -> tuple[int, str]:
    try:
        return (precedence.index(channel), "")
    except ValueError:
        return (len(precedence), channel)


def sort_ballots(
    ballots: Iterable[Ballot],
    exercise: Exercise,
    *,
    precedence: Sequence[str] = DEFAULT_PRECEDENCE,
) -> BallotSort:
    """Check every ballot, then keep one valid ballot per voter (see the module docstring).

    Invalid ballots are checked first and never take part in the merge, so a
    voter whose meeting ballot was spoiled still counts through a valid online one.
    """
    valid: dict[str, list[tuple[int, Ballot]]] = {}
    invalid: list[InvalidBallot] = []
    for order, ballot in enumerate(ballots):
        reasons = ballot_problems(ballot, exercise)
        if reasons:
            invalid.append(InvalidBallot(ballot, reasons))
        else:
            valid.setdefault(ballot.voter, []).append((order, ballot))
    counted: list[tuple[int, Ballot]] = []
    superseded: list[SupersededBallot] = []
    for options in valid.values():
        ranked = sorted(options, key=lambda item: (_rank(item[1].channel, precedence), item[0]))
        counted.append(ranked[0])
        superseded.extend(SupersededBallot(ballot, ranked[0][1]) for _, ballot in ranked[1:])
    counted.sort(key=lambda item: item[0])
    return BallotSort(
        counted=tuple(ballot for _, ballot in counted),
        invalid=tuple(invalid),
        superseded=tuple(superseded),
        precedence=tuple(precedence),
    )
