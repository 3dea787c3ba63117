"""The table reader's fast paths give exactly what its slow paths give (issue 10).

``read_table`` parses a column at a time when every cell is good, and falls back to
reading row by row (which names every problem) otherwise; files with no quote are
split at the delimiter rather than by the csv module. Both are checked here against
the slow path on generated tables, good and bad.
"""

from __future__ import annotations

import csv
import enum
import io
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coprod.errors import InvalidInputError, Problem
from coprod.io import table as table_module
from coprod.io.table import (
    Column,
    TableSpec,
    boolean,
    enum_of,
    identifier,
    integer,
    read_columns,
    read_table,
    text,
    text_pattern,
)
from coprod.model.text import ID_PATTERN


class Colour(enum.Enum):
    RED = "red"
    DARK_BLUE = "dark-blue"


SPEC = TableSpec(
    "things",
    (
        Column("id", identifier, plain=ID_PATTERN),
        Column(
            "name",
            text(max_length=8),
            required=False,
            default="",
            plain=text_pattern(max_length=8),
        ),
        Column("count", integer(minimum=0), required=False, default=0, repeats=True),
        Column("colour", enum_of(Colour), required=False, default=Colour.RED, repeats=True),
        Column("ok", boolean, repeats=True),
    ),
)

# Cells good and bad: ids with spaces, control characters, long names, negative and
# grouped numbers, enum spellings, blanks.
_CELL = st.sampled_from(
    [
        "a1",
        "b.2",
        "c d",
        "",
        "  ",
        " x ",
        "Ann",
        "too long a name",
        "bell\x07",
        "bidi\u202e",
        "0",
        "7",
        "-1",
        "1,250",
        "1,25",
        "red",
        "Dark Blue",
        "DARK_BLUE",
        "green",
        "yes",
        "N",
        "maybe",
    ]
)


def _slow(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make read_table and read_columns take the row-by-row path."""
    monkeypatch.setattr(table_module._Plan, "parse_columns", lambda self: None)


def _outcome(read: Any, data: str, **options: Any) -> tuple[Any, list[Problem]]:
    problems: list[Problem] = []
    result = read(data, SPEC, problems=problems, **options)
    return result, problems


_HEADERS = st.permutations(["id", "name", "count", "colour", "ok"]).map(list)


_GOOD = {
    "id": ["a1", "b.2", " c "],
    "name": ["Ann", "", " x "],
    "count": ["0", "7", "1,250", ""],
    "colour": ["red", "Dark Blue", "DARK_BLUE", ""],
    "ok": ["yes", "N", "true"],
}


@st.composite
def tables(draw: st.DrawFn) -> str:
    """Tables of good cells with now and then a bad one, a short or long row, a blank row."""
    header = draw(_HEADERS)[: draw(st.integers(3, 5))]
    lines = [",".join(header)]
    for _ in range(draw(st.integers(0, 8))):
        row = [
            draw(_CELL) if draw(st.integers(0, 15)) == 0 else draw(st.sampled_from(_GOOD[name]))
            for name in header
        ]
        shape = draw(st.integers(0, 12))
        if shape == 0:
            row = row[:-1]
        elif shape == 1:
            row.append(draw(st.sampled_from(["", "  ", "x"])))
        elif shape == 2:
            row = [""] * len(row)
        lines.append(",".join(row))
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(tables())
def test_column_path_equals_row_path(data: str) -> None:
    fast_rows, fast_problems = _outcome(read_table, data, keep_failed=False)
    fast_columns, _ = _outcome(read_columns, data)
    with pytest.MonkeyPatch.context() as patch:
        _slow(patch)
        slow_rows, slow_problems = _outcome(read_table, data, keep_failed=False)
        slow_columns, _ = _outcome(read_columns, data)
    assert fast_problems == slow_problems
    assert fast_rows == slow_rows
    assert fast_columns == slow_columns
    # The columns read across are the rows.
    assert list(fast_columns.numbers) == [row.number for row in fast_rows]
    for name, values in fast_columns.values.items():
        assert list(values) == [row.values[name] for row in fast_rows]


def test_a_bad_cell_is_named_with_row_and_column_whatever_the_path() -> None:
    data = "id,name,count,ok\na,Ann,1,yes\nb,Bo,-3,yes\nc d,Cy,2,maybe\n"
    with pytest.raises(InvalidInputError) as caught:
        read_table(data, SPEC)
    shown = [
        (p.cell.row, p.cell.column, p.cell.letter, p.code)
        for p in caught.value.problems
        if p.cell is not None
    ]
    assert shown == [
        (3, "count", "C", "invalid-value"),
        (4, "id", "A", "invalid-value"),
        (4, "ok", "D", "invalid-value"),
    ]
    assert "must be at least 0, got '-3'" in caught.value.problems[0].message


def test_repeating_column_parses_each_distinct_cell_once() -> None:
    calls: list[str] = []

    def parse(value: str) -> str:
        calls.append(value)
        return value.upper()

    spec = TableSpec("t", (Column("id", identifier), Column("kind", parse, repeats=True)))
    data = "id,kind\n" + "".join(f"r{k},{'ab'[k % 2]}\n" for k in range(50))
    rows = read_table(data, spec)
    assert [row["kind"] for row in rows][:4] == ["A", "B", "A", "B"]
    assert sorted(calls) == ["a", "b"]


# Text for the quote-free splitter: delimiters, every line end, the line breaks that
# str.splitlines knows and CSV does not, quotes, blanks.
_CSV_TEXT = st.text(
    alphabet=st.sampled_from(list('ab ,;\t\r\n"\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029é')),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(_CSV_TEXT, st.sampled_from([",", ";", "\t", "|", " "]))
def test_quote_free_split_equals_the_csv_module(content: str, delimiter: str) -> None:
    split = table_module._split_unquoted(content, delimiter)
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter, strict=True)
    try:
        expected = list(map(tuple, reader))
    except csv.Error:
        assert split is None
        return
    if split is not None:
        assert split == expected


def test_quote_free_split_leaves_quotes_and_odd_breaks_to_the_csv_module() -> None:
    assert table_module._split_unquoted('a,"b"\n', ",") is None
    assert table_module._split_unquoted("a,b\x0bc\n", ",") is None
    assert table_module._split_unquoted("a\u2028b\n", ",") is None
    assert table_module._split_unquoted("a,b\r\nc,d\re\n\nf", ",") == [
        ("a", "b"),
        ("c", "d"),
        ("e",),
        (),
        ("f",),
    ]


def test_quote_free_split_leaves_a_line_over_the_field_limit_to_the_csv_module() -> None:
    limit = csv.field_size_limit()
    assert table_module._split_unquoted("a," + "x" * limit + "\n", ",") is None
    with pytest.raises(InvalidInputError) as caught:
        read_table("id,name\na," + "x" * (limit + 1) + "\n", SPEC)
    assert caught.value.problems[0].code == "cell-too-large"


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab \t\n\r\x00\x07\x1f\x7f\x85\x9f\xa0\u202a\u2069é")),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from([None, 1, 5, 10]),
)
def test_text_pattern_is_what_text_gives_back(value: str, max_length: int | None) -> None:
    parse = text(max_length=max_length)
    try:
        parsed = parse(value)
    except ValueError:
        accepted = False
    else:
        accepted = parsed == value
    assert (text_pattern(max_length=max_length).fullmatch(value) is not None) == accepted
