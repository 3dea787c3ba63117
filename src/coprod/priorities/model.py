"""A citizen priority-setting exercise: projects, a budget, ballots and their rules.

Citizen priority-setting is what Elke Loeffler calls participatory budgeting in
Berlin-Lichtenberg, where meetings, postal voting and online voting were used "to
ensure that a significant proportion of the local population got involved"
(``002_ea409380ef17158f.txt``); neighbourhood budgeting is the seeds' example of
co-commissioning (``003_eb91abacab6ac2c6.txt``). The values here are pure and
trusted: :mod:`coprod.priorities.exercise` builds them from untrusted files.
"""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

__all__ = ["Ballot", "BallotRules", "Exercise", "Project", "VoteType"]


class VoteType(str, enum.Enum):
    """How a ballot expresses support (the Pabulib ``vote_type``)."""

    #: A set of projects; each counts one vote.
    APPROVAL = "approval"
    #: Points spread over projects (at most ``max_sum_points`` in all).
    CUMULATIVE = "cumulative"
    #: Projects in order of preference; a project ranked r-th of at most L gets L - r + 1
    #: points (L = ``max_length``, else the ballot's own length), as Pabulib's ``score``.
    ORDINAL = "ordinal"
    #: A score per project.
    SCORING = "scoring"

    @property
    def has_points(self) -> bool:
        """Whether support is counted in points (score) rather than votes."""
        return self is not VoteType.APPROVAL


@attrs.frozen
class Project:
    """A project citizens can vote for, with its cost and where it comes from.

    ``district`` is the subunit whose budget pays for it (``None``: the whole
    area). ``category`` may list several (Pabulib joins them with commas).
    """

    id: str
    cost: Decimal
    name: str = ""
    category: tuple[str, ...] = ()
    district: str | None = None
    proposer: str | None = None


@attrs.frozen
class BallotRules:
    """What makes a ballot valid (the Pabulib META keys of the same names).

    ``None`` means no limit. ``max_sum_cost`` is a budget limit on the ballot:
    the projects one voter picks may not cost more in all.
    """

    min_length: int | None = None
    max_length: int | None = None
    min_points: int | None = None
    max_points: int | None = None
    min_sum_points: int | None = None
    max_sum_points: int | None = None
    min_sum_cost: Decimal | None = None
    max_sum_cost: Decimal | None = None


@attrs.frozen
class Ballot:
    """One voter's ballot as cast through one channel.

    ``projects`` are project ids in the order written (the order is the ranking
    for ordinal ballots); ``points`` has one number per project for cumulative
    and scoring ballots, else it is empty. ``where`` says where the ballot was
    read (``"muranow.pb: line 40"``), so every message can name it.
    """

    voter: str
    channel: str
    projects: tuple[str, ...]
    points: tuple[int, ...] = ()
    where: str = ""


@attrs.frozen
class Exercise:
    """A priority-setting exercise: what is voted on, with how much money, under which rules.

    ``district_budgets`` (optional, as CONSUL's per-district headings) gives each
    district its own budget; projects of a district are then counted against
    that budget and projects without a district against ``budget``.
    """

    name: str
    vote_type: VoteType
    budget: Decimal
    projects: tuple[Project, ...]
    rules: BallotRules = BallotRules()
    district_budgets: tuple[tuple[str, Decimal], ...] = ()
    currency: str = ""
    recorded_rule: str | None = None
    description: str = ""

    def project(self, project_id: str) -> Project:
        """The project with this id (KeyError if there is none)."""
        for project in self.projects:
            if project.id == project_id:
                return project
        raise KeyError(project_id)
