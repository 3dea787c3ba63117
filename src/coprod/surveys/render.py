"""Survey results out: plain data for JSON, and JSON, CSV or markdown text.

* **JSON** numbers are exact values as floats (23.125, not 23); the keys are a
  contract that other tools rely on (see ``docs/surveys.md``).
* **CSV** is one tidy table for R or pandas: numbers exact (a terminating decimal
  is written in full, anything else as the nearest float); text cells that a
  spreadsheet would run as a formula are prefixed with ``'``.
* **markdown** is for people: values rounded half away from zero to ``decimals``
  places (default 0, like the seeds' tables: 6.25 is shown as 6), labels escaped.

Sources: ``001_10471c76f715a525.txt`` (allocation table) and
``002_ea409380ef17158f.txt`` (Tables 1 and 2).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, Literal

from coprod.surveys._numbers import format_exact, format_fixed
from coprod.surveys._text import escape_markdown, neutralise_cell
from coprod.surveys.allocation import AllocationAnalysis
from coprod.surveys.likert import (
    LEVELS,
    LikertAnalysis,
    StatementComparison,
    StatementSummary,
)

__all__ = [
    "FORMATS",
    "Format",
    "allocation_to_dict",
    "likert_to_dict",
    "render_allocation",
    "render_likert",
]

#: Output formats of :func:`render_likert` and :func:`render_allocation`.
Format = Literal["json", "csv", "markdown"]
FORMATS: tuple[Format, ...] = ("json", "csv", "markdown")

_LEVEL_KEYS = tuple(level.value for level in LEVELS)
_LEVEL_COLUMNS = tuple(key.replace(" ", "_") for key in _LEVEL_KEYS)


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


# ------------------------------------------------------------------------------ data


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


def likert_to_dict(analysis: LikertAnalysis) -> dict[str, Any]:
    """The attitude-survey result as JSON-ready data (``002_…``, Tables 1 and 2).

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


def allocation_to_dict(analysis: AllocationAnalysis) -> dict[str, Any]:
    """The allocation-survey result as JSON-ready data (``001_10471c76f715a525.txt``).

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


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# ------------------------------------------------------------------------------- CSV


def _number(value: Fraction | None) -> str:
    return "" if value is None else format_exact(value)


def _csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _likert_csv(analysis: LikertAnalysis) -> str:
    header = [
        "cohort",
        "statement",
        "respondents",
        "n",
        "no_answer",
        *(f"count_{c}" for c in _LEVEL_COLUMNS),
        *(f"percent_{c}" for c in _LEVEL_COLUMNS),
        "net_agreement",
        "polarisation_index",
        "compared_with",
        *(f"change_{c}" for c in _LEVEL_COLUMNS),
        "net_agreement_change",
        "polarised",
    ]
    compared = {(c.to_cohort, c.statement): c for c in analysis.comparisons}
    rows = []
    for cohort in analysis.cohorts:
        for summary in cohort.statements:
            percent = summary.percent or (None,) * len(LEVELS)
            comparison = compared.get((cohort.cohort, summary.statement))
            if comparison is None:
                versus = ["", *([""] * len(LEVELS)), "", ""]
            else:
                versus = [
                    neutralise_cell(comparison.from_cohort),
                    *(_number(v) for v in comparison.change),
                    _number(comparison.net_agreement_change),
                    "yes" if comparison.polarised else "no",
                ]
            rows.append(
                [
                    neutralise_cell(cohort.cohort),
                    neutralise_cell(summary.statement),
                    str(summary.respondents),
                    str(summary.n),
                    str(summary.no_answer),
                    *(str(c) for c in summary.counts),
                    *(_number(p) for p in percent),
                    _number(summary.net_agreement),
                    _number(summary.polarisation_index),
                    *versus,
                ]
            )
    return _csv(header, rows)


def _allocation_csv(analysis: AllocationAnalysis) -> str:
    header = [
        "factor",
        "mean",
        "median",
        "share_allocating",
        "allocating",
        "rank",
        "barriers",
        "stated_mean",
    ]
    rows = [
        [
            neutralise_cell(f.factor),
            _number(f.mean),
            _number(f.median),
            _number(f.share_allocating),
            str(f.allocating),
            str(f.rank),
            ";".join(f.barriers),
            "" if f.stated_mean is None else format_exact(Fraction(f.stated_mean)),
        ]
        for f in analysis.factors
    ]
    return _csv(header, rows)


# -------------------------------------------------------------------------- markdown


def _table(header: Sequence[str], align: str, rows: Sequence[Sequence[str]]) -> list[str]:
    """Markdown table lines; ``align`` has one letter per column, ``l`` or ``r``."""
    rule = ["---" if a == "l" else "--:" for a in align]
    return [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join(rule) + " |",
        *("| " + " | ".join(row) + " |" for row in rows),
    ]


def _likert_markdown(analysis: LikertAnalysis, decimals: int) -> str:
    def pct(value: Fraction | None) -> str:
        return "–" if value is None else f"{format_fixed(value, decimals)}%"

    def points(value: Fraction | None) -> str:
        return "–" if value is None else format_fixed(value, decimals, sign=True)

    level_titles = [key.capitalize() for key in _LEVEL_KEYS]
    lines = [
        "# Attitude survey",
        "",
        "Percentages are of those who answered, rounded half away from zero to "
        f"{_places(decimals)}, so a row may add up to a little more or less than 100%. "
        "Net agreement is agree + strongly agree − disagree − strongly disagree, in "
        "percentage points.",
    ]
    for cohort in analysis.cohorts:
        lines += ["", f"## {escape_markdown(cohort.cohort)} ({_people(cohort.respondents)})", ""]
        rows = [
            [
                escape_markdown(s.statement),
                str(s.n),
                *(pct(p) for p in (s.percent or (None,) * len(LEVELS))),
                points(s.net_agreement),
                str(s.no_answer),
            ]
            for s in cohort.statements
        ]
        header = ["Statement", "n", *level_titles, "Net agreement", "No answer"]
        lines += _table(header, "lrrrrrrrr", rows)
    pairs: dict[tuple[str, str], list[StatementComparison]] = {}
    for comparison in analysis.comparisons:
        pairs.setdefault((comparison.from_cohort, comparison.to_cohort), []).append(comparison)
    for (before, after), comparisons in pairs.items():
        lines += [
            "",
            f"## {escape_markdown(after)} compared with {escape_markdown(before)}",
            "",
            "Change of each share in percentage points. *Polarised*: the polarisation "
            "index (twice the smaller of agreeing and disagreeing) rose by at least "
            f"{format_exact(comparisons[0].threshold)} points and neither side has a majority.",
            "",
        ]
        rows = [
            [
                escape_markdown(c.statement),
                *(points(v) for v in c.change),
                points(c.net_agreement_change),
                "**yes**" if c.polarised else "no",
            ]
            for c in comparisons
        ]
        header = ["Statement", *level_titles, "Net agreement", "Polarised"]
        lines += _table(header, "lrrrrrrl", rows)
    return "\n".join(lines) + "\n"


def _allocation_markdown(analysis: AllocationAnalysis, decimals: int) -> str:
    tagged = any(f.barriers for f in analysis.factors)
    lines = [
        "# Budget allocation survey",
        "",
        f"{_people(analysis.respondents)}. Mean and median of the percentage of the budget "
        "increase given to each factor, over all respondents (a blank counts as 0), "
        f"rounded half away from zero to {_places(decimals)}. Rank 1 has the largest mean; "
        "equal means share a rank.",
        "",
    ]
    header = ["Rank", "Factor", "Mean", "Median", "Allocating"]
    align = "rlrrr"
    if tagged:
        header.append("Barriers")
        align += "l"
    rows = []
    for f in analysis.factors:
        row = [
            str(f.rank),
            escape_markdown(f.factor),
            format_fixed(f.mean, decimals),
            format_fixed(f.median, decimals),
            f"{f.allocating} ({format_fixed(100 * f.share_allocating, decimals)}%)",
        ]
        if tagged:
            row.append(", ".join(escape_markdown(b) for b in f.barriers))
        rows.append(row)
    lines += _table(header, align, rows)
    if analysis.barrier_profile:
        lines += [
            "",
            "## Barrier profile",
            "",
            "Mean share of the budget going to factors tagged with each barrier (a factor "
            "with several barriers is split equally between them).",
            "",
        ]
        lines += _table(
            ["Barrier", "Mean", "Factors"],
            "lrl",
            [
                [
                    escape_markdown(share.barrier),
                    format_fixed(share.mean, decimals),
                    "; ".join(escape_markdown(f) for f in share.factors),
                ]
                for share in analysis.barrier_profile
            ],
        )
    if analysis.warnings:
        lines += ["", "## Warnings", ""]
        lines += [f"- {escape_markdown(w)}" for w in analysis.warnings]
    return "\n".join(lines) + "\n"


def _places(decimals: int) -> str:
    if decimals == 0:
        return "whole numbers"
    return f"{decimals} decimal place" + ("s" if decimals > 1 else "")


def _people(count: int) -> str:
    return f"{count} respondent" + ("" if count == 1 else "s")


# ---------------------------------------------------------------------------- public


def _check(fmt: str, decimals: int) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if not 0 <= decimals <= 6:
        raise ValueError(f"decimals must be from 0 to 6, got {decimals!r}")


def render_likert(analysis: LikertAnalysis, fmt: Format = "json", *, decimals: int = 0) -> str:
    """The attitude-survey result as ``json``, ``csv`` or ``markdown`` text.

    ``decimals`` sets the display rounding of markdown (half away from zero); JSON
    and CSV are exact. (``002_ea409380ef17158f.txt``, Tables 1 and 2.)
    """
    _check(fmt, decimals)
    if fmt == "json":
        return _json(likert_to_dict(analysis))
    if fmt == "csv":
        return _likert_csv(analysis)
    return _likert_markdown(analysis, decimals)


def render_allocation(
    analysis: AllocationAnalysis, fmt: Format = "json", *, decimals: int = 0
) -> str:
    """The allocation-survey result as ``json``, ``csv`` or ``markdown`` text.

    ``decimals`` sets the display rounding of markdown (half away from zero; the
    seed shows whole numbers, 6.25 as 6); JSON and CSV are exact.
    (``001_10471c76f715a525.txt``.)
    """
    _check(fmt, decimals)
    if fmt == "json":
        return _json(allocation_to_dict(analysis))
    if fmt == "csv":
        return _allocation_csv(analysis)
    return _allocation_markdown(analysis, decimals)
