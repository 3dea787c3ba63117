"""docs/architecture.md names real modules, and its layers are the import-linter contract's."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
TEXT = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            module = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        target: object = module
        for name in parts[cut:]:
            if not hasattr(target, name):
                return False
            target = getattr(target, name)
        return True
    return False


def test_every_module_the_page_names_exists() -> None:
    full = set(re.findall(r"\bcoprod(?:\.[a-z_]+)+", TEXT))
    # Table cells name modules relative to coprod: `io.table`, `builtin.export_match`.
    relative = {
        f"coprod.{name}"
        for name in re.findall(r"`([a-z_]+(?:\.[a-z_]+)+)`", TEXT)
        if name.split(".")[0]
        in {
            "io",
            "model",
            "surveys",
            "people",
            "priorities",
            "timebank",
            "appraisal",
            "builtin",
            "report",
            "engine",
            "evaluation",
            "contributions",
            "store",
            "catalogues",
        }
    }
    missing = sorted(name for name in full | relative if not _resolves(name))
    assert not missing, f"docs/architecture.md names modules that do not exist: {missing}"


def test_the_layers_drawn_are_the_layers_enforced() -> None:
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "importlinter"
    ]["contracts"]
    (layers,) = [c for c in contracts if c["type"] == "layers"]
    drawn = re.search(r"## The layers\n\n```text\n(.*?)```", TEXT, re.DOTALL)
    assert drawn is not None
    order = re.findall(r"^  (coprod\.[a-z_.]+)", drawn.group(1), re.MULTILINE)
    enforced = [m.strip() for layer in layers["layers"] for m in layer.split(":")]
    assert order == enforced
