"""Built-in plugin: json, csv, markdown and html for *every* report kind, through its tables.

These exporters declare ``kinds=("*",)``: a report kind nobody wrote an exporter
for (readings over time, priorities, a time bank, …) gets these four formats for
free from :meth:`coprod.ReportValue.tables`. An exporter that names a kind wins
over these for that kind (``PluginManager.exporters_for``), so the surveys' and the
assessment's own JSON, CSV, … are used where they exist.

* ``json``: ``{"kind": ..., "tables": [{"name", "title", "columns", "rows"}]}``,
  numbers exact (``Decimal`` written in full), dates in ISO 8601;
* ``csv``: the main (first) table, through :func:`coprod.io.safe_text.write_csv`;
* ``markdown`` and ``html``: every table under its title, escaped.
"""

from __future__ import annotations

from collections.abc import Callable

from coprod.builtin.tabular import (
    Page,
    Section,
    html_page,
    json_text,
    json_value,
    markdown_page,
    rows_of,
)
from coprod.contributions import Exporter
from coprod.hookspecs import hookimpl
from coprod.io.safe_text import csv_text
from coprod.report_value import ANY_KIND, ReportValue

__all__ = ["report_page"]


def _json(report: ReportValue) -> str:
    return json_text(
        {
            "kind": report.kind,
            "tables": [
                {
                    "name": table.name,
                    "title": table.title,
                    "columns": list(table.columns),
                    "rows": [[json_value(cell) for cell in row] for row in table.rows],
                }
                for table in report.tables()
            ],
        }
    )


def _csv(report: ReportValue) -> str:
    main = next(iter(report.tables()), None)
    if main is None:
        return ""
    return csv_text(main.columns, main.rows)


def report_page(report: ReportValue) -> Page:
    """Every table of ``report`` under its title (or name), for Markdown and HTML."""
    sections = []
    for table in report.tables():
        rows = rows_of(table.rows)
        sections.append(
            Section(
                title=table.title or table.name,
                header=table.columns,
                rows=rows,
                note="" if rows else "(none)",
            )
        )
    return Page(title=f"coprod {report.kind} report", sections=tuple(sections))


def _markdown(report: ReportValue) -> str:
    return markdown_page(report_page(report))


def _html(report: ReportValue) -> str:
    return html_page(report_page(report))


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register json, csv, markdown and html for every report kind."""
    for format, render, description in (
        ("json", _json, "Every table, numbers exact."),
        ("csv", _csv, "The main table; formulas neutralised."),
        ("markdown", _markdown, "Every table, escaped."),
        ("html", _html, "Every table on one self-contained page."),
    ):
        register(Exporter.standard(format, render, description=description, kinds=(ANY_KIND,)))
