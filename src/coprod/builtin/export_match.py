"""Built-in plugin: the match report (kind ``match``) as JSON, CSV, Markdown or HTML.

``markdown`` is the default of ``coprod match``. Names appear only when the report
was made with ``include_personal_data``; with ``aggregates_only`` only the summary
and the suppressed aggregates are shown (CSV: the category-and-area table). Hidden
counts are ``null`` in JSON and ``<5`` elsewhere (see :class:`coprod.people.MatchReport`).

CSV goes through :func:`coprod.io.safe_text.write_csv` (cells from input that
begin with ``=``, ``+``, ``-``, ``@``, tab or carriage return are prefixed with
``'``; a cell holding a line break is quoted); Markdown is escaped; HTML is
rendered by Jinja2 with autoescaping, as one self-contained page.
(``002_ea409380ef17158f.txt``, ``004_2ab9b3d444068e57.txt``.)
"""

from __future__ import annotations

from collections.abc import Callable

from coprod.builtin.tabular import Page, Section, html_page, json_text, markdown_page, text_cell
from coprod.contributions import Exporter
from coprod.hookspecs import hookimpl
from coprod.io.safe_text import csv_text
from coprod.people.matching import Objective
from coprod.people.report import MatchReport
from coprod.people.scoring import ScoreBreakdown

__all__ = ["match_page"]

_OBJECTIVE_TEXT = {
    Objective.MOST: "most needs met (maximum number of matches)",
    Objective.BEST: "best matches among the most needs met",
}


def _json(report: MatchReport) -> str:
    return json_text(report.data())


def _csv(report: MatchReport) -> str:
    main = next(iter(report.tables()))
    return csv_text(main.columns, main.rows)


def _points(value: float) -> str:
    return f"{value:g}"


def _score_cells(score: ScoreBreakdown, components: tuple[str, ...]) -> tuple[str, ...]:
    """The total's cell and each component's points cell (blank when a match lacks it)."""
    # Points by name straight from the components (as_dict builds three dicts).
    parts = {c.name: c.points for c in score.components}
    return (
        _points(round(score.total, 3)),
        *(_points(round(parts[name], 3)) if name in parts else "" for name in components),
    )


def match_page(report: MatchReport) -> Page:
    """The match report as a page of tables (shared by Markdown and HTML)."""
    result, problem = report.result, report.result.problem
    aggregates = report.aggregates()
    summary = report.summary(aggregates)
    shown = report.shown
    sections: list[Section] = []
    if not report.aggregates_only:
        personal = report.include_personal_data
        needs = {n.id: n for n in problem.needs}
        providers = {p.id: p for p in problem.providers}
        components = report.component_names()
        header: tuple[str, ...] = ("Need", "Category", "Area", "Capability", "Provider", "Score")
        header += tuple(f"{name.capitalize()} points" for name in components)
        if personal:
            header += ("Requester name", "Provider name")
        rows = []
        # A result shares its score breakdowns between matches (a few dozen for
        # thousands of matches): each one's cells are worked out once, by identity
        # (the result keeps every breakdown alive while the page is built).
        points: dict[int, tuple[str, ...]] = {}
        for m in result.matches:
            need = needs[m.need_id]
            score = points.get(id(m.score))
            if score is None:
                score = points[id(m.score)] = _score_cells(m.score, components)
            row: tuple[object, ...] = (
                m.need_id,
                need.category,
                need.area,
                m.capability_id,
                m.provider_id,
                *score,
            )
            if personal:
                row += (
                    need.requester_name or "",
                    providers[m.provider_id].display_name or "",
                )
            rows.append(row)
        sections.append(
            Section(
                title="Matches",
                header=header,
                rows=tuple(rows),
                note="" if rows else "No needs were matched.",
            )
        )
        header = ("Need", "Category", "Area", "Reason", "Explanation")
        if personal:
            header += ("Requester name",)
        rows = []
        for u in result.unmatched:
            need = needs[u.need_id]
            row = (u.need_id, need.category, need.area, u.reason.label, u.explanation)
            if personal:
                row += (need.requester_name or "",)
            rows.append(row)
        sections.append(
            Section(
                title="Unmatched needs",
                header=header,
                rows=tuple(rows),
                note="" if rows else "Every need was met.",
            )
        )
    threshold = report.threshold
    sections.append(
        Section(
            title="Needs by category and area",
            header=("Category", "Area", "Needs", "Matched", "Unmatched"),
            rows=tuple(
                (a.category, a.area, shown(a.needs), shown(a.matched), shown(a.unmatched))
                for a in aggregates.by_category_and_area
            ),
            note=f"Counts from 1 to {threshold - 1} are shown as <{threshold}, with enough "
            "other cells hidden that they cannot be worked out from the totals.",
        )
    )
    sections.append(
        Section(
            title="Unmatched needs by reason",
            header=("Reason", "Needs"),
            rows=tuple((a.reason.label, shown(a.needs)) for a in aggregates.by_reason),
        )
    )
    solvers = ", ".join(result.solvers) or "none"
    line = (
        f"{shown(summary.matched)} of {shown(summary.needs)} needs met "
        f"({shown(summary.unmatched)} unmatched) from "
        f"{shown(summary.capabilities)} capabilities of "
        f"{shown(summary.providers)} providers; "
        f"total score {text_cell(summary.total_score)}."
    )
    return Page(
        title="People it: capabilities matched to needs",
        paragraphs=(f"Objective: {_OBJECTIVE_TEXT[result.objective]}. Solvers: {solvers}.", line),
        warning="This report contains personal data (names)."
        if report.include_personal_data
        else "",
        sections=tuple(sections),
    )


def _markdown(report: MatchReport) -> str:
    return markdown_page(match_page(report))


def _html(report: MatchReport) -> str:
    return html_page(match_page(report))


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register json, csv, markdown and html for the match report."""
    for format, render, description in (
        ("json", _json, "Every match and reason; stable keys."),
        ("csv", _csv, "One row per need (or the aggregates)."),
        ("markdown", _markdown, "Tables for people, escaped."),
        ("html", _html, "One self-contained page for people."),
    ):
        register(Exporter.standard(format, render, description=description, kinds=("match",)))
