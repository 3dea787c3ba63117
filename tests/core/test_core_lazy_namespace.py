"""``import coprod`` imports no submodule; every public name is loaded on first use.

``coprod.appraisal`` works the same way, so the plugin hooks can name its
``ParameterSet`` without importing the appraisal machinery.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import coprod
import coprod.appraisal

PACKAGES = [coprod, coprod.appraisal]


def _type_checking_imports(package: Any) -> dict[str, tuple[str, ...]]:
    tree = ast.parse(Path(package.__file__).read_text(encoding="utf-8"))
    found: dict[str, tuple[str, ...]] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for sub in node.body:
                assert isinstance(sub, ast.ImportFrom) and sub.module
                found[sub.module] = tuple(alias.name for alias in sub.names)
    return found


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_the_lazy_table_the_type_checking_imports_and_all_agree(package: Any) -> None:
    lazy = {name for names in package._EXPORTS.values() for name in names}
    typed = {name for names in _type_checking_imports(package).values() for name in names}
    assert lazy == typed
    assert lazy == set(package.__all__) - {"__version__"}
    assert package._EXPORTS.keys() == _type_checking_imports(package).keys()


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_every_public_name_resolves_to_the_object_in_its_module(package: Any) -> None:
    import importlib

    for module, names in package._EXPORTS.items():
        for name in names:
            assert getattr(package, name) is getattr(importlib.import_module(module), name)
    assert set(package.__all__) <= set(dir(package))


def test_import_coprod_imports_no_submodule() -> None:
    code = "import sys, coprod; print(sorted(m for m in sys.modules if m.startswith('coprod.')))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    # Only the forty lines that make the names lazy.
    assert out == "['coprod._lazy']"


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        coprod.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(AttributeError, match=r"'coprod\.appraisal' has no attribute 'nope'"):
        coprod.appraisal.nope  # type: ignore[attr-defined]  # noqa: B018


def test_the_plugin_hooks_name_parameter_sets_without_the_appraisal_machinery() -> None:
    code = (
        "import sys, coprod.hookspecs; "
        "print(sorted(m for m in sys.modules if m.startswith('coprod.appraisal.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    # The parameter set's type and its decimal helpers, nothing that appraises.
    assert out == "['coprod.appraisal._numbers', 'coprod.appraisal.parameters_model']"
