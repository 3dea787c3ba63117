"""Building a plugin manager: load order, broken plugins, clashes, blocking, laziness."""

from __future__ import annotations

import subprocess
import sys
import warnings
from collections.abc import Callable
from typing import Any

import pytest

import coprod
from coprod.plugins import BUILTIN_PLUGINS, DISABLE_ENTRY_POINTS_ENV, PluginWarning
from coprod.testing import isolated_manager, sample_assessment

RULE_SOURCE = """
import coprod

def per_co(initiative):
    return initiative.volunteer_hours / len(initiative.cos) if initiative.volunteer_hours else None

@coprod.hookimpl
def register_scoring_rules(register):
    register(coprod.ScoringRule(name="fake.per-co", metric="fake-per-co", score=per_co))
"""

RAISING_RULE_SOURCE = """
import coprod

def broken(initiative):
    raise RuntimeError("third-party bug")

@coprod.hookimpl
def register_scoring_rules(register):
    register(coprod.ScoringRule(name="fake.broken", metric="fake-broken", score=broken))
"""


def _quiet_manager(**kwargs: Any) -> coprod.PluginManager:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PluginWarning)
        return coprod.make_plugin_manager(**kwargs)


def _builtins_work(manager: coprod.PluginManager) -> None:
    names = [info.name for info in manager.plugins]
    assert names[: len(BUILTIN_PLUGINS)] == list(BUILTIN_PLUGINS)
    evaluation = coprod.evaluate(sample_assessment(), manager)
    assert evaluation.score("speedwatch", "impact").value == 4.0
    assert evaluation.classification("speedwatch", "service-model").value == "co-production"
    assert "json" in manager.exporters


# -- the acceptance scenario: a third-party package with an entry point ------------------


def test_installed_entry_point_plugin_is_listed_and_explained(install_distribution: Any) -> None:
    module = install_distribution(RULE_SOURCE)
    manager = coprod.make_plugin_manager(strict=True)
    (info,) = [p for p in manager.plugins if p.name == "fake-plugin"]
    assert info.kind == "entry point"
    assert info.module == module
    assert (info.distribution, info.version) == ("coprod-fake-plugin", "1.2.3")
    assert info.describe() == "fake-plugin (coprod-fake-plugin 1.2.3)"
    assert info.scoring_rules == ("fake.per-co",)
    # Entry points come after the built-ins.
    assert [p.name for p in manager.plugins].index("fake-plugin") >= len(BUILTIN_PLUGINS)

    evaluation = coprod.evaluate(sample_assessment(), manager)
    assert "fake-per-co" in evaluation.metrics
    score = evaluation.score("speedwatch", "fake-per-co")
    assert score.value == 14_076 / 2
    (contribution,) = score.contributions
    assert (contribution.rule, contribution.plugin) == ("fake.per-co", "fake-plugin")


def test_raising_entry_point_rule_is_isolated_or_fatal_in_strict_mode(
    install_distribution: Any,
) -> None:
    install_distribution(RAISING_RULE_SOURCE)
    manager = coprod.make_plugin_manager()
    evaluation = coprod.evaluate(sample_assessment(), manager)
    for metric in ("impact", "effort", "public-saving", "volunteer-value"):
        assert evaluation.score("speedwatch", metric).complete
    broken = [f for f in evaluation.findings if f.plugin == "fake-plugin"]
    assert len(broken) == len(sample_assessment().initiatives)
    assert all("fake.broken" in f.message and "third-party bug" in f.message for f in broken)
    assert evaluation.incomplete("time-bank", "fake-broken")

    with pytest.raises(coprod.PluginError) as raised:
        coprod.evaluate(sample_assessment(), coprod.make_plugin_manager(strict=True))
    assert raised.value.plugin == "fake-plugin"
    assert raised.value.item == "fake.broken"
    assert "fake-plugin" in str(raised.value)


def test_entry_point_that_fails_to_import_is_named_with_distribution_and_version(
    install_distribution: Any,
) -> None:
    install_distribution("raise ImportError('needs numpy 9')", distribution="coprod-broken")
    with pytest.warns(PluginWarning, match="fake-plugin") as caught:
        manager = coprod.make_plugin_manager()
    message = str(caught[0].message)
    assert "coprod-broken 1.2.3" in message
    assert "failed to load" in message
    assert "needs numpy 9" in message
    (problem,) = manager.problems
    assert problem.plugin == "fake-plugin (coprod-broken 1.2.3)"
    assert problem.severity is coprod.Severity.ERROR
    assert "fake-plugin" not in [p.name for p in manager.plugins]
    _builtins_work(manager)
    # Load problems come first among an evaluation's findings.
    evaluation = coprod.evaluate(sample_assessment(), manager)
    assert evaluation.findings[0] == problem

    with pytest.raises(coprod.PluginError, match="needs numpy 9") as raised:
        coprod.make_plugin_manager(strict=True)
    assert raised.value.plugin == "fake-plugin (coprod-broken 1.2.3)"


def test_failing_entry_point_via_monkeypatched_discovery(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Broken:
        name = "exploding"
        value = "exploding_module"
        dist = None

        def load(self) -> object:
            raise SyntaxError("invalid syntax (exploding_module.py, line 3)")

    monkeypatch.delenv(DISABLE_ENTRY_POINTS_ENV, raising=False)
    monkeypatch.setattr(coprod.plugins, "_entry_points", lambda: [Broken()])
    manager = _quiet_manager()
    (problem,) = manager.problems
    assert "'exploding'" in problem.message
    assert "SyntaxError" in problem.message
    _builtins_work(manager)


# -- malformed plugins ---------------------------------------------------------------


def test_wrong_hook_signature_is_named_and_skipped(make_plugin: Any) -> None:
    def register_scoring_rules(reg: Callable[[Any], None]) -> None:  # not "register"
        raise AssertionError("never called")

    plugin = make_plugin("wrong_signature", register_scoring_rules=register_scoring_rules)
    with pytest.warns(PluginWarning, match="wrong_signature"):
        manager = isolated_manager(plugin)
    (problem,) = manager.problems
    assert problem.plugin == "wrong_signature"
    assert "reg" in problem.message
    assert "wrong_signature" not in [p.name for p in manager.plugins]
    _builtins_work(manager)

    with pytest.raises(coprod.PluginError) as raised:
        isolated_manager(plugin, strict=True)
    assert raised.value.plugin == "wrong_signature"


def test_unknown_hook_name_is_named_and_skipped(make_plugin: Any) -> None:
    def register_scoring_rule(register: Callable[[Any], None]) -> None:  # typo: no "s"
        raise AssertionError("never called")

    def register_exporters(register: Callable[[Any], None]) -> None:
        raise AssertionError("the plugin is dropped as a whole")

    plugin = make_plugin(
        "typo", register_scoring_rule=register_scoring_rule, register_exporters=register_exporters
    )
    with pytest.warns(PluginWarning, match="register_scoring_rule"):
        manager = isolated_manager(plugin)
    (problem,) = manager.problems
    assert problem.plugin == "typo"
    assert "unknown hook" in problem.message
    assert "typo" not in [p.name for p in manager.plugins]
    _builtins_work(manager)

    with pytest.raises(coprod.PluginError, match="register_scoring_rule") as raised:
        isolated_manager(plugin, strict=True)
    assert raised.value.plugin == "typo"


def test_hook_raising_while_registering_is_named(make_plugin: Any) -> None:
    def register_scoring_rules(register: Callable[[Any], None]) -> None:
        register(coprod.ScoringRule(name="half.done", metric="half", score=lambda i: 1.0))
        raise RuntimeError("config file missing")

    def register_barriers(register: Callable[[Any], None]) -> None:
        register(
            coprod.Barrier(id="half.barrier", label="Half", category=coprod.BarrierCategory.OTHER)
        )

    plugin = make_plugin(
        "half", register_scoring_rules=register_scoring_rules, register_barriers=register_barriers
    )
    manager = _quiet_manager(entry_points=False, plugins=[plugin])
    (problem,) = manager.problems
    assert problem.source == "register_scoring_rules"
    assert "config file missing" in problem.message
    (info,) = [p for p in manager.plugins if p.name == "half"]
    # Nothing from the failed hook call; the other hook's registrations stand.
    assert info.scoring_rules == ()
    assert info.barriers == ("half.barrier",)
    assert "half.barrier" in manager.barriers
    _builtins_work(manager)

    with pytest.raises(coprod.PluginError, match="config file missing"):
        isolated_manager(plugin, strict=True)


def test_registering_the_wrong_type_is_named(make_plugin: Any) -> None:
    def register_exporters(register: Callable[[Any], None]) -> None:
        register({"format": "dict", "render": str})

    plugin = make_plugin("loose", register_exporters=register_exporters)
    manager = _quiet_manager(entry_points=False, plugins=[plugin])
    (problem,) = manager.problems
    assert "loose" in problem.message
    assert "expected Exporter" in problem.message
    with pytest.raises(coprod.PluginError):
        isolated_manager(plugin, strict=True)


# -- name clashes ----------------------------------------------------------------------


def _rule(name: str) -> Callable[[Callable[[Any], None]], None]:
    def register_scoring_rules(register: Callable[[Any], None]) -> None:
        register(coprod.ScoringRule(name=name, metric="clash", score=lambda i: 1.0))

    return register_scoring_rules


CLASHES: dict[str, tuple[str, Callable[[str], Callable[..., None]], str]] = {
    "scoring rule": ("register_scoring_rules", _rule, "scoring_rules"),
    "classification": (
        "register_scoring_rules",
        lambda name: (
            lambda register: register(coprod.ClassificationRule(name=name, classify=lambda i: "x"))
        ),
        "classifications",
    ),
    "maturity check": (
        "register_maturity_checks",
        lambda name: lambda register: register(coprod.MaturityCheck(name=name, check=lambda a: [])),
        "maturity_checks",
    ),
    "exporter": (
        "register_exporters",
        lambda name: (
            lambda register: register(
                coprod.Exporter(format=name, media_type="text/plain", suffix=".txt", render=str)
            )
        ),
        "exporters",
    ),
    "barrier": (
        "register_barriers",
        lambda name: (
            lambda register: register(
                coprod.Barrier(id=name, label="Clash", category=coprod.BarrierCategory.OTHER)
            )
        ),
        "barriers",
    ),
}


@pytest.mark.parametrize("kind", sorted(CLASHES))
def test_name_clash_between_plugins_names_both_and_the_first_keeps_it(
    kind: str, make_plugin: Any
) -> None:
    hook, make, field = CLASHES[kind]
    first = make_plugin("first_plugin", **{hook: make("shared-name")})
    second = make_plugin("second_plugin", **{hook: make("shared-name")})
    with pytest.warns(PluginWarning) as caught:
        manager = isolated_manager(first, second)
    (problem,) = manager.problems
    for text in (problem.message, str(caught[0].message)):
        assert "first_plugin" in text
        assert "second_plugin" in text
        assert "shared-name" in text
    assert problem.plugin == "second_plugin"
    infos = {p.name: p for p in manager.plugins}
    assert getattr(infos["first_plugin"], field) == ("shared-name",)
    assert getattr(infos["second_plugin"], field) == ()

    with pytest.raises(coprod.PluginError, match="first_plugin") as raised:
        isolated_manager(first, second, strict=True)
    assert "second_plugin" in str(raised.value)


def test_clash_with_a_builtin_keeps_the_builtin(make_plugin: Any) -> None:
    plugin = make_plugin("usurper", register_scoring_rules=_rule("priority.savings"))
    manager = _quiet_manager(entry_points=False, plugins=[plugin])
    (problem,) = manager.problems
    assert "coprod.builtin.priority" in problem.message
    assert "usurper" in problem.message
    savings = [r for r in manager.scoring_rules if r.name == "priority.savings"]
    assert [r.plugin for r in savings] == ["coprod.builtin.priority"]


@pytest.mark.parametrize("marker", [{"trylast": True}, {"tryfirst": True}])
def test_hook_ordering_markers_do_not_change_precedence(marker: dict[str, bool]) -> None:
    import types

    plugin = types.ModuleType("sneaky")

    @coprod.hookimpl(**marker)
    def register_scoring_rules(register: Callable[[Any], None]) -> None:
        register(coprod.ScoringRule(name="priority.savings", metric="impact", score=lambda i: 99.0))

    plugin.register_scoring_rules = register_scoring_rules  # type: ignore[attr-defined]
    manager = _quiet_manager(entry_points=False, plugins=[plugin])
    savings = [r for r in manager.scoring_rules if r.name == "priority.savings"]
    assert [r.plugin for r in savings] == ["coprod.builtin.priority"]
    assert [p.plugin for p in manager.problems] == ["sneaky"]


def test_same_metric_from_two_plugins_is_not_a_clash(make_plugin: Any) -> None:
    def add_impact(register: Callable[[Any], None]) -> None:
        register(coprod.ScoringRule(name="extra.impact", metric="impact", score=lambda i: 1.0))

    manager = isolated_manager(make_plugin("extra", register_scoring_rules=add_impact))
    assert manager.problems == ()
    impact = coprod.evaluate(sample_assessment(), manager).score("speedwatch", "impact")
    assert impact.value == 4.0 + 1.0
    assert [c.plugin for c in impact.contributions][-1] == "extra"


# -- switching things off ----------------------------------------------------------------


@pytest.mark.parametrize("value", ["1", "true", "yes"])
def test_environment_variable_disables_entry_points(
    install_distribution: Any, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    install_distribution(RULE_SOURCE)
    assert "fake-plugin" in [p.name for p in coprod.make_plugin_manager().plugins]
    monkeypatch.setenv(DISABLE_ENTRY_POINTS_ENV, value)
    assert "fake-plugin" not in [p.name for p in coprod.make_plugin_manager().plugins]


def test_entry_points_false_skips_discovery(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> list[Any]:
        raise AssertionError("entry points were looked up")

    monkeypatch.setattr(coprod.plugins, "_entry_points", fail)
    manager = coprod.make_plugin_manager(entry_points=False)
    assert all(info.kind == "builtin" for info in manager.plugins)


def test_blocked_builtins_are_not_registered() -> None:
    manager = isolated_manager(
        blocked=[
            "coprod.builtin.priority",
            "coprod.builtin.checks",
            "coprod.builtin.plan_checks",
            "coprod.builtin.market_checks",
            "coprod.builtin.grow_checks",
        ]
    )
    names = [p.name for p in manager.plugins]
    assert "coprod.builtin.priority" not in names
    assert "coprod.builtin.checks" not in names
    assert "impact" not in manager.metrics
    assert manager.maturity_checks == ()
    assert "public-saving" in manager.metrics
    assert manager.problems == ()


def test_replacing_the_priority_scheme(make_plugin: Any) -> None:
    from coprod.builtin.priority import priority_rules

    scheme = coprod.PriorityScheme(savings_weight=3.0, outcomes_weight=1.0)

    def register_scoring_rules(register: Callable[[Any], None]) -> None:
        for rule in priority_rules(scheme):
            register(rule)

    plugin = make_plugin("my_scheme", register_scoring_rules=register_scoring_rules)
    manager = isolated_manager(plugin, blocked=["coprod.builtin.priority"])
    assert manager.problems == ()
    impact = coprod.evaluate(sample_assessment(), manager).score("time-bank", "impact")
    # savings 3, outcomes 5: 0.75 × 3 + 0.25 × 5
    assert impact.value == pytest.approx(3.5)
    assert {c.plugin for c in impact.contributions} == {"my_scheme"}


def test_blocked_entry_point_is_not_loaded(install_distribution: Any) -> None:
    install_distribution("raise ImportError('must not be imported')")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        manager = coprod.make_plugin_manager(blocked=["fake-plugin"])
    assert manager.problems == ()


# -- laziness and the cost model ---------------------------------------------------------


def test_import_coprod_loads_no_plugin_and_no_test_helpers() -> None:
    code = (
        "import sys, coprod\n"
        "print(sorted(m for m in sys.modules if m.startswith(('coprod.builtin', "
        "'coprod.testing', 'coprod_citizen_hours')) or m.split('.')[0] in "
        "('pytest', '_pytest', 'hypothesis')))\n"
        "coprod.make_plugin_manager(entry_points=False)\n"
        "print(all(m in sys.modules for m in coprod.plugins.BUILTIN_PLUGINS))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split("\n")[:2] == ["[]", "True"]


def test_importing_coprod_testing_imports_neither_pytest_nor_hypothesis() -> None:
    code = (
        "import sys, coprod.testing\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pytest', '_pytest', "
        "'hypothesis')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def test_hooks_are_called_once_per_manager_build_never_per_initiative(make_plugin: Any) -> None:
    calls = {"rules": 0, "checks": 0, "exporters": 0, "barriers": 0, "scored": 0}

    def score(initiative: coprod.Initiative) -> float:
        calls["scored"] += 1
        return 1.0

    def register_scoring_rules(register: Callable[[Any], None]) -> None:
        calls["rules"] += 1
        register(coprod.ScoringRule(name="counted.rule", metric="counted", score=score))

    def register_maturity_checks(register: Callable[[Any], None]) -> None:
        calls["checks"] += 1

    def register_exporters(register: Callable[[Any], None]) -> None:
        calls["exporters"] += 1

    def register_barriers(register: Callable[[Any], None]) -> None:
        calls["barriers"] += 1

    plugin = make_plugin(
        "counted",
        register_scoring_rules=register_scoring_rules,
        register_maturity_checks=register_maturity_checks,
        register_exporters=register_exporters,
        register_barriers=register_barriers,
    )
    manager = isolated_manager(plugin)
    assert calls == {"rules": 1, "checks": 1, "exporters": 1, "barriers": 1, "scored": 0}
    assessment = sample_assessment()
    for _ in range(3):
        coprod.evaluate(assessment, manager)
    n = len(assessment.initiatives)
    assert calls == {"rules": 1, "checks": 1, "exporters": 1, "barriers": 1, "scored": 3 * n}
    isolated_manager(plugin)
    assert calls["rules"] == 2


def test_managers_are_independent(make_plugin: Any) -> None:
    plugin = make_plugin("only_here", register_scoring_rules=_rule("only.here"))
    with_plugin = isolated_manager(plugin)
    without = isolated_manager()
    assert "clash" in with_plugin.metrics
    assert "clash" not in without.metrics
    assert with_plugin.pluggy is not without.pluggy


def test_explicit_plugin_object_with_a_name_attribute() -> None:
    class Plugin:
        coprod_plugin_name = "named-object"

        @coprod.hookimpl
        def register_scoring_rules(self, register: Callable[[Any], None]) -> None:
            register(coprod.ScoringRule(name="named.rule", metric="named", score=lambda i: 2.0))

    manager = isolated_manager(Plugin())
    (info,) = [p for p in manager.plugins if p.name == "named-object"]
    assert info.kind == "explicit"
    assert info.scoring_rules == ("named.rule",)
    contribution = coprod.evaluate(sample_assessment(), manager).score("speedwatch", "named")
    assert contribution.contributions[0].plugin == "named-object"
