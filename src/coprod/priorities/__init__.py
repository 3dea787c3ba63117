"""Citizen priority-setting (participatory budgeting): from ballots to funded projects.

Berlin-Lichtenberg's "citizen priority-setting" collected priorities at meetings,
by post and online (``002_ea409380ef17158f.txt``); neighbourhood budgeting is the
seeds' example of co-commissioning (``003_eb91abacab6ac2c6.txt``). This package
is pure (no files, no clock): the ``.pb`` format as text
(:mod:`~coprod.priorities.pabulib`), the exercise and its ballots
(:mod:`~coprod.priorities.model`, :mod:`~coprod.priorities.exercise`), one voter
one ballot (:mod:`~coprod.priorities.ballots`), the counting rules
(:mod:`~coprod.priorities.rules`), the report (:mod:`~coprod.priorities.report`)
and funded projects as initiatives (:mod:`~coprod.priorities.initiatives`).
Files are read by :mod:`coprod.io.pabulib`. See ``docs/priorities.md``.
"""

from __future__ import annotations

from coprod.priorities.ballots import (
    DEFAULT_PRECEDENCE,
    BallotSort,
    InvalidBallot,
    SupersededBallot,
    ballot_points,
    ballot_problems,
    sort_ballots,
)
from coprod.priorities.exercise import ballots_from_pb, exercise_from_pb, load_pb, publish_pb
from coprod.priorities.initiatives import funded_initiatives
from coprod.priorities.model import Ballot, BallotRules, Exercise, Project, VoteType
from coprod.priorities.pabulib import PbFile, PbRow, format_pb, parse_pb
from coprod.priorities.report import (
    BudgetShare,
    ChannelTurnout,
    PrioritiesReport,
    ProjectResult,
    analyse,
)
from coprod.priorities.rules import (
    Completion,
    Decision,
    Outcome,
    Rule,
    Support,
    count,
    equal_shares,
    greedy,
    greedy_per_cost,
    tally,
)

__all__ = [
    "DEFAULT_PRECEDENCE",
    "Ballot",
    "BallotRules",
    "BallotSort",
    "BudgetShare",
    "ChannelTurnout",
    "Completion",
    "Decision",
    "Exercise",
    "InvalidBallot",
    "Outcome",
    "PbFile",
    "PbRow",
    "PrioritiesReport",
    "Project",
    "ProjectResult",
    "Rule",
    "SupersededBallot",
    "Support",
    "VoteType",
    "analyse",
    "ballot_points",
    "ballot_problems",
    "ballots_from_pb",
    "count",
    "equal_shares",
    "exercise_from_pb",
    "format_pb",
    "funded_initiatives",
    "greedy",
    "greedy_per_cost",
    "load_pb",
    "parse_pb",
    "publish_pb",
    "sort_ballots",
    "tally",
]
