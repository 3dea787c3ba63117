"""Benchmark: what progress costs a streamed report and a TimeOverflow import.

Issue 10 wants progress on a terminal that does not slow the work measurably. In
the same run, best CPU time (``time.process_time``, so the neighbours on a shared
machine count less) of:

(a) a report streamed to a file by :func:`coprod.cli.output.stream_report` with
    no callback, through an exporter that writes N rows of 16 cells with coprod's
    one CSV writer (:func:`coprod.io.safe_text.write_csv`, as the assessment's
    ``csv`` exporter does), against the same with the terminal's callback
    (:class:`coprod.progress_callback.TerminalProgress`, drawing to ``/dev/null``);
(b) ``TimebankStore.import_timeoverflow`` of M generated transfers into a new
    SQLite file, without and with the callback (wall time too: it is I/O-bound).

It prints the times and the ratios with/without (goal: about 1). No assertions::

    python benchmarks/bench_progress.py [--quick]

``--quick`` (CI): 20,000 rows and 300 transfers instead of 400,000 and 3,000.
"""

from __future__ import annotations

import argparse
import gc
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, TextIO

import attrs

import coprod
from coprod.cli.output import stream_report
from coprod.io.safe_text import write_csv
from coprod.progress_callback import ProgressCallback, TerminalProgress

HEADER = tuple(f"column {n}" for n in range(16))


@attrs.frozen
class Rows:
    """A report of ``n`` generated rows (kind ``bench-rows``)."""

    kind: ClassVar[str] = "bench-rows"
    n: int


def _rows(report: Rows) -> Any:
    for i in range(report.n):
        yield (
            f"initiative-{i}",
            f'Initiative {i}: Zoë\'s café, "quoted"',
            "svc-" + str(i % 12),
            "co-design;co-delivery",
            "planned",
            i % 5 + 0.5,
            (i * 7) % 11 / 3,
            None,
            i,
            "=formula?" if i % 100 == 0 else "plain",
            1.0 / (i + 1),
            "",
            "barrier-a;barrier-b",
            12.25,
            "",
            i % 3,
        )


def _write(report: Rows, stream: TextIO) -> None:
    write_csv(stream, HEADER, _rows(report))


EXPORTER = coprod.Exporter(
    format="rows",
    media_type="text/csv",
    suffix=".csv",
    render=lambda report: "",
    kinds=("bench-rows",),
    write=_write,
)


def _best(repeats: int, run: Callable[[], Any]) -> tuple[float, float]:
    """(least CPU seconds, least wall seconds) of ``repeats`` runs."""
    cpu = wall = float("inf")
    for _ in range(repeats):
        gc.collect()
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        run()
        cpu = min(cpu, time.process_time() - start_cpu)
        wall = min(wall, time.perf_counter() - start_wall)
    return cpu, wall


def report_ratio(n: int, repeats: int, folder: Path, terminal: TextIO) -> None:
    out = str(folder / "rows.csv")
    report = Rows(n)

    def plain() -> None:
        stream_report(EXPORTER, report, out)

    def with_progress() -> None:
        draw = TerminalProgress(terminal)
        stream_report(EXPORTER, report, out, progress=draw)
        draw.close()

    plain()  # warm up (imports, the file system)
    size = os.path.getsize(out)
    base, _ = _best(repeats, plain)
    shown, _ = _best(repeats, with_progress)
    print(f"(a) report of {n:,} rows ({size / 1e6:.1f} MB) streamed to a file, best CPU time:")
    print(
        f"    no callback {base:.3f} s, terminal progress {shown:.3f} s: ratio {shown / base:.3f}"
    )


def _exports(folder: Path, members: int, transfers: int) -> tuple[Path, Path]:
    m, t = folder / "members.csv", folder / "transfers.csv"
    m.write_text(
        "N,Name,Balance\n" + "".join(f"{k},Member {k},\n" for k in range(1, members + 1)),
        encoding="utf-8",
    )
    t.write_text(
        "Date,From,To,Post,Quantity\n"
        + "".join(
            f"2024-01-{1 + k % 28:02d} 10:00:00 UTC,Member {1 + k % members} "
            f"({1 + k % members}),Member {1 + (k * 7 + 1) % members} "
            f"({1 + (k * 7 + 1) % members}),,1:00\n"
            for k in range(transfers)
        ),
        encoding="utf-8",
    )
    return m, t


def import_ratio(transfers: int, repeats: int, folder: Path, terminal: TextIO) -> None:
    from coprod.store import open_timebank
    from coprod.timebank import (
        Bank,
        convert_timeoverflow,
        read_timeoverflow_members,
        read_timeoverflow_transfers,
    )

    members_csv, transfers_csv = _exports(folder, 200, transfers)
    data = convert_timeoverflow(
        "b", read_timeoverflow_members(members_csv), read_timeoverflow_transfers(transfers_csv)
    )
    runs = iter(range(10_000))

    def importing(progress: ProgressCallback | None) -> Callable[[], None]:
        def run() -> None:
            store = open_timebank(str(folder / f"bank-{next(runs)}.sqlite"))
            try:
                store.create_bank(Bank(code="b", name="B"))
                store.import_timeoverflow(data, progress=progress)
            finally:
                store.engine.dispose()

        return run

    draw = TerminalProgress(terminal)
    base = _best(repeats, importing(None))
    shown = _best(repeats, importing(draw))
    draw.close()
    print(f"(b) TimeOverflow import of {len(data.transfers):,} transfers into new SQLite files:")
    for label, n in (("CPU", 0), ("wall", 1)):
        print(
            f"    best {label} time: no callback {base[n]:.3f} s, terminal progress "
            f"{shown[n]:.3f} s: ratio {shown[n] / base[n]:.3f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (CI)")
    args = parser.parse_args(argv)
    rows, transfers, repeats = (20_000, 300, 3) if args.quick else (400_000, 3_000, 5)
    with (
        tempfile.TemporaryDirectory() as name,
        open(os.devnull, "w", encoding="utf-8") as terminal,
    ):
        report_ratio(rows, repeats, Path(name), terminal)
        try:
            import sqlalchemy  # noqa: F401
        except ImportError:
            print("(b) skipped: the store needs the coprod[store] extra")
            return 0
        import_ratio(transfers, min(repeats, 3), Path(name), terminal)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
