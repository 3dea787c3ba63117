"""Benchmark: People-it matching against bare networkx Hopcroft–Karp (issue 6).

Generates problems of N people (one capability each) and N needs with an average of
5-10 eligible helpers per need, in two structures: *clustered*, like a time bank
(``004_2ab9b3d444068e57.txt``: members offering help in categories, in their own area
or neighbouring ones, with consent, references and capacities), and *random* (a
random bipartite graph). In the same run it times:

* coprod's "most needs met" matching (the whole call: indexing, constraints,
  Hopcroft–Karp, explanations) against bare
  ``networkx.bipartite.hopcroft_karp_matching`` on the same graph (the eligible
  pairs, with each capability expanded into ``capacity`` slots; building that graph
  is not timed), and the ratio of the two;
* the "best matches among the most needs met" objective on the pure path
  (networkx network simplex) up to ``--pure-max`` people, and on the ``[fast]``
  path (SciPy) when it is installed;
* ``coprod match`` end to end (issue 10): the two CSV files read, matched, the
  Markdown report built and written, over ``match_needs`` alone (goal <= 3).

Each timing starts from a collected heap with the benchmark's own data frozen
(``gc.freeze()``); ``--no-gc-freeze`` leaves it in the collected heap.

Run: ``python benchmarks/bench_matching.py`` (default sizes 1000 5000 20000, both
structures; well under a minute). It prints sizes, times and ratios and never
asserts timings. Figures are recorded in ``docs/people.md``.
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from coprod.people import (
    Capability,
    MatchProblem,
    Need,
    Provider,
    eligible_capabilities,
    match_needs,
    scipy_available,
)

CATEGORIES = 20


def generate(n: int, seed: int) -> MatchProblem:
    """N people with one capability each and N needs; areas on a ring."""
    rng = random.Random(seed)
    areas = max(3, round(n / (3.4 * CATEGORIES)))
    providers = []
    capabilities = []
    for k in range(n):
        pid = f"m{k:06d}"
        providers.append(
            Provider(
                pid,
                references=rng.choice((0, 1, 2, 2, 3)),
                protection_check=rng.random() < 0.3,
                consent=rng.random() < 0.95,
            )
        )
        home = rng.randrange(areas)
        covers = [f"a{(home + d) % areas}" for d in (-1, 1) if rng.random() < 0.5]
        capabilities.append(
            Capability(
                f"c{k:06d}",
                pid,
                f"cat{rng.randrange(CATEGORIES)}",
                f"a{home}",
                level=rng.choice(("does-now", "does-now", "could-do")),
                also_covers=covers,
                anywhere=rng.random() < 0.002,
                availability=rng.sample(("weekdays", "evenings", "weekends"), rng.randint(0, 2)),
                capacity=rng.choice((1, 1, 1, 1, 1, 1, 1, 2, 2, 3)),
            )
        )
    needs = []
    for k in range(n):
        category = f"cat{rng.randrange(CATEGORIES)}"
        if rng.random() < 0.1:
            category += f"/sub{rng.randrange(3)}"
        needs.append(
            Need(
                f"n{k:06d}",
                f"m{rng.randrange(2 * n):06d}",
                category,
                f"a{rng.randrange(areas)}",
                verification=rng.choice(("none",) * 8 + ("references", "protection-check")),
                priority=rng.choice(("low", "normal", "normal", "high", "urgent")),
                when=rng.sample(("weekdays", "evenings", "weekends"), rng.randint(0, 1)),
            )
        )
    return MatchProblem(providers, capabilities, needs)


def generate_random(n: int, seed: int) -> MatchProblem:
    """A random bipartite graph: one category, each helper covering 7 random areas of N."""
    rng = random.Random(seed)
    providers = [
        Provider(f"m{k:06d}", references=rng.choice((0, 2, 3)), consent=rng.random() < 0.95)
        for k in range(n)
    ]
    capabilities = [
        Capability(
            f"c{k:06d}",
            f"m{k:06d}",
            "help",
            f"a{rng.randrange(n)}",
            also_covers=[f"a{rng.randrange(n)}" for _ in range(rng.randint(5, 8))],
            capacity=rng.choice((1, 1, 1, 2)),
        )
        for k in range(n)
    ]
    needs = [
        Need(
            f"n{k:06d}",
            f"r{k:06d}",
            "help",
            f"a{rng.randrange(n)}",
            verification=rng.choice(("none",) * 9 + ("references",)),
            priority=rng.choice(("low", "normal", "high", "urgent")),
        )
        for k in range(n)
    ]
    return MatchProblem(providers, capabilities, needs)


GENERATORS = {"clustered": generate, "random": generate_random}


def write_problem_csv(problem: MatchProblem, capabilities: str, needs: str) -> None:
    """Write ``problem`` as the two CSV files ``coprod match`` reads (docs/people.md)."""
    import csv

    providers = {p.id: p for p in problem.providers}

    def yes(flag: bool) -> str:
        return "yes" if flag else "no"

    def slots(values: frozenset[Any]) -> str:
        return ";".join(sorted(v.value for v in values)) or "any"

    with open(capabilities, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "capability_id", "provider_id", "provider_kind", "display_name", "category",
                "level", "willing_to_share", "area", "also_covers", "availability",
                "capacity", "references", "protection_check", "consent",
            ]
        )  # fmt: skip
        for c in problem.capabilities:
            p = providers[c.provider_id]
            covers = "*" if c.anywhere else ";".join(sorted(c.also_covers))
            writer.writerow(
                [
                    c.id, p.id, p.kind.value, f"Person {p.id}", c.category, c.level.value,
                    yes(c.willing_to_share), c.area, covers, slots(c.availability),
                    c.capacity, p.references, yes(p.protection_check), yes(p.consent),
                ]
            )  # fmt: skip
    with open(needs, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "need_id", "requester_id", "requester_name", "category", "area",
                "frequency", "verification", "priority", "when",
            ]
        )  # fmt: skip
        for n in problem.needs:
            writer.writerow(
                [
                    n.id, n.requester_id, f"Person {n.requester_id}", n.category, n.area,
                    n.frequency.value, n.verification.value, n.priority.value, slots(n.when),
                ]
            )  # fmt: skip


#: Freeze the heap before each timing (``--no-gc-freeze`` turns this off).
FREEZE = True


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Time one call, from a collected heap whose existing objects are frozen.

    ``gc.freeze()`` keeps the benchmark's own long-lived data (the generated
    records, the prebuilt networkx graph) out of the collections triggered during
    the timed call, so that each side pays for its own allocations only.
    """
    gc.collect()
    if FREEZE:
        gc.freeze()
    try:
        start = time.perf_counter()
        value = fn()
        return time.perf_counter() - start, value
    finally:
        if FREEZE:
            gc.unfreeze()


def bare_graph(problem: MatchProblem) -> tuple[Any, list[Any]]:
    """The slot-expanded eligible-pairs graph, as bare Hopcroft–Karp needs it."""
    import networkx as nx

    capacity = {c.id: c.capacity for c in problem.capabilities}
    graph = nx.Graph()
    top = [("n", n.id) for n in problem.needs]
    graph.add_nodes_from(top)
    for need_id, caps in eligible_capabilities(problem).items():
        graph.add_edges_from(
            (("n", need_id), ("s", c, s)) for c in caps for s in range(capacity[c])
        )
    return graph, top


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """The shortest of ``repeat`` timings of ``fn`` and the last value."""
    best, value = float("inf"), None
    for _ in range(repeat):
        t, value = timed(fn)
        best = min(best, t)
    return best, value


def measure(n: int, problem: MatchProblem, pure_max: int, repeat: int, fast: bool) -> str:
    """One row of the table."""
    import networkx as nx

    pairs = sum(len(v) for v in eligible_capabilities(problem).values())
    t_most, most = best_of(repeat, partial(match_needs, problem, objective="most"))
    graph, top = bare_graph(problem)
    slot_edges = graph.number_of_edges()
    t_bare, matching = best_of(
        repeat, partial(nx.bipartite.hopcroft_karp_matching, graph, top_nodes=top)
    )
    bare_size = len(matching) // 2
    del graph, top, matching  # nothing of the bare run stays alive for the next timings
    notes = []
    if bare_size != most.matched_count:  # pragma: no cover - would be a bug
        notes.append(f"!! sizes differ: coprod {most.matched_count}, networkx {bare_size}")
    best_pure = best_fast = "-"
    pure_total = None
    if n <= pure_max:
        t, result = timed(partial(match_needs, problem, objective="best", engine="pure"))
        best_pure, pure_total = f"{t:8.2f}s", result.total_score
    if fast:
        t, result = timed(partial(match_needs, problem, objective="best", engine="fast"))
        best_fast = f"{t:8.2f}s"
        if pure_total is not None and abs(result.total_score - pure_total) > 1e-6 * max(
            1.0, pure_total
        ):  # pragma: no cover - would be a bug
            notes.append(f"!! best totals differ: pure {pure_total}, fast {result.total_score}")
    row = (
        f"{n:>6}×{n:<6} {pairs:>8} {pairs / n:>5.1f} {slot_edges:>10} "
        f"{most.matched_count:>7} {t_most:>10.3f}s {t_bare:>7.3f}s {t_most / t_bare:>6.2f} "
        f"{best_pure:>9} {best_fast:>9}"
    )
    return "\n".join([row, *notes])


def cpu_best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """The least CPU time (``time.process_time``) of ``repeat`` calls of ``fn``, and its value.

    Like :func:`timed`, each call starts from a collected heap whose existing objects
    are frozen (unless ``--no-gc-freeze``): the benchmark's own data (the generated
    problem, the previous phase's output) stays out of the collections the call
    triggers, for every phase and for the matching alone alike.
    """
    best, value = float("inf"), None
    for _ in range(repeat):
        value = None  # the previous call's value is not part of this one's heap
        gc.collect()
        if FREEZE:
            gc.freeze()
        try:
            start = time.process_time()
            value = fn()
            best = min(best, time.process_time() - start)
        finally:
            if FREEZE:
                gc.unfreeze()
    return best, value


def end_to_end(n: int, problem: MatchProblem, repeat: int, objective: str) -> str:
    """One row: ``coprod match`` in process (CSV files to a written Markdown report).

    The pipeline is what ``coprod.cli.match.run`` does, without the interpreter's start
    and the argument parsing: read both CSVs, match, build the report, render it in the
    default format (markdown) and write it atomically. Each phase's best CPU time is
    summed and set against ``match_needs`` alone on the same problem, in the same run.
    """
    import tempfile
    from pathlib import Path

    import coprod
    from coprod.io.atomic import write_atomic
    from coprod.people import MatchReport, read_match_problem

    manager = coprod.make_plugin_manager(entry_points=False)
    exporter = manager.exporter("markdown", "match")
    with tempfile.TemporaryDirectory() as tmp:
        caps, needs, out = (str(Path(tmp, name)) for name in ("c.csv", "n.csv", "report.md"))
        write_problem_csv(problem, caps, needs)
        # CPU time (time.process_time), best of the repeats per phase: on a shared
        # machine, wall time measures the neighbours as much as the code.
        t_read, read = cpu_best_of(repeat, partial(read_match_problem, caps, needs))
        t_match, result = cpu_best_of(repeat, partial(match_needs, read, objective=objective))
        t_report, _ = cpu_best_of(
            repeat, lambda: write_atomic(out, exporter.render(MatchReport(result)))
        )
        t_alone, alone = cpu_best_of(repeat, partial(match_needs, problem, objective=objective))
    t_all = t_read + t_match + t_report
    check = "" if result.matched_count == alone.matched_count else "  !! needs met differ"
    return (
        f"{n:>6}×{n:<6} {objective:>9} {t_alone:>9.3f}s {t_all:>9.3f}s "
        f"{t_read:>7.3f}s {t_match:>7.3f}s {t_report:>7.3f}s "
        f"{t_all / t_alone:>6.2f}{check}"
    )


def run_end_to_end(sizes: list[int], seed: int, repeat: int, objectives: list[str]) -> None:
    """The end-to-end table: CSV to report over matching alone (issue 10: goal <= 3)."""
    print("coprod match end to end (CSV files -> markdown report), clustered structure")
    header = (
        f"{'people×needs':>13} {'objective':>9} {'matching':>10} {'end to end':>10} "
        f"{'read':>8} {'match':>8} {'report':>8} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    for n in sizes:
        problem = generate(n, seed)
        for objective in objectives:
            print(end_to_end(n, problem, repeat, objective))
            sys.stdout.flush()
    print(
        "ratio = end to end (read both CSVs, match, build, render and write the report: the "
        "sum of each phase's best CPU time) / match_needs alone on the same problem (best "
        "CPU time); goal <= 3."
    )


def run(sizes: list[int], seed: int, pure_max: int, repeat: int, structure: str) -> None:
    """Print the table for one problem structure."""
    import networkx as nx

    fast = scipy_available()
    print(
        f"python {platform.python_version()}, networkx {nx.__version__}, "
        f"SciPy {'installed' if fast else 'not installed'}; seed {seed}; "
        f"structure {structure}"
    )
    header = (
        f"{'people×needs':>13} {'pairs':>8} {'deg':>5} {'slot edges':>10} {'met':>7} "
        f"{'coprod most':>11} {'bare HK':>8} {'ratio':>6} {'best pure':>9} {'best fast':>9}"
    )
    print(header)
    print("-" * len(header))
    for n in sizes:
        print(measure(n, GENERATORS[structure](n, seed), pure_max, repeat, fast))
        sys.stdout.flush()
    print(
        "ratio = coprod most-needs-met (whole call) / bare networkx Hopcroft–Karp "
        "(matching only, graph prebuilt); lower is better."
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--pure-max",
        type=int,
        default=5000,
        help="largest size to run the pure best-matches path on (default 5000)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="take the best of this many runs")
    parser.add_argument(
        "--structure",
        choices=[*GENERATORS, "both"],
        default="both",
        help="clustered: time-bank-like categories and neighbouring areas; random: a "
        "random bipartite graph; both (default)",
    )
    parser.add_argument(
        "--no-gc-freeze",
        action="store_true",
        help="time with the benchmark's own data in the collected heap (noisier)",
    )
    parser.add_argument(
        "--end-to-end",
        nargs="*",
        choices=("most", "best"),
        default=["most", "best"],
        metavar="OBJECTIVE",
        help="objectives for the end-to-end table (CSV to report over matching alone); "
        "default: most best; none to skip",
    )
    parser.add_argument(
        "--quick", action="store_true", help="CI: 1000 only, one run, one structure"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat, args.structure = [1000], 1, "clustered"
    global FREEZE
    FREEZE = not args.no_gc_freeze
    for structure in GENERATORS if args.structure == "both" else [args.structure]:
        run(args.sizes, args.seed, args.pure_max, args.repeat, structure)
        print()
    run_end_to_end(args.sizes, args.seed, args.repeat, args.end_to_end)


if __name__ == "__main__":
    main()
