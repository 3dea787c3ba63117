"""coprod.testing: strategies generate valid values, check_plugin catches every broken
contract with a clear message, and the opt-in pytest plugin provides its fixtures."""

from __future__ import annotations

import itertools
import math
import random
import sys
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coprod
from coprod.testing import (
    HOSTILE_STRINGS,
    PluginConformanceError,
    assessments,
    check_plugin,
    initiatives,
    isolated_manager,
    sample_assessment,
)

pytest_plugins = ["coprod.testing"]

SEED_BARRIERS = coprod.seed_barrier_taxonomy().ids


# -- strategies --------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(assessments(max_initiatives=6))
def test_generated_assessments_keep_referential_integrity(
    assessment: coprod.Assessment,
) -> None:
    # Construction already checks ids and references; barriers are checked separately.
    assert coprod.integrity_problems(assessment, SEED_BARRIERS) == ()
    assert assessment.services
    for entry in assessment.explorer:
        if entry.extent is coprod.Extent.NONE:
            assert entry.actors == ()
    pairs = [frozenset((r.source, r.target)) for r in assessment.relationships]
    assert len(pairs) == len(set(pairs))
    assert all(len(pair) == 2 for pair in pairs)


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_strategy_bounds_are_respected(data: st.DataObject) -> None:
    assessment = data.draw(
        assessments(min_services=2, max_services=3, min_initiatives=2, max_initiatives=3)
    )
    assert 2 <= len(assessment.services) <= 3
    assert 2 <= len(assessment.initiatives) <= 3
    own = data.draw(assessments(barrier_ids={"ours.a", "ours.b"}, min_initiatives=1))
    assert {b for i in own.initiatives for b in i.barriers} <= {"ours.a", "ours.b"}
    initiative = data.draw(initiatives(service_ids=["only"]))
    assert initiative.service == "only"


def test_strategy_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="min_services"):
        assessments(min_services=0, min_initiatives=1)
    with pytest.raises(ValueError, match="larger than its maximum"):
        assessments(min_initiatives=5, max_initiatives=2)


def test_generated_text_is_hostile() -> None:
    seen: set[str] = set()

    @settings(max_examples=300, deadline=None, database=None)
    @given(initiatives())
    def collect(initiative: coprod.Initiative) -> None:
        seen.update((initiative.name, initiative.description))

    collect()
    text = " ".join(seen)
    assert "<script>" in text or '"><img' in text
    assert any(len(s) > 150 for s in seen)
    assert any(not s.isascii() for s in seen)
    assert all(isinstance(s, str) for s in HOSTILE_STRINGS)


# -- check_plugin ------------------------------------------------------------------------


def _rules_plugin(make_plugin: Any, *rules: Any, name: str = "candidate") -> Any:
    def register_scoring_rules(register: Callable[[Any], None]) -> None:
        for rule in rules:
            register(rule)

    return make_plugin(name, register_scoring_rules=register_scoring_rules)


def _rule(score: Callable[[coprod.Initiative], Any], name: str = "candidate.rule") -> Any:
    return coprod.ScoringRule(name=name, metric="candidate", score=score)


def test_a_good_plugin_passes_and_its_contributions_are_returned(make_plugin: Any) -> None:
    def hours_rank(items: Sequence[coprod.Initiative]) -> list[float | None]:
        return [
            float(sorted(i.volunteer_hours for i in items).index(x.volunteer_hours)) for x in items
        ]

    def register_scoring_rules(register: Callable[[Any], None]) -> None:
        register(_rule(lambda i: i.volunteer_hours / len(i.cos) if i.volunteer_hours else None))
        register(coprod.BatchScoringRule(name="good.rank", metric="rank", score_all=hours_rank))
        register(coprod.ClassificationRule(name="good.size", classify=lambda i: "s"))

    def register_maturity_checks(register: Callable[[Any], None]) -> None:
        register(
            coprod.MaturityCheck(
                name="good.check",
                check=lambda a: [coprod.Finding(coprod.Severity.INFO, f"{len(a.services)}")],
            )
        )

    def register_exporters(register: Callable[[Any], None]) -> None:
        register(
            coprod.Exporter(
                format="good-count",
                media_type="text/plain",
                suffix=".txt",
                render=lambda report: str(len(report.initiatives)),
            )
        )

    plugin = make_plugin(
        "good",
        register_scoring_rules=register_scoring_rules,
        register_maturity_checks=register_maturity_checks,
        register_exporters=register_exporters,
    )
    info = check_plugin(plugin, examples=10)
    assert info.name == "good"
    assert info.scoring_rules == ("candidate.rule", "good.rank")
    assert info.classifications == ("good.size",)
    assert info.maturity_checks == ("good.check",)
    assert info.exporters == ("good-count",)


def _fails(plugin: Any, *patterns: str, **kwargs: Any) -> PluginConformanceError:
    with pytest.raises(PluginConformanceError) as raised:
        check_plugin(plugin, examples=kwargs.pop("examples", 10), **kwargs)
    message = str(raised.value)
    for pattern in patterns:
        assert pattern in message, f"{pattern!r} not in {message!r}"
    assert isinstance(raised.value, AssertionError)
    return raised.value


def test_a_raising_rule_is_named_with_a_minimal_initiative(make_plugin: Any) -> None:
    def score(initiative: coprod.Initiative) -> float:
        return 1 / initiative.volunteer_hours

    error = _fails(
        _rules_plugin(make_plugin, _rule(score)),
        "plugin candidate",
        "scoring rule 'candidate.rule'",
        "raised ZeroDivisionError",
        "on initiative '",
    )
    assert (error.plugin, error.item) == ("candidate", "candidate.rule")
    assert error.initiative is not None


@pytest.mark.parametrize(
    ("value", "shown"),
    [(math.nan, "nan"), (math.inf, "inf"), ("3", "'3'"), (1j, "1j"), (10**400, "1000")],
)
def test_a_rule_returning_a_non_finite_or_non_number_is_named(
    make_plugin: Any, value: object, shown: str
) -> None:
    _fails(
        _rules_plugin(make_plugin, _rule(lambda i: value)),
        "scoring rule 'candidate.rule'",
        f"returned {shown}",
        "not a finite number or None",
    )


def test_a_non_deterministic_rule_is_named(make_plugin: Any) -> None:
    noise = random.Random(1)
    _fails(
        _rules_plugin(make_plugin, _rule(lambda i: noise.random())),
        "scoring rule 'candidate.rule'",
        "is not deterministic",
    )


def test_an_intermittent_failure_is_reported_as_non_determinism(make_plugin: Any) -> None:
    calls = itertools.count()

    def score(initiative: coprod.Initiative) -> float:
        if next(calls) == 60:  # after the explicit examples, once only
            raise RuntimeError("sometimes")
        return 1.0

    _fails(
        _rules_plugin(make_plugin, _rule(score)),
        "failed intermittently",
        "suggests non-determinism",
        "raised RuntimeError: sometimes",
        examples=50,
    )


def test_a_rule_that_depends_on_object_identity_is_named(make_plugin: Any) -> None:
    _fails(
        _rules_plugin(make_plugin, _rule(lambda i: float(id(i) % 1000))),
        "is not deterministic",
        "for an equal initiative",
    )


def test_a_mutating_rule_is_named(make_plugin: Any) -> None:
    def score(initiative: coprod.Initiative) -> float:
        object.__setattr__(initiative, "volunteer_hours", initiative.volunteer_hours + 1)
        return 1.0

    _fails(_rules_plugin(make_plugin, _rule(score)), "'candidate.rule' mutated its input")


def test_a_batch_rule_returning_the_wrong_number_of_scores_is_named(make_plugin: Any) -> None:
    rule = coprod.BatchScoringRule(
        name="candidate.batch", metric="batch", score_all=lambda items: [1.0, *[2.0] * len(items)]
    )
    _fails(
        _rules_plugin(make_plugin, rule),
        "batch scoring rule 'candidate.batch'",
        "scores for",
    )


def test_a_mutating_maturity_check_is_named(make_plugin: Any) -> None:
    def check(assessment: coprod.Assessment) -> list[coprod.Finding]:
        object.__setattr__(assessment, "initiatives", ())
        return []

    def register_maturity_checks(register: Callable[[Any], None]) -> None:
        register(coprod.MaturityCheck(name="candidate.check", check=check))

    _fails(
        make_plugin("candidate", register_maturity_checks=register_maturity_checks),
        "maturity check 'candidate.check' mutated its input",
    )


def test_a_classification_returning_a_non_label_is_named(make_plugin: Any) -> None:
    def register_scoring_rules(register: Callable[[Any], None]) -> None:
        register(coprod.ClassificationRule(name="candidate.class", classify=lambda i: 3))

    _fails(
        make_plugin("candidate", register_scoring_rules=register_scoring_rules),
        "classification 'candidate.class' returned 3",
    )


def test_a_raising_exporter_is_named(make_plugin: Any) -> None:
    def render(report: Any) -> str:
        raise UnicodeEncodeError("ascii", "é", 0, 1, "no")

    def register_exporters(register: Callable[[Any], None]) -> None:
        register(
            coprod.Exporter(format="broken", media_type="text/plain", suffix=".txt", render=render)
        )

    _fails(
        make_plugin("candidate", register_exporters=register_exporters),
        "exporter 'broken' raised UnicodeEncodeError",
        examples=3,
    )


def test_a_plugin_that_does_not_register_cleanly_is_named(make_plugin: Any) -> None:
    def register_scoring_rules(reg: Callable[[Any], None]) -> None:
        pass

    _fails(
        make_plugin("candidate", register_scoring_rules=register_scoring_rules),
        "plugin candidate did not register cleanly",
        "reg",
    )


def test_a_plugin_without_hookimpl_markers_is_explained(make_plugin: Any) -> None:
    def register_scoring_rules(register: Callable[[Any], None]) -> None:
        register(_rule(lambda i: 1.0))

    register_scoring_rules.coprod_unmarked = True  # type: ignore[attr-defined]
    _fails(
        make_plugin("candidate", register_scoring_rules=register_scoring_rules),
        "registered nothing",
        "register_scoring_rules lack the @coprod.hookimpl marker",
    )


def test_a_plugin_clashing_with_a_builtin_fails_unless_it_is_blocked(make_plugin: Any) -> None:
    from coprod.builtin.priority import priority_rules

    plugin = _rules_plugin(make_plugin, *priority_rules(coprod.PriorityScheme(risk_weight=2.0)))
    _fails(plugin, "did not register cleanly", "coprod.builtin.priority")
    info = check_plugin(plugin, examples=5, blocked=["coprod.builtin.priority"])
    assert len(info.scoring_rules) == 4


def test_check_plugin_accepts_a_dotted_module_name() -> None:
    info = check_plugin("coprod.builtin.business_case", examples=5)
    assert info.scoring_rules == ("business-case.public-saving", "business-case.volunteer-value")


def test_check_plugin_says_it_needs_hypothesis(
    make_plugin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    with pytest.raises(ImportError, match="check_plugin needs hypothesis: pip install"):
        check_plugin(_rules_plugin(make_plugin, _rule(lambda i: 1.0)))


def test_every_builtin_plugin_conforms() -> None:
    for name in coprod.plugins.BUILTIN_PLUGINS:
        info = check_plugin(name, examples=3)
        assert info.kind == "builtin"


# -- the pytest plugin and its fixtures --------------------------------------------------


def test_coprod_manager_fixture_is_isolated(
    coprod_manager: coprod.PluginManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert all(info.kind == "builtin" for info in coprod_manager.plugins)
    assert coprod_manager.problems == ()


def test_make_coprod_manager_fixture_registers_plugins(
    make_coprod_manager: Any, make_plugin: Any
) -> None:
    plugin = _rules_plugin(make_plugin, _rule(lambda i: 2.0), name="fixture_plugin")
    manager = make_coprod_manager(plugin)
    assert [p.name for p in manager.plugins][-1] == "fixture_plugin"
    assert "candidate" in manager.metrics
    strict = make_coprod_manager(plugin, blocked=["coprod.builtin.priority"], strict=True)
    assert strict.strict
    assert "impact" not in strict.metrics


def test_coprod_assessment_fixture_is_the_sample(coprod_assessment: coprod.Assessment) -> None:
    assert coprod_assessment == sample_assessment()
    assert coprod_assessment.barrier_problems(SEED_BARRIERS) == ()
    evaluation = coprod.evaluate(coprod_assessment, isolated_manager())
    assert not [f for f in evaluation.findings if f.severity is coprod.Severity.ERROR]
