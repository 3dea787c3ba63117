"""benchmarks/bench_report.py still runs (tiny sizes; no timing is checked)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import coprod

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_report.py"


def _bench() -> object:
    spec = importlib.util.spec_from_file_location("coprod_bench_report", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_document_is_valid() -> None:
    bench = _bench()
    document = bench.make_document(300)  # type: ignore[attr-defined]
    assessment = coprod.load_assessment(document)
    assert len(assessment.initiatives) == 300
    assert any(i.barriers for i in assessment.initiatives)
    assert any(i.ratings for i in assessment.initiatives)
    assert any(i.resources for i in assessment.initiatives)
    assert assessment.explorer and assessment.stakeholders and assessment.relationships
    # The bare converter structures the same records to equal initiatives.
    bare = bench.bare_converter()  # type: ignore[attr-defined]
    records = document["initiatives"]
    assert tuple(bare.structure(records, list[coprod.Initiative])) == assessment.initiatives


def test_it_prints_the_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    assert _bench().main(["--sizes", "40", "120"]) == 0  # type: ignore[attr-defined]
    out = capsys.readouterr().out
    assert "(b)/(a), load + evaluate over bare cattrs structuring (goal <= 1.3):" in out
    assert "linearity, time per initiative at N=120 over N=40" in out
    assert "HTML/JSON render time at N=120" in out or "html exporter not registered" in out
