"""Reading survey CSV files: layouts, encodings, and hostile or broken input."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from coprod.errors import InvalidInputError
from coprod.surveys import (
    LEVELS,
    LikertLevel,
    analyse_allocation,
    decode,
    parse_allocation,
    parse_barrier_tags,
    parse_likert,
    read_allocation,
    read_likert,
    summarise_likert,
)

DATA = Path(__file__).parent / "data"


def problems(error: pytest.ExceptionInfo[InvalidInputError]) -> list[str]:
    return [str(p) for p in error.value.problems]


# ------------------------------------------------------------------------ likert: long


def test_likert_long_layout() -> None:
    text = (
        "respondent,cohort,statement,response\n"
        "r1,Jan,Trust,agree\n"
        "r2,Jan,Trust,1\n"
        "r1,Jan,Taxes,\n"
        "r1,Apr,Trust,Not Sure\n"
    )
    survey = parse_likert(text)
    assert survey.cohorts == ("Jan", "Apr")
    assert survey.statements == ("Trust", "Taxes")
    assert [r.level for r in survey.responses] == [
        LikertLevel.AGREE, LikertLevel.STRONGLY_DISAGREE, None, LikertLevel.NOT_SURE,
    ]  # fmt: skip


def test_likert_long_columns_in_any_order_and_case() -> None:
    survey = parse_likert(" Response ,STATEMENT,Cohort,respondent\nagree,s,c,r\n")
    assert survey.responses[0].level is LikertLevel.AGREE


def test_likert_long_reports_every_problem_with_row_and_column() -> None:
    text = (
        "respondent,cohort,statement,response\n"
        "r1,Jan,s,agree\n"
        "r2,Jan,s,maybe\n"
        "\n"
        "r3,,s,7\n"
        "r1,Jan,s,disagree\n"
    )
    with pytest.raises(InvalidInputError) as caught:
        parse_likert(text)
    messages = problems(caught)
    assert messages[0].startswith("row 3, column 'response': expected one of 'strongly agree'")
    assert "got 'maybe'" in messages[0]
    # Row 4 is blank: rows are numbered as a spreadsheet shows them.
    assert messages[1] == "row 5, column 'cohort': cohort is blank"
    assert messages[2].startswith("row 5, column 'response'")
    assert messages[3] == (
        "row 6: respondent 'r1' of cohort 'Jan' already answered this statement in row 2"
    )
    assert len(messages) == 4


def test_likert_long_missing_and_unexpected_columns() -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_likert("respondent,cohort,statement,answer\nr,c,s,agree\n", layout="long")
    assert problems(caught) == [
        "row 1, column 'answer': unexpected column (this layout has the columns "
        "respondent, cohort, statement, response)",
        "row 1: missing column 'response'",
    ]


# ------------------------------------------------------------------------ likert: wide


def test_likert_wide_layout_and_respondent_column_optional() -> None:
    text = "cohort,Trust,Taxes\nJan,agree,\nJan,2,strongly agree\n"
    survey = parse_likert(text)
    assert {r.respondent for r in survey.responses} == {"row 2", "row 3"}
    jan = summarise_likert(survey)[0]
    assert [s.n for s in jan.statements] == [2, 1]
    assert jan.statements[1].no_answer == 1


def test_likert_wide_needs_a_cohort_or_a_default() -> None:
    with pytest.raises(InvalidInputError, match="no 'cohort' column"):
        parse_likert("Trust,Taxes\nagree,agree\n")
    survey = parse_likert("Trust,Taxes\nagree,agree\n", default_cohort="  Solihull  2024 ")
    assert survey.cohorts == ("Solihull 2024",)


def test_likert_wide_problems() -> None:
    text = (
        "respondent,cohort,Trust,Trust,,Taxes\n"
        "r1,Jan,agree,agree,,yes\n"
        "r1,Jan,agree,agree,,agree\n"
        "r2,,agree,agree,oops,\n"
    )
    with pytest.raises(InvalidInputError) as caught:
        parse_likert(text)
    assert problems(caught) == [
        "row 1, column 'Trust': statement appears twice (also column C)",
        "row 4, column E: has the value 'oops' but its column has no header",
        "row 2, column 'Taxes': expected one of 'strongly agree', 'agree', 'not sure', "
        "'disagree', 'strongly disagree', a code from 5 (strongly agree) to 1 (strongly "
        "disagree), or blank for no answer; got 'yes'",
        "row 3, column 'respondent': respondent 'r1' of cohort 'Jan' is already in row 2",
        "row 4, column 'cohort': cohort is blank",
    ]


def test_likert_header_only_is_an_error() -> None:
    with pytest.raises(InvalidInputError, match="row 2: no responses after the header"):
        parse_likert("respondent,cohort,statement,response\n")


# ----------------------------------------------------------------- allocation layouts


def test_allocation_wide_seed_table_as_comma_csv_equals_long() -> None:
    wide = read_allocation(DATA / "seed_001_allocation.tsv")
    rows = [
        line.split("\t")
        for line in (DATA / "seed_001_allocation.tsv").read_text("utf-8").splitlines()
    ]
    long_lines = ["respondent,factor,percent"] + [
        f'{respondent},"{row[0]}",{row[j]}'
        for j, respondent in enumerate(rows[0][1:9], start=1)
        for row in rows[1:]
    ]
    long = parse_allocation("\n".join(long_lines))
    assert long.factors == wide.factors
    assert long.respondents == wide.respondents
    assert long.allocations == wide.allocations


def test_allocation_long_blank_and_missing_are_zero() -> None:
    survey = parse_allocation("respondent,factor,percent\nA,x,100\nA,y,\nB,y,100\n")
    assert survey.factors == ("x", "y")
    assert survey.allocations == ((100, 0), (0, 100))


def test_allocation_percent_signs_and_decimals() -> None:
    survey = parse_allocation("factor,A\nx, 33.25% \ny,66.75\n")
    assert survey.allocations == ((Fraction("33.25"),), (Fraction("66.75"),))


def test_allocation_total_90_names_respondent_and_total() -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_allocation("factor,A,B\nx,50,40\ny,50,50\n")
    assert problems(caught) == [
        "respondent 'B': allocations total 90, not 100 (each respondent shares out 100%, "
        "± 0.5 for rounding)"
    ]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("nan", "expected a number from 0 to 100, got 'nan'"),
        ("NaN", "expected a number from 0 to 100, got 'NaN'"),
        ("inf", "expected a number from 0 to 100, got 'inf'"),
        ("-Infinity", "expected a number from 0 to 100, got '-Infinity'"),
        ("1e309", "'1e309' is more than 100"),
        ("1e999999", "'1e999999' is more than 100"),
        ("101", "'101' is more than 100"),
        ("-5", "negative value '-5'"),
        ("2,5", "expected a number from 0 to 100, got '2,5'"),
        ("twenty", "expected a number from 0 to 100, got 'twenty'"),
        ("\u0663\u0660", "expected a number from 0 to 100"),  # Arabic-Indic digits
        ("1_0", "expected a number from 0 to 100, got '1_0'"),
        ("0x10", "expected a number from 0 to 100, got '0x10'"),
        ("1e-999999", "'1e-999999' has more than 12 decimal places"),
        ("=1+2", "expected a number from 0 to 100, got '=1+2'"),
    ],
)
def test_allocation_hostile_numbers_name_the_cell(cell: str, message: str) -> None:
    text = f'factor,A,B\nx,100,"{cell}"\ny,,100\n'
    with pytest.raises(InvalidInputError) as caught:
        parse_allocation(text)
    # The bad cell is reported; B's total is not (it is unknown), A's is fine.
    (problem,) = caught.value.problems
    assert problem.where == "row 2, column 'B'"
    assert message in problem.message


def test_allocation_collects_cell_and_total_problems_together() -> None:
    text = "factor,A,B,C\nx,abc,50,10\ny,50,50,10\n"
    with pytest.raises(InvalidInputError) as caught:
        parse_allocation(text)
    assert [p.where for p in caught.value.problems] == ["row 2, column 'A'", "respondent 'C'"]


def test_allocation_wide_structure_problems() -> None:
    text = "factor,A,A,,AVG\nx,100,100,,\n,,,,\nx,0,0,5,\n,1,,,\n"
    with pytest.raises(InvalidInputError) as caught:
        parse_allocation(text)
    assert problems(caught) == [
        "row 1, column 'A': respondent appears twice (also column B)",
        "row 4, column D: has the value '5' but its column has no header",
        "row 4, column 'factor': factor 'x' is already in row 2",
        "row 5, column 'factor': factor name is blank",
    ]


def test_allocation_wide_barriers_column() -> None:
    text = "factor,barriers,A\nICT,communication-and-data; poor-processes,40\nStaff,,60\n"
    survey = parse_allocation(text, known_barriers={"communication-and-data", "poor-processes"})
    assert survey.respondents == ("A",)
    assert survey.barriers == (("communication-and-data", "poor-processes"), ())
    with pytest.raises(InvalidInputError, match="unknown barrier id 'poor-processes'"):
        parse_allocation(text, known_barriers={"communication-and-data"})
    with pytest.raises(InvalidInputError, match=r"row 2, column 'barriers': 'bad/id'"):
        parse_allocation("factor,barriers,A\nICT,bad/id,100\n")


def test_allocation_long_barriers_must_agree() -> None:
    text = (
        "respondent,factor,percent,barriers\n"
        "A,ICT,40,communication-and-data\n"
        "A,Staff,60,\n"
        "B,ICT,100,leadership\n"
    )
    with pytest.raises(InvalidInputError, match="row 4, column 'barriers': factor 'ICT' was"):
        parse_allocation(text)


def test_allocation_long_duplicates_are_errors() -> None:
    text = "respondent,factor,percent\nA,x,50\nA,x,50\n"
    with pytest.raises(InvalidInputError, match="row 3: respondent 'A' already gave factor 'x'"):
        parse_allocation(text)


def test_parse_barrier_tags() -> None:
    mapping = parse_barrier_tags('factor,barriers\nICT,"a, b"\nStaff,c;d e\nNone,\n')
    assert mapping == {"ICT": ("a", "b"), "Staff": ("c", "d", "e"), "None": ()}
    with pytest.raises(InvalidInputError, match="already in row 2"):
        parse_barrier_tags("factor,barriers\nICT,a\nICT,b\n")


# ------------------------------------------------------------------ encodings, format


def test_bom_crlf_and_quoted_newlines() -> None:
    text = '\ufeffrespondent,cohort,statement,response\r\nr1,Jan,"Two\r\nlines",agree\r\n'
    survey = parse_likert(text)
    assert survey.statements == ("Two lines",)


def test_decode_handles_bom_utf16_and_reports_bad_bytes() -> None:
    assert decode("\ufefffactor,A\n".encode(), "f.csv") == "factor,A\n"
    assert decode("factor,A\n".encode("utf-16"), "f.csv") == "factor,A\n"
    with pytest.raises(InvalidInputError) as caught:
        decode("Caf\u00e9".encode("cp1252"), "f.csv")
    assert problems(caught) == [
        "f.csv: is not UTF-8 text (byte 0xe9 at offset 3); it looks like Windows-1252 "
        "(Excel's plain 'CSV' on Windows): give --encoding cp1252, or save it as 'CSV UTF-8'"
    ]
    assert decode("Caf\u00e9".encode("cp1252"), "f.csv", encoding="cp1252") == "Caf\u00e9"
    with pytest.raises(InvalidInputError, match="unknown encoding"):
        decode(b"x", "f.csv", encoding="no-such-codec")


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("factor\tA\tB\nx\t100\t100\n", None),
        ("factor;A;B\nx;100;100\n", None),
        ("factor|A|B\nx|100|100\n", "|"),
    ],
)
def test_delimiters(text: str, delimiter: str | None) -> None:
    survey = parse_allocation(text, delimiter=delimiter)
    assert survey.respondents == ("A", "B")


def test_labels_are_normalised_and_html_kept_as_text() -> None:
    text = 'factor,A\n"<script>alert(1)</script>",50\n"Cafe\u0301  |  pipes\t tabs",50\n'
    survey = parse_allocation(text)
    assert survey.factors == ("<script>alert(1)</script>", "Caf\u00e9 | pipes tabs")


@pytest.mark.parametrize("bad", ["\x1b[31mred", "bidi\u202eevil", "bell\x07", "del\x7f"])
def test_control_characters_in_labels_are_refused(bad: str) -> None:
    with pytest.raises(InvalidInputError, match=r"row 2, column 'factor': contains the control"):
        parse_allocation(f'factor,A\n"{bad}",100\n')


def test_nul_bytes_are_refused() -> None:
    with pytest.raises(InvalidInputError, match=r"^row 3: contains a NUL byte"):
        parse_allocation('factor,A\nx,100\n"nul\x00byte",0\n')


def test_control_characters_in_header_are_refused() -> None:
    with pytest.raises(InvalidInputError, match=r"row 1, column B: contains the control"):
        parse_likert("cohort,\x1bevil\nJan,agree\n")


def test_empty_file_and_blank_lines_only() -> None:
    for text in ("", "\n\n  \n", "\ufeff"):
        with pytest.raises(InvalidInputError, match="the file is empty"):
            parse_allocation(text)


def test_huge_field_is_a_clear_error() -> None:
    text = 'factor,A\n"' + "x" * 200_000 + '",100\n'
    with pytest.raises(InvalidInputError, match="row 2: has a cell longer than 131072 characters"):
        parse_allocation(text)


def test_a_truncated_file_is_an_error() -> None:
    with pytest.raises(InvalidInputError, match="ends inside a quoted cell"):
        parse_allocation('factor,A\nx,100\n"y,0\n')


def test_read_from_files_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("\ufefffactor,A\r\nx,100\r\n".encode())
    assert analyse_allocation(read_allocation(path)).factors[0].mean == 100
    # A missing file is a problem like any other (it was a bare FileNotFoundError).
    with pytest.raises(InvalidInputError) as caught:
        read_likert(tmp_path / "missing.csv")
    assert problems(caught) == ["missing.csv: No such file or directory"]
    assert caught.value.problems[0].code == "unreadable"


def test_layout_can_be_forced() -> None:
    # A wide attitude file whose only statement is literally called "statement".
    survey = parse_likert("cohort,statement\nJan,agree\n", layout="wide")
    assert survey.statements == ("statement",)
    with pytest.raises(ValueError, match="layout must be"):
        parse_likert("cohort,s\nJan,agree\n", layout="diagonal")  # type: ignore[arg-type]


# ------------------------------------------------------------------ real data: R's likert

#: Survey data of the R package likert (J. Bryer), converted to CSV: see SOURCE.txt.
LIKERT_R = Path(__file__).resolve().parents[2].parent / "shared" / "external-data" / "likert-r"

#: The R package's level names, in the order of its summary tables, and ours.
R_LEVELS = ("Strongly Disagree", "Disagree", "Neutral", "Agree", "Strongly Agree")
OURS = ("strongly disagree", "disagree", "not sure", "agree", "strongly agree")


def likert_r(name: str) -> Path:
    path = LIKERT_R / name
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing")
        pytest.skip(f"{path} is not on this machine")
    return path


def published(name: str, key: Callable[[dict[str, str]], str]) -> dict[str, list[float]]:
    with likert_r(name).open(encoding="utf-8", newline="") as handle:
        return {
            key(row): [float(row[level]) for level in R_LEVELS] for row in csv.DictReader(handle)
        }


def our_percentages(summary: Any) -> list[float]:
    by_level = dict(zip([level.value for level in LEVELS], summary.counts, strict=True))
    return [100 * by_level[level] / summary.n for level in OURS]


def test_the_math_anxiety_scale_gives_the_r_package_percentages_by_gender() -> None:
    # mass.csv: 20 students' raw answers, a Gender column, "Neutral" for the middle;
    # MathAnxietyGender.csv: the package's own summary of them (14 female, 6 male).
    survey = read_likert(likert_r("mass.csv"), cohort_column="Gender")
    assert survey.cohorts == ("Female", "Male")
    assert len(survey.statements) == 14
    expected = published("MathAnxietyGender.csv", lambda row: f"{row['Group']}|{row['Item']}")
    cohorts = summarise_likert(survey)
    assert [c.respondents for c in cohorts] == [14, 6]
    compared = 0
    for cohort in cohorts:
        for summary in cohort.statements:
            want = expected[f"{cohort.cohort}|{summary.statement}"]
            assert our_percentages(summary) == pytest.approx(want, abs=1e-9)
            compared += 1
    assert compared == len(expected) == 28


def test_the_math_anxiety_scale_gives_the_r_package_percentages_overall() -> None:
    survey = read_likert(likert_r("mass.csv"), cohort_column="Gender")
    expected = published("MathAnxiety.csv", lambda row: row["Item"])
    female, male = summarise_likert(survey)
    for mine, theirs in zip(female.statements, male.statements, strict=True):
        counts = [a + b for a, b in zip(mine.counts, theirs.counts, strict=True)]
        assert sum(counts) == 20
        by_level = dict(zip([level.value for level in LEVELS], counts, strict=True))
        ours = [100 * by_level[level] / 20 for level in OURS]
        assert ours == pytest.approx(expected[mine.statement], abs=1e-9)


def test_the_academic_self_regulation_survey_with_blanks() -> None:
    # sasr.csv: 860 respondents x 63 items, "Neither" for the middle, blank = no answer;
    # no cohort column, so the file's cohort is named. Counts are checked against a
    # plain tally with the csv module.
    path = likert_r("sasr.csv")
    survey = read_likert(path, default_cohort="SASR")
    (cohort,) = summarise_likert(survey)
    with path.open(encoding="utf-8", newline="") as handle:
        all_rows = list(csv.DictReader(handle))
    assert len(all_rows) == 860
    # A row with no answer at all is a blank row of the sheet, skipped like any other
    # (with no respondent column nothing tells it from an empty line): 135 of them.
    rows = [row for row in all_rows if any(row.values())]
    assert cohort.respondents == len(rows) == 725
    assert len(cohort.statements) == 63
    labels = ["Strongly Disagree", "Disagree", "Neither", "Agree", "Strongly Agree"]
    names = dict(zip(labels, OURS, strict=True))
    blanks = 0
    for summary in cohort.statements:
        tally = dict.fromkeys(OURS, 0)
        for row in rows:
            cell = row[summary.statement]
            if cell:
                tally[names[cell]] += 1
        assert [summary.count(LikertLevel(level)) for level in OURS] == [
            tally[name] for name in OURS
        ]
        assert summary.no_answer == sum(1 for row in rows if not row[summary.statement])
        blanks += summary.no_answer
    assert blanks > 0  # the file has blanks, and they are no answer, not errors
