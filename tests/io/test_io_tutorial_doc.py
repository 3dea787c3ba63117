"""docs/tutorial.md shows real output: run its files and commands, compare with the page.

Each ``console`` block's ``$ coprod ...`` commands are run in a directory holding the
file the tutorial has the reader write at that point, and their output must be what
the page shows (up to a ``…`` line, where the page trims it).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "docs" / "tutorial.md"


def blocks() -> list[tuple[str, str]]:
    """Every fenced block of the tutorial as (language, text), in order."""
    text = TUTORIAL.read_text(encoding="utf-8")
    return [(m.group(1), m.group(2)) for m in re.finditer(r"```(\w+)\n(.*?)```", text, re.S)]


def sessions(text: str) -> list[tuple[list[str], list[str]]]:
    """The ``$ command`` lines of a console block, each with the output shown after it."""
    found: list[tuple[list[str], list[str]]] = []
    for line in text.splitlines():
        if line.startswith("$ "):
            found.append((shlex.split(line[2:]), []))
        elif found:
            found[-1][1].append(line)
    return found


def csv_from_table() -> str:
    """The spreadsheet of step 6, as the CSV a spreadsheet saves."""
    text = TUTORIAL.read_text(encoding="utf-8").split("## 6.")[1]
    rows = [line for line in text.splitlines() if line.startswith("|")]
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    del cells[1]  # the |---| rule
    return "".join(",".join(row) + "\n" for row in cells)


def check(cli: Any, text: str) -> None:
    for argv, shown in sessions(text):
        if argv[0] != "coprod" or argv[1:2] == ["demo"]:
            continue
        run = cli(argv[1:])
        printed = (run.err + run.out).splitlines()  # as a terminal shows them
        if "…" in shown:
            shown = shown[: shown.index("…")]
            printed = printed[: len(shown)]
        assert printed == shown, f"$ {shlex.join(argv)}"
        assert run.code == (2 if any(line.startswith("error:") for line in shown) else 0)


def test_every_command_prints_what_the_page_shows(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    toml_files = [text for language, text in blocks() if language == "toml"]
    minimal, broken, full = toml_files
    council = tmp_path / "my-council.toml"
    consoles = [text for language, text in blocks() if language == "console"]
    assert len(consoles) == 12

    council.write_text(minimal, encoding="utf-8")
    check(cli, consoles[1])  # --version
    check(cli, consoles[2])  # the minimal file is valid

    # Step 3: the broken initiative replaces the minimal one, then is fixed in two steps.
    head = minimal.split("[[initiatives]]")[0]
    council.write_text(head + broken, encoding="utf-8")
    check(cli, consoles[3])
    fixed = broken.replace('risk = "low"', "risk = 2").replace("volunter_hours", "volunteer_hours")
    council.write_text(head + fixed, encoding="utf-8")
    check(cli, consoles[4])
    council.write_text(head + fixed.replace('"library"', '"libraries"'), encoding="utf-8")
    check(cli, consoles[5])

    council.write_text(full, encoding="utf-8")
    for console in consoles[6:10]:  # validate, assess, html, json and an unknown format
        check(cli, console)
    assert "<svg" in (tmp_path / "report.html").read_text(encoding="utf-8")

    sheet = tmp_path / "northwick-initiatives.csv"
    sheet.write_text(csv_from_table(), encoding="utf-8")
    check(cli, consoles[10])
    sheet.write_text(csv_from_table().replace(",4.5,", ",4,"), encoding="utf-8")
    check(cli, consoles[11])
