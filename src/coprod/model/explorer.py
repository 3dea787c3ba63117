"""Map it: the Co-Production Explorer self-audit and the Star profile it yields.

Sources: ``003_eb91abacab6ac2c6.txt`` ("Step 1: 'Map it!'": co-production is already
happening "only here and there, in pockets"; the Co-Production Explorer identifies
what is already being done and what is NOT, and maps collaboration between
councillors, managers, front-line staff and citizens) and ``002_ea409380ef17158f.txt``
(a shortened Explorer maps "the level of co-production within different services or
units of their organisation").

The seeds name the idea but not a scale; coprod uses four extents, from none to
systematic, echoing ``003_…``'s "sporadic rather than normal, and piecemeal rather
than systematic".

An existing initiative is evidence too: where a service has an existing initiative
of a Co, that Co happens there at least "in pockets" (``003_…``), whatever the map
says, and an Explorer entry for that cell can only say more (:func:`cell_extents`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import Protocol, cast

import attrs

from coprod.model.agreement import consensus
from coprod.model.star import Co
from coprod.model.text import identifier, non_blank

__all__ = [
    "Actor",
    "CoProfile",
    "ExplorerEntry",
    "ExplorerGap",
    "Extent",
    "ExtentRating",
    "Practice",
    "cell_extents",
    "explorer_gaps",
    "star_profile",
]


class Extent(str, enum.Enum):
    """How far co-production goes in a service for one of the Four Co's (``003_…``)."""

    NONE = "none"
    IN_POCKETS = "in pockets"
    DEVELOPING = "developing"
    SYSTEMATIC = "systematic"

    @property
    def rank(self) -> int:
        """0 for none up to 3 for systematic."""
        return _EXTENT_ORDER.index(self)


_EXTENT_ORDER = tuple(Extent)


class Actor(str, enum.Enum):
    """Who takes part in co-production in a service (``003_…``, ``002_…``)."""

    COUNCILLORS = "councillors"
    MANAGERS = "managers"
    FRONTLINE_STAFF = "frontline staff"
    SERVICE_USERS = "service users"
    CARERS_AND_FAMILIES = "carers and families"
    COMMUNITIES = "communities"
    THIRD_SECTOR = "third sector"


_ACTOR_ORDER = tuple(Actor)


def _sorted_actors(actors: Iterable[Actor]) -> tuple[Actor, ...]:
    given = tuple(actors)
    for actor in given:
        if not isinstance(actor, Actor):
            raise TypeError(f"actors must hold Actor members, got {actor!r}")
    return tuple(a for a in _ACTOR_ORDER if a in given)


@attrs.frozen
class ExtentRating:
    """One rater's extent for an Explorer cell; ``rater`` is a role or a code, not a name."""

    rater: str = attrs.field(validator=non_blank)
    extent: Extent = attrs.field(validator=attrs.validators.instance_of(Extent))


def _extent_or_none(_instance: object, attribute: attrs.Attribute[Extent], value: object) -> None:
    # None only until __attrs_post_init__ puts the raters' consensus there.
    if value is not None and not isinstance(value, Extent):
        raise TypeError(f"{attribute.name} must be an Extent, got {value!r}")


def _tuple_of_extent_ratings(items: Iterable[ExtentRating]) -> tuple[ExtentRating, ...]:
    return tuple(items)


@attrs.frozen
class ExplorerEntry:
    """One cell of the Explorer map: a service, a Co, how far it goes, and who takes part.

    Actors are kept once each, in :class:`Actor` order. An extent of ``none`` with
    actors listed is contradictory and rejected.

    Several raters: ``ratings`` holds each rater's extent (:class:`ExtentRating`).
    Leave ``extent`` out and it is their consensus, the lower median
    (:func:`coprod.model.agreement.consensus`); write it as well and it is the extent
    the workshop agreed after discussion. The spread stays in ``ratings``. A rater
    rates a cell once.
    """

    service: str = attrs.field(validator=identifier)
    co: Co = attrs.field(validator=attrs.validators.instance_of(Co))
    extent: Extent = attrs.field(default=cast(Extent, None), validator=_extent_or_none)
    actors: tuple[Actor, ...] = attrs.field(default=(), converter=_sorted_actors)
    notes: str = ""
    ratings: tuple[ExtentRating, ...] = attrs.field(default=(), converter=_tuple_of_extent_ratings)

    def __attrs_post_init__(self) -> None:
        raters = [r.rater for r in self.ratings]
        for rater in raters:
            if raters.count(rater) > 1:
                raise ValueError(
                    f"ratings repeat the rater {rater!r}: each rater rates a cell once"
                )
        if self.extent is None:
            agreed = consensus({r.rater: r.extent for r in self.ratings}, _EXTENT_ORDER)
            if agreed is None:
                raise ValueError("extent is required (or give the raters' ratings)")
            object.__setattr__(self, "extent", agreed.value)
        if self.extent is Extent.NONE and self.actors:
            raise ValueError("actors are listed but the extent is 'none'")


@attrs.frozen
class CoProfile:
    """How far one Co goes across an organisation's services: one point of the Star."""

    co: Co
    #: Services at each extent, in :class:`Extent` order (unmapped services count as none).
    services_by_extent: tuple[tuple[Extent, int], ...]
    #: Mean extent rank divided by 3: 0 (nothing anywhere) to 1 (systematic everywhere).
    score: float
    #: Services where this Co happens at all, as a share of all services.
    reach: float


@attrs.frozen
class ExplorerGap:
    """A service where a Co does not happen yet: a candidate for new co-production."""

    service: str
    co: Co


class Practice(Protocol):
    """What the Explorer reads of an existing initiative: its id, service and Co's.

    :class:`~coprod.Initiative` has these; pass only *existing* initiatives
    (potential ones are not practice yet).
    """

    @property
    def id(self) -> str: ...
    @property
    def service(self) -> str: ...
    @property
    def cos(self) -> tuple[Co, ...]: ...


def cell_extents(
    services: Sequence[str],
    entries: Iterable[ExplorerEntry],
    existing: Iterable[Practice] = (),
) -> dict[tuple[str, Co], Extent]:
    """How far each (service, Co) goes, from the Explorer map and existing initiatives.

    A cell's extent is its Explorer entry's, raised to at least ``in pockets`` when
    an existing initiative of that Co runs in that service: co-production takes
    place there (``003_…``, "only here and there, in pockets"), and an entry can
    only say more. Cells with neither are left out (they count as ``none``).
    Entries and initiatives naming services not in ``services`` are ignored.
    """
    known = set(services)
    extents = {(e.service, e.co): e.extent for e in entries if e.service in known}
    for initiative in existing:
        if initiative.service not in known:
            continue
        for co in initiative.cos:
            cell = (initiative.service, co)
            current = extents.get(cell, Extent.NONE)
            if current.rank < Extent.IN_POCKETS.rank:
                extents[cell] = Extent.IN_POCKETS
    return extents


def star_profile(
    services: Sequence[str],
    entries: Iterable[ExplorerEntry],
    existing: Iterable[Practice] = (),
) -> tuple[CoProfile, ...]:
    """The Star profile: for each of the Four Co's, how far it goes across ``services``.

    ``services`` are service ids and ``existing`` the existing initiatives; each
    cell's extent is :func:`cell_extents`'s, and a cell with neither an entry nor
    an existing initiative counts as ``none``. With no services every score is 0.
    """
    extents = cell_extents(services, entries, existing)
    profiles = []
    for co in Co:
        levels = [extents.get((s, co), Extent.NONE) for s in services]
        counts = tuple((extent, levels.count(extent)) for extent in Extent)
        n = len(levels)
        score = sum(level.rank for level in levels) / (3 * n) if n else 0.0
        reach = sum(level is not Extent.NONE for level in levels) / n if n else 0.0
        profiles.append(CoProfile(co=co, services_by_extent=counts, score=score, reach=reach))
    return tuple(profiles)


def explorer_gaps(
    services: Sequence[str],
    entries: Iterable[ExplorerEntry],
    existing: Iterable[Practice] = (),
) -> tuple[ExplorerGap, ...]:
    """Every (service, Co) where nothing happens yet, in service then Co order.

    A cell with an existing initiative of its Co is never a gap (:func:`cell_extents`).
    """
    extents = cell_extents(services, entries, existing)
    return tuple(
        ExplorerGap(service=s, co=co)
        for s in services
        for co in Co
        if extents.get((s, co), Extent.NONE) is Extent.NONE
    )
