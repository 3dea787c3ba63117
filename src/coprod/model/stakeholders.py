"""People it: the stakeholder matrix and the propensity to co-produce.

Source: ``002_ea409380ef17158f.txt`` ("Step 3 — People it!"): partners and
champions have high interest and high power; potential "enemies" also have high
power and interest and need watching; high-interest, low-power groups (carers,
most service-user groups, activists) must be kept on board; the broader public is
the silent majority, to keep track of. The fifth cell, high power and low interest
("keep satisfied"), completes the classic power/interest grid the seed draws on.
"""

from __future__ import annotations

import enum

import attrs

from coprod.model.service_model import Level
from coprod.model.text import identifier, non_blank

__all__ = [
    "Propensity",
    "Relationship",
    "Stakeholder",
    "StakeholderQuadrant",
    "Stance",
    "classify_stakeholder",
]


class Stance(str, enum.Enum):
    """Where a stakeholder stands on co-production (``002_…``)."""

    SUPPORTIVE = "supportive"
    NEUTRAL = "neutral"
    OPPOSED = "opposed"


class StakeholderQuadrant(str, enum.Enum):
    """Where a stakeholder sits on the stakeholder matrix (``002_…``).

    What to do with each group is data: :func:`coprod.stakeholder_advice`.
    """

    PARTNERS_AND_CHAMPIONS = "partners and champions"
    OPPONENTS_TO_WATCH = "opponents to watch"
    KEEP_SATISFIED = "keep satisfied"
    KEEP_ON_BOARD = "keep on board"
    SILENT_MAJORITY = "silent majority"


class Propensity(str, enum.Enum):
    """Propensity to co-produce, as workshop participants grouped people (``002_…``).

    Most likely: activists, people in crisis or with high need, people committed to
    co-production or with good experiences of it. Least likely: people who feel
    coerced, helpless or let down, people with complex disabilities or low
    self-esteem. Hardest to persuade: professional staff (especially specialists and
    experts) and budget holders who do not see the need.
    """

    MOST_LIKELY = "most likely"
    LEAST_LIKELY = "least likely"
    HARDEST_TO_PERSUADE = "hardest to persuade"


def classify_stakeholder(*, power: Level, interest: Level, stance: Stance) -> StakeholderQuadrant:
    """The stakeholder-matrix quadrant for power × interest × stance (``002_…``).

    High power and high interest splits by stance: opposed stakeholders are
    opponents to watch; supportive and neutral ones are (potential) partners and
    champions, since the seed's advice for that cell is to work with them.
    """
    if power is Level.HIGH and interest is Level.HIGH:
        if stance is Stance.OPPOSED:
            return StakeholderQuadrant.OPPONENTS_TO_WATCH
        return StakeholderQuadrant.PARTNERS_AND_CHAMPIONS
    if power is Level.HIGH:
        return StakeholderQuadrant.KEEP_SATISFIED
    if interest is Level.HIGH:
        return StakeholderQuadrant.KEEP_ON_BOARD
    return StakeholderQuadrant.SILENT_MAJORITY


@attrs.frozen
class Stakeholder:
    """A person or group with a stake in co-production (``002_…``, stakeholder matrix)."""

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_blank)
    power: Level
    interest: Level
    stance: Stance = Stance.NEUTRAL
    propensity: Propensity | None = None
    description: str = ""

    @property
    def quadrant(self) -> StakeholderQuadrant:
        """Where this stakeholder sits on the stakeholder matrix."""
        return classify_stakeholder(power=self.power, interest=self.interest, stance=self.stance)


@attrs.frozen
class Relationship:
    """A tie between two stakeholders, for the People-it stakeholder network (``002_…``).

    ``source`` and ``target`` are stakeholder ids; ties are undirected for the
    network analyses (who can reach whom, who bridges groups). ``kind`` is free
    text such as "works with", "funds" or "influences".
    """

    source: str = attrs.field(validator=identifier)
    target: str = attrs.field(validator=identifier)
    kind: str = "works with"

    def __attrs_post_init__(self) -> None:
        if self.source == self.target:
            raise ValueError(f"a stakeholder cannot be related to itself ({self.source!r})")
