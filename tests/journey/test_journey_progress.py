"""Three dated readings → the progress report, its figures worked out by hand.

The three documents below are small enough to work every figure out on paper; the
expectations are written from the documents and the rules of the format (a cell's
extent is its Explorer entry's, at least "in pockets" with an existing initiative
of that Co; score = mean extent rank / 3; reach = share of services where the Co
happens; impact = mean(savings, outcomes), effort = mean(investment, risk), high
above 3; volunteer value = hours × £8.00, the built-in rate), never from the code.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import coprod
from coprod.progress import Progress, Reading, compare_readings

ORG = {"name": "Testshire Council"}
SERVICES = [{"id": "s1", "name": "Parks"}, {"id": "s2", "name": "Care"}]


def _i(id_: str, service: str, co: str, status: str = "existing", **more: Any) -> dict[str, Any]:
    return {"id": id_, "name": more.pop("name", f"Initiative {id_}"), "service": service,
            "cos": [co], "status": status, **more}  # fmt: skip


QUICK = {"investment": 1, "risk": 1, "savings": 5, "outcomes": 5}  # impact 5, effort 1
BURNER = {"investment": 5, "risk": 5, "savings": 1, "outcomes": 1}  # impact 1, effort 5
MAJOR = {"investment": 5, "risk": 5, "savings": 5, "outcomes": 5}  # impact 5, effort 5

A = {
    "organisation": ORG,
    "services": SERVICES,
    "as_of": "2023-01-01",
    "round": "baseline",
    "initiatives": [
        _i(
            "i1",
            "s1",
            "co-delivery",
            ratings=QUICK,
            volunteer_hours=100.0,
            barriers=["austerity", "risk-aversion"],
        ),
        _i("i2", "s2", "co-design", "potential", ratings=BURNER, barriers=["austerity"]),
    ],
    "explorer": [{"service": "s1", "co": "co-design", "extent": "in pockets"}],
    "actions": [
        {"id": "a1", "title": "Start", "step": "focus", "owner": "lead", "due": "2022-12-01"},
        {"id": "a2", "title": "Map care", "step": "map", "due": "2023-06-01"},
    ],
}
B = {
    "organisation": {"name": " testshire  council "},  # the same organisation
    "services": SERVICES,
    "as_of": "2024-01-01",
    "initiatives": [
        _i("i1", "s1", "co-delivery", ratings=QUICK, volunteer_hours=250.0, barriers=["austerity"]),
        _i("i2", "s2", "co-design", ratings=MAJOR, volunteer_hours=20.0, barriers=["austerity"]),
        _i("i3", "s2", "co-assessment", volunteer_hours=50.0),
    ],
    "explorer": [
        {"service": "s1", "co": "co-design", "extent": "developing"},
        {"service": "s2", "co": "co-delivery", "extent": "systematic"},
    ],
    "actions": [
        {
            "id": "a1",
            "title": "Start",
            "step": "focus",
            "owner": "lead",
            "due": "2022-12-01",
            "status": "done",
        },
        {"id": "a2", "title": "Map care", "step": "map", "due": "2023-06-01", "status": "dropped"},
        {"id": "a3", "title": "Grow", "step": "grow", "owner": "chief", "due": "2024-06-01"},
    ],
}
C = {
    "organisation": ORG,
    "services": SERVICES,
    "as_of": "2025-01-01",
    "initiatives": [
        _i(
            "i1b",
            "s1",
            "co-delivery",
            name="Friends of the parks",
            replaces="i1",
            ratings=QUICK,
            volunteer_hours=300.0,
            barriers=["austerity", "leadership"],
        ),
        _i("i3", "s2", "co-assessment", volunteer_hours=80.0),
    ],
    "explorer": B["explorer"],
    "actions": [
        *B["actions"][:2],
        {
            "id": "a3",
            "title": "Grow",
            "step": "grow",
            "owner": "chief",
            "due": "2024-06-01",
            "status": "in progress",
        },
    ],
}


def reading(name: str, document: dict[str, Any]) -> Reading:
    manager = coprod.make_plugin_manager(entry_points=False)
    assessment = coprod.load_assessment(document)
    report = coprod.build_report(
        assessment,
        coprod.evaluate(assessment, manager),
        barriers=manager.barriers,
        provenance=coprod.provenance_of(manager),
    )
    return Reading(name, report)


@pytest.fixture(scope="module")
def progress() -> Progress:
    # Given out of order: the report puts them in date order.
    return compare_readings([reading("c.json", C), reading("a.json", A), reading("b.json", B)])


def events(progress: Progress, before: int, after: int) -> set[tuple[str, str, str]]:
    return {(c.kind, c.item, c.event) for c in progress.changes_between(before, after)}


def test_readings_are_in_date_order(progress: Progress) -> None:
    assert [r.name for r in progress.readings] == ["a.json", "b.json", "c.json"]
    assert progress.spans() == ((0, 1), (1, 2), (0, 2))
    assert progress.organisation == "Testshire Council"


#: Score and reach per Co and reading, worked out by hand (two services, rank / 3).
STAR = {
    # A: s1×design in pockets (map), s1×delivery in pockets (i1); i2 is potential.
    0: {"co-commissioning": ("0", "0"), "co-design": ("1/6", "1/2"),
        "co-delivery": ("1/6", "1/2"), "co-assessment": ("0", "0")},
    # B: s1×design developing, s2×design in pockets (i2), s1×delivery in pockets (i1),
    #    s2×delivery systematic, s2×assessment in pockets (i3).
    1: {"co-commissioning": ("0", "0"), "co-design": ("3/6", "1"),
        "co-delivery": ("4/6", "1"), "co-assessment": ("1/6", "1/2")},
    # C: i2 ended, so s2×design is none again.
    2: {"co-commissioning": ("0", "0"), "co-design": ("2/6", "1/2"),
        "co-delivery": ("4/6", "1"), "co-assessment": ("1/6", "1/2")},
}  # fmt: skip


def _four_places(fraction: str) -> Decimal:
    numerator, _, denominator = fraction.partition("/")
    value = Decimal(numerator) / Decimal(denominator or "1")
    return value.quantize(Decimal("0.0001"))


@pytest.mark.parametrize("k", [0, 1, 2])
def test_the_star_of_each_reading(progress: Progress, k: int) -> None:
    for co, (score, reach) in STAR[k].items():
        assert progress.value(k, "co", co, "score") == _four_places(score), (k, co)
        assert progress.value(k, "co", co, "reach") == _four_places(reach), (k, co)


def test_a_falling_score_is_a_change(progress: Progress) -> None:
    (fell,) = [
        c
        for c in progress.changes_between(1, 2)
        if (c.kind, c.item, c.measure) == ("co", "co-design", "score")
    ]
    assert (fell.old, fell.new, fell.event) == (Decimal("0.5000"), Decimal("0.3333"), "fell")
    assert fell.delta == Decimal("-0.1667")


def test_explorer_cells_before_and_after(progress: Progress) -> None:
    extent = {k: progress.value(k, "cell", "s2 × co-design", "extent") for k in range(3)}
    assert extent == {0: "none", 1: "in pockets", 2: "none"}
    assert progress.value(0, "cell", "s2 × co-delivery", "extent") == "none"
    assert progress.value(1, "cell", "s2 × co-delivery", "extent") == "systematic"
    assert ("cell", "s1 × co-design", "rose") in events(progress, 0, 1)
    assert ("cell", "s2 × co-design", "fell") in events(progress, 1, 2)


def test_initiatives_started_ended_and_moved(progress: Progress) -> None:
    first = events(progress, 0, 1)
    assert ("initiative", "i3", "started") in first
    assert ("initiative", "i2", "potential to existing") in first
    assert ("initiative", "i2", "quadrant changed") in first
    second = events(progress, 1, 2)
    assert ("initiative", "i2", "ended") in second
    # i1 was renamed i1b with replaces: the same initiative, shown by its latest id.
    assert not {e for e in second if e[1] in ("i1", "i1b") and e[2] in ("started", "ended")}
    assert progress.value(0, "initiative", "i1b", "status") == "existing"
    overall = events(progress, 0, 2)
    assert {("initiative", "i3", "started"), ("initiative", "i2", "ended")} <= overall


def test_quadrants_by_the_registered_rules(progress: Progress) -> None:
    quadrant = {k: progress.value(k, "initiative", "i2", "quadrant") for k in range(3)}
    assert quadrant == {0: "back burner", 1: "major project", 2: None}
    assert progress.value(2, "initiative", "i1b", "quadrant") == "quick win"
    assert progress.value(1, "initiative", "i3", "quadrant") is None  # not rated


def test_barriers_named_and_no_longer_named(progress: Progress) -> None:
    named = {
        b: [progress.value(k, "barrier", b, "named by") for k in range(3)]
        for b in ("austerity", "risk-aversion", "leadership")
    }
    assert named == {"austerity": [2, 2, 1], "risk-aversion": [1, 0, 0], "leadership": [0, 0, 1]}
    assert ("barrier", "risk-aversion", "no longer named") in events(progress, 0, 1)
    assert ("barrier", "leadership", "named") in events(progress, 1, 2)
    assert ("barrier", "austerity", "fell") in events(progress, 1, 2)


def test_volunteer_hours_and_their_value(progress: Progress) -> None:
    hours = [progress.value(k, "organisation", "all", "volunteer hours") for k in range(3)]
    assert hours == [Decimal(100), Decimal(320), Decimal(380)]
    value = [progress.value(k, "organisation", "all", "volunteer value") for k in range(3)]
    assert value == [h * Decimal("8.00") for h in hours]


def test_actions_done_dropped_new_and_overdue(progress: Progress) -> None:
    first = events(progress, 0, 1)
    assert {("action", "a1", "done"), ("action", "a2", "dropped"), ("action", "a3", "new")} <= first
    # a1 was due 2022-12-01 and still planned on 2023-01-01; done by 2024.
    assert ("action", "a1", "no longer overdue") in first
    # a3 was due 2024-06-01 and still in progress on 2025-01-01.
    assert ("action", "a3", "overdue") in events(progress, 1, 2)
    overdue = [progress.value(k, "organisation", "all", "overdue actions") for k in range(3)]
    assert overdue == [1, 0, 1]


def test_the_tidy_table_is_one_row_per_reading_item_and_measure(progress: Progress) -> None:
    table = next(progress.tables())
    rows = [tuple(row) for row in table.rows]
    keys = {(r[3], r[4], r[5]) for r in rows}
    assert len(rows) == 3 * len(keys)
    assert len({(r[0], r[3], r[4], r[5]) for r in rows}) == len(rows)


def test_the_tidy_csv_loads_in_pandas(progress: Progress) -> None:
    pandas = pytest.importorskip("pandas")
    from coprod.builtin.export_progress import render_csv

    frame = pandas.read_csv(io.StringIO(render_csv(progress)), dtype={"value": str})
    assert list(frame.columns) == ["reading", "as_of", "round", "kind", "item", "measure", "value"]
    assert not frame.duplicated(["reading", "kind", "item", "measure"]).any()
    wide = frame.pivot(index=["kind", "item", "measure"], columns="reading", values="value")
    assert wide.shape[1] == 3
    scores = [Decimal(v) for v in wide.loc[("co", "co-design", "score")].tolist()]
    assert scores == [Decimal("0.1667"), Decimal("0.5"), Decimal("0.3333")]
    hours = [Decimal(v) for v in wide.loc[("organisation", "all", "volunteer hours")].tolist()]
    assert hours == [100, 320, 380]
    # The same rows without pandas: csv.DictReader.
    rows = list(csv.DictReader(io.StringIO(render_csv(progress))))
    assert len(rows) == len(frame)


def test_every_format_holds_the_changes(progress: Progress) -> None:
    from coprod.builtin import export_progress as ex

    summary = ex.render_summary(progress)
    assert "Initiatives ended:\n    - i2" in summary
    assert "co-design score: 0.5000 → 0.3333 (-0.1667)" in summary
    data = json.loads(ex.render_json(progress))
    assert [s["from"] for s in data["spans"]] == ["2023-01-01", "2024-01-01", "2023-01-01"]
    last = {(c["item"], c["event"]) for c in data["spans"][1]["changes"]}
    assert ("a3", "overdue") in last and ("i2", "ended") in last
    assert len(data["measures"]) == len(progress.measures)
    markdown = ex.render_markdown(progress)
    assert "### Barriers no longer named" in markdown and "risk-aversion" in markdown


def test_the_overlay_chart_is_in_the_html(progress: Progress) -> None:
    from coprod.builtin.export_progress import render_html

    page = render_html(progress)
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 1
    assert 'class="chart journey-chart"' in page
    # One score shape per reading, the latest marked, plus the latest reach.
    assert page.count('class="reading"') == 2 and page.count('class="reading latest"') == 1
    assert "2023-01-01 (baseline)" in page and "<script" not in page.lower()


# --- through the command line -----------------------------------------------------------


def test_progress_command_in_every_format(
    cli: Callable[..., Any], write: Callable[..., Path], tmp_path: Path
) -> None:
    paths = [str(write(name, doc)) for name, doc in (("c.json", C), ("a.json", A), ("b.json", B))]
    run = cli(["progress", *paths])
    assert run.code == 0, run.err
    assert run.out.startswith("Progress of Testshire Council: 3 readings")
    (tmp_path / "out").mkdir()
    for fmt in ("json", "csv", "markdown", "html"):
        out = tmp_path / "out" / f"progress.{fmt}"
        run = cli(["progress", *paths, "-f", fmt, "-o", str(out)])
        assert run.code == 0, run.err
        assert out.stat().st_size > 0
    # A folder works too.
    run = cli(["progress", str(tmp_path), "-f", "csv"])
    assert run.code == 0, run.err
    assert run.out.count("\n") == 1 + len(
        list(csv.DictReader(io.StringIO(run.out.replace("\r\n", "\n"))))
    )


def _error_lines(run: Any) -> list[str]:
    assert run.code == 2, (run.out, run.err)
    assert run.out == ""
    return run.err.splitlines()


def test_two_organisations_are_an_error(
    cli: Callable[..., Any], write: Callable[..., Path]
) -> None:
    other = dict(B, organisation={"name": "Elsewhere"})
    lines = _error_lines(cli(["progress", str(write("a.json", A)), str(write("x.json", other))]))
    assert len(lines) == 1
    assert "2 organisations" in lines[0] and "a.json" in lines[0] and "x.json" in lines[0]
    assert "'Elsewhere'" in lines[0]


def test_two_readings_of_one_date_are_an_error(
    cli: Callable[..., Any], write: Callable[..., Path]
) -> None:
    same = dict(B, as_of=A["as_of"])
    lines = _error_lines(cli(["progress", str(write("a.json", A)), str(write("b.json", same))]))
    assert lines == [
        "error: readings: a.json and b.json are both readings of 2023-01-01: "
        "each reading needs its own as_of date"
    ]


def test_a_missing_as_of_is_an_error(cli: Callable[..., Any], write: Callable[..., Path]) -> None:
    undated = {k: v for k, v in B.items() if k != "as_of"}
    lines = _error_lines(cli(["progress", str(write("a.json", A)), str(write("b.json", undated))]))
    assert lines == [
        "error: b.json: $.as_of: is missing: give the date this reading describes "
        "(as_of = 2025-03-01)"
    ]


def test_an_id_renamed_without_replaces_is_an_error(
    cli: Callable[..., Any], write: Callable[..., Path]
) -> None:
    renamed = copy.deepcopy(B)
    renamed["initiatives"][0]["id"] = "i1-new"  # same name 'Initiative i1', no replaces
    lines = _error_lines(cli(["progress", str(write("a.json", A)), str(write("b.json", renamed))]))
    assert len(lines) == 1
    assert lines[0].startswith("error: b.json: $.initiatives: initiative 'i1' of a.json is not in")
    assert "'i1-new' has the same name" in lines[0] and 'replaces = "i1"' in lines[0]


def test_an_initiative_may_end(cli: Callable[..., Any], write: Callable[..., Path]) -> None:
    ended = copy.deepcopy(B)
    del ended["initiatives"][1]  # i2 ends: allowed
    run = cli(["progress", str(write("a.json", A)), str(write("b.json", ended))])
    assert run.code == 0, run.err
    assert "Initiatives ended:\n    - i2" in run.out


def test_replaces_naming_nothing_is_an_error(
    cli: Callable[..., Any], write: Callable[..., Path]
) -> None:
    wrong = copy.deepcopy(B)
    wrong["initiatives"][2]["replaces"] = "nothing-like-it"
    lines = _error_lines(cli(["progress", str(write("a.json", A)), str(write("b.json", wrong))]))
    assert lines == [
        "error: b.json: $.initiatives[2].replaces: initiative 'i3' replaces 'nothing-like-it', "
        "which is not in the previous reading a.json"
    ]


def test_demo_progress_tells_the_eastbridge_story(cli: Callable[..., Any]) -> None:
    run = cli(["demo", "--progress"])
    assert run.code == 0, run.err
    assert "3 readings" in run.out
    assert "Initiatives ended:\n    - street-wardens" in run.out
    # The youth grants panel was renamed (replaces), not ended.
    assert "youth-grants-panel" not in run.out
    # `coprod demo` keeps printing the latest assessment.
    run = cli(["demo"])
    assert run.out.startswith("Co-Production Star") or "Eastbridge" in run.out.splitlines()[0]


def test_two_successors_of_one_id_are_an_error(
    cli: Callable[..., Any], write: Callable[..., Path]
) -> None:
    split = copy.deepcopy(B)
    split["initiatives"][0] = dict(split["initiatives"][0], id="i1-east", replaces="i1")
    split["initiatives"][2] = dict(split["initiatives"][2], replaces="i1")
    lines = _error_lines(cli(["progress", str(write("a.json", A)), str(write("b.json", split))]))
    assert lines == [
        "error: b.json: $.initiatives[2].replaces: initiative 'i3' replaces 'i1', which "
        "'i1-east' already replaces: one id, one successor"
    ]
