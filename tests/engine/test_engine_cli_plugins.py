"""``coprod plugins``: every plugin, where it comes from and what it contributes."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coprod.cli import EXIT_INVALID, EXIT_OK, EXIT_PLUGIN, main
from coprod.plugins import BUILTIN_PLUGINS

PLUGIN_KEYS = [
    "name",
    "kind",
    "module",
    "distribution",
    "version",
    "scoring_rules",
    "classifications",
    "maturity_checks",
    "exporters",
    "barriers",
]

LOCAL_PLUGIN = """
import coprod

@coprod.hookimpl
def register_scoring_rules(register):
    register(coprod.ScoringRule(name="local.rule", metric="local", score=lambda i: 1.0,
                                weight=2.0, description="A local rule."))
    register(coprod.ClassificationRule(name="local.class", classify=lambda i: "x"))

@coprod.hookimpl
def register_maturity_checks(register):
    register(coprod.MaturityCheck(name="local.check", check=lambda a: [],
                                  step=coprod.Step.PEOPLE))

@coprod.hookimpl
def register_exporters(register):
    register(coprod.Exporter(format="local-txt", media_type="text/plain", suffix=".txt",
                             render=lambda report: "local"))

@coprod.hookimpl
def register_barriers(register):
    register(coprod.Barrier(id="local.barrier", label="Local barrier",
                            category=coprod.BarrierCategory.OTHER))
"""


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["plugins", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def local_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    name = f"coprod_local_plugin_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(LOCAL_PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    sys.modules.pop(name, None)


def test_json_lists_builtins_with_stable_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--format", "json", "--no-entry-points")
    assert code == EXIT_OK
    assert err == ""
    document = json.loads(out)
    assert list(document) == ["plugins", "problems"]
    assert document["problems"] == []
    plugins = document["plugins"]
    assert [p["name"] for p in plugins] == list(BUILTIN_PLUGINS)
    for plugin in plugins:
        assert list(plugin) == PLUGIN_KEYS
        assert plugin["kind"] == "builtin"
        assert plugin["distribution"] is None
    by_name = {p["name"]: p for p in plugins}
    priority = by_name["coprod.builtin.priority"]
    assert [r["name"] for r in priority["scoring_rules"]] == [
        "priority.savings",
        "priority.outcomes",
        "priority.investment",
        "priority.risk",
    ]
    assert priority["scoring_rules"][0] == {
        "name": "priority.savings",
        "metric": "impact",
        "weight": 0.5,
        "batch": False,
        "description": priority["scoring_rules"][0]["description"],
    }
    assert len(by_name["coprod.builtin.barriers"]["barriers"]) == 16
    checks = by_name["coprod.builtin.checks"]["maturity_checks"]
    assert checks[0]["step"] == "map"


def test_explicit_plugin_contributions_in_json(
    capsys: pytest.CaptureFixture[str], local_plugin: str
) -> None:
    code, out, _err = _run(capsys, "--format", "json", "--no-entry-points", "-p", local_plugin)
    assert code == EXIT_OK
    (entry,) = [p for p in json.loads(out)["plugins"] if p["name"] == local_plugin]
    assert entry["kind"] == "explicit"
    assert entry["module"] == local_plugin
    assert entry["scoring_rules"] == [
        {
            "name": "local.rule",
            "metric": "local",
            "weight": 2.0,
            "batch": False,
            "description": "A local rule.",
        }
    ]
    assert entry["classifications"] == [{"name": "local.class", "description": ""}]
    assert entry["maturity_checks"] == [
        {"name": "local.check", "step": "people", "description": ""}
    ]
    assert entry["exporters"] == [
        {
            "format": "local-txt",
            "kinds": ["assessment"],
            "media_type": "text/plain",
            "suffix": ".txt",
            "description": "",
        }
    ]
    assert entry["barriers"] == [
        {"id": "local.barrier", "label": "Local barrier", "category": "other"}
    ]


def test_text_lists_every_plugin_and_its_contributions(
    capsys: pytest.CaptureFixture[str], local_plugin: str
) -> None:
    code, out, err = _run(capsys, "--no-entry-points", "-p", local_plugin)
    assert code == EXIT_OK
    assert err == ""
    for name in BUILTIN_PLUGINS:
        assert f"{name} (builtin)" in out
    assert "priority.savings -> impact" in out
    assert f"{local_plugin} (explicit)" in out
    assert "local.rule -> local" in out
    assert "classifications: local.class" in out
    assert "maturity checks: local.check" in out
    assert "exporters: local-txt" in out
    assert "barriers (1): local.barrier" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_entry_point_plugin_is_listed_with_distribution_and_version(
    capsys: pytest.CaptureFixture[str], install_distribution: Any
) -> None:
    module = install_distribution(LOCAL_PLUGIN, distribution="coprod-local", version="2.0.1")
    code, out, _err = _run(capsys, "--format", "json")
    assert code == EXIT_OK
    (entry,) = [p for p in json.loads(out)["plugins"] if p["name"] == "fake-plugin"]
    assert entry["kind"] == "entry point"
    assert (entry["distribution"], entry["version"], entry["module"]) == (
        "coprod-local",
        "2.0.1",
        module,
    )
    code, out, _err = _run(capsys)
    assert f"fake-plugin (entry point, coprod-local 2.0.1, {module})" in out

    code, out, _err = _run(capsys, "--format", "json", "--no-entry-points")
    assert "fake-plugin" not in [p["name"] for p in json.loads(out)["plugins"]]


def test_problems_go_to_stderr_and_json_and_strict_fails(
    capsys: pytest.CaptureFixture[str], install_distribution: Any
) -> None:
    install_distribution("raise RuntimeError('boom at import')", distribution="coprod-boom")
    code, out, err = _run(capsys)
    assert code == EXIT_OK
    assert "fake-plugin" in err
    assert "coprod-boom 1.2.3" in err
    assert "boom at import" in err
    assert err.startswith("warning: ")
    assert "1 plugin problem(s)" in out

    code, out, err = _run(capsys, "--format", "json")
    (problem,) = json.loads(out)["problems"]
    assert list(problem) == ["plugin", "source", "severity", "message"]
    assert problem["plugin"] == "fake-plugin (coprod-boom 1.2.3)"
    assert problem["severity"] == "error"
    assert "boom at import" in problem["message"]

    code, out, err = _run(capsys, "--strict")
    assert code == EXIT_PLUGIN
    assert "plugin error:" in err
    assert "fake-plugin" in err


def test_unimportable_plugin_module_is_a_plugin_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(capsys, "-p", "no_such_coprod_plugin_module")
    assert code == EXIT_PLUGIN
    assert "no_such_coprod_plugin_module" in err


def test_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    # Formats are the exporters registered for the listing, not a fixed choice.
    assert main(["plugins", "--format", "yaml"]) == EXIT_INVALID
    assert "error: --format: unknown format 'yaml'" in capsys.readouterr().err
