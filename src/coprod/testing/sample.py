"""A small, fixed, realistic assessment for tests and examples.

Its initiatives echo the seeds' cases: a time bank (``004_…``), Community
Speedwatch (Wiltshire, ``001_…``: 14,076 volunteer hours), a youth commission on
bullying (Scottish Borders, ``002_…``: 3,600 hours), neighbourhood budgeting
(co-commissioning, ``002_…``) and citizen-led inspections (co-assessment,
``002_…``).
"""

from __future__ import annotations

from coprod.model.assessment import Assessment, Initiative, InitiativeStatus, Organisation, Service
from coprod.model.explorer import Actor, ExplorerEntry, Extent
from coprod.model.priority import PriorityRatings
from coprod.model.resource_shift import ResourceInputs
from coprod.model.service_model import Level
from coprod.model.stakeholders import Propensity, Relationship, Stakeholder, Stance
from coprod.model.star import Co

__all__ = ["sample_assessment"]


def sample_assessment() -> Assessment:
    """A valid assessment of a fictional council: 4 services, 5 initiatives, 4 stakeholders.

    Every call builds an equal, new value; nothing is read from disk.
    """
    return Assessment(
        organisation=Organisation(name="Example Borough Council", area="Exampleshire"),
        services=(
            Service("adult-care", "Adult social care"),
            Service("highways", "Highways and road safety"),
            Service("youth", "Youth services"),
            Service("community", "Communities and neighbourhoods"),
        ),
        initiatives=(
            Initiative(
                id="time-bank",
                name="Neighbourhood time bank",
                service="adult-care",
                cos=(Co.DELIVERY,),
                user_involvement=4,
                professional_involvement=3,
                ratings=PriorityRatings(investment=2, risk=2, savings=3, outcomes=5),
                resources=ResourceInputs(
                    public_before=0,
                    public_after=20_000,
                    community_before=5_000,
                    community_after=9_000,
                ),
                barriers=("citizen-capabilities-and-time",),
                volunteer_hours=2_400,
            ),
            Initiative(
                id="speedwatch",
                name="Community Speedwatch",
                service="highways",
                cos=(Co.DELIVERY, Co.ASSESSMENT),
                user_involvement=Level.HIGH,
                professional_involvement=Level.HIGH,
                ratings=PriorityRatings(investment=2, risk=3, savings=4, outcomes=4),
                resources=ResourceInputs(
                    public_before=150_000,
                    public_after=110_000,
                    community_before=0,
                    community_after=112_608,
                ),
                volunteer_hours=14_076,
            ),
            Initiative(
                id="youth-commission",
                name="Youth Commission on bullying",
                service="youth",
                cos=(Co.DESIGN, Co.COMMISSIONING),
                user_involvement=4,
                professional_involvement=2,
                ratings=PriorityRatings(investment=3, risk=2, savings=2, outcomes=5),
                volunteer_hours=3_600,
            ),
            Initiative(
                id="neighbourhood-budgets",
                name="Neighbourhood budgeting",
                service="community",
                cos=(Co.COMMISSIONING,),
                status=InitiativeStatus.POTENTIAL,
                ratings=PriorityRatings(investment=4, risk=4, savings=2, outcomes=4),
                barriers=("risk-aversion", "short-termism"),
            ),
            Initiative(
                id="citizen-inspections",
                name="Citizen-led inspections of care homes",
                service="adult-care",
                cos=(Co.ASSESSMENT,),
                status=InitiativeStatus.POTENTIAL,
                barriers=("communication-and-data",),
            ),
        ),
        explorer=(
            ExplorerEntry(
                "adult-care",
                Co.DELIVERY,
                Extent.DEVELOPING,
                (Actor.SERVICE_USERS, Actor.CARERS_AND_FAMILIES, Actor.FRONTLINE_STAFF),
            ),
            ExplorerEntry("adult-care", Co.ASSESSMENT, Extent.NONE),
            ExplorerEntry(
                "highways", Co.DELIVERY, Extent.SYSTEMATIC, (Actor.COMMUNITIES, Actor.MANAGERS)
            ),
            ExplorerEntry("youth", Co.DESIGN, Extent.IN_POCKETS, (Actor.SERVICE_USERS,)),
        ),
        stakeholders=(
            Stakeholder(
                "cabinet-member",
                "Cabinet member for communities",
                Level.HIGH,
                Level.HIGH,
                Stance.SUPPORTIVE,
            ),
            Stakeholder(
                "finance-director",
                "Director of finance",
                Level.HIGH,
                Level.LOW,
                Stance.NEUTRAL,
                Propensity.HARDEST_TO_PERSUADE,
            ),
            Stakeholder(
                "carers-forum",
                "Carers' forum",
                Level.LOW,
                Level.HIGH,
                Stance.SUPPORTIVE,
                Propensity.MOST_LIKELY,
            ),
            Stakeholder("residents", "Residents", Level.LOW, Level.LOW),
        ),
        relationships=(
            Relationship("cabinet-member", "finance-director", "influences"),
            Relationship("carers-forum", "cabinet-member"),
        ),
    )
