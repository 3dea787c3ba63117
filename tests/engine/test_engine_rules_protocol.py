"""``evaluate`` reads what it needs (the ``Rules`` protocol), not a whole plugin manager."""

from __future__ import annotations

import attrs
import pytest

import coprod
from coprod.testing import isolated_manager, sample_assessment


@attrs.frozen
class JustRules:
    scoring_rules: tuple[coprod.ScoringRule, ...]
    classifications: tuple[coprod.ClassificationRule, ...] = ()
    maturity_checks: tuple[coprod.MaturityCheck, ...] = ()
    strict: bool = False
    problems: tuple[coprod.Finding, ...] = ()
    priority_scheme: coprod.PriorityScheme | None = None
    priority_scheme_plugin: str | None = None


def _hours(initiative: coprod.Initiative) -> float:
    return initiative.volunteer_hours


def test_a_small_value_with_the_rules_is_enough() -> None:
    rule = coprod.ScoringRule(name="t.hours", metric="hours", score=_hours, plugin="t")
    assessment = sample_assessment()
    evaluation = coprod.evaluate(assessment, JustRules(scoring_rules=(rule,)))
    assert evaluation.values("hours") == tuple(i.volunteer_hours for i in assessment.initiatives)
    assert evaluation.findings == ()


def test_a_plugin_manager_is_rules_and_gives_the_same_answer() -> None:
    manager = isolated_manager()
    copied = JustRules(
        scoring_rules=manager.scoring_rules,
        classifications=manager.classifications,
        maturity_checks=manager.maturity_checks,
        strict=manager.strict,
        problems=manager.problems,
        priority_scheme=manager.priority_scheme,
        priority_scheme_plugin=manager.priority_scheme_plugin,
    )
    assessment = sample_assessment()
    assert coprod.evaluate(assessment, copied) == coprod.evaluate(assessment, manager)


def test_strictness_and_problems_come_from_the_rules() -> None:
    def broken(_initiative: coprod.Initiative) -> float:
        raise RuntimeError("no")

    rule = coprod.ScoringRule(name="t.broken", metric="m", score=broken, plugin="t")
    problem = coprod.Finding(coprod.Severity.ERROR, "plugin x failed to load", plugin="x")
    lenient = JustRules(scoring_rules=(rule,), problems=(problem,))
    evaluation = coprod.evaluate(sample_assessment(), lenient)
    assert evaluation.findings[0] == problem
    with pytest.raises(coprod.PluginError, match=r"t\.broken") as raised:
        coprod.evaluate(sample_assessment(), attrs.evolve(lenient, strict=True))
    assert raised.value.plugin == "t"


def test_the_evaluation_records_the_scheme_and_the_checks_that_ran() -> None:
    scheme = coprod.PriorityScheme(savings_weight=0.8, outcomes_weight=0.2, impact_threshold=3.5)

    def quiet(_assessment: coprod.Assessment) -> list[coprod.Finding]:
        return []

    check = coprod.MaturityCheck(name="t.quiet", check=quiet, plugin="t")
    rules = JustRules(
        scoring_rules=(),
        maturity_checks=(check,),
        priority_scheme=scheme,
        priority_scheme_plugin="my-scheme",
    )
    evaluation = coprod.evaluate(sample_assessment(), rules)
    assert evaluation.scheme == scheme
    assert evaluation.scheme_plugin == "my-scheme"
    # A check that found nothing still ran, and the evaluation says so.
    assert evaluation.checks == (coprod.CheckRef("t.quiet", "t"),)
    assert evaluation.findings == ()


@attrs.frozen
class RulesWrittenBeforeTheScheme:
    """The protocol as it was: without the two optional scheme attributes."""

    scoring_rules: tuple[coprod.ScoringRule, ...]
    classifications: tuple[coprod.ClassificationRule, ...] = ()
    maturity_checks: tuple[coprod.MaturityCheck, ...] = ()
    strict: bool = False
    problems: tuple[coprod.Finding, ...] = ()


def test_rules_without_the_scheme_attributes_still_evaluate() -> None:
    rule = coprod.ScoringRule(name="t.hours", metric="hours", score=_hours, plugin="t")
    evaluation = coprod.evaluate(sample_assessment(), RulesWrittenBeforeTheScheme((rule,)))
    assert (evaluation.scheme, evaluation.scheme_plugin) == (None, None)
    assert evaluation.values("hours") == tuple(
        i.volunteer_hours for i in sample_assessment().initiatives
    )


def test_a_scheme_attribute_of_the_wrong_type_is_refused() -> None:
    rules = JustRules(scoring_rules=(), priority_scheme="0.5/0.5")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="must be a PriorityScheme"):
        coprod.evaluate(sample_assessment(), rules)
