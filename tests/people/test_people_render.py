"""The match report through its exporters: formats, personal data, suppression, escaping."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from coprod.io.safe_text import csv_cell, markdown_text
from coprod.people import (
    Capability,
    MatchProblem,
    MatchReport,
    MatchResult,
    Need,
    Provider,
    aggregate_needs,
    aggregate_unmatched_reasons,
    match_needs,
    read_match_problem,
)
from coprod.plugins import make_plugin_manager

MANAGER = make_plugin_manager(entry_points=False)


def render_match_result(result: MatchResult, fmt: str = "markdown", **options: Any) -> str:
    """What ``coprod match --format fmt`` writes: the registered exporter's output."""
    text = MANAGER.exporter(fmt, "match").render(MatchReport(result, **options))
    assert isinstance(text, str)
    return text


def match_result_to_dict(result: MatchResult, **options: Any) -> Any:
    return MatchReport(result, **options).data()


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NAMES = ("Aileen", "Morag", "Jean", "Tomasz", "Duncan", "Harbour Café", "Mrs MacLeod")


@pytest.fixture(scope="module")
def example() -> MatchResult:
    problem = read_match_problem(EXAMPLES / "capabilities.csv", EXAMPLES / "needs.csv")
    return match_needs(problem)


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "html"])
def test_no_names_unless_asked(example: MatchResult, fmt: str) -> None:
    text = render_match_result(example, fmt)
    assert not any(name in text for name in NAMES)
    assert "n-003" in text  # pseudonymous ids are there
    personal = render_match_result(example, fmt, include_personal_data=True)
    assert "Mrs MacLeod" in personal
    assert "Duncan" in personal


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "html"])
def test_aggregates_only_has_no_ids(example: MatchResult, fmt: str) -> None:
    text = render_match_result(example, fmt, aggregates_only=True)
    assert "n-003" not in text
    assert "m-005" not in text
    assert not any(name in text for name in NAMES)


def test_json_document(example: MatchResult) -> None:
    data = json.loads(render_match_result(example, "json"))
    assert data["objective"] == "best"
    assert data["personal_data"] is False
    assert data["summary"]["needs"] == 22
    assert data["summary"]["matched"] == len(data["matches"]) == 14
    first = data["matches"][0]
    assert set(first["components"]) == {"category", "area", "availability", "priority"}
    assert "provider_name" not in first
    reasons = {u["need_id"]: u["reason"] for u in data["unmatched"]}
    assert reasons["n-015"] == "none-verified"
    assert data["unmatched"][0]["funnel"]["in_category"] >= 0
    cells = data["aggregates"]["by_category_and_area"]
    assert all(c["needs"] is None or c["needs"] >= 5 or c["needs"] == 0 for c in cells)
    agg = json.loads(render_match_result(example, "json", aggregates_only=True))
    assert "matches" not in agg
    assert agg["summary"]["needs"] == 22


def test_csv_rows_one_per_need(example: MatchResult) -> None:
    rows = list(csv.DictReader(io.StringIO(render_match_result(example, "csv"))))
    assert [r["need_id"] for r in rows] == sorted(r["need_id"] for r in rows)
    assert len(rows) == 22
    by_id = {r["need_id"]: r for r in rows}
    assert by_id["n-003"]["status"] == "matched"
    assert by_id["n-003"]["provider_id"] == "m-005"
    assert float(by_id["n-003"]["score"]) == pytest.approx(10)
    assert by_id["n-011"]["reason"] == "no-capability-in-category"
    assert "requester_name" not in rows[0]
    personal = list(
        csv.DictReader(io.StringIO(render_match_result(example, "csv", include_personal_data=True)))
    )
    assert {r["requester_name"] for r in personal} >= {"Mrs MacLeod", "Harbour Café"}


def test_csv_cells_neutralise_text_but_not_numbers() -> None:
    for dangerous in ("=SUM(A1)", "+1", "-2+3", "@cmd", "\tx", "\rx"):
        assert csv_cell(dangerous) == "'" + dangerous
    assert csv_cell("plain") == "plain"
    assert csv_cell(-1.5) == "-1.5"
    assert csv_cell(None) == ""


def hostile() -> MatchResult:
    problem = MatchProblem(
        providers=[
            Provider("p1", display_name='=HYPERLINK("http://x")', consent=True),
            Provider("p2", display_name="<script>alert(1)</script> | **x**", consent=True),
        ],
        capabilities=[
            Capability("c1", "p1", "ironing", "dunoon"),
            Capability("c2", "p2", "repairs", "dunoon"),
        ],
        needs=[
            Need("n1", "r1", "ironing", "dunoon", requester_name="@evil"),
            Need("n2", "r2", "repairs", "dunoon", requester_name="-1+1"),
        ],
    )
    return match_needs(problem)


def test_csv_neutralises_formulas_from_input() -> None:
    rows = list(
        csv.reader(io.StringIO(render_match_result(hostile(), "csv", include_personal_data=True)))
    )
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://x")' in cells
    assert "'@evil" in cells
    assert "'-1+1" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_html_is_escaped_and_self_contained() -> None:
    html = render_match_result(hostile(), "html", include_personal_data=True)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "http://" not in html.replace('"http://x"', "").replace("&#34;http://x&#34;", "")
    assert "<link" not in html
    assert "src=" not in html
    assert html.startswith("<!DOCTYPE html>")
    assert "personal data" in html


def test_markdown_is_escaped() -> None:
    md = render_match_result(hostile(), "markdown", include_personal_data=True)
    assert "<script>" not in md
    assert "\\*\\*x\\*\\*" in md
    assert "\\|" in md
    assert markdown_text("a|b\nc") == "a\\|b c"
    # One escaper for every Markdown coprod writes (coprod.io.safe_text.markdown_text).
    assert "&lt;5" in render_match_result(many({("ironing", "dunoon"): (0, 3)}), "markdown")
    assert markdown_text("<b>") == "&lt;b&gt;"


def many(counts: dict[tuple[str, str], tuple[int, int]]) -> MatchResult:
    """A result with (matched, unmatched) needs per (category, area)."""
    providers, caps, needs = [], [], []
    for k, ((category, area), (met, unmet)) in enumerate(sorted(counts.items())):
        providers.append(Provider(f"p{k}", consent=True))
        caps.append(Capability(f"c{k}", f"p{k}", category, area, capacity=met))
        for i in range(met + unmet):
            needs.append(Need(f"n{k}-{i}", f"r{k}-{i}", category, area))
    return match_needs(MatchProblem(providers, caps, needs), objective="most")


def test_small_counts_are_suppressed_with_their_complements() -> None:
    result = many(
        {
            ("ironing", "dunoon"): (7, 2),
            ("repairs", "dunoon"): (9, 6),
            ("gardening", "oban"): (12, 0),
        }
    )
    cells = {(a.category, a.area): a for a in aggregate_needs(result)}
    ironing = cells[("ironing", "dunoon")]
    # 2 unmatched is small: hidden, and matched too (needs - unmatched would give it away)
    assert ironing.unmatched is None
    assert ironing.matched is None
    assert ironing.needs == 9
    # the unmatched column had one hidden cell: the next smallest non-zero is hidden too
    assert cells[("repairs", "dunoon")].unmatched is None
    # every hidden count is either small or hidden alongside another in its row and column
    table = list(cells.values())
    for column in ("needs", "matched", "unmatched"):
        hidden = [a for a in table if getattr(a, column) is None]
        assert len(hidden) != 1
    for a in table:
        assert [a.needs, a.matched, a.unmatched].count(None) != 1
    assert cells[("gardening", "oban")] == aggregate_needs(result)[0]
    assert cells[("gardening", "oban")].needs == 12


def test_reason_counts_suppressed() -> None:
    result = many({("ironing", "dunoon"): (0, 3)})
    by_reason = {a.reason.value: a.needs for a in aggregate_unmatched_reasons(result)}
    assert by_reason["no-consent"] == 0
    data = match_result_to_dict(result, aggregates_only=True)
    assert data["summary"]["needs"] is None  # 3 needs in all: suppressed too
