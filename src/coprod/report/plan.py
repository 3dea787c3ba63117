"""The report's action plan: actions by step, overdue, unowned, and the suggested plan.

Pure: built from the assessment's ``[[actions]]`` (``002_ea409380ef17158f.txt``,
"Developing an action plan") and the actions the maturity checks suggest
(:attr:`coprod.Finding.suggested_actions`). Overdue is relative to the document's
``as_of``, never to a clock.
"""

from __future__ import annotations

import datetime
import re
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


#: How an action's text is written in a TOML basic string, as tomli_w writes it (the
#: compact escapes, other controls but tab as \\uXXXX), plus the markup characters,
#: backticks and parentheses as \\uXXXX: the fragment is inert in any page or Markdown
#: that shows it (no tag, no fence, no link) and still loads to the same text.
_TOML_STRING = str.maketrans(
    {
        **{chr(c): f"\\u{c:04x}" for c in (*range(0x20), 0x7F) if c != 0x09},
        "\b": "\\b",
        "\n": "\\n",
        "\f": "\\f",
        "\r": "\\r",
        '"': '\\"',
        "\\": "\\\\",
        **{char: f"\\u{ord(char):04X}" for char in "&<>`()"},
    }
)
_TOML_PLAIN = re.compile(r'[^\x00-\x08\x0a-\x1f\x7f"\\&<>`()]*')


def _toml_string(text: str) -> str:
    if _TOML_PLAIN.fullmatch(text) is None:
        text = text.translate(_TOML_STRING)
    return f'"{text}"'


def _toml_table(data: dict[str, Any]) -> str:
    lines = ["[[actions]]\n"]
    for key, value in data.items():
        if isinstance(value, list):
            items = "".join(f"    {_toml_string(item)},\n" for item in value)
            lines.append(f"{key} = [\n{items}]\n")
        else:
            lines.append(f"{key} = {_toml_string(value)}\n")
    return "".join(lines)


def actions_toml(actions: Iterable[Action]) -> str:
    """``actions`` as TOML ``[[actions]]`` tables, to paste into a document.

    Written directly (the shape is fixed: strings and lists of strings), the same
    text tomli_w writes, with ``<``, ``>``, ``&``, backticks and parentheses as
    ``\\u`` escapes: the same text once loaded. Tables, never an inline array:
    pasted at the end of a document, an inline ``actions = [...]`` would belong to
    the table above it.
    """
    return "\n".join(_toml_table(action_data(a)) for a in actions)


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
