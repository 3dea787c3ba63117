"""Action plans: what the organisation will do next, by whom and by when.

Sources: ``002_ea409380ef17158f.txt`` ("Developing an action plan", "Action Plans":
the Star is a change-management journey whose tools end in a plan the organisation
follows and reviews) and ``003_eb91abacab6ac2c6.txt`` (the five steps, and the
sixth, "START NOW").

An :class:`Action` names the step of the Star it serves, its owner as a *role*
(never required to be a person's name), a due date, a status, and what it
addresses: initiatives, services, barriers (ids of the taxonomy) and findings
(by the name of the check that produces them). :func:`action_problems` finds
links that point nowhere; the assessment and the loader report them like any
other dangling reference.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Collection, Iterable, Sequence

import attrs

from coprod.errors import Problem
from coprod.model.star import Step
from coprod.model.text import identifier, non_blank, strings

__all__ = [
    "Action",
    "ActionStatus",
    "action_problems",
    "is_overdue",
    "unknown_action_barrier_problems",
    "unknown_action_check_problems",
]


class ActionStatus(str, enum.Enum):
    """Where an action stands."""

    PLANNED = "planned"
    IN_PROGRESS = "in progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def open(self) -> bool:
        """True while the action is still to do (planned or in progress)."""
        return self in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


def _date(
    _instance: object, attribute: attrs.Attribute[datetime.date | None], value: object
) -> None:
    if value is None:
        return
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise TypeError(f"{attribute.name} must be a date (YYYY-MM-DD), got {value!r}")


@attrs.frozen
class Action:
    """One action of the plan: its step, owner (a role), due date, status and links.

    ``initiatives``, ``services`` and ``barriers`` are ids; ``findings`` are names
    of maturity checks (``focus.quick-wins``) whose findings the action answers.
    ``owner`` is a role ("youth participation lead"); empty means nobody owns it
    yet, which the report points out.
    """

    id: str = attrs.field(validator=identifier)
    title: str = attrs.field(validator=non_blank)
    step: Step = attrs.field(validator=attrs.validators.instance_of(Step))
    owner: str = ""
    due: datetime.date | None = attrs.field(default=None, validator=_date)
    status: ActionStatus = attrs.field(
        default=ActionStatus.PLANNED, validator=attrs.validators.instance_of(ActionStatus)
    )
    initiatives: tuple[str, ...] = attrs.field(default=(), converter=strings)
    services: tuple[str, ...] = attrs.field(default=(), converter=strings)
    barriers: tuple[str, ...] = attrs.field(default=(), converter=strings)
    findings: tuple[str, ...] = attrs.field(default=(), converter=strings)
    notes: str = ""


def is_overdue(action: Action, as_of: datetime.date | None) -> bool:
    """True when ``action`` is still open and its due date is before ``as_of``."""
    return (
        as_of is not None and action.due is not None and action.status.open and action.due < as_of
    )


def _unknown(kind: str, value: str, known: Collection[str]) -> str:
    if not known:
        return f"unknown {kind} {value!r} (none are defined)"
    listed = ", ".join(sorted(known)[:10])
    more = ", …" if len(known) > 10 else ""
    return f"unknown {kind} {value!r} (known: {listed}{more})"


def action_problems(
    actions: Sequence[Action | None],
    *,
    services: Collection[str],
    initiatives: Collection[str],
) -> list[Problem]:
    """Duplicate action ids and links to services or initiatives that do not exist.

    Items that could not be read are ``None`` and skipped (their positions are kept).
    """
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, action in enumerate(actions):
        if action is None:
            continue
        if action.id in seen:
            problems.append(
                Problem(
                    f"$.actions[{index}].id",
                    f"duplicate id {action.id!r} (first used at $.actions[{seen[action.id]}])",
                )
            )
        else:
            seen[action.id] = index
        for field, known, kind in (
            ("initiatives", initiatives, "initiative"),
            ("services", services, "service"),
        ):
            for n, target in enumerate(getattr(action, field)):
                if target not in known:
                    problems.append(
                        Problem(f"$.actions[{index}].{field}[{n}]", _unknown(kind, target, known))
                    )
    return problems


def unknown_action_barrier_problems(
    actions: Iterable[Action | None], barrier_ids: Collection[str]
) -> tuple[Problem, ...]:
    """Barrier ids linked by ``actions`` that are not in ``barrier_ids`` (a taxonomy's ids)."""
    return tuple(
        Problem(f"$.actions[{index}].barriers[{n}]", _unknown("barrier", b, barrier_ids))
        for index, action in enumerate(actions)
        if action is not None
        for n, b in enumerate(action.barriers)
        if b not in barrier_ids
    )


def unknown_action_check_problems(
    actions: Iterable[Action], check_names: Collection[str]
) -> tuple[Problem, ...]:
    """Finding links (check names) that no registered maturity check has.

    Checks come from plugins, so this runs where the plugins are known (the command
    line), not when the document is loaded.
    """
    return tuple(
        Problem(f"$.actions[{index}].findings[{n}]", _unknown("check", name, check_names))
        for index, action in enumerate(actions)
        for n, name in enumerate(action.findings)
        if name not in check_names
    )
