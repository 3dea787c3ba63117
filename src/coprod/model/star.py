"""The Co-Production Star itself: the Four Co's and the five steps.

Sources: ``000_d040532b36d186af.txt`` (the Star, its five steps and their short
descriptions), ``002_ea409380ef17158f.txt`` (the Four Co's as approaches, the
5 Step Public Service Transformation Model), ``003_eb91abacab6ac2c6.txt`` (the
five steps, and the sixth: "START NOW"). The seeds disagree on which ring holds
which: ``000_…`` and ``003_…`` put the five steps on the outer/inner ring the
other way round from ``002_…``. coprod models the concepts, not the picture.
"""

from __future__ import annotations

import enum

__all__ = ["Co", "Step"]


class Co(str, enum.Enum):
    """The Four Co's: the four approaches to co-production (all seeds).

    Co-commissioning builds the priorities of people who use services into what is
    commissioned; co-design draws on their experience to design services;
    co-delivery has citizens take part in delivering services; co-assessment brings
    them into monitoring and evaluation (``002_…``, "The Four Co's in the
    Co-Production Star").
    """

    COMMISSIONING = "co-commissioning"
    DESIGN = "co-design"
    DELIVERY = "co-delivery"
    ASSESSMENT = "co-assessment"

    @property
    def label(self) -> str:
        """Human label, e.g. ``"Co-design"``."""
        return self.value.capitalize()

    @property
    def description(self) -> str:
        """What this Co means, in the words of ``002_…`` and ``003_…``."""
        return _CO_DESCRIPTIONS[self]


_CO_DESCRIPTIONS = {
    Co.COMMISSIONING: (
        "Builds into public services the priorities of people who use services, carers "
        "and other citizens: from services councils think people need to outcomes local "
        "people believe are priorities (e.g. neighbourhood budgeting)."
    ),
    Co.DESIGN: (
        "Nobody knows better how services should be designed than service users, their "
        "families, friends and community: seeing services from their point of view "
        "(e.g. the customer journey approach)."
    ),
    Co.DELIVERY: (
        "Citizens take part in delivering public services, bringing their knowledge, "
        "expertise and skills (e.g. expert patients, capability assessments)."
    ),
    Co.ASSESSMENT: (
        "Citizens take part in monitoring and evaluating services, focusing on the "
        "outcomes people get (e.g. citizen-led inspections, feedback on social media)."
    ),
}


class Step(str, enum.Enum):
    """The five steps of rolling out co-production (``000_…``, ``002_…``, ``003_…``).

    ``003_…`` adds a sixth, "probably most important of all": START NOW. It is an
    exhortation rather than a step with its own tools, so it is not a member here;
    see :attr:`START_NOW`.
    """

    MAP = "map"
    FOCUS = "focus"
    PEOPLE = "people"
    MARKET = "market"
    GROW = "grow"

    @property
    def title(self) -> str:  # type: ignore[override]
        """The step's name, e.g. ``"Map it"``."""
        return f"{self.value.capitalize()} it"

    @property
    def number(self) -> int:
        """1 for Map it … 5 for Grow it."""
        return list(Step).index(self) + 1

    @property
    def description(self) -> str:
        """The seed's short description.

        For example "Map it – explore existing and new forms of co-production".
        """
        return f"{self.title} – {_STEP_PURPOSES[self]}"


_STEP_PURPOSES = {
    Step.MAP: "explore existing and new forms of co-production",
    Step.FOCUS: "focus on those with the highest impact",
    Step.PEOPLE: "using assets-based approaches",
    Step.MARKET: "in order to bring about behaviour change",
    Step.GROW: "within and beyond the organisation",
}

#: The sixth step of ``003_…``: "probably most important of all – START NOW!!!"
START_NOW = "Start now"
