"""The json exporter: documented keys, stable output, valid JSON whatever the input."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable

import attrs

import coprod
from coprod.builtin.cells import plain
from coprod.builtin.export_json import FORMAT_VERSION, render_json, report_data

TOP_LEVEL = [
    "format_version",
    "generator",
    "provenance",
    "currency",
    "resource_unit",
    "organisation",
    "scheme",
    "totals",
    "star",
    "services",
    "gaps",
    "initiatives",
    "quick_wins",
    "barriers",
    "stakeholders",
    "network",
    "findings",
    "metrics",
    "as_of",
    "round",
    "action_plan",
    "agreement",
    "market",
    "business_case",
]
INITIATIVE_KEYS = [
    "id",
    "name",
    "service",
    "service_name",
    "cos",
    "status",
    "service_model",
    "form",
    "priority",
    "metrics",
    "explanations",
    "barriers",
    "volunteer_hours",
    "incomplete",
    "description",
    "website",
]
CONTRIBUTION_KEYS = ["rule", "plugin", "status", "score", "weight", "value", "error"]


def _strict_loads(text: str) -> object:
    def reject(constant: str) -> object:
        raise AssertionError(f"invalid JSON constant {constant}")

    return json.loads(text, parse_constant=reject)


def test_demo_json_has_the_documented_structure(demo_report: coprod.Report) -> None:
    data = _strict_loads(render_json(demo_report))
    assert isinstance(data, dict)
    assert list(data) == TOP_LEVEL
    assert data["format_version"] == FORMAT_VERSION == 2
    assert data["generator"].startswith("coprod ")
    assert data["organisation"]["name"] == "Eastbridge Borough Council"
    assert [s["co"] for s in data["star"]] == [co.value for co in coprod.Co]
    for profile in data["star"]:
        assert 0 <= profile["score"] <= 1 and 0 <= profile["reach"] <= 1
        assert list(profile["services_by_extent"]) == [e.value for e in coprod.Extent]
    first = data["initiatives"][0]
    assert list(first) == INITIATIVE_KEYS
    assert list(first["priority"]) == ["impact", "effort", "quadrant"]
    assert list(first["explanations"]) == data["metrics"]
    explanation = first["explanations"]["impact"]
    assert list(explanation) == ["value", "complete", "combination", "contributions"]
    assert [list(c) for c in explanation["contributions"]] == [CONTRIBUTION_KEYS] * 2
    assert data["network"] is not None and "findings" in data["network"]


def test_json_round_trips_the_key_facts(demo_report: coprod.Report) -> None:
    data = _strict_loads(render_json(demo_report))
    assert isinstance(data, dict)
    by_id = {i["id"]: i for i in data["initiatives"]}
    assert list(by_id) == [i.id for i in demo_report.initiatives]
    for initiative in demo_report.initiatives:
        exported = by_id[initiative.id]
        assert exported["cos"] == [co.value for co in initiative.cos]
        assert exported["service_model"] == initiative.service_model
        assert exported["form"] == initiative.form
        assert initiative.position is not None
        assert exported["priority"] == {
            "impact": initiative.position.impact,
            "effort": initiative.position.effort,
            "quadrant": initiative.position.quadrant.value,
        }
        for metric, value in initiative.metrics:
            assert exported["metrics"][metric] == value
            explained = demo_report.evaluation.score(initiative.id, metric)
            assert exported["explanations"][metric]["value"] == explained.value
            assert [c["rule"] for c in exported["explanations"][metric]["contributions"]] == [
                c.rule for c in explained.contributions
            ]
    assert data["quick_wins"] == list(demo_report.quick_wins)
    assert set(data["quick_wins"]) == {
        i for i, v in by_id.items() if v["priority"]["quadrant"] == "quick win"
    }
    assert data["totals"]["by_quadrant"] == dict(demo_report.totals.by_quadrant)


def test_json_is_deterministic_and_formatted(demo_report: coprod.Report) -> None:
    first = render_json(demo_report)
    assert first == render_json(demo_report)
    assert first.endswith("}\n") and not first.endswith("\n\n")
    assert first.startswith('{\n  "format_version": 2,\n')
    # ensure_ascii=False: the findings' "×" is written as is, not as \\u00d7.
    assert "×" in first and "\\u00d7" not in first


def test_hostile_input_gives_valid_json_with_every_string_intact(
    hostile_report: coprod.Report,
) -> None:
    text = render_json(hostile_report)
    assert not re.search(r"\b(NaN|-?Infinity)\b", text)
    data = _strict_loads(text)
    assert isinstance(data, dict)
    assert [i["name"] for i in data["initiatives"]] == [i.name for i in hostile_report.initiatives]
    # JSON carries data, not markup: names are kept exactly, for consumers to escape.
    assert data["organisation"]["name"] == "<script>alert(1)</script> Council"


def test_network_is_null_without_relationships(
    demo_assessment: coprod.Assessment, make_report: Callable[..., coprod.Report]
) -> None:
    report = make_report(attrs.evolve(demo_assessment, relationships=()))
    assert report_data(report)["network"] is None


def test_non_finite_numbers_never_reach_the_output() -> None:
    @attrs.frozen
    class Odd:
        a: float
        b: tuple[float, ...]

    assert plain(Odd(math.nan, (math.inf, 1.5, -math.inf))) == {"a": None, "b": [None, 1.5, None]}
    assert plain({coprod.Co.DESIGN: {1, 2}}) == {"co-design": [1, 2]}


def test_totals_are_exact_decimal_quantities_with_units(
    make_report: Callable[..., coprod.Report],
) -> None:
    # Binary floats sum 0.1 + 0.2 hours as 0.30000000000000004 and value them at
    # 2.4000000000000004; 0.3 - 0.1 is 0.19999999999999998. The report must not.
    from decimal import Decimal

    hours = (0.1, 0.2)
    assert sum(hours) != 0.3 and sum(h * 8.0 for h in hours) != 2.4 and 0.3 - 0.1 != 0.2
    assessment = coprod.Assessment(
        coprod.Organisation("Testshire"),
        [coprod.Service("s", "S")],
        [
            coprod.Initiative(
                id=f"i{n}",
                name=f"I{n}",
                service="s",
                cos=[coprod.Co.DELIVERY],
                volunteer_hours=h,
                resources=coprod.ResourceInputs(0.3, 0.1, 0.0, 0.0) if n == 0 else None,
            )
            for n, h in enumerate(hours)
        ],
        currency="EUR",
    )
    data = _strict_loads(render_json(make_report(assessment)))
    assert isinstance(data, dict)
    assert data["currency"] == "EUR" and data["resource_unit"] == "money"
    totals = data["totals"]
    assert totals["volunteer_hours"] == {"amount": "0.3", "unit": "hours"}
    # 0.3 hours at 8.00 an hour (Wiltshire, seed 001) = 2.40, by hand.
    assert totals["volunteer_value"] == {"amount": "2.40", "unit": "EUR"}
    assert totals["volunteer_hourly_rate"] == {"amount": "8.00", "unit": "EUR/hour"}
    assert totals["public_saving"] == {"amount": "0.2", "unit": "EUR"}
    assert Decimal(totals["volunteer_value"]["amount"]) == Decimal("2.4")
    # Per-initiative numbers stay numbers, without noise.
    assert data["initiatives"][0]["metrics"]["public-saving"] == 0.2


def test_no_float_noise_anywhere_in_the_json(demo_report: coprod.Report) -> None:
    # No number in the document has more than 15 significant digits.
    text = render_json(demo_report)
    for literal in re.findall(r"(?<![\w.\"])-?\d+\.\d+(?:e[-+]?\d+)?", text):
        digits = literal.lstrip("-").split("e")[0].replace(".", "").lstrip("0")
        assert len(digits) <= 15, literal


def test_provenance_is_in_the_json(demo_report: coprod.Report) -> None:
    data = _strict_loads(render_json(demo_report))
    assert isinstance(data, dict)
    provenance = data["provenance"]
    assert provenance["coprod_version"] == coprod.__version__
    assert provenance["scheme_registered_by"] == "coprod.builtin.priority"
    assert data["scheme"]["registered_by"] == "coprod.builtin.priority"
    names = [p["name"] for p in provenance["plugins"]]
    assert "coprod.builtin.priority" in names and "coprod.builtin.export_json" in names
    assert all(p["version"] == coprod.__version__ for p in provenance["plugins"])
    assert provenance["blocked"] == [] and provenance["input"] is None
