"""Market it checks, the business case from a document, and both sections in every format.

The NPV and BCR of the end-to-end case are worked out by hand here (exact fractions
of the Green Book's 3.5 %), not with coprod's arithmetic.
"""

from __future__ import annotations

import copy
import json
import re
from fractions import Fraction
from typing import Any

import pytest

import coprod
from coprod.builtin.export_html import render_html
from coprod.builtin.export_json import render_json
from coprod.builtin.export_markdown import render_markdown
from coprod.builtin.export_summary import render_summary

DOC: dict[str, Any] = {
    "as_of": "2026-03-01",
    "organisation": {"name": "Hand-checked Council"},
    "services": [{"id": "streets", "name": "Street scene"}],
    "initiatives": [
        {
            "id": "champions",
            "name": "Environmental champions",
            "service": "streets",
            "cos": ["co-delivery"],
            "volunteer_hours": 300.0,
        },
        {
            "id": "speedwatch",
            "name": "Community Speedwatch",
            "service": "streets",
            "cos": ["co-delivery"],
            "barriers": ["citizen-capabilities-and-time"],
            "volunteer_hours": 50.0,
        },
    ],
    "business_case": {
        "years": 2,
        "optimism_bias": 0.2,
        "costs": [
            {
                "label": "Set-up",
                "form": "substitutive",
                "amount": 1000.0,
                "initiative": "champions",
            }
        ],
        "benefits": [
            {
                "label": "Cleansing saved",
                "form": "substitutive",
                "type": "fiscal",
                "cashable": True,
                "amount": 600.0,
                "first_year": 1,
                "last_year": 2,
                "deadweight": 0.25,
                "initiative": "champions",
            }
        ],
        "volunteer_hours": [
            {
                "label": "Champions' time",
                "form": "substitutive",
                "hours": 10.0,
                "first_year": 1,
                "last_year": 1,
                "initiative": "champions",
            }
        ],
    },
}

D = Fraction(1000, 1035)  # one year of the Green Book's 3.5 % (years 0-30)


def _report(document: dict[str, Any], **options: Any) -> coprod.Report:
    assessment = coprod.load_assessment(document)
    manager = coprod.make_plugin_manager(entry_points=False, **options)
    return coprod.build_report(
        assessment,
        coprod.evaluate(assessment, manager),
        barriers=manager.barriers,
        provenance=coprod.provenance_of(manager),
    )


def _by_hand(rate: Fraction) -> tuple[Fraction, Fraction]:
    """PV(costs) and PV(benefits) of DOC's business case, from the method's definition."""
    uplift = Fraction(12, 10)  # optimism bias 20 % on every cost, citizens' time included
    costs = 1000 * uplift + 10 * rate * uplift * D  # set-up in year 0; hours in year 1
    benefits = 600 * Fraction(3, 4) * (D + D * D)  # less deadweight 25 %, years 1 and 2
    return costs, benefits


def _penny(value: Fraction) -> str:
    """``value`` to the penny, half away from zero (as the report presents money)."""
    sign = "-" if value < 0 else ""
    pennies = abs(value) * 100
    rounded = int(pennies) + (1 if pennies - int(pennies) >= Fraction(1, 2) else 0)
    return f"{sign}{rounded // 100}.{rounded % 100:02d}"


def test_the_report_npv_and_bcr_are_the_hand_computed_ones() -> None:
    report = _report(DOC)
    data = json.loads(render_json(report))["business_case"]
    costs, benefits = _by_hand(Fraction(8))  # the default rate, seed 001
    # 1000 × 1.2 + 10 h × £8 × 1.2 / 1.035 = 1200 + 92.75
    assert data["programme"]["pv_costs"] == _penny(costs) == "1292.75"
    assert data["programme"]["pv_benefits"] == _penny(benefits)
    assert data["programme"]["npv"] == _penny(benefits - costs)
    bcr = benefits / costs
    assert data["programme"]["bcr"] == f"{float(bcr):.2f}"
    assert data["parameters"]["id"] == "green-book-2022"
    assert data["volunteer_rate_is_default"] is True
    # The initiative's own appraisal is the programme's (it is the only one).
    assert data["initiatives"][0]["npv"] == data["programme"]["npv"]
    # Every cash flow is listed with how it was reached.
    hours = [f for f in data["cash_flows"] if f["flow"] == "Champions' time"]
    assert hours[0]["gross"] == "80.00" and "10 hours × 8" in hours[0]["how"]


def test_changing_the_volunteer_rate_changes_every_valued_figure() -> None:
    default = _report(DOC)
    document = copy.deepcopy(DOC)
    document["volunteer_hourly_rate"] = 12.5
    stated = _report(document)
    # The volunteer-value metric of every initiative: hours × the document's rate.
    for before, after, hours in zip(
        default.initiatives, stated.initiatives, (300, 50), strict=True
    ):
        assert before.metric("volunteer-value") == hours * 8
        assert after.metric("volunteer-value") == hours * 12.5
    assert str(default.totals.volunteer_value) == "2800.00"
    assert str(stated.totals.volunteer_value) == "4375.00"
    assert str(stated.totals.volunteer_hourly_rate) == "12.50"
    # The business case: every citizens' time flow and the NPV.
    assert stated.business_case is not None and default.business_case is not None
    lines = [
        line for line in stated.business_case.programme.lines if line.category == "citizens' time"
    ]
    assert lines and all(str(line.gross) == "125.0" for line in lines)
    costs, benefits = _by_hand(Fraction(25, 2))
    assert str(stated.business_case.programme.npv.quantize(coprod_penny())) == _penny(
        benefits - costs
    )
    assert stated.business_case.programme.npv != default.business_case.programme.npv
    # Every format says which rate it used.
    for text in (
        render_summary(stated),
        render_markdown(stated),
        render_html(stated),
        render_json(stated),
    ):
        assert "12.50" in text, text[:200]
    assert "(stated in the document)" in render_markdown(stated)
    assert "(the default" in render_markdown(default)
    assert "(the default" in render_html(default)


def coprod_penny() -> Any:
    from decimal import Decimal

    return Decimal("0.01")


def test_an_initiative_with_the_capabilities_barrier_and_no_incentive_gets_a_suggestion() -> None:
    report = _report(DOC)
    found = [f for f in report.findings if f.source == "market.barriers"]
    assert [f.initiative for f in found] == ["speedwatch"]
    assert "citizen-capabilities-and-time" in found[0].message
    (action,) = found[0].suggested_actions
    assert action.step is coprod.Step.MARKET
    assert action.initiatives == ("speedwatch",)
    assert action.findings == ("market.barriers",)
    # The suggestion reaches the suggested plan.
    assert report.action_plan is not None
    assert any(a.id == action.id for a in report.action_plan.suggested)
    # An incentive serving it answers the finding.
    document = copy.deepcopy(DOC)
    document["incentives"] = [
        {"name": "Thank-you tea", "kind": "psychological", "initiatives": ["speedwatch"]}
    ]
    assert not [f for f in _report(document).findings if f.source == "market.barriers"]


def _charter(**fields: Any) -> dict[str, Any]:
    charter: dict[str, Any] = {
        "id": "speedwatch-agreement",
        "name": "Speedwatch volunteer agreement",
        "roles": [{"party": "citizens", "role": "volunteer", "responsibilities": ["Wear hi-vis"]}],
        "conflict_mechanism": "The coordinator decides.",
    }
    charter.update(fields)
    return charter


def _charter_findings(charter: dict[str, Any], as_of: str | None = "2026-03-01") -> list[str]:
    document = copy.deepcopy(DOC)
    document["charters"] = [charter]
    if as_of is None:
        del document["as_of"]
    else:
        document["as_of"] = as_of
    return [f.message for f in _report(document).findings if f.source == "market.charters"]


def test_a_charter_with_no_agency_commitments_is_named() -> None:
    (message,) = _charter_findings(_charter())
    assert "'speedwatch-agreement'" in message and "nothing the agency commits" in message
    # Support in a role, or agency commitments, answer it.
    assert _charter_findings(_charter(agency_commitments=["Insurance"])) == []


def test_charters_without_conflict_mechanism_or_past_review_are_named() -> None:
    committed = {"agency_commitments": ["Insurance"]}
    (message,) = _charter_findings(_charter(conflict_mechanism="", **committed))
    assert "no conflict mechanism" in message
    (message,) = _charter_findings(_charter(review_date="2026-02-28", **committed))
    assert "2026-02-28" in message and "2026-03-01" in message
    assert _charter_findings(_charter(review_date="2026-03-01", **committed)) == []
    # No as_of: the review date is never compared with the clock.
    assert _charter_findings(_charter(review_date="2000-01-01", **committed), as_of=None) == []


def test_all_monetary_incentives_and_the_hardest_to_persuade() -> None:
    document = copy.deepcopy(DOC)
    document["incentives"] = [
        {"name": "Expenses", "kind": "monetary", "targets": ["citizens"]},
        {"name": "Vouchers", "kind": "monetary", "targets": ["service users"]},
    ]
    document["stakeholders"] = [
        {
            "id": "finance",
            "name": "Director of Finance",
            "power": "high",
            "interest": "low",
            "propensity": "hardest to persuade",
        }
    ]
    sources = [f.source for f in _report(document).findings]
    assert "market.incentive-mix" in sources
    assert "market.hardest-to-persuade" in sources
    document["incentives"].append(
        {"name": "Co-production award", "kind": "recognition award", "targets": ["staff"]}
    )
    sources = [f.source for f in _report(document).findings]
    assert "market.incentive-mix" not in sources
    assert "market.hardest-to-persuade" not in sources


def test_grow_checks_cite_the_seeds() -> None:
    messages = {f.source: f.message for f in _report(DOC).findings}
    assert "seed 002 (line 304)" in messages["grow.champions"]
    assert "seed 002 (line 306)" in messages["grow.alignment"]
    document = copy.deepcopy(DOC)
    document["alignment"] = {"hr_recognises": ["problem solver"]}
    alignment = [f.message for f in _report(document).findings if f.source == "grow.alignment"]
    assert any("only as problem solvers" in m for m in alignment)


@pytest.mark.parametrize("render", [render_summary, render_markdown, render_html, render_json])
def test_the_demo_shows_market_it_and_the_business_case(
    demo_report: coprod.Report, render: Any
) -> None:
    text = render(demo_report)
    assert "green-book-2022" in text
    assert "Champions" in text or "champions" in text
    if render is not render_summary:
        assert "Speedwatch volunteer agreement" in text or "speedwatch-charter" in text


def test_the_demo_business_case_has_several_initiatives(demo_report: coprod.Report) -> None:
    case = demo_report.business_case
    assert case is not None and len(case.initiatives) >= 3
    assert case.tornado is not None and len(case.tornado.bars) == 5
    market = demo_report.market
    assert market is not None and len(market.charters) == 2
    kinds = {c.kind.value for c in market.by_kind_and_target}
    assert kinds == {"psychological", "recognition award", "monetary"}


def test_hostile_names_in_the_new_sections_are_escaped() -> None:
    hostile = '<script>alert(1)</script> =HYPERLINK("x") | `code`'
    document = copy.deepcopy(DOC)
    document["incentives"] = [{"name": hostile, "kind": "psychological", "targets": ["staff"]}]
    document["charters"] = [
        {
            "name": hostile,
            "roles": [{"party": "citizens", "role": hostile, "responsibilities": [hostile]}],
        }
    ]
    document["business_case"]["costs"][0]["label"] = hostile
    report = _report(document)
    page = render_html(report)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    markdown = render_markdown(report)
    assert "<script>" not in markdown
    # The name's "|" never splits a table cell: every row of the charter table has 4 cells.
    rows = [line for line in markdown.splitlines() if line.startswith("| citizens |")]
    assert rows and all(len(re.split(r"(?<!\\)\|", row)) == 6 for row in rows), rows
