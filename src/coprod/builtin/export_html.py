"""Built-in plugin: the ``html`` report format, one self-contained file.

Rendered with Jinja2 with autoescaping on, from ``templates/report.html.j2``
(package data). The file makes no external requests and needs no JavaScript: CSS
is inline (with print styles), the Star chart and the Priority Matrix are inline
SVG built by :mod:`coprod.builtin.charts`, and explanations open with
``<details>``. A Content-Security-Policy meta tag forbids scripts and every
external resource, as a second line of defence behind escaping.

Safety: every string from the input reaches the page through Jinja2's
autoescaping, or through :func:`html.escape` in the SVG builders before the SVG
is marked safe. Websites are linked only when :func:`coprod.builtin.cells.safe_url`
accepts them (absolute ``http``/``https``); any other value is shown as text.

Speed: the template only loops over prepared rows; explanations are prepared as
plain text per metric, so rendering stays linear and light. The Priority Matrix
plots at most :data:`coprod.builtin.charts.MAX_MATRIX_POINTS` initiatives and its
caption says when it leaves some out.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib import resources
from typing import TYPE_CHECKING, Any

from coprod.builtin.cells import (
    format_decimal,
    format_money,
    format_number,
    metric_cell,
    metric_heading,
    network_view,
    public_change,
    safe_url,
    scheme_text,
)
from coprod.builtin.charts import (
    MAX_MATRIX_POINTS,
    QUADRANT_COLOURS,
    MatrixPoint,
    priority_matrix_svg,
    star_chart_svg,
)
from coprod.builtin.market_sections import market_html
from coprod.builtin.plan_sections import plan_html
from coprod.contributions import Exporter, Severity
from coprod.evaluation import ContributionStatus
from coprod.hookspecs import hookimpl
from coprod.model.explorer import Extent
from coprod.model.priority import PriorityQuadrant
from coprod.model.stakeholders import StakeholderQuadrant
from coprod.model.star import Co

if TYPE_CHECKING:
    import jinja2

    from coprod.report import InitiativeReport, Report

__all__ = ["TEMPLATE", "html_context", "render_html"]

#: The template's name inside ``coprod/builtin/templates``.
TEMPLATE = "report.html.j2"

_EXTENT_CLASS = {
    Extent.NONE: "x-none",
    Extent.IN_POCKETS: "x-pockets",
    Extent.DEVELOPING: "x-developing",
    Extent.SYSTEMATIC: "x-systematic",
}
_QUADRANT_CLASS = {
    PriorityQuadrant.QUICK_WIN: "q-quick-win",
    PriorityQuadrant.MAJOR_PROJECT: "q-major-project",
    PriorityQuadrant.FILL_IN: "q-fill-in",
    PriorityQuadrant.BACK_BURNER: "q-back-burner",
}


@functools.lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    import jinja2

    source = resources.files("coprod.builtin").joinpath("templates").joinpath(TEMPLATE)
    environment = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.from_string(source.read_text(encoding="utf-8"))


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


def _link(url: str | None) -> dict[str, str | None] | None:
    if not url:
        return None
    return {"text": url, "href": safe_url(url)}


def _explain(report: Report, initiative: InitiativeReport) -> list[dict[str, Any]]:
    """Each metric's value and how it was reached, as text for one ``<details>``."""
    out = []
    score = report.evaluation.score
    for metric, value in initiative.metrics:
        explained = score(initiative.id, metric)
        shown = metric_cell(metric, value, report.resource_unit, report.currency)
        lines = []
        for c in explained.contributions:
            if c.status is ContributionStatus.APPLIED:
                lines.append(
                    f"{c.rule} ({c.plugin}): {format_number(c.score)} × "
                    f"{format_number(c.weight, digits=3)} = {format_number(c.value)}"
                )
            elif c.status is ContributionStatus.FAILED:
                lines.append(f"{c.rule} ({c.plugin}) failed: {c.error or 'no detail'}")
            else:
                lines.append(f"{c.rule} ({c.plugin}): does not apply")
        lines.append(f"Combined as the {explained.combination}.")
        out.append(
            {
                "metric": metric,
                "label": metric_heading(metric, report.resource_unit, report.currency),
                "value": shown,
                "complete": explained.complete,
                "why": "\n".join(lines),
            }
        )
    return out


def _stakeholder_grid(report: Report) -> dict[str, Any]:
    groups = {
        group.quadrant: {
            "title": group.quadrant.value.capitalize(),
            "advice": group.advice,
            "people": [
                {
                    "name": s.name,
                    "stance": s.stance.value,
                    "propensity": None if s.propensity is None else s.propensity.value,
                    "description": s.description,
                }
                for s in group.stakeholders
            ],
        }
        for group in report.stakeholders
    }
    empty = {"title": "", "advice": "", "people": []}
    return {
        "partners": groups.get(StakeholderQuadrant.PARTNERS_AND_CHAMPIONS, empty),
        "opponents": groups.get(StakeholderQuadrant.OPPONENTS_TO_WATCH, empty),
        "satisfied": groups.get(StakeholderQuadrant.KEEP_SATISFIED, empty),
        "on_board": groups.get(StakeholderQuadrant.KEEP_ON_BOARD, empty),
        "silent": groups.get(StakeholderQuadrant.SILENT_MAJORITY, empty),
        "any": any(group.stakeholders for group in report.stakeholders),
    }


def html_context(report: Report) -> dict[str, Any]:
    """Everything the template needs, prepared (numbers formatted, links checked)."""
    from markupsafe import Markup

    org = report.organisation
    totals = report.totals
    numbers = {i.id: n for n, i in enumerate(report.initiatives, 1)}
    names = {i.id: i.name for i in report.initiatives}
    metric_names = [
        {"name": m, "label": metric_heading(m, report.resource_unit, report.currency)}
        for m in report.metrics
        if m not in ("impact", "effort")
    ]
    barrier_labels = {u.barrier.id: u.barrier.label for p in report.barriers for u in p.barriers}

    initiatives = []
    points = []
    for n, i in enumerate(report.initiatives, 1):
        position = i.position
        everything = _explain(report, i)
        explained = [e for e in everything if e["metric"] not in ("impact", "effort")]
        priority = [e for e in everything if e["metric"] in ("impact", "effort")]
        if position is not None:
            points.append(
                MatrixPoint(n, i.name, position.impact, position.effort, position.quadrant)
            )
        initiatives.append(
            {
                "number": n,
                "id": i.id,
                "name": i.name,
                "link": _link(i.website),
                "service": i.service_name,
                "cos": ", ".join(co.value for co in i.cos),
                "status": i.status.value,
                "service_model": i.service_model or "",
                "form": i.form or "",
                "quadrant": "" if position is None else position.quadrant.value,
                "quadrant_class": "" if position is None else _QUADRANT_CLASS[position.quadrant],
                "priority": priority,
                "metrics": explained,
                "incomplete": ", ".join(i.incomplete),
                "barriers": ", ".join(barrier_labels.get(b, b) for b in i.barriers),
                "description": i.description,
            }
        )

    plotted = min(len(points), MAX_MATRIX_POINTS)
    caption = f"{plotted} rated initiative{'s' if plotted != 1 else ''}, numbered as in the tables."
    if len(points) > plotted:
        caption = (
            f"Showing the first {plotted} of {len(points)} rated initiatives (numbered as in "
            "the tables); the initiatives table lists every position."
        )
    unrated = len(report.initiatives) - len(points)
    if unrated:
        caption += f" {unrated} initiative{'s are' if unrated != 1 else ' is'} not rated."

    quick = [
        {
            "number": numbers[q],
            "name": names[q],
            "row": initiatives[numbers[q] - 1],
        }
        for q in report.quick_wins
    ]

    explorer_rows = []
    for service in report.services:
        cells = []
        for cell in service.cells:
            n = len(cell.initiatives)
            evidence = f"{n} existing initiative{'s' if n != 1 else ''}" if n else ""
            if not cell.mapped and n:
                evidence += ", not mapped"
            cells.append(
                {
                    "class": _EXTENT_CLASS[cell.extent],
                    "extent": cell.extent.value if cell.mapped or n else "not mapped",
                    "gap": cell.extent is Extent.NONE,
                    "actors": ", ".join(a.value for a in cell.actors),
                    "evidence": evidence,
                }
            )
        explorer_rows.append(
            {"name": service.name, "cells": cells, "count": len(service.initiatives)}
        )

    messages, figures, tables = (
        network_view(report.network, {s.id: s.name for s in report.assessment.stakeholders})
        if report.network is not None
        else ((), (), ())
    )
    severities = []
    for severity in reversed(Severity):
        found = [f for f in report.findings if f.severity is severity]
        if found:
            severities.append(
                {
                    "name": severity.value,
                    "title": severity.value.capitalize(),
                    "findings": [
                        {
                            "message": f.message,
                            "context": ", ".join(
                                w
                                for w in (
                                    f.step.title if f.step else "",
                                    f.source,
                                    f.plugin,
                                    names.get(f.initiative or "", f.initiative or ""),
                                )
                                if w
                            ),
                        }
                        for f in found
                    ],
                }
            )

    worth = ""
    if totals.volunteer_value is not None:
        worth = f", worth {format_money(totals.volunteer_value, report.currency)}"
        if totals.volunteer_hourly_rate is not None:
            rate = format_money(totals.volunteer_hourly_rate, report.currency, pence=True)
            worth += f" at {rate} an hour"
    cards = [
        ("Initiatives", str(totals.initiatives), f"across {totals.services} services"),
        ("Quick wins", str(len(report.quick_wins)), "high impact, low effort"),
        (
            "Volunteer time",
            f"{format_decimal(totals.volunteer_hours)} h",
            f"hours a year{worth}",
        ),
    ]
    if totals.public_saving is not None:
        label, figure = public_change(totals.public_saving, report.resource_unit, report.currency)
        cards.append((label, figure, "a year, across the initiatives with resource figures"))
    cards.append(
        ("Explorer gaps", str(len(report.gaps)), "service × Co cells with no co-production yet")
    )
    provenance = report.provenance
    builtins = [p for p in provenance.plugins if p.kind == "builtin"]
    rules = [(r.metric, r.name, r.weight) for r in report.evaluation.rules]
    scheme_lines = scheme_text(report.scheme, provenance.scheme_plugin, rules)

    return {
        "title": f"Co-Production Star report: {org.name}",
        "org": {
            "name": org.name,
            "kind": org.kind,
            "area": org.area,
            "link": _link(org.website),
        },
        "generator": report.generator,
        "cards": cards,
        "breakdowns": [
            (label, pairs)
            for label, pairs in (
                ("Service models", totals.by_service_model),
                ("Forms of co-production", totals.by_form),
                ("Priority Matrix", totals.by_quadrant),
                ("Findings", totals.findings_by_severity),
            )
            if pairs
        ],
        "star_svg": Markup(star_chart_svg(report.star, title=f"The Star of {org.name}")),
        "star_rows": [
            {
                "co": p.co.label,
                "description": p.co.description,
                "score": _percent(p.score),
                "reach": _percent(p.reach),
                "counts": [n for _, n in p.services_by_extent],
            }
            for p in report.star
        ],
        "extents": [(e.value, _EXTENT_CLASS[e]) for e in Extent],
        "cos": [co.label for co in Co],
        "explorer": explorer_rows,
        "gaps": [
            {
                "service": g.service_name,
                "co": g.co.label,
                "cases": [name for _, name in g.case_studies],
            }
            for g in report.gaps
        ],
        "matrix_svg": Markup(
            priority_matrix_svg(points, report.scheme, title=f"Priority Matrix of {org.name}")
        ),
        "matrix_caption": caption,
        "matrix_legend": [
            {
                "number": p.number,
                "name": p.label,
                "quadrant": p.quadrant.value,
                "colour": QUADRANT_COLOURS[p.quadrant],
                "impact": format_number(p.impact),
                "effort": format_number(p.effort),
            }
            for p in points[:MAX_MATRIX_POINTS]
        ],
        "legend_quadrants": [(q.value, QUADRANT_COLOURS[q], q.advice) for q in PriorityQuadrant],
        "scheme": scheme_lines,
        "about": {
            "version": provenance.coprod_version,
            "date": None if provenance.date is None else provenance.date.isoformat(),
            "input": provenance.input_name,
            "sha256": provenance.input_sha256,
            "plugins": [
                f"built-in: {', '.join(p.name.rsplit('.', 1)[-1] for p in builtins)}"
                if builtins
                else "",
                *(p.describe() for p in provenance.plugins if p.kind != "builtin"),
            ],
            "blocked": list(provenance.blocked),
            "currency": report.currency,
            "resource_unit": report.resource_unit.value,
        },
        "quick_wins": quick,
        "metric_names": metric_names,
        "initiatives": initiatives,
        "barriers": [
            {
                "category": b.category.value.capitalize(),
                "mentions": b.mentions,
                "barriers": [
                    {
                        "label": u.barrier.label,
                        "description": u.barrier.description,
                        "count": len(u.initiatives),
                        "initiatives": ", ".join(names.get(x, x) for x in u.initiatives),
                    }
                    for u in b.barriers
                ],
            }
            for b in report.barriers
        ],
        "max_uses": max(
            (len(u.initiatives) for b in report.barriers for u in b.barriers), default=0
        ),
        "stakeholders": _stakeholder_grid(report),
        "network": {
            "present": report.network is not None,
            "messages": messages,
            "figures": figures,
            "tables": tables,
        },
        "severities": severities,
        # The action plan and raters' agreement (coprod.builtin.plan_sections).
        "plan_section": plan_html(report),
        # Market it and the business case (coprod.builtin.market_sections).
        "market_section": market_html(report),
    }


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page."""
    return _template().render(html_context(report))


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register the ``html`` format."""
    register(
        Exporter(
            format="html",
            media_type="text/html",
            suffix=".html",
            render=render_html,
            description="One self-contained HTML page (no scripts, no external requests) "
            "with an SVG Star chart and Priority Matrix; readable on screen and in print.",
        )
    )
