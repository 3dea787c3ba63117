"""Resources needed for co-production, its benefits, and who gains what.

Sources: ``002_ea409380ef17158f.txt`` ("Resources needed for co-production" and
the benefits workshop participants listed under four headings),
``000_d040532b36d186af.txt`` ("What are the benefits of co-production?", per
stakeholder group) and ``004_2ab9b3d444068e57.txt`` ("new arguments for key
stakeholders to get buy-in (literally) for co-production").

The benefit texts are the seeds' own words, so a report can quote them. They are
data (``coprod/data/catalogues/benefits.toml``), read by
:func:`coprod.catalogues.benefit_categories` and
:func:`coprod.catalogues.stakeholder_benefits`; this module holds the pure types.
"""

from __future__ import annotations

import enum

import attrs

from coprod.model.text import strings

__all__ = [
    "BenefitCategory",
    "CategoryBenefits",
    "Resource",
    "StakeholderBenefits",
    "StakeholderGroup",
]


class Resource(str, enum.Enum):
    """The main resources needed for co-production (``002_ea409380ef17158f.txt``).

    Workshop participants named these nine. Finance was mentioned but "rarely seen
    as the most important resource", and most of them "could be supplied by service
    users and their communities, as well as the public sector" (``002_…``).
    """

    GOOD_NETWORKS = "good networks"
    ENERGY = "energy"
    LEADERSHIP = "leadership"
    SHARED_VISION = "shared vision"
    CONFIDENCE_AND_COMMITMENT = "confidence and commitment"
    MONEY = "money"
    TIME = "time"
    RESILIENCE = "resilience"
    COMPATIBLE_SYSTEMS_AND_PROCESSES = "compatible systems and processes"

    @property
    def label(self) -> str:
        """The seed's wording, e.g. ``"Good networks"``."""
        return self.value.capitalize()


class BenefitCategory(str, enum.Enum):
    """The four headings of co-production benefits (``002_ea409380ef17158f.txt``)."""

    OUTCOMES_AND_QUALITY_OF_LIFE = "outcomes and quality of life"
    SERVICE_IMPROVEMENT = "service improvement"
    SOCIAL_CAPITAL = "social capital"
    EFFICIENCY = "efficiency"

    @property
    def heading(self) -> str:
        """The seed's heading, e.g. ``"Social capital benefits"``."""
        return f"{self.value.capitalize()} benefits"


class StakeholderGroup(str, enum.Enum):
    """Stakeholder groups the seeds give co-production benefits or arguments for.

    The first six are the groups of ``000_d040532b36d186af.txt`` ("What are the
    benefits of co-production?"); the last four are the key stakeholders of
    ``004_2ab9b3d444068e57.txt``, to whom the seed offers "new arguments … to get
    buy-in". See :func:`coprod.stakeholder_benefits`.
    """

    PEOPLE_WHO_USE_SERVICES = "people who use services"
    TOP_MANAGERS = "top managers"
    COMMUNITIES = "communities"
    FRONTLINE_STAFF = "frontline staff"
    HEADS_OF_SERVICES = "heads of services"
    POLITICIANS = "politicians"
    HEADS_OF_STRATEGY_AND_FINANCE = "heads of strategy and finance"
    INTEGRATION_LEADS = "integration leads in health and social care"
    BEHAVIOUR_CHANGE_COMMISSIONERS = "commissioners interested in behaviour change"
    OPEN_DATA_OFFICERS = "open data officers"


@attrs.frozen
class StakeholderBenefits:
    """What co-production offers one stakeholder group, with its seed.

    From ``000_d040532b36d186af.txt`` (benefits per group) and
    ``004_2ab9b3d444068e57.txt`` (arguments per key stakeholder).
    """

    group: StakeholderGroup
    benefits: tuple[str, ...]
    seed: str


@attrs.frozen
class CategoryBenefits:
    """The benefits workshop participants listed under one heading (``002_…``)."""

    category: BenefitCategory
    benefits: tuple[str, ...] = attrs.field(converter=strings)
    seeds: tuple[str, ...] = attrs.field(converter=strings)
