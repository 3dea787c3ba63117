"""Best matches among the most needs met, for one connected component.

Both solvers receive a component with local indices: ``adj[i]`` lists the
capabilities need ``i`` may take, ``units[i]`` the integer scores of those pairs
(aligned with ``adj[i]``), ``cap[j]`` the capacity of capability ``j``, and ``m``
the maximum number of needs that can be met (from Hopcroft–Karp). Both return
``mate`` (capability of each need, or -1) meeting exactly ``m`` needs with the
largest total of units. networkx and SciPy are imported here, lazily.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["FLOAT_EXACT", "solve_network_simplex", "solve_scipy"]

#: Integers up to this size are exact in a float64; larger fast-path costs fall back.
FLOAT_EXACT = 2**52


def solve_network_simplex(
    adj: Sequence[Sequence[int]], units: Sequence[Sequence[int]], cap: Sequence[int], m: int
) -> list[int]:
    """Min-cost flow of value ``m`` (networkx network simplex), integer costs.

    Network: source → need (capacity 1, cost 0) → capability (capacity 1, cost
    ``top - units``) → sink (capacity ``cap``, cost 0), with the source supplying
    and the sink demanding exactly ``m`` units of flow. Every flow of value ``m``
    is a matching meeting ``m`` needs, and its cost is ``m * top - total units``,
    so the cheapest one has the largest total score. Costs are non-negative
    integers, so network simplex is exact.
    """
    import networkx as nx

    n, k = len(adj), len(cap)
    source, sink = n + k, n + k + 1
    top = max((u for row in units for u in row), default=0)
    graph = nx.DiGraph()
    graph.add_node(source, demand=-m)
    graph.add_node(sink, demand=m)
    graph.add_nodes_from(range(n + k))
    graph.add_edges_from((source, i, {"capacity": 1, "weight": 0}) for i in range(n))
    for i, row in enumerate(adj):
        graph.add_edges_from(
            (i, n + j, {"capacity": 1, "weight": top - u})
            for j, u in zip(row, units[i], strict=True)
        )
    degree = [0] * k
    for row in adj:
        for j in row:
            degree[j] += 1
    graph.add_edges_from(
        (n + j, sink, {"capacity": min(cap[j], degree[j]), "weight": 0}) for j in range(k)
    )
    _cost, flow = nx.network_simplex(graph)
    mate = [-1] * n
    for i in range(n):
        for node, amount in flow[i].items():
            if amount:
                mate[i] = node - n
    return mate


def solve_scipy(
    adj: Sequence[Sequence[int]], units: Sequence[Sequence[int]], cap: Sequence[int], m: int
) -> list[int] | None:
    """SciPy's sparse LAPJVsp matcher on the slot-expanded graph, padded with dummies.

    Rows are needs; columns are capability slots (``min(cap, degree)`` per
    capability) plus one dummy column per need, reachable from that need only, so
    every row can always be matched and problems without a perfect matching still
    solve. A real pair costs ``top - units + 1`` (1 to ``spread + 1``), a dummy
    ``n * (spread + 1) + 1``: one more real match always outweighs any difference in
    scores, so the minimum-cost full matching meets the most needs and, among
    those, scores best. Returns None when the costs would not be exact in float64,
    or when the solver's count differs from ``m`` (the caller then falls back).
    Never uses the dense ``minimum_weight_full_matching``.
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    n, k = len(adj), len(cap)
    flat = [u for row in units for u in row]
    if not flat:
        return [-1] * n
    top, bottom = max(flat), min(flat)
    spread = top - bottom
    dummy = n * (spread + 1) + 1
    if dummy * (n + 1) >= FLOAT_EXACT:
        return None
    degree = [0] * k
    for row in adj:
        for j in row:
            degree[j] += 1
    first_slot = [0] * (k + 1)
    for j in range(k):
        first_slot[j + 1] = first_slot[j] + min(cap[j], degree[j])
    n_slots = first_slot[k]
    slot_owner = [0] * n_slots
    for j in range(k):
        for s in range(first_slot[j], first_slot[j + 1]):
            slot_owner[s] = j
    rows: list[int] = []
    cols: list[int] = []
    costs: list[float] = []
    for i, row in enumerate(adj):
        for j, u in zip(row, units[i], strict=True):
            cost = top - u + 1
            for s in range(first_slot[j], first_slot[j + 1]):
                rows.append(i)
                cols.append(s)
                costs.append(float(cost))
        rows.append(i)
        cols.append(n_slots + i)
        costs.append(float(dummy))
    # Plain lists: numpy comes with SciPy, and coprod never imports it directly.
    matrix = csr_matrix((costs, (rows, cols)), shape=(n, n_slots + n))
    row_ind, col_ind = min_weight_full_bipartite_matching(matrix)
    mate = [-1] * n
    for i, s in zip(row_ind.tolist(), col_ind.tolist(), strict=True):
        if s < n_slots:
            mate[i] = slot_owner[s]
    if sum(1 for j in mate if j >= 0) != m:  # pragma: no cover - defensive
        return None
    return mate
