"""Benchmark: the engine's overhead over a plain loop applying the same rule functions.

Builds 100,000 initiatives and scores them with 10 rules

1. through the engine (``coprod.evaluate`` with a manager holding only these 10
   rules), and again in strict mode (which also checks that no rule changed the
   initiatives),
2. in a hand-written *checked* loop: for each rule, call its function on every
   initiative, catch what it raises and keep a value only if it is ``None`` or a
   finite number, else record a failure: the same rules and the same checks as the
   engine, the floor any correct engine pays,
3. in a bare loop: the same calls, values kept in a list, nothing checked, and
4. for reference, as a pluggy hook ``score(initiative)`` with 10 implementations,
   called once per initiative (the design coprod avoids).

It prints the best of N runs of each and both ratios of the engine: to the checked
loop (goal: at most 1.1) and to the bare loop. No assertions: run it, read it::

    python benchmarks/bench_engine.py [--quick] [--initiatives 100000] [--repeat 7]

``--quick`` (CI) uses 10,000 initiatives and 3 repeats.
"""

from __future__ import annotations

import argparse
import gc
import math
import random
import sys
import time
import types
from collections.abc import Callable, Sequence

import pluggy

import coprod
from coprod.builtin import priority
from coprod.plugins import BUILTIN_PLUGINS

Rule = Callable[[coprod.Initiative], "float | None"]

# -- the 10 rule functions ---------------------------------------------------------------
# Four are the built-in Priority Matrix rules' own functions; six do a little arithmetic
# on ratings, volunteer hours, resources and the Co's, as a researcher's rules might.

BUILTIN_FUNCTIONS: tuple[Rule, ...] = tuple(rule.score for rule in priority.priority_rules())


def hours_per_co(initiative: coprod.Initiative) -> float | None:
    hours = initiative.volunteer_hours
    return hours / len(initiative.cos) if hours else None


def community_share(initiative: coprod.Initiative) -> float | None:
    resources = initiative.resources
    if resources is None:
        return None
    total = resources.public_after + resources.community_after
    return resources.community_after / total if total else None


def public_saving(initiative: coprod.Initiative) -> float | None:
    resources = initiative.resources
    return None if resources is None else resources.public_before - resources.public_after


def quick_win_margin(initiative: coprod.Initiative) -> float | None:
    ratings = initiative.ratings
    if ratings is None:
        return None
    return (ratings.savings + ratings.outcomes - ratings.investment - ratings.risk) / 2.0


def breadth(initiative: coprod.Initiative) -> float:
    return len(initiative.cos) / 4.0


def barrier_load(initiative: coprod.Initiative) -> float:
    return float(len(initiative.barriers))


OWN_FUNCTIONS: tuple[Rule, ...] = (
    hours_per_co,
    community_share,
    public_saving,
    quick_win_margin,
    breadth,
    barrier_load,
)
FUNCTIONS: tuple[Rule, ...] = BUILTIN_FUNCTIONS + OWN_FUNCTIONS
assert len(FUNCTIONS) == 10


def _rule_name(function: Rule) -> str:
    return "bench." + function.__name__.strip("_").replace("_", "-")


def bench_plugin() -> types.ModuleType:
    """A plugin module registering the 10 functions as 10 scoring rules."""
    plugin = types.ModuleType("bench_rules")

    @coprod.hookimpl
    def register_scoring_rules(register: Callable[[coprod.ScoringRule], None]) -> None:
        for function in FUNCTIONS:
            name = _rule_name(function)
            register(coprod.ScoringRule(name=name, metric=name, score=function))

    plugin.register_scoring_rules = register_scoring_rules  # type: ignore[attr-defined]
    return plugin


# -- data --------------------------------------------------------------------------------


def build_assessment(n: int, seed: int = 20240501) -> coprod.Assessment:
    """``n`` varied initiatives over 20 services, built directly (no I/O)."""
    rng = random.Random(seed)
    cos = list(coprod.Co)
    barrier_ids = sorted(coprod.seed_barrier_taxonomy().ids)
    services = [coprod.Service(f"service-{k}", f"Service {k}") for k in range(20)]
    initiatives = []
    for k in range(n):
        rated = rng.random() < 0.8
        resourced = rng.random() < 0.5
        initiatives.append(
            coprod.Initiative(
                id=f"initiative-{k}",
                name=f"Initiative {k}",
                service=services[k % len(services)].id,
                cos=rng.sample(cos, rng.randint(1, 4)),
                ratings=coprod.PriorityRatings(
                    investment=rng.randint(1, 5),
                    risk=rng.randint(1, 5),
                    savings=rng.randint(1, 5),
                    outcomes=rng.randint(1, 5),
                )
                if rated
                else None,
                resources=coprod.ResourceInputs(
                    public_before=rng.randint(0, 100_000),
                    public_after=rng.randint(0, 100_000),
                    community_before=rng.randint(0, 50_000),
                    community_after=rng.randint(0, 50_000),
                )
                if resourced
                else None,
                barriers=rng.sample(barrier_ids, rng.randint(0, 3)),
                volunteer_hours=float(rng.choice((0, 0, rng.randint(1, 20_000)))),
            )
        )
    return coprod.Assessment(
        organisation=coprod.Organisation(name="Benchmark Council"),
        services=services,
        initiatives=initiatives,
    )


# -- the three ways of scoring -----------------------------------------------------------


def plain_loop(initiatives: Sequence[coprod.Initiative]) -> list[list[float | None]]:
    """The bare baseline: each rule over every initiative, values kept in a list per rule."""
    columns = []
    for function in FUNCTIONS:
        columns.append([function(initiative) for initiative in initiatives])
    return columns


def checked_loop(
    initiatives: Sequence[coprod.Initiative],
) -> tuple[list[list[float | None]], list[tuple[int, int, str]]]:
    """The fair baseline: the same calls with the engine's checks, written by hand.

    A rule that raises fails on that initiative; a value counts only if it is
    ``None`` or a finite real number (an int too large for a float is a failure).
    """
    columns: list[list[float | None]] = []
    failures: list[tuple[int, int, str]] = []
    for r, function in enumerate(FUNCTIONS):
        column: list[float | None] = []
        append = column.append
        for k, initiative in enumerate(initiatives):
            try:
                value = function(initiative)
            except Exception as error:
                failures.append((r, k, f"raised {type(error).__name__}: {error}"))
                append(None)
                continue
            if value is not None:
                try:
                    ok = type(value) in (float, int, bool) and math.isfinite(value)
                except OverflowError:
                    ok = False
                if not ok:
                    failures.append((r, k, f"returned {value!r}"))
                    value = None
            append(value)
        columns.append(column)
    return columns, failures


def pluggy_dispatch_manager() -> pluggy.PluginManager:
    """A pluggy hook ``score(initiative)`` with one implementation per rule function."""
    spec = pluggy.HookspecMarker("bench")
    impl = pluggy.HookimplMarker("bench")

    class Spec:
        @spec
        def score(self, initiative: coprod.Initiative) -> float | None:  # pragma: no cover
            """Score one initiative."""

    pm = pluggy.PluginManager("bench")
    pm.add_hookspecs(Spec)
    for function in FUNCTIONS:
        holder = types.SimpleNamespace(score=impl(function_as_hook(function)))
        pm.register(holder, name=function.__name__)
    return pm


def function_as_hook(function: Rule) -> Callable[..., float | None]:
    """A copy of ``function`` (same code, no extra call layer) that pluggy may mark.

    The closure is copied too: the built-in Priority Matrix rules are closures.
    """
    return types.FunctionType(
        function.__code__,  # type: ignore[attr-defined]
        function.__globals__,  # type: ignore[attr-defined]
        "score",
        function.__defaults__,  # type: ignore[attr-defined]
        function.__closure__,  # type: ignore[attr-defined]
    )


def pluggy_loop(
    pm: pluggy.PluginManager, initiatives: Sequence[coprod.Initiative]
) -> list[list[float | None]]:
    hook = pm.hook.score
    return [hook(initiative=initiative) for initiative in initiatives]


def best_of(repeat: int, runs: dict[str, Callable[[], object]]) -> dict[str, float]:
    """The best time of each run over ``repeat`` rounds, the runs interleaved in each round
    so that a change in the machine's load affects them all alike."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for name, run in runs.items():
            gc.collect()
            start = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 initiatives, 3 repeats")
    parser.add_argument("--initiatives", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=None)
    args = parser.parse_args(argv)
    if args.initiatives is None:
        args.initiatives = 10_000 if args.quick else 100_000
    if args.repeat is None:
        args.repeat = 3 if args.quick else 7

    start = time.perf_counter()
    assessment = build_assessment(args.initiatives)
    built = time.perf_counter() - start
    initiatives = assessment.initiatives
    # Every built-in that registers rules, classifications or checks is blocked, so
    # the engine runs the benchmark's ten rules and nothing else (exporters and
    # barriers register nothing the engine runs).
    blocked = [
        name
        for name in BUILTIN_PLUGINS
        if not name.startswith("coprod.builtin.export_") and name != "coprod.builtin.barriers"
    ]
    manager = coprod.make_plugin_manager(
        entry_points=False, plugins=[bench_plugin()], blocked=blocked
    )
    assert len(manager.scoring_rules) == 10, manager.scoring_rules
    assert not manager.classifications and not manager.maturity_checks
    pm = pluggy_dispatch_manager()

    # Same answers from all three, before timing anything.
    evaluation = coprod.evaluate(assessment, manager)
    baseline = plain_loop(initiatives)
    assert [list(column) for column in evaluation.columns] == baseline
    assert checked_loop(initiatives) == (baseline, [])
    # pluggy leaves out None results, and orders results last-registered-first.
    by_hook = pluggy_loop(pm, initiatives[:100])
    for k, results in enumerate(by_hook):
        expected = [column[k] for column in baseline if column[k] is not None]
        assert sorted(results) == sorted(expected)

    times = best_of(
        args.repeat,
        {
            "bare": lambda: plain_loop(initiatives),
            "checked": lambda: checked_loop(initiatives),
            "engine": lambda: coprod.evaluate(assessment, manager),
            "strict": lambda: coprod.evaluate(assessment, manager, strict=True),
        },
    )
    plain, checked, engine, strict = (times[k] for k in ("bare", "checked", "engine", "strict"))
    hooks = best_of(max(3, args.repeat // 2), {"hooks": lambda: pluggy_loop(pm, initiatives)})[
        "hooks"
    ]

    n = len(initiatives)
    python = sys.version.split()[0]
    print(f"coprod {coprod.__version__}, Python {python}, pluggy {pluggy.__version__}")
    print(f"{n:,} initiatives built in {built:.2f} s; 10 rules; best of {args.repeat} runs")
    print(f"{'':32s}{'time':>8s}     {'/checked':>8s} {'/bare':>6s}")
    rows = (
        ("bare loop (no checks)", plain, ""),
        ("checked loop (same checks)", checked, ""),
        ("coprod.evaluate", engine, "(goal <= 1.10x the checked loop)"),
        ("coprod.evaluate, strict", strict, "(+ mutation check)"),
        ("pluggy hook per initiative", hooks, "(the design coprod avoids)"),
    )
    for label, seconds, note in rows:
        print(
            f"{label:32s}{seconds * 1000:8.1f} ms  {seconds / checked:7.2f}x "
            f"{seconds / plain:5.2f}x  {note}".rstrip()
        )
    print(f"engine/checked-loop ratio: {engine / checked:.3f}")
    print(f"engine/bare-loop ratio: {engine / plain:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
