"""Problem codes: the table in docs/format.md, PROBLEM_CODES and the source agree.

Codes are an interface (a web form branches on them), so a code used in the
source but not documented, or documented but unknown, fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from coprod.errors import PROBLEM_CODES, Problem, TableLocation, path_of

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "format.md"
SOURCE = ROOT / "src" / "coprod"

#: Calls that take a code as a positional argument, and its position.
_POSITIONAL_CODE = {"in_table": 2, "problem": 3, "with_code": 0, "_at": 4}


def documented_codes() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"^## Problem codes\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match is not None, "docs/format.md has no '## Problem codes' section"
    return re.findall(r"^\| `([a-z-]+)` \|", match.group(1), re.M)


def codes_in_source() -> dict[str, list[str]]:
    """Every literal code passed in the package's source, with where it is used."""
    found: dict[str, list[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            values = [k.value for k in node.keywords if k.arg == "code"]
            position = _POSITIONAL_CODE.get(name)
            if position is not None and len(node.args) > position:
                values.append(node.args[position])
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.setdefault(value.value, []).append(
                        f"{path.relative_to(ROOT)}:{node.lineno}"
                    )
    return found


def test_the_documented_codes_are_the_known_codes_in_order() -> None:
    assert documented_codes() == list(PROBLEM_CODES)


def test_every_code_used_in_the_source_is_documented() -> None:
    used = codes_in_source()
    unknown = {code: places for code, places in used.items() if code not in PROBLEM_CODES}
    assert not unknown
    # The scan itself must see the table reader's codes, or it proves nothing.
    assert {"unknown-column", "missing-column", "bad-encoding", "syntax"} <= set(used)


def test_problem_keeps_its_old_shape_and_gains_a_code_and_a_path() -> None:
    problem = Problem("$.initiatives[3].ratings.risk", "must be an integer from 1 to 5, got 9")
    assert str(problem) == "$.initiatives[3].ratings.risk: must be an integer from 1 to 5, got 9"
    assert problem.code == "invalid-value"
    assert problem.path == ("initiatives", 3, "ratings", "risk")
    assert problem.cell is None


def test_paths_with_quoted_keys_and_non_paths() -> None:
    assert path_of("$.initiatives[0]['bad key']") == ("initiatives", 0, "bad key")
    assert path_of("$") == ()
    assert path_of("initiatives.csv row 4") is None
    assert path_of("$.a[") is None


def test_a_table_problem_names_file_row_and_column() -> None:
    cell = TableLocation("needs.csv", 4, "Priority")
    problem = Problem.in_table(cell, "expected one of low, normal, high", "unknown-value")
    assert str(problem) == "needs.csv row 4, column 'Priority': expected one of low, normal, high"
    assert problem.to_dict() == {
        "where": "needs.csv row 4, column 'Priority'",
        "code": "unknown-value",
        "message": "expected one of low, normal, high",
        "source": "needs.csv",
        "row": 4,
        "column": "Priority",
    }
    assert str(TableLocation("t.csv", 2, None, "C")) == "t.csv row 2, column C"
    assert str(TableLocation("t.csv")) == "t.csv"
