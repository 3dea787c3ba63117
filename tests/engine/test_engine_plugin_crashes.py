"""Plugins must never crash coprod: each class of fault from the hardening review.

Default: a finding naming the plugin, and the run goes on. ``--strict``: exit 3 with
exactly one ``plugin error:`` line on stderr and nothing written. Covered here:
numbers too big for a float, classifications whose ``str()`` raises, ``-p`` modules
that end the interpreter while imported, multi-line plugin messages, rules that
mutate their input, and rules that never return (``--timeout``).
"""

from __future__ import annotations

import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import coprod
from coprod.cli import EXIT_OK, EXIT_PLUGIN, main
from coprod.contributions import StopRun, describe_fault, is_plugin_fault, safe_repr
from coprod.evaluation import ContributionStatus
from coprod.plugins import load_plugin_module
from coprod.testing import PluginConformanceError, check_plugin, isolated_manager
from coprod.testing import sample_assessment as sample


def _rule_plugin(make_plugin: Any, score: Callable[[coprod.Initiative], Any], name: str) -> Any:
    def register_scoring_rules(register: Callable[[Any], None]) -> None:
        register(coprod.ScoringRule(name=f"{name}.rule", metric=f"{name}-metric", score=score))

    return make_plugin(name, register_scoring_rules=register_scoring_rules)


def _class_plugin(make_plugin: Any, classify: Callable[[coprod.Initiative], Any], name: str) -> Any:
    def register_scoring_rules(register: Callable[[Any], None]) -> None:
        register(coprod.ClassificationRule(name=f"{name}.class", classify=classify))

    return make_plugin(name, register_scoring_rules=register_scoring_rules)


def _errors_of(evaluation: coprod.Evaluation, plugin: str) -> list[coprod.Finding]:
    return [
        f for f in evaluation.findings if f.plugin == plugin and f.severity is coprod.Severity.ERROR
    ]


# --- numbers too large for a float --------------------------------------------------


@pytest.mark.parametrize(
    ("value", "as_float"),
    [(10**308, 1e308), (-(10**308), -1e308), (2**1023, float(2**1023)), (True, 1.0)],
)
def test_big_ints_that_fit_a_float_are_scores(
    make_plugin: Any, value: int, as_float: float
) -> None:
    plugin = _rule_plugin(make_plugin, lambda i: value, "bigint")
    evaluation = coprod.evaluate(sample(), isolated_manager(plugin))
    assert set(evaluation.values("bigint-metric")) == {as_float}
    assert _errors_of(evaluation, "bigint") == []


# The whole column in one value and mixed with ordinary floats: both paths of the
# engine's column check (C-level sum, then per value).
TOO_BIG: list[Callable[[coprod.Initiative], Any]] = [
    lambda i: 10**400,
    lambda i: 10**400 if i.id == "speedwatch" else 1.0,
    lambda i: -(10**5000) if i.id == "speedwatch" else 2,  # too long even to print
    lambda i: 2**1024 if i.id == "speedwatch" else None,
]


@pytest.mark.parametrize("score", TOO_BIG)
def test_ints_too_large_for_a_float_fail_the_rule_not_coprod(
    make_plugin: Any, score: Callable[[coprod.Initiative], Any]
) -> None:
    plugin = _rule_plugin(make_plugin, score, "hugeint")
    evaluation = coprod.evaluate(sample(), isolated_manager(plugin))
    errors = _errors_of(evaluation, "hugeint")
    assert errors, "the overflowing score must be a failure"
    assert all("too large for a float" in f.message for f in errors)
    assert all(len(f.message) < 400 and "\n" not in f.message for f in errors)
    contribution = evaluation.score("speedwatch", "hugeint-metric").contributions[0]
    assert contribution.status is ContributionStatus.FAILED
    assert evaluation.score("speedwatch", "hugeint-metric").complete is False
    with pytest.raises(coprod.PluginError, match="too large for a float") as raised:
        coprod.evaluate(sample(), isolated_manager(plugin), strict=True)
    assert raised.value.plugin == "hugeint"


def test_many_big_ints_whose_sum_overflows_are_each_accepted(make_plugin: Any) -> None:
    # Each 10**308 fits a float; only their exact sum does not. No value is wrong.
    plugin = _rule_plugin(make_plugin, lambda i: 10**308, "sumover")
    assessment = sample()
    many = attrs.evolve(
        assessment,
        initiatives=tuple(
            attrs.evolve(assessment.initiatives[0], id=f"i{n}", name=f"I {n}") for n in range(5)
        ),
    )
    evaluation = coprod.evaluate(many, isolated_manager(plugin), strict=True)
    assert evaluation.values("sumover-metric") == (1e308,) * 5


# --- classifications whose labels cannot be made -----------------------------------


class _Unprintable:
    def __str__(self) -> str:
        raise RuntimeError("no label\nfor you")

    def __repr__(self) -> str:
        raise RuntimeError("no repr either")


class _Unhashable(_Unprintable):
    __hash__ = None  # type: ignore[assignment]


@pytest.mark.parametrize("kind", [_Unprintable, _Unhashable])
def test_a_class_whose_str_raises_is_a_finding(make_plugin: Any, kind: type) -> None:
    plugin = _class_plugin(
        make_plugin, lambda i: kind() if i.id == "speedwatch" else "fine", "badlabel"
    )
    evaluation = coprod.evaluate(sample(), isolated_manager(plugin))
    (error,) = _errors_of(evaluation, "badlabel")
    assert error.initiative == "speedwatch"
    assert "str() raised RuntimeError: no label for you" in error.message
    assert "\n" not in error.message
    assert evaluation.classification("speedwatch", "badlabel.class").value is None
    assert evaluation.classification("speedwatch", "badlabel.class").error is not None
    others = [i for i in evaluation.initiative_ids if i != "speedwatch"]
    assert {evaluation.classification(i, "badlabel.class").value for i in others} == {"fine"}
    with pytest.raises(coprod.PluginError, match="str\\(\\) raised") as raised:
        coprod.evaluate(sample(), isolated_manager(plugin), strict=True)
    assert raised.value.plugin == "badlabel"


def test_a_rule_whose_value_cannot_be_repr_d_is_named_by_type(make_plugin: Any) -> None:
    plugin = _rule_plugin(make_plugin, lambda i: _Unprintable(), "badrepr")
    evaluation = coprod.evaluate(sample(), isolated_manager(plugin))
    errors = _errors_of(evaluation, "badrepr")
    # reprlib stands in for a repr that raises: the type is named, nothing escapes.
    assert errors and all("_Unprintable" in f.message for f in errors)


# --- plugin code that tries to end the interpreter ----------------------------------


def _exits(_initiative: coprod.Initiative) -> float:
    sys.exit("rule says bye")


class _Custom(BaseException):
    pass


def _custom(_initiative: coprod.Initiative) -> float:
    raise _Custom("odd")


@pytest.mark.parametrize(("score", "text"), [(_exits, "SystemExit"), (_custom, "_Custom")])
def test_a_rule_that_raises_a_base_exception_is_a_failing_rule(
    make_plugin: Any, score: Callable[[coprod.Initiative], float], text: str
) -> None:
    plugin = _rule_plugin(make_plugin, score, "exiting")
    evaluation = coprod.evaluate(sample(), isolated_manager(plugin))
    errors = _errors_of(evaluation, "exiting")
    assert len(errors) == len(sample().initiatives)
    assert all(f"raised {text}" in f.message for f in errors)


def test_keyboard_interrupt_and_stop_run_are_never_a_plugins_fault(make_plugin: Any) -> None:
    assert not is_plugin_fault(KeyboardInterrupt())
    assert not is_plugin_fault(StopRun())
    assert is_plugin_fault(SystemExit(0))

    def interrupted(_initiative: coprod.Initiative) -> float:
        raise KeyboardInterrupt

    plugin = _rule_plugin(make_plugin, interrupted, "ctrlc")
    with pytest.raises(KeyboardInterrupt):
        coprod.evaluate(sample(), isolated_manager(plugin))


@pytest.fixture
def write_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., str]]:
    monkeypatch.syspath_prepend(str(tmp_path))
    written: list[str] = []

    def write(source: str) -> str:
        name = f"coprod_crash_plugin_{len(written)}_{tmp_path.name.replace('-', '_')}"
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        written.append(name)
        return name

    yield write
    for name in written:
        sys.modules.pop(name, None)


IMPORT_FAULTS = {
    "sys.exit()": ("import sys\nsys.exit()\n", "SystemExit"),
    "sys.exit(0)": ("import sys\nsys.exit(0)\n", "SystemExit: 0"),
    "os._exit-like BaseException": (
        "class Bye(BaseException):\n    pass\nraise Bye('multi\\nline')\n",
        "Bye: multi line",
    ),
    "GeneratorExit": ("raise GeneratorExit\n", "GeneratorExit"),
}


@pytest.mark.parametrize("fault", sorted(IMPORT_FAULTS))
def test_a_p_module_that_exits_while_imported_is_exit_3_with_one_line(
    fault: str,
    write_module: Callable[[str], str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source, text = IMPORT_FAULTS[fault]
    module = write_module(source)
    out = tmp_path / "report.json"
    code = main(["demo", "--no-entry-points", "-p", module, "-o", str(out)])
    captured = capsys.readouterr()
    assert code == EXIT_PLUGIN
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("plugin error: ")
    assert module in lines[0] and text in lines[0]
    assert not out.exists()
    assert captured.out == ""


def test_keyboard_interrupt_while_importing_a_plugin_still_interrupts(
    write_module: Callable[[str], str],
) -> None:
    module = write_module("raise KeyboardInterrupt\n")
    with pytest.raises(KeyboardInterrupt):
        load_plugin_module(module)


def test_a_hook_that_exits_is_a_problem_naming_the_plugin(make_plugin: Any) -> None:
    def register_scoring_rules(register: Callable[[Any], None]) -> None:
        sys.exit(4)

    plugin = make_plugin("hookexit", register_scoring_rules=register_scoring_rules)
    with pytest.warns(coprod.PluginWarning):
        manager = isolated_manager(plugin)
    (problem,) = manager.problems
    assert problem.plugin == "hookexit" and "SystemExit: 4" in problem.message


# --- plugin messages are one line ----------------------------------------------------

BAD_SIGNATURE = """
import coprod

@coprod.hookimpl
def register_scoring_rules(register, something_else):
    pass
"""


def test_pluggy_validation_text_becomes_one_line(
    write_module: Callable[[str], str], capsys: pytest.CaptureFixture[str]
) -> None:
    module = write_module(BAD_SIGNATURE)
    code = main(["demo", "--no-entry-points", "--strict", "-p", module])
    err = capsys.readouterr().err
    assert code == EXIT_PLUGIN
    (line,) = err.splitlines()
    assert line.startswith("plugin error: ") and "something_else" in line
    # Not strict: the warning and the finding are one line too.
    code = main(["demo", "--no-entry-points", "-p", module, "-f", "json"])
    captured = capsys.readouterr()
    assert code == EXIT_OK
    warnings = [line for line in captured.err.splitlines() if module in line]
    assert len(warnings) == 1 and "something_else" in warnings[0]


def test_problem_messages_of_a_manager_are_single_bounded_lines(make_plugin: Any) -> None:
    def register_scoring_rules(register: Callable[[Any], None]) -> None:
        raise ValueError("first line\nsecond line\n" + "x" * 100_000)

    plugin = make_plugin("chatty", register_scoring_rules=register_scoring_rules)
    with pytest.warns(coprod.PluginWarning):
        manager = isolated_manager(plugin)
    (problem,) = manager.problems
    assert "\n" not in problem.message
    assert "first line second line" in problem.message
    assert len(problem.message) <= 1000
    with pytest.raises(coprod.PluginError) as raised:
        isolated_manager(plugin, strict=True)
    assert "\n" not in str(raised.value)


def test_fault_text_helpers_never_raise() -> None:
    class NoStr(Exception):
        def __str__(self) -> str:
            raise RuntimeError

    assert describe_fault(NoStr()) == "NoStr: (its message cannot be shown)"
    assert describe_fault(SystemExit()) == "SystemExit"
    assert safe_repr(10**5000) == "an int of about 5001 digits"
    assert "_Unprintable" in safe_repr(_Unprintable())
    assert len(safe_repr("y" * 10_000)) < 100


# --- rules that change their input ---------------------------------------------------


def _renaming(initiative: coprod.Initiative) -> float:
    object.__setattr__(initiative, "name", initiative.name + "!")
    return 1.0


def _nested(initiative: coprod.Initiative) -> float:
    if initiative.ratings is not None:
        object.__setattr__(initiative.ratings, "savings", 1)
    return 1.0


def _unhashable(initiative: coprod.Initiative) -> float:
    object.__setattr__(initiative, "barriers", [*initiative.barriers])
    return 1.0


@pytest.mark.parametrize("score", [_renaming, _nested, _unhashable])
def test_strict_evaluation_names_a_plugin_that_mutates_initiatives(
    make_plugin: Any, score: Callable[[coprod.Initiative], float]
) -> None:
    plugin = _rule_plugin(make_plugin, score, "mutating")
    with pytest.raises(coprod.PluginError, match="mutated the initiatives") as raised:
        coprod.evaluate(sample(), isolated_manager(plugin), strict=True)
    assert raised.value.plugin == "mutating"
    assert raised.value.item == "mutating.rule"


def test_strict_evaluation_names_a_mutating_classification(make_plugin: Any) -> None:
    def classify(initiative: coprod.Initiative) -> str:
        object.__setattr__(initiative, "volunteer_hours", initiative.volunteer_hours + 1)
        return "x"

    plugin = _class_plugin(make_plugin, classify, "mutclass")
    with pytest.raises(coprod.PluginError, match=r"classification 'mutclass\.class'"):
        coprod.evaluate(sample(), isolated_manager(plugin), strict=True)


def test_the_conformance_check_names_a_plugin_that_mutates(make_plugin: Any) -> None:
    plugin = _rule_plugin(make_plugin, _renaming, "mutcheck")
    with pytest.raises(PluginConformanceError, match="mutated its input") as raised:
        check_plugin(plugin, examples=3)
    assert raised.value.plugin == "mutcheck"


def test_a_pure_plugin_passes_the_strict_mutation_check(make_plugin: Any) -> None:
    plugin = _rule_plugin(make_plugin, lambda i: float(len(i.name)), "pure")
    evaluation = coprod.evaluate(sample(), isolated_manager(plugin), strict=True)
    assert _errors_of(evaluation, "pure") == []


# --- rules that never return ---------------------------------------------------------

SLOW = """
import time
import coprod

def forever(initiative):
    while True:
        time.sleep(0.01)

@coprod.hookimpl
def register_scoring_rules(register):
    register(coprod.ScoringRule(name="slow.forever", metric="slow", score=forever))
"""


def test_timeout_stops_a_rule_that_never_returns_and_names_it(
    write_module: Callable[[str], str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module = write_module(SLOW)
    out = tmp_path / "report.json"
    started = time.monotonic()
    code = main(["demo", "--no-entry-points", "-p", module, "--timeout", "0.3", "-o", str(out)])
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert code == EXIT_PLUGIN
    (line,) = err.splitlines()
    assert line.startswith("plugin error: ")
    assert "--timeout 0.3 s" in line
    assert f"scoring rule 'slow.forever' of plugin {module}" in line
    assert not out.exists()
    assert elapsed < 30
    # The alarm is cleared: nothing fires later in this process.
    time.sleep(0.4)


def test_timeout_long_enough_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.json"
    code = main(["demo", "--no-entry-points", "--timeout", "60", "-o", str(out)])
    assert code == EXIT_OK
    assert out.exists()
    capsys.readouterr()


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon"])
def test_timeout_must_be_a_positive_number(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["demo", "--timeout", value])
    assert raised.value.code == 2
    assert "--timeout" in capsys.readouterr().err


def test_the_engine_reports_what_runs_to_a_watcher(make_plugin: Any) -> None:
    plugin = _class_plugin(make_plugin, lambda i: "x", "watched")
    seen: list[str] = []
    coprod.evaluate(sample(), isolated_manager(plugin), watch=seen.append)
    assert "classification 'watched.class' of plugin watched" in seen
    assert any(s.startswith("scoring rule 'priority.") for s in seen)
    assert any(s.startswith("maturity check ") for s in seen)
