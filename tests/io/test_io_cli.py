"""The command line end to end: exit codes, messages, and files written or not.

Exit codes (documented in ``coprod --help`` and docs/format.md): 0 success; 2
invalid input or usage, every problem on stderr as ``error: <path>: <message>``,
no traceback, nothing written; 3 a plugin failed in strict mode (or an exporter
failed), ``plugin error: ...``, nothing written.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

import coprod
from coprod.io.documents import dump_assessment

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
INVALID = sorted((ROOT / "examples" / "invalid").glob("*.toml"))
DEMO = ROOT / "examples" / "demo-council.toml"
SENTINEL = "a good report from yesterday\n"

Cli = Callable[[Sequence[str]], Any]


@pytest.fixture
def plugins_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``iotest_plugins.*`` importable for ``-p``."""
    monkeypatch.syspath_prepend(str(HERE))


def expected_lines(path: Path) -> list[str]:
    prefix = "# expect: "
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line[len(prefix) :] for line in lines if line.startswith(prefix)]


def assert_clean_failure(run: Any, code: int = 2) -> None:
    assert run.code == code, run.err
    assert "Traceback" not in run.err
    assert "Traceback" not in run.out
    assert run.err.strip()
    prefix = "error: " if code == 2 else "plugin error: "
    for line in run.err.splitlines():
        assert line.startswith(prefix), line


# --- success ---------------------------------------------------------------------------


def test_version(cli: Cli) -> None:
    run = cli(["--version"])
    assert run.code == 0
    assert run.out.strip() == f"coprod {coprod.__version__}"


def test_demo_prints_a_readable_summary(cli: Cli) -> None:
    run = cli(["demo"])
    assert run.code == 0, run.err
    assert run.out.startswith("Eastbridge Borough Council: Co-Production Star assessment")
    for heading in ["Star profile", "Quick wins", "Gaps in the Explorer map", "Findings"]:
        assert heading in run.out
    assert run.err == ""


def test_demo_html_report(cli: Cli, tmp_path: Path, require_format: Any) -> None:
    require_format("html")
    out = tmp_path / "r.html"
    run = cli(["demo", "--format", "html", "-o", str(out)])
    assert run.code == 0, run.err
    assert run.out == ""
    assert run.err == f"wrote html report to {out}\n"
    html = out.read_text(encoding="utf-8")
    assert "<svg" in html
    assert "Eastbridge Borough Council" in html
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]  # no temporary file left


def test_demo_json_report_other_tools_can_rely_on(
    cli: Cli, tmp_path: Path, require_format: Any
) -> None:
    require_format("json")
    out = tmp_path / "r.json"
    assert cli(["demo", "--format", "json", "-o", str(out)]).code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["format_version"] == 3
    assert report["organisation"]["name"] == "Eastbridge Borough Council"
    assert len(report["initiatives"]) == 16
    assert [point["co"] for point in report["star"]] == [co.value for co in coprod.Co]
    # The format comes from the suffix when --format is not given.
    again = tmp_path / "again.json"
    assert cli(["demo", "-o", str(again)]).code == 0
    assert json.loads(again.read_text(encoding="utf-8")) == report


@pytest.mark.parametrize("fmt", ["csv", "markdown"])
def test_demo_other_formats(cli: Cli, tmp_path: Path, require_format: Any, fmt: str) -> None:
    require_format(fmt)
    out = tmp_path / f"r.{fmt}"
    assert cli(["demo", "--format", fmt, "-o", str(out)]).code == 0
    assert "Peer educators for sexual health" in out.read_text(encoding="utf-8")


def test_assess_a_file_prints_the_summary(cli: Cli) -> None:
    run = cli(["assess", str(DEMO)])
    assert run.code == 0, run.err
    assert run.out == cli(["demo"]).out


@pytest.fixture
def hostile_file(tmp_path: Path, document: dict[str, Any], write_document: Any) -> Path:
    document["initiatives"][0]["name"] = "<script>alert(1)</script>"
    document["initiatives"][1]["name"] = '=HYPERLINK("http://x")'
    document["organisation"]["name"] = "<b>Testshire</b> & co"
    return write_document(tmp_path / "hostile.json", document)  # type: ignore[no-any-return]


def test_html_escapes_names_from_input(
    cli: Cli, tmp_path: Path, hostile_file: Path, require_format: Any
) -> None:
    require_format("html")
    out = tmp_path / "r.html"
    assert cli(["assess", str(hostile_file), "--format", "html", "-o", str(out)]).code == 0
    html = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "<b>Testshire</b>" not in html


def test_csv_neutralises_formulas(
    cli: Cli, tmp_path: Path, hostile_file: Path, require_format: Any
) -> None:
    require_format("csv")
    out = tmp_path / "r.csv"
    assert cli(["assess", str(hostile_file), "--format", "csv", "-o", str(out)]).code == 0
    cells = [cell for row in csv.reader(io.StringIO(out.read_text("utf-8"))) for cell in row]
    assert any('HYPERLINK("http://x")' in cell for cell in cells)
    for cell in cells:
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
        assert not (cell.startswith("-") and not _is_number(cell)), cell


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_assess_a_csv_sheet(cli: Cli, require_format: Any) -> None:
    sheet = HERE / "data" / "initiatives.csv"
    run = cli(["assess", str(sheet), "--organisation", "Testshire"])
    assert run.code == 0, run.err
    assert run.out.startswith("Testshire: Co-Production Star assessment")


def test_a_plugins_exporter_is_usable_at_once(
    cli: Cli, tmp_path: Path, plugins_on_path: None
) -> None:
    run = cli(["demo", "-p", "iotest_plugins.shout_exporter", "--format", "shout"])
    assert run.code == 0, run.err
    assert run.out == "EASTBRIDGE BOROUGH COUNCIL: 16 INITIATIVES\n"
    out = tmp_path / "r.shout"  # chosen by suffix, too
    assert cli(["demo", "-p", "iotest_plugins.shout_exporter", "-o", str(out)]).code == 0
    assert out.read_text(encoding="utf-8").startswith("EASTBRIDGE")


def test_a_plugins_barriers_are_known_to_the_loader(
    cli: Cli, tmp_path: Path, document: dict[str, Any], write_document: Any, plugins_on_path: None
) -> None:
    document["initiatives"][1]["barriers"] = ["parking"]
    path = write_document(tmp_path / "council.toml", document)
    run = cli(["validate", str(path)])
    assert_clean_failure(run)
    assert run.err.startswith("error: $.initiatives[1].barriers[0]: unknown barrier 'parking'")
    run = cli(["validate", str(path), "-p", "iotest_plugins.parking_barrier"])
    assert run.code == 0, run.err


# --- invalid input: exit 2, every problem, nothing written -----------------------------


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_every_broken_example_exits_2_and_writes_nothing(
    cli: Cli, tmp_path: Path, path: Path
) -> None:
    out = tmp_path / "report.txt"
    run = cli(["assess", str(path), "-o", str(out)])
    assert_clean_failure(run)
    assert run.err.splitlines() == [f"error: {line}" for line in expected_lines(path)]
    assert run.out == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["json", "html"])
@pytest.mark.parametrize(
    "name",
    [
        "rating-as-string",  # a wrong type
        "rating-out-of-range",
        "unknown-key",
        "missing-required",
        "unknown-co",
        "dangling-service",
        "duplicate-initiative-id",
    ],
)
def test_acceptance_kinds_leave_an_existing_report_untouched(
    cli: Cli, tmp_path: Path, require_format: Any, fmt: str, name: str
) -> None:
    require_format(fmt)
    path = ROOT / "examples" / "invalid" / f"{name}.toml"
    out = tmp_path / f"report.{fmt}"
    out.write_text(SENTINEL, encoding="utf-8")
    run = cli(["assess", str(path), "--format", fmt, "-o", str(out)])
    assert_clean_failure(run)
    assert "$." in run.err
    assert out.read_text(encoding="utf-8") == SENTINEL
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_validate_good_and_bad(cli: Cli, tmp_path: Path) -> None:
    run = cli(["validate", str(DEMO)])
    assert run.code == 0, run.err
    demo = coprod.load_assessment(DEMO)
    assert run.out == (
        f"{DEMO}: valid ({len(demo.services)} services, {len(demo.initiatives)} initiatives, "
        f"{len(demo.explorer)} Explorer entries, {len(demo.stakeholders)} stakeholders)\n"
    )
    bad = ROOT / "examples" / "invalid" / "many-problems.toml"
    run = cli(["validate", str(bad)])
    assert_clean_failure(run)
    assert run.err.splitlines() == [f"error: {line}" for line in expected_lines(bad)]
    assert run.out == ""


def test_validate_a_broken_sheet(cli: Cli) -> None:
    run = cli(["validate", str(ROOT / "examples" / "invalid" / "initiatives-with-errors.csv")])
    assert_clean_failure(run)
    assert run.err.splitlines()[0] == (
        "error: initiatives-with-errors.csv row 4, column 'risk': expected an integer, got '4.7'"
    )


def test_a_lone_surrogate_is_an_input_error_not_a_crash(
    cli: Cli, tmp_path: Path, require_format: Any
) -> None:
    # It used to load, then crash the JSON exporter with UnicodeEncodeError (exit 1).
    require_format("json")
    path = tmp_path / "council.json"
    path.write_text('{"organisation": {"name": "Bad \\ud800"}, "services": []}', encoding="utf-8")
    out = tmp_path / "r.json"
    run = cli(["assess", str(path), "--format", "json", "-o", str(out)])
    assert_clean_failure(run)
    assert run.err == (
        "error: $.organisation.name: expected text, got a lone surrogate at character 4\n"
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("argv", "start"),
    [
        (["assess", "nope.toml"], "error: nope.toml: No such file or directory"),
        (["assess", "council.yaml"], "error: council.yaml: unsupported file type .yaml"),
        (["demo", "--format", "nope"], "error: --format: unknown format 'nope' (known: summary"),
    ],
)
def test_bad_arguments_exit_2(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], start: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "council.yaml").write_text("a: 1\n")
    run = cli([*argv, "-o", "out.txt"])
    assert_clean_failure(run)
    assert run.err.startswith(start)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["council.yaml"]


def test_an_unknown_format_names_every_known_format(cli: Cli) -> None:
    run = cli(["demo", "--format", "yaml"])
    assert_clean_failure(run)
    known = coprod.make_plugin_manager(entry_points=False).exporters
    assert run.err == f"error: --format: unknown format 'yaml' (known: {', '.join(known)})\n"


@pytest.mark.parametrize(
    "argv", [[], ["assess"], ["validate"], ["demo", "--no-such-option"], ["frobnicate"]]
)
def test_usage_errors_exit_2(cli: Cli, argv: list[str]) -> None:
    run = cli(argv)
    assert run.code == 2
    assert "Traceback" not in run.err
    assert "usage: coprod" in run.err


def test_an_output_directory_that_does_not_exist(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "r.txt"
    run = cli(["demo", "-o", str(out)])
    assert_clean_failure(run)
    # It used to name the temporary file ("…/missing/.r.txt.k5mrynv_.tmp").
    assert run.err == f"error: {out}: No such file or directory\n"


def test_an_output_path_that_is_a_directory(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "r.txt").mkdir()
    run = cli(["demo", "-o", str(tmp_path / "r.txt")])
    assert_clean_failure(run)
    assert run.err.startswith(f"error: {tmp_path / 'r.txt'}: ")
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


# --- plugins failing: exit 3 under --strict ---------------------------------------------


def test_a_failing_rule_is_a_finding_by_default(cli: Cli, plugins_on_path: None) -> None:
    run = cli(["demo", "-p", "iotest_plugins.failing_rule"])
    assert run.code == 0, run.err
    assert (
        "rule 'iotest.explode' of plugin iotest_plugins.failing_rule raised RuntimeError" in run.out
    )


def test_a_failing_rule_under_strict_exits_3_and_writes_nothing(
    cli: Cli, tmp_path: Path, plugins_on_path: None
) -> None:
    out = tmp_path / "r.txt"
    out.write_text(SENTINEL, encoding="utf-8")
    run = cli(["demo", "-p", "iotest_plugins.failing_rule", "--strict", "-o", str(out)])
    assert_clean_failure(run, code=3)
    assert run.err.startswith(
        "plugin error: rule 'iotest.explode' of plugin iotest_plugins.failing_rule raised "
        "RuntimeError: boom on "
    )
    assert out.read_text(encoding="utf-8") == SENTINEL
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


def test_a_failing_exporter_exits_3_and_writes_nothing(
    cli: Cli, tmp_path: Path, plugins_on_path: None
) -> None:
    out = tmp_path / "r.txt"
    out.write_text(SENTINEL, encoding="utf-8")
    run = cli(["demo", "-p", "iotest_plugins.broken_exporter", "-f", "broken", "-o", str(out)])
    assert_clean_failure(run, code=3)
    assert run.err == (
        "plugin error: exporter 'broken' of plugin iotest_plugins.broken_exporter failed: "
        "ValueError: cannot render\n"
    )
    assert out.read_text(encoding="utf-8") == SENTINEL


def test_invalid_input_wins_over_a_failing_plugin(cli: Cli, plugins_on_path: None) -> None:
    path = ROOT / "examples" / "invalid" / "rating-out-of-range.toml"
    run = cli(["assess", str(path), "-p", "iotest_plugins.failing_rule", "--strict"])
    assert_clean_failure(run)


# --- schema ----------------------------------------------------------------------------


def test_schema_to_a_file(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "assessment.schema.json"
    run = cli(["schema", "-o", str(out)])
    assert run.code == 0
    assert run.out == ""
    from coprod.io.schema import assessment_schema

    assert json.loads(out.read_text(encoding="utf-8")) == assessment_schema()
    assert out.read_text(encoding="utf-8") == cli(["schema"]).out


# --- the installed console script ------------------------------------------------------


def _coprod() -> list[str]:
    script = Path(sys.executable).with_name("coprod")
    if script.exists():
        return [str(script)]
    found = shutil.which("coprod")
    return [found] if found else [sys.executable, "-m", "coprod"]


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "COPROD_DISABLE_ENTRY_POINTS": "1",
        "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        [*_coprod(), *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_the_console_script_end_to_end(tmp_path: Path, require_format: Any) -> None:
    require_format("html")
    done = _run(["demo", "--format", "html", "-o", "r.html"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "<svg" in (tmp_path / "r.html").read_text(encoding="utf-8")

    bad = tmp_path / "bad.toml"
    bad.write_text("extra = 1\n" + dump_assessment(coprod.load_assessment(DEMO), "toml"))
    done = _run(["assess", str(bad), "-o", "bad.html"], tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("error: $.extra: unknown key")
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "bad.html").exists()

    done = _run(["demo", "-p", "iotest_plugins.failing_rule", "--strict", "-o", "s.txt"], tmp_path)
    assert done.returncode == 3
    assert done.stderr.startswith("plugin error: ")
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "s.txt").exists()
