"""Fault isolation: a broken rule, check or classification never takes down the others.

By default a failure becomes an error finding naming plugin, rule (or check) and
initiative, and the metric is marked incomplete; in strict mode it raises
:class:`coprod.PluginError` naming the plugin and the rule.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import pytest

import coprod
from coprod.evaluation import ContributionStatus
from coprod.testing import isolated_manager, sample_assessment

BUILTIN_METRICS = ("impact", "effort", "public-saving", "volunteer-value")


def _raise_on_speedwatch(initiative: coprod.Initiative) -> float:
    if initiative.id == "speedwatch":
        raise ZeroDivisionError("no speed")
    return 1.0


def _bad_value(value: object) -> Callable[[coprod.Initiative], Any]:
    def score(initiative: coprod.Initiative) -> Any:
        return value if initiative.id == "speedwatch" else 1.0

    return score


BAD_RULES = {
    "raises": (_raise_on_speedwatch, "raised ZeroDivisionError: no speed"),
    "nan": (_bad_value(math.nan), "returned nan, not a finite number"),
    "inf": (_bad_value(math.inf), "returned inf, not a finite number"),
    "-inf": (_bad_value(-math.inf), "returned -inf, not a finite number"),
    "str": (_bad_value("high"), "returned 'high', not a finite number"),
    "list": (_bad_value([1.0]), "returned [1.0], not a finite number"),
}


def _rule_plugin(make_plugin: Any, score: Callable[..., Any], name: str = "faulty") -> Any:
    def register_scoring_rules(register: Callable[[Any], None]) -> None:
        register(coprod.ScoringRule(name=f"{name}.rule", metric="faulty-metric", score=score))
        register(coprod.ScoringRule(name=f"{name}.fine", metric="faulty-metric", score=len_cos))

    return make_plugin(name, register_scoring_rules=register_scoring_rules)


def len_cos(initiative: coprod.Initiative) -> float:
    return float(len(initiative.cos))


def _builtins_intact(evaluation: coprod.Evaluation, reference: coprod.Evaluation) -> None:
    for metric in BUILTIN_METRICS:
        assert evaluation.values(metric) == reference.values(metric)
    reference_checks = [f for f in reference.findings if f.plugin == "coprod.builtin.checks"]
    assert [f for f in evaluation.findings if f.plugin == "coprod.builtin.checks"] == (
        reference_checks
    )


@pytest.fixture(scope="module")
def reference() -> coprod.Evaluation:
    return coprod.evaluate(sample_assessment(), isolated_manager())


@pytest.mark.parametrize("kind", sorted(BAD_RULES))
def test_a_failing_rule_becomes_a_finding_and_an_incomplete_metric(
    kind: str, make_plugin: Any, reference: coprod.Evaluation
) -> None:
    score, problem = BAD_RULES[kind]
    manager = isolated_manager(_rule_plugin(make_plugin, score))
    evaluation = coprod.evaluate(sample_assessment(), manager)

    (finding,) = [f for f in evaluation.findings if f.plugin == "faulty"]
    assert finding.severity is coprod.Severity.ERROR
    assert finding.source == "faulty.rule"
    assert finding.initiative == "speedwatch"
    assert "faulty.rule" in finding.message
    assert "faulty" in finding.message
    assert "speedwatch" in finding.message
    assert problem in finding.message

    broken = evaluation.score("speedwatch", "faulty-metric")
    assert not broken.complete
    assert evaluation.incomplete("speedwatch", "faulty-metric")
    by_rule = {c.rule: c for c in broken.contributions}
    assert by_rule["faulty.rule"].status is ContributionStatus.FAILED
    assert by_rule["faulty.rule"].error is not None
    assert problem in by_rule["faulty.rule"].error
    # The value counts only the rules that worked.
    assert broken.value == 2.0  # Speedwatch: co-delivery and co-assessment
    # Other initiatives are complete and scored by both rules.
    time_bank = evaluation.score("time-bank", "faulty-metric")
    assert time_bank.complete
    assert time_bank.value == 1.0 + 1.0
    _builtins_intact(evaluation, reference)


@pytest.mark.parametrize("kind", sorted(BAD_RULES))
def test_strict_mode_raises_plugin_error_naming_plugin_and_rule(
    kind: str, make_plugin: Any
) -> None:
    score, problem = BAD_RULES[kind]
    manager = isolated_manager(_rule_plugin(make_plugin, score))
    with pytest.raises(coprod.PluginError) as raised:
        coprod.evaluate(sample_assessment(), manager, strict=True)
    assert raised.value.plugin == "faulty"
    assert raised.value.item == "faulty.rule"
    assert "faulty.rule" in str(raised.value)
    assert "speedwatch" in str(raised.value)
    assert problem in str(raised.value)


def test_a_strict_manager_makes_evaluation_strict(make_plugin: Any) -> None:
    manager = isolated_manager(_rule_plugin(make_plugin, _raise_on_speedwatch), strict=True)
    with pytest.raises(coprod.PluginError, match=r"faulty\.rule"):
        coprod.evaluate(sample_assessment(), manager)
    # ... unless the call says otherwise.
    evaluation = coprod.evaluate(sample_assessment(), manager, strict=False)
    assert evaluation.incomplete("speedwatch", "faulty-metric")


def _batch_plugin(make_plugin: Any, score_all: Callable[..., Any]) -> Any:
    def register_scoring_rules(register: Callable[[Any], None]) -> None:
        register(coprod.BatchScoringRule(name="batchy.rule", metric="batch", score_all=score_all))

    return make_plugin("batchy", register_scoring_rules=register_scoring_rules)


def _too_short(initiatives: Sequence[coprod.Initiative]) -> list[float]:
    return [1.0] * (len(initiatives) - 1)


def _batch_raises(initiatives: Sequence[coprod.Initiative]) -> list[float]:
    raise RuntimeError("vectorisation failed")


def _batch_nan(initiatives: Sequence[coprod.Initiative]) -> list[float]:
    return [math.nan if i.id == "youth-commission" else 2.0 for i in initiatives]


@pytest.mark.parametrize(
    ("score_all", "problem"),
    [
        (_too_short, "returned 4 scores for 5 initiatives"),
        (_batch_raises, "raised RuntimeError: vectorisation failed"),
    ],
)
def test_a_failing_batch_rule_leaves_the_metric_incomplete_everywhere(
    score_all: Callable[..., Any], problem: str, make_plugin: Any, reference: coprod.Evaluation
) -> None:
    assessment = sample_assessment()
    evaluation = coprod.evaluate(
        assessment, isolated_manager(_batch_plugin(make_plugin, score_all))
    )
    (finding,) = [f for f in evaluation.findings if f.plugin == "batchy"]
    assert finding.source == "batchy.rule"
    assert "batchy.rule" in finding.message
    assert problem in finding.message
    for initiative in assessment.initiatives:
        score = evaluation.score(initiative.id, "batch")
        assert not score.complete
        assert score.value is None
    _builtins_intact(evaluation, reference)

    with pytest.raises(coprod.PluginError) as raised:
        coprod.evaluate(
            assessment, isolated_manager(_batch_plugin(make_plugin, score_all)), strict=True
        )
    assert raised.value.plugin == "batchy"
    assert raised.value.item == "batchy.rule"


def test_a_batch_rule_with_one_bad_value_fails_only_there(make_plugin: Any) -> None:
    evaluation = coprod.evaluate(
        sample_assessment(), isolated_manager(_batch_plugin(make_plugin, _batch_nan))
    )
    (finding,) = [f for f in evaluation.findings if f.plugin == "batchy"]
    assert finding.initiative == "youth-commission"
    assert evaluation.incomplete("youth-commission", "batch")
    assert evaluation.score("speedwatch", "batch").value == 2.0


def _check_plugin(make_plugin: Any, check: Callable[..., Any]) -> Any:
    def register_maturity_checks(register: Callable[[Any], None]) -> None:
        register(coprod.MaturityCheck(name="checky.check", check=check, step=coprod.Step.GROW))

    return make_plugin("checky", register_maturity_checks=register_maturity_checks)


def _check_raises(assessment: coprod.Assessment) -> list[coprod.Finding]:
    raise KeyError("missing")


def _check_yields_junk(assessment: coprod.Assessment) -> list[object]:
    return ["not a finding"]


def _check_returns_none(assessment: coprod.Assessment) -> None:
    return None


@pytest.mark.parametrize(
    ("check", "problem"),
    [
        (_check_raises, "raised KeyError"),
        (_check_yields_junk, "not a Finding"),
        (_check_returns_none, "raised TypeError"),
    ],
)
def test_a_failing_maturity_check_becomes_a_finding(
    check: Callable[..., Any], problem: str, make_plugin: Any, reference: coprod.Evaluation
) -> None:
    manager = isolated_manager(_check_plugin(make_plugin, check))
    evaluation = coprod.evaluate(sample_assessment(), manager)
    (finding,) = [f for f in evaluation.findings if f.plugin == "checky"]
    assert finding.severity is coprod.Severity.ERROR
    assert finding.source == "checky.check"
    assert "checky.check" in finding.message
    assert problem in finding.message
    _builtins_intact(evaluation, reference)

    with pytest.raises(coprod.PluginError) as raised:
        coprod.evaluate(sample_assessment(), manager, strict=True)
    assert (raised.value.plugin, raised.value.item) == ("checky", "checky.check")


def test_a_raising_classification_gives_none_and_a_finding(
    make_plugin: Any, reference: coprod.Evaluation
) -> None:
    def classify(initiative: coprod.Initiative) -> str:
        if initiative.id == "time-bank":
            raise ValueError("cannot tell")
        return "fine"

    def register_scoring_rules(register: Callable[[Any], None]) -> None:
        register(coprod.ClassificationRule(name="classy.kind", classify=classify))

    manager = isolated_manager(make_plugin("classy", register_scoring_rules=register_scoring_rules))
    evaluation = coprod.evaluate(sample_assessment(), manager)
    (finding,) = [f for f in evaluation.findings if f.plugin == "classy"]
    assert (finding.source, finding.initiative) == ("classy.kind", "time-bank")
    assert "raised ValueError: cannot tell" in finding.message
    broken = evaluation.classification("time-bank", "classy.kind")
    assert broken.value is None
    assert broken.error is not None
    assert "cannot tell" in broken.error
    assert evaluation.classification("speedwatch", "classy.kind").value == "fine"
    _builtins_intact(evaluation, reference)
    assert evaluation.classifications("time-bank")[:2] == reference.classifications("time-bank")

    with pytest.raises(coprod.PluginError) as raised:
        coprod.evaluate(sample_assessment(), manager, strict=True)
    assert (raised.value.plugin, raised.value.item) == ("classy", "classy.kind")


def test_faults_in_two_plugins_are_reported_separately(make_plugin: Any) -> None:
    first = _rule_plugin(make_plugin, _raise_on_speedwatch, name="first")
    second = _check_plugin(make_plugin, _check_raises)
    evaluation = coprod.evaluate(sample_assessment(), isolated_manager(first, second))
    plugins = [f.plugin for f in evaluation.findings if f.severity is coprod.Severity.ERROR]
    assert plugins == ["first", "checky"]


def test_a_rule_failing_on_every_initiative_still_evaluates(make_plugin: Any) -> None:
    def always(initiative: coprod.Initiative) -> float:
        raise RuntimeError("broken")

    assessment = sample_assessment()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # evaluation reports, it does not warn
        evaluation = coprod.evaluate(
            assessment, isolated_manager(_rule_plugin(make_plugin, always))
        )
    failures = [f for f in evaluation.findings if f.plugin == "faulty"]
    assert [f.initiative for f in failures] == [i.id for i in assessment.initiatives]


# -- numbers at the edges -----------------------------------------------------------------


def test_a_rule_returning_an_int_too_large_for_a_float_is_a_finding(make_plugin: Any) -> None:
    manager = isolated_manager(_rule_plugin(make_plugin, _bad_value(10**400)))
    evaluation = coprod.evaluate(sample_assessment(), manager)
    assert evaluation.incomplete("speedwatch", "faulty-metric")
    (finding,) = [f for f in evaluation.findings if f.plugin == "faulty"]
    assert "too large for a float" in finding.message
    with pytest.raises(coprod.PluginError, match="too large"):
        coprod.evaluate(sample_assessment(), manager, strict=True)


def test_scores_are_floats_and_bools_count_as_0_and_1_whatever_the_column(
    make_plugin: Any,
) -> None:
    # Mixed with None (the per-value path) and alone (the fast path) alike.
    mixed = coprod.evaluate(
        sample_assessment(),
        isolated_manager(
            _rule_plugin(make_plugin, lambda i: True if i.id == "speedwatch" else None)
        ),
    )
    only_bools = coprod.evaluate(
        sample_assessment(),
        isolated_manager(_rule_plugin(make_plugin, lambda i: True, name="bools")),
    )
    for evaluation in (mixed, only_bools):
        assert not [f for f in evaluation.findings if f.severity is coprod.Severity.ERROR]
        (contribution,) = [
            c
            for c in evaluation.score("speedwatch", "faulty-metric").contributions
            if c.rule.endswith(".rule")
        ]
        assert contribution.score == 1.0
        assert type(contribution.score) is float
    ints = coprod.evaluate(
        sample_assessment(), isolated_manager(_rule_plugin(make_plugin, lambda i: 3, name="ints"))
    )
    # Raw columns keep what rules returned; every public reading is a float.
    assert all(type(v) is float for v in ints.values("faulty-metric") if v is not None)
    assert all(
        type(c.score) is float
        for initiative in ints.initiative_ids
        for c in ints.score(initiative, "faulty-metric").contributions
        if c.score is not None
    )


def test_a_weighted_score_that_overflows_reads_as_failed_never_infinite(
    make_plugin: Any,
) -> None:
    def register_scoring_rules(register: Callable[[coprod.ScoringRule], None]) -> None:
        register(
            coprod.ScoringRule(name="huge.rule", metric="huge", score=lambda i: 1e308, weight=1e6)
        )
        register(coprod.ScoringRule(name="huge.fine", metric="huge", score=lambda i: 1.0))

    evaluation = coprod.evaluate(
        sample_assessment(),
        isolated_manager(make_plugin(register_scoring_rules=register_scoring_rules)),
    )
    first = evaluation.initiative_ids[0]
    score = evaluation.score(first, "huge")
    assert score.value == 1.0  # the rules that worked, as for any failed rule
    assert not score.complete
    failed = [c for c in score.contributions if c.status is ContributionStatus.FAILED]
    assert [c.rule for c in failed] == ["huge.rule"]
    assert failed[0].error is not None
    assert "overflows" in failed[0].error
    assert evaluation.values("huge") == (1.0,) * len(evaluation.initiative_ids)


@pytest.mark.parametrize("weight", [1e6 + 1, -1e7, math.inf, math.nan])
def test_weights_are_bounded(weight: float) -> None:
    with pytest.raises(ValueError, match="weight must be a number from -1e6 to 1e6"):
        coprod.ScoringRule(name="w", metric="m", score=lambda i: 1.0, weight=weight)
