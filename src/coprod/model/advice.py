"""Advice: what to do with what falls in one quadrant of a matrix, and who says so.

The texts are data (``coprod/data/catalogues/advice.toml``), read by
:func:`coprod.priority_advice` (the Priority Matrix, Focus it) and
:func:`coprod.stakeholder_advice` (the stakeholder matrix, People it).
"""

from __future__ import annotations

import attrs

from coprod.model.text import non_blank

__all__ = ["Advice"]


@attrs.frozen
class Advice:
    """One sentence of advice and the seed files it follows (empty: coprod's own)."""

    text: str = attrs.field(validator=non_blank)
    seeds: tuple[str, ...] = attrs.field(default=(), converter=tuple)
