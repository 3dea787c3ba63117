"""Every command of docs/timebank.md runs, in order, as written."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy", reason="the store needs the coprod[store] extra")

from coprod.cli import main

ROOT = Path(__file__).resolve().parents[2]
HOWTO = ROOT / "docs" / "timebank.md"

USERS = (
    "N,Name,Email,Phone,Alternative Phone,Created,Last login,Locale,Balance\n1,Ana,,,,,,ca,5400\n"
)
TRANSFERS = (
    "Date,From,To,Post,Quantity\n2019-03-05 10:22:01 UTC,Banc de Temps de Sants,Ana (1),,1:30\n"
)


def _commands() -> list[str]:
    text = HOWTO.read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL):
        joined = block.replace("\\\n", " ")
        for line in joined.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("coprod "):
                commands.append(line)
    return commands


def test_the_how_to_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "users.csv").write_text(USERS, encoding="utf-8")
    (tmp_path / "transfers.csv").write_text(TRANSFERS, encoding="utf-8")
    shutil.copyfile(ROOT / "examples" / "demo-council.toml", tmp_path / "my-council.toml")
    commands = _commands()
    assert len(commands) > 25
    ran = 0
    for command in commands:
        words = shlex.split(command)
        append_to = None
        if ">>" in words:
            at = words.index(">>")
            append_to, words = words[at + 1], words[:at]
        if words[1] == "timebank" and "--db" not in words:
            words += ["--db", str(tmp_path / "argyll-timebanks.sqlite")]
        if words[1] == "timebank" and words[2] == "import-timeoverflow":
            words[words.index("--db") + 1] = str(tmp_path / "sants.sqlite")
        if words[1] == "timebank" and words[2] == "create-bank" and words[3] == "sants":
            words[words.index("--db") + 1] = str(tmp_path / "sants.sqlite")
        if words[1] == "db" and "postgresql" in " ".join(words):
            ran += 1  # the PostgreSQL example names a server this test does not have
            continue
        code = main(words[1:])
        out = capsys.readouterr()
        assert code == 0, (command, out.err)
        if append_to:
            with (tmp_path / append_to).open("a", encoding="utf-8") as handle:
                handle.write(out.out)
        if words[1:3] == ["timebank", "suggest"] and "--declined" not in words:
            assert "1     ann" in out.out  # the PVG-checked tutor is on the list
        ran += 1
    assert ran == len(commands)
