"""The json exporter: documented keys, each fact once, streamed, valid JSON whatever the input."""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coprod
from coprod.builtin.cells import plain
from coprod.builtin.export_json import (
    FORMAT_VERSION,
    _write_pretty,
    render_json,
    report_data,
    write_json_report,
)
from coprod.testing import run_coprod

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo-council.toml"

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
    "metrics",
    "combination",
    "rules",
    "initiatives",
    "barriers",
    "stakeholders",
    "network",
    "findings",
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
    "cos",
    "status",
    "service_model",
    "form",
    "quadrant",
    "metrics",
    "rule_scores",
    "rule_errors",
    "barriers",
    "volunteer_hours",
    "incomplete",
    "description",
    "website",
]
RULE_KEYS = ["name", "metric", "plugin", "weight", "description"]


def _strict_loads(text: str) -> Any:
    def reject(constant: str) -> object:
        raise AssertionError(f"invalid JSON constant {constant}")

    return json.loads(text, parse_constant=reject)


# --- A reader of version 3, written from the documentation alone --------------------


def explain(data: dict[str, Any], initiative: dict[str, Any], metric: str) -> dict[str, Any]:
    """An initiative's explanation of ``metric``, rebuilt from the v3 document as documented."""
    errors = {e["rule"]: e["error"] for e in initiative["rule_errors"]}
    contributions = []
    for r, rule in enumerate(data["rules"]):
        if rule["metric"] != metric:
            continue
        score = initiative["rule_scores"][r]
        error = errors.get(r)
        status = "failed" if error is not None else "not applicable" if score is None else "applied"
        contributions.append(
            {
                "rule": rule["name"],
                "plugin": rule["plugin"],
                "status": status,
                "score": score,
                "weight": rule["weight"],
                "value": rule["weight"] * score if status == "applied" else None,
                "error": error,
            }
        )
    value = initiative["metrics"][data["metrics"].index(metric)]
    applied = any(c["status"] == "applied" for c in contributions)
    failed = any(c["status"] == "failed" for c in contributions)
    return {
        "value": value,
        "complete": not failed and not (value is None and applied),
        "combination": data["combination"],
        "contributions": contributions,
    }


def _same_number(exported: float | None, computed: float | None) -> bool:
    if exported is None or computed is None:
        return exported is None and computed is None
    # The document writes 15 significant digits; a weight times a score may be one ulp off.
    return exported == pytest.approx(computed, rel=1e-14, abs=0.0)


def assert_explanations_round_trip(report: coprod.Report, data: dict[str, Any]) -> None:
    """Every initiative's explanations, from the JSON, equal ``evaluation.score`` (all metrics)."""
    assert len(data["initiatives"]) == len(report.initiatives)
    for exported, initiative in zip(data["initiatives"], report.initiatives, strict=True):
        assert exported["id"] == initiative.id
        for metric in report.metrics:
            read = explain(data, exported, metric)
            truth = report.evaluation.score(initiative.id, metric)
            assert _same_number(read["value"], truth.value), (initiative.id, metric)
            assert read["complete"] == truth.complete, (initiative.id, metric)
            assert read["combination"] == truth.combination
            assert len(read["contributions"]) == len(truth.contributions)
            for got, want in zip(read["contributions"], truth.contributions, strict=True):
                assert (got["rule"], got["plugin"], got["status"], got["error"]) == (
                    want.rule,
                    want.plugin,
                    want.status.value,
                    want.error,
                )
                assert _same_number(got["score"], want.score)
                assert _same_number(got["weight"], want.weight)
                assert _same_number(got["value"], want.value)


# --- Structure ------------------------------------------------------------------------


def test_demo_json_has_the_documented_structure(demo_report: coprod.Report) -> None:
    data = _strict_loads(render_json(demo_report))
    assert isinstance(data, dict)
    assert list(data) == TOP_LEVEL
    assert data["format_version"] == FORMAT_VERSION == 3
    assert data["generator"].startswith("coprod ")
    assert data["organisation"]["name"] == "Eastbridge Borough Council"
    assert [s["co"] for s in data["star"]] == [co.value for co in coprod.Co]
    for profile in data["star"]:
        assert 0 <= profile["score"] <= 1 and 0 <= profile["reach"] <= 1
        assert list(profile["services_by_extent"]) == [e.value for e in coprod.Extent]
    assert [list(rule) for rule in data["rules"]] == [RULE_KEYS] * len(data["rules"])
    assert {rule["metric"] for rule in data["rules"]} == set(data["metrics"])
    assert data["combination"] == "weighted sum of the scores of the rules that apply"
    for initiative in data["initiatives"]:
        assert list(initiative) == INITIATIVE_KEYS
        assert len(initiative["metrics"]) == len(data["metrics"])
        assert len(initiative["rule_scores"]) == len(data["rules"])
    assert [list(s) for s in data["services"]] == [["id", "name", "cells"]] * len(data["services"])
    assert list(data["services"][0]["cells"][0]) == ["co", "extent", "actors", "mapped"]
    assert list(data["gaps"][0]) == ["service", "co", "case_studies"]
    assert list(data["barriers"][0]["barriers"][0]) == ["id", "label", "source", "mentions"]
    assert data["network"] is not None and "findings" in data["network"]


def test_json_round_trips_the_key_facts(demo_report: coprod.Report) -> None:
    data = _strict_loads(render_json(demo_report))
    by_id = {i["id"]: i for i in data["initiatives"]}
    assert list(by_id) == [i.id for i in demo_report.initiatives]
    names = {s["id"]: s["name"] for s in data["services"]}
    for initiative in demo_report.initiatives:
        exported = by_id[initiative.id]
        assert names[exported["service"]] == initiative.service_name
        assert exported["cos"] == [co.value for co in initiative.cos]
        assert exported["service_model"] == initiative.service_model
        assert exported["form"] == initiative.form
        assert initiative.position is not None
        assert exported["quadrant"] == initiative.position.quadrant.value
        values = dict(zip(data["metrics"], exported["metrics"], strict=True))
        # The position is the impact and effort metrics (not written twice).
        assert (values["impact"], values["effort"]) == (
            initiative.position.impact,
            initiative.position.effort,
        )
        assert values == dict(initiative.metrics)
    assert data["totals"]["by_quadrant"] == dict(demo_report.totals.by_quadrant)


def test_explanations_are_rebuilt_from_the_rules_table(demo_report: coprod.Report) -> None:
    """A reader following the documentation gets every explanation ``score`` gives."""
    data = _strict_loads(render_json(demo_report))
    assert_explanations_round_trip(demo_report, data)
    # By hand: peer educators' impact is 0.5 × savings 3 + 0.5 × outcomes 5 = 4.
    peer = next(i for i in data["initiatives"] if i["id"] == "peer-educators")
    impact = explain(data, peer, "impact")
    assert impact["value"] == 4.0 and impact["complete"]
    assert [(c["rule"], c["score"], c["value"]) for c in impact["contributions"]] == [
        ("priority.savings", 3.0, 1.5),
        ("priority.outcomes", 5.0, 2.5),
    ]


class _OddRules:
    """Rules that fail, overflow, return a bool or binary noise: explanations must survive."""

    @staticmethod
    def _fails_on_odd(initiative: coprod.Initiative) -> float:
        if len(initiative.id) % 2:
            raise RuntimeError(f"cannot score {initiative.id}")
        return 2.0

    @coprod.hookimpl
    def register_scoring_rules(self, register: Callable[[object], None]) -> None:
        rule = coprod.ScoringRule
        register(rule(name="odd.fails", metric="odd", score=self._fails_on_odd))
        register(rule(name="odd.flag", metric="odd", score=lambda i: i.status.value == "existing"))
        register(rule(name="odd.noise", metric="odd", score=lambda _i: 0.1 + 0.2, weight=3.0))
        # 10 × 1e308 overflows: the contribution fails, with the reason.
        register(rule(name="huge.times", metric="huge", score=lambda _i: 1e308, weight=10.0))
        register(rule(name="huge.rest", metric="huge", score=lambda _i: None))
        # Each term finite, their sum not: the value is null and incomplete.
        register(rule(name="sum.a", metric="sum", score=lambda _i: 1.5e308))
        register(rule(name="sum.b", metric="sum", score=lambda _i: 1.5e308))


def test_failures_overflows_and_odd_scores_round_trip(
    demo_assessment: coprod.Assessment, make_report: Callable[..., coprod.Report]
) -> None:
    report = make_report(demo_assessment, plugins=[_OddRules()])
    data = _strict_loads(render_json(report))
    assert_explanations_round_trip(report, data)
    statuses = {
        c["status"]
        for i in data["initiatives"]
        for metric in ("odd", "huge", "sum")
        for c in explain(data, i, metric)["contributions"]
    }
    assert statuses == {"applied", "not applicable", "failed"}
    first = data["initiatives"][0]
    huge = explain(data, first, "huge")
    assert huge["value"] is None and not huge["complete"]
    assert "overflows" in huge["contributions"][0]["error"]
    total = explain(data, first, "sum")
    assert total["value"] is None and not total["complete"]
    assert [c["status"] for c in total["contributions"]] == ["applied", "applied"]
    # bool True is the score 1; 3 × (0.1 + 0.2) is written without binary noise.
    existing = next(i for i in data["initiatives"] if i["status"] == "existing")
    odd = {c["rule"]: c for c in explain(data, existing, "odd")["contributions"]}
    assert odd["odd.flag"]["score"] == 1.0
    assert odd["odd.noise"]["score"] == 0.3
    errors = [e for i in data["initiatives"] for e in i["rule_errors"]]
    assert any("cannot score" in e["error"] for e in errors)


def test_nothing_derivable_is_lost(demo_report: coprod.Report) -> None:
    """The lists version 3 no longer writes follow from the initiatives, as documented."""
    data = _strict_loads(render_json(demo_report))
    initiatives = data["initiatives"]
    assert [i["id"] for i in initiatives if i["quadrant"] == "quick win"] == list(
        demo_report.quick_wins
    )
    names = {s["id"]: s["name"] for s in data["services"]}
    for service, exported in zip(demo_report.services, data["services"], strict=True):
        assert [i["id"] for i in initiatives if i["service"] == service.id] == list(
            service.initiatives
        )
        for cell, cell_data in zip(service.cells, exported["cells"], strict=True):
            assert cell_data["co"] == cell.co.value
            practice = [
                i["id"]
                for i in initiatives
                if i["service"] == service.id
                and i["status"] == "existing"
                and cell.co.value in i["cos"]
            ]
            assert practice == list(cell.initiatives)
        gaps = [c["co"] for c in exported["cells"] if c["extent"] == "none"]
        assert gaps == [co.value for co in service.gaps]
        assert gaps == [g["co"] for g in data["gaps"] if g["service"] == service.id]
    assert [names[g["service"]] for g in data["gaps"]] == [g.service_name for g in demo_report.gaps]
    for profile, exported in zip(demo_report.barriers, data["barriers"], strict=True):
        for use, barrier in zip(profile.barriers, exported["barriers"], strict=True):
            named = [i["id"] for i in initiatives if use.barrier.id in i["barriers"]]
            assert named == list(use.initiatives)
            assert barrier["mentions"] == len(named)
    assert demo_report.market is not None and demo_report.market.findings
    assert "findings" not in data["market"]
    market_findings = [f for f in data["findings"] if f["step"] == "market"]
    assert [(f["severity"], f["source"], f["message"]) for f in market_findings] == [
        (f.severity.value, f.source, f.message) for f in demo_report.market.findings
    ]


# --- Layout and streaming ------------------------------------------------------------


def test_json_is_deterministic_and_formatted(demo_report: coprod.Report) -> None:
    first = render_json(demo_report)
    assert first == render_json(demo_report)
    assert first.endswith("}\n") and not first.endswith("\n\n")
    assert first.startswith('{\n  "format_version": 3,\n  "generator": "coprod ')
    # ensure_ascii=False: the findings' "×" is written as is, not as \\u00d7.
    assert "×" in first and "\\u00d7" not in first
    # One initiative, one finding per line.
    lines = first.split("\n")
    assert sum(line.startswith('    {"id": ') for line in lines) == len(demo_report.initiatives)
    assert sum(line.startswith('    {"severity": ') for line in lines) == len(demo_report.findings)
    assert '  "initiatives": [\n    {"id": "peer-educators", "name": ' in first


def test_write_gives_the_same_bytes_as_render(demo_report: coprod.Report) -> None:
    text = render_json(demo_report)
    pieces: list[str] = []

    class Recorder(io.TextIOBase):
        def write(self, piece: str) -> int:
            pieces.append(piece)
            return len(piece)

    write_json_report(demo_report, Recorder())
    assert "".join(pieces) == text
    assert max(map(len, pieces)) < 2_000  # written in pieces, not as one text
    raw = io.BytesIO()
    wrapper = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    write_json_report(demo_report, wrapper)
    wrapper.flush()
    assert raw.getvalue() == text.encode("utf-8")
    assert _strict_loads(text) == report_data(demo_report)


def test_assess_json_file_is_streamed_and_equals_render(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run_coprod("assess", DEMO, "-o", out)
    assert result.code == 0, result.err
    manager = coprod.make_plugin_manager(entry_points=False)
    assert manager.exporter("json").write is write_json_report
    text = out.read_text(encoding="utf-8")
    data = _strict_loads(text)
    assert data["format_version"] == 3 and len(data["initiatives"]) == 16
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_empty_lists_are_written_as_json_does(make_report: Callable[..., coprod.Report]) -> None:
    assessment = coprod.Assessment(coprod.Organisation("Testshire"), [coprod.Service("s", "S")], [])
    report = make_report(assessment)
    text = render_json(report)
    assert '  "initiatives": [],\n' in text
    data = _strict_loads(text)
    assert data["initiatives"] == [] and data == report_data(report)


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(_JSON)
def test_the_piecewise_writer_matches_json_dumps_with_an_indent(value: object) -> None:
    pieces: list[str] = []
    _write_pretty(pieces.append, value, "\n")
    expected = json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)
    # Except the Unicode line breaks, which coprod escapes (str.splitlines() sees them).
    for character in ("\x85", "\u2028", "\u2029"):
        expected = expected.replace(character, f"\\u{ord(character):04x}")
    assert "".join(pieces) == expected
    assert json.loads("".join(pieces)) == json.loads(expected)


def test_an_initiative_is_one_line_whatever_line_breaks_its_texts_hold(
    demo_assessment: coprod.Assessment, make_report: Any
) -> None:
    breaks = "a\nb\rc\x0bd\x0ce\x1cf\x1dg\x1eh\x85i\u2028j\u2029k"
    first, *rest = demo_assessment.initiatives
    odd = attrs.evolve(first, name=f"name {breaks}", description=f"about {breaks}")
    text = render_json(make_report(attrs.evolve(demo_assessment, initiatives=[odd, *rest])))
    lines = text.splitlines()
    assert lines == text.split("\n")[:-1]  # no line break but "\n" anywhere
    (line,) = [line for line in lines if '"name": "name a' in line]
    initiative = json.loads(line.strip().rstrip(","))
    assert (initiative["name"], initiative["description"]) == (odd.name, odd.description)


def test_objects_with_keys_that_are_not_text_are_written_whole() -> None:
    pieces: list[str] = []
    _write_pretty(pieces.append, {1: [True], None: {}}, "\n")
    assert "".join(pieces) == json.dumps({1: [True], None: {}}, indent=2)


# --- Hostile input ---------------------------------------------------------------------


def test_hostile_input_gives_valid_json_with_every_string_intact(
    hostile_report: coprod.Report,
) -> None:
    text = render_json(hostile_report)
    assert not re.search(r"\b(NaN|-?Infinity)\b", text)
    data = _strict_loads(text)
    assert [i["name"] for i in data["initiatives"]] == [i.name for i in hostile_report.initiatives]
    # JSON carries data, not markup: names are kept exactly, for consumers to escape.
    assert data["organisation"]["name"] == "<script>alert(1)</script> Council"
    # Newlines in text are escaped: every initiative is still one line.
    assert sum(line.startswith('    {"id": ') for line in text.split("\n")) == len(
        hostile_report.initiatives
    )
    assert_explanations_round_trip(hostile_report, data)


def test_a_lone_surrogate_is_written_as_before_and_refused_by_the_file_writer(
    demo_report: coprod.Report, tmp_path: Path
) -> None:
    from coprod.cli.output import stream_report
    from coprod.errors import PluginError

    bad = attrs.evolve(demo_report.initiatives[0], name="lone \ud800 surrogate")
    report = attrs.evolve(demo_report, initiatives=(bad, *demo_report.initiatives[1:]))
    text = render_json(report)
    # As version 2 did (json.dumps with ensure_ascii=False): the character as is.
    assert '"name": "lone \ud800 surrogate"' in text
    assert json.loads(text)["initiatives"][0]["name"] == "lone \ud800 surrogate"
    # No file can hold it: the command line's writer refuses, leaving nothing behind.
    out = tmp_path / "r.json"
    exporter = coprod.make_plugin_manager(entry_points=False).exporter("json")
    with pytest.raises(PluginError, match="UnicodeEncodeError"):
        stream_report(exporter, report, str(out))
    assert list(tmp_path.iterdir()) == []


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
    assert data["currency"] == "EUR" and data["resource_unit"] == "money"
    totals = data["totals"]
    assert totals["volunteer_hours"] == {"amount": "0.3", "unit": "hours"}
    # 0.3 hours at 8.00 an hour (Wiltshire, seed 001) = 2.40, by hand.
    assert totals["volunteer_value"] == {"amount": "2.40", "unit": "EUR"}
    assert totals["volunteer_hourly_rate"] == {"amount": "8.00", "unit": "EUR/hour"}
    assert totals["public_saving"] == {"amount": "0.2", "unit": "EUR"}
    assert Decimal(totals["volunteer_value"]["amount"]) == Decimal("2.4")
    # Per-initiative numbers stay numbers, without noise.
    first = data["initiatives"][0]
    assert first["metrics"][data["metrics"].index("public-saving")] == 0.2


def test_no_float_noise_anywhere_in_the_json(demo_report: coprod.Report) -> None:
    # No number in the document has more than 15 significant digits.
    text = render_json(demo_report)
    for literal in re.findall(r"(?<![\w.\"])-?\d+\.\d+(?:e[-+]?\d+)?", text):
        digits = literal.lstrip("-").split("e")[0].replace(".", "").lstrip("0")
        assert len(digits) <= 15, literal


def test_provenance_is_in_the_json(demo_report: coprod.Report) -> None:
    data = _strict_loads(render_json(demo_report))
    provenance = data["provenance"]
    assert provenance["coprod_version"] == coprod.__version__
    assert provenance["scheme_registered_by"] == "coprod.builtin.priority"
    assert data["scheme"]["registered_by"] == "coprod.builtin.priority"
    names = [p["name"] for p in provenance["plugins"]]
    assert "coprod.builtin.priority" in names and "coprod.builtin.export_json" in names
    assert all(p["version"] == coprod.__version__ for p in provenance["plugins"])
    assert provenance["blocked"] == [] and provenance["input"] is None
