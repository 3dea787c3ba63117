"""Every command writes a report that registered exporters render (issue 9 acceptance).

* One exporter plugin of a new format (``tsv``, kinds ``*``), registered once with
  ``-p``, renders the assessment, the Likert, the allocation and the match reports
  from the command line, and every other command's report too.
* Every command takes ``-f/--format`` and ``-o`` (format from the suffix, ``.htm``
  and ``.md`` accepted) and the plugin options; files are read from ``-`` too.
* Exporters are hostile input: one that returns an int, ``None`` or a list, text
  with a lone surrogate, raises, or calls ``sys.exit`` ends every command with exit
  3 and one ``plugin error:`` line naming the plugin and the format; nothing is
  written.
* The built-ins that provide the commands' default formats are essential.

Commands run in-process through :func:`coprod.testing.run_coprod`.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from coprod.cli.output import ESSENTIAL_PLUGINS
from coprod.plugins import BUILTIN_PLUGINS, make_plugin_manager
from coprod.testing import CoprodCli, run_coprod

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEMO = ROOT / "examples" / "demo-council.toml"
CAPS = ROOT / "examples" / "capabilities.csv"
NEEDS = ROOT / "examples" / "needs.csv"
#: 002_ea409380ef17158f.txt Tables 1 and 2, and 001_10471c76f715a525.txt's table.
LIKERT = ROOT / "tests" / "surveys" / "data" / "attitude_002_wide.csv"
ALLOCATION = ROOT / "tests" / "surveys" / "data" / "seed_001_allocation.tsv"

#: Each command, the kind of report it writes, and its default format.
COMMANDS: dict[str, tuple[list[str], str, str]] = {
    "demo": (["demo"], "assessment", "summary"),
    "assess": (["assess", str(DEMO)], "assessment", "summary"),
    "survey likert": (["survey", "likert", str(LIKERT)], "likert", "json"),
    "survey allocation": (["survey", "allocation", str(ALLOCATION)], "allocation", "json"),
    "match": (["match", str(CAPS), str(NEEDS)], "match", "markdown"),
    "cases": (["cases"], "cases", "summary"),
    "plugins": (["plugins"], "plugins", "summary"),
    "validate": (["validate", str(DEMO)], "validation", "summary"),
    "schema": (["schema"], "schema", "json"),
}


@pytest.fixture(autouse=True)
def _plugins_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(HERE))


@pytest.fixture
def cli(tmp_path: Path) -> CoprodCli:
    return CoprodCli(tmp_path)


def tsv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter="\t"))


# --- one plugin format for every kind ---------------------------------------------------


@pytest.mark.parametrize(
    ("command", "header_start", "rows"),
    [
        ("assess", ["id", "name", "service"], 16),  # the demo's 16 initiatives
        ("survey likert", ["cohort", "statement", "respondents"], 14),  # 2 cohorts × 7
        ("survey allocation", ["factor", "mean", "median"], 11),  # the seed's 11 factors
        ("match", ["need_id", "requester_id", "category"], 22),  # the example's 22 needs
    ],
)
def test_one_tsv_plugin_renders_the_four_reports(
    cli: CoprodCli, command: str, header_start: list[str], rows: int
) -> None:
    args, _kind, _default = COMMANDS[command]
    result = cli.run(*args, "-p", "kinds_plugins.tsv", "--format", "tsv")
    assert (result.code, result.err) == (0, ""), result.err
    table = tsv(result.out)
    assert table[0][: len(header_start)] == header_start
    assert len(table) == 1 + rows
    assert {len(row) for row in table} == {len(table[0])}
    # Chosen from the suffix too, and written atomically.
    out = cli.path / "report.tsv"
    result = cli.run(*args, "-p", "kinds_plugins.tsv", "-o", str(out))
    assert result.code == 0, result.err
    assert tsv(out.read_text(encoding="utf-8")) == table
    assert cli.files() == ["report.tsv"]


def test_the_tsv_cells_are_the_reports_values(cli: CoprodCli) -> None:
    args, _, _ = COMMANDS["survey allocation"]
    table = tsv(cli.run(*args, "-p", "kinds_plugins.tsv", "-f", "tsv").out)
    means = {row[0]: row[1] for row in table[1:]}
    # 001_10471c76f715a525.txt: "More frontline staff" gets 20, 20 and 10 of 8 people.
    assert means["More frontline staff"] == "6.25"
    args, _, _ = COMMANDS["match"]
    table = tsv(cli.run(*args, "-p", "kinds_plugins.tsv", "-f", "tsv").out)
    by_need = {row[0]: dict(zip(table[0], row, strict=True)) for row in table[1:]}
    assert by_need["n-003"]["provider_id"] == "m-005"
    assert by_need["n-015"]["reason"] == "none-verified"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_takes_the_plugin_format(cli: CoprodCli, command: str) -> None:
    args, _kind, _default = COMMANDS[command]
    result = cli.run(*args, "-p", "kinds_plugins.tsv", "-f", "tsv")
    assert result.code == 0, result.err
    assert len(tsv(result.out)[0]) >= 2


# --- formats, suffixes and stdin --------------------------------------------------------


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize(
    ("suffix", "check"),
    [
        (".json", lambda text: json.loads(text) is not None),
        (".csv", lambda text: len(list(csv.reader(io.StringIO(text)))) >= 1),
        (".md", lambda text: text.startswith("#")),
        (".htm", lambda text: text.startswith("<!DOCTYPE html>")),
    ],
)
def test_every_command_writes_the_format_its_suffix_names(
    cli: CoprodCli, command: str, suffix: str, check: object
) -> None:
    args, _kind, _default = COMMANDS[command]
    out = cli.path / f"report{suffix}"
    result = cli.run(*args, "-o", str(out))
    assert result.code == 0, result.err
    assert check(out.read_text(encoding="utf-8"))  # type: ignore[operator]


def test_schema_lists_its_properties_in_other_formats(cli: CoprodCli) -> None:
    result = cli.run("schema", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    paths = {row["path"]: row for row in rows}
    assert paths["$.organisation.name"]["required"] == "true"
    assert paths["$.initiatives[].cos"]["type"] == "array"


def test_unknown_format_names_the_formats_of_the_kind(cli: CoprodCli) -> None:
    result = cli.run("match", str(CAPS), str(NEEDS), "-f", "summary")
    result.assert_clean_failure(2)
    assert "unknown format 'summary' (known: json, csv, markdown, html)" in result.err
    result = cli.run("cases", "-o", str(cli.path / "cases.pdf"))
    result.assert_clean_failure(2)
    assert "cannot tell the format from '.pdf'" in result.err


def test_text_is_the_summary_of_the_listings(cli: CoprodCli) -> None:
    assert cli.run("cases", "--format", "text").out == cli.run("cases").out


def test_files_are_read_from_stdin(cli: CoprodCli) -> None:
    from_file = cli.run("match", str(CAPS), str(NEEDS), "-f", "json")
    from_stdin = cli.run(
        "match", "-", str(NEEDS), "-f", "json", stdin=CAPS.read_text(encoding="utf-8")
    )
    assert from_stdin.code == 0, from_stdin.err
    assert json.loads(from_stdin.out)["summary"] == json.loads(from_file.out)["summary"]
    both = cli.run("match", "-", "-")
    both.assert_clean_failure(2)
    document = _demo_json()
    valid = cli.run("validate", "-", stdin=document)
    assert valid.code == 0, valid.err
    assert valid.out.startswith("<stdin>: valid (6 services, 16 initiatives")


def _demo_json() -> str:
    from coprod.io.documents import dump_assessment, load_assessment

    return dump_assessment(load_assessment(DEMO), "json")


def test_validate_json_lists_problems_for_machines(cli: CoprodCli) -> None:
    bad = ROOT / "examples" / "invalid" / "many-problems.toml"
    result = cli.run("validate", str(bad), "--format", "json")
    assert result.code == 2
    document = json.loads(result.out)
    assert document["valid"] is False
    assert document["problems"]
    for problem in document["problems"]:
        assert {"where", "code", "message"} <= set(problem)
        assert problem["code"]
    # The same problems, in the same order, as the lines of the text mode.
    text = cli.run("validate", str(bad))
    assert text.err.splitlines() == [
        f"error: {p['where']}: {p['message']}" for p in document["problems"]
    ]
    good = json.loads(cli.run("validate", str(DEMO), "-f", "json").out)
    assert good["valid"] is True
    assert good["problems"] == []
    assert good["counts"]["initiatives"] == 16


# --- hostile exporters ------------------------------------------------------------------

HOSTILE_FORMATS = {
    "bad-int": "returned int, not str or bytes",
    "bad-none": "returned NoneType, not str or bytes",
    "bad-list": "returned list, not str or bytes",
    "bad-surrogate": "returned text that cannot be written as UTF-8",
    "bad-raise": "failed: ValueError: the exporter broke on three lines",
    "bad-exit": "failed: SystemExit: 0",
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("format", sorted(HOSTILE_FORMATS))
def test_a_hostile_exporter_is_one_plugin_error_and_writes_nothing(
    cli: CoprodCli, command: str, format: str
) -> None:
    args, _kind, _default = COMMANDS[command]
    out = cli.path / "report.out"
    out_args = ["-o", str(out)]
    result = cli.run(*args, "-p", "kinds_plugins.hostile", "-f", format, *out_args)
    result.assert_clean_failure(3)
    assert result.err.startswith(
        f"plugin error: exporter '{format}' of plugin kinds_plugins.hostile "
    )
    assert HOSTILE_FORMATS[format] in result.err
    assert cli.files() == []  # nothing written, no temporary file left
    # And to standard output: nothing printed either.
    result = cli.run(*args, "-p", "kinds_plugins.hostile", "-f", format)
    result.assert_clean_failure(3)


# --- essential built-ins ----------------------------------------------------------------


def test_the_default_formats_come_from_essential_plugins() -> None:
    manager = make_plugin_manager(entry_points=False)
    for command, (_args, kind, default) in COMMANDS.items():
        plugin = manager.exporter(default, kind).plugin
        assert plugin in ESSENTIAL_PLUGINS, (command, plugin)
    assert set(ESSENTIAL_PLUGINS) <= set(BUILTIN_PLUGINS)


@pytest.mark.parametrize("plugin", ESSENTIAL_PLUGINS)
def test_blocking_an_essential_plugin_is_a_usage_error(cli: CoprodCli, plugin: str) -> None:
    result = cli.run("demo", "--block", plugin)
    result.assert_clean_failure(2)
    assert result.err.startswith(f"error: --block: {plugin} is essential")


def test_other_built_in_exporters_can_be_blocked(cli: CoprodCli) -> None:
    result = cli.run("cases", "--block", "coprod.builtin.export_generic", "-f", "csv")
    result.assert_clean_failure(2)
    assert "unknown format 'csv' (known: summary, json)" in result.err
    assert cli.run("demo", "--block", "coprod.builtin.export_html").code == 0


def test_run_coprod_outside_a_fixture() -> None:
    result = run_coprod("cases", "--co", "co-delivery", "--format", "json")
    assert result.code == 0
    cases = json.loads(result.out)["cases"]
    assert cases
    assert all("co-delivery" in case["cos"] for case in cases)
