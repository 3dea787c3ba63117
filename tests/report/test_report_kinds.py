"""Report values of every job, the generic exporters, and check_plugin's escaping check."""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest

from coprod import Exporter, hookimpl
from coprod.case_catalogue import CaseCatalogue
from coprod.io.safe_text import csv_cell, csv_text
from coprod.people import MatchReport, match_needs, read_match_problem
from coprod.plugin_listing import PluginListing
from coprod.plugins import make_plugin_manager
from coprod.report_value import ReportValue, Table
from coprod.surveys import analyse_allocation, analyse_likert, read_allocation, read_likert
from coprod.testing import PluginConformanceError, check_plugin
from coprod.validation_report import ValidationReport

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "surveys" / "data"
MANAGER = make_plugin_manager(entry_points=False)


def reports() -> dict[str, ReportValue]:
    problem = read_match_problem(
        ROOT / "examples" / "capabilities.csv", ROOT / "examples" / "needs.csv"
    )
    return {
        "likert": analyse_likert(read_likert(DATA / "attitude_002_wide.csv")),
        "allocation": analyse_allocation(read_allocation(DATA / "seed_001_allocation.tsv")),
        "match": MatchReport(match_needs(problem)),
        "cases": CaseCatalogue.of(),
        "plugins": PluginListing.of(MANAGER),
        "validation": ValidationReport("x.toml", counts=(("services", 1),)),
    }


@pytest.mark.parametrize("kind", sorted(reports()))
def test_each_job_is_a_report_value_with_tables(kind: str) -> None:
    report = reports()[kind]
    assert isinstance(report, ReportValue)
    assert report.kind == kind
    tables = list(report.tables())
    assert tables, "at least a main table"
    for table in tables:
        rows = [tuple(row) for row in table.rows]
        assert all(len(row) == len(table.columns) for row in rows), table.name
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        report.kind = "other"  # type: ignore[misc]


@attrs.frozen
class Readings:
    """A report kind nobody wrote an exporter for (readings over time, say)."""

    kind: ClassVar[str] = "readings"

    def tables(self) -> Iterator[Table]:
        yield Table(
            name="readings",
            title="Readings <over> time",
            columns=("date", "label", "value", "share", "ok"),
            rows=(
                (datetime.date(2026, 4, 1), "=cmd|' /C calc'!A0", Decimal("0.1"), 0.25, True),
                (datetime.date(2026, 5, 1), "<b>bold</b> | *x*", Decimal("-1234.500"), None, False),
            ),
        )
        yield Table(name="notes", columns=("note",), rows=iter([("a note",)]))


@pytest.mark.parametrize("format", ["json", "csv", "markdown", "html"])
def test_a_new_kind_gets_the_generic_formats_for_free(format: str) -> None:
    exporter = MANAGER.exporter(format, "readings")
    assert exporter.plugin == "coprod.builtin.export_generic"
    text = exporter.render(Readings())
    assert isinstance(text, str)
    if format == "json":
        data = json.loads(text, parse_float=Decimal)
        assert data["kind"] == "readings"
        main = data["tables"][0]
        assert main["columns"] == ["date", "label", "value", "share", "ok"]
        # Decimals exact, as written: 0.1 is not 0.1000000000000000055511151231257827.
        assert main["rows"][0] == [
            "2026-04-01",
            "=cmd|' /C calc'!A0",
            Decimal("0.1"),
            Decimal("0.25"),
            True,
        ]
        assert main["rows"][1][2] == Decimal("-1234.5")
        assert '"value"' in text and "0.1," in text
        assert data["tables"][1]["rows"] == [["a note"]]
    elif format == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["date", "label", "value", "share", "ok"]
        assert rows[1] == ["2026-04-01", "'=cmd|' /C calc'!A0", "0.1", "0.25", "true"]
        assert rows[2][2] == "-1234.5"  # a number stays a number
        assert len(rows) == 3  # the main table only
    elif format == "markdown":
        assert "## Readings &lt;over&gt; time" in text
        assert "&lt;b&gt;bold&lt;/b&gt; \\| \\*x\\*" in text
        assert "<b>" not in text
    else:
        assert "<b>bold</b>" not in text
        assert "&lt;b&gt;bold&lt;/b&gt;" in text
        assert text.count("<table>") == 2


def test_kind_specific_exporters_win_over_generic_ones() -> None:
    for kind in ("likert", "allocation", "match"):
        for format in ("json", "csv", "markdown", "html"):
            assert MANAGER.exporter(format, kind).plugin != "coprod.builtin.export_generic"


def test_csv_cell_formats() -> None:
    assert csv_cell(Decimal("1E+3")) == "1000"
    assert csv_cell(float("nan")) == ""
    assert csv_cell(datetime.date(2026, 1, 2)) == "2026-01-02"
    assert csv_cell("-x") == "'-x"
    assert csv_cell(-3) == "-3"
    text = csv_text(["a"], [["x\ry"], ["z"]])
    assert text == 'a\r\n"x\ry"\r\nz\r\n'
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["a"], ["x\ry"], ["z"]]


# --- check_plugin renders hostile names through a plugin's exporters ---------------------


class _Plugin:
    def __init__(self, name: str, exporter: Exporter) -> None:
        self.coprod_plugin_name = name
        self.exporter = exporter

    @hookimpl
    def register_exporters(self, register: Callable[[Exporter], None]) -> None:
        register(self.exporter)


def _raw_html(report: Any) -> str:
    cells = "".join(
        f"<td>{cell}</td>" for table in report.tables() for row in table.rows for cell in row
    )
    return f"<html><table><tr>{cells}</tr></table></html>"


def _raw_csv(report: Any) -> str:
    main = next(iter(report.tables()))
    return "\n".join(",".join(str(c) for c in row) for row in main.rows)


@pytest.mark.parametrize(
    ("format", "media_type", "suffix", "render", "message"),
    [
        ("raw-html", "text/html", ".html", _raw_html, "unescaped in HTML"),
        ("raw-csv", "text/csv", ".csv", _raw_csv, "runs as a formula"),
    ],
)
@pytest.mark.parametrize("kinds", [("*",), ("likert",), ("match",)])
def test_check_plugin_catches_unescaped_output(
    format: str,
    media_type: str,
    suffix: str,
    render: Callable[[Any], str],
    message: str,
    kinds: tuple[str, ...],
) -> None:
    plugin = _Plugin(
        "unsafe-exporter",
        Exporter(format=format, media_type=media_type, suffix=suffix, render=render, kinds=kinds),
    )
    with pytest.raises(PluginConformanceError, match=message) as caught:
        check_plugin(plugin, examples=2)
    assert caught.value.plugin == "unsafe-exporter"
    assert caught.value.item == format


@pytest.mark.parametrize(
    "module",
    [
        "coprod.builtin.export_surveys",
        "coprod.builtin.export_match",
        "coprod.builtin.export_listings",
        "coprod.builtin.export_generic",
    ],
)
def test_the_built_in_exporters_of_every_kind_conform(module: str) -> None:
    assert check_plugin(module, examples=3).name == module


def test_every_built_in_exporter_escapes_hostile_names() -> None:
    from coprod.testing.exports import check_exporter_escaping

    infos = {info.name: info for info in MANAGER.plugins}
    checked = 0
    for exporter in MANAGER.all_exporters:
        check_exporter_escaping(exporter, infos[exporter.plugin], MANAGER)
        checked += 1
    assert checked >= 18  # the assessment's five, and the surveys', match's, listings', generic
