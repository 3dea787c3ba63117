"""``evaluate(..., progress=)``: one step per rule, classification and check (issue 10)."""

from __future__ import annotations

import coprod
from coprod.testing import isolated_manager, make_plugin, sample_assessment


def _broken(_initiative: coprod.Initiative) -> float:
    raise RuntimeError("no")


def test_progress_counts_every_rule_classification_and_check_once() -> None:
    def register_scoring_rules(register: object) -> None:
        register(coprod.ScoringRule(name="t.broken", metric="m", score=_broken))  # type: ignore[operator]

    manager = isolated_manager(
        make_plugin("progress_t", register_scoring_rules=register_scoring_rules)
    )
    calls: list[tuple[str, int, int | None]] = []
    assessment = sample_assessment()
    evaluation = coprod.evaluate(assessment, manager, progress=lambda *c: calls.append(c))
    total = len(manager.scoring_rules) + len(manager.classifications) + len(manager.maturity_checks)
    assert {stage for stage, _done, _total in calls} == {"evaluating"}
    assert [done for _stage, done, _total in calls] == list(range(total + 1))
    assert {t for _stage, _done, t in calls} == {total}
    # A failing rule is a step like any other, and progress changes nothing else.
    assert any(f.source == "t.broken" for f in evaluation.findings)
    assert evaluation == coprod.evaluate(assessment, manager)


def test_an_evaluation_with_nothing_to_run_reports_zero_of_zero() -> None:
    calls: list[tuple[str, int, int | None]] = []

    class Nothing:
        scoring_rules = classifications = maturity_checks = problems = ()
        strict = False
        priority_scheme = priority_scheme_plugin = None

    coprod.evaluate(sample_assessment(), Nothing(), progress=lambda *c: calls.append(c))
    assert calls == [("evaluating", 0, 0)]
