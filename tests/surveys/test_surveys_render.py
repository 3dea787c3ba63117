"""Survey reports through their exporters: the JSON contract, safe CSV, escaped markdown."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest

from coprod.plugins import make_plugin_manager
from coprod.surveys import (
    AllocationAnalysis,
    AllocationSurvey,
    LikertAnalysis,
    LikertLevel,
    LikertResponse,
    LikertSurvey,
    analyse_allocation,
    analyse_likert,
    read_allocation,
    read_likert,
)
from coprod.surveys._numbers import exact_cell, format_exact, format_fixed, round_half_away
from coprod.surveys._text import escape_markdown, neutralise_cell

MANAGER = make_plugin_manager(entry_points=False)


def render(report: LikertAnalysis | AllocationAnalysis, fmt: str = "json") -> str:
    """What ``coprod survey … --format fmt`` writes: the registered exporter's output."""
    text = MANAGER.exporter(fmt, report.kind).render(report)
    assert isinstance(text, str)
    return text


def likert_to_dict(analysis: LikertAnalysis) -> Any:
    return json.loads(render(analysis, "json"))


def allocation_to_dict(analysis: AllocationAnalysis) -> Any:
    return json.loads(render(analysis, "json"))


DATA = Path(__file__).parent / "data"
LEVEL_KEYS = ["strongly agree", "agree", "not sure", "disagree", "strongly disagree"]


def hostile_allocation() -> AllocationSurvey:
    return AllocationSurvey.from_allocations(
        {
            "=cmd|' /C calc'!A0": {"=SUM(A1:A9)": 50, "a|b <b>bold</b> *x* [l](u)": 50},
            "@B": {"+1": 100},
        }
    )


def hostile_likert() -> LikertSurvey:
    return LikertSurvey.from_responses(
        [
            LikertResponse("r1", "-Jan|", '=HYPERLINK("x")', LikertLevel.AGREE),
            LikertResponse("r1", "Apr", '=HYPERLINK("x")', LikertLevel.DISAGREE),
        ]
    )


# ---------------------------------------------------------------------------- JSON


def test_allocation_json_contract() -> None:
    data = json.loads(render(analyse_allocation(read_allocation(DATA / "seed_001_allocation.tsv"))))
    assert data["respondents"] == 8
    first = data["factors"][0]
    assert {"factor", "mean", "median", "share_allocating", "rank"} <= set(first)
    assert first == {
        "factor": "More frontline staff",
        "mean": 6.25,
        "median": 0.0,
        "share_allocating": 0.375,
        "rank": 8,
        "allocating": 3,
        "barriers": [],
        "stated_mean": 6.0,
    }
    assert [f["mean"] for f in data["factors"]] == [
        6.25, 18.75, 23.125, 8.75, 8.75, 8.75, 11.25, 1.875, 0.6875, 0.5625, 11.25,
    ]  # fmt: skip
    assert data["warnings"] == []


def test_likert_json_contract() -> None:
    data = likert_to_dict(analyse_likert(read_likert(DATA / "attitude_002_wide.csv")))
    assert [c["cohort"] for c in data["cohorts"]] == ["January", "April"]
    statement = data["cohorts"][0]["statements"][0]
    assert {"statement", "n", "counts", "percent", "net_agreement"} <= set(statement)
    assert list(statement["counts"]) == LEVEL_KEYS
    assert list(statement["percent"]) == LEVEL_KEYS
    assert isinstance(statement["n"], int)
    assert all(isinstance(v, float) for v in statement["percent"].values())
    assert statement["counts"] == {
        "strongly agree": 13, "agree": 27, "not sure": 9, "disagree": 10, "strongly disagree": 0,
    }  # fmt: skip
    comparison = data["comparisons"][5]
    assert comparison["polarised"] is True
    assert list(comparison["change"]) == LEVEL_KEYS
    assert comparison["from_cohort"] == "January"
    assert comparison["to_cohort"] == "April"
    json.dumps(data, allow_nan=False)  # strictly valid JSON


def test_likert_json_statement_nobody_answered_is_null() -> None:
    survey = LikertSurvey.from_responses(
        [LikertResponse("r", "Jan", "s", None), LikertResponse("r", "Jan", "t", LikertLevel.AGREE)]
    )
    statement = likert_to_dict(analyse_likert(survey))["cohorts"][0]["statements"][0]
    assert statement["n"] == 0
    assert statement["no_answer"] == 1
    assert statement["percent"] == dict.fromkeys(LEVEL_KEYS)
    assert statement["net_agreement"] is None


def test_json_keeps_unicode_and_html_as_data() -> None:
    text = render(analyse_allocation(hostile_allocation()))
    factors = [f["factor"] for f in json.loads(text)["factors"]]
    assert factors == ["=SUM(A1:A9)", "a|b <b>bold</b> *x* [l](u)", "+1"]


def test_allocation_json_barrier_profile() -> None:
    survey = AllocationSurvey.from_allocations({"A": {"x": 100}})
    survey = AllocationSurvey(
        factors=survey.factors,
        respondents=survey.respondents,
        allocations=survey.allocations,
        barriers=[["leadership"]],
    )
    data = allocation_to_dict(analyse_allocation(survey))
    assert data["factors"][0]["barriers"] == ["leadership"]
    assert data["barrier_profile"] == [{"barrier": "leadership", "mean": 100.0, "factors": ["x"]}]


# ----------------------------------------------------------------------------- CSV


def test_allocation_csv_neutralises_formulas_but_not_numbers() -> None:
    text = render(analyse_allocation(hostile_allocation()), "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "factor", "mean", "median", "share_allocating", "allocating", "rank", "barriers",
        "stated_mean",
    ]  # fmt: skip
    assert [r[0] for r in rows[1:]] == ["'=SUM(A1:A9)", "a|b <b>bold</b> *x* [l](u)", "'+1"]
    assert rows[1][1:6] == ["25", "25", "0.5", "1", "2"]


def test_likert_csv_is_tidy_and_safe() -> None:
    text = render(analyse_likert(hostile_likert()), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["cohort"] for r in rows] == ["'-Jan|", "Apr"]
    assert rows[0]["statement"] == '\'=HYPERLINK("x")'
    assert rows[0]["percent_agree"] == "100"
    assert rows[0]["compared_with"] == ""
    assert rows[1]["compared_with"] == "'-Jan|"
    assert rows[1]["change_agree"] == "-100"  # numbers are never prefixed
    assert rows[1]["change_disagree"] == "100"
    assert rows[1]["net_agreement_change"] == "-200"
    assert rows[1]["polarised"] == "no"


def test_likert_csv_seed_thirds_are_floats() -> None:
    text = render(analyse_likert(read_likert(DATA / "attitude_002_wide.csv")), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 14
    first = rows[0]
    assert first["n"] == "59"
    assert float(first["percent_strongly_agree"]) == pytest.approx(100 * 13 / 59)
    total = sum(float(first[f"percent_{k.replace(' ', '_')}"]) for k in LEVEL_KEYS)
    assert total == pytest.approx(100)


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise_cell(text: str, safe: str) -> None:
    assert neutralise_cell(text) == safe


# ------------------------------------------------------------------------ markdown


def test_markdown_escapes_labels() -> None:
    text = render(analyse_allocation(hostile_allocation()), "markdown")
    assert "a\\|b &lt;b&gt;bold&lt;/b&gt; \\*x\\* \\[l\\](u)" in text
    assert "<b>" not in text
    for line in text.splitlines():
        if line.startswith("| ") and "bold" in line:
            # Five cells: the escaped pipe does not split the row.
            assert line.replace("\\|", "").count("|") == 6


def test_escape_markdown() -> None:
    assert escape_markdown("a|b") == "a\\|b"
    assert escape_markdown("<script>&") == "&lt;script&gt;&amp;"
    assert escape_markdown("line\nbreak") == "line break"
    assert escape_markdown("under_score `code` ~~x~~") == "under\\_score \\`code\\` \\~\\~x\\~\\~"
    assert escape_markdown("back\\slash") == "back\\\\slash"


def test_markdown_allocation_shows_rounded_means() -> None:
    analysis = analyse_allocation(read_allocation(DATA / "seed_001_allocation.tsv"))
    text = render(analysis, "markdown")
    assert "| 8 | More frontline staff | 6 | 0 | 3 (38%) |" in text
    assert (
        "| 1 | More staff who can enable service users to co-produce | 23 | 20 | 7 (88%) |" in text
    )
    # 12.5 is shown as 13: half away from zero, not Python's half to even.
    assert "| 3 | Supporting partners to embed co-production in their working | 11 | 13 |" in text
    detailed = render(attrs.evolve(analysis, decimals=2), "markdown")
    assert "| 8 | More frontline staff | 6.25 | 0.00 | 3 (37.50%) |" in detailed
    assert "0.69" in detailed  # 0.6875


def test_markdown_likert_shows_seed_percentages_and_flag() -> None:
    text = render(analyse_likert(read_likert(DATA / "attitude_002_wide.csv")), "markdown")
    assert "## January (62 respondents)" in text
    assert "| 62 | 3% | 15% | 15% | 61% | 6% | -50 | 0 |" in text
    assert "## April compared with January" in text
    assert text.count("**yes**") == 1


def test_unknown_format_and_decimals_are_refused() -> None:
    analysis = analyse_allocation(hostile_allocation())
    with pytest.raises(KeyError, match="unknown format 'xml'"):
        render(analysis, "xml")
    with pytest.raises(ValueError, match="decimals"):
        attrs.evolve(analysis, decimals=7)
    with pytest.raises(ValueError, match="decimals"):
        analyse_likert(hostile_likert(), decimals=-1)


# ------------------------------------------------------------- tables and html


def test_tables_are_exact_and_the_main_table_is_the_csv() -> None:
    analysis = analyse_allocation(read_allocation(DATA / "seed_001_allocation.tsv"))
    main = next(analysis.tables())
    rows = list(main.rows)
    # 50 / 8 = 6.25 and 185 / 8 = 23.125 (001_…), exactly: Decimals, not floats.
    assert rows[0][:3] == ("More frontline staff", Decimal("6.25"), Decimal("0"))
    assert rows[2][1] == Decimal("23.125")
    csv_rows = list(csv.reader(io.StringIO(render(analysis, "csv"))))
    assert csv_rows[0] == list(main.columns)
    assert len(csv_rows) == 1 + len(rows)
    likert = analyse_likert(read_likert(DATA / "attitude_002_wide.csv"))
    assert [t.name for t in likert.tables()] == ["statements", "comparisons"]
    comparisons = list(list(likert.tables())[1].rows)
    assert [row[-1] for row in comparisons].count("yes") == 1


@pytest.mark.parametrize(
    ("value", "cell"),
    [(Fraction(1, 4), Decimal("0.25")), (Fraction(100), Decimal(100)), (Fraction(1, 3), 1 / 3)],
)
def test_exact_cell(value: Fraction, cell: object) -> None:
    assert exact_cell(value) == cell
    assert type(exact_cell(value)) is type(cell)


def test_html_is_escaped_and_rounded_like_markdown() -> None:
    html = render(analyse_allocation(hostile_allocation()), "html")
    assert html.startswith("<!DOCTYPE html>")
    assert "<b>bold</b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    seed = analyse_allocation(read_allocation(DATA / "seed_001_allocation.tsv"))
    page = render(seed, "html")
    assert '<td>More frontline staff</td><td class="r">6</td>' in page
    likert = render(analyse_likert(read_likert(DATA / "attitude_002_wide.csv")), "html")
    assert likert.count("<strong>yes</strong>") == 1


# ------------------------------------------------------------------------ rounding


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction("6.25"), 0, "6"),
        (Fraction("0.5"), 0, "1"),
        (Fraction("1.5"), 0, "2"),
        (Fraction("2.5"), 0, "3"),
        (Fraction("12.5"), 0, "13"),
        (Fraction("-12.5"), 0, "-13"),
        (Fraction("-0.4"), 0, "0"),
        (Fraction("0.6875"), 2, "0.69"),
        (Fraction("0.125"), 2, "0.13"),
        (Fraction(100, 3), 1, "33.3"),
        (Fraction(200, 3), 0, "67"),
    ],
)
def test_format_fixed_rounds_half_away_from_zero(
    value: Fraction, places: int, expected: str
) -> None:
    assert format_fixed(value, places) == expected


def test_format_fixed_signs() -> None:
    assert format_fixed(Fraction(3), sign=True) == "+3"
    assert format_fixed(Fraction(-3), sign=True) == "-3"
    assert format_fixed(Fraction(1, 10), sign=True) == "0"


def test_round_half_away_differs_from_builtin_round() -> None:
    assert round_half_away(Fraction(5, 2)) == 3
    assert round(Fraction(5, 2)) == 2


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction("23.125"), "23.125"),
        (Fraction("0.6875"), "0.6875"),
        (Fraction(100), "100"),
        (Fraction(0), "0"),
        (Fraction(-1, 4), "-0.25"),
        (Fraction(100, 3), "33.333333333333336"),
    ],
)
def test_format_exact(value: Fraction, text: str) -> None:
    assert format_exact(value) == text
