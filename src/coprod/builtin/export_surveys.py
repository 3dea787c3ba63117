"""Built-in plugin: the survey reports (kinds ``likert`` and ``allocation``) as files.

Formats: ``json`` (the default of ``coprod survey``), ``csv``, ``markdown`` and ``html``.

* **JSON** numbers are exact values as floats (23.125, not 23); the keys are a
  contract other tools rely on (``docs/surveys.md``).
* **CSV** is the report's main table (:meth:`~coprod.surveys.LikertAnalysis.tables`),
  one tidy table for R or pandas, written by :func:`coprod.io.safe_text.write_csv`:
  numbers exact (a terminating decimal in full, anything else as the nearest float),
  text cells a spreadsheet would run as a formula prefixed with ``'``.
* **Markdown** and **HTML** are for people: values rounded half away from zero to
  the report's ``decimals`` places (default 0, like the seeds' tables: 6.25 is 6),
  labels escaped.

Sources: ``001_10471c76f715a525.txt`` (allocation table) and
``002_ea409380ef17158f.txt`` (Tables 1 and 2).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from coprod.builtin.tabular import Emphasis, Page, Section, html_page, json_text, markdown_page
from coprod.contributions import Exporter
from coprod.hookspecs import hookimpl
from coprod.io.safe_text import csv_text
from coprod.surveys._numbers import format_exact, format_fixed
from coprod.surveys.allocation import AllocationAnalysis
from coprod.surveys.likert import (
    LEVELS,
    LikertAnalysis,
    StatementComparison,
    StatementSummary,
)

__all__ = ["KINDS"]

#: The report kinds this plugin renders.
KINDS = ("likert", "allocation")

_LEVEL_KEYS = tuple(level.value for level in LEVELS)


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


# ------------------------------------------------------------------------------ JSON


def _statement_dict(summary: StatementSummary) -> dict[str, Any]:
    percent = summary.percent
    return {
        "statement": summary.statement,
        "n": summary.n,
        "no_answer": summary.no_answer,
        "counts": dict(zip(_LEVEL_KEYS, summary.counts, strict=True)),
        "percent": {
            key: _float(value)
            for key, value in zip(_LEVEL_KEYS, percent or (None,) * len(LEVELS), strict=True)
        },
        "net_agreement": _float(summary.net_agreement),
        "polarisation_index": _float(summary.polarisation_index),
    }


def _comparison_dict(comparison: StatementComparison) -> dict[str, Any]:
    return {
        "statement": comparison.statement,
        "from_cohort": comparison.from_cohort,
        "to_cohort": comparison.to_cohort,
        "change": {
            key: float(value) for key, value in zip(_LEVEL_KEYS, comparison.change, strict=True)
        },
        "net_agreement_change": float(comparison.net_agreement_change),
        "polarisation_index": {
            "from": _float(comparison.before.polarisation_index),
            "to": _float(comparison.after.polarisation_index),
        },
        "polarised": comparison.polarised,
    }


def likert_document(analysis: LikertAnalysis) -> dict[str, Any]:
    """The attitude-survey report as JSON-ready data (``002_…``, Tables 1 and 2).

    ``{"cohorts": [{"cohort", "respondents", "statements": [{"statement", "n",
    "no_answer", "counts", "percent", "net_agreement", "polarisation_index"}]}],
    "comparisons": [{"statement", "from_cohort", "to_cohort", "change",
    "net_agreement_change", "polarisation_index": {"from", "to"}, "polarised"}]}``;
    level keys are exactly ``strongly agree`` … ``strongly disagree``; percentages
    and net agreement are ``null`` for a statement nobody answered.
    """
    return {
        "cohorts": [
            {
                "cohort": cohort.cohort,
                "respondents": cohort.respondents,
                "statements": [_statement_dict(s) for s in cohort.statements],
            }
            for cohort in analysis.cohorts
        ],
        "comparisons": [_comparison_dict(c) for c in analysis.comparisons],
    }


def allocation_document(analysis: AllocationAnalysis) -> dict[str, Any]:
    """The allocation-survey report as JSON-ready data (``001_10471c76f715a525.txt``).

    ``{"respondents": N, "factors": [{"factor", "mean", "median", "share_allocating",
    "rank", "allocating", "barriers", "stated_mean"?}], "barrier_profile": [{"barrier",
    "mean", "factors"}], "warnings": [...]}``. ``share_allocating`` is a proportion
    from 0 to 1; ``stated_mean`` is present only when the input had an average column.
    """
    factors = []
    for summary in analysis.factors:
        entry: dict[str, Any] = {
            "factor": summary.factor,
            "mean": float(summary.mean),
            "median": float(summary.median),
            "share_allocating": float(summary.share_allocating),
            "rank": summary.rank,
            "allocating": summary.allocating,
            "barriers": list(summary.barriers),
        }
        if summary.stated_mean is not None:
            entry["stated_mean"] = float(summary.stated_mean)
        factors.append(entry)
    return {
        "respondents": analysis.respondents,
        "factors": factors,
        "barrier_profile": [
            {"barrier": share.barrier, "mean": float(share.mean), "factors": list(share.factors)}
            for share in analysis.barrier_profile
        ],
        "warnings": list(analysis.warnings),
    }


def _json(report: LikertAnalysis | AllocationAnalysis) -> str:
    if isinstance(report, LikertAnalysis):
        return json_text(likert_document(report))
    return json_text(allocation_document(report))


def _csv(report: LikertAnalysis | AllocationAnalysis) -> str:
    main = next(iter(report.tables()))
    return csv_text(main.columns, main.rows)


# ----------------------------------------------------------------------- for people


def _places(decimals: int) -> str:
    if decimals == 0:
        return "whole numbers"
    return f"{decimals} decimal place" + ("s" if decimals > 1 else "")


def _people(count: int) -> str:
    return f"{count} respondent" + ("" if count == 1 else "s")


def _likert_page(analysis: LikertAnalysis) -> Page:
    decimals = analysis.decimals

    def pct(value: Fraction | None) -> str:
        return "–" if value is None else f"{format_fixed(value, decimals)}%"

    def points(value: Fraction | None) -> str:
        return "–" if value is None else format_fixed(value, decimals, sign=True)

    level_titles = tuple(key.capitalize() for key in _LEVEL_KEYS)
    sections = [
        Section(
            title=f"{cohort.cohort} ({_people(cohort.respondents)})",
            header=("Statement", "n", *level_titles, "Net agreement", "No answer"),
            align="lrrrrrrrr",
            rows=tuple(
                (
                    s.statement,
                    str(s.n),
                    *(pct(p) for p in (s.percent or (None,) * len(LEVELS))),
                    points(s.net_agreement),
                    str(s.no_answer),
                )
                for s in cohort.statements
            ),
        )
        for cohort in analysis.cohorts
    ]
    pairs: dict[tuple[str, str], list[StatementComparison]] = {}
    for comparison in analysis.comparisons:
        pairs.setdefault((comparison.from_cohort, comparison.to_cohort), []).append(comparison)
    for (before, after), comparisons in pairs.items():
        sections.append(
            Section(
                title=f"{after} compared with {before}",
                paragraphs=(
                    "Change of each share in percentage points. Polarised: the polarisation "
                    "index (twice the smaller of agreeing and disagreeing) rose by at least "
                    f"{format_exact(comparisons[0].threshold)} points and neither side has a "
                    "majority.",
                ),
                header=("Statement", *level_titles, "Net agreement", "Polarised"),
                align="lrrrrrrl",
                rows=tuple(
                    (
                        c.statement,
                        *(points(v) for v in c.change),
                        points(c.net_agreement_change),
                        Emphasis("yes") if c.polarised else "no",
                    )
                    for c in comparisons
                ),
            )
        )
    return Page(
        title="Attitude survey",
        paragraphs=(
            "Percentages are of those who answered, rounded half away from zero to "
            f"{_places(decimals)}, so a row may add up to a little more or less than 100%. "
            "Net agreement is agree + strongly agree − disagree − strongly disagree, in "
            "percentage points.",
        ),
        sections=tuple(sections),
    )


def _allocation_page(analysis: AllocationAnalysis) -> Page:
    decimals = analysis.decimals
    tagged = any(f.barriers for f in analysis.factors)
    header: tuple[str, ...] = ("Rank", "Factor", "Mean", "Median", "Allocating")
    align = "rlrrr"
    if tagged:
        header += ("Barriers",)
        align += "l"
    rows = []
    for f in analysis.factors:
        row: tuple[str, ...] = (
            str(f.rank),
            f.factor,
            format_fixed(f.mean, decimals),
            format_fixed(f.median, decimals),
            f"{f.allocating} ({format_fixed(100 * f.share_allocating, decimals)}%)",
        )
        if tagged:
            row += (", ".join(f.barriers),)
        rows.append(row)
    sections = [Section(title="", header=header, align=align, rows=tuple(rows))]
    if analysis.barrier_profile:
        sections.append(
            Section(
                title="Barrier profile",
                paragraphs=(
                    "Mean share of the budget going to factors tagged with each barrier (a "
                    "factor with several barriers is split equally between them).",
                ),
                header=("Barrier", "Mean", "Factors"),
                align="lrl",
                rows=tuple(
                    (share.barrier, format_fixed(share.mean, decimals), "; ".join(share.factors))
                    for share in analysis.barrier_profile
                ),
            )
        )
    if analysis.warnings:
        sections.append(Section(title="Warnings", bullets=analysis.warnings))
    return Page(
        title="Budget allocation survey",
        paragraphs=(
            f"{_people(analysis.respondents)}. Mean and median of the percentage of the "
            "budget increase given to each factor, over all respondents (a blank counts as "
            f"0), rounded half away from zero to {_places(decimals)}. Rank 1 has the largest "
            "mean; equal means share a rank.",
        ),
        sections=tuple(sections),
    )


def _page(report: LikertAnalysis | AllocationAnalysis) -> Page:
    if isinstance(report, LikertAnalysis):
        return _likert_page(report)
    return _allocation_page(report)


def _markdown(report: LikertAnalysis | AllocationAnalysis) -> str:
    return markdown_page(_page(report))


def _html(report: LikertAnalysis | AllocationAnalysis) -> str:
    return html_page(_page(report))


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register json, csv, markdown and html for the likert and allocation reports."""
    for format, render, description in (
        ("json", _json, "Exact values; stable keys."),
        ("csv", _csv, "The main table, tidy, numbers exact."),
        ("markdown", _markdown, "Rounded for people, escaped."),
        ("html", _html, "One self-contained page for people."),
    ):
        register(Exporter.standard(format, render, description=description, kinds=KINDS))
