"""Benchmark: what ``import coprod`` costs, against ``import attrs, pluggy``.

Each measurement runs in a fresh interpreter (``python -c``) that times only the
import statement with ``time.perf_counter`` (interpreter start-up is left out), and
the best of N runs is kept; the runs of the different statements are interleaved
so that a change in the machine's load affects them alike. It prints:

- ``import coprod`` / ``import attrs, pluggy`` (goal: at most 1.3): what every
  command, plugin and embedding application pays up front;
- first use of the core, ``from coprod import Assessment, evaluate,
  make_plugin_manager``, against the same baseline: what a program that evaluates
  pays before its first rule (for information);
- ``import coprod.cli`` (what the ``coprod`` command pays before parsing its
  arguments), for information.

No assertions: run it, read it::

    python benchmarks/bench_import.py [--quick] [--repeat 15]

``--quick`` (CI) takes the best of 5.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Sequence

STATEMENTS = {
    "baseline": "import attrs, pluggy",
    "coprod": "import coprod",
    "first use": "from coprod import Assessment, evaluate, make_plugin_manager",
    "cli": "import coprod.cli",
}

_TIMER = (
    "import time\nstart = time.perf_counter()\n{statement}\nprint(time.perf_counter() - start)\n"
)


def time_import(statement: str) -> float:
    """Seconds one fresh interpreter takes to run ``statement``."""
    result = subprocess.run(
        [sys.executable, "-c", _TIMER.format(statement=statement)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(result.stdout.strip())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="best of 5 (CI)")
    parser.add_argument("--repeat", type=int, default=None, help="best of this many runs")
    args = parser.parse_args(argv)
    repeat = args.repeat or (5 if args.quick else 15)

    best = dict.fromkeys(STATEMENTS, float("inf"))
    for _ in range(repeat):
        for name, statement in STATEMENTS.items():
            best[name] = min(best[name], time_import(statement))

    base = best["baseline"]
    print(f"Python {sys.version.split()[0]}; fresh interpreter per run, best of {repeat}")
    for name, statement in STATEMENTS.items():
        note = "(goal <= 1.30x)" if name == "coprod" else ""
        line = f"{statement:62s}{best[name] * 1000:7.1f} ms  {best[name] / base:5.2f}x  {note}"
        print(line.rstrip())
    print(f"import coprod / import attrs, pluggy: {best['coprod'] / base:.3f}")
    print(f"first use of the core / import attrs, pluggy: {best['first use'] / base:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
