"""Progress: the library calls back with monotone counts; the CLI draws only on a terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from coprod.people import match_needs, read_match_problem
from coprod.progress_callback import TerminalProgress, counted

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CAPABILITIES = EXAMPLES / "capabilities.csv"
NEEDS = EXAMPLES / "needs.csv"


def _rows(path: Path) -> int:
    import csv

    with path.open(newline="", encoding="utf-8") as f:
        return sum(1 for _ in csv.reader(f)) - 1


@pytest.mark.parametrize("objective", ["most", "best"])
def test_reading_and_matching_report_monotone_counts_up_to_the_row_counts(
    objective: str, progress_stages: Callable[..., dict[str, list[int]]]
) -> None:
    calls: list[tuple[str, int, int | None]] = []

    def progress(stage: str, done: int, total: int | None) -> None:
        calls.append((stage, done, total))

    problem = read_match_problem(CAPABILITIES, NEEDS, progress=progress)
    match_needs(problem, objective=objective, progress=progress)
    stages = progress_stages(calls)
    # Totals counted independently of coprod: the data rows of the example files.
    totals = {stage: total for stage, _, total in calls}
    assert totals["reading capabilities"] == _rows(CAPABILITIES)
    assert totals["reading needs"] == _rows(NEEDS)
    assert totals["finding eligible pairs"] == _rows(NEEDS)
    assert totals["explaining"] == _rows(NEEDS)
    assert ("best matches" in stages) == (objective == "best")


def test_counted_calls_every_step_and_at_the_end() -> None:
    calls: list[tuple[str, int, int | None]] = []
    items = list(counted(range(25), lambda *c: calls.append(c), "x", 25, step=10))
    assert items == list(range(25))
    assert calls == [("x", 0, 25), ("x", 10, 25), ("x", 20, 25), ("x", 25, 25)]
    calls.clear()
    list(counted(iter(range(3)), lambda *c: calls.append(c), "y", None, step=2))
    assert calls == [("y", 0, None), ("y", 2, None), ("y", 3, 3)]


def test_terminal_progress_redraws_one_line_and_clears_it() -> None:
    import io

    stream = io.StringIO()
    draw = TerminalProgress(stream, interval=3600.0)
    draw("reading needs", 0, 2000)
    draw("reading needs", 1000, 2000)  # within the interval: not drawn
    draw("reading needs", 2000, 2000)  # the last of a stage: always drawn
    draw.close()
    text = stream.getvalue()
    assert "reading needs: 0 of 2,000 (0%)" in text
    assert "1,000 of" not in text
    assert "reading needs: 2,000 of 2,000 (100%)" in text
    assert text.endswith("\r\x1b[K") and "\n" not in text


def _match_command(tmp_path: Path) -> list[str]:
    out = tmp_path / "report.md"
    return [sys.executable, "-m", "coprod", "match", str(CAPABILITIES), str(NEEDS), "-o", str(out)]


def _assess_command(tmp_path: Path) -> list[str]:
    demo = EXAMPLES / "demo-council.toml"
    return [sys.executable, "-m", "coprod", "assess", str(demo), "-o", str(tmp_path / "a.csv")]


def test_cli_prints_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    done = subprocess.run(_match_command(tmp_path), capture_output=True, text=True, check=True)
    assert done.stderr == f"wrote markdown report to {tmp_path / 'report.md'}\n"


def test_assess_prints_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    done = subprocess.run(_assess_command(tmp_path), capture_output=True, text=True, check=True)
    assert done.stderr == f"wrote csv report to {tmp_path / 'a.csv'}\n"


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_cli_shows_progress_when_stderr_is_a_terminal(
    tmp_path: Path, on_a_terminal: Callable[..., tuple[str, str]]
) -> None:
    _out, text = on_a_terminal(_match_command(tmp_path))
    assert "reading capabilities:" in text
    assert "explaining:" in text
    assert "writing the markdown report" in text
    assert "wrote markdown report to" in text
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith("# ")
    _out, text = on_a_terminal(_assess_command(tmp_path))
    # The demo evaluates in milliseconds: later steps may fall within the redraw interval.
    assert "loading the assessment: 0 of 3" in text
    assert "writing the csv report…" in text
    assert "wrote csv report to" in text
