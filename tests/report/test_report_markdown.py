"""The markdown exporter: a readable report in which input text renders literally."""

from __future__ import annotations

import re

import pytest

import coprod
from coprod.builtin.cells import markdown_text
from coprod.builtin.export_markdown import render_markdown

UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
LINK = re.compile(r"(?<!\\)\]\(([^)]*)\)")


def _tables(text: str) -> list[list[str]]:
    tables: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def _cells(row: str) -> int:
    return len(UNESCAPED_PIPE.split(row)) - 2


def test_demo_markdown_has_every_section(demo_report: coprod.Report) -> None:
    text = render_markdown(demo_report)
    assert text.startswith("# Co-Production Star report: Eastbridge Borough Council\n")
    for heading in (
        "## Summary",
        "## The Star: how far each Co goes",
        "## Explorer map (Map it)",
        "### Gaps: candidates for new co-production",
        "### Quick wins",
        "### All initiatives",
        "### How each score was reached",
        "## Barriers by category",
        "## Stakeholders (People it)",
        "## Stakeholder network",
        "## Findings",
    ):
        assert f"\n{heading}" in text, heading
    for initiative in demo_report.initiatives:
        assert markdown_text(initiative.name) in text
    assert "priority.savings (coprod.builtin.priority): 3 × 0.5 = 1.5" in text
    assert text.endswith("\n") and not text.endswith("\n\n")


@pytest.mark.parametrize("fixture", ["demo_report", "hostile_report"])
def test_tables_keep_their_column_count(fixture: str, request: pytest.FixtureRequest) -> None:
    report: coprod.Report = request.getfixturevalue(fixture)
    tables = _tables(render_markdown(report))
    assert tables
    for table in tables:
        widths = {_cells(row) for row in table}
        assert len(widths) == 1, table[:3]


def test_hostile_text_renders_literally(hostile_report: coprod.Report) -> None:
    text = render_markdown(hostile_report)
    assert "<script" not in text and "</svg" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "a \\| b \\| c" in text
    assert "\\`code\\` \\*bold\\* \\_it\\_" in text
    # The only links are http(s) websites; javascript:, data: and relative are text.
    targets = LINK.findall(text)
    assert targets
    assert all(t.startswith(("https://", "http://")) for t in targets), targets
    assert "javascript:alert(document.cookie)" in text  # shown, not linked
    # Line-start markers in input do not become headings or list items.
    assert "\n# heading" not in text and "\n- list" not in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a|b", "a\\|b"),
        ("<b>&", "&lt;b&gt;&amp;"),
        ("1. first", "1\\. first"),
        ("- item", "\\- item"),
        ("# title", "\\# title"),
        ("line\nbreak", "line break"),
        ("plain words", "plain words"),
    ],
)
def test_markdown_text(text: str, expected: str) -> None:
    assert markdown_text(text) == expected
