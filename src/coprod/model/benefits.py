"""Resources needed for co-production, its benefits, and who gains what.

Sources: ``002_ea409380ef17158f.txt`` ("Resources needed for co-production" and
the benefits workshop participants listed under four headings),
``000_d040532b36d186af.txt`` ("What are the benefits of co-production?", per
stakeholder group) and ``004_2ab9b3d444068e57.txt`` ("new arguments for key
stakeholders to get buy-in (literally) for co-production").

The benefit texts are the seeds' own words, so a report can quote them.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType

import attrs

__all__ = [
    "BenefitCategory",
    "Resource",
    "StakeholderBenefits",
    "StakeholderGroup",
    "stakeholder_benefits",
]

_S000 = "000_d040532b36d186af.txt"
_S002 = "002_ea409380ef17158f.txt"
_S004 = "004_2ab9b3d444068e57.txt"


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

    @property
    def benefits(self) -> tuple[str, ...]:
        """The benefits workshop participants listed under this heading (``002_…``)."""
        return _CATEGORY_BENEFITS[self]


_CATEGORY_BENEFITS: Mapping[BenefitCategory, tuple[str, ...]] = MappingProxyType(
    {
        BenefitCategory.OUTCOMES_AND_QUALITY_OF_LIFE: (
            "Happiness of users",
            "Augmenting the employability and skills of co-producers",
            "More rewarding for professionals as they feel more useful",
            "Preventing later needs",
            "Brings services closer to people's needs and lifestyles, and desired outcomes",
            "Shift in power (to users and carers; to frontline staff)",
            "Promotes understanding and learning about needs, outcomes and services",
        ),
        BenefitCategory.SERVICE_IMPROVEMENT: (
            "Best possible service design",
            "Professionals are able to learn from people",
            "Increases choice",
            "Improves transparency",
            "Makes services more sustainable",
            "Encourages flexibility",
            "Joins up other strategies",
            "Increases scope for innovation",
            "Results in more realistic services as expectations are managed and understood",
        ),
        BenefitCategory.SOCIAL_CAPITAL: (
            "Closer and safer communities – higher levels of social capital",
            "Reduces labelling",
            "Changing attitudes in civil society",
            "More openness",
            "Challenges an entitlement culture",
            "Challenges learned dependency",
            "In line with 'rights' approach",
            "Brings more shared ownership and understanding of responsibilities",
        ),
        BenefitCategory.EFFICIENCY: (
            "Helps people to do more things for themselves and others without needing staff "
            "to help",
            "Allows people to offer their expertise to public agencies who don't have those skills",
        ),
    }
)


class StakeholderGroup(str, enum.Enum):
    """Stakeholder groups the seeds give co-production benefits or arguments for.

    The first six are the groups of ``000_d040532b36d186af.txt`` ("What are the
    benefits of co-production?"); the last four are the key stakeholders of
    ``004_2ab9b3d444068e57.txt``, to whom the seed offers "new arguments … to get
    buy-in". See :func:`stakeholder_benefits`.
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

    @property
    def seed(self) -> str:
        """The seed file naming this group."""
        return _GROUP_BENEFITS[self][0]

    @property
    def benefits(self) -> tuple[str, ...]:
        """What co-production offers this group, in the seed's words."""
        return _GROUP_BENEFITS[self][1]


_GROUP_BENEFITS: Mapping[StakeholderGroup, tuple[str, tuple[str, ...]]] = MappingProxyType(
    {
        StakeholderGroup.PEOPLE_WHO_USE_SERVICES: (
            _S000,
            ("Improved wellbeing and quality of life", "Higher quality public services"),
        ),
        StakeholderGroup.TOP_MANAGERS: (
            _S000,
            (
                "Reducing the demand for services",
                "Strategy to shift from service provider to service commissioner role",
            ),
        ),
        StakeholderGroup.COMMUNITIES: (
            _S000,
            ("Improved outcomes", "Increased social capital and resilience"),
        ),
        StakeholderGroup.FRONTLINE_STAFF: (
            _S000,
            ("More responsibility and job satisfaction from working with empowered service users",),
        ),
        StakeholderGroup.HEADS_OF_SERVICES: (
            _S000,
            (
                "Shifting resources from problem solving to prevention",
                "Better collaboration with third sector organisations",
                "Mobilising new resources and expertise for innovations",
            ),
        ),
        StakeholderGroup.POLITICIANS: (
            _S000,
            (
                "Strategy to cope with reduced budgets and demographic change",
                "Alternative to significant service cuts",
            ),
        ),
        StakeholderGroup.HEADS_OF_STRATEGY_AND_FINANCE: (
            _S004,
            (
                "Co-production can be used as a budget management strategy, using the right mix "
                "of substitutive and additive co-production to achieve short-term savings",
                "releasing public sector investment in communities so they can help to improve "
                "outcomes",
            ),
        ),
        StakeholderGroup.INTEGRATION_LEADS: (
            _S004,
            (
                "Co-production can be used as a driver to promote the integration of health and "
                "social care",
                "it focusses more on outcomes rather than services and brings in communities who "
                "tend to be ‘sector-blind’",
            ),
        ),
        StakeholderGroup.BEHAVIOUR_CHANGE_COMMISSIONERS: (
            _S004,
            (
                "co-design is only one element in pathways for better outcomes",
                "the potential of peer support, peer learning and peer training for sustainable "
                "behaviour change",
            ),
        ),
        StakeholderGroup.OPEN_DATA_OFFICERS: (
            _S004,
            (
                "drive the open data agenda from the bottom-up",
                "map individual capabilities, link them to the needs of service users and others "
                "in the community",
            ),
        ),
    }
)


@attrs.frozen
class StakeholderBenefits:
    """What co-production offers one stakeholder group, with its seed.

    From ``000_d040532b36d186af.txt`` (benefits per group) and
    ``004_2ab9b3d444068e57.txt`` (arguments per key stakeholder).
    """

    group: StakeholderGroup
    benefits: tuple[str, ...]
    seed: str


def stakeholder_benefits() -> tuple[StakeholderBenefits, ...]:
    """The benefits or arguments for every :class:`StakeholderGroup`, in seed order.

    Sources: ``000_d040532b36d186af.txt`` and ``004_2ab9b3d444068e57.txt``. The
    result is a fresh immutable tuple, safe to share.
    """
    return tuple(
        StakeholderBenefits(group=group, benefits=benefits, seed=seed)
        for group, (seed, benefits) in _GROUP_BENEFITS.items()
    )
