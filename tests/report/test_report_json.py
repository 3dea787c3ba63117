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
    assert data["format_version"] == FORMAT_VERSION == 1
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
    assert first.startswith('{\n  "format_version": 1,\n')
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
