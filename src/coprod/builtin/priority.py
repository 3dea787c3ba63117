"""Built-in plugin: Priority Matrix scoring (``002_…``, ``003_…``).

Registers four rules that make up two metrics under the default
:class:`~coprod.model.priority.PriorityScheme`: ``impact`` (savings and improved
outcomes) and ``effort`` (investment and risk), each a weighted mean on the 1–5
scale. To use another scheme, block this plugin
(``blocked=["coprod.builtin.priority"]``) and register :func:`priority_rules` with
your own scheme from a plugin of your own.
"""

from __future__ import annotations

from collections.abc import Callable

from coprod.hookspecs import hookimpl
from coprod.model.assessment import Initiative
from coprod.model.priority import DEFAULT_PRIORITY_SCHEME, PriorityScheme
from coprod.registry import EFFORT, IMPACT, ScoringRule

__all__ = ["EFFORT", "IMPACT", "priority_rules"]


def _savings(initiative: Initiative) -> float | None:
    return None if initiative.ratings is None else float(initiative.ratings.savings)


def _outcomes(initiative: Initiative) -> float | None:
    return None if initiative.ratings is None else float(initiative.ratings.outcomes)


def _investment(initiative: Initiative) -> float | None:
    return None if initiative.ratings is None else float(initiative.ratings.investment)


def _risk(initiative: Initiative) -> float | None:
    return None if initiative.ratings is None else float(initiative.ratings.risk)


def priority_rules(scheme: PriorityScheme = DEFAULT_PRIORITY_SCHEME) -> tuple[ScoringRule, ...]:
    """The four Priority Matrix rules for ``scheme``: their weights are its shares."""
    return (
        ScoringRule(
            name="priority.savings",
            metric=IMPACT,
            score=_savings,
            weight=scheme.savings_share,
            description="Savings rating (1-5), weighted by its share of impact.",
        ),
        ScoringRule(
            name="priority.outcomes",
            metric=IMPACT,
            score=_outcomes,
            weight=scheme.outcomes_share,
            description="Improved-outcomes rating (1-5), weighted by its share of impact.",
        ),
        ScoringRule(
            name="priority.investment",
            metric=EFFORT,
            score=_investment,
            weight=scheme.investment_share,
            description="Investment rating (1-5), weighted by its share of effort.",
        ),
        ScoringRule(
            name="priority.risk",
            metric=EFFORT,
            score=_risk,
            weight=scheme.risk_share,
            description="Risk rating (1-5), weighted by its share of effort.",
        ),
    )


@hookimpl
def register_scoring_rules(register: Callable[[ScoringRule], None]) -> None:
    """Register the Priority Matrix rules under the default scheme."""
    for rule in priority_rules():
        register(rule)
