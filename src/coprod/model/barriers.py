"""The barrier taxonomy: what stops co-production taking root.

Sources: ``001_10471c76f715a525.txt`` ("Barriers to co-production": eleven barriers
that often arise) and ``002_ea409380ef17158f.txt`` (barriers documented by workshop
participants: complicated procedures, transport costs and geography, users' worries
about costs, social barriers, and financial austerity). The seeds list barriers
without grouping them; the categories here are coprod's, chosen so a barrier
profile reads as "what kind of problem is this".

The seed taxonomy itself is data (``coprod/data/catalogues/barriers.toml``), read by
:func:`coprod.catalogues.seed_barrier_taxonomy`.

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

__all__ = ["SEED_SOURCE", "Barrier", "BarrierCategory", "BarrierTaxonomy"]

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
