"""coprod.io.table: the one reader every CSV input goes through.

Each test states a behaviour of docs/format.md "Reading tables" and checks it on a
small table whose right answer is written by hand.
"""

from __future__ import annotations

import csv
import enum
import io
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprod.errors import InvalidInputError
from coprod.io.table import (
    CellError,
    Column,
    TableSpec,
    boolean,
    column_key,
    column_letter,
    decimal_amount,
    enum_of,
    identifier,
    integer,
    label,
    list_of,
    number,
    read_cells,
    read_table,
    reference,
    text,
)


class Status(str, enum.Enum):
    EXISTING = "existing"
    POTENTIAL = "potential"


SERVICES = {"adult-social-care": "Adult Social Care", "parks": "Parks and Open Spaces"}

SPEC = TableSpec(
    "initiatives",
    (
        Column("id", identifier),
        Column("name", text(max_length=200)),
        Column("service", reference(SERVICES)),
        Column("status", enum_of(Status), required=False, default=Status.POTENTIAL),
        Column("volunteer_hours", number(minimum=0), aliases=("Volunteer hrs",), required=False),
        Column("cos", list_of(identifier), aliases=("Co's",), required=False, default=()),
    ),
)

GOOD = "id,name,service,status,volunteer_hours\nlunch,Lunch club,parks,existing,12\n"


def problems_of(source: object, spec: TableSpec = SPEC, **options: object) -> list[str]:
    with pytest.raises(InvalidInputError) as caught:
        read_table(source, spec, **options)  # type: ignore[arg-type]
    return [str(p) for p in caught.value.problems]


# ----------------------------------------------------------------- sources


def test_every_kind_of_source_gives_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "initiatives.csv"
    path.write_text(GOOD, encoding="utf-8")
    data = GOOD.encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    sources: list[object] = [
        path,
        str(path),
        "-",
        data,
        bytearray(data),
        GOOD,
        io.BytesIO(data),
        io.StringIO(GOOD),
    ]
    expected = {
        "id": "lunch",
        "name": "Lunch club",
        "service": "parks",
        "status": Status.EXISTING,
        "volunteer_hours": 12.0,
        "cos": (),
    }
    for source in sources:
        rows = read_table(source, SPEC)  # type: ignore[arg-type]
        assert [dict(row.values) for row in rows] == [expected], source
        assert [row.number for row in rows] == [2]


def test_sources_are_named_in_problems(tmp_path: Path) -> None:
    bad = "id,name,service\nlunch,Lunch club,libraries\n"
    path = tmp_path / "sheet.csv"
    path.write_text(bad, encoding="utf-8")
    assert problems_of(path)[0].startswith("sheet.csv row 2, column 'service': ")
    assert problems_of(bad.encode())[0].startswith("<bytes> row 2")
    assert problems_of(bad, name="upload.csv")[0].startswith("upload.csv row 2")


def test_a_missing_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path / "nope.csv")
    assert problem == "nope.csv: No such file or directory"


# ----------------------------------------------------------------- encodings


def test_utf8_bom_and_utf16_bom_are_read() -> None:
    text_ = "id,name,service\ncafe,Café ☕,parks\n"
    for data in (b"\xef\xbb\xbf" + text_.encode(), text_.encode("utf-16")):
        rows = read_table(data, SPEC)
        assert rows.rows[0]["name"] == "Café ☕"
        assert rows.headers["id"] == "id"  # the BOM is not part of the first header


def test_cp1252_bytes_get_a_note_and_read_with_the_encoding() -> None:
    data = "id,name,service\ncafe,Café £5,parks\n".encode("cp1252")
    [problem] = problems_of(data)
    assert "is not UTF-8 text (byte 0xe9 at offset" in problem
    assert "--encoding cp1252" in problem
    rows = read_table(data, SPEC, encoding="cp1252")
    assert rows.rows[0]["name"] == "Café £5"
    assert rows.encoding == "cp1252"


@pytest.mark.parametrize("codec", ["rot13", "punycode", "undefined", "hex", "base64", "idna"])
def test_a_codec_that_is_not_a_text_encoding_is_a_problem(codec: str) -> None:
    [problem] = problems_of(GOOD.encode(), encoding=codec)
    assert "is not a text encoding" in problem


def test_an_unknown_encoding_is_a_problem() -> None:
    [problem] = problems_of(GOOD.encode(), encoding="klingon")
    assert problem == "<bytes>: unknown encoding 'klingon'"


# ----------------------------------------------------------------- delimiters and shape


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_delimiters_are_detected_and_line_ends_accepted(delimiter: str, newline: str) -> None:
    lines = ["id,name,service", "a,Lunch club,parks", "", "b,Walks,parks"]
    data = newline.join(line.replace(",", delimiter) for line in lines) + newline
    rows = read_table(data.encode(), SPEC)
    assert rows.delimiter == delimiter
    assert [(row.number, row["id"]) for row in rows] == [(2, "a"), (4, "b")]


def test_the_guessed_delimiter_is_named_when_the_shape_is_wrong() -> None:
    problems = problems_of("id|name|service\na|b|parks\n")
    assert problems[-1] == (
        "<text> row 1, column 'service': required column 'service' is missing "
        "(read as comma-separated (detected): is the delimiter right?)"
    )
    problems = problems_of("id;name;service\na;b;parks\n", delimiter=",")
    assert "(read as comma-separated: is the delimiter right?)" in problems[-1]
    assert read_table("id|name|service\na|b|parks\n", SPEC, delimiter="|").rows[0]["id"] == "a"


def test_semicolons_win_when_the_header_has_more_of_them() -> None:
    rows = read_table('id;name;service\na;"Lunch, with tea";parks\n', SPEC)
    assert rows.delimiter == ";"
    assert rows.rows[0]["name"] == "Lunch, with tea"


def test_a_truncated_file_is_an_error() -> None:
    [problem] = problems_of('id,name,service\na,"Lunch club')
    assert problem == (
        "<text> row 2: is not valid comma-separated (detected) CSV: "
        "the file ends inside a quoted cell (is it truncated?)"
    )


def test_text_after_a_closing_quote_is_an_error() -> None:
    [problem] = problems_of('id,name,service\na,"Lunch" club,parks\n')
    assert problem.startswith("<text> row 2: is not valid comma-separated (detected) CSV")


def test_a_cell_over_the_field_limit_is_a_problem() -> None:
    huge = "x" * (csv.field_size_limit() + 10)
    [problem] = problems_of(f'id,name,service\na,"{huge}",parks\n')
    assert problem == f"<text> row 2: has a cell longer than {csv.field_size_limit()} characters"
    assert len(problem) < 200


def test_a_nul_byte_is_a_problem() -> None:
    [problem] = problems_of(b"id,name,service\na,b\x00,parks\n")
    assert problem == "<bytes> row 2: contains a NUL byte: is this a binary file?"


def test_an_empty_file_is_a_problem() -> None:
    assert problems_of(b"\n\n , \n") == ["<bytes> row 1: the file is empty: expected a header row"]


def test_rows_wider_than_the_header_are_problems_and_short_rows_are_padded() -> None:
    problems = problems_of("id,name,service\na,b,parks,extra\nc,d\n")
    assert problems == [
        "<text> row 2: has 4 cells but the header has 3 (read as comma-separated (detected))",
        "<text> row 3, column 'service': is required but blank",
    ]


def test_multi_line_cells_keep_spreadsheet_row_numbers() -> None:
    rows = read_table('id,name,service\na,"two\nlines",parks\nb,c,parks\n', SPEC)
    assert [(row.number, row["name"]) for row in rows] == [(2, "two\nlines"), (3, "c")]


# ----------------------------------------------------------------- headers


def test_headers_match_ignoring_case_spaces_punctuation_and_through_aliases() -> None:
    data = 'ID,  Name ,SERVICE,Status,Volunteer hrs,Co\'s\na,b,parks,Existing,"1,250",x;y\n'
    rows = read_table(data, SPEC)
    assert rows.rows[0].values == {
        "id": "a",
        "name": "b",
        "service": "parks",
        "status": Status.EXISTING,
        "volunteer_hours": 1250.0,
        "cos": ("x", "y"),
    }
    assert rows.headers["cos"] == "Co's"
    assert column_key("User involvement") == column_key("user_involvement") == "userinvolvement"


def test_unknown_duplicate_and_missing_columns_all_reported_with_suggestions() -> None:
    # 'idd' is one problem: its suggestion 'id' is not also reported missing.
    problems = problems_of("idd,name,Name,status,colour\na,b,c,existing,red\n")
    assert problems == [
        "<text> row 1, column 'idd': unknown column (did you mean 'id'?); this initiatives "
        "table has the columns id, name, service, status, volunteer_hours, cos "
        "(read as comma-separated (detected))",
        "<text> row 1, column 'Name': is the column 'name' again (also column B)",
        "<text> row 1, column 'colour': unknown column; this initiatives table has the "
        "columns id, name, service, status, volunteer_hours, cos "
        "(read as comma-separated (detected))",
        "<text> row 1, column 'service': required column 'service' is missing",
    ]


def test_extra_columns_can_be_kept_and_listed_as_ignored() -> None:
    spec = TableSpec(SPEC.name, SPEC.columns, extra="keep")
    rows = read_table("id,name,service,Colour,Notes\na,b,parks,red,\n", spec)
    assert rows.ignored == ("Colour", "Notes")
    assert rows.rows[0].extra == {"Colour": "red", "Notes": ""}
    assert rows.columns == ("id", "name", "service")


def test_a_column_without_a_header_but_with_values_is_named_by_its_letter() -> None:
    problems = problems_of("id,name,service,\na,b,parks,stray\n")
    assert problems == [
        "<text> row 2, column D: has the value 'stray' but its column has no header"
    ]


# ----------------------------------------------------------------- cells


def test_every_problem_of_a_table_comes_in_one_error_with_codes() -> None:
    data = (
        "id,name,service,status,volunteer_hours\n"
        "a b,ok,Adult social care,existng,-1\n"
        "c,,parks,potential,nan\n"
    )
    with pytest.raises(InvalidInputError) as caught:
        read_table(data, SPEC)
    found = [(p.cell.row, p.cell.column, p.code) for p in caught.value.problems if p.cell]
    assert found == [
        (2, "id", "invalid-value"),
        (2, "status", "unknown-value"),
        (2, "volunteer_hours", "invalid-value"),
        (3, "name", "missing-value"),
        (3, "volunteer_hours", "invalid-value"),
    ]
    messages = [p.message for p in caught.value.problems]
    assert "(did you mean 'existing'?)" in messages[1]


def test_messages_quote_at_most_a_bounded_excerpt() -> None:
    long_id = "x y" * 40_000  # a 120 kB bad id, under the csv field limit
    problems = problems_of(f"id,name,service\n{long_id},b,{long_id}\n")
    assert len(problems) == 2
    assert all(len(p) < 400 for p in problems)
    assert all("…" in p for p in problems)


def test_problems_collected_instead_of_raised() -> None:
    collected: list = []
    rows = read_table("id,name,service\na,b,parks\nc d,e,parks\n", SPEC, problems=collected)
    assert [row["id"] for row in rows] == ["a"]
    assert [p.cell.row for p in collected] == [3]


def test_services_by_id_or_by_name() -> None:
    parse = reference(SERVICES)
    assert parse("parks") == "parks"
    assert parse("Adult Social Care") == "adult-social-care"
    assert parse("adult social care") == "adult-social-care"
    with pytest.raises(CellError, match=r"did you mean 'Parks and Open Spaces'\?"):
        parse("Parks & Open Space")


def test_enum_by_value_name_or_label() -> None:
    parse = enum_of(Status, labels={Status.POTENTIAL: ("Planned", "Idea")})
    assert parse("Existing") == parse("EXISTING") == parse(" existing") == Status.EXISTING
    assert parse("planned") == parse("idea") == Status.POTENTIAL
    with pytest.raises(CellError) as caught:
        parse("potentail")
    assert caught.value.code == "unknown-value"
    assert "did you mean 'potential'?" in str(caught.value)


def test_booleans() -> None:
    assert [boolean(v) for v in ("yes", "Y", "TRUE", "1")] == [True] * 4
    assert [boolean(v) for v in ("No", "n", "false", "0")] == [False] * 4
    with pytest.raises(CellError, match="expected yes or no"):
        boolean("maybe")


@pytest.mark.parametrize(
    ("cell", "value"),
    [("1250", 1250), ("1,250", 1250), ("-1,250,000", -1_250_000), ("+7", 7), ("007", 7)],
)
def test_integers(cell: str, value: int) -> None:
    assert integer()(cell) == value


@pytest.mark.parametrize(
    "cell",
    ["1_200", "12,50", "1,2500", "0,250", "2,5", "4.7", "3.0", "١٢", "１２", "1e3", "", "9" * 40],
)
def test_not_integers(cell: str) -> None:
    with pytest.raises(CellError):
        integer()(cell)


@pytest.mark.parametrize(
    ("cell", "value"),
    [("1,250.5", 1250.5), ("-3.25", -3.25), (".5", 0.5), ("1e6", 1e6), ("2.", 2.0)],
)
def test_numbers(cell: str, value: float) -> None:
    assert number()(cell) == value


@pytest.mark.parametrize("cell", ["nan", "inf", "-Infinity", "1e999", "1_200", "2,5", "٣", "0x10"])
def test_not_numbers(cell: str) -> None:
    with pytest.raises(CellError):
        number()(cell)


def test_a_decimal_comma_gets_a_hint() -> None:
    with pytest.raises(CellError, match="decimal comma"):
        number()("2,5")


def test_decimal_amounts_are_exact_and_bounded() -> None:
    assert decimal_amount()("65,383.40") == Decimal("65383.40")
    with pytest.raises(CellError, match="must be at least 0"):
        decimal_amount(minimum=0)("-0.01")
    with pytest.raises(CellError, match="must be at most 100"):
        integer(maximum=100)("101")


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_grouped_integers_read_back(value: int) -> None:
    assert integer()(f"{value:,}") == value
    assert integer()(str(value)) == value


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\u202e"])
def test_control_characters_are_refused_in_text_and_labels(char: str) -> None:
    with pytest.raises(CellError) as caught:
        text()(f"a{char}b")
    assert caught.value.code == "control-character"
    with pytest.raises(CellError):
        label(f"a{char}b")


def test_tabs_and_line_breaks_are_text() -> None:
    assert text()("a\tb\nc\r\nd") == "a\tb\nc\r\nd"
    assert label("  a\tb\n c\u00a0d ") == "a b c d"


def test_read_cells_for_tables_whose_columns_are_data() -> None:
    table = read_cells("cohort;Statement one;Statement two\r\nA;agree;\r\n")
    assert table.delimiter == ";"
    assert table.header == ("cohort", "Statement one", "Statement two")
    assert table.rows == ((2, ("A", "agree", "")),)
    assert str(table.location(2, 2)) == "<text> row 2, column 'Statement two'"
    assert column_letter(0) == "A" and column_letter(27) == "AB"


# ----------------------------------------------------------------- round trip

# Cells a spreadsheet could hold: any text without NUL (a blank row is skipped, so
# every row keeps one non-blank cell).
_cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=8,
)


@given(
    header=st.lists(
        st.from_regex(r"[A-Za-z][A-Za-z ]{0,8}", fullmatch=True), min_size=1, max_size=4
    ),
    data=st.data(),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_what_csv_writes_read_cells_reads_back(
    header: list[str],
    data: st.DataObject,
    delimiter: str,
    encoding: str,
    newline: str,
) -> None:
    rows = data.draw(
        st.lists(
            st.lists(_cell, min_size=len(header), max_size=len(header)).filter(
                lambda cells: any(c.strip() for c in cells)
            ),
            max_size=5,
        )
    )
    if newline == "\n":
        # csv.writer quotes only the characters of its line terminator: a bare CR in
        # an LF file is written unquoted and cannot be told from a line end.
        rows = [[c.replace("\r", "") for c in row] for row in rows]
        rows = [row for row in rows if any(c.strip() for c in row)]
    if encoding == "cp1252":
        rows = [[c.encode("cp1252", "replace").decode("cp1252") for c in row] for row in rows]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    # With two columns or more the header shows the delimiter: let it be detected.
    table = read_cells(
        buffer.getvalue().encode(encoding),
        delimiter=None if len(header) > 1 else delimiter,
        encoding=encoding if encoding == "cp1252" else None,
    )
    assert table.delimiter == delimiter
    assert table.header == tuple(label(h) for h in header)
    assert [list(cells) for _, cells in table.rows] == rows


def test_an_unquoted_grouped_number_in_a_comma_file_gets_a_hint() -> None:
    problems = problems_of("id,name,service,volunteer_hours\na,b,parks,1,250\n")
    assert problems == [
        "<text> row 2: has 5 cells but the header has 4 (read as comma-separated (detected)); "
        "did you mean the number 1,250? In a comma-separated file it must be quoted"
    ]
    assert (
        read_table('id,name,service,volunteer_hours\na,b,parks,"1,250"\n', SPEC).rows[0][
            "volunteer_hours"
        ]
        == 1250.0
    )
