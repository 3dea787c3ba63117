"""Benchmark: the counting rules of citizen priority-setting, as ratios to greedy.

Generates an approval vote (seeded: the same instance every run) with V voters and
P projects, each voter approving 1-5 projects with a preference for popular ones,
and counts it with greedy by support (the baseline), greedy per cost, Equal Shares
alone and Equal Shares with the add1 completion (which reruns the rule once per
currency unit added to every voter's share). Prints the best of N runs of each and
its ratio to greedy. No assertions: run it, read it::

    python benchmarks/bench_priorities.py [--quick] [--voters 5000] [--projects 50]
        [--repeat 3] [--pb FILE.pb]

``--pb`` counts a real Pabulib file instead (e.g. ../shared/external-data/pabulib/
poland_wieliczka_2023.pb). ``--quick`` (CI) uses 500 voters, 15 projects, 1 repeat.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Sequence
from decimal import Decimal

from coprod.priorities import Ballot, Completion, Exercise, Project, Rule, VoteType, count
from coprod.priorities import equal_shares as mes


def generated(voters: int, projects: int) -> tuple[Exercise, list[Ballot]]:
    rng = random.Random(20261201)
    items = tuple(Project(f"p{i}", Decimal(rng.randrange(5, 200) * 1000)) for i in range(projects))
    weights = [1 / (i + 1) for i in range(projects)]
    ballots = []
    for v in range(voters):
        chosen = set(rng.choices(range(projects), weights=weights, k=rng.randint(1, 5)))
        ballots.append(Ballot(f"v{v}", "online", tuple(f"p{i}" for i in sorted(chosen))))
    budget = sum(p.cost for p in items) * Decimal("0.3")
    return Exercise("generated", VoteType.APPROVAL, budget.quantize(Decimal(1)), items), ballots


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--voters", type=int, default=5000)
    parser.add_argument("--projects", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pb", help="count this Pabulib file instead of a generated vote")
    args = parser.parse_args(argv)
    if args.quick:
        args.voters, args.projects, args.repeat = 500, 15, 1
    if args.pb:
        from coprod.io.pabulib import read_pb_exercise

        _pb, exercise, ballots = read_pb_exercise(args.pb)
        what = args.pb
    else:
        exercise, ballots = generated(args.voters, args.projects)
        what = f"generated: {args.voters} voters, {args.projects} projects"
    print(f"{what}; best of {args.repeat}")
    runs = {
        "greedy": lambda: count(exercise, ballots, Rule.GREEDY),
        "greedy-per-cost": lambda: count(exercise, ballots, Rule.GREEDY_PER_COST),
        "equal-shares (none)": lambda: mes(exercise, ballots, completion=Completion.NONE),
        "equal-shares (add1)": lambda: mes(exercise, ballots, completion=Completion.ADD1),
    }
    baseline = None
    for name, run in runs.items():
        seconds = best_of(args.repeat, run)
        baseline = baseline or seconds
        print(f"  {name:<22} {seconds * 1000:10.1f} ms   ×{seconds / baseline:8.1f} greedy")


if __name__ == "__main__":
    main()
