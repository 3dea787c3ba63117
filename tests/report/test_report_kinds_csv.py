"""Every CSV coprod writes, from hostile input, read back with the csv module.

Names and labels carry carriage returns, line feeds, tabs, pipes, HTML and the
characters that start a spreadsheet formula (``= + - @``). Whatever the command
(assess, survey likert, survey allocation, match with names, match aggregates,
cases, plugins, validate, schema), the CSV must read back with one row per record
(a bare CR must not split a row: it did in ``coprod match --format csv
--include-personal-data``, where the text after the CR started a live ``@SUM``
cell) and no cell may start a formula, unless it is a plain number.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from coprod.testing import CoprodCli

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

HOSTILE = (
    "Ann\r@SUM(1+1)",
    "Bob\n=1+1",
    "Cath\r\n+CMD",
    '=HYPERLINK("http://x")',
    "+44 7700 900123",
    "-2+3",
    "@cmd",
    "\t=tabbed",
    "pipe | name",
    "<script>alert(1)</script>",
    " =spaced",
)

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def read_back(text: str, rows: int | None) -> list[list[str]]:
    """Parse ``text`` as CSV; check the row count and that no cell starts a formula."""
    table = list(csv.reader(io.StringIO(text, newline="")))
    if rows is not None:
        assert len(table) == 1 + rows, table[:3]
    assert len({len(row) for row in table}) == 1, "rows of different widths"
    for row in table:
        for cell in row:
            live = cell.startswith(_TRIGGERS) or cell.lstrip(" \t\r\n\xa0").startswith(
                ("=", "+", "-", "@")
            )
            assert not live or is_number(cell), f"live formula cell {cell!r}"
    return table


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CoprodCli:
    monkeypatch.syspath_prepend(str(HERE))
    return CoprodCli(tmp_path)


def write_csv(cli: CoprodCli, name: str, header: list[str], rows: list[list[str]]) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return cli.write(name, buffer.getvalue())


def match_files(cli: CoprodCli) -> tuple[Path, Path]:
    caps = write_csv(
        cli,
        "capabilities.csv",
        ["capability_id", "provider_id", "display_name", "category", "area", "capacity", "consent"],
        [
            [f"c{i}", f"p{i}", name, "ironing", "dunoon", "1", "yes"]
            for i, name in enumerate(HOSTILE)
        ],
    )
    needs = write_csv(
        cli,
        "needs.csv",
        ["need_id", "requester_id", "requester_name", "category", "area"],
        [[f"n{i}", f"r{i}", name, "ironing", "dunoon"] for i, name in enumerate(HOSTILE)]
        + [[f"x{i}", f"s{i}", name, "repairs", "oban"] for i, name in enumerate(HOSTILE)],
    )
    return caps, needs


def test_match_csv_with_names(cli: CoprodCli) -> None:
    caps, needs = match_files(cli)
    result = cli.run("match", caps, needs, "-f", "csv", "--include-personal-data")
    assert result.code == 0, result.err
    table = read_back(result.out, 2 * len(HOSTILE))
    names = {row[-2] for row in table[1:]}
    assert "Ann\r@SUM(1+1)" in names  # the CR stays inside its cell, quoted
    assert '\'=HYPERLINK("http://x")' in names
    assert "'=spaced" in names  # the reader trims the space; the = is neutralised
    providers = {row[-1] for row in table[1:]} - {""}
    assert "'@cmd" in providers


def test_match_csv_aggregates(cli: CoprodCli) -> None:
    caps, needs = match_files(cli)
    result = cli.run("match", caps, needs, "-f", "csv", "--aggregates-only")
    assert result.code == 0, result.err
    read_back(result.out, 2)  # ironing in dunoon, repairs in oban


def likert_file(cli: CoprodCli) -> Path:
    rows = [
        [f"r{i}", cohort, statement, "agree"]
        for cohort in ("=January", "@April")
        for i in range(3)
        for statement in HOSTILE
    ]
    return write_csv(cli, "likert.csv", ["respondent", "cohort", "statement", "response"], rows)


def test_likert_csv(cli: CoprodCli) -> None:
    result = cli.run("survey", "likert", likert_file(cli), "-f", "csv")
    assert result.code == 0, result.err
    read_back(result.out, 2 * len(HOSTILE))


def test_allocation_csv(cli: CoprodCli) -> None:
    share = 100 / len(HOSTILE)
    rows = [[name, f"{share:.10f}"] for name in HOSTILE]
    path = write_csv(cli, "allocation.csv", ["factor", "A"], rows)
    result = cli.run("survey", "allocation", path, "-f", "csv")
    assert result.code == 0, result.err
    read_back(result.out, len(HOSTILE))


def assessment_file(cli: CoprodCli) -> Path:
    lines = [
        "[organisation]",
        f"name = {json.dumps(HOSTILE[0])}",
        "[[services]]",
        'id = "s"',
        f"name = {json.dumps(HOSTILE[1])}",
    ]
    for i, name in enumerate(HOSTILE):
        lines += [
            "[[initiatives]]",
            f'id = "i{i}"',
            f"name = {json.dumps(name)}",
            'service = "s"',
            'cos = ["co-delivery"]',
        ]
    return cli.write("council.toml", "\n".join(lines) + "\n")


def test_assessment_csv(cli: CoprodCli) -> None:
    result = cli.run("assess", assessment_file(cli), "-f", "csv")
    assert result.code == 0, result.err
    read_back(result.out, len(HOSTILE))


def test_validation_csv_of_hostile_problems(cli: CoprodCli) -> None:
    lines = ["[organisation]", 'name = "O"', "[[services]]", 'id = "s"', 'name = "S"']
    for i, name in enumerate(HOSTILE):
        lines += [
            "[[initiatives]]",
            f'id = "i{i}"',
            'name = "x"',
            f"service = {json.dumps(name)}",  # a dangling, hostile reference
            'cos = ["co-delivery"]',
        ]
    path = cli.write("bad.toml", "\n".join(lines) + "\n")
    problems = json.loads(cli.run("validate", path, "-f", "json").out)["problems"]
    result = cli.run("validate", path, "-f", "csv")
    assert result.code == 2
    read_back(result.out, len(problems))


@pytest.mark.parametrize(
    "args",
    [
        ["cases", "-f", "csv"],
        ["plugins", "-f", "csv", "-p", "kinds_plugins.tsv"],
        ["schema", "-f", "csv"],
    ],
    ids=["cases", "plugins", "schema"],
)
def test_listing_csvs(cli: CoprodCli, args: list[str]) -> None:
    result = cli.run(*args)
    assert result.code == 0, result.err
    read_back(result.out, None)
