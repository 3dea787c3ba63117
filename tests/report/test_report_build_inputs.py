"""``build_report`` takes what it reads, not the plugin manager (issue 9).

The scheme comes from the evaluation (one source of truth with the explanations'
weights), the barrier taxonomy and the extra appraisal parameter sets are passed
like :func:`coprod.load_assessment` takes them, and an id the taxonomy does not
know is an error rather than a barrier silently left out of the report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pytest

import coprod
from coprod.appraisal import parameter_set
from coprod.builtin.priority import register_priority_scheme
from coprod.testing import make_plugin

SCHEME = coprod.PriorityScheme(savings_weight=2.0, outcomes_weight=1.0, impact_threshold=4.0)


def _scheme_plugin() -> Any:
    def register_scoring_rules(register: Callable[[Any], None]) -> None:
        register_priority_scheme(register, SCHEME)

    return make_plugin("report_inputs_scheme", register_scoring_rules=register_scoring_rules)


def test_the_scheme_reaches_the_report_through_the_evaluation_alone(
    demo_assessment: coprod.Assessment,
) -> None:
    manager = coprod.make_plugin_manager(
        entry_points=False, plugins=[_scheme_plugin()], blocked=["coprod.builtin.priority"]
    )
    evaluation = coprod.evaluate(demo_assessment, manager)
    report = coprod.build_report(demo_assessment, evaluation)  # no manager, no scheme=
    assert report.scheme == SCHEME
    assert report.provenance.scheme_plugin == "report_inputs_scheme"
    peer = next(i for i in report.initiatives if i.id == "peer-educators")
    # Savings 3 and outcomes 5 weighted 2:1 (by hand): (2*3 + 1*5) / 3 = 11/3 < 4.
    assert peer.position is not None
    assert peer.position.impact == pytest.approx(11 / 3)
    assert peer.position.quadrant is not coprod.PriorityQuadrant.QUICK_WIN
    score = evaluation.score("peer-educators", "impact")
    weights = {c.rule: c.weight for c in score.contributions}
    assert weights == pytest.approx({"priority.savings": 2 / 3, "priority.outcomes": 1 / 3})


def test_a_provenance_cannot_name_another_scheme_plugin_than_the_evaluation(
    demo_assessment: coprod.Assessment,
) -> None:
    manager = coprod.make_plugin_manager(entry_points=False)
    stated = attrs.evolve(coprod.provenance_of(manager), scheme_plugin="somebody-else")
    report = coprod.build_report(
        demo_assessment, coprod.evaluate(demo_assessment, manager), provenance=stated
    )
    assert report.provenance.scheme_plugin == "coprod.builtin.priority"


def test_without_a_provenance_the_report_names_the_plugins_that_ran(
    demo_assessment: coprod.Assessment,
) -> None:
    manager = coprod.make_plugin_manager(entry_points=False)
    evaluation = coprod.evaluate(demo_assessment, manager)
    report = coprod.build_report(demo_assessment, evaluation)
    names = {p.name for p in report.provenance.plugins}
    ran = (
        {r.plugin for r in evaluation.rules}
        | set(evaluation.classification_plugins)
        | {c.plugin for c in evaluation.checks}
    )
    assert names == ran
    assert "coprod.builtin.checks" in names and "coprod.builtin.priority" in names
    assert all(p.version == coprod.__version__ for p in report.provenance.plugins)
    assert report.provenance.input_sha256 is None and report.provenance.date is None


def test_the_quick_win_warning_follows_the_checks_the_evaluation_ran(
    demo_assessment: coprod.Assessment,
) -> None:
    # Every initiative rated low-impact: no quick wins. The warning comes only when
    # the built-in quick-win check ran, which the evaluation now records.
    ratings = coprod.PriorityRatings(investment=1, risk=1, savings=1, outcomes=1)
    flat = attrs.evolve(
        demo_assessment,
        initiatives=[attrs.evolve(i, ratings=ratings) for i in demo_assessment.initiatives],
    )

    def warned(manager: coprod.PluginManager) -> bool:
        report = coprod.build_report(flat, coprod.evaluate(flat, manager))
        return any(f.source == "focus.quick-wins" for f in report.findings)

    assert warned(coprod.make_plugin_manager(entry_points=False))
    assert not warned(
        coprod.make_plugin_manager(entry_points=False, blocked=["coprod.builtin.checks"])
    )


def test_a_barrier_the_taxonomy_does_not_know_is_an_error_naming_it(
    demo_assessment: coprod.Assessment,
) -> None:
    own = coprod.Barrier(
        id="ferry-timetable",
        label="The ferry runs twice a day",
        category=coprod.BarrierCategory.RESOURCES,
        source="island council",
    )

    def register_barriers(register: Callable[[Any], None]) -> None:
        register(own)

    manager = coprod.make_plugin_manager(
        entry_points=False,
        plugins=[make_plugin("island_barriers", register_barriers=register_barriers)],
    )
    first, *rest = demo_assessment.initiatives
    tagged = attrs.evolve(
        demo_assessment, initiatives=[attrs.evolve(first, barriers=("ferry-timetable",)), *rest]
    )
    evaluation = coprod.evaluate(tagged, manager)
    with pytest.raises(ValueError, match=rf"'ferry-timetable' \(initiative '{first.id}'\)"):
        coprod.build_report(tagged, evaluation)
    report = coprod.build_report(tagged, evaluation, barriers=manager.barriers)
    used = [use for category in report.barriers for use in category.barriers]
    assert [u.initiatives for u in used if u.barrier.id == own.id] == [(first.id,)]


def test_a_plugins_parameter_set_is_found_only_when_passed(
    demo_assessment: coprod.Assessment,
) -> None:
    assert demo_assessment.business_case is not None
    own = attrs.evolve(parameter_set("green-book-2022"), id="island-unit-costs", edition="2026")
    case = attrs.evolve(demo_assessment.business_case, parameter_set="island-unit-costs")
    assessment = attrs.evolve(demo_assessment, business_case=case)
    evaluation = coprod.evaluate(assessment, coprod.make_plugin_manager(entry_points=False))
    with pytest.raises(KeyError, match="island-unit-costs"):
        coprod.build_report(assessment, evaluation)
    report = coprod.build_report(assessment, evaluation, parameter_sets=[own])
    assert report.business_case is not None
    bundled = coprod.build_report(demo_assessment, evaluation)
    assert bundled.business_case is not None
    # The same values under another id appraise to the same figures, and say whose.
    mine, theirs = report.business_case.programme, bundled.business_case.programme
    assert mine.parameters.id == "island-unit-costs"
    assert (mine.pv_costs, mine.pv_benefits) == (theirs.pv_costs, theirs.pv_benefits)
