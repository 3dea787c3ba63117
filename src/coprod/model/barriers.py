"""The barrier taxonomy: what stops co-production taking root.

Sources: ``001_10471c76f715a525.txt`` ("Barriers to co-production": eleven barriers
that often arise) and ``002_ea409380ef17158f.txt`` (barriers documented by workshop
participants: complicated procedures, transport costs and geography, users' worries
about costs, social barriers, and financial austerity). The seeds list barriers
without grouping them; the categories here are coprod's, chosen so a barrier
profile reads as "what kind of problem is this".

A taxonomy is a value: organisations add their own entries by merging taxonomies
(or through the ``register_barriers`` plugin hook); a duplicate id is an error that
names both sources.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator

import attrs

from coprod.errors import TaxonomyConflictError
from coprod.model.text import identifier, non_blank, strings

__all__ = [
    "SEED_SOURCE",
    "Barrier",
    "BarrierCategory",
    "BarrierTaxonomy",
    "seed_barrier_taxonomy",
]

#: The ``source`` of every barrier that comes from the seeds.
SEED_SOURCE = "coprod seed taxonomy"


class BarrierCategory(str, enum.Enum):
    """coprod's grouping of barriers (the seeds list them ungrouped)."""

    PURPOSE = "purpose and outcomes"
    RESOURCES = "resources"
    ORGANISATION = "organisation and culture"
    LEADERSHIP = "leadership and ownership"
    EVIDENCE = "evidence, communication and data"
    CITIZENS = "citizens and communities"
    OTHER = "other"


@attrs.frozen
class Barrier:
    """One barrier to co-production, with a stable id and where it comes from.

    ``source`` says who defined it (the seed taxonomy, or an organisation or plugin);
    ``seeds`` lists the seed documents that mention it (empty for an
    organisation's own barriers).
    """

    id: str = attrs.field(validator=identifier)
    label: str = attrs.field(validator=non_blank)
    category: BarrierCategory = attrs.field(validator=attrs.validators.instance_of(BarrierCategory))
    description: str = ""
    source: str = SEED_SOURCE
    seeds: tuple[str, ...] = attrs.field(default=(), converter=strings)


def _barrier_tuple(barriers: Iterable[Barrier]) -> tuple[Barrier, ...]:
    return tuple(barriers)


@attrs.frozen
class BarrierTaxonomy:
    """An ordered set of barriers with unique ids (``001_…``, ``002_…``).

    ``a.merge(b)`` (or ``a | b``) is a new taxonomy with ``a``'s barriers then
    ``b``'s; merging is associative, and a duplicate id raises
    :class:`~coprod.errors.TaxonomyConflictError` naming both sources.
    """

    barriers: tuple[Barrier, ...] = attrs.field(default=(), converter=_barrier_tuple)
    _index: dict[str, Barrier] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        index: dict[str, Barrier] = {}
        for barrier in self.barriers:
            if not isinstance(barrier, Barrier):
                raise TypeError(f"a taxonomy holds Barrier values, got {barrier!r}")
            existing = index.get(barrier.id)
            if existing is not None:
                raise TaxonomyConflictError(barrier.id, existing.source, barrier.source)
            index[barrier.id] = barrier
        object.__setattr__(self, "_index", index)

    def merge(self, *others: BarrierTaxonomy) -> BarrierTaxonomy:
        """A taxonomy with this one's barriers followed by each of ``others``'."""
        merged = list(self.barriers)
        for other in others:
            merged.extend(other.barriers)
        return BarrierTaxonomy(merged)

    def __or__(self, other: BarrierTaxonomy) -> BarrierTaxonomy:
        return self.merge(other)

    def __contains__(self, barrier_id: object) -> bool:
        return barrier_id in self._index

    def __iter__(self) -> Iterator[Barrier]:
        return iter(self.barriers)

    def __len__(self) -> int:
        return len(self.barriers)

    def __getitem__(self, barrier_id: str) -> Barrier:
        try:
            return self._index[barrier_id]
        except KeyError:
            raise KeyError(f"no barrier with id {barrier_id!r}") from None

    @property
    def ids(self) -> frozenset[str]:
        """Every barrier id in the taxonomy."""
        return frozenset(self._index)

    def by_category(self) -> dict[BarrierCategory, tuple[Barrier, ...]]:
        """Barriers grouped by category, categories in enum order, empty ones left out."""
        groups: dict[BarrierCategory, list[Barrier]] = {}
        for barrier in self.barriers:
            groups.setdefault(barrier.category, []).append(barrier)
        return {c: tuple(groups[c]) for c in BarrierCategory if c in groups}

    @classmethod
    def of(cls, barriers: Iterable[Barrier]) -> BarrierTaxonomy:
        """A taxonomy of ``barriers`` (an alias of the constructor, for readability)."""
        return cls(tuple(barriers))


_S1 = "001_10471c76f715a525.txt"
_S2 = "002_ea409380ef17158f.txt"
_S3 = "003_eb91abacab6ac2c6.txt"

_SEED_BARRIERS = (
    # The eleven barriers of 001_….
    (
        "unclear-outcomes",
        "Unclear outcomes being sought",
        BarrierCategory.PURPOSE,
        "Nobody has said which outcomes co-production should achieve.",
        (_S1,),
    ),
    (
        "insufficient-resources",
        "Insufficient resources",
        BarrierCategory.RESOURCES,
        "Co-production is not free: it needs resources and investment to realise its potential.",
        (_S1, _S3),
    ),
    (
        "unfavourable-culture",
        "Unfavourable culture",
        BarrierCategory.ORGANISATION,
        "A 'we solve the problem for them' culture among providers and commissioners.",
        (_S1, _S3),
    ),
    (
        "poor-processes",
        "Poor processes",
        BarrierCategory.ORGANISATION,
        "Processes and systems that do not support working with users and communities.",
        (_S1,),
    ),
    (
        "communication-and-data",
        "Poor communication and inadequate data",
        BarrierCategory.EVIDENCE,
        "Poor communication with citizens and staff, and too little data about communities.",
        (_S1,),
    ),
    (
        "evidence-and-business-case",
        "Evidence base and business case",
        BarrierCategory.EVIDENCE,
        "No proper evidence of who can and will contribute, and no business case.",
        (_S1,),
    ),
    (
        "citizen-capabilities-and-time",
        "Citizen capabilities and time",
        BarrierCategory.CITIZENS,
        "Not everyone wants to co-produce and not everyone can; citizens' time is limited.",
        (_S1, _S2),
    ),
    (
        "ownership",
        "Professional, managerial and political ownership",
        BarrierCategory.LEADERSHIP,
        "Professionals, managers or politicians do not own co-production as their business.",
        (_S1,),
    ),
    (
        "leadership",
        "Inadequate leadership",
        BarrierCategory.LEADERSHIP,
        "Leaders do not drive co-production.",
        (_S1,),
    ),
    (
        "short-termism",
        "Short-termism",
        BarrierCategory.ORGANISATION,
        "Pressure for quick results over investment that pays back in the medium and long term.",
        (_S1,),
    ),
    (
        "risk-aversion",
        "Risk aversion",
        BarrierCategory.ORGANISATION,
        "'Isn't co-production risky?': fear of risk stops experiments growing.",
        (_S1,),
    ),
    # The workshop barriers of 002_….
    (
        "complicated-procedures",
        "Complicated procedures",
        BarrierCategory.ORGANISATION,
        "Complicated procedures often needed to get anything done, or to allow anything to be "
        "done.",
        (_S2,),
    ),
    (
        "transport-and-geography",
        "Transport costs and geography",
        BarrierCategory.CITIZENS,
        "Transport costs and geography reduce the mobility of users and citizens keen to help "
        "each other.",
        (_S2,),
    ),
    (
        "cost-worries",
        "Users' worries about costs",
        BarrierCategory.CITIZENS,
        "Users worry about anything that might increase their costs.",
        (_S2,),
    ),
    (
        "social-barriers",
        "Social barriers to interaction",
        BarrierCategory.CITIZENS,
        "Social barriers stand in the way of people interacting.",
        (_S2,),
    ),
    (
        "austerity",
        "Financial austerity",
        BarrierCategory.RESOURCES,
        "Austerity rules out even small spend that might have major impacts on quality of life.",
        (_S2,),
    ),
)


def seed_barrier_taxonomy() -> BarrierTaxonomy:
    """The barriers of the seeds: eleven from ``001_…``, five workshop barriers from ``002_…``."""
    return BarrierTaxonomy(
        tuple(
            Barrier(id=i, label=label, category=category, description=description, seeds=seeds)
            for i, label, category, description, seeds in _SEED_BARRIERS
        )
    )
