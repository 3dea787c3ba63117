"""``coprod match`` (issue 6 acceptance)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from coprod.cli import main

ROOT = Path(__file__).resolve().parents[2]
CAPS = str(ROOT / "examples" / "capabilities.csv")
NEEDS = str(ROOT / "examples" / "needs.csv")
NAMES = ("Aileen", "Morag", "Jean", "Duncan", "Kirsty", "Mrs MacLeod", "Harbour Café")


def test_match_examples_prints_matches_and_reasons_without_names(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["match", CAPS, NEEDS]) == 0
    out = capsys.readouterr().out
    assert "## Matches" in out
    assert "## Unmatched needs" in out
    assert "none verified" in out
    assert "no capability in that category" in out
    assert "n-003" in out
    assert not any(name in out for name in NAMES)


def test_include_personal_data_shows_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["match", CAPS, NEEDS, "--include-personal-data"]) == 0
    out = capsys.readouterr().out
    assert "Mrs MacLeod" in out
    assert "personal data" in out


@pytest.mark.parametrize("objective", ["most", "best"])
def test_json_to_file(tmp_path: Path, objective: str) -> None:
    out = tmp_path / "matches.json"
    code = main(
        ["match", CAPS, NEEDS, "--objective", objective, "--format", "json", "-o", str(out)]
    )
    assert code == 0
    data = json.loads(out.read_text())
    assert data["objective"] == objective
    assert data["summary"]["matched"] == 14


@pytest.mark.parametrize("fmt", ["csv", "html"])
def test_other_formats(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    assert main(["match", CAPS, NEEDS, "--format", fmt, "--aggregates-only"]) == 0
    out = capsys.readouterr().out
    assert "n-003" not in out


def test_strict_availability_and_engine_flags(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["match", CAPS, NEEDS, "--strict-availability", "--engine", "pure"]) == 0
    assert "Matches" in capsys.readouterr().out


def test_bad_rows_exit_2_naming_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    caps = tmp_path / "capabilities.csv"
    caps.write_text(
        "capability_id,provider_id,display_name,category,area,capacity,consent\n"
        "c1,p1,Secret Name,ironing,dunoon,lots,yes\n"
    )
    out = tmp_path / "out.md"
    assert main(["match", str(caps), NEEDS, "-o", str(out)]) == 2
    captured = capsys.readouterr()
    assert "capabilities.csv row 2, column 'capacity'" in captured.err
    assert "Secret Name" not in captured.err
    assert "Traceback" not in captured.err
    assert not out.exists()


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["match", "no-such-file.csv", NEEDS]) == 2
    assert "no-such-file.csv" in capsys.readouterr().err


def test_help_lists_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["match", "--help"])
    out = capsys.readouterr().out
    for option in ("--objective", "--format", "--include-personal-data", "-o"):
        assert option in out


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
