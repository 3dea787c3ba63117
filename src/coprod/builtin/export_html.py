"""Built-in plugin: the ``html`` report format, one self-contained file.

Rendered with Jinja2 with autoescaping on, from ``templates/report.html.j2``
(package data). The file makes no external requests and needs no JavaScript: CSS
is inline (with print styles), the Star chart and the Priority Matrix are inline
SVG built by :mod:`coprod.builtin.charts`, and explanations open with
``<details>``. A Content-Security-Policy meta tag forbids scripts and every
external resource, as a second line of defence behind escaping.

Safety: every string from the input reaches the page through Jinja2's
autoescaping, through :func:`html.escape` in the SVG builders before the SVG is
marked safe, or, in the initiatives table, through :func:`_escape`, which escapes
exactly as the autoescaping does, before the row is marked safe. Websites are
linked only when :func:`coprod.builtin.cells.safe_url` accepts them (absolute
``http``/``https``); any other value is shown as text.

Speed: the initiatives table, the part that grows with the work, is built row by
row in Python (:class:`_InitiativeRows`) rather than by per-cell template lookups,
and each metric is explained once per distinct tuple of rule outputs
(:class:`coprod.builtin.tabular.Explanations`). :func:`write_html` streams the
page as the template generates it, the rows one at a time. The Priority Matrix
plots at most :data:`coprod.builtin.charts.MAX_MATRIX_POINTS` initiatives and its
caption says when it leaves some out.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from importlib import resources
from typing import TYPE_CHECKING, Any, TextIO

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
from coprod.builtin.tabular import Explanations
from coprod.catalogues import priority_advice
from coprod.contributions import Exporter, Severity
from coprod.evaluation import ContributionStatus
from coprod.hookspecs import hookimpl
from coprod.model.explorer import Extent
from coprod.model.priority import PriorityQuadrant
from coprod.model.stakeholders import StakeholderQuadrant
from coprod.model.star import Co

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

    from coprod.evaluation import MetricScore
    from coprod.report import Report

__all__ = ["TEMPLATE", "html_context", "render_html", "write_html"]

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

_PRIORITY_METRICS = ("impact", "effort")


def _escape(text: str) -> str:
    """``text`` escaped exactly as Jinja2's autoescaping (:func:`markupsafe.escape`) does.

    ``& < > ' "`` become ``&amp; &lt; &gt; &#39; &#34;``. A plain ``str``, never
    ``Markup`` (adding a ``Markup`` to a ``str`` would escape the ``str``), and
    cheaper than ``str(escape(text))`` for the many short texts of a large table
    (tests/report/test_report_html_markdown_fast.py checks it against markupsafe).
    """
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


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


def _why(explained: MetricScore) -> tuple[bool, str]:
    """Whether the score is complete, and how it was reached, escaped for a ``<details>``."""
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
    return explained.complete, _escape("\n".join(lines))


_WARN = ' <span class="warn" title="incomplete: a rule failed">!</span>'
_NO_RULE = '<td class="num"><span class="na" title="no rule applies">–</span></td>'


class _InitiativeRows:
    """The initiatives table's ``<tr>`` rows, built lazily (each pass builds them anew).

    The template loops over these rather than over per-cell data: for a large report
    Jinja2's per-attribute lookups and autoescape calls cost several times what these
    f-strings do. Every input text goes through :func:`_escape`, which escapes
    exactly as the template's autoescaping does; each row is then marked safe. The
    rows are what the template wrote before, byte for byte
    (tests/report/test_report_html_markdown_fast.py keeps that template to compare).
    """

    def __init__(self, report: Report) -> None:
        self.report = report

    def __bool__(self) -> bool:
        return bool(self.report.initiatives)

    def __iter__(self) -> Iterator[Markup]:
        from markupsafe import Markup

        report = self.report
        unit, currency = report.resource_unit, report.currency
        explanations = Explanations(report.evaluation, _why)
        barrier_labels = {
            u.barrier.id: u.barrier.label for p in report.barriers for u in p.barriers
        }
        escaped: dict[str, str] = {}  # repeated texts (services, classes), escaped once

        def memo(text: str) -> str:
            found = escaped.get(text)
            if found is None:
                found = _escape(text)
                if len(escaped) < 4096:
                    escaped[text] = found
            return found

        shown: dict[tuple[str, float], str] = {}

        def value_text(metric: str, value: float | None) -> str:
            if value is None:
                return ""
            if value == 0:  # 0.0 and -0.0 are one key: format them afresh
                return memo(metric_cell(metric, value, unit, currency))
            found = shown.get((metric, value))
            if found is None:
                found = _escape(metric_cell(metric, value, unit, currency))
                if len(shown) < 16384:
                    shown[(metric, value)] = found
            return found

        def cell(initiative: str, metric: str, value: float | None) -> str:
            complete, why = explanations(initiative, metric)
            text = value_text(metric, value)
            if not text and complete:
                return _NO_RULE
            return (
                f'<td class="num"><details><summary>{text or "?"}'
                f"{'' if complete else _WARN}</summary>"
                f'<div class="why">{why}</div></details></td>'
            )

        for n, i in enumerate(report.initiatives, 1):
            name = _escape(i.name)
            href = safe_url(i.website) if i.website else None
            if href:
                name = f'<a href="{_escape(href)}" rel="nofollow noopener noreferrer">{name}</a>'
            tag = (
                ""
                if i.status.value == "existing"
                else f' <span class="tag">{memo(i.status.value)}</span>'
            )
            barriers = ", ".join(barrier_labels.get(b, b) for b in i.barriers)
            unlinked = bool(i.website) and not href
            about = ""
            if i.description or barriers or unlinked:
                about = (
                    '<details class="about"><summary>about</summary><div class="why">'
                    + _escape(i.description)
                    + (f"\nBarriers: {_escape(barriers)}" if barriers else "")
                    + (f"\nWebsite (not linked): {_escape(i.website or '')}" if unlinked else "")
                    + "</div></details>"
                )
            position = i.position
            if position is None:
                quadrant = '<span class="na">not rated</span>'
            else:
                q = position.quadrant
                quadrant = f'<span class="q {_QUADRANT_CLASS[q]}">{memo(q.value)}</span>'
            priority = "".join(cell(i.id, m, v) for m, v in i.metrics if m in _PRIORITY_METRICS)
            metrics = "".join(cell(i.id, m, v) for m, v in i.metrics if m not in _PRIORITY_METRICS)
            yield Markup(
                f'      <tr id="i{n}">\n'
                f'        <td class="num">{n}</td>\n'
                f'        <td class="name text"><strong>{name}</strong>{tag}'
                f'          <div class="small">{memo(i.service_name)} · '
                f'<span class="id">{_escape(i.id)}</span></div>\n'
                f"{about}</td>\n"
                f'        <td class="small">{memo(", ".join(co.value for co in i.cos))}</td>\n'
                f"        <td>{memo(i.service_model or '')}</td>\n"
                f"        <td>{memo(i.form or '')}</td>\n"
                f"{priority}        <td>{quadrant}</td>\n"
                f"{metrics}      </tr>\n"
            )


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

    by_id = {i.id: i for i in report.initiatives}
    points = [
        MatrixPoint(n, i.name, i.position.impact, i.position.effort, i.position.quadrant)
        for n, i in enumerate(report.initiatives, 1)
        if i.position is not None
    ]
    first = report.initiatives[0].metrics if report.initiatives else ()
    priority_names = [
        {"name": m, "label": metric_heading(m, report.resource_unit, report.currency)}
        for m, _ in first
        if m in _PRIORITY_METRICS
    ]

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
            "row": {
                "service": by_id[q].service_name,
                "cos": ", ".join(co.value for co in by_id[q].cos),
                "service_model": by_id[q].service_model or "",
                "description": by_id[q].description,
            },
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
        "legend_quadrants": [
            (q.value, QUADRANT_COLOURS[q], advice.text) for q, advice in priority_advice().items()
        ],
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
        "priority_names": priority_names,
        "initiatives": bool(report.initiatives),
        "initiative_rows": _InitiativeRows(report),
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


def write_html(report: Report, stream: TextIO) -> None:
    """Write :func:`render_html`'s page to ``stream`` as the template produces it (the
    exporter's ``write``): the initiatives' rows are built one at a time, never held."""
    batch: list[str] = []
    size = 0
    for chunk in _template().generate(html_context(report)):
        batch.append(chunk)
        size += len(chunk)
        if size >= 1 << 16:
            stream.write("".join(batch))
            batch.clear()
            size = 0
    stream.write("".join(batch))


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register the ``html`` format."""
    register(
        Exporter(
            format="html",
            media_type="text/html",
            suffix=".html",
            render=render_html,
            write=write_html,
            description="One self-contained HTML page (no scripts, no external requests) "
            "with an SVG Star chart and Priority Matrix; readable on screen and in print.",
        )
    )
