"""A ``.pb`` file written by coprod reads back the same, whatever its names hold.

Python's csv writer with ``lineterminator="\\n"`` leaves a bare carriage return
unquoted, and the reader takes it as a line end: a project named ``"Benches\\rVOTES"``
used to split its row in two (and the second half looked like a section marker).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from coprod.cli import main
from coprod.priorities import format_pb, parse_pb
from coprod.priorities.pabulib import PbFile, PbRow

HOSTILE = (
    "Benches\rVOTES",
    "tail\r",
    "\r",
    "two\nlines",
    "crlf\r\nname",
    'say "hi"; bye',
    '"quoted"',
    '=HYPERLINK("x")',
    "\u2028line separator",
    "",
)

_cell = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=25)


def _pb(names: list[str], voters: list[str]) -> PbFile:
    return PbFile(
        meta_header=("key", "value"),
        meta=(
            PbRow(("description", names[0] if names else "x")),
            PbRow(("budget", "100")),
            PbRow(("vote_type", "approval")),
        ),
        projects_header=("project_id", "cost", "name"),
        projects=tuple(PbRow((f"p{i}", "10", name)) for i, name in enumerate(names)),
        votes_header=("voter_id", "vote"),
        votes=tuple(PbRow((voter, "p0")) for voter in voters),
        name="hostile.pb",
    )


def test_hostile_names_survive_the_round_trip() -> None:
    pb = _pb(list(HOSTILE), ["v1", "v\r2"])
    text = format_pb(pb)
    again = parse_pb(text, name="hostile.pb")
    assert again == pb
    assert [row.cells[2] for row in again.projects] == list(HOSTILE)
    # Every line break inside a name is inside quotes: the file has one line per row.
    assert text.count("\n") - sum(n.count("\n") for n in HOSTILE) == 3 + 3 * 2 + len(HOSTILE) + 2
    assert '"Benches\rVOTES"' in text and '"tail\r"' in text


def test_a_file_coprod_did_not_write_keeps_its_exact_text() -> None:
    text = (
        "META\nkey;value\nbudget;100\nvote_type;approval\n"
        'PROJECTS\nproject_id;cost;name\np0;10;"a;b"\np1;20;"Tree\r\nplanting"\n'
        "VOTES\nvoter_id;vote\nv1;p0\n"
    )
    assert format_pb(parse_pb(text)) == text


@settings(max_examples=200, deadline=None)
@given(names=st.lists(_cell, min_size=1, max_size=6), voters=st.lists(_cell, max_size=4))
def test_any_text_in_any_cell_reads_back_equal(names: list[str], voters: list[str]) -> None:
    pb = _pb(names, voters)
    assert parse_pb(format_pb(pb), name="hostile.pb") == pb


def test_the_published_file_keeps_a_hostile_name(tmp_path: Path) -> None:
    source = tmp_path / "in.pb"
    source.write_text(format_pb(_pb(["Benches\rVOTES", "plain"], ["v1", "v2"])), newline="")
    out = tmp_path / "out.pb"
    assert main(["priorities", "count", str(source), "--write-pb", str(out)]) == 0
    written = parse_pb(out.read_bytes().decode("utf-8"), name="out.pb")
    assert [row.cells[2] for row in written.projects] == ["Benches\rVOTES", "plain"]
