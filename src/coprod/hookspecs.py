"""Every hook a coprod plugin can implement.

All hooks are ``register_*`` hooks: each receives a ``register`` callback, is
called **once when a plugin manager is built** (never per initiative), and
registers typed attrs objects through it. Hooks are called with keyword
arguments, and signatures only ever gain arguments, so an implementation may
accept fewer arguments than the spec lists. Implementations return nothing.

The plugin manager calls each plugin's implementation separately, so a failure
is attributed to the plugin that caused it. Whatever a plugin registers is
stamped with that plugin's name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TypeVar

import pluggy

from coprod.model.barriers import Barrier
from coprod.model.priority import PriorityScheme
from coprod.registry import (
    BatchScoringRule,
    ClassificationRule,
    Exporter,
    MaturityCheck,
    ScoringRule,
)

__all__ = ["HOOKS", "PROJECT_NAME", "hookimpl", "hookspec"]

#: The pluggy project name, and the entry-point group plugins declare.
PROJECT_NAME = "coprod"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

_F = TypeVar("_F", bound=Callable[..., None])
_HOOKS: dict[str, Mapping[type, str]] = {}

#: The one list of hooks, in the order a manager calls them: hook name → the types
#: its ``register`` callback accepts → the :class:`~coprod.PluginInfo` field that
#: lists what a plugin registered of that type (``""``: not listed per plugin). The
#: plugin manager, the conformance check and the generated hook reference
#: (docs/plugins.md) all read it.
HOOKS: Mapping[str, Mapping[type, str]] = MappingProxyType(_HOOKS)


def _hook(*accepts: tuple[type, str]) -> Callable[[_F], _F]:
    """Mark a hookspec and record, once, what its ``register`` callback accepts."""

    def mark(function: _F) -> _F:
        _HOOKS[function.__name__] = MappingProxyType(dict(accepts))
        return hookspec(function)

    return mark


@_hook(
    (ScoringRule, "scoring_rules"),
    (BatchScoringRule, "scoring_rules"),
    (ClassificationRule, "classifications"),
    (PriorityScheme, ""),
)
def register_scoring_rules(
    register: Callable[[ScoringRule | BatchScoringRule | ClassificationRule], None],
) -> None:
    """Register scoring rules and classifications.

    :param register: call it once per :class:`~coprod.ScoringRule`,
        :class:`~coprod.BatchScoringRule` or :class:`~coprod.ClassificationRule`;
        a plugin that registers the ``impact`` and ``effort`` rules also registers
        its :class:`~coprod.PriorityScheme` (weights and thresholds) here, which
        the report places initiatives with and states.

    How results combine: a metric's value for an initiative is the weighted sum of
    the scores of every rule registered for that metric that applies to it
    (``None`` means "does not apply"); if none applies the value is ``None``.
    Rule and classification names are unique across plugins: a clash is an error
    naming both plugins (the first registered keeps the name unless strict). So is
    the Priority Matrix scheme: one plugin registers it.

    Added in 0.1.0.
    """


@_hook((MaturityCheck, "maturity_checks"))
def register_maturity_checks(register: Callable[[MaturityCheck], None]) -> None:
    """Register maturity checks: checks over a whole assessment that yield findings.

    :param register: call it once per :class:`~coprod.MaturityCheck`.

    How results combine: every check runs once per evaluation; its findings are
    added to the evaluation's findings in registration order. Check names are
    unique across plugins: a clash is an error naming both plugins.

    Added in 0.1.0.
    """


@_hook((Exporter, "exporters"))
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register report exporters (formats for ``coprod assess --format``).

    :param register: call it once per :class:`~coprod.Exporter`.

    How results combine: each format name belongs to one exporter; a clash is an
    error naming both plugins (the first registered keeps the format unless
    strict). Built-in formats are registered first.

    Added in 0.1.0.
    """


@_hook((Barrier, "barriers"))
def register_barriers(register: Callable[[Barrier], None]) -> None:
    """Register entries of the barrier taxonomy (an organisation's own barriers).

    :param register: call it once per :class:`~coprod.Barrier`. Its ``source`` is
        replaced by the plugin's name.

    How results combine: the taxonomy is the merge of every plugin's barriers in
    registration order (the seed barriers first); a duplicate id is an error
    naming both plugins.

    Added in 0.1.0.
    """
