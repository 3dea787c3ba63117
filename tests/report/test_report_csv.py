"""The csv exporter: one row per initiative, and nothing a spreadsheet would run."""

from __future__ import annotations

import csv
import io

import pytest

import coprod
from coprod.builtin.cells import neutralise_csv
from coprod.builtin.export_csv import csv_columns, render_csv

NUMERIC = {"impact", "effort", "public-saving", "volunteer-value", "volunteer_hours"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_demo_csv_has_one_row_per_initiative(demo_report: coprod.Report) -> None:
    text = render_csv(demo_report)
    rows = _rows(text)
    header = rows[0]
    assert header == list(csv_columns(demo_report))
    assert header[:11] == [
        "id",
        "name",
        "service",
        "service_name",
        "cos",
        "status",
        "service_model",
        "form",
        "impact",
        "effort",
        "quadrant",
    ]
    assert header[-3:] == ["barriers", "volunteer_hours", "incomplete"]
    assert "public-saving" in header and "volunteer-value" in header
    assert len(header) == len(set(header))
    assert [r[0] for r in rows[1:]] == [i.id for i in demo_report.initiatives]
    assert all(len(r) == len(header) for r in rows)
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    food = by_id["food-train"]
    assert food["cos"] == "co-delivery"
    assert food["form"] == "additive"
    assert food["quadrant"] == "quick win"
    assert float(food["impact"]) == 4.0 and float(food["effort"]) == 2.0
    assert food["barriers"] == "transport-and-geography;insufficient-resources"
    # A negative number we write is a number, not a neutralised text cell.
    assert food["public-saving"] == "-35000.0"
    assert by_id["peer-educators"]["public-saving"] == ""  # not known: blank


def test_csv_uses_rfc_4180_line_endings(demo_report: coprod.Report) -> None:
    text = render_csv(demo_report)
    assert text.count("\r\n") == len(demo_report.initiatives) + 1
    assert "\n" not in text.replace("\r\n", "")


def test_hostile_text_cells_cannot_run_as_formulas(hostile_report: coprod.Report) -> None:
    rows = _rows(render_csv(hostile_report))
    header = rows[0]
    assert len(rows) == len(hostile_report.initiatives) + 1
    names = []
    for row in rows[1:]:
        for column, cell in zip(header, row, strict=True):
            if column in NUMERIC:
                if cell:
                    float(cell)  # a number we formatted, never input text
                continue
            assert not cell.startswith(FORMULA_START), (column, cell)
            assert not cell.lstrip().startswith(FORMULA_START[:4]), (column, cell)
        names.append(row[1])
    assert '\'=HYPERLINK("http://x")' in names
    assert {"'+1", "'-1", "'@SUM(A1)", "'\t=1+1", "'\r=1+1", "' =2+2"} <= set(names)
    # Everything else is kept as it was.
    assert "<script>alert(1)</script>" in names
    assert "a | b | c" in names
    service_names = {row[3] for row in rows[1:]}
    assert "'-Roads" in service_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("  =1", "'  =1"),
        ("\u00a0@x", "'\u00a0@x"),
        ("", ""),
        ("Time bank", "Time bank"),
        ("x=1", "x=1"),
        ("'quoted", "'quoted"),
    ],
)
def test_neutralise_csv(text: str, expected: str) -> None:
    assert neutralise_csv(text) == expected
