"""coprod-citizen-hours: volunteer hours per Co, and the ``hours-csv`` export.

An example third-party coprod plugin. It uses only coprod's public API
(``coprod.hookimpl``, ``coprod.ScoringRule``, ``coprod.Exporter``, ``coprod.Report``)
and is found through its ``coprod`` entry point (see ``pyproject.toml``).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import coprod
from coprod.io.safe_text import neutralise_csv

if TYPE_CHECKING:
    from coprod import Report

__all__ = ["METRIC", "RULE", "hours_per_co", "render_hours_csv"]

#: The metric this plugin adds.
METRIC = "citizen-hours-per-co"
#: The name of its scoring rule.
RULE = "citizen-hours.per-co"
#: The metric of coprod's built-in business-case plugin that values volunteer hours.
VOLUNTEER_VALUE = "volunteer-value"

COLUMNS = ("id", "name", "service", "cos", "volunteer_hours", METRIC, VOLUNTEER_VALUE)


def hours_per_co(initiative: coprod.Initiative) -> float | None:
    """Volunteer hours a year per Co the initiative involves citizens in.

    ``None`` (the rule does not apply) when no volunteer hours are recorded.
    """
    if not initiative.volunteer_hours:
        return None
    return initiative.volunteer_hours / len(initiative.cos)


def _cell(text: str) -> str:
    # coprod's own guard: spreadsheets run cells starting with = + - @ as formulas.
    return neutralise_csv(text)


def _number(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return ""
    return repr(float(value))


def render_hours_csv(report: Report) -> str:
    """One CSV row per initiative: id, name, service, Co's, hours, hours per Co, value.

    RFC 4180 quoting, ``\\r\\n`` line endings; text cells are neutralised against
    formula injection. A blank cell means "not known" or "does not apply".
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    metrics = set(report.metrics)
    for initiative in report.initiatives:
        per_co = initiative.metric(METRIC) if METRIC in metrics else None
        value = initiative.metric(VOLUNTEER_VALUE) if VOLUNTEER_VALUE in metrics else None
        writer.writerow(
            (
                _cell(initiative.id),
                _cell(initiative.name),
                _cell(initiative.service),
                ";".join(co.value for co in initiative.cos),
                _number(initiative.volunteer_hours),
                _number(per_co),
                _number(value),
            )
        )
    return buffer.getvalue()


@coprod.hookimpl
def register_scoring_rules(register: Callable[[coprod.ScoringRule], None]) -> None:
    """Register the ``citizen-hours-per-co`` rule."""
    register(
        coprod.ScoringRule(
            name=RULE,
            metric=METRIC,
            score=hours_per_co,
            description="Volunteer hours a year divided by the number of Co's involved.",
        )
    )


@coprod.hookimpl
def register_exporters(register: Callable[[coprod.Exporter], None]) -> None:
    """Register the ``hours-csv`` exporter."""
    register(
        coprod.Exporter(
            format="hours-csv",
            media_type="text/csv",
            suffix=".csv",
            render=render_hours_csv,
            description="Volunteer hours per initiative and per Co, as CSV.",
        )
    )
