"""Built-in plugin: the ``csv`` report format, one row per initiative.

Columns, in order: ``id``, ``name``, ``service``, ``service_name``, ``cos``
(``;``-joined), ``status``, ``service_model``, ``form``, ``impact``, ``effort``,
``quadrant``, then one column per metric of the evaluation (named after the metric;
``impact`` and ``effort`` are not repeated, and a metric whose name clashes with
another column is written as ``metric:<name>``), then ``barriers`` (``;``-joined
ids), ``volunteer_hours`` and ``incomplete`` (``;``-joined metric names). A blank
cell means "not known" or "does not apply".

The file follows RFC 4180: comma-separated, fields quoted when needed, ``\\r\\n``
line endings, UTF-8 without a byte-order mark (R and pandas read it as is; in
Excel use *Data → From Text/CSV*).

**Formula injection.** Spreadsheets run a cell that begins with ``=``, ``+``,
``-`` or ``@`` as a formula (and some do after a tab or carriage return). Every
*text* cell is passed through :func:`coprod.io.safe_text.neutralise_csv` (by
:func:`coprod.io.safe_text.write_csv`, the writer of every CSV coprod writes), which
puts an apostrophe in front of such a cell, so ``=HYPERLINK("http://x")`` is
written as ``'=HYPERLINK("http://x")``. *Numeric* cells are numbers coprod
formats itself (digits, one ``.``, optionally a leading ``-`` and an exponent)
and are left alone, so a public saving of ``-40.0`` stays a number a spreadsheet
can sum; no text from the input ever reaches a numeric cell.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TextIO

from coprod.builtin.cells import finite
from coprod.contributions import Exporter
from coprod.hookspecs import hookimpl
from coprod.io.safe_text import write_csv

if TYPE_CHECKING:
    from coprod.report import Report

__all__ = ["csv_columns", "render_csv", "write_csv_report"]

_LEADING = (
    "id",
    "name",
    "service",
    "service_name",
    "cos",
    "status",
    "service_model",
    "form",
    "impact",
    "effort",
    "quadrant",
)
_TRAILING = ("barriers", "volunteer_hours", "incomplete")
_POSITION = ("impact", "effort")


def _metric_columns(metrics: tuple[str, ...]) -> list[tuple[str, str]]:
    """(metric, column name) for every metric not already shown as a position column."""
    taken = set(_LEADING) | set(_TRAILING)
    out = []
    for metric in metrics:
        if metric in _POSITION:
            continue
        out.append((metric, f"metric:{metric}" if metric in taken else metric))
    return out


def csv_columns(report: Report) -> tuple[str, ...]:
    """The header row of the CSV export of ``report``."""
    return (*_LEADING, *(c for _, c in _metric_columns(report.metrics)), *_TRAILING)


def render_csv(report: Report) -> str:
    """The report's initiatives as CSV (see the module docstring for columns and safety).

    Written by coprod's one CSV writer, :func:`coprod.io.safe_text.write_csv`: text
    cells neutralised, numbers as their shortest ``repr``, rows produced one by one.
    """
    buffer = io.StringIO()
    write_csv_report(report, buffer)
    return buffer.getvalue()


def write_csv_report(report: Report, stream: TextIO) -> None:
    """Write :func:`render_csv`'s text to ``stream`` row by row (the exporter's ``write``).

    Memory grows with one initiative's row, not the report: the command line streams
    it into the temporary file of its atomic write.
    """
    metric_columns = _metric_columns(report.metrics)
    metric_index = {metric: n for n, metric in enumerate(report.metrics)}
    picks = [metric_index[metric] for metric, _ in metric_columns]
    has_impact = "impact" in metric_index
    has_effort = "effort" in metric_index

    def rows() -> Iterator[list[object]]:
        for i in report.initiatives:
            values = i.metrics
            position = i.position
            if position is not None:
                impact: float | None = position.impact
                effort: float | None = position.effort
            else:
                impact = values[metric_index["impact"]][1] if has_impact else None
                effort = values[metric_index["effort"]][1] if has_effort else None
            yield [
                i.id,
                i.name,
                i.service,
                i.service_name,
                ";".join(co.value for co in i.cos),
                i.status.value,
                i.service_model,
                i.form,
                finite(impact),
                finite(effort),
                None if position is None else position.quadrant.value,
                *(finite(values[n][1]) for n in picks),
                ";".join(i.barriers),
                finite(i.volunteer_hours),
                ";".join(i.incomplete),
            ]

    write_csv(stream, csv_columns(report), rows())


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register the ``csv`` format."""
    register(
        Exporter(
            format="csv",
            media_type="text/csv",
            suffix=".csv",
            render=render_csv,
            write=write_csv_report,
            description="One row per initiative: classes, Priority Matrix position and "
            "every metric; text cells neutralised against spreadsheet formulas.",
        )
    )
