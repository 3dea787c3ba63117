"""How good a match is: a documented, replaceable score with named components.

Sources: ``002_ea409380ef17158f.txt`` (Capabilities Assessment: what people do now
and what they could do), ``004_2ab9b3d444068e57.txt`` (time banks match locally "or
with another Timebank in the area, if need be"; members opt for weekend matches).

A scoring is any callable ``(provider, capability, need) -> ScoreBreakdown``
(:class:`Scoring`). It only ranks *allowed* pairs: the hard constraints (consent,
verification, capacity, never one's own need) are enforced by the matcher and no
scoring can relax them. :class:`DefaultScoring` is the built-in one; change its
weights, or pass any other callable, to :func:`coprod.people.match_needs`.
"""

from __future__ import annotations

import math
from typing import Protocol

import attrs

from coprod.people.model import Capability, CapabilityLevel, Need, NeedPriority, Provider

__all__ = [
    "SCORE_RESOLUTION",
    "DefaultScoring",
    "ScoreBreakdown",
    "ScoreComponent",
    "Scoring",
    "score_units",
]

#: Scores are optimised as integers: ``round(total * SCORE_RESOLUTION)``. Two matchings
#: whose totals differ by less than 1/1000 of a point may be treated as equally good.
SCORE_RESOLUTION = 1000


@attrs.frozen
class ScoreComponent:
    """One named part of a match score (``002_…``, ``004_…``): ``value`` times ``weight``."""

    name: str
    value: float
    weight: float

    @property
    def points(self) -> float:
        """This component's contribution to the total: ``value * weight``."""
        return self.value * self.weight


@attrs.frozen
class ScoreBreakdown:
    """A match score and its components, so that every match explains itself (``002_…``)."""

    components: tuple[ScoreComponent, ...]

    @property
    def total(self) -> float:
        """The sum of the components' points."""
        return math.fsum(c.points for c in self.components)

    def as_dict(self) -> dict[str, dict[str, float]]:
        """``{name: {"value": ..., "weight": ..., "points": ...}}`` in component order."""
        return {
            c.name: {"value": c.value, "weight": c.weight, "points": c.points}
            for c in self.components
        }


def score_units(breakdown: ScoreBreakdown) -> int:
    """The integer the optimiser compares (``002_…`` matching): ``round(total * 1000)``.

    Raises ``ValueError`` if the total is not a finite number.
    """
    total = breakdown.total
    if not math.isfinite(total):
        raise ValueError(f"a match score must be a finite number, got {total!r}")
    return round(total * SCORE_RESOLUTION)


class Scoring(Protocol):
    """The scoring protocol: rank one allowed (provider, capability, need) pair (``004_…``).

    Implementations must be deterministic (same arguments, same breakdown) and
    return finite totals. Higher is better. The matcher calls it once per allowed
    pair for the "best" objective, and once per match to explain a result.
    """

    def __call__(self, provider: Provider, capability: Capability, need: Need) -> ScoreBreakdown:
        """Score ``capability`` of ``provider`` for ``need``."""
        ...


_PRIORITY_VALUE = {p: p.weight for p in NeedPriority}
_COMPONENTS = ("category", "area", "availability", "priority")
_SHARED_MAX = 4096


def _non_negative(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{attribute.name} must be a number, got {value!r}")
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"{attribute.name} must be a finite number >= 0, got {value!r}")


def _fraction(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    _non_negative(instance, attribute, value)
    if value > 1:
        raise ValueError(f"{attribute.name} must be between 0 and 1, got {value!r}")


@attrs.frozen
class DefaultScoring:
    """The built-in scoring: four components, each a value in 0-1 times a weight.

    * ``category`` — 1 when the capability is in the need's own category and the
      provider already does it; ``could_do_value`` when they only could do it
      (``002_…``: "what they could do if encouraged"); times
      ``broader_category_value`` for each level the capability's category is broader
      than the need's (``housework`` for ``housework/bedding``).
    * ``area`` — 1 in the provider's home area, ``other_area_value`` in an area they
      also cover or for help given from anywhere (``004_…``: locally, or "with
      another Timebank in the area, if need be").
    * ``availability`` — the share of the times the need is wanted at when the
      provider is available; 1 when either side says "any time" (``004_…``: weekend
      matches only).
    * ``priority`` — the need's priority: 0.25 low, 0.5 normal, 0.75 high, 1 urgent.
      Every matching meets the same number of needs under the "best" objective, so
      this weight decides which needs are met when not all can be.

    With the default weights (4, 2, 2, 2) a perfect match scores 10 points.
    """

    category_weight: float = attrs.field(default=4.0, validator=_non_negative)
    area_weight: float = attrs.field(default=2.0, validator=_non_negative)
    availability_weight: float = attrs.field(default=2.0, validator=_non_negative)
    priority_weight: float = attrs.field(default=2.0, validator=_non_negative)
    could_do_value: float = attrs.field(default=0.6, validator=_fraction)
    broader_category_value: float = attrs.field(default=0.5, validator=_fraction)
    other_area_value: float = attrs.field(default=0.5, validator=_fraction)
    _shared: dict[tuple[float, ...], ScoreBreakdown] = attrs.field(
        factory=dict, init=False, repr=False, eq=False, hash=False
    )

    def category_fit(self, capability: Capability, need: Need) -> float:
        """The category component's value (0 when the categories do not fit)."""
        level = 1.0 if capability.level is CapabilityLevel.DOES_NOW else self.could_do_value
        if capability.category == need.category:
            return level
        if need.category.startswith(capability.category + "/"):
            depth = need.category.count("/") - capability.category.count("/")
            return level * self.broader_category_value**depth
        return 0.0

    def area_fit(self, capability: Capability, need: Need) -> float:
        """The area component's value (0 when the capability does not cover the area)."""
        if need.area == capability.area:
            return 1.0
        if capability.covers(need.area):
            return self.other_area_value
        return 0.0

    @staticmethod
    def availability_fit(capability: Capability, need: Need) -> float:
        """The availability component's value: the share of ``need.when`` covered."""
        if not need.when or not capability.availability:
            return 1.0
        return len(need.when & capability.availability) / len(need.when)

    def __call__(self, provider: Provider, capability: Capability, need: Need) -> ScoreBreakdown:
        """Score ``capability`` of ``provider`` for ``need``."""
        when, available = need.when, capability.availability
        values = (
            self.category_fit(capability, need),
            1.0 if need.area == capability.area else self.area_fit(capability, need),
            1.0 if not when or not available else len(when & available) / len(when),
            _PRIORITY_VALUE[need.priority],
        )
        # Few distinct value combinations occur: share one immutable breakdown for each.
        breakdown = self._shared.get(values)
        if breakdown is None:
            breakdown = ScoreBreakdown(
                tuple(
                    ScoreComponent(name, value, weight)
                    for name, value, weight in zip(
                        _COMPONENTS,
                        values,
                        (
                            self.category_weight,
                            self.area_weight,
                            self.availability_weight,
                            self.priority_weight,
                        ),
                        strict=True,
                    )
                )
            )
            if len(self._shared) < _SHARED_MAX:
                self._shared[values] = breakdown
        return breakdown
