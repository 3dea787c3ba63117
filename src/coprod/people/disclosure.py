"""Small-count suppression that cannot be undone by arithmetic (statistical disclosure control).

Counts of people are published with their totals: needs = matched + unmatched in
each category and area, the column totals, the overall summary, and the unmatched
needs by reason adding up to the unmatched total. Hiding a small count alone
(primary suppression) is not enough: "<5 of 7 needs met (5 unmatched)" gives the
hidden 2 away by subtraction. Statistical offices therefore also hide other cells
(*complementary* or secondary suppression) until no hidden cell follows from what
is shown (the UK Office for National Statistics' practice for tables of counts; the
tools sdcMicro and τ-ARGUS implement it).

The rule applied here, for any table given as cells and the linear relations
between them (each a sum that is zero, e.g. ``matched + unmatched − needs = 0``):

1. every count from 1 to ``threshold − 1`` is hidden (primary suppression);
2. while some hidden cell's value is *determined* by the shown cells and the
   relations (it is one value in every solution of the relations), one more cell
   is hidden in the relation that holds it with the fewest hidden cells: the
   smallest non-zero shown cell of that relation (ties: the first), else a shown
   zero.

"Determined" is decided exactly, in rational arithmetic: the hidden cell ``x`` is
determined when the unit vector of ``x`` lies in the row space of the relations
restricted to hidden cells (reduced row echelon form: ``x`` is a pivot whose row
has no free variable). A hidden cell that is not determined can take other values
consistent with everything shown; the tests check also that no bounds argument
(counts are whole numbers and never negative) pins it to one value.

Pure: no I/O; cells are indexed ``0 … n−1``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

__all__ = ["Relation", "determined_cells", "protect"]

#: A linear relation: ``Σ coefficient × cell == 0`` over (cell index, coefficient) pairs.
Relation = Sequence[tuple[int, int]]

#: Exact numbers of the elimination: ints while they stay whole (tables of counts and
#: their totals keep every entry 0 or ±1), fractions when a division needs them.
Number = int | Fraction


def _divide(value: Number, scale: Number) -> Number:
    if scale == 1:
        return value
    if scale == -1:
        return -value
    return Fraction(value) / scale


def determined_cells(hidden: Iterable[int], relations: Sequence[Relation]) -> frozenset[int]:
    """The hidden cells whose value follows from the shown ones and the relations."""
    hidden_set = frozenset(hidden)
    pivots: dict[int, dict[int, Number]] = {}  # pivot cell → its (fully reduced) row
    holders: dict[int, set[int]] = {}  # cell → pivots whose row holds it (not as pivot)
    for relation in relations:
        row: dict[int, Number] = {}
        for cell, coefficient in relation:
            if cell in hidden_set and coefficient:
                row[cell] = row.get(cell, 0) + coefficient
        if not all(row.values()):  # a cell listed twice whose coefficients cancel
            row = {cell: value for cell, value in row.items() if value}
        # Reduce by the pivots found so far (their rows hold no other pivot).
        for cell in [c for c in row if c in pivots]:
            factor = row.pop(cell, None)
            if not factor:
                continue
            for other, value in pivots[cell].items():
                if other == cell:
                    continue
                updated = row.get(other, 0) - factor * value
                if updated:
                    row[other] = updated
                else:
                    row.pop(other, None)
        if not row:
            continue
        pivot = min(row)
        scale = row[pivot]
        if scale == -1:
            row = {cell: -value for cell, value in row.items()}
        elif scale != 1:
            row = {cell: _divide(value, scale) for cell, value in row.items()}
        # Keep every stored row free of the new pivot (reduced row echelon form).
        for holder in list(holders.pop(pivot, ())):
            stored = pivots[holder]
            factor = stored.pop(pivot)
            for other, value in row.items():
                if other == pivot:
                    continue
                updated = stored.get(other, 0) - factor * value
                if updated:
                    if other not in stored:
                        holders.setdefault(other, set()).add(holder)
                    stored[other] = updated
                else:
                    stored.pop(other, None)
                    holders.get(other, set()).discard(holder)
        pivots[pivot] = row
        for other in row:
            if other != pivot:
                holders.setdefault(other, set()).add(pivot)
    # A pivot row with no other cell says "x = (shown values)": x is determined.
    return frozenset(pivot for pivot, row in pivots.items() if len(row) == 1)


def protect(
    values: Sequence[int], relations: Sequence[Relation], *, threshold: int
) -> frozenset[int]:
    """The cells to hide: small counts, and enough others that none can be worked out.

    ``values`` are the true counts; ``relations`` the sums that hold between them
    and are known to readers (see the module docstring for the rule). Returns the
    indices of the cells to hide; every other cell is shown.
    """
    if threshold < 1:
        raise ValueError(f"threshold must be at least 1, got {threshold}")
    hidden = {i for i, value in enumerate(values) if 0 < value < threshold}
    if not hidden:
        return frozenset()
    # Each relation's cells (non-zero coefficients, as listed), the relations of each
    # cell (once per listing), and how many of a relation's listed cells are hidden:
    # kept up to date as cells are hidden, so that a round of direct complements
    # looks at the relations with one hidden cell only.
    members = [[cell for cell, coefficient in relation if coefficient] for relation in relations]
    membership: dict[int, list[int]] = {}
    for index, cells in enumerate(members):
        for cell in cells:
            membership.setdefault(cell, []).append(index)
    counts = [0] * len(relations)

    def hide(cells: Iterable[int]) -> None:
        for cell in cells:
            for index in membership.get(cell, ()):
                counts[index] += 1

    hide(hidden)
    while True:
        # Relations with a single hidden cell give it away directly: protect them
        # all in one round (large tables need few rounds), then look again.
        direct = _direct_complements(hidden, values, members, counts)
        if direct:
            hide(direct - hidden)
            hidden |= direct
            continue
        exposed = determined_cells(hidden, relations)
        if not exposed:
            return frozenset(hidden)
        partner = _complement(exposed, hidden, values, relations, membership)
        if partner is None:
            # Nothing left to hide in any relation of an exposed cell (it cannot
            # happen for tables with totals, whose relations always hold a shown
            # total until it is hidden too): stop rather than loop.
            return frozenset(hidden)
        hide((partner,))
        hidden.add(partner)


def _best_shown(members: Sequence[int], hidden: set[int], values: Sequence[int]) -> int | None:
    shown = [c for c in members if c not in hidden]
    if not shown:
        return None
    # Zeros last: hiding a zero protects little (it can only grow).
    return min(shown, key=lambda c: (values[c] == 0, values[c], c))


def _direct_complements(
    hidden: set[int], values: Sequence[int], members: Sequence[list[int]], counts: list[int]
) -> set[int]:
    """For each relation holding exactly one hidden cell, its best shown cell to hide.

    ``counts[i]`` is how many of the cells listed in ``members[i]`` are hidden.
    """
    chosen: set[int] = set()
    for index, count in enumerate(counts):
        if count == 1:
            partner = _best_shown(members[index], hidden, values)
            if partner is not None:
                chosen.add(partner)
    return chosen


def _complement(
    exposed: frozenset[int],
    hidden: set[int],
    values: Sequence[int],
    relations: Sequence[Relation],
    membership: dict[int, list[int]],
) -> int | None:
    """The shown cell to hide next.

    Among the relations that hold an exposed cell, the one with the fewest hidden
    cells (where a hidden cell is most exposed: alone, it is the shown total minus
    the shown rest); in it, the smallest non-zero shown cell, else a shown zero.
    Ties go to the first relation and the first cell, so the result is the same
    every time.
    """
    best: tuple[int, int, int, int] | None = None
    seen: set[int] = set()
    for cell in sorted(exposed):
        for index in membership.get(cell, ()):
            if index in seen:
                continue
            seen.add(index)
            members = [c for c, k in relations[index] if k]
            shown = [c for c in members if c not in hidden]
            if not shown:
                continue
            crowd = len(members) - len(shown)
            for candidate in shown:
                # Zeros last: hiding a zero protects little (it can only grow).
                key = (crowd, values[candidate] == 0, values[candidate], candidate)
                if best is None or key < best:
                    best = key
    return None if best is None else best[3]
