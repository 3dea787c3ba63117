"""The report's action plan: actions by step, overdue, unowned, and the suggested plan.

Pure: built from the assessment's ``[[actions]]`` (``002_ea409380ef17158f.txt``,
"Developing an action plan") and the actions the maturity checks suggest
(:attr:`coprod.Finding.suggested_actions`). Overdue is relative to the document's
``as_of``, never to a clock.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import attrs

from coprod.findings import Finding
from coprod.model.actions import Action, is_overdue
from coprod.model.assessment import Assessment
from coprod.model.star import Step

__all__ = ["ActionPlan", "action_data", "action_plan", "actions_toml"]


@attrs.frozen
class ActionPlan:
    """The action plan as the report shows it.

    ``by_step`` holds each of the five steps with its actions (in document order);
    ``overdue`` the open actions due before ``as_of``; ``no_owner`` the open actions
    nobody owns; ``suggested`` the actions the checks propose, once each by id, with
    the check that proposed each in ``suggested_by``.
    """

    as_of: datetime.date | None
    actions: tuple[Action, ...]
    by_step: tuple[tuple[Step, tuple[Action, ...]], ...]
    overdue: tuple[Action, ...]
    no_owner: tuple[Action, ...]
    suggested: tuple[Action, ...]
    suggested_by: tuple[str, ...]

    def suggested_toml(self) -> str:
        """The suggested plan as ``[[actions]]`` tables to copy into the document."""
        return actions_toml(self.suggested)

    def suggested_json(self) -> list[dict[str, Any]]:
        """The suggested plan as plain data (the document's ``actions`` list)."""
        return [action_data(action) for action in self.suggested]


def action_data(action: Action) -> dict[str, Any]:
    """One action as plain data, as the document's ``[[actions]]`` table writes it."""
    data: dict[str, Any] = {"id": action.id, "title": action.title, "step": action.step.value}
    if action.owner:
        data["owner"] = action.owner
    if action.due is not None:
        data["due"] = action.due.isoformat()
    data["status"] = action.status.value
    for field in ("initiatives", "services", "barriers", "findings"):
        if getattr(action, field):
            data[field] = list(getattr(action, field))
    if action.notes:
        data["notes"] = action.notes
    return data


def actions_toml(actions: Iterable[Action]) -> str:
    """``actions`` as TOML ``[[actions]]`` tables (tomli_w writes the strings safely).

    ``<``, ``>``, ``&``, backticks and parentheses are written as ``\\u`` escapes:
    the same text once loaded.
    """
    import tomli_w

    # [[actions]] tables, never an inline array: pasted at the end of a document, an
    # inline `actions = [...]` would belong to the table above it.
    text = "\n".join("[[actions]]\n" + tomli_w.dumps(action_data(a)) for a in actions)
    # Markup characters, backticks and parentheses only occur inside strings (ids
    # cannot hold them): escape them the TOML way, so the fragment is inert in any
    # page or Markdown that shows it (no tag, no fence, no link), and still loads to
    # the same text.
    for char in "&<>`()":
        text = text.replace(char, f"\\u{ord(char):04X}")
    return text


def action_plan(assessment: Assessment, findings: Iterable[Finding]) -> ActionPlan:
    """The action plan of ``assessment``, with the actions ``findings`` suggest."""
    actions = assessment.actions
    suggested: dict[str, tuple[Action, str]] = {}
    taken = {a.id for a in actions}
    for finding in findings:
        for action in finding.suggested_actions:
            if action.id not in suggested and action.id not in taken:
                suggested[action.id] = (action, finding.source)
    return ActionPlan(
        as_of=assessment.as_of,
        actions=actions,
        by_step=tuple((step, tuple(a for a in actions if a.step is step)) for step in Step),
        overdue=tuple(a for a in actions if is_overdue(a, assessment.as_of)),
        no_owner=tuple(a for a in actions if a.status.open and not a.owner.strip()),
        suggested=tuple(action for action, _source in suggested.values()),
        suggested_by=tuple(source for _action, source in suggested.values()),
    )
