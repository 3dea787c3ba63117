"""``coprod survey likert|allocation`` end to end, run by ``coprod.testing.run_coprod``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from coprod.testing import run_coprod

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"
EXAMPLES = ROOT / "examples" / "surveys"
SEED_TABLE = DATA / "seed_001_allocation.tsv"


def run(*args: str | Path, stdin: str | None = None) -> tuple[int, str, str]:
    result = run_coprod("survey", *args, stdin=stdin)
    assert "Traceback" not in result.out + result.err
    return result.code, result.out, result.err


# --------------------------------------------------------------------------- acceptance


def test_allocation_seed_table_gives_the_acceptance_means() -> None:
    code, out, err = run("allocation", SEED_TABLE)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["respondents"] == 8
    assert [f["mean"] for f in data["factors"]] == [
        6.25, 18.75, 23.125, 8.75, 8.75, 8.75, 11.25, 1.875, 0.6875, 0.5625, 11.25,
    ]  # fmt: skip
    assert [f["rank"] for f in data["factors"]] == [8, 2, 1, 5, 5, 5, 3, 9, 10, 11, 3]


def test_allocation_respondent_totalling_90_exits_2_naming_it(tmp_path: Path) -> None:
    lines = SEED_TABLE.read_text(encoding="utf-8").splitlines()
    # Respondent G gives "More staff who can enable service users" 10 instead of 20.
    cells = lines[3].split("\t")
    assert cells[7] == "20"
    cells[7] = "10"
    lines[3] = "\t".join(cells)
    path = tmp_path / "short.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run("allocation", path)
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        "error: respondent 'G': allocations total 90, not 100 "
        "(each respondent shares out 100%, ± 0.5 for rounding)"
    ]


def test_likert_seed_fixture_json() -> None:
    code, out, _ = run("likert", DATA / "attitude_002_wide.csv")
    assert code == 0
    data = json.loads(out)
    assert [c["cohort"] for c in data["cohorts"]] == ["January", "April"]
    taxes = data["cohorts"][1]["statements"][5]
    assert round(taxes["percent"]["agree"], 6) == round(100 * 33 / 85, 6)
    assert [c["polarised"] for c in data["comparisons"]] == [False] * 5 + [True, False]


# ------------------------------------------------------------------------- bad input


def test_likert_bad_cell_exits_2_with_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("respondent,cohort,statement,response\nr1,Jan,s,agree\nr2,Jan,s,meh\n")
    code, out, err = run("likert", path)
    assert code == 2
    assert out == ""
    assert err.startswith(
        "error: bad.csv row 3, column 'response': expected one of 'strongly agree'"
    )


def test_every_problem_is_listed(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("factor,A,B\nx,nan,1e309\ny,-1,\n", encoding="utf-8")
    code, _, err = run("allocation", path)
    assert code == 2
    assert err.splitlines() == [
        "error: bad.csv row 2, column 'A': expected a number from 0 to 100, got 'nan'",
        "error: bad.csv row 2, column 'B': '1e309' is more than 100",
        "error: bad.csv row 3, column 'A': negative value '-1': expected a number from 0 to 100",
    ]


@pytest.mark.parametrize("kind", ["likert", "allocation"])
def test_missing_file_and_directory_exit_2(tmp_path: Path, kind: str) -> None:
    code, _, err = run(kind, tmp_path / "nope.csv")
    assert code == 2
    assert "nope.csv" in err
    code, _, err = run(kind, tmp_path)
    assert code == 2
    assert err.startswith("error:")


def test_binary_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, _, err = run("likert", path)
    assert code == 2
    assert "is not UTF-8 text (byte 0x89 at offset 0)" in err


def test_encoding_option(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.csv"
    path.write_bytes("factor;A\nCaf\u00e9;100\n".encode("cp1252"))
    assert run("allocation", path)[0] == 2
    code, out, _ = run("allocation", path, "--encoding", "cp1252")
    assert code == 0
    assert json.loads(out)["factors"][0]["factor"] == "Caf\u00e9"


def test_usage_errors_exit_2() -> None:
    assert run()[0] == 2
    code, out, err = run("allocation", SEED_TABLE, "--format", "xml")
    assert (code, out) == (2, "")
    assert err == "error: --format: unknown format 'xml' (known: json, csv, markdown, html)\n"
    assert run("allocation", SEED_TABLE, "--decimals", "9")[0] == 2
    assert run("likert", "x.csv", "--polarisation-threshold", "nan")[0] == 2


# ---------------------------------------------------------------------------- output


def test_markdown_and_csv_formats() -> None:
    code, out, _ = run("allocation", SEED_TABLE, "--format", "markdown")
    assert code == 0
    assert "| 8 | More frontline staff | 6 | 0 | 3 (38%) |" in out
    code, out, _ = run("likert", DATA / "attitude_002_wide.csv", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 14
    assert rows[12]["polarised"] == "yes"


def test_output_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, out, _ = run("allocation", SEED_TABLE, "-o", target)
    assert (code, out) == (0, "")
    assert json.loads(target.read_text(encoding="utf-8"))["respondents"] == 8


def test_failed_run_leaves_existing_output_alone(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("precious", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("factor,A\nx,90\n", encoding="utf-8")
    code, _, err = run("allocation", bad, "-o", target)
    assert code == 2
    assert "respondent 'A': allocations total 90" in err
    assert target.read_text(encoding="utf-8") == "precious"


def test_stdin() -> None:
    code, out, _ = run("allocation", "-", stdin="factor,A\nx,100\n")
    assert code == 0
    assert json.loads(out)["factors"][0]["mean"] == 100


def test_stated_average_mismatch_is_a_warning_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("factor,A,B,AVG\nx,50,40,50\ny,50,60,55\n", encoding="utf-8")
    code, out, err = run("allocation", path)
    assert code == 0
    assert err.startswith("warning: factor 'x': the stated average 50 is not the mean 45")
    assert json.loads(out)["warnings"] == [err.strip().removeprefix("warning: ")]


def test_tags_and_barrier_check(tmp_path: Path) -> None:
    tags = EXAMPLES / "allocation-barriers.csv"
    code, out, _ = run(
        "allocation", EXAMPLES / "allocation-wide.csv", "--tags", tags, "--check-barriers"
    )
    assert code == 0
    profile = {p["barrier"]: p["mean"] for p in json.loads(out)["barrier_profile"]}
    assert sum(profile.values()) == pytest.approx(100)
    assert profile["ownership"] == 11.25
    bad = tmp_path / "tags.csv"
    bad.write_text("factor,barriers\nBetter ICT,made-up-barrier\nBetter ITC,leadership\n")
    code, _, err = run(
        "allocation", EXAMPLES / "allocation-wide.csv", "--tags", bad, "--check-barriers"
    )
    assert code == 2
    assert "error: factor 'Better ICT': unknown barrier id 'made-up-barrier'" in err
    assert "error: factor 'Better ITC': is not a factor of the survey" in err
    bad.write_text("factor,barriers\nBetter ICT,not/an/id\n")
    code, _, err = run("allocation", EXAMPLES / "allocation-wide.csv", "--tags", bad)
    assert code == 2
    assert err.startswith("error: tags.csv row 2, column 'barriers': 'not/an/id' is not a barrier")


def test_wide_likert_without_cohort_column_needs_cohort_option(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text("Trust\nagree\ndisagree\n", encoding="utf-8")
    code, _, err = run("likert", path)
    assert code == 2
    assert "--cohort NAME" in err
    code, out, _ = run("likert", path, "--cohort", "Solihull")
    assert code == 0
    assert json.loads(out)["cohorts"][0]["cohort"] == "Solihull"


# -------------------------------------------------------------------------- examples


def test_examples_long_and_wide_agree() -> None:
    _, wide, _ = run("likert", EXAMPLES / "attitude-wide.csv")
    _, long, _ = run("likert", EXAMPLES / "attitude-long.csv")
    assert wide == long
    _, wide, _ = run("allocation", EXAMPLES / "allocation-wide.csv")
    _, long, _ = run("allocation", EXAMPLES / "allocation-long.csv", "--layout", "long")
    strip = [
        {k: v for k, v in f.items() if k != "stated_mean"} for f in json.loads(wide)["factors"]
    ]
    assert strip == json.loads(long)["factors"]


def test_docs_mention_commands_layouts_and_examples() -> None:
    docs = (ROOT / "docs" / "surveys.md").read_text(encoding="utf-8")
    for needle in (
        "coprod survey likert",
        "coprod survey allocation",
        "respondent,cohort,statement,response",
        "respondent,factor,percent",
        "half away from zero",
        "001_10471c76f715a525.txt",
        "002_ea409380ef17158f.txt",
    ):
        assert needle in docs
    for example in sorted(EXAMPLES.glob("*.csv")):
        assert f"examples/surveys/{example.name}" in docs
