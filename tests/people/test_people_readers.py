"""Reading capabilities and needs CSV files (issue 6): layouts and row/column errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from coprod.errors import InvalidInputError
from coprod.people import (
    CAPABILITY_COLUMNS,
    NEED_COLUMNS,
    CapabilityLevel,
    Frequency,
    NeedPriority,
    ProviderKind,
    TimeSlot,
    Verification,
    read_capabilities_csv,
    read_match_problem,
    read_needs_csv,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

CAP_HEADER = "capability_id,provider_id,display_name,category,area,capacity,consent"


def caps(text: str) -> io.StringIO:
    stream = io.StringIO(text)
    stream.name = "capabilities.csv"
    return stream


def problems(error: pytest.ExceptionInfo[InvalidInputError]) -> list[str]:
    return [str(p) for p in error.value.problems]


def test_examples_read() -> None:
    problem = read_match_problem(EXAMPLES / "capabilities.csv", EXAMPLES / "needs.csv")
    assert len(problem.capabilities) == 21
    assert len(problem.needs) == 22
    cafe = next(p for p in problem.providers if p.id == "o-001")
    assert cafe.kind is ProviderKind.ORGANISATION
    sandy = next(c for c in problem.capabilities if c.id == "c-012")
    assert sandy.anywhere
    assert sandy.availability == frozenset({TimeSlot.EVENINGS})
    duncan = next(c for c in problem.capabilities if c.id == "c-006")
    assert duncan.also_covers == frozenset({"rothesay"})
    tutoring = next(n for n in problem.needs if n.id == "n-004")
    assert tutoring.verification is Verification.PROTECTION_CHECK
    assert tutoring.frequency is Frequency.REGULAR
    assert tutoring.priority is NeedPriority.HIGH


def test_defaults_and_normalisation() -> None:
    providers, capabilities = read_capabilities_csv(
        caps(f"{CAP_HEADER}\nc1,p1,,Housework / Bedding,  West   Edinburgh ,,yes\n")
    )
    (cap,) = capabilities
    assert cap.category == "housework/bedding"
    assert cap.area == "west edinburgh"
    assert cap.capacity == 1
    assert cap.level is CapabilityLevel.DOES_NOW
    assert cap.willing_to_share
    assert cap.availability == frozenset()
    (provider,) = providers
    assert provider.display_name is None
    assert provider.consent
    assert provider.references == 0


def test_bom_blank_rows_and_short_rows_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "caps.csv"
    path.write_bytes(
        (
            "\ufeff"
            + CAP_HEADER
            + "\nc1,p1,Ann,ironing,dunoon,2,yes\n,,,,,,\n\nc2,p2,,repairs,dunoon,1,no"
        ).encode()
    )
    _, capabilities = read_capabilities_csv(path)
    assert [c.id for c in capabilities] == ["c1", "c2"]


def test_bad_rows_name_row_and_column_and_never_the_value() -> None:
    text = (
        f"{CAP_HEADER}\n"
        "c1,p1,Ann,ironing,dunoon,two,yes\n"
        "c2,p2,Bob,,dunoon,1,maybe\n"
        "bad id!,p3,Cat,ironing,dunoon,1,yes\n"
        "c1,p4,Dan,ironing,dunoon,1,yes\n"
    )
    with pytest.raises(InvalidInputError) as error:
        read_capabilities_csv(caps(text))
    assert problems(error) == [
        "capabilities.csv row 2, column 'capacity': expected a whole number from 0 to 999999999",
        "capabilities.csv row 3, column 'category': is required but blank",
        "capabilities.csv row 3, column 'consent': expected yes or no",
        "capabilities.csv row 4, column 'capability_id': expected an id of 1-100 letters, "
        "digits, '.', '_' or '-'",
    ]


def test_duplicates_and_disagreeing_provider_rows() -> None:
    text = (
        f"{CAP_HEADER}\n"
        "c1,p1,Ann,ironing,dunoon,1,yes\n"
        "c2,p1,Annie,repairs,dunoon,1,no\n"
        "c1,p2,Bob,ironing,dunoon,1,yes\n"
    )
    with pytest.raises(InvalidInputError) as error:
        read_capabilities_csv(caps(text))
    found = problems(error)
    assert found == [
        "capabilities.csv row 3, column 'display_name': differs from row 2 for provider "
        "'p1'; every row of a provider must agree",
        "capabilities.csv row 3, column 'consent': differs from row 2 for provider 'p1'; "
        "every row of a provider must agree",
        "capabilities.csv row 4, column 'capability_id': duplicate id 'c1' (first on row 2)",
    ]
    assert not any(name in line for line in found for name in ("Ann", "Annie", "Bob"))


def test_header_problems() -> None:
    with pytest.raises(InvalidInputError) as error:
        read_capabilities_csv(caps("capability_id,provider_id,Ann Smith,category,category\n"))
    # An unknown header is named by its letter: it may be a person's name.
    assert problems(error) == [
        "capabilities.csv row 1, column C: unknown column; this capabilities table has the "
        "columns " + ", ".join(c.name for c in CAPABILITY_COLUMNS) + " "
        "(read as comma-separated (detected))",
        "capabilities.csv row 1, column 'category': is the column 'category' again (also column D)",
        "capabilities.csv row 1, column 'area': required column 'area' is missing",
        "capabilities.csv row 1, column 'consent': required column 'consent' is missing",
    ]
    assert "Ann Smith" not in str(error.value)
    with pytest.raises(InvalidInputError, match="expected a header row"):
        read_capabilities_csv(caps(""))


@pytest.mark.parametrize(
    ("capabilities", "needs", "expected"),
    [
        # A council's most likely mistake: no consent column (found by review: a traceback).
        (
            "capability_id,provider_id,category,area\nc1,p1,gardening,dunoon\n",
            None,
            "row 1, column 'consent': required column 'consent' is missing",
        ),
        (
            "capabilty_id,provider_id,category,area,consent\nc1,p1,gardening,dunoon,yes\n",
            None,
            "did you mean 'capability_id'?",
        ),
        (
            None,
            "need_id,requester_id,category\nn1,m1,gardening\n",
            "row 1, column 'area': required column 'area' is missing",
        ),
    ],
)
def test_a_missing_required_column_with_rows_is_a_problem_not_a_traceback(
    capabilities: str | None, needs: str | None, expected: str
) -> None:
    cap_source = (
        EXAMPLES / "capabilities.csv" if capabilities is None else io.StringIO(capabilities)
    )
    need_source = EXAMPLES / "needs.csv" if needs is None else io.StringIO(needs)
    with pytest.raises(InvalidInputError) as error:
        read_match_problem(cap_source, need_source)
    assert any(expected in line for line in problems(error)), problems(error)


def test_too_many_cells_and_not_utf8(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match=r"row 2: has 8 cells but the header has 7"):
        read_capabilities_csv(caps(f"{CAP_HEADER}\nc1,p1,Ann,ironing,dunoon,1,yes,extra\n"))
    path = tmp_path / "needs.csv"
    path.write_bytes(b"need_id,requester_id,category,area\nn1,r1,caf\xe9,dunoon\n")
    with pytest.raises(InvalidInputError, match=r"needs\.csv: is not UTF-8 text"):
        read_needs_csv(path)


def test_needs_errors_and_both_files_reported_together(tmp_path: Path) -> None:
    cap_path = tmp_path / "capabilities.csv"
    cap_path.write_text(f"{CAP_HEADER}\nc1,p1,,ironing,dunoon,-1,yes\n")
    need_path = tmp_path / "needs.csv"
    need_path.write_text(
        "need_id,requester_id,requester_name,category,area,verification,priority,when\n"
        "n1,r1,Jo,ironing,dunoon,pvg,soon,mornings\n"
        "n1,r1,Jo,ironing,dunoon,,,\n"
    )
    with pytest.raises(InvalidInputError) as error:
        read_match_problem(cap_path, need_path)
    assert problems(error) == [
        "capabilities.csv row 2, column 'capacity': expected a whole number from 0 to 999999999",
        "needs.csv row 2, column 'verification': expected one of: none, references, "
        "protection-check",
        "needs.csv row 2, column 'priority': expected one of: low, normal, high, urgent",
        "needs.csv row 2, column 'when': expected 'any' or slots separated by ';' from: "
        "weekdays, evenings, weekends",
    ]
    need_path.write_text(
        "need_id,requester_id,category,area\nn1,r1,ironing,dunoon\nn1,r2,ironing,dunoon\n"
    )
    with pytest.raises(InvalidInputError, match=r"needs.csv row 3, column 'need_id'"):
        read_needs_csv(need_path)


def test_covers_and_slots_cells() -> None:
    header = "capability_id,provider_id,category,area,also_covers,availability,consent\n"
    _, (cap,) = read_capabilities_csv(
        caps(header + "c1,p1,ironing,dunoon,Rothesay; Oban,Weekends;evenings,y\n")
    )
    assert cap.also_covers == frozenset({"rothesay", "oban"})
    assert cap.availability == frozenset({TimeSlot.WEEKENDS, TimeSlot.EVENINGS})
    with pytest.raises(InvalidInputError, match="column 'also_covers'"):
        read_capabilities_csv(caps(header + "c1,p1,ironing,dunoon,*;oban,any,y\n"))


def test_column_tables_cover_the_parsers() -> None:
    assert [c.name for c in CAPABILITY_COLUMNS][:2] == ["capability_id", "provider_id"]
    assert [c.name for c in NEED_COLUMNS][:2] == ["need_id", "requester_id"]
    assert all(c.description for c in (*CAPABILITY_COLUMNS, *NEED_COLUMNS))


def test_a_huge_number_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    from coprod.cli import main

    source = Path(__file__).resolve().parents[2] / "examples"
    rows = (source / "capabilities.csv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    cells = rows[1].split(",")
    cells[header.index("capacity")] = "9" * 5000
    capabilities = tmp_path / "capabilities.csv"
    capabilities.write_text("\n".join([rows[0], ",".join(cells)]) + "\n", encoding="utf-8")
    assert main(["match", str(capabilities), str(source / "needs.csv")]) == 2


def test_an_excel_sheet_in_cp1252_with_semicolons_and_title_case(tmp_path: Path) -> None:
    path = tmp_path / "needs.csv"
    path.write_bytes(
        "Need ID;Requester ID;Name;Category;Area;Frequency;Priority;When\r\n"
        'n1;r1;Zo\u00eb;Ironing;Dunoon;Regular;High;"Weekends; Evenings"\r\n'.encode("cp1252")
    )
    with pytest.raises(InvalidInputError, match="--encoding cp1252"):
        read_needs_csv(path)
    (need,) = read_needs_csv(path, encoding="cp1252")
    assert need.requester_name == "Zo\u00eb"
    assert need.frequency is Frequency.REGULAR
    assert need.priority is NeedPriority.HIGH


def test_in_memory_sources() -> None:
    text = "need_id,requester_id,category,area\nn1,r1,ironing,dunoon\n"
    for source in (text, text.encode(), io.BytesIO(text.encode()), io.StringIO(text)):
        (need,) = read_needs_csv(source)
        assert need.id == "n1"


def test_a_misspelt_value_gets_a_suggestion_but_never_the_value() -> None:
    header = "need_id,requester_id,category,area,priority\n"
    with pytest.raises(InvalidInputError) as error:
        read_needs_csv(caps(header + "n1,r1,ironing,dunoon,urgnet\n"))
    (line,) = problems(error)
    assert line.endswith("expected one of: low, normal, high, urgent (did you mean 'urgent'?)")
    assert "urgnet" not in line
