"""docs/api.md is generated from the public API and must not go stale."""

from __future__ import annotations

import importlib.util
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _generator() -> object:
    spec = importlib.util.spec_from_file_location("generate_api", DOCS / "generate_api.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_api_page_is_current() -> None:
    expected = _generator().render() + "\n"  # type: ignore[attr-defined]
    actual = (DOCS / "api.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/api.md is stale: run `python docs/generate_api.py`"


def test_every_public_name_is_described() -> None:
    page = (DOCS / "api.md").read_text(encoding="utf-8")
    rows = [line for line in page.splitlines() if line.startswith("| `")]
    empty = [row for row in rows if row.rstrip().endswith("|  |") or row.endswith("| |")]
    assert rows
    assert empty == []
