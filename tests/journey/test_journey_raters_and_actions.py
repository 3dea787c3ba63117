"""Several raters (consensus, agreement, strong disagreement) and action plans."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import coprod
from coprod.model.explorer import Extent

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def report_of(document: dict[str, Any]) -> coprod.Report:
    manager = coprod.make_plugin_manager(entry_points=False)
    assessment = coprod.load_assessment(document)
    return coprod.build_report(
        assessment,
        coprod.evaluate(assessment, manager),
        barriers=manager.barriers,
        provenance=coprod.provenance_of(manager),
    )


def base(**more: Any) -> dict[str, Any]:
    return {
        "organisation": {"name": "Raters Council"},
        "services": [{"id": "parks", "name": "Parks"}, {"id": "care", "name": "Care"}],
        **more,
    }


def test_two_raters_three_steps_apart_yield_a_finding_naming_cell_and_raters() -> None:
    document = base(
        explorer=[
            {
                "service": "parks",
                "co": "co-design",
                "ratings": [
                    {"rater": "chair", "extent": "none"},
                    {"rater": "youth-rep", "extent": "systematic"},
                ],
            }
        ]
    )
    report = report_of(document)
    found = [f for f in report.findings if f.source == "map.raters-disagree"]
    assert len(found) == 1
    message = found[0].message
    assert "parks × co-design" in message
    assert "'chair' said none" in message and "'youth-rep' said systematic" in message
    assert "3 steps apart" in message
    # The consensus is the lower median of the two: none (it claims no more than half said).
    assert report.assessment.explorer[0].extent is Extent.NONE


def test_two_steps_apart_is_no_finding() -> None:
    document = base(
        explorer=[
            {
                "service": "parks",
                "co": "co-design",
                "ratings": [
                    {"rater": "R1", "extent": "in pockets"},
                    {"rater": "R2", "extent": "systematic"},
                ],
            }
        ]
    )
    report = report_of(document)
    assert not [f for f in report.findings if f.source == "map.raters-disagree"]
    assert report.assessment.explorer[0].extent is Extent.IN_POCKETS


def test_priority_ratings_consensus_and_disagreement() -> None:
    document = base(
        initiatives=[
            {
                "id": "friends",
                "name": "Friends of the parks",
                "service": "parks",
                "cos": ["co-delivery"],
                "ratings_by_rater": [
                    {"rater": "A", "investment": 1, "risk": 2, "savings": 5, "outcomes": 4},
                    {"rater": "B", "investment": 2, "risk": 2, "savings": 1, "outcomes": 4},
                    {"rater": "C", "investment": 5, "risk": 3, "savings": 4, "outcomes": 5},
                ],
            }
        ]
    )
    report = report_of(document)
    # Lower medians, worked out: investment (1,2,5)→2, risk (2,2,3)→2,
    # savings (5,1,4)→4, outcomes (4,4,5)→4.
    ratings = report.assessment.initiatives[0].ratings
    assert ratings == coprod.PriorityRatings(investment=2, risk=2, savings=4, outcomes=4)
    found = [f for f in report.findings if f.source == "focus.raters-disagree"]
    units = sorted(f.message.split(" on the rating ")[1].split(":")[1].strip() for f in found)
    assert units == ["investment", "savings"]  # 1 vs 5 and 1 vs 5: four steps each
    assert all(f.initiative == "friends" for f in found)


def test_alpha_in_the_report_worked_out_by_hand() -> None:
    # Two raters who swap none and systematic on two cells. Coincidences:
    # o[none,sys] = o[sys,none] = 2; n_none = n_sys = 2, n = 4. Ordinal
    # δ²(none, sys) = (2 + 0 + 0 + 2 − (2 + 2)/2)² = 4. D_o ∝ 2·2·4 = 16,
    # D_e ∝ 2·2·4·2 = 32, alpha = 1 − (n − 1)·16/32 = 1 − 3/2 = −0.5.
    swap = [
        {
            "service": service,
            "co": "co-design",
            "ratings": [
                {"rater": "X", "extent": first},
                {"rater": "Y", "extent": second},
            ],
        }
        for service, first, second in (
            ("parks", "none", "systematic"),
            ("care", "systematic", "none"),
        )
    ]
    (agreement,) = report_of(base(explorer=swap)).agreement
    assert agreement.instrument == "Explorer extents"
    assert agreement.alpha.value == -0.5
    assert agreement.raters == ("X", "Y")
    assert [c.steps for c in agreement.spread] == [3, 3]
    # Full agreement on two different values: alpha 1.
    same = [
        dict(entry, ratings=[{"rater": r, "extent": e} for r in ("X", "Y")])
        for entry, e in zip(swap, ("none", "systematic"), strict=True)
    ]
    assert report_of(base(explorer=same)).agreement[0].alpha.value == 1.0


def test_a_rater_rates_a_cell_once() -> None:
    document = base(
        explorer=[
            {
                "service": "parks",
                "co": "co-design",
                "ratings": [
                    {"rater": "X", "extent": "none"},
                    {"rater": "X", "extent": "developing"},
                ],
            }
        ]
    )
    with pytest.raises(coprod.InvalidInputError) as caught:
        coprod.load_assessment(document)
    assert [str(p) for p in caught.value.problems] == [
        "$.explorer[0].ratings: repeat the rater 'X': each rater rates a cell once"
    ]


def test_single_rater_documents_are_unchanged() -> None:
    demo = coprod.load_assessment(Path(__file__).parents[2] / "examples" / "demo-council.toml")
    assert all(not e.ratings for e in demo.explorer)
    assert report_of(json.loads(coprod.dump_assessment(demo))).agreement == ()


# --- action plans -------------------------------------------------------------------------

PLAN = base(
    as_of="2025-03-01",
    initiatives=[
        {
            "id": "quick",
            "name": "Quick one",
            "service": "parks",
            "cos": ["co-delivery"],
            "ratings": {"investment": 1, "risk": 1, "savings": 5, "outcomes": 5},
            "barriers": ["austerity"],
        },
        {
            "id": "gap-filler",
            "name": "Care panel",
            "service": "care",
            "cos": ["co-assessment"],
            "status": "potential",
            "barriers": ["austerity"],
        },
    ],
    actions=[
        {"id": "late", "title": "Late <b>one</b>", "step": "map", "owner": "lead",
         "due": "2025-01-31", "status": "in progress"},
        {"id": "orphan", "title": "Nobody's", "step": "grow", "due": "2026-01-01"},
        {"id": "finished", "title": "Done", "step": "people", "due": "2024-01-01",
         "status": "done"},
    ],
)  # fmt: skip


def test_the_action_plan_section() -> None:
    report = report_of(PLAN)
    plan = report.action_plan
    assert plan is not None
    assert [a.id for a in plan.overdue] == ["late"]  # due before as_of, still open
    assert [a.id for a in plan.no_owner] == ["orphan"]
    by_step = {step.value: [a.id for a in actions] for step, actions in plan.by_step}
    assert by_step == {"map": ["late"], "focus": [], "people": ["finished"], "market": [],
                       "grow": ["orphan"]}  # fmt: skip


def test_checks_propose_actions_and_the_report_gathers_them() -> None:
    report = report_of(PLAN)
    sources = {f.source for f in report.findings if f.suggested_actions}
    # (Other built-in checks may propose actions too.)
    assert {"plan.quick-wins", "plan.barriers", "plan.start-now", "plan.gap-priorities"} <= sources
    plan = report.action_plan
    assert plan is not None
    suggested = {a.id: a for a in plan.suggested}
    assert suggested["quick-win-quick"].initiatives == ("quick",)
    assert suggested["tackle-austerity"].barriers == ("austerity",)
    assert suggested["fill-gap-gap-filler"].services == ("care",)
    # Nothing open for Focus it and Market it (people's only action is done).
    assert {"start-now-focus", "start-now-market", "start-now-people"} <= set(suggested)
    assert "start-now-map" not in suggested
    # The TOML fragment loads as the document's [[actions]] and into a valid document.
    fragment = tomllib.loads(plan.suggested_toml())
    assert [a["id"] for a in fragment["actions"]] == list(suggested)
    document = dict(PLAN, actions=PLAN["actions"] + fragment["actions"])
    again = report_of(document)
    assert not [f for f in again.findings if f.source in ("plan.quick-wins", "plan.barriers")]


def test_an_overdue_action_appears_in_every_format(cli: Callable[..., Any], write: Any) -> None:
    path = str(write("plan.json", PLAN))
    summary = cli(["assess", path])
    assert summary.code == 0, summary.err
    assert "overdue  late: Late <b>one</b> (due 2025-01-31)" in summary.out
    data = json.loads(cli(["assess", path, "-f", "json"]).out)
    assert data["action_plan"]["overdue"] == ["late"]
    assert data["as_of"] == "2025-03-01"
    assert {a["id"] for a in data["action_plan"]["suggested"]} >= {"quick-win-quick"}
    markdown = cli(["assess", path, "-f", "markdown"]).out
    assert "| late | Late &lt;b&gt;one&lt;/b&gt; | lead | 2025-01-31 | in progress (overdue) |" in (
        markdown
    )
    assert "````toml\n[[actions]]" in markdown
    html = cli(["assess", path, "-f", "html"]).out
    assert '<tr class="overdue"><td>late</td>' in html
    assert "Late &lt;b&gt;one&lt;/b&gt;" in html and "<b>one" not in html


def test_an_action_linked_to_an_unknown_initiative_exits_2_with_its_path(
    cli: Callable[..., Any], write: Any, tmp_path: Path
) -> None:
    broken = dict(PLAN, actions=[dict(PLAN["actions"][0], initiatives=["no-such"])])
    out = tmp_path / "report.html"
    run = cli(["assess", str(write("broken.json", broken)), "-o", str(out)])
    assert run.code == 2
    assert run.err.splitlines() == [
        "error: $.actions[0].initiatives[0]: unknown initiative 'no-such' "
        "(known: gap-filler, quick)"
    ]
    assert not out.exists()


def test_a_finding_link_must_name_a_registered_check(cli: Callable[..., Any], write: Any) -> None:
    broken = dict(PLAN, actions=[dict(PLAN["actions"][0], findings=["focus.quick-wins", "nope"])])
    run = cli(["assess", str(write("broken.json", broken))])
    assert run.code == 2
    (line,) = run.err.splitlines()
    assert line.startswith("error: $.actions[0].findings[1]: unknown check 'nope' (known: ")


def test_validate_checks_finding_links_too(cli: Callable[..., Any], write: Any) -> None:
    broken = dict(PLAN, actions=[dict(PLAN["actions"][0], findings=["nope"])])
    run = cli(["validate", str(write("broken.json", broken))])
    assert run.code == 2
    assert run.err.startswith("error: $.actions[0].findings[0]: unknown check 'nope'")
    assert cli(["validate", str(write("plan.json", PLAN))]).code == 0
