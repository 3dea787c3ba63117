"""One voter, one ballot: rule breaches, duplicates across channels, malformed lines."""

from __future__ import annotations

from decimal import Decimal

import pytest

from coprod.errors import InvalidInputError
from coprod.io.pabulib import read_ballots_csv
from coprod.priorities import (
    Ballot,
    BallotRules,
    Exercise,
    Project,
    Rule,
    VoteType,
    ballots_from_pb,
    count,
    exercise_from_pb,
    format_pb,
    load_pb,
    parse_pb,
    sort_ballots,
    tally,
)

PB = """META
key;value
description;Test district
budget;100
vote_type;approval
rule;greedy
min_length;1
max_length;2
PROJECTS
project_id;cost;name;category;district
a;60;Benches;public space;north
b;50;Trees;urban greenery,public space;south
c;30;Library hours;education;north
VOTES
voter_id;vote;voting_method
v1;a,b;internet
v2;a;paper
v3;a,b,c;internet
v4;c;internet
"""


def _read(text: str) -> tuple[Ballot, ...]:
    pb = parse_pb(text, name="test.pb")
    return ballots_from_pb(pb, exercise_from_pb(pb))


def _exercise() -> tuple[Exercise, tuple[Ballot, ...]]:
    pb = parse_pb(PB, name="test.pb")
    exercise = exercise_from_pb(pb)
    return exercise, ballots_from_pb(pb, exercise)


def test_a_ballot_over_the_project_limit_is_invalid_and_named() -> None:
    exercise, ballots = _exercise()
    result = sort_ballots(ballots, exercise)
    assert [bad.ballot.voter for bad in result.invalid] == ["v3"]
    message = str(result.invalid[0])
    assert "test.pb: line 18" in message
    assert "'v3'" in message
    assert "chooses 3 projects, more than the maximum 2" in message
    # The invalid ballot is not counted: a has 2 votes (v1, v2), not 3.
    assert tally(result.counted, exercise)["a"].votes == 2


def test_a_duplicate_voter_across_channels_is_counted_once() -> None:
    exercise, ballots = _exercise()
    meeting = Ballot("v1", "meeting", ("c",), where="meeting.csv row 2")
    online = Ballot("v4", "online", ("a",), where="online.csv row 2")
    result = sort_ballots([*ballots, meeting, online], exercise)
    counted = {b.voter: b for b in result.counted}
    # v1 voted online (in the file) and at a meeting: the meeting ballot counts.
    assert counted["v1"] is meeting
    # v4 voted 'internet' (the file) and 'online': online ranks before internet.
    assert counted["v4"] is online
    messages = sorted(str(s) for s in result.superseded)
    assert messages == [
        "test.pb: line 16: voter 'v1' also voted via meeting (meeting.csv row 2); this "
        "internet ballot is not counted",
        "test.pb: line 19: voter 'v4' also voted via online (online.csv row 2); this "
        "internet ballot is not counted",
    ]
    # Nothing counted twice, nothing lost.
    assert result.received == 6
    assert len(result.counted) + len(result.invalid) + len(result.superseded) == 6
    assert len({b.voter for b in result.counted}) == len(result.counted)
    support = tally(result.counted, exercise)
    assert sum(s.votes for s in support.values()) == sum(len(b.projects) for b in result.counted)


def test_an_invalid_ballot_does_not_hide_a_valid_one_of_the_same_voter() -> None:
    exercise, ballots = _exercise()
    spoiled = Ballot("v2", "meeting", ("a", "b", "c"), where="meeting.csv row 3")
    result = sort_ballots([*ballots, spoiled], exercise)
    assert [b.where for b in result.counted if b.voter == "v2"] == ["test.pb: line 17"]
    assert [bad.ballot for bad in result.invalid if bad.ballot.voter == "v2"] == [spoiled]


def test_precedence_can_be_changed() -> None:
    exercise, ballots = _exercise()
    meeting = Ballot("v1", "meeting", ("c",), where="meeting")
    result = sort_ballots([*ballots, meeting], exercise, precedence=("internet", "meeting"))
    assert next(b for b in result.counted if b.voter == "v1").channel == "internet"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("v9;a;internet;extra", "test.pb: line 20 (VOTES): expected 3 fields"),
        ("v9;zz;internet", "test.pb: line 20 (VOTES): ballot of voter 'v9' names unknown project"),
        ('v9;"a;internet', "test.pb: line 20 (VOTES): malformed line"),
    ],
)
def test_a_malformed_line_names_its_line_and_section(line: str, expected: str) -> None:
    text = PB + line + "\n"
    with pytest.raises(InvalidInputError) as caught:
        _read(text)
    assert any(str(p).startswith(expected) for p in caught.value.problems), caught.value


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    text = (
        PB.replace("budget;100", "budget;lots")
        .replace("a;60;Benches", "a;-5;Benches")
        .replace("v2;a;paper", "v2;a;paper;extra")
        .replace("v4;c;internet", "v4;zz;internet")
    )
    with pytest.raises(InvalidInputError) as caught:
        load_pb(text, name="test.pb")
    assert [str(p) for p in caught.value.problems] == [
        "test.pb: line 17 (VOTES): expected 3 fields (voter_id;vote;voting_method), got 4",
        "test.pb: line 4 (META): budget must be a number >= 0, got 'lots'",
        "test.pb: line 11 (PROJECTS): project 'a': cost must be a number > 0, got '-5'",
        "test.pb: line 19 (VOTES): ballot of voter 'v4' names unknown project(s) 'zz'",
    ]
    # Each problem also says where as data, and has a stable code, for a program.
    first = caught.value.problems[0].to_dict()
    assert (first["source"], first["row"], first["code"]) == ("test.pb", 17, "row-width")
    assert [p.code for p in caught.value.problems[1:]] == [
        "invalid-value",
        "invalid-value",
        "unknown-reference",
    ]
    # A broken structure stops at once: nothing after it can be read reliably.
    with pytest.raises(InvalidInputError) as caught:
        load_pb(text.replace("PROJECTS\n", "PROJECTZ\n"), name="test.pb")
    messages = [p.message for p in caught.value.problems]
    assert any(m.startswith("section VOTES out of place") for m in messages)
    assert not any("budget" in m for m in messages)


def test_sections_out_of_order_and_blank_lines() -> None:
    text = PB.replace("PROJECTS\n", "\nPROJECTS\n")
    with pytest.raises(InvalidInputError) as caught:
        parse_pb(text, name="x.pb")
    assert [str(p) for p in caught.value.problems] == ["x.pb: line 9 (META): empty line"]
    # A blank line at the very end is fine.
    assert parse_pb(PB + "\n", name="x.pb") == parse_pb(PB, name="x.pb")
    swapped = PB.replace("VOTES", "VOTEZ")
    with pytest.raises(InvalidInputError, match="section VOTES is missing"):
        parse_pb(swapped, name="x.pb")


def test_points_breaking_the_rules_make_the_ballot_invalid() -> None:
    exercise = Exercise(
        name="t",
        vote_type=VoteType.CUMULATIVE,
        budget=Decimal(100),
        projects=(Project("a", Decimal(10)), Project("b", Decimal(20))),
        rules=BallotRules(max_points=3, max_sum_points=4, max_sum_cost=Decimal(25)),
    )
    ballot = Ballot("v", "postal", ("a", "b"), (4, 1), where="post.csv row 7")
    result = sort_ballots([ballot], exercise)
    assert result.invalid[0].reasons == (
        "gives more than 3 points to a (4)",
        "gives 5 points in all, more than 4",
        "chooses projects costing 30, more than 25",
    )
    assert count(exercise, result.counted, Rule.GREEDY).funded == ()  # no valid ballot


def test_ballots_from_a_csv_table(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    exercise, ballots = _exercise()
    table = tmp_path / "postal.csv"
    table.write_text('voter,projects\nv2,"b,c"\nv7,c\n', encoding="utf-8")
    postal = read_ballots_csv(table, exercise)
    assert [(b.voter, b.channel, b.projects) for b in postal] == [
        ("v2", "postal", ("b", "c")),
        ("v7", "postal", ("c",)),
    ]
    result = sort_ballots([*ballots, *postal], exercise)
    # v2's postal ballot outranks their paper one; v3 stays invalid.
    assert next(b for b in result.counted if b.voter == "v2").channel == "postal"
    assert len(result.counted) == 4
    bad = tmp_path / "bad.csv"
    bad.write_text("voter,projects\nv2,zz\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as caught:
        read_ballots_csv(bad, exercise)
    assert (
        str(caught.value.problems[0]) == "bad.csv row 2, column 'projects': unknown project(s) 'zz'"
    )


def test_scoring_and_ordinal_ballots_count_points() -> None:
    scoring = PB.replace("vote_type;approval", "vote_type;scoring").replace(
        "voter_id;vote;voting_method\nv1;a,b;internet\nv2;a;paper\nv3;a,b,c;internet\nv4;c;internet",
        "voter_id;vote;points\nv1;a,b;5,1\nv2;a;2\nv4;c;4",
    )
    pb = parse_pb(scoring, name="s.pb")
    exercise = exercise_from_pb(pb)
    support = tally(ballots_from_pb(pb, exercise), exercise)
    assert {p: (s.votes, s.points) for p, s in support.items()} == {
        "a": (2, 7),
        "b": (1, 1),
        "c": (1, 4),
    }
    assert format_pb(pb) == scoring
    ordinal = PB.replace("vote_type;approval", "vote_type;ordinal")
    pb = parse_pb(ordinal, name="o.pb")
    exercise = exercise_from_pb(pb)
    ballots = ballots_from_pb(pb, exercise)
    # max_length 2: first choice 2 points, second 1. v3 ranks three: invalid.
    support = tally(sort_ballots(ballots, exercise).counted, exercise)
    assert {p: s.points for p, s in support.items()} == {"a": 4, "b": 1, "c": 2}
