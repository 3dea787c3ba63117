"""Funded projects as co-commissioning initiatives of an assessment.

Co-commissioning is "shifting the focus from services that councils think people
need to outcomes that local people themselves believe to be priorities, e.g.
through neighbourhood budgeting" (``003_eb91abacab6ac2c6.txt``). A funded project
of a priority-setting vote is exactly that, so :func:`funded_initiatives` turns
each one into an :class:`~coprod.Initiative` of the service that will deliver
it, tagged co-commissioning, status ``existing`` (the citizens' decision has been
taken), with its cost and the exercise it came from in its description.
"""

from __future__ import annotations

import re

from coprod.model.assessment import Initiative, InitiativeStatus
from coprod.model.service_model import Level
from coprod.model.star import Co
from coprod.model.text import ID_PATTERN
from coprod.priorities.model import Exercise
from coprod.priorities.rules import Outcome

__all__ = ["funded_initiatives", "initiative_id"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def initiative_id(prefix: str, project_id: str) -> str:
    """``prefix-project`` made a valid initiative id (other characters become ``-``)."""
    raw = _UNSAFE.sub("-", f"{prefix}-{project_id}").strip("-._") or "project"
    candidate = raw[:100]
    if ID_PATTERN.fullmatch(candidate) is None:  # pragma: no cover - defensive
        candidate = "pb-" + candidate[:97]
    return candidate


def funded_initiatives(
    exercise: Exercise, outcome: Outcome, *, service: str, prefix: str = "pb"
) -> tuple[Initiative, ...]:
    """One co-commissioning initiative per project ``outcome`` funds, in funding order.

    ``service`` is the id of the service that delivers the projects; ids are
    ``{prefix}-{project id}``. Citizens decided, so user involvement is recorded
    as high; the cost stays in the description, because an initiative's
    ``resources`` are inputs before and after a change, which a vote does not
    record.
    """
    by_id = {p.id: p for p in exercise.projects}
    decided = {d.project: d for d in outcome.decisions}
    out = []
    for project_id in outcome.funded:
        project = by_id[project_id]
        decision = decided[project_id]
        money = f"{project.cost} {exercise.currency}".strip()
        unit = "points" if exercise.vote_type.has_points else "votes"
        out.append(
            Initiative(
                id=initiative_id(prefix, project_id),
                name=project.name.strip() or f"Project {project_id}",
                service=service,
                cos=(Co.COMMISSIONING,),
                status=InitiativeStatus.EXISTING,
                user_involvement=Level.HIGH,
                description=(
                    f"Chosen by citizens in the priority-setting exercise {exercise.name} "
                    f"(rule {outcome.rule}; project {project_id}; cost {money}; "
                    f"{decision.support} {unit})."
                ),
            )
        )
    return tuple(out)
