"""Hopcroft–Karp with capacities on the right-hand side, on plain integer lists.

Soundness. Give every right vertex ``r`` (a capability) ``cap[r]`` interchangeable
slots and the problem is an ordinary bipartite matching on the *slot-expanded*
graph, where every left vertex (a need) adjacent to ``r`` is adjacent to each of
its slots. This module runs Hopcroft–Karp on that expanded graph without building
it: a right vertex with a free slot is a free vertex, and a full one is left
through any of the left vertices that hold its slots. Two slots of one capability
are indistinguishable, so nothing is lost by not naming them. Equivalently it is
Dinic's algorithm on the unit network source → need → capability → sink with
capacities 1, 1 and ``cap[r]``.

The matching is maximum because the algorithm stops only when a breadth-first
search over the whole residual graph, from every free left vertex, finds no right
vertex with a free slot: then no augmenting path exists (Berge). Each phase
augments along shortest paths; augmenting never unmatches a left vertex, so a
greedy start in priority order keeps its needs met.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["maximum_b_matching"]

_UNSEEN = 1 << 60


def maximum_b_matching(
    adj: Sequence[Sequence[int]], cap: Sequence[int], order: Sequence[int]
) -> list[int]:
    """A maximum matching of left vertices to right vertices with capacities.

    ``adj[l]`` lists the right vertices left vertex ``l`` may take (in preference
    order), ``cap[r]`` is how many left vertices right vertex ``r`` may take, and
    ``order`` lists every left vertex in the order to try them. Returns ``mate``
    with ``mate[l]`` the right vertex of ``l``, or -1. Deterministic.
    """
    n_left = len(adj)
    mate = [-1] * n_left
    load = [0] * len(cap)
    holders: list[list[int]] = [[] for _ in cap]

    # Greedy start: most of a sparse matching is found here, in priority order.
    for left in order:
        for right in adj[left]:
            if load[right] < cap[right]:
                mate[left] = right
                load[right] += 1
                holders[right].append(left)
                break

    free = [left for left in order if mate[left] < 0 and adj[left]]
    while free:
        # Breadth-first layering from every free left vertex.
        dist = [_UNSEEN] * n_left
        for left in free:
            dist[left] = 0
        queue = list(free)
        found = _UNSEEN
        for left in queue:
            d = dist[left]
            if d > found:
                break
            own = mate[left]
            for right in adj[left]:
                if right == own:
                    continue
                if load[right] < cap[right]:
                    if d < found:
                        found = d
                elif d < found:
                    for other in holders[right]:
                        if dist[other] == _UNSEEN:
                            dist[other] = d + 1
                            queue.append(other)
        if found == _UNSEEN:
            break

        # Depth-first search for vertex-disjoint shortest augmenting paths.
        edge_at = [0] * n_left
        holder_at = [0] * n_left
        augmented = False
        for root in free:
            if mate[root] >= 0 or dist[root] != 0:
                continue
            if _augment(root, adj, cap, mate, load, holders, dist, edge_at, holder_at, found):
                augmented = True
        if not augmented:  # pragma: no cover - a layered graph with a free end always augments
            break
        free = [left for left in free if mate[left] < 0]
    return mate


def _augment(
    root: int,
    adj: Sequence[Sequence[int]],
    cap: Sequence[int],
    mate: list[int],
    load: list[int],
    holders: list[list[int]],
    dist: list[int],
    edge_at: list[int],
    holder_at: list[int],
    found: int,
) -> bool:
    """Find one augmenting path from ``root`` in the layered graph and apply it.

    Iterative depth-first search. ``edge_at`` and ``holder_at`` remember, per left
    vertex, how far its edges (and the holders of the current edge's right vertex)
    have been tried this phase, so each edge is looked at once per phase.
    """
    stack = [root]
    via: list[int] = []  # via[i]: the right vertex between stack[i] and stack[i + 1]
    while stack:
        left = stack[-1]
        d = dist[left]
        edges = adj[left]
        n_edges = len(edges)
        own = mate[left]
        e = edge_at[left]
        pushed = -1
        while e < n_edges:
            right = edges[e]
            if right != own:
                if load[right] < cap[right]:
                    edge_at[left] = e
                    _apply(stack, via, right, mate, load, holders, dist)
                    return True
                if d < found:
                    held = holders[right]
                    h = holder_at[left]
                    n_held = len(held)
                    next_layer = d + 1
                    while h < n_held:
                        other = held[h]
                        h += 1
                        if dist[other] == next_layer:
                            pushed = other
                            break
                    holder_at[left] = h
                    if pushed >= 0:
                        edge_at[left] = e
                        stack.append(pushed)
                        via.append(right)
                        break
            e += 1
            holder_at[left] = 0
        if pushed < 0:
            edge_at[left] = e
            dist[left] = _UNSEEN  # a dead end for the rest of this phase
            stack.pop()
            if via:
                via.pop()
    return False


def _apply(
    stack: list[int],
    via: list[int],
    end: int,
    mate: list[int],
    load: list[int],
    holders: list[list[int]],
    dist: list[int],
) -> None:
    """Shift every left vertex on the path one step along, ending at free ``end``."""
    holders[end].append(stack[-1])
    load[end] += 1
    for i in range(len(stack) - 1, 0, -1):
        # stack[i] leaves via[i-1] (it held a slot there) for its next vertex;
        # stack[i-1] takes over that slot.
        right = via[i - 1]
        held = holders[right]
        held[held.index(stack[i])] = stack[i - 1]
    for i, left in enumerate(stack):
        mate[left] = via[i] if i < len(via) else end
        dist[left] = _UNSEEN  # vertex-disjoint paths within a phase
