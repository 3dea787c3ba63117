"""The html exporter: one self-contained, script-free page with every input string escaped."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

import coprod
from coprod.builtin.cells import safe_url
from coprod.builtin.export_html import render_html

#: Every element the report may contain (HTML and inline SVG).
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "main", "footer", "nav",
    "section", "h1", "h2", "h3", "p", "span", "strong", "em", "a", "div", "dl", "dt", "dd",
    "ul", "li", "table", "caption", "colgroup", "col", "thead", "tbody", "tr", "th", "td",
    "figure", "figcaption", "details", "summary", "pre", "code",
    "svg", "desc", "g", "rect", "line", "polygon", "circle", "text",
}  # fmt: skip


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend((tag, name, value) for name, value in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    collector.close()
    return collector


def _check_safe_page(page: str) -> _Collector:
    parsed = _parse(page)
    assert set(parsed.tags) <= ALLOWED_TAGS, set(parsed.tags) - ALLOWED_TAGS
    lowered = page.lower()
    assert "<script" not in lowered
    for needle in ("<link", "<img", "<iframe", "<object", "<embed", "@import", "url("):
        assert needle not in lowered, needle
    for tag, name, value in parsed.attributes:
        assert not name.startswith("on"), (tag, name, value)
        assert name not in ("src", "srcset", "action", "formaction", "xlink:href"), (tag, name)
        if name == "href":
            assert value is not None
            assert tag == "a"
            assert value.startswith("#") or safe_url(value) == value, value
        if name == "style":
            assert value is not None and "url" not in value.lower()
    return parsed


def test_demo_page_is_complete_and_self_contained(demo_report: coprod.Report) -> None:
    page = render_html(demo_report)
    parsed = _check_safe_page(page)
    assert page.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    # The Star, the Priority Matrix, and the business case's cash flow and tornado.
    assert page.count("<svg") == 4
    assert 'class="chart cash-flow"' in page and "NPV sensitivity" in page
    assert 'class="chart star-chart"' in page and 'class="chart matrix-chart"' in page
    assert "@media print" in page
    for section in (
        "summary",
        "star",
        "explorer",
        "matrix",
        "quick-wins",
        "initiatives",
        "barriers",
        "stakeholders",
        "network",
        "findings",
    ):
        assert f'<section id="{section}">' in page, section
    text = " ".join(parsed.text)
    for initiative in demo_report.initiatives:
        assert initiative.name in text
    # Explanations, openable without JavaScript.
    assert page.count("<details") >= 4 * len(demo_report.initiatives)
    assert "priority.savings (coprod.builtin.priority): 3 × 0.5 = 1.5" in text
    # Only http(s) websites are linked; the demo's are.
    links = [v for t, n, v in parsed.attributes if n == "href" and v and not v.startswith("#")]
    assert "https://eastbridge.example.org/co-production" in links
    assert "16 rated initiatives" in text


def test_hostile_strings_are_escaped_everywhere(hostile_report: coprod.Report) -> None:
    page = render_html(hostile_report)
    parsed = _check_safe_page(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;/svg&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert page.count("<svg") == 2 and page.count("</svg>") == 2
    text = "".join(parsed.text)
    for initiative in hostile_report.initiatives:
        assert initiative.name.strip() in text
    assert "{{ 7*7 }}" in text  # template syntax in input is text, not evaluated
    hrefs = [v for _t, n, v in parsed.attributes if n == "href" and v and not v.startswith("#")]
    assert hrefs, "the http(s) websites are linked"
    assert all(v.startswith(("http://", "https://")) for v in hrefs)
    assert not any("javascript" in v.lower() or v.startswith("data:") for v in hrefs)
    assert "javascript:alert(document.cookie)" in text  # shown as text
    # The attribute-breaking URL stays one attribute value.
    assert 'https://ok.example/a"onmouseover="alert(1)' in hrefs


def test_reports_without_ratings_or_initiatives_render(
    demo_assessment: coprod.Assessment, make_report: Callable[..., coprod.Report]
) -> None:
    unrated = make_report(demo_assessment, blocked=["coprod.builtin.priority"])
    page = render_html(unrated)
    _check_safe_page(page)
    assert "0 rated initiatives" in page and "16 initiatives are not rated" in page
    empty = make_report(
        attrs.evolve(
            demo_assessment,
            initiatives=(),
            actions=(),
            incentives=(),
            nudges=(),
            charters=(),
            champions=(),
            showcases=(),
            business_case=None,
        )
    )
    page = render_html(empty)
    _check_safe_page(page)
    assert "No initiatives yet." in page


def test_large_reports_cap_the_matrix_and_say_so(make_report: Callable[..., coprod.Report]) -> None:
    initiatives = [
        coprod.Initiative(
            id=f"i{n}",
            name=f"Initiative {n}",
            service="s",
            cos=(coprod.Co.DELIVERY,),
            ratings=coprod.PriorityRatings(1 + n % 5, 1 + n // 5 % 5, 1 + n // 25 % 5, 3),
        )
        for n in range(620)
    ]
    assessment = coprod.Assessment(
        organisation=coprod.Organisation(name="Big Council"),
        services=[coprod.Service(id="s", name="Service")],
        initiatives=initiatives,
    )
    page = render_html(make_report(assessment))
    assert "Showing the first 500 of 620 rated initiatives" in page
    assert page.count('<g class="point">') == 500
    assert 'id="i620"' in page  # every initiative is still in the table


# --- Chromium ---------------------------------------------------------------------


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def test_chromium_renders_a_screenshot(demo_report: coprod.Report, tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip(
            "chromium not installed: the HTML screenshot test needs Debian's chromium package"
        )
    page = tmp_path / "report.html"
    page.write_text(render_html(demo_report), encoding="utf-8")
    screenshot = tmp_path / "report.png"
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={screenshot}",
        "--window-size=1280,2400",
        page.as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert screenshot.exists(), f"no screenshot (exit {result.returncode}): {result.stderr[-2000:]}"
    data = screenshot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == 1280  # IHDR width
    assert int.from_bytes(data[20:24], "big") == 2400  # IHDR height
    assert len(data) > 50_000, "the screenshot is suspiciously small (a blank page?)"
