"""Evaluation: scores are explained, combine as a weighted sum, and are deterministic."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest
from hypothesis import given, settings

import coprod
from coprod.evaluation import COMBINATION, ContributionStatus
from coprod.testing import assessments, isolated_manager, sample_assessment


def _extra_rules(register: Callable[[Any], None]) -> None:
    """Rules with non-trivial weights that share metrics with the built-ins."""
    register(
        coprod.ScoringRule(
            name="extra.breadth",
            metric="impact",
            score=lambda i: len(i.cos) / 4,
            weight=0.25,
        )
    )
    register(
        coprod.ScoringRule(
            name="extra.hours",
            metric="volunteer-value",
            score=lambda i: i.volunteer_hours / 1000 if i.volunteer_hours > 10 else None,
            weight=-2.5,
        )
    )
    register(
        coprod.BatchScoringRule(
            name="extra.position",
            metric="position",
            score_all=lambda xs: [float(n) for n in range(len(xs))],
            weight=3.0,
        )
    )


@pytest.fixture(scope="module")
def manager() -> coprod.PluginManager:
    plugin = _module("extra_plugin", register_scoring_rules=_extra_rules)
    return isolated_manager(plugin)


def _module(name: str, **hooks: Callable[..., Any]) -> Any:
    import types

    module = types.ModuleType(name)
    for hook, function in hooks.items():
        setattr(module, hook, coprod.hookimpl(function))
    return module


def _check_explained(
    assessment: coprod.Assessment, manager: coprod.PluginManager, evaluation: coprod.Evaluation
) -> None:
    rules = {rule.name: rule for rule in manager.scoring_rules}
    plugin_names = {info.name for info in manager.plugins}
    assert evaluation.metrics == manager.metrics
    for metric in evaluation.metrics:
        values = evaluation.values(metric)
        for n, initiative in enumerate(assessment.initiatives):
            score = evaluation.score(initiative.id, metric)
            assert score.initiative == initiative.id
            assert score.metric == metric
            assert score.combination == COMBINATION
            assert score.complete
            # Every rule of the metric is accounted for, in registration order.
            assert [c.rule for c in score.contributions] == [
                r.name for r in manager.scoring_rules if r.metric == metric
            ]
            applied = []
            for contribution in score.contributions:
                rule = rules[contribution.rule]
                assert contribution.plugin == rule.plugin
                assert contribution.plugin in plugin_names
                assert contribution.weight == rule.weight
                if contribution.status is ContributionStatus.APPLIED:
                    assert contribution.score is not None
                    assert contribution.value == rule.weight * contribution.score
                    applied.append(contribution.value)
                else:
                    assert contribution.status is ContributionStatus.NOT_APPLICABLE
                    assert contribution.score is None
                    assert contribution.value is None
            if applied:
                assert score.value == pytest.approx(sum(applied), rel=1e-12, abs=1e-12)
            else:
                assert score.value is None
            assert values[n] == score.value


@settings(max_examples=25, deadline=None)
@given(assessments(max_initiatives=6))
def test_every_value_is_the_weighted_sum_of_its_explained_contributions(
    manager: coprod.PluginManager, assessment: coprod.Assessment
) -> None:
    evaluation = coprod.evaluate(assessment, manager)
    assert not [f for f in evaluation.findings if f.severity is coprod.Severity.ERROR]
    _check_explained(assessment, manager, evaluation)


@settings(max_examples=20, deadline=None)
@given(assessments(max_initiatives=6))
def test_evaluation_is_deterministic(
    manager: coprod.PluginManager, assessment: coprod.Assessment
) -> None:
    first = coprod.evaluate(assessment, manager)
    # An equal input and a freshly built manager give an equal result.
    rebuilt = coprod.Assessment(
        organisation=assessment.organisation,
        services=list(assessment.services),
        initiatives=list(assessment.initiatives),
        explorer=list(assessment.explorer),
        stakeholders=list(assessment.stakeholders),
        relationships=list(assessment.relationships),
    )
    plugin = _module("extra_plugin", register_scoring_rules=_extra_rules)
    second = coprod.evaluate(rebuilt, isolated_manager(plugin))
    assert first == second
    assert first.findings == second.findings


def test_sample_assessment_scores_are_explained(manager: coprod.PluginManager) -> None:
    assessment = sample_assessment()
    evaluation = coprod.evaluate(assessment, manager)
    _check_explained(assessment, manager, evaluation)
    # Speedwatch: ratings savings 4, outcomes 4 (impact 4.0) plus 0.25 × 2 Co's.
    impact = evaluation.score("speedwatch", "impact")
    assert impact.value == pytest.approx(0.5 * 4 + 0.5 * 4 + 0.25 * 2 / 4)
    by_rule = {c.rule: c for c in impact.contributions}
    assert by_rule["priority.savings"].plugin == "coprod.builtin.priority"
    assert by_rule["extra.breadth"].plugin == "extra_plugin"
    # No ratings: the Priority Matrix rules do not apply, the extra rule does.
    budgets = evaluation.score("neighbourhood-budgets", "volunteer-value")
    assert budgets.value is None
    assert {c.status for c in budgets.contributions} == {ContributionStatus.NOT_APPLICABLE}


def test_classifications_name_the_rule_and_plugin() -> None:
    evaluation = coprod.evaluate(sample_assessment(), isolated_manager())
    service_model = evaluation.classification("speedwatch", "service-model")
    assert service_model.value == coprod.ServiceModel.CO_PRODUCTION.value
    assert service_model.rule_plugin == "coprod.builtin.classifications"
    assert service_model.error is None
    unknown = evaluation.classification("citizen-inspections", "service-model")
    assert unknown.value is None


def test_maturity_check_findings_are_stamped_with_check_plugin_and_step() -> None:
    evaluation = coprod.evaluate(sample_assessment(), isolated_manager())
    stamped = [f for f in evaluation.findings if f.source == "map.explorer-coverage"]
    assert stamped
    for finding in stamped:
        assert finding.plugin == "coprod.builtin.checks"
        assert finding.step is coprod.Step.MAP


def test_unknown_metric_and_initiative_are_clear_key_errors(
    manager: coprod.PluginManager,
) -> None:
    evaluation = coprod.evaluate(sample_assessment(), manager)
    with pytest.raises(KeyError, match=r"unknown metric 'nope'.*impact"):
        evaluation.score("speedwatch", "nope")
    with pytest.raises(KeyError, match="no initiative with id 'nope'"):
        evaluation.score("nope", "impact")


def test_empty_assessment_evaluates() -> None:
    assessment = coprod.Assessment(
        organisation=coprod.Organisation(name="Council"), services=[coprod.Service("s", "S")]
    )
    evaluation = coprod.evaluate(assessment, isolated_manager())
    assert evaluation.initiative_ids == ()
    assert evaluation.values("impact") == ()


def _rank(initiatives: Sequence[coprod.Initiative]) -> list[float | None]:
    order = sorted(range(len(initiatives)), key=lambda k: initiatives[k].id)
    ranks: list[float | None] = [None] * len(initiatives)
    for rank, k in enumerate(order):
        ranks[k] = float(rank)
    return ranks


def test_batch_rule_scores_line_up_with_initiatives() -> None:
    plugin = _module(
        "ranker",
        register_scoring_rules=lambda register: register(
            coprod.BatchScoringRule(name="ranker.by-id", metric="id-rank", score_all=_rank)
        ),
    )
    assessment = sample_assessment()
    evaluation = coprod.evaluate(assessment, isolated_manager(plugin))
    ids = sorted(i.id for i in assessment.initiatives)
    for initiative in assessment.initiatives:
        assert evaluation.score(initiative.id, "id-rank").value == ids.index(initiative.id)


def test_the_quick_win_check_agrees_with_plugin_adjusted_scores(make_plugin: Any) -> None:
    # A fill-in by its ratings; a plugin lifts its impact into quick-win territory.
    assessment = coprod.Assessment(
        coprod.Organisation("Testshire"),
        [coprod.Service("s", "S")],
        [
            coprod.Initiative(
                id="a",
                name="A",
                service="s",
                cos=[coprod.Co.DESIGN],
                ratings=coprod.PriorityRatings(investment=2, risk=2, savings=2, outcomes=2),
            )
        ],
    )

    def register_scoring_rules(register: Any) -> None:
        register(coprod.ScoringRule(name="boost", metric="impact", score=lambda i: 2.0))

    for plugins, quick_wins in (
        ((), ()),
        ((make_plugin(register_scoring_rules=register_scoring_rules),), ("a",)),
    ):
        manager = coprod.make_plugin_manager(entry_points=False, plugins=plugins)
        evaluation = coprod.evaluate(assessment, manager)
        report = coprod.build_report(
            assessment,
            evaluation,
            barriers=manager.barriers,
            provenance=coprod.provenance_of(manager),
        )
        warned = any(
            f.source == "focus.quick-wins" and "No quick wins" in f.message
            for f in evaluation.findings
        )
        assert report.quick_wins == quick_wins
        assert warned == (not quick_wins)
