"""Fixtures for the journey over time: readings written to files, and the CLI in-process."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest


@attrs.frozen
class Run:
    """What one CLI run gave: exit code, stdout and stderr."""

    code: int
    out: str
    err: str


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[[Sequence[str]], Run]:
    """Run ``coprod.cli.main(argv)`` with entry-point plugins disabled."""
    from coprod.cli import main

    monkeypatch.setenv("COPROD_DISABLE_ENTRY_POINTS", "1")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")

    def run(argv: Sequence[str]) -> Run:
        capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, dict[str, Any]], Path]:
    """Write a document as JSON under ``tmp_path``; returns its path."""

    def save(name: str, document: dict[str, Any]) -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(document), encoding="utf-8")
        return path

    return save
