"""register_appraisal_parameters: an organisation's own parameter set, through a plugin.

Issue 12: "A hook lets an organisation bring its own unit values and appraisal
parameters (for instance GMCA-style unit costs) as a plugin; coprod bundles no
licensed values."
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest

import coprod
from coprod.appraisal import parameter_set
from coprod.testing import run_coprod

DEMO = Path(coprod.__file__).parent / "data" / "demo-council.toml"
OWN_ID = "eastbridge-unit-costs-2026"

PLUGIN = f"""
import attrs
import coprod
from coprod.appraisal import parameter_set


@coprod.hookimpl
def register_appraisal_parameters(register):
    # The Green Book's schedules under the council's own id and edition, as an
    # organisation would publish its own set (the values are the council's to license).
    register(attrs.evolve(parameter_set("green-book-2022"), id={OWN_ID!r}, edition="2026",
                          title="Eastbridge unit costs 2026"))
"""

CLASH = """
import coprod
from coprod.appraisal import parameter_set


@coprod.hookimpl
def register_appraisal_parameters(register):
    register(parameter_set("green-book-2022"))
"""


@pytest.fixture
def plugin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    name = f"own_parameters_{abs(hash(tmp_path)) % 10**8}"
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    (tmp_path / f"{name}_clash.py").write_text(textwrap.dedent(CLASH), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    (tmp_path / "module").write_text(name, encoding="utf-8")
    return tmp_path


def _module(plugin_dir: Path) -> str:
    return (plugin_dir / "module").read_text(encoding="utf-8")


def _document_naming_own_set(plugin_dir: Path) -> Path:
    text = DEMO.read_text(encoding="utf-8")
    assert 'parameter_set = "green-book-2022"' in text
    document = plugin_dir / "council.toml"
    document.write_text(
        text.replace('parameter_set = "green-book-2022"', f'parameter_set = "{OWN_ID}"'),
        encoding="utf-8",
    )
    return document


def test_a_plugins_set_is_registered_and_stamped_with_the_plugin(plugin_dir: Path) -> None:
    import importlib

    module = importlib.import_module(_module(plugin_dir))
    manager = coprod.make_plugin_manager(entry_points=False, plugins=[module])
    (own,) = manager.appraisal_parameters
    assert own.id == OWN_ID
    assert own.origin == module.__name__
    (info,) = [p for p in manager.plugins if p.name == module.__name__]
    assert info.appraisal_parameters == (OWN_ID,)
    # The plugin's set is found beside the bundled ones; the bundled one is unchanged.
    assert parameter_set(OWN_ID, extra=manager.appraisal_parameters) is own
    assert parameter_set("green-book-2022").origin == "coprod"


def test_a_plugin_cannot_replace_a_bundled_edition(plugin_dir: Path) -> None:
    import importlib

    module = importlib.import_module(_module(plugin_dir) + "_clash")
    with pytest.warns(coprod.PluginWarning, match="green-book-2022"):
        manager = coprod.make_plugin_manager(entry_points=False, plugins=[module])
    assert manager.appraisal_parameters == ()
    (problem,) = manager.problems
    assert "coprod (bundled)" in problem.message
    assert module.__name__ in problem.message
    with pytest.raises(coprod.PluginError, match="new edition needs a new id"):
        coprod.make_plugin_manager(entry_points=False, plugins=[module], strict=True)


def test_a_document_naming_the_plugins_set_needs_the_plugin(plugin_dir: Path) -> None:
    document = _document_naming_own_set(plugin_dir)
    without = run_coprod("validate", document)
    assert without.code == 2
    assert "$.business_case.parameter_set" in without.err
    assert OWN_ID in without.err

    with_plugin = run_coprod("validate", document, "-p", _module(plugin_dir))
    assert with_plugin.code == 0, with_plugin.err


def test_the_report_says_which_set_and_who_provided_it(plugin_dir: Path) -> None:
    document = _document_naming_own_set(plugin_dir)
    run = run_coprod("assess", document, "-p", _module(plugin_dir), "-f", "json")
    assert run.code == 0, run.err
    text = json.dumps(json.loads(run.out)["business_case"])
    assert OWN_ID in text
    assert _module(plugin_dir) in text  # the origin: who provided the parameters

    flows = run_coprod("business-case", document, "-p", _module(plugin_dir), "-f", "json")
    assert flows.code == 0, flows.err
    assert OWN_ID in flows.out
