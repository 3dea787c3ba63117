"""docs/journey.md: every command it shows runs in examples/ and prints what it shows."""

from __future__ import annotations

import re
import shlex
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "journey.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", DOC.read_text(encoding="utf-8"), re.M | re.S)


def test_every_console_block_prints_what_the_page_shows(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("eastbridge-2024.toml", "eastbridge-2025.toml", "demo-council.toml"):
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    consoles = blocks("console")
    assert len(consoles) == 3
    for block in consoles:
        command, *shown = block.rstrip("\n").split("\n")
        argv = shlex.split(command.removeprefix("$ "))
        assert argv[0] == "coprod"
        run = cli(argv[1:])
        printed = (run.err + run.out).splitlines()
        if shown and shown[-1] == "…":
            shown = shown[:-1]
            printed = printed[: len(shown)]
        assert printed == shown, command
        assert run.code == (2 if shown[0].startswith("error:") else 0)


def test_the_toml_snippets_are_toml() -> None:
    for block in blocks("toml"):
        tomllib.loads(block.replace("# ...\n", ""))
