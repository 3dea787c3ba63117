"""Acceptance (issue 9): a spreadsheet saved by Excel loads for every table input.

"Excel style" here is what Excel writes from a council's sheet: UTF-8 with a BOM
("CSV UTF-8") or Windows-1252 ("CSV" on Windows, read with ``--encoding cp1252``),
CRLF line ends, ``;`` as the delimiter (a European locale), Title Case headers as
people type them, labels (``Existing``, ``Co-design``, ``Strongly Agree``), service
names instead of ids, and ``1,250`` in numeric columns. Every table input
(initiatives, capabilities, needs, Likert long and wide, allocation long and wide)
loads such a file, and a misspelt header or value fails with one message per
problem naming the row, the column and a suggestion.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from coprod import Co, InitiativeStatus, InvalidInputError, Level, load_assessment
from coprod.people import (
    CapabilityLevel,
    Frequency,
    NeedPriority,
    TimeSlot,
    read_capabilities_csv,
    read_needs_csv,
)
from coprod.surveys import LikertLevel as Answer
from coprod.surveys import analyse_allocation, read_allocation, read_likert

Table = tuple[Sequence[str], Sequence[Sequence[str]]]


def write_excel(path: Path, table: Table, encoding: str) -> Path:
    """Write ``table`` as Excel does: ``;``, CRLF, quoting only where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    header, rows = table
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding)  # utf-8-sig writes the BOM
    path.write_bytes(data)
    return path


# Each input: the Excel-style table, how to load it, what it must give, and a
# broken variant (misspelt header and value) with the columns its problems name.


def initiatives_table() -> Table:
    return (
        ["ID", "Name", "Service", "Co's", "Status", "User involvement", "Volunteer hours"],
        [
            [
                "lunch-club",
                "Café lunch club",
                "Adult Social Care",
                "Co-design, Co-Delivery",
                "Existing",
                "High",
                "1,250",
            ],
            [
                "park-friends",
                "Friends of the park",
                "Parks",
                "Co-delivery",
                "Potential",
                "2",
                "300",
            ],
        ],
    )


def check_initiatives(result: Any) -> None:
    first, second = result.initiatives
    assert first.name == "Café lunch club"
    assert first.service == "adult-social-care"
    assert first.cos == (Co.DESIGN, Co.DELIVERY)
    assert first.status is InitiativeStatus.EXISTING
    assert first.user_involvement is Level.HIGH
    assert first.volunteer_hours == 1250.0
    assert (second.service, second.status, second.user_involvement) == (
        "parks",
        InitiativeStatus.POTENTIAL,
        2,
    )
    assert [(s.id, s.name) for s in result.services] == [
        ("adult-social-care", "Adult Social Care"),
        ("parks", "Parks"),
    ]


def capabilities_table() -> Table:
    return (
        [
            "Capability ID",
            "Provider ID",
            "Name",
            "Category",
            "Level",
            "Willing to share",
            "Area",
            "Availability",
            "Capacity",
            "PVG check",
            "Consent",
        ],
        [
            [
                "c1",
                "p1",
                "Zoë",
                "Gardening",
                "Could-do",
                "Yes",
                "Dunoon",
                "Weekends; Evenings",
                "1,250",
                "No",
                "Yes",
            ]
        ],
    )


def check_capabilities(result: Any) -> None:
    (provider,), (capability,) = result
    assert provider.display_name == "Zoë"
    assert provider.consent and not provider.protection_check
    assert capability.level is CapabilityLevel.COULD_DO
    assert capability.capacity == 1250
    assert capability.availability == frozenset({TimeSlot.WEEKENDS, TimeSlot.EVENINGS})


def needs_table() -> Table:
    return (
        ["Need ID", "Requester ID", "Name", "Category", "Area", "Frequency", "Priority"],
        [["n1", "r1", "Zoë", "Ironing", "Dunoon", "Regular", "High"]],
    )


def check_needs(result: Any) -> None:
    (need,) = result
    assert need.requester_name == "Zoë"
    assert (need.frequency, need.priority) == (Frequency.REGULAR, NeedPriority.HIGH)


def likert_long_table() -> Table:
    return (
        ["Respondent", "Cohort", "Statement", "Response"],
        [
            ["R1", "January", "Café staff listen", "Strongly Agree"],
            ["R2", "January", "Café staff listen", "Neutral"],
        ],
    )


def likert_wide_table() -> Table:
    return (
        ["Respondent", "Cohort", "Café staff listen"],
        [["R1", "January", "Strongly Agree"], ["R2", "January", "Neutral"]],
    )


def check_likert(result: Any) -> None:
    assert result.statements == ("Café staff listen",)
    assert sorted(r.level for r in result.responses) == sorted(
        [Answer.STRONGLY_AGREE, Answer.NOT_SURE]
    )


def allocation_long_table() -> Table:
    return (
        ["Respondent", "Factor", "Percent"],
        [["A", "Café costs", "62.5"], ["A", "Transport", "37.5"], ["B", "Café costs", "100"]],
    )


def allocation_wide_table() -> Table:
    return (
        ["Factor", "A", "B", "AVG"],
        [["Café costs", "62.5", "100", "81.25"], ["Transport", "37.5", "", "18.75"]],
    )


def check_allocation(result: Any) -> None:
    analysis = analyse_allocation(result)
    assert [f.factor for f in analysis.factors] == ["Café costs", "Transport"]
    assert analysis.factors[0].mean == Fraction(325, 4)  # (62.5 + 100) / 2


Loader = Callable[[Path, str | None], Any]

INPUTS: dict[str, tuple[Callable[[], Table], Loader, Callable[[Any], None]]] = {
    "initiatives": (
        initiatives_table,
        lambda path, enc: load_assessment(path, encoding=enc),
        check_initiatives,
    ),
    "capabilities": (
        capabilities_table,
        lambda path, enc: read_capabilities_csv(path, encoding=enc),
        check_capabilities,
    ),
    "needs": (needs_table, lambda path, enc: read_needs_csv(path, encoding=enc), check_needs),
    "likert-long": (
        likert_long_table,
        lambda path, enc: read_likert(path, encoding=enc),
        check_likert,
    ),
    "likert-wide": (
        likert_wide_table,
        lambda path, enc: read_likert(path, encoding=enc),
        check_likert,
    ),
    "allocation-long": (
        allocation_long_table,
        lambda path, enc: read_allocation(path, encoding=enc),
        check_allocation,
    ),
    "allocation-wide": (
        allocation_wide_table,
        lambda path, enc: read_allocation(path, encoding=enc),
        check_allocation,
    ),
}


@pytest.fixture(params=["utf-8-sig", "cp1252"])
def excel_encoding(request: pytest.FixtureRequest) -> str:
    """The two encodings Excel saves CSV in: 'CSV UTF-8' (with a BOM) and 'CSV' (cp1252)."""
    return str(request.param)


@pytest.mark.parametrize("kind", list(INPUTS))
def test_an_excel_sheet_loads_for_every_table_input(
    kind: str, excel_encoding: str, tmp_path: Path
) -> None:
    make, load, check = INPUTS[kind]
    path = write_excel(tmp_path / f"{kind}.csv", make(), excel_encoding)
    assert path.read_bytes().count(b"\r\n") == len(make()[1]) + 1
    if excel_encoding == "cp1252":
        # Without --encoding the bytes are not UTF-8: one problem, with the fix in it.
        with pytest.raises(InvalidInputError) as caught:
            load(path, None)
        (problem,) = caught.value.problems
        assert "--encoding cp1252" in problem.message
        check(load(path, "cp1252"))
    else:
        check(load(path, None))


# Misspelt: (header index, new header) or None, and (row, column index, new value).
BROKEN: dict[str, tuple[tuple[int, str] | None, tuple[int, int, str], set[str]]] = {
    "initiatives": ((6, "Volunter hours"), (1, 4, "Exsting"), {"Volunter hours", "Status"}),
    # Unknown headers of personal-data tables are named by letter, never quoted.
    "capabilities": ((8, "Capacty"), (0, 4, "Could do it"), {"I", "Level"}),
    "needs": ((5, "Frequncy"), (0, 6, "Hgh"), {"F", "Priority"}),
    "likert-long": ((0, "Respondant"), (1, 3, "Agre"), {"Respondant", "Response"}),
    "likert-wide": (None, (1, 2, "Strongly Agre"), {"Café staff listen"}),
    "allocation-long": ((1, "Factr"), (0, 2, "62,5"), {"Factr", "Percent"}),
    "allocation-wide": (None, (0, 1, "62,5"), {"A"}),
}


@pytest.mark.parametrize("kind", list(INPUTS))
def test_misspellings_fail_with_one_message_per_problem_and_a_suggestion(
    kind: str, tmp_path: Path
) -> None:
    make, load, _check = INPUTS[kind]
    header, rows = make()
    header, rows = list(header), [list(row) for row in rows]
    bad_header, (row, column, value), columns = BROKEN[kind]
    if bad_header is not None:
        header[bad_header[0]] = bad_header[1]
    rows[row][column] = value
    path = write_excel(tmp_path / f"{kind}.csv", (header, rows), "utf-8-sig")
    with pytest.raises(InvalidInputError) as caught:
        load(path, None)
    problems = caught.value.problems
    # One message per problem: the misspelt header, the misspelt value.
    assert len(problems) == len(columns), [str(p) for p in problems]
    for problem in problems:
        assert problem.cell is not None, str(problem)
        assert problem.cell.source == f"{kind}.csv"
        assert problem.cell.row in (1, row + 2)
        assert "did you mean" in problem.message, str(problem)
        assert str(problem).startswith(f"{kind}.csv row {problem.cell.row}, column ")
    assert {p.cell.column or p.cell.letter for p in problems if p.cell is not None} == columns
