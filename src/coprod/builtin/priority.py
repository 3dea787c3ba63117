"""Built-in plugin: Priority Matrix scoring (``002_…``, ``003_…``).

Registers four rules that make up two metrics under the default
:class:`~coprod.model.priority.PriorityScheme`: ``impact`` (savings and improved
outcomes) and ``effort`` (investment and risk), each a weighted mean on the 1–5
scale. It registers the scheme itself too, so the report places initiatives with
its thresholds and states it. To use another scheme, block this plugin
(``blocked=["coprod.builtin.priority"]``) and, from a plugin of your own, register
your scheme and :func:`priority_rules` for it (:func:`register_priority_scheme`
does both).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coprod.contributions import EFFORT, IMPACT, ScoringRule
from coprod.hookspecs import hookimpl
from coprod.model.assessment import Initiative
from coprod.model.priority import DEFAULT_PRIORITY_SCHEME, PriorityScheme

__all__ = ["EFFORT", "IMPACT", "priority_rules", "register_priority_scheme"]


def _rating(field: str) -> Callable[[Initiative], float | None]:
    """A rule function reading one Priority Matrix rating (None when unrated)."""

    def score(initiative: Initiative) -> float | None:
        ratings = initiative.ratings
        return None if ratings is None else float(getattr(ratings, field))

    score.__name__ = f"_{field}"
    return score


# (rating, metric, which share of the scheme weighs it, what it is)
_RULES = (
    ("savings", IMPACT, "savings_share", "Savings rating (1-5)"),
    ("outcomes", IMPACT, "outcomes_share", "Improved-outcomes rating (1-5)"),
    ("investment", EFFORT, "investment_share", "Investment rating (1-5)"),
    ("risk", EFFORT, "risk_share", "Risk rating (1-5)"),
)
_SCORES = {field: _rating(field) for field, _metric, _share, _label in _RULES}


def priority_rules(scheme: PriorityScheme = DEFAULT_PRIORITY_SCHEME) -> tuple[ScoringRule, ...]:
    """The four Priority Matrix rules for ``scheme``: their weights are its shares."""
    return tuple(
        ScoringRule(
            name=f"priority.{field}",
            metric=metric,
            score=_SCORES[field],
            weight=getattr(scheme, share),
            description=f"{label}, weighted by its share of {metric}.",
        )
        for field, metric, share, label in _RULES
    )


def register_priority_scheme(register: Callable[[Any], None], scheme: PriorityScheme) -> None:
    """Register ``scheme`` and its four rules through a ``register_scoring_rules`` callback.

    The one call a replacement scheme plugin needs: the rules weigh the ratings by
    the scheme's shares, and the scheme itself tells the report its thresholds.
    """
    register(scheme)
    for rule in priority_rules(scheme):
        register(rule)


@hookimpl
def register_scoring_rules(register: Callable[[Any], None]) -> None:
    """Register the default Priority Matrix scheme and its rules."""
    register_priority_scheme(register, DEFAULT_PRIORITY_SCHEME)
