"""docs/people.md agrees with the code, and the matching benchmark still runs (issue 6)."""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

import pytest

from coprod.cli import build_parser
from coprod.people import (
    CAPABILITY_COLUMNS,
    NEED_COLUMNS,
    NetworkFindingKind,
    UnmatchedReason,
    match_needs,
)

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "people.md").read_text(encoding="utf-8")
FLAT = " ".join(DOC.split())


def test_every_csv_column_is_documented_with_its_default() -> None:
    for column in (*CAPABILITY_COLUMNS, *NEED_COLUMNS):
        required = "yes" if column.required else "no"
        row = f"| `{column.name}` | {required} | {column.default} |"
        assert " ".join(row.split()) in FLAT, column.name


def test_every_reason_and_finding_kind_is_documented() -> None:
    for reason in UnmatchedReason:
        assert f"| `{reason.value}` | {reason.label} |" in DOC
    for kind in NetworkFindingKind:
        assert f"`{kind.value}`" in DOC


def test_every_match_option_is_documented() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    match = sub.choices["match"]
    for action in match._actions:
        for option in action.option_strings:
            if option not in ("-h", "--help"):
                assert option in DOC, option


@pytest.fixture(scope="module")
def bench() -> object:
    spec = importlib.util.spec_from_file_location(
        "coprod_bench_matching", ROOT / "benchmarks" / "bench_matching.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("structure", ["clustered", "random"])
def test_benchmark_generators_and_a_small_row(bench: object, structure: str) -> None:
    problem = bench.GENERATORS[structure](200, 1)  # type: ignore[attr-defined]
    assert len(problem.needs) == len(problem.providers) == 200
    row = bench.measure(200, problem, 200, 1, False)  # type: ignore[attr-defined]
    assert "!!" not in row
    assert "200×200" in row
    assert match_needs(problem, objective="most").matched_count > 100
