"""Benchmark: loading, evaluating and exporting reports for 1k, 10k and 100k initiatives.

For each size N it generates one assessment document as plain data (what a TOML or
JSON file parses to: 12 services, N initiatives with ratings, resources, barriers
from the seed taxonomy and volunteer hours, 30 Explorer cells, 20 stakeholders and
25 relationships) and times, in the same run, the best of a few repeats of:

(a) bare cattrs: ``cattrs.Converter().structure(records, list[Initiative])`` on the
    same initiative records, with a default converter (no strictness, no paths, no
    integrity checks). A default converter cannot structure the involvement union
    ``Level | int | None``, so it gets one pass-through hook for it, nothing else;
(b) ``coprod.load_assessment(document)`` + ``coprod.evaluate(assessment, manager)``:
    the strict loader with every check, then every built-in rule and check (the
    manager is built once, outside the timing), each part also shown alone;
(c) ``coprod.build_report`` + the ``json`` exporter's ``render``;
(d) the ``html`` exporter's ``render`` of the same report, if it is registered.

It prints a table of times and the ratios the design watches:

- (b)/(a) per N: the cost of strictness and evaluation over bare structuring
  (goal <= 1.3);
- each exporter's time per initiative at 100k over 1k (linear: about 1);
- HTML/JSON render time at 10k (goal <= 2);
- each assessment exporter (json, html, markdown, csv, summary) at 20k initiatives
  (``--quick``: 2k) as a ratio to ``json.dumps`` of the same initiatives' plain data
  (``attrs.asdict``), with tracemalloc's peak memory (issue 10: goal <= 3).

No assertions: run it, read it. ``--quick`` skips 100k::

    python benchmarks/bench_report.py [--quick] [--sizes 1000 10000] [--profile 10000]

``--profile N`` runs cProfile over (b) at size N and prints the top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import enum
import gc
import importlib.metadata
import io
import json
import pstats
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import cattrs

import coprod
from coprod.model.service_model import Level

SIZES = (1_000, 10_000, 100_000)
REPEATS = {1_000: 7, 10_000: 5, 100_000: 2}

COS = [co.value for co in coprod.Co]
EXTENTS = [extent.value for extent in coprod.Extent]
ACTORS = [actor.value for actor in coprod.Actor]
SECTORS = [sector.value for sector in coprod.Sector]


def make_document(n: int, *, seed: int = 2024) -> dict[str, Any]:
    """An assessment document with ``n`` initiatives, as plain data (deterministic)."""
    rng = random.Random(seed)
    barrier_ids = sorted(coprod.seed_barrier_taxonomy().ids)
    services = [
        {
            "id": f"service-{s:02d}",
            "name": f"Service {s}",
            "description": "A service of the council.",
            "sector": SECTORS[s % len(SECTORS)],
        }
        for s in range(12)
    ]
    initiatives = []
    for k in range(n):
        record: dict[str, Any] = {
            "id": f"initiative-{k:06d}",
            "name": f"Initiative {k} <with & markup>",
            "service": services[rng.randrange(len(services))]["id"],
            "cos": rng.sample(COS, rng.randint(1, 3)),
            "status": rng.choice(["existing", "existing", "potential"]),
            "user_involvement": rng.choice([0, 1, 2, 3, 4, "low", "high"]),
            "professional_involvement": rng.choice([1, 2, 3, 4, "high"]),
            "barriers": rng.sample(barrier_ids, rng.randint(0, 3)),
            "volunteer_hours": float(rng.randrange(0, 5000)),
            "description": "Citizens and staff doing it together.",
        }
        if rng.random() < 0.8:
            record["ratings"] = {
                key: rng.randint(1, 5) for key in ("investment", "risk", "savings", "outcomes")
            }
        if rng.random() < 0.6:
            record["resources"] = {
                "public_before": float(rng.randrange(0, 1000)),
                "public_after": float(rng.randrange(0, 1000)),
                "community_before": float(rng.randrange(0, 200)),
                "community_after": float(rng.randrange(0, 400)),
            }
        initiatives.append(record)
    cells = rng.sample([(s["id"], co) for s in services for co in COS], 30)
    explorer = []
    for service, co in cells:
        extent = rng.choice(EXTENTS)
        actors = [] if extent == "none" else rng.sample(ACTORS, rng.randint(1, 3))
        explorer.append({"service": service, "co": co, "extent": extent, "actors": actors})
    stakeholders = [
        {
            "id": f"stakeholder-{p:02d}",
            "name": f"Stakeholder {p}",
            "power": rng.choice(["low", "high"]),
            "interest": rng.choice(["low", "high"]),
            "stance": rng.choice(["supportive", "neutral", "opposed"]),
        }
        for p in range(20)
    ]
    pairs = [(a, b) for a in range(20) for b in range(a + 1, 20)]
    relationships = [
        {"source": stakeholders[a]["id"], "target": stakeholders[b]["id"]}
        for a, b in rng.sample(pairs, 25)
    ]
    return {
        "organisation": {"name": "Benchmark Borough Council"},
        "services": services,
        "initiatives": initiatives,
        "explorer": explorer,
        "stakeholders": stakeholders,
        "relationships": relationships,
    }


def bare_converter() -> cattrs.Converter:
    """A default cattrs converter that can structure :class:`coprod.Initiative`."""
    for cls in (coprod.Initiative, coprod.PriorityRatings, coprod.ResourceInputs):
        attrs.resolve_types(cls)
    converter = cattrs.Converter()
    involvement = attrs.fields(coprod.Initiative).user_involvement.type

    def structure_involvement(value: object, _type: object) -> object:
        return Level(value) if isinstance(value, str) else value

    converter.register_structure_hook(involvement, structure_involvement)
    return converter


def best_of(repeats: int, run: Callable[[], Any]) -> tuple[float, Any]:
    """The best wall time of ``repeats`` runs of ``run``, and its last result."""
    best = float("inf")
    result = None
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


@attrs.frozen
class Timing:
    n: int
    structure: float
    load: float
    evaluate: float
    build: float
    json: float
    html: float | None
    json_bytes: int
    html_bytes: int | None

    @property
    def load_evaluate(self) -> float:
        return self.load + self.evaluate


def measure(n: int, manager: coprod.PluginManager, repeats: int) -> Timing:
    document = make_document(n)
    records = document["initiatives"]
    converter = bare_converter()
    target = list[coprod.Initiative]
    structure, structured = best_of(repeats, lambda: converter.structure(records, target))
    assert len(structured) == n
    load, assessment = best_of(repeats, lambda: coprod.load_assessment(document))
    evaluate, evaluation = best_of(repeats, lambda: coprod.evaluate(assessment, manager))
    build, report = best_of(
        repeats, lambda: coprod.build_report(assessment, evaluation, barriers=manager.barriers)
    )
    # Keep only the sizes of what the exporters render: at 100k the JSON is ~300 MB.
    json_exporter = manager.exporter("json")
    json_time, json_size = best_of(repeats, lambda: len(json_exporter.render(report)))
    html_time = html_size = None
    if "html" in manager.exporters:
        html_exporter = manager.exporter("html")
        html_time, html_size = best_of(repeats, lambda: len(html_exporter.render(report)))
    return Timing(
        n=n,
        structure=structure,
        load=load,
        evaluate=evaluate,
        build=build,
        json=json_time,
        html=html_time,
        json_bytes=json_size,
        html_bytes=html_size,
    )


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:10.1f}"


def report(timings: list[Timing]) -> None:
    print()
    print("times in ms, best of repeats")
    header = (
        f"{'N':>8} {'(a) cattrs':>10} {'load':>10} {'evaluate':>10} {'(b) l+e':>10} "
        f"{'build':>10} {'json':>10} {'(c) b+j':>10} {'(d) html':>10} {'(b)/(a)':>8}"
    )
    print(header)
    print("-" * len(header))
    for t in timings:
        print(
            f"{t.n:>8} {_ms(t.structure)} {_ms(t.load)} {_ms(t.evaluate)} "
            f"{_ms(t.load_evaluate)} {_ms(t.build)} {_ms(t.json)} {_ms(t.build + t.json)} "
            f"{_ms(t.html)} {t.load_evaluate / t.structure:8.2f}"
        )
    print()
    print("(b)/(a), load + evaluate over bare cattrs structuring (goal <= 1.3):")
    for t in timings:
        print(
            f"  N={t.n:>7}: {t.load_evaluate / t.structure:.2f} "
            f"(load alone {t.load / t.structure:.2f}, evaluate alone "
            f"{t.evaluate / t.structure:.2f})"
        )
    first, last = timings[0], timings[-1]
    if last.n > first.n:
        print()
        print(f"linearity, time per initiative at N={last.n} over N={first.n} (linear: ~1.0):")
        for name in ("structure", "load", "evaluate", "build", "json", "html"):
            a, b = getattr(first, name), getattr(last, name)
            if a is None or b is None:
                continue
            per_first, per_last = a / first.n, b / last.n
            print(
                f"  {name:<9} {per_first * 1e6:8.2f} us -> {per_last * 1e6:8.2f} us per "
                f"initiative: {per_last / per_first:.2f}"
            )
    print()
    for t in timings:
        if t.n == 10_000 or (t is last and not any(x.n == 10_000 for x in timings)):
            if t.html is None:
                print(f"HTML/JSON at N={t.n}: html exporter not registered")
            else:
                print(
                    f"HTML/JSON render time at N={t.n} (goal <= 2): {t.html / t.json:.2f} "
                    f"(sizes: json {t.json_bytes / 1e6:.1f} MB, html "
                    f"{(t.html_bytes or 0) / 1e6:.1f} MB)"
                )


def _plain(_instance: object, _field: object, value: object) -> object:
    """attrs.asdict's value serializer: enums as their values, sets as sorted lists."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return value


def _peak(run: Callable[[], Any]) -> int:
    """Peak traced memory (bytes) allocated while ``run`` runs (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def cpu_best_of(repeats: int, run: Callable[[], Any]) -> tuple[float, Any]:
    """The least CPU time (``time.process_time``) of ``repeats`` runs, and the last result.

    CPU rather than wall time: on a shared machine wall time measures the neighbours.
    """
    best = float("inf")
    result = None
    for _ in range(repeats):
        gc.collect()
        start = time.process_time()
        result = run()
        best = min(best, time.process_time() - start)
    return best, result


def exporter_ratios(n: int, manager: coprod.PluginManager, repeats: int) -> None:
    """Each assessment exporter against ``json.dumps`` of the initiatives' plain data (issue 10).

    The baseline is ``json.dumps([attrs.asdict(i) for i in initiatives])`` (enums as
    values, sets as lists), timed in the same run; each exporter is timed rendering the
    same report (built once, outside the timing) the way the command line writes it:
    through ``Exporter.write`` into a file when the exporter streams, else ``render``
    then the write (best CPU time of the repeats, after one untimed run: with
    ``--quick``'s single repeat the first would time importing Jinja2 and compiling the
    template). Peak memory is tracemalloc's, in separate untimed runs. Goal: every
    exporter <= 3x the baseline; streaming exporters' peak should not grow with N.
    """
    document = make_document(n)
    assessment = coprod.load_assessment(document)
    evaluation = coprod.evaluate(assessment, manager)
    report_value = coprod.build_report(assessment, evaluation, barriers=manager.barriers)
    initiatives = assessment.initiatives

    def baseline() -> int:
        plain = [attrs.asdict(i, value_serializer=_plain) for i in initiatives]
        return len(json.dumps(plain))

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp, "report")

        def exporting(name: str) -> Callable[[], Any]:
            exporter = manager.exporter(name)
            write = getattr(exporter, "write", None)
            if write is not None:

                def streamed() -> None:
                    with open(target, "w", encoding="utf-8", newline="") as handle:
                        write(report_value, handle)

                return streamed
            return lambda: target.write_bytes(
                text.encode("utf-8")
                if isinstance(text := exporter.render(report_value), str)
                else text
            )

        base, size = cpu_best_of(repeats, baseline)
        base_peak = _peak(baseline)
        print()
        print(
            f"exporters at N={n} against json.dumps of the initiatives' plain data "
            f"(attrs.asdict): {base * 1000:.0f} ms, {size / 1e6:.1f} MB, peak "
            f"{base_peak / 1e6:.0f} MB (goal: every exporter <= 3x)"
        )
        print(f"{'format':>10} {'ms':>9} {'ratio':>7} {'MB out':>8} {'peak MB':>8} {'streams':>8}")
        for name in ("json", "html", "markdown", "csv", "summary"):
            if name not in manager.exporters:
                print(f"{name:>10} not registered")
                continue
            run = exporting(name)
            run()  # untimed: imports and template compilation are paid once a process
            took, _ = cpu_best_of(repeats, run)
            out = target.stat().st_size
            peak = _peak(run)
            streams = getattr(manager.exporter(name), "write", None) is not None
            print(
                f"{name:>10} {took * 1000:9.0f} {took / base:7.2f} {out / 1e6:8.1f} "
                f"{peak / 1e6:8.1f} {'yes' if streams else 'no':>8}"
            )


def profile(n: int, manager: coprod.PluginManager) -> None:
    document = make_document(n)
    profiler = cProfile.Profile()
    profiler.enable()
    assessment = coprod.load_assessment(document)
    coprod.evaluate(assessment, manager)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("tottime")
    stats.print_stats(25)
    print(out.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip 100k initiatives")
    parser.add_argument("--sizes", type=int, nargs="+", help="sizes to run (default 1k 10k 100k)")
    parser.add_argument("--profile", type=int, metavar="N", help="cProfile load+evaluate at N")
    parser.add_argument(
        "--ratio-size",
        type=int,
        metavar="N",
        help="initiatives for the exporter ratios (default 20000, --quick 2000; 0 skips)",
    )
    parser.add_argument(
        "--ratios-only", action="store_true", help="only the exporter ratios, not the table"
    )
    args = parser.parse_args(argv)
    manager = coprod.make_plugin_manager(entry_points=False)
    if args.profile:
        profile(args.profile, manager)
        return 0
    ratio_size = args.ratio_size
    if ratio_size is None:
        ratio_size = 2_000 if args.quick else 20_000
    if args.ratios_only:
        exporter_ratios(ratio_size, manager, 1 if args.quick else 3)
        return 0
    sizes = args.sizes or [n for n in SIZES if not (args.quick and n > 10_000)]
    print(
        f"coprod {coprod.__version__}, Python {sys.version.split()[0]}, cattrs "
        f"{importlib.metadata.version('cattrs')}; "
        f"exporters: {', '.join(manager.exporters)}"
    )
    timings = []
    for n in sizes:
        started = time.perf_counter()
        timings.append(measure(n, manager, REPEATS.get(n, 3)))
        print(f"  N={n}: measured in {time.perf_counter() - started:.0f} s", flush=True)
    report(timings)
    if ratio_size:
        exporter_ratios(ratio_size, manager, 1 if args.quick else 3)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
