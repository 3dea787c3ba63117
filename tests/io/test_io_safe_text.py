"""coprod.io.safe_text: the one place hostile text is made safe for CSV, Markdown, links."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprod.io.safe_text import markdown_text, neutralise_csv, safe_url


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("9.5", "9.5"),  # a number, not an ordered-list marker
        ("-40", "-40"),
        ("1. item", "1\\. item"),
        ("- item", "\\- item"),
        ("---", "\\---"),
        ("a | b <script>", "a \\| b &lt;script&gt;"),
        ("line\nbreak", "line break"),
    ],
)
def test_markdown_text(text: str, escaped: str) -> None:
    assert markdown_text(text) == escaped


@given(st.text())
def test_markdown_text_is_one_line_without_raw_tags_or_pipes(text: str) -> None:
    escaped = markdown_text(text)
    assert "\n" not in escaped
    assert "\r" not in escaped
    assert "<" not in escaped
    assert "|" not in escaped.replace("\\|", "")


@given(st.text())
def test_neutralised_cells_never_start_a_formula(text: str) -> None:
    cell = neutralise_csv(text)
    assert not cell.lstrip(" \t\r\n\f\v\u00a0\u3000").startswith(("=", "+", "-", "@")) or (
        cell.startswith("'")
    )
    assert cell == text or cell == "'" + text


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,x", False),
        ("//example.org", False),
        ("/relative", False),
    ],
)
def test_safe_url(url: str, safe: bool) -> None:
    assert (safe_url(url) == url) is safe
