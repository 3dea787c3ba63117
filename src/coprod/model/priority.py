"""Focus it: the Co-Production Priority Matrix.

Source: ``002_ea409380ef17158f.txt`` ("Step 2 — Focus it!": prioritise existing and
potential co-production activities "in terms of level of investment, risk, savings,
and improved outcomes") and ``003_eb91abacab6ac2c6.txt`` ("'Quick wins' (high
impact, low effort initiatives) are self-evidently the optimal starting point";
others are taken on, dropped or put on the back burner).

Savings and improved outcomes make up *impact*; investment and risk make up
*effort*. How they combine, and where "high" begins, is a :class:`PriorityScheme`:
an explicit value that researchers can replace.
"""

from __future__ import annotations

import enum
import math

import attrs

from coprod.model.text import non_blank

__all__ = [
    "DEFAULT_PRIORITY_SCHEME",
    "PriorityPosition",
    "PriorityQuadrant",
    "PriorityRatings",
    "PriorityScheme",
    "RaterRatings",
    "place_on_priority_matrix",
]

RATING_MIN = 1
RATING_MAX = 5


class PriorityQuadrant(str, enum.Enum):
    """The four quadrants of the Priority Matrix (``002_…``, ``003_…``).

    What to do with each is data: :func:`coprod.priority_advice`.
    """

    QUICK_WIN = "quick win"
    MAJOR_PROJECT = "major project"
    FILL_IN = "fill-in"
    BACK_BURNER = "back burner"

    @property
    def high_impact(self) -> bool:
        """True for quick wins and major projects."""
        return self in (PriorityQuadrant.QUICK_WIN, PriorityQuadrant.MAJOR_PROJECT)

    @property
    def high_effort(self) -> bool:
        """True for major projects and the back burner."""
        return self in (PriorityQuadrant.MAJOR_PROJECT, PriorityQuadrant.BACK_BURNER)

    def at_least_as_good_as(self, other: PriorityQuadrant) -> bool:
        """True when this quadrant is no worse than ``other`` on impact and on effort.

        The quadrants are partially ordered: a quick win beats everything, the back
        burner is beaten by everything, and a major project (high impact, high
        effort) and a fill-in (low impact, low effort) are not comparable.
        """
        return self.high_impact >= other.high_impact and (not self.high_effort) >= (
            not other.high_effort
        )


def _rating(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{attribute.name} must be an integer from 1 to 5, got {value!r}")
    if not RATING_MIN <= value <= RATING_MAX:
        raise ValueError(f"{attribute.name} must be an integer from 1 to 5, got {value!r}")


@attrs.frozen
class PriorityRatings:
    """An activity's Priority Matrix ratings, each 1 (low) to 5 (high) (``002_…``).

    ``investment`` and ``risk`` are how much each the activity needs or carries;
    ``savings`` and ``outcomes`` (improved outcomes) are what it is expected to bring.
    """

    investment: int = attrs.field(validator=_rating)
    risk: int = attrs.field(validator=_rating)
    savings: int = attrs.field(validator=_rating)
    outcomes: int = attrs.field(validator=_rating)


@attrs.frozen
class RaterRatings:
    """One rater's Priority Matrix ratings of an initiative; ``rater`` is a role or a code.

    Several raters' ratings become the initiative's ratings by their consensus,
    rating by rating (the lower median: :func:`coprod.model.agreement.consensus`).
    """

    rater: str = attrs.field(validator=non_blank)
    investment: int = attrs.field(validator=_rating)
    risk: int = attrs.field(validator=_rating)
    savings: int = attrs.field(validator=_rating)
    outcomes: int = attrs.field(validator=_rating)


#: The four ratings, in :class:`PriorityRatings` order.
RATING_NAMES = ("investment", "risk", "savings", "outcomes")
RATING_SCALE = tuple(range(RATING_MIN, RATING_MAX + 1))


def _weight(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{attribute.name} must be a number, got {value!r}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{attribute.name} must be a finite number >= 0, got {value!r}")


@attrs.frozen
class PriorityScheme:
    """How ratings become impact and effort, and where "high" begins.

    Impact is the weighted mean of ``savings`` and ``outcomes``; effort the weighted
    mean of ``investment`` and ``risk``; both stay on the 1–5 scale whatever the
    weights. Impact is high when it is *above* ``impact_threshold``, effort when it
    is above ``effort_threshold`` (default 3, the scale's midpoint: a middling
    rating is not "high").

    The default weighs each rating equally. Weights must be non-negative with a
    positive sum on each axis, which keeps the matrix monotone: better ratings
    never move an activity to a worse quadrant.
    """

    savings_weight: float = attrs.field(default=0.5, validator=_weight)
    outcomes_weight: float = attrs.field(default=0.5, validator=_weight)
    investment_weight: float = attrs.field(default=0.5, validator=_weight)
    risk_weight: float = attrs.field(default=0.5, validator=_weight)
    impact_threshold: float = attrs.field(default=3.0, validator=_weight)
    effort_threshold: float = attrs.field(default=3.0, validator=_weight)

    def __attrs_post_init__(self) -> None:
        if self.savings_weight + self.outcomes_weight <= 0:
            raise ValueError("savings_weight and outcomes_weight must not both be 0")
        if self.investment_weight + self.risk_weight <= 0:
            raise ValueError("investment_weight and risk_weight must not both be 0")

    @property
    def savings_share(self) -> float:
        """The share of impact that comes from savings."""
        return self.savings_weight / (self.savings_weight + self.outcomes_weight)

    @property
    def outcomes_share(self) -> float:
        """The share of impact that comes from improved outcomes."""
        return self.outcomes_weight / (self.savings_weight + self.outcomes_weight)

    @property
    def investment_share(self) -> float:
        """The share of effort that comes from investment."""
        return self.investment_weight / (self.investment_weight + self.risk_weight)

    @property
    def risk_share(self) -> float:
        """The share of effort that comes from risk."""
        return self.risk_weight / (self.investment_weight + self.risk_weight)

    def impact(self, ratings: PriorityRatings) -> float:
        """Impact on the 1–5 scale."""
        return self.savings_share * ratings.savings + self.outcomes_share * ratings.outcomes

    def effort(self, ratings: PriorityRatings) -> float:
        """Effort on the 1–5 scale."""
        return self.investment_share * ratings.investment + self.risk_share * ratings.risk

    def quadrant(self, *, impact: float, effort: float) -> PriorityQuadrant:
        """The quadrant of an (impact, effort) point.

        "Above the threshold" means above it by more than 1e-9: weighted sums of
        ratings carry float rounding (ratings of 3 can sum to 3.0000000000000004),
        and a middling activity must not become "high" by rounding.
        """
        high_impact = impact > self.impact_threshold + _ROUNDING
        high_effort = effort > self.effort_threshold + _ROUNDING
        if high_impact:
            return PriorityQuadrant.MAJOR_PROJECT if high_effort else PriorityQuadrant.QUICK_WIN
        return PriorityQuadrant.BACK_BURNER if high_effort else PriorityQuadrant.FILL_IN


DEFAULT_PRIORITY_SCHEME = PriorityScheme()

# Far below any difference ratings on a 1-5 scale can make, far above float rounding.
_ROUNDING = 1e-9


@attrs.frozen
class PriorityPosition:
    """Where an activity sits on the Priority Matrix."""

    impact: float
    effort: float
    quadrant: PriorityQuadrant


def place_on_priority_matrix(
    ratings: PriorityRatings, scheme: PriorityScheme = DEFAULT_PRIORITY_SCHEME
) -> PriorityPosition:
    """Place rated activity on the Priority Matrix (``002_…``, ``003_…``).

    >>> place_on_priority_matrix(PriorityRatings(investment=1, risk=2, savings=4, outcomes=5))
    PriorityPosition(impact=4.5, effort=1.5, quadrant=<PriorityQuadrant.QUICK_WIN: 'quick win'>)
    """
    impact = scheme.impact(ratings)
    effort = scheme.effort(ratings)
    return PriorityPosition(impact, effort, scheme.quadrant(impact=impact, effort=effort))
