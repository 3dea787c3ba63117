"""Shared fixtures for the input/output tests: a valid document, files, the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
import tomli_w

from coprod.plugins import make_plugin_manager

#: A small valid document that uses every class and every optional field at least once.
FULL_DOCUMENT = Path(__file__).resolve().parent / "data" / "full-document.json"


@pytest.fixture
def document() -> dict[str, Any]:
    """A fresh copy of ``data/full-document.json``, free to mutate."""
    result: dict[str, Any] = json.loads(FULL_DOCUMENT.read_text(encoding="utf-8"))
    return result


def _write_document(path: Path, data: Any) -> Path:
    if path.suffix == ".json":
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def write_document() -> Callable[[Path, Any], Path]:
    """``write_document(path, data)``: write ``data`` as TOML or JSON by ``path``'s suffix."""
    return _write_document


@attrs.frozen
class Run:
    """What one CLI run gave: exit code, stdout and stderr."""

    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[[Sequence[str]], Run]:
    """Run ``coprod.cli.main(argv)`` in-process and capture what it printed.

    Entry points are disabled so an installed third-party plugin cannot change
    the outcome of these tests.
    """
    from coprod.cli import main

    def run(argv: Sequence[str]) -> Run:
        capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as exit_:  # argparse usage errors and --version
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture(autouse=True)
def _no_entry_points(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPROD_DISABLE_ENTRY_POINTS", "1")


def _require_format(name: str) -> None:
    if name not in make_plugin_manager(entry_points=False).exporters:
        pytest.fail(
            f"the built-in {name!r} exporter is not registered: is its module missing "
            "from coprod.plugins.BUILTIN_PLUGINS?"
        )


@pytest.fixture
def require_format() -> Callable[[str], None]:
    """``require_format(name)``: fail the test if no built-in exporter registers ``name``.

    The json, csv, markdown and html exporters live in ``coprod.builtin.export_*``. A
    dropped built-in must fail loudly, not skip the tests that would notice it.
    """
    return _require_format
