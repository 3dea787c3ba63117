"""A scoring rule that raises for every initiative: exit 3 under --strict."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coprod import Initiative, ScoringRule, hookimpl


def _explode(initiative: Initiative) -> float:
    raise RuntimeError(f"boom on {initiative.id}")


@hookimpl
def register_scoring_rules(register: Callable[[Any], None]) -> None:
    register(ScoringRule(name="iotest.explode", metric="explosions", score=_explode))
