"""A CSV table of initiatives, one row per initiative, as councils keep them.

Problems are reported by spreadsheet row (the header is row 1; blank lines count,
as they do in a spreadsheet) and column name.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from coprod import Co, InvalidInputError, Level, load_assessment
from coprod.io.initiatives_csv import CSV_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "initiatives.csv"
FALLBACK = Path(__file__).resolve().parent / "data" / "initiatives.csv"
BROKEN = ROOT / "examples" / "invalid" / "initiatives-with-errors.csv"

HEADER = "id,name,service,cos,investment,risk,savings,outcomes,barriers,volunteer_hours"


def write(tmp_path: Path, text: str | bytes, name: str = "sheet.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(InvalidInputError) as caught:
        load_assessment(path)
    lines = [str(problem) for problem in caught.value.problems]
    assert all("\n" not in line for line in lines)
    return lines


def test_the_example_sheet_loads() -> None:
    path = EXAMPLE if EXAMPLE.exists() else FALLBACK
    assessment = load_assessment(path)
    assert assessment.organisation.name == path.stem
    assert len(assessment.initiatives) >= 3
    # Services are the distinct values of the service column, in order of first use.
    services = list(dict.fromkeys(i.service for i in assessment.initiatives))
    assert [s.id for s in assessment.services] == services
    assert [s.name for s in assessment.services] == services


def test_our_own_fixture_loads_with_every_column() -> None:
    assessment = load_assessment(FALLBACK, organisation="Testshire")
    assert assessment.organisation.name == "Testshire"
    first, second, third = assessment.initiatives
    assert first.cos == (Co.DESIGN, Co.DELIVERY)
    assert first.user_involvement == 4
    assert first.professional_involvement is Level.HIGH
    assert first.ratings is not None
    assert (first.ratings.investment, first.ratings.outcomes) == (2, 5)
    assert first.resources is not None
    assert first.resources.public_after == 70.0
    assert first.barriers == ("risk-aversion", "austerity")
    assert first.volunteer_hours == 1200.0
    assert first.website == "https://testshire.example.org/parks"
    assert second.ratings is None  # all four rating cells blank
    assert second.resources is None
    assert second.volunteer_hours == 0.0  # blank means the default
    assert third.name == '=HYPERLINK("http://x")'  # data, not a formula, on the way in
    assert set(CSV_COLUMNS) <= set(FALLBACK.read_text(encoding="utf-8").splitlines()[0].split(","))


def test_the_broken_example_reports_rows_after_a_blank_line() -> None:
    assert problems(BROKEN) == [
        "initiatives-with-errors.csv row 4, column 'risk': expected an integer, got '4.7'",
        "initiatives-with-errors.csv row 5, column 'cos': must be one of 'co-commissioning', "
        "'co-design', 'co-delivery', 'co-assessment', got 'co-dancing'",
        "initiatives-with-errors.csv row 5, column 'outcomes': must be an integer from 1 to 5, "
        "got 9",
        "initiatives-with-errors.csv row 5, column 'volunteer_hours': must be a finite number "
        ">= 0, got -10.0",
        "initiatives-with-errors.csv row 6, column 'status': must be one of 'existing', "
        "'potential', got 'planned'",
    ]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("4.7", "expected an integer, got '4.7'"),
        ("3.0", "expected an integer, got '3.0'"),
        ("three", "expected an integer, got 'three'"),
        ("TRUE", "expected an integer, got 'TRUE'"),
        ("9", "must be an integer from 1 to 5, got 9"),
        ("1" + "0" * 5000, "expected an integer, got '1000000000000000000000000000000000"),
    ],
    ids=lambda v: v[:10],
)
def test_integer_columns_are_strict(tmp_path: Path, cell: str, message: str) -> None:
    # The 5000-digit cell used to crash the loader with a bare ValueError from int().
    sheet = write(tmp_path, f"{HEADER}\na,A,parks,co-design,2,{cell},3,4,,\n")
    (line,) = problems(sheet)
    assert line.startswith(f"sheet.csv row 2, column 'risk': {message}")


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("lots", "expected a number, got 'lots'"),
        ("nan", "expected a number, got 'nan'"),
        ("inf", "expected a number, got 'inf'"),
        ("1e999", "expected a number, got '1e999'"),
        ("-3", "must be a finite number >= 0, got -3.0"),
    ],
)
def test_number_columns(tmp_path: Path, cell: str, message: str) -> None:
    sheet = write(tmp_path, f"{HEADER}\na,A,parks,co-design,,,,,,{cell}\n")
    assert problems(sheet) == [f"sheet.csv row 2, column 'volunteer_hours': {message}"]


def test_rows_count_blank_lines_and_quoted_line_breaks(tmp_path: Path) -> None:
    text = (
        f"{HEADER}\n"
        "a,A,parks,co-design,,,,,,\n"  # row 2
        "\n"  # row 3: blank
        ",,,,,,,,,\n"  # row 4: blank cells only
        'b,"two\nlines",parks,co-design,,,,,,\n'  # row 5: one spreadsheet row
        "c,C,parks,co-dancing,,,,,,\n"  # row 6
    )
    assert problems(write(tmp_path, text)) == [
        "sheet.csv row 6, column 'cos': must be one of 'co-commissioning', 'co-design', "
        "'co-delivery', 'co-assessment', got 'co-dancing'"
    ]


def test_unknown_and_repeated_columns(tmp_path: Path) -> None:
    sheet = write(tmp_path, "id,name,service,cos,colour,name\na,A,parks,co-design,red,B\n")
    lines = problems(sheet)
    assert lines[0].startswith(
        "sheet.csv row 1, column 'colour': unknown column; this initiatives table has the "
        "columns id, name, service, cos, status,"
    )
    assert lines[1] == "sheet.csv row 1, column 'name': is the column 'name' again (also column B)"
    assert len(lines) == 2


def test_an_unknown_column_gets_a_suggestion(tmp_path: Path) -> None:
    sheet = write(tmp_path, "id,name,service,cos,volunter_hours\na,A,parks,co-design,3\n")
    (line,) = problems(sheet)
    assert line.startswith(
        "sheet.csv row 1, column 'volunter_hours': unknown column (did you mean 'volunteer_hours'?)"
    )


def test_missing_required_columns(tmp_path: Path) -> None:
    sheet = write(tmp_path, "id,name,risk\na,A,3\n")
    assert problems(sheet) == [
        "sheet.csv row 1, column 'service': required column 'service' is missing",
        "sheet.csv row 1, column 'cos': required column 'cos' is missing",
    ]


def test_a_semicolon_separated_sheet_is_detected(tmp_path: Path) -> None:
    # It used to be one unknown column 'id;name;service;cos'.
    sheet = write(tmp_path, "id;name;service;cos\na;A;parks;co-design\n")
    assert [i.id for i in load_assessment(sheet).initiatives] == ["a"]
    lines = problems(write(tmp_path, "id|name|service|cos\na|A|parks|co-design\n"))
    assert lines[-1] == (
        "sheet.csv row 1, column 'cos': required column 'cos' is missing "
        "(read as comma-separated (detected): is the delimiter right?)"
    )


def test_ragged_rows(tmp_path: Path) -> None:
    text = (
        f"{HEADER}\n"
        "a,A,parks,co-design\n"
        "b,B,parks,co-design,,,,,,,,extra\n"
        "c,C,parks,co-design,,,,,,\n"
    )
    # A short row is padded with blank cells (spreadsheets drop trailing blanks); a
    # long one has lost its alignment.
    assert problems(write(tmp_path, text)) == [
        "sheet.csv row 3: has 12 cells but the header has 10 (read as comma-separated (detected))",
    ]


def test_partly_filled_ratings_name_each_missing_column(tmp_path: Path) -> None:
    sheet = write(tmp_path, f"{HEADER}\na,A,parks,co-design,2,,,5,,\n")
    assert problems(sheet) == [
        "sheet.csv row 2, column 'risk': is required but missing",
        "sheet.csv row 2, column 'savings': is required but missing",
    ]


def test_bom_crlf_and_spaces_are_handled(tmp_path: Path) -> None:
    text = (
        "\ufeffid, name ,service,cos,risk,investment,savings,outcomes\r\n"
        "a , Friends ,parks, co-design ; co-delivery ,1,2,3,4\r\n"
    )
    assessment = load_assessment(write(tmp_path, text.encode("utf-8")))
    (initiative,) = assessment.initiatives
    assert initiative.id == "a"
    assert initiative.name == "Friends"
    assert initiative.cos == (Co.DESIGN, Co.DELIVERY)
    assert initiative.ratings is not None
    assert initiative.ratings.risk == 1


def test_an_empty_file_and_a_header_only_file(tmp_path: Path) -> None:
    assert problems(write(tmp_path, "")) == [
        "sheet.csv row 1: the file is empty: expected a header row"
    ]
    assessment = load_assessment(write(tmp_path, "id,name,service,cos\n"))
    assert assessment.initiatives == ()
    assert assessment.services == ()


def test_a_sheet_saved_in_another_encoding(tmp_path: Path) -> None:
    sheet = write(tmp_path, f"{HEADER}\na,Caf\xe9,parks,co-design,,,,,,\n".encode("latin-1"))
    (line,) = problems(sheet)
    assert line.startswith("sheet.csv: is not UTF-8 text (byte 0xe9 at offset 83); ")
    assert "--encoding cp1252" in line
    assessment = load_assessment(sheet, encoding="cp1252")
    assert assessment.initiatives[0].name == "Caf\xe9"


def test_referential_problems_point_at_the_row(tmp_path: Path) -> None:
    text = f"{HEADER}\na,A,parks,co-design,,,,,,\na,B,parks,co-design,,,,,red-tape,\n"
    assert problems(write(tmp_path, text)) == [
        "sheet.csv row 3, column 'id': duplicate id 'a' (first used at row 2)",
        "sheet.csv row 3, column 'barriers': unknown barrier 'red-tape' (known: austerity, "
        "citizen-capabilities-and-time, communication-and-data, complicated-procedures, "
        "cost-worries, evidence-and-business-case, insufficient-resources, leadership, "
        "ownership, poor-processes, …)",
    ]


def test_services_by_name_get_an_id_made_from_the_name(tmp_path: Path) -> None:
    # 'Parks Dept' used to be an invalid id; a sheet names services as people do.
    text = (
        f"{HEADER}\na,A,Parks Dept,co-design,,,,,,\nb,B,parks-dept,co-design,,,,,,\n"
        "c,C,Adult Social Care,co-design,,,,,,\n"
    )
    assessment = load_assessment(write(tmp_path, text))
    assert [(s.id, s.name) for s in assessment.services] == [
        ("parks-dept", "Parks Dept"),
        ("adult-social-care", "Adult Social Care"),
    ]
    assert [i.service for i in assessment.initiatives] == [
        "parks-dept",
        "parks-dept",
        "adult-social-care",
    ]


def test_a_service_with_no_letters_or_digits_is_reported_once_on_its_row(
    tmp_path: Path,
) -> None:
    # It used to be reported twice: on the row, and at "$.services[0].id" of the
    # services made up from the column, a path the sheet does not have.
    text = f"{HEADER}\na,A,---,co-design,,,,,,\n"
    assert problems(write(tmp_path, text)) == [
        "sheet.csv row 2, column 'service': cannot make a service id from '---': give an id "
        "of letters, digits, '.', '_' or '-'"
    ]


def test_formulas_are_data(tmp_path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "name", "service", "cos", "description"])
    writer.writerow(["a", '=HYPERLINK("http://x")', "parks", "co-design", "@SUM(A1:A3)"])
    assessment = load_assessment(write(tmp_path, buffer.getvalue()))
    assert assessment.initiatives[0].name == '=HYPERLINK("http://x")'
    assert assessment.initiatives[0].description == "@SUM(A1:A3)"
