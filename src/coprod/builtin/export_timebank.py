"""Built-in plugin: the formats of time-bank reports (report kind ``timebank``).

Every time-bank report (:mod:`coprod.timebank.reports`: balances, statements, the
scheme report, the ledger check, a broker's list) is a
:class:`coprod.ReportValue` of kind ``timebank``; these exporters render any of
them through :meth:`~coprod.ReportValue.tables`:

* ``summary``: plain-text tables under their titles, for a terminal;
* ``json``: ``{"kind": "timebank", "tables": [{"name", "title", "columns",
  "rows"}]}`` with exact numbers (hours are written as decimal strings such as
  ``"1.50"``, minutes as integers) and dates in ISO 8601;
* ``csv``: the main (first) table through coprod's one CSV writer
  (:func:`coprod.io.safe_text.csv_text`: RFC 4180, ``\\r\\n``, numbers exact as
  written, ``true``/``false``, text cells neutralised against spreadsheet formulas);
* ``markdown``: every table, every cell escaped
  (:func:`coprod.io.safe_text.markdown_text`);
* ``html``: one self-contained page rendered by Jinja2 with autoescaping.

Names reach a report only when the caller asked for them (``--include-names``).
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from coprod.contributions import Exporter
from coprod.hookspecs import hookimpl
from coprod.io.safe_text import csv_text, markdown_text

if TYPE_CHECKING:
    import jinja2

    from coprod.report_value import Cell, ReportValue, Table

__all__ = ["KIND", "render_csv", "render_html", "render_json", "render_markdown", "render_summary"]

#: The report kind these exporters render.
KIND = "timebank"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _materialise(report: ReportValue) -> list[tuple[Table, list[tuple[Cell, ...]]]]:
    return [(table, [tuple(row) for row in table.rows]) for table in report.tables()]


def render_summary(report: ReportValue) -> str:
    """Aligned plain-text tables, each under its title."""
    out: list[str] = []
    for table, rows in _materialise(report):
        out.append(table.title or table.name)
        cells = [list(table.columns)] + [[_text(c) for c in row] for row in rows]
        widths = [max(len(r[i]) for r in cells) for i in range(len(table.columns))]
        for n, row in enumerate(cells):
            line = "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))
            out.append(("  " + line).rstrip())
            if n == 0:
                out.append("  " + "  ".join("-" * w for w in widths))
        if not rows:
            out.append("  (none)")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _json_value(value: object) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def render_json(report: ReportValue) -> str:
    """Every table as JSON; hours exact as decimal strings."""
    data = {
        "kind": report.kind,
        "tables": [
            {
                "name": table.name,
                "title": table.title,
                "columns": list(table.columns),
                "rows": [[_json_value(c) for c in row] for row in rows],
            }
            for table, rows in _materialise(report)
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_csv(report: ReportValue) -> str:
    """The main table as CSV through :func:`coprod.io.safe_text.csv_text`."""
    main = next(iter(report.tables()), None)
    if main is None:
        return ""
    return csv_text(main.columns, main.rows)


def _md_rows(columns: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
    header = list(columns)
    lines = [
        "| " + " | ".join(markdown_text(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(markdown_text(_text(c)) for c in row) + " |" for row in rows]
    return lines


def render_markdown(report: ReportValue) -> str:
    """Every table under a heading, every cell escaped."""
    out = [f"# coprod {markdown_text(report.kind)} report", ""]
    for table, rows in _materialise(report):
        out += [f"## {markdown_text(table.title or table.name)}", ""]
        out += _md_rows(table.columns, rows) if rows else ["(none)"]
        out.append("")
    return "\n".join(out)


_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>coprod {{ kind }} report</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}
table{border-collapse:collapse;margin-bottom:1.5rem}th,td{border:1px solid #bbb;
padding:.25rem .5rem;text-align:left}th{background:#eee}</style></head><body>
<h1>coprod {{ kind }} report</h1>
{% for table in tables %}<h2>{{ table.title }}</h2>
{% if table.rows %}<table><thead><tr>{% for c in table.columns %}<th>{{ c }}</th>{% endfor %}
</tr></thead><tbody>{% for row in table.rows %}<tr>{% for c in row %}<td>{{ c }}</td>
{% endfor %}</tr>{% endfor %}</tbody></table>{% else %}<p>(none)</p>{% endif %}
{% endfor %}</body></html>
"""


@functools.lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    import jinja2

    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(_TEMPLATE)


def render_html(report: ReportValue) -> str:
    """One self-contained page (no scripts, nothing loaded from elsewhere), autoescaped."""
    tables = [
        {
            "title": table.title or table.name,
            "columns": list(table.columns),
            "rows": [[_text(c) for c in row] for row in rows],
        }
        for table, rows in _materialise(report)
    ]
    return _template().render(kind=report.kind, tables=tables)


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register summary, json, csv, markdown and html for time-bank reports."""
    for format, render, description in (
        ("summary", render_summary, "Plain-text tables for a terminal."),
        ("json", render_json, "Every table; hours exact."),
        ("csv", render_csv, "The main table; formulas neutralised."),
        ("markdown", render_markdown, "Every table, escaped."),
        ("html", render_html, "Every table on one self-contained page."),
    ):
        register(
            Exporter.standard(
                format, render, description=f"Time bank: {description}", kinds=(KIND,)
            )
        )
