"""Tests of the coprod-citizen-hours example plugin, written with ``coprod.testing``."""

from __future__ import annotations

import csv
import importlib.metadata
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import coprod_citizen_hours as plugin
import pytest
from hypothesis import given, settings

import coprod
from coprod.cli import main
from coprod.testing import check_plugin, initiatives

# The opt-in pytest plugin: provides coprod_manager, make_coprod_manager, coprod_assessment.
pytest_plugins = ["coprod.testing"]

DISTRIBUTION = "coprod-citizen-hours"
VERSION = importlib.metadata.version(DISTRIBUTION)


def test_conforms_to_the_plugin_contract() -> None:
    info = check_plugin(plugin, examples=30)
    assert info.scoring_rules == (plugin.RULE,)
    assert info.exporters == ("hours-csv",)


@settings(max_examples=50, deadline=None)
@given(initiatives())
def test_hours_per_co_divides_hours_by_the_cos(initiative: coprod.Initiative) -> None:
    value = plugin.hours_per_co(initiative)
    if initiative.volunteer_hours:
        assert value == pytest.approx(initiative.volunteer_hours / len(initiative.cos))
    else:
        assert value is None


def test_metric_appears_explained_and_named_after_the_plugin(
    make_coprod_manager: coprod.testing.pytest_plugin.MakeManager,
    coprod_assessment: coprod.Assessment,
) -> None:
    manager = make_coprod_manager(plugin)
    evaluation = coprod.evaluate(coprod_assessment, manager)
    assert plugin.METRIC in evaluation.metrics
    score = evaluation.score("speedwatch", plugin.METRIC)
    # Community Speedwatch: 14,076 hours over co-delivery and co-assessment.
    assert score.value == pytest.approx(14_076 / 2)
    (contribution,) = score.contributions
    assert contribution.rule == plugin.RULE
    assert contribution.plugin == "coprod_citizen_hours"
    assert evaluation.score("neighbourhood-budgets", plugin.METRIC).value is None


def test_hours_csv_export(
    make_coprod_manager: coprod.testing.pytest_plugin.MakeManager,
    coprod_assessment: coprod.Assessment,
) -> None:
    manager = make_coprod_manager(plugin)
    evaluation = coprod.evaluate(coprod_assessment, manager)
    report = coprod.build_report(
        coprod_assessment,
        evaluation,
        barriers=manager.barriers,
        provenance=coprod.provenance_of(manager),
    )
    text = manager.exporter("hours-csv").render(report)
    assert isinstance(text, str)
    rows = list(csv.DictReader(io.StringIO(text)))
    by_id = {row["id"]: row for row in rows}
    assert len(rows) == len(coprod_assessment.initiatives)
    assert float(by_id["speedwatch"]["volunteer_hours"]) == 14_076
    assert float(by_id["speedwatch"][plugin.METRIC]) == pytest.approx(7_038)
    assert float(by_id["speedwatch"]["volunteer-value"]) == pytest.approx(112_608)
    assert by_id["neighbourhood-budgets"][plugin.METRIC] == ""


def test_hours_csv_neutralises_formulas(
    make_coprod_manager: coprod.testing.pytest_plugin.MakeManager,
) -> None:
    assessment = coprod.Assessment(
        organisation=coprod.Organisation(name="Council"),
        services=[coprod.Service("s", "Service")],
        initiatives=[
            coprod.Initiative(
                id="i", name='=HYPERLINK("http://x")', service="s", cos=[coprod.Co.DESIGN]
            )
        ],
    )
    manager = make_coprod_manager(plugin)
    report = coprod.build_report(
        assessment,
        coprod.evaluate(assessment, manager),
        barriers=manager.barriers,
        provenance=coprod.provenance_of(manager),
    )
    (row,) = csv.DictReader(io.StringIO(str(manager.exporter("hours-csv").render(report))))
    assert row["name"] == '\'=HYPERLINK("http://x")'


def _listed(document: dict[str, Any]) -> dict[str, Any]:
    (entry,) = [p for p in document["plugins"] if p["distribution"] == DISTRIBUTION]
    return dict(entry)


def test_coprod_plugins_lists_the_installed_plugin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COPROD_DISABLE_ENTRY_POINTS", raising=False)
    assert main(["plugins", "--format", "json"]) == 0
    entry = _listed(json.loads(capsys.readouterr().out))
    assert entry["name"] == "citizen-hours"
    assert entry["kind"] == "entry point"
    assert entry["version"] == VERSION
    assert [r["metric"] for r in entry["scoring_rules"]] == [plugin.METRIC]
    assert [e["format"] for e in entry["exporters"]] == ["hours-csv"]


def test_console_script_lists_the_installed_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COPROD_DISABLE_ENTRY_POINTS", raising=False)
    # The console script installed next to this interpreter (not whatever is on PATH).
    script = shutil.which("coprod", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "coprod"]
    done = subprocess.run(
        [*command, "plugins", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    entry = _listed(json.loads(done.stdout))
    assert entry["module"] == "coprod_citizen_hours"
    assert entry["version"] == VERSION


def test_entry_point_metric_is_explained_with_the_plugin_name(
    coprod_assessment: coprod.Assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COPROD_DISABLE_ENTRY_POINTS", raising=False)
    manager = coprod.make_plugin_manager()
    evaluation = coprod.evaluate(coprod_assessment, manager)
    (contribution,) = evaluation.score("time-bank", plugin.METRIC).contributions
    assert contribution.plugin == "citizen-hours"
    assert contribution.value == pytest.approx(2_400)
