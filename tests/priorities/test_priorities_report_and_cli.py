"""The priorities report, its exporters, the CLI, and funded projects as initiatives."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from coprod.cli import main
from coprod.plugins import make_plugin_manager
from coprod.priorities import (
    Ballot,
    Exercise,
    Project,
    Rule,
    VoteType,
    analyse,
    count,
    funded_initiatives,
    sort_ballots,
)

HOSTILE = '<script>alert(1)</script> =HYPERLINK("http://x") | *bold*'


def _report(rule: Rule = Rule.GREEDY):  # type: ignore[no-untyped-def]
    projects = (
        Project("big", Decimal(200), HOSTILE, ("parks",), "north", "Friends of the park"),
        Project("small", Decimal(100), "Small", ("libraries", "parks"), "south"),
        Project("shared", Decimal(150), "Shared", ("roads",), None),
    )
    ballots = [
        Ballot("v1", "meeting", ("big", "shared"), where="m row 2"),
        Ballot("v2", "meeting", ("big", "shared"), where="m row 3"),
        Ballot("v3", "postal", ("small", "shared"), where="p row 2"),
        Ballot("v3", "online", ("big",), where="o row 2"),
    ]
    exercise = Exercise("Eastbridge 2026", VoteType.APPROVAL, Decimal(300), projects)
    return exercise, analyse(exercise, sort_ballots(ballots, exercise), rule=rule)


def test_report_figures() -> None:
    _exercise, report = _report()
    assert report.kind == "priorities"
    assert report.outcome.funded == ("shared", "small")
    assert report.compared is not None and report.compared.funded == ("shared",)
    assert not report.differs or set(report.compared.funded) != set(report.outcome.funded)
    assert report.differs
    turnout = {t.channel: (t.received, t.counted, t.superseded) for t in report.turnout}
    assert turnout == {"meeting": (2, 2, 0), "postal": (1, 1, 0), "online": (1, 0, 1)}
    # Every counted voter approved 'shared', which is funded under both rules.
    assert (report.voters, report.voters_with_funded, report.compared_voters_with_funded) == (
        3,
        3,
        3,
    )
    shares = {s.name: (s.funded_cost, s.share_of_budget) for s in report.by_category}
    # small (100) is in libraries and parks; shared (150) in roads; big is not funded.
    assert shares == {
        "roads": (Decimal(150), Decimal("0.5000")),
        "libraries": (Decimal(100), Decimal("0.3333")),
        "parks": (Decimal(100), Decimal("0.3333")),
    }
    districts = {s.name: s.funded_cost for s in report.by_district}
    assert districts == {"(none)": 150, "south": 100, "north": 0}


def test_tables_main_first_and_every_exporter_renders() -> None:
    _exercise, report = _report()
    names = [t.name for t in report.tables()]
    assert names == ["projects", "turnout", "categories", "districts", "ballots_not_counted"]
    manager = make_plugin_manager(entry_points=False)
    formats = set(manager.exporters_for("priorities"))
    assert {"summary", "json", "csv", "markdown", "html"} <= formats
    for name in ("summary", "json", "csv", "markdown", "html"):
        exporter = manager.exporter(name, "priorities")
        assert exporter.plugin == "coprod.builtin.export_priorities"
        assert isinstance(exporter.render(report), str)


def test_hostile_text_is_neutralised_in_every_format() -> None:
    _exercise, report = _report()
    manager = make_plugin_manager(entry_points=False)
    html = manager.exporter("html", "priorities").render(report)
    assert "<script>" not in html and "&lt;script&gt;" in html
    rows = list(csv.reader(io.StringIO(manager.exporter("csv", "priorities").render(report))))
    assert rows[0] == ["table", "item", "measure", "value"]
    names = [r[3] for r in rows if r[0] == "projects" and r[1] == "big" and r[2] == "name"]
    assert names == [HOSTILE]  # starts with '<', not a formula trigger: kept as is
    markdown = manager.exporter("markdown", "priorities").render(report)
    assert "<script>" not in markdown and "\\|" in markdown
    data = json.loads(manager.exporter("json", "priorities").render(report))
    assert data["outcome"]["funded"] == ["shared", "small"]
    assert data["tables"]["projects"][0]["cost"] == "150"


def test_csv_is_long_and_exact() -> None:
    _exercise, report = _report()
    manager = make_plugin_manager(entry_points=False)
    rows = list(csv.reader(io.StringIO(manager.exporter("csv", "priorities").render(report))))
    found = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    assert found[("projects", "small", "funded")] == "true"
    assert found[("projects", "big", "cost")] == "200"
    assert found[("turnout", "online", "superseded")] == "1"
    assert found[("categories", "libraries", "share_of_budget")] == "0.3333"


def test_funded_projects_become_initiatives_that_validate(tmp_path: Path) -> None:
    exercise, report = _report()
    initiatives = funded_initiatives(exercise, report.outcome, service="neighbourhoods")
    assert [i.id for i in initiatives] == ["pb-shared", "pb-small"]
    assert all(i.cos[0].value == "co-commissioning" for i in initiatives)
    assert "cost 100" in initiatives[1].description
    assert "Eastbridge 2026" in initiatives[1].description


def _pb(tmp_path: Path) -> Path:
    text = """META
key;value
description;Test <b>district</b>
budget;300
vote_type;approval
rule;greedy
max_length;2
PROJECTS
project_id;cost;name;category;selected
big;200;Big;parks;0
small;100;Small;libraries;1
shared;150;Shared;roads;1
VOTES
voter_id;vote;voting_method
v1;big,shared;internet
v2;big,shared;internet
v3;small,shared;paper
v4;big,small,shared;internet
"""
    path = tmp_path / "test.pb"
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_count_writes_a_report_and_an_initiatives_fragment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pb = _pb(tmp_path)
    postal = tmp_path / "post.csv"
    postal.write_text("voter,projects\nv1,small\nv9,small\n", encoding="utf-8")
    fragment = tmp_path / "initiatives.toml"
    out = tmp_path / "report.json"
    code = main(
        [
            "priorities", "count", str(pb), "--ballots", f"postal={postal}",
            "--initiatives", str(fragment), "--service", "neighbourhoods", "-o", str(out),
            "--no-entry-points",
        ]
    )  # fmt: skip
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    # v1's postal ballot outranks their internet one; v4 chose 3 of at most 2: invalid.
    assert data["voters"] == 4
    assert data["received"] == 6
    # votes: small v1(postal), v3, v9 = 3; shared v2, v3 = 2; big v2 = 1.
    assert data["outcome"]["funded"] == ["small", "shared"]
    assert data["recorded_agrees"] is True
    text = fragment.read_text(encoding="utf-8")
    assert "[[initiatives]]" in text
    document = tmp_path / "assessment.toml"
    document.write_text(
        '[organisation]\nname = "Eastbridge"\n\n[[services]]\nid = "neighbourhoods"\n'
        'name = "Neighbourhoods"\n\n' + text,
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["validate", str(document), "--no-entry-points"]) == 0
    from coprod.io.documents import load_assessment

    loaded = load_assessment(document)
    assert [i.id for i in loaded.initiatives] == ["pb-small", "pb-shared"]
    assert all(i.service == "neighbourhoods" for i in loaded.initiatives)
    # In the Explorer map the exercise now counts as co-commissioning in its service.
    import coprod

    manager = make_plugin_manager(entry_points=False)
    report = coprod.build_report(
        loaded,
        coprod.evaluate(loaded, manager),
        barriers=manager.barriers,
        provenance=coprod.provenance_of(manager),
    )
    (service,) = report.services
    cell = next(c for c in service.cells if c.co.value == "co-commissioning")
    assert cell.initiatives == ("pb-small", "pb-shared")
    assert cell.extent.value != "none"


def test_cli_count_every_format_and_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pb = _pb(tmp_path)
    for rule in ("greedy", "greedy-per-cost", "equal-shares", "greedy-no-skip"):
        for fmt in ("summary", "json", "csv", "markdown", "html"):
            assert main(["priorities", "count", str(pb), "--rule", rule, "-f", fmt]) == 0
    capsys.readouterr()
    assert main(["priorities", "count", str(pb), "-f", "html"]) == 0
    page = capsys.readouterr().out
    assert "Test &lt;b&gt;district&lt;/b&gt;" in page and "<b>" not in page


def test_cli_check_reports_lines_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pb = _pb(tmp_path)
    broken = tmp_path / "broken.pb"
    broken.write_text(
        pb.read_text(encoding="utf-8").replace("v3;small,shared;paper", "v3;small;shared;paper"),
        encoding="utf-8",
    )
    assert main(["priorities", "check", str(pb), str(broken)]) == 2
    out = capsys.readouterr().out
    assert "invalid ballot: test.pb: line 18: ballot of voter 'v4'" in out
    assert "more than the maximum 2" in out
    assert (
        "error: broken.pb: line 17 (VOTES): expected 3 fields (voter_id;vote;voting_method), got 4"
        in out
    )


def test_cli_bad_input_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pb = _pb(tmp_path)
    postal = tmp_path / "post.csv"
    postal.write_text("voter,projects\nv1,nope\n", encoding="utf-8")
    out = tmp_path / "r.json"
    assert main(["priorities", "count", str(pb), "--ballots", str(postal), "-o", str(out)]) == 2
    assert not out.exists()
    assert "post.csv row 2, column 'projects': unknown project(s) 'nope'" in capsys.readouterr().err
    assert main(["priorities", "count", str(pb), "--initiatives", "x.toml"]) == 2


def test_count_uses_district_budgets() -> None:
    projects = (
        Project("n1", Decimal(60), district="north"),
        Project("n2", Decimal(50), district="north"),
        Project("s1", Decimal(70), district="south"),
        Project("c1", Decimal(100)),
    )
    ballots = [Ballot(f"v{i}", "online", ("n1", "n2", "s1", "c1")) for i in range(3)]
    ballots.append(Ballot("v9", "online", ("n2",)))
    exercise = Exercise(
        "districts",
        VoteType.APPROVAL,
        Decimal(100),
        projects,
        district_budgets=(("north", Decimal(60)), ("south", Decimal(80))),
    )
    outcome = count(exercise, ballots, Rule.GREEDY)
    # Citywide 100: c1 (100) fits. North 60: n2 has 4 votes, 50 fits; n1 60 > 10 left.
    # South 80: s1 70 fits.
    assert outcome.funded == ("c1", "n2", "s1")
    assert {d.project: d.pool for d in outcome.decisions} == {
        "c1": "", "n2": "north", "n1": "north", "s1": "south",
    }  # fmt: skip
    assert outcome.budget == 240


def test_a_project_nobody_voted_for_is_not_funded() -> None:
    projects = (Project("liked", Decimal(50)), Project("ignored", Decimal(10)))
    exercise = Exercise("t", VoteType.APPROVAL, Decimal(100), projects)
    ballots = [Ballot("v1", "online", ("liked",))]
    for rule in Rule:
        outcome = count(exercise, ballots, rule)
        assert outcome.funded == ("liked",), rule
        (ignored,) = [d for d in outcome.decisions if d.project == "ignored"]
        assert "nobody voted for it" in ignored.reason


def test_cli_writes_the_counted_ballots_as_a_pabulib_file(tmp_path: Path) -> None:
    from coprod.io.pabulib import read_pb_exercise
    from coprod.priorities import tally

    pb = _pb(tmp_path)
    postal = tmp_path / "post.csv"
    postal.write_text("voter,projects\nv1,small\nv9,small\n", encoding="utf-8")
    out = tmp_path / "published.pb"
    args = ["priorities", "count", str(pb), "--ballots", f"postal={postal}", "--write-pb", str(out)]
    assert main([*args, "-f", "json", "-o", str(tmp_path / "r.json")]) == 0
    published, exercise, ballots = read_pb_exercise(out)
    # v1 (postal), v2, v3, v9 counted; v4 invalid; v1's internet ballot superseded.
    assert sorted((b.voter, b.channel, b.projects) for b in ballots) == [
        ("v1", "postal", ("small",)),
        ("v2", "internet", ("big", "shared")),
        ("v3", "paper", ("small", "shared")),
        ("v9", "postal", ("small",)),
    ]
    assert published.meta_value("num_votes") == "4"
    assert published.meta_value("rule") == "greedy"
    rows = {
        r.cells[0]: dict(zip(published.projects_header, r.cells, strict=True))
        for r in published.projects
    }
    assert {p: (r["votes"], r["selected"]) for p, r in rows.items()} == {
        "big": ("1", "0"),
        "small": ("3", "1"),
        "shared": ("2", "1"),
    }
    # The published file recounts to its own columns, and counts to its own selection.
    support = tally(ballots, exercise)
    assert {p: str(s.votes) for p, s in support.items()} == {p: r["votes"] for p, r in rows.items()}
    assert set(count(exercise, ballots, Rule.GREEDY).funded) == {"small", "shared"}


def test_cli_district_budgets_and_ballots_from_other_channels_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        _pb(tmp_path)
        .read_text(encoding="utf-8")
        .replace(
            "project_id;cost;name;category;selected\nbig;200;Big;parks;0\nsmall;100;Small;libraries;1",
            "project_id;cost;name;category;selected;district\nbig;200;Big;parks;0;north\n"
            "small;100;Small;libraries;1;south",
        )
        .replace("shared;150;Shared;roads;1", "shared;150;Shared;roads;1;")
    )
    pb = tmp_path / "districts.pb"
    pb.write_text(text, encoding="utf-8")
    meeting = tmp_path / "meeting.csv"
    meeting.write_text("voter,projects\nm1,big\nm2,big\nm3,small\n", encoding="utf-8")
    args = ["priorities", "count", str(pb), "--no-file-ballots", "--ballots", str(meeting)]
    # North gets 250: big (200) fits there; south 50: small (100) does not; the main
    # budget (300) has shared, which nobody chose at the meeting.
    code = main(
        [*args, "--district-budget", "north=250", "--district-budget", "south=50", "-f", "json"]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["outcome"]["funded"] == ["big"]
    assert data["budget"] == "600"
    assert [t["channel"] for t in data["tables"]["turnout"]] == ["meeting"]
    pools = {d["project"]: d["pool"] for d in data["outcome"]["decisions"]}
    assert pools == {"shared": "", "big": "north", "small": "south"}
    with pytest.raises(SystemExit) as usage:
        main([*args, "--district-budget", "north"])
    assert usage.value.code == 2
