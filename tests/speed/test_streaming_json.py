"""The json exporter streams: its peak memory grows with one initiative, not the report."""

from __future__ import annotations

import io
import sys
import tracemalloc
from pathlib import Path

import coprod
from coprod.builtin.export_json import write_json_report

ROOT = Path(__file__).resolve().parents[2]


def test_json_stream_peak_memory_does_not_grow_with_the_report() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_report import make_document
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    manager = coprod.make_plugin_manager(entry_points=False)

    def peak(n: int) -> tuple[int, int]:
        assessment = coprod.load_assessment(make_document(n))
        report = coprod.build_report(
            assessment,
            coprod.evaluate(assessment, manager),
            barriers=manager.barriers,
            provenance=coprod.provenance_of(manager),
        )
        written = 0

        class Sink(io.TextIOBase):
            def write(self, text: str) -> int:  # keeps nothing
                nonlocal written
                written += len(text)
                return len(text)

        tracemalloc.start()
        try:
            write_json_report(report, Sink())
            return tracemalloc.get_traced_memory()[1], written
        finally:
            tracemalloc.stop()

    (small, small_text), (large, large_text) = peak(200), peak(4000)
    # Twenty times the initiatives, twenty times the text; a buffered render would
    # take ~20x the memory (the whole text, ~4 MB at 4000), a stream about the same.
    assert large_text > 15 * small_text
    assert large < 2 * small + 50_000, (small, large)
    assert large < large_text / 20, (large, large_text)
