"""Exporters that stream (``Exporter.write``): same bytes as ``render``, faults leave nothing."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import pytest

import coprod
from coprod.builtin.export_csv import render_csv, write_csv_report
from coprod.testing import run_coprod

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEMO = ROOT / "examples" / "demo-council.toml"


def test_assess_csv_file_is_streamed_and_equals_render(tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    result = run_coprod("assess", DEMO, "-o", out)
    assert result.code == 0, result.err
    manager = coprod.make_plugin_manager(entry_points=False)
    exporter = manager.exporter("csv")
    assert exporter.write is write_csv_report
    assessment = coprod.load_assessment(DEMO)
    report = coprod.build_report(
        assessment,
        coprod.evaluate(assessment, manager),
        barriers=manager.barriers,
        provenance=coprod.provenance_of(manager),
    )
    assert out.read_bytes() == render_csv(report).encode("utf-8")
    assert out.read_bytes().count(b"\r\n") == len(assessment.initiatives) + 1
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]  # no temporary left


@pytest.mark.parametrize(
    ("format", "message"),
    [("half-fail", "ValueError: broke midway"), ("surrogate", "UnicodeEncodeError")],
)
def test_a_streaming_exporter_failing_midway_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, format: str, message: str
) -> None:
    monkeypatch.syspath_prepend(str(HERE / "stream_plugins"))
    out = tmp_path / "report.out"
    out.write_text("the previous report\n", encoding="utf-8")
    result = run_coprod("assess", DEMO, "-p", "streaming_exporters", "-f", format, "-o", out)
    result.assert_clean_failure(3)
    assert message in result.err and "streaming_exporters" in result.err
    assert out.read_text(encoding="utf-8") == "the previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.out"]


def test_csv_stream_peak_memory_does_not_grow_with_the_report() -> None:
    """Peak memory of writing the CSV grows with a row, not with the initiatives."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_report import make_document
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    manager = coprod.make_plugin_manager(entry_points=False)

    def peak(n: int) -> int:
        assessment = coprod.load_assessment(make_document(n))
        report = coprod.build_report(
            assessment,
            coprod.evaluate(assessment, manager),
            barriers=manager.barriers,
            provenance=coprod.provenance_of(manager),
        )

        class Sink(io.TextIOBase):
            def write(self, text: str) -> int:  # keeps nothing
                return len(text)

        tracemalloc.start()
        try:
            write_csv_report(report, Sink())
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(200), peak(4000)
    # Twenty times the initiatives: a buffered render would take ~20x the memory.
    assert large < 2 * small + 50_000, (small, large)
