"""The appraisal's pure modules do no I/O; only the parameter loader reads files."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import coprod.appraisal

PACKAGE = Path(coprod.appraisal.__file__).parent
EDGE = {"parameters.py", "__init__.py"}
FORBIDDEN = {"os", "io", "pathlib", "sys", "socket", "subprocess", "logging", "time", "importlib"}


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_pure_modules_import_no_io_and_not_the_loader() -> None:
    pure = sorted(p for p in PACKAGE.glob("*.py") if p.name not in EDGE)
    assert {p.name for p in pure} >= {"results.py", "flows.py", "sensitivity.py", "chart.py"}
    for path in pure:
        for name in _imports(path):
            top = name.split(".")[0]
            assert top not in FORBIDDEN, f"{path.name} imports {name}"
            assert name != "coprod.appraisal.parameters", f"{path.name} imports the loader"
            if top == "coprod":
                assert name.startswith(
                    ("coprod.appraisal.", "coprod.model", "coprod.errors", "coprod.report_value")
                ), f"{path.name} imports {name}"
            else:
                assert top in sys.stdlib_module_names or top == "attrs", f"{path.name}: {name}"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = {
            n.func.id
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
        }
        assert not calls & {"open", "print", "input"}, path.name


def test_the_default_volunteer_rate_is_not_duplicated() -> None:
    # The £8.00 default lives in coprod.model.grow; the appraisal reuses it.
    for path in PACKAGE.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "112_608" not in text and "112608" not in text, path.name
