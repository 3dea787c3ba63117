"""docs/priorities.md: its example file, its check output and its options are real."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coprod.cli import build_parser, main
from coprod.io.pabulib import read_ballots_csv
from coprod.priorities import exercise_from_pb, format_pb, parse_pb, sort_ballots

DOC = Path(__file__).resolve().parents[2] / "docs" / "priorities.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_example_file_and_ballot_table_read(tmp_path: Path) -> None:
    pb_text, table_text = _blocks("text")
    pb = parse_pb(pb_text, name="eastbridge.pb")
    assert format_pb(pb) == pb_text
    exercise = exercise_from_pb(pb)
    assert exercise.currency == "GBP"
    assert exercise.project("3").category == ("urban greenery", "parks")
    table = tmp_path / "meeting.csv"
    table.write_text(table_text, encoding="utf-8")
    ballots = read_ballots_csv(table, exercise)
    assert [(b.voter, b.channel) for b in ballots] == [("e-1042", "meeting"), ("p-0007", "postal")]
    assert len(sort_ballots(ballots, exercise).counted) == 2


def test_the_check_output_is_what_the_page_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "eastbridge.pb").write_text(_blocks("text")[0], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    check = next(b for b in _blocks("console") if "priorities check" in b)
    command, *expected = check.strip().splitlines()
    assert main(command.removeprefix("$ coprod ").split()) == 0
    assert capsys.readouterr().out.splitlines() == expected


def test_every_option_the_page_names_exists(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["priorities", "count", "--help"])
    help_text = capsys.readouterr().out
    options = set(re.findall(r"`(--[a-z-]+)", DOC.read_text(encoding="utf-8")))
    assert len(options) >= 8
    assert sorted(o for o in options if o not in help_text) == []
