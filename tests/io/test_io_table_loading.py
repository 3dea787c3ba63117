"""Loading from memory (issue 9, "Problems a web form can use"): text, bytes, open
files and standard input, for the assessment, survey and people loaders; structured
problems with codes and paths; a blank --organisation reported against the option.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from coprod import InvalidInputError, load_assessment
from coprod.people import read_capabilities_csv, read_match_problem
from coprod.surveys import read_allocation, read_likert

CSV = "id,name,service,cos\r\nlunch,Lunch club,Adult Social Care,Co-design\r\n"


def lines(error: pytest.ExceptionInfo[InvalidInputError]) -> list[str]:
    return [str(problem) for problem in error.value.problems]


def test_text_and_bytes_with_a_format_give_the_same_assessment(
    document: dict[str, Any], tmp_path: Path
) -> None:
    expected = load_assessment(document)
    as_json = json.dumps(document)
    as_toml = tomli_w.dumps(document)
    assert load_assessment(as_json, format="json") == expected
    assert load_assessment(as_json.encode(), format="json") == expected
    assert load_assessment(as_toml, format="toml") == expected
    assert load_assessment(io.BytesIO(as_toml.encode()), format="toml") == expected
    assert load_assessment(io.StringIO(as_json), format="json") == expected
    # A path with format= is still a file.
    path = tmp_path / "council.data"
    path.write_text(as_json, encoding="utf-8")
    assert load_assessment(str(path), format="json") == expected


def test_csv_from_memory_with_organisation_and_encoding() -> None:
    for source in (CSV, CSV.encode(), io.StringIO(CSV), io.BytesIO(CSV.encode())):
        assessment = load_assessment(source, format="csv", organisation="Testshire")
        assert assessment.organisation.name == "Testshire"
        assert assessment.initiatives[0].service == "adult-social-care"
    cp1252 = CSV.replace("Lunch club", "Café lunch").encode("cp1252")
    with pytest.raises(InvalidInputError, match="--encoding cp1252"):
        load_assessment(cp1252, format="csv")
    loaded = load_assessment(cp1252, format="csv", encoding="cp1252")
    assert loaded.initiatives[0].name == "Café lunch"


def test_text_without_a_format_is_a_clear_error(document: dict[str, Any]) -> None:
    # It used to be taken for a path: "No such file or directory: '{"organisation"...'.
    with pytest.raises(InvalidInputError) as caught:
        load_assessment(json.dumps(document))
    (problem,) = caught.value.problems
    assert problem.code == "unsupported-format"
    assert "pass format='toml', 'json' or 'csv'" in problem.message
    assert len(str(problem)) < 200
    with pytest.raises(InvalidInputError, match="give the format of bytes"):
        load_assessment(b"{}")
    with pytest.raises(InvalidInputError, match="unknown format 'yaml'"):
        load_assessment("a: 1\n", format="yaml")


def test_a_missing_path_says_how_to_load_text(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError) as caught:
        load_assessment(str(tmp_path / "council.toml"))
    (problem,) = caught.value.problems
    assert problem.code == "unreadable"
    assert problem.message == (
        "No such file or directory (to load text rather than a file, pass format=)"
    )


@pytest.mark.parametrize("kind", ["json", "toml", "csv"])
def test_stdin_is_read_and_its_format_recognised(
    kind: str, document: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = {"json": json.dumps(document), "toml": tomli_w.dumps(document), "csv": CSV}[kind]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assessment = load_assessment("-")
    expected = load_assessment(text, format=kind) if kind == "csv" else load_assessment(document)
    assert assessment.initiatives == expected.initiatives


def test_document_problems_carry_codes_and_paths_in_one_pass(document: dict[str, Any]) -> None:
    document["initiatives"][0]["ratings"]["risk"] = 9
    document["initiatives"][1]["service"] = "libraries"
    document["initiatives"][1]["colour"] = "red"
    with pytest.raises(InvalidInputError) as caught:
        load_assessment(json.dumps(document), format="json")
    found = {(p.code, p.path) for p in caught.value.problems}
    assert ("invalid-value", ("initiatives", 0, "ratings", "risk")) in found
    assert ("unknown-key", ("initiatives", 1, "colour")) in found
    # The dangling service of an item that cannot be read is not reported, but one of
    # a readable item is, in the same pass:
    del document["initiatives"][1]["colour"]
    with pytest.raises(InvalidInputError) as caught:
        load_assessment(document)
    codes = [(p.code, p.path) for p in caught.value.problems]
    assert codes == [
        ("invalid-value", ("initiatives", 0, "ratings", "risk")),
        ("unknown-reference", ("initiatives", 1, "service")),
    ]
    assert all(p.to_dict()["code"] for p in caught.value.problems)


def test_table_problems_carry_cells() -> None:
    text = (
        "id,name,service,cos,investment,risk,savings,outcomes\r\na,A,parks,co-design,1,4.7,2,3\r\n"
    )
    with pytest.raises(InvalidInputError) as caught:
        load_assessment(text, format="csv")
    (problem,) = caught.value.problems
    assert problem.path is None
    assert problem.cell is not None
    assert (problem.cell.source, problem.cell.row, problem.cell.column) == ("<text>", 2, "risk")
    assert problem.code == "invalid-value"


def test_a_blank_organisation_is_the_options_problem() -> None:
    with pytest.raises(InvalidInputError) as caught:
        load_assessment(CSV, format="csv", organisation="  ")
    assert lines(caught) == ["organisation: is blank: give the organisation's name"]
    assert caught.value.problems[0].code == "invalid-option"


def test_a_blank_organisation_on_the_command_line(
    cli: Callable[[Sequence[str]], Any], tmp_path: Path
) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(CSV, encoding="utf-8")
    run = cli(["assess", str(sheet), "--organisation", " "])
    assert run.code == 2
    assert "argument --organisation: must not be blank" in run.err
    assert "sheet.csv" not in run.err
    run = cli(["assess", str(sheet), "--organisation", "Bad\x1bname"])
    assert run.code == 2
    assert "argument --organisation: contains the control character U+001B" in run.err


def test_encoding_on_the_command_line(cli: Callable[[Sequence[str]], Any], tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes(CSV.replace("Lunch club", "Café").encode("cp1252"))
    run = cli(["assess", str(sheet)])
    assert run.code == 2
    assert "--encoding cp1252" in run.err
    assert cli(["assess", str(sheet), "--encoding", "cp1252"]).code == 0
    run = cli(["assess", str(sheet), "--encoding", "rot13"])
    assert run.code == 2
    assert "'rot13' is not a text encoding" in run.err
    assert "Traceback" not in run.err


def test_survey_and_people_loaders_take_memory_and_stdin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    likert = "respondent,cohort,statement,response\nr1,Jan,Staff listen,agree\n"
    for source in (likert, likert.encode(), io.BytesIO(likert.encode()), io.StringIO(likert)):
        assert read_likert(source).statements == ("Staff listen",)
    allocation = "factor,A\nx,100\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(allocation.encode())))
    assert read_allocation("-").respondents == ("A",)
    capabilities = b"capability_id,provider_id,category,area,consent\nc1,p1,ironing,dunoon,yes\n"
    needs = b"need_id,requester_id,category,area\nn1,r1,ironing,dunoon\n"
    _, (capability,) = read_capabilities_csv(capabilities)
    assert capability.id == "c1"
    problem = read_match_problem(capabilities, needs)
    assert [n.id for n in problem.needs] == ["n1"]


def test_a_huge_bad_value_is_never_echoed_whole(document: dict[str, Any]) -> None:
    # Issue 10: a 1 MB id used to be printed whole, on one line.
    huge = "x y" * 350_000
    document["services"][0]["id"] = huge
    with pytest.raises(InvalidInputError) as caught:
        load_assessment(json.dumps(document), format="json")
    assert caught.value.problems
    assert all(len(str(p)) < 500 for p in caught.value.problems)
    assert any("got 'x yx y" in p.message and "…" in p.message for p in caught.value.problems)
    sheet = f"id,name,service,cos\r\n{huge[:100_000]},A,parks,co-design\r\n"
    with pytest.raises(InvalidInputError) as caught:
        load_assessment(sheet, format="csv")
    (problem,) = caught.value.problems
    assert problem.cell is not None and problem.cell.column == "id"
    assert len(str(problem)) < 300
