"""The layers point one way: the domain core is pure, and importing coprod is light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import coprod

SRC = Path(coprod.__file__).parent
CORE = SRC / "model"


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout.strip()


def test_import_coprod_is_light_and_loads_no_plugins() -> None:
    loaded = _run(
        "import sys, coprod; print(' '.join(sorted(m for m in sys.modules "
        "if m.split('.')[0] in {'networkx', 'jinja2', 'cattrs', 'scipy'} "
        "or m.startswith('coprod.builtin.') or m.startswith('coprod.people'))))"
    )
    assert loaded == ""
    assert _run("import coprod; print(len(coprod.Co), len(coprod.Step))") == "4 5"


def test_the_core_imports_nothing_outside_itself_but_attrs_and_the_stdlib() -> None:
    allowed_third_party = {"attrs"}
    allowed_coprod = {"coprod.model", "coprod.errors"}
    forbidden_stdlib = {"os", "io", "pathlib", "sys", "socket", "subprocess", "logging", "time"}
    for path in sorted(CORE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top == "coprod":
                    assert any(name == a or name.startswith(a + ".") for a in allowed_coprod), (
                        f"{path.name} imports {name}"
                    )
                elif top not in sys.stdlib_module_names:
                    assert top in allowed_third_party, f"{path.name} imports {name}"
                else:
                    assert top not in forbidden_stdlib, f"{path.name} imports {name} (I/O)"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"open", "print", "input"}, (
                    f"{path.name} calls {node.func.id}() in the pure core"
                )


def test_import_linter_contract_holds() -> None:
    # The same interpreter as the tests, so an unactivated virtualenv still finds it.
    pytest.importorskip("importlinter", reason="import-linter is in the 'test' extra")
    # The repository, found from this test file (coprod itself may be installed elsewhere).
    root = Path(__file__).resolve().parents[2]
    assert (root / "pyproject.toml").exists(), root
    command = "from importlinter.cli import lint_imports_command; lint_imports_command()"
    result = subprocess.run(
        [sys.executable, "-c", command], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout  # the summary line: it really ran the contracts
