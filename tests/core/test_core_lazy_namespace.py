"""``import coprod`` imports no submodule; every public name is loaded on first use."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import coprod

INIT = Path(coprod.__file__)


def _type_checking_imports() -> dict[str, tuple[str, ...]]:
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    found: dict[str, tuple[str, ...]] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for sub in node.body:
                assert isinstance(sub, ast.ImportFrom) and sub.module
                found[sub.module] = tuple(alias.name for alias in sub.names)
    return found


def test_the_lazy_table_the_type_checking_imports_and_all_agree() -> None:
    lazy = {name for names in coprod._EXPORTS.values() for name in names}
    typed = {name for names in _type_checking_imports().values() for name in names}
    assert lazy == typed
    assert lazy == set(coprod.__all__) - {"__version__"}
    assert coprod._EXPORTS.keys() == _type_checking_imports().keys()


def test_every_public_name_resolves_to_the_object_in_its_module() -> None:
    import importlib

    for module, names in coprod._EXPORTS.items():
        for name in names:
            assert getattr(coprod, name) is getattr(importlib.import_module(module), name)
    assert set(coprod.__all__) <= set(dir(coprod))


def test_import_coprod_imports_no_submodule() -> None:
    code = "import sys, coprod; print(sorted(m for m in sys.modules if m.startswith('coprod.')))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    assert out == "[]"


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        coprod.no_such_name  # type: ignore[attr-defined]  # noqa: B018
