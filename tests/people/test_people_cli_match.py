"""``coprod match`` (issue 6 acceptance), run in-process by ``coprod.testing.run_coprod``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from coprod.testing import run_coprod

ROOT = Path(__file__).resolve().parents[2]
CAPS = str(ROOT / "examples" / "capabilities.csv")
NEEDS = str(ROOT / "examples" / "needs.csv")
NAMES = ("Aileen", "Morag", "Jean", "Duncan", "Kirsty", "Mrs MacLeod", "Harbour Café")


def test_match_examples_prints_matches_and_reasons_without_names() -> None:
    result = run_coprod("match", CAPS, NEEDS)
    assert result.code == 0
    out = result.out
    assert "## Matches" in out
    assert "## Unmatched needs" in out
    assert "none verified" in out
    assert "no capability in that category" in out
    assert "n-003" in out
    assert not any(name in out for name in NAMES)


def test_include_personal_data_shows_names() -> None:
    result = run_coprod("match", CAPS, NEEDS, "--include-personal-data")
    assert result.code == 0
    out = result.out
    assert "Mrs MacLeod" in out
    assert "personal data" in out


@pytest.mark.parametrize("objective", ["most", "best"])
def test_json_to_file(tmp_path: Path, objective: str) -> None:
    out = tmp_path / "matches.json"
    result = run_coprod(
        "match", CAPS, NEEDS, "--objective", objective, "--format", "json", "-o", str(out)
    )
    assert result.code == 0
    assert result.err == f"wrote json report to {out}\n"
    data = json.loads(out.read_text())
    assert data["objective"] == objective
    assert data["summary"]["matched"] == 14


@pytest.mark.parametrize("fmt", ["csv", "html"])
def test_other_formats(fmt: str) -> None:
    result = run_coprod("match", CAPS, NEEDS, "--format", fmt, "--aggregates-only")
    assert result.code == 0
    assert "n-003" not in result.out


def test_strict_availability_and_engine_flags() -> None:
    result = run_coprod("match", CAPS, NEEDS, "--strict-availability", "--engine", "pure")
    assert result.code == 0
    assert "Matches" in result.out


def test_bad_rows_exit_2_naming_row_and_column(tmp_path: Path) -> None:
    caps = tmp_path / "capabilities.csv"
    caps.write_text(
        "capability_id,provider_id,display_name,category,area,capacity,consent\n"
        "c1,p1,Secret Name,ironing,dunoon,lots,yes\n"
    )
    out = tmp_path / "out.md"
    result = run_coprod("match", str(caps), NEEDS, "-o", str(out))
    result.assert_clean_failure(2)
    assert "capabilities.csv row 2, column 'capacity'" in result.err
    assert "Secret Name" not in result.err
    assert not out.exists()


def test_missing_file_exits_2() -> None:
    result = run_coprod("match", "no-such-file.csv", NEEDS)
    result.assert_clean_failure(2)
    assert "no-such-file.csv" in result.err


def test_help_lists_options() -> None:
    result = run_coprod("match", "--help")
    assert result.code == 0
    for option in ("--objective", "--format", "--include-personal-data", "-o", "-p", "--block"):
        assert option in result.out


def test_aggregates_summary_gives_no_hidden_count_away(tmp_path: Path) -> None:
    # The example: 7 needs, 2 met. "<5 of 7 needs met (5 unmatched)" gave 2 away.
    caps = tmp_path / "c.csv"
    caps.write_text(
        "capability_id,provider_id,category,area,capacity,consent\nc1,p1,ironing,dunoon,2,yes\n",
        encoding="utf-8",
    )
    needs = tmp_path / "n.csv"
    needs.write_text(
        "need_id,requester_id,category,area\n"
        + "".join(f"n{i},r{i},ironing,dunoon\n" for i in range(7)),
        encoding="utf-8",
    )
    result = run_coprod("match", caps, needs, "--aggregates-only", "-f", "json")
    assert result.code == 0, result.err
    summary = json.loads(result.out)["summary"]
    assert summary["matched"] is None
    assert summary["needs"] is None or summary["unmatched"] is None
    markdown = run_coprod("match", caps, needs, "--aggregates-only").out
    line = next(text for text in markdown.splitlines() if "needs met (" in text)
    assert line.startswith("&lt;5 of ")
    assert "of 7 needs met (5 unmatched)" not in line


def test_networkx_stays_lazy() -> None:
    code = (
        "import sys, coprod, coprod.people, coprod.cli.match; "
        "assert 'networkx' not in sys.modules, 'networkx'; "
        "assert 'scipy' not in sys.modules, 'scipy'; "
        "assert 'jinja2' not in sys.modules, 'jinja2'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_console_entry_point_runs(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "coprod", "match", CAPS, NEEDS, "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["summary"]["needs"] == 22
