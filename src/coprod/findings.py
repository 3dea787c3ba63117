"""Findings: what rules, checks and the engine want a reader to know.

A :class:`Finding` is a pure value. Reports order findings with
:func:`finding_order`: most serious first, then by step of the Star, so an error
or warning is never hidden behind information lines.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from coprod.model.actions import Action
from coprod.model.star import Step

__all__ = ["Finding", "Severity", "finding_order"]


class Severity(str, enum.Enum):
    """How serious a finding is."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_STEP_RANK = {step: rank for rank, step in enumerate(Step)}


def _actions(items: Iterable[Action]) -> tuple[Action, ...]:
    return tuple(items)


@attrs.frozen
class Finding:
    """Something the engine or a maturity check wants a reader to know.

    ``source`` names the rule, check or plugin hook that produced it and ``plugin``
    the plugin; ``initiative`` is an initiative id when the finding is about one;
    ``step`` the step of the Star it concerns, if any. ``suggested_actions`` are
    actions a check proposes (:class:`~coprod.model.actions.Action`, status
    ``planned``); the report gathers them into a suggested plan the organisation
    can copy into its document.
    """

    severity: Severity
    message: str
    source: str = ""
    plugin: str = ""
    initiative: str | None = None
    step: Step | None = None
    suggested_actions: tuple[Action, ...] = attrs.field(default=(), converter=_actions)


def finding_order(finding: Finding) -> tuple[int, int]:
    """Sort key: most serious first, then by step (findings with no step last).

    ``sorted`` is stable, so findings of equal severity and step keep the order
    their checks produced them in.
    """
    step = len(_STEP_RANK) if finding.step is None else _STEP_RANK[finding.step]
    return (_SEVERITY_RANK[finding.severity], step)
