"""The assessment report's Market it and business-case sections, in every built-in format.

Kept apart from the report's other sections so each exporter gains them with a
one-line insertion: :func:`market_json` (keys ``market`` and ``business_case``),
:func:`market_markdown`, :func:`market_summary` and :func:`market_html` (autoescaped
by Jinja2; the charts are inline SVG with every label escaped). Every business-case
figure comes with the parameter set, the volunteer hourly rate and, per cash flow,
the arithmetic in words (``how``), so each is traceable to its inputs.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING, Any

from coprod.appraisal import FormYear, tornado_svg
from coprod.appraisal._numbers import present_factor, present_money, present_ratio
from coprod.builtin.cells import format_money
from coprod.model.resource_shift import CoProductionForm

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

    from coprod.report.business_case import BusinessCaseSection
    from coprod.report.market import MarketSection
    from coprod.report.model import Report

__all__ = [
    "cash_flow_svg",
    "market_html",
    "market_json",
    "market_markdown",
    "market_summary",
]

_SUB, _ADD = CoProductionForm.SUBSTITUTIVE, CoProductionForm.ADDITIVE
#: Bar colours: substitutive (savings now) and additive (investment now, savings later).
FORM_COLOURS = {_SUB: "#1f7a4d", _ADD: "#6d3fa8"}


def _money(value: Decimal) -> str:
    return f"{present_money(value):,.2f}"


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


# --- JSON ------------------------------------------------------------------------------


def _market_data(market: MarketSection) -> dict[str, Any]:
    return {
        "incentives": [
            {
                "id": i.id,
                "name": i.name,
                "kind": i.kind.value,
                "description": i.description,
                "targets": [t.value for t in i.targets],
                "initiatives": list(i.initiatives),
                "cost": i.cost,
            }
            for i in market.incentives
        ],
        "by_kind_and_target": [
            {"kind": c.kind.value, "target": c.target, "incentives": list(c.incentives)}
            for c in market.by_kind_and_target
        ],
        "nudges": [
            {
                "id": n.id,
                "name": n.name,
                "target_behaviour": n.target_behaviour,
                "targets": [t.value for t in n.targets],
                "initiatives": list(n.initiatives),
            }
            for n in market.nudges
        ],
        "charters": [
            {
                "id": v.charter.id,
                "name": v.charter.name,
                "initiatives": list(v.charter.initiatives),
                "roles": [
                    {
                        "party": r.party.value,
                        "role": r.role,
                        "responsibilities": list(r.responsibilities),
                        "agency_provides": list(r.support),
                    }
                    for r in v.charter.roles
                ],
                "agency_commitments": list(v.charter.agency_commitments),
                "conflict_mechanism": v.charter.conflict_mechanism or None,
                "review_date": None
                if v.charter.review_date is None
                else v.charter.review_date.isoformat(),
                "review_overdue": v.review_overdue,
            }
            for v in market.charters
        ],
        "findings": [
            {"severity": f.severity.value, "source": f.source, "message": f.message}
            for f in market.findings
        ],
    }


def _result_data(result: Any) -> dict[str, Any]:
    bcr = result.bcr
    return {
        "pv_costs": _s(present_money(result.pv_costs)),
        "pv_benefits": _s(present_money(result.pv_benefits)),
        "npv": _s(present_money(result.npv)),
        "bcr": None if bcr is None else _s(present_ratio(bcr)),
        "payback_year": result.payback_year,
    }


def _business_data(case: BusinessCaseSection) -> dict[str, Any]:
    p = case.programme
    return {
        "title": p.title,
        "currency": p.currency,
        "years": p.horizon,
        "parameters": {
            "id": p.parameters.id,
            "edition": p.parameters.edition,
            "schedule": p.parameters.schedule,
            "source": p.parameters.source,
            "fingerprint": p.parameters.fingerprint,
            "origin": p.parameters.origin,
        },
        "volunteer_hourly_rate": str(present_money(case.volunteer_hourly_rate)),
        "volunteer_rate_is_default": case.rate_is_default,
        "volunteer_time": p.volunteer_time.value,
        "optimism_bias": str(p.optimism_bias),
        "programme": _result_data(p),
        "initiatives": [
            {"initiative": i.initiative, "name": i.name, **_result_data(i.result)}
            for i in case.initiatives
        ],
        "form_mix": [
            {
                "year": m.year,
                "form": m.form.value,
                "costs": str(present_money(m.costs)),
                "benefits": str(present_money(m.benefits)),
                "net": str(present_money(m.net)),
            }
            for m in p.mix
        ],
        "cash_flows": [
            {
                "initiative": line.initiative,
                "flow": line.label,
                "kind": line.kind.value,
                "year": line.year,
                "form": line.form.value,
                "party": line.party.value,
                "directness": line.directness.value,
                "category": line.category,
                "cashable": line.cashable,
                "gross": str(present_money(line.gross)),
                "adjusted": str(present_money(line.adjusted)),
                "discount_factor": str(present_factor(line.discount_factor)),
                "present_value": str(present_money(line.present_value)),
                "how": line.how,
            }
            for line in p.lines
        ],
        "sensitivity": {
            "default_ranges": case.default_ranges,
            "tornado": None
            if case.tornado is None
            else [
                {
                    "assumption": b.assumption,
                    "low": str(b.low),
                    "high": str(b.high),
                    "npv_low": str(present_money(b.npv_low)),
                    "npv_high": str(present_money(b.npv_high)),
                }
                for b in case.tornado.bars
            ],
            "switching_values": [
                {
                    "assumption": s.assumption,
                    "base": str(s.base),
                    "value": None if s.value is None else f"{s.value:.6g}",
                    "in_domain": s.in_domain,
                    "method": s.method,
                    "reason": s.reason,
                }
                for s in case.switching_values
            ],
        },
    }


def market_json(report: Report) -> dict[str, Any]:
    """``market`` and ``business_case`` for the report's JSON (``null`` when absent)."""
    return {
        "market": None if report.market is None else _market_data(report.market),
        "business_case": None
        if report.business_case is None
        else _business_data(report.business_case),
    }


# --- plain text ------------------------------------------------------------------------


def market_summary(report: Report) -> list[str]:
    """Lines for the plain-text summary (ends with a blank line when not empty)."""
    lines: list[str] = []
    market = report.market
    if market is not None:
        kinds: dict[str, int] = {}
        for incentive in market.incentives:
            kinds[incentive.kind.value] = kinds.get(incentive.kind.value, 0) + 1
        listed = ", ".join(f"{n} {kind}" for kind, n in kinds.items()) or "none"
        lines.append(
            f"Market it: incentives {listed}; {len(market.nudges)} nudge(s); "
            f"{len(market.charters)} charter(s); {len(market.findings)} finding(s)."
        )
    case = report.business_case
    if case is not None:
        p = case.programme
        bcr = "n/a" if p.bcr is None else f"{present_ratio(p.bcr)}"
        payback = "none" if p.payback_year is None else f"year {p.payback_year}"
        rate = format_money(case.volunteer_hourly_rate, p.currency, pence=True)
        lines.append(
            f"Business case over {p.horizon} years ({p.parameters}): NPV "
            f"{format_money(p.npv, p.currency, pence=True)}, BCR {bcr}, payback {payback}; "
            f"volunteer time at {rate} an hour ({case.rate_source()})."
        )
    if lines:
        lines.append("")
    return lines


# --- Markdown --------------------------------------------------------------------------


def market_markdown(report: Report) -> list[str]:
    """The Market it and business-case sections in Markdown, every text escaped."""
    from coprod.io.safe_text import markdown_text as md

    lines: list[str] = []
    market = report.market
    if market is not None:
        lines += ["## Market it", ""]
        if market.by_kind_and_target:
            lines += ["| kind | target | incentives |", "|---|---|---|"]
            for cell in market.by_kind_and_target:
                names = ", ".join(md(n) for n in cell.incentives)
                lines.append(f"| {md(cell.kind.value)} | {md(cell.target)} | {names} |")
            lines.append("")
        for nudge in market.nudges:
            lines.append(f"- Nudge **{md(nudge.name)}**: {md(nudge.target_behaviour)}")
        if market.nudges:
            lines.append("")
        for view in market.charters:
            c = view.charter
            lines += [f"### Charter: {md(c.name)}", ""]
            lines += ["| party | role | commits to | agency provides |", "|---|---|---|---|"]
            for role in c.roles:
                lines.append(
                    f"| {md(role.party.value)} | {md(role.role)} | "
                    f"{md('; '.join(role.responsibilities))} | {md('; '.join(role.support))} |"
                )
            if c.agency_commitments:
                lines.append(f"| agency | | | {md('; '.join(c.agency_commitments))} |")
            review = "none" if c.review_date is None else c.review_date.isoformat()
            if view.review_overdue:
                review += " (overdue)"
            lines += [
                "",
                f"Conflict mechanism: {md(_sentence(c.conflict_mechanism)) or '(none)'} "
                f"Review date: {review}.",
                "",
            ]
        for f in market.findings:
            lines.append(f"- **{f.severity.value}** ({md(f.source)}): {md(f.message)}")
        if market.findings:
            lines.append("")
    case = report.business_case
    if case is not None:
        p = case.programme
        rate = format_money(case.volunteer_hourly_rate, p.currency, pence=True)
        lines += [
            "## Business case",
            "",
            f"{md(p.title)}, years 0–{p.horizon}, in {md(p.currency)}. Parameters: "
            f"{md(str(p.parameters))} (fingerprint `{p.parameters.fingerprint[:12]}…`; "
            f"{md(p.parameters.source)}). Volunteer time at {md(rate)} an hour "
            f"({md(case.rate_source())}), "
            f"counted as a {md(p.volunteer_time.value)}; optimism bias "
            f"{md(str(p.optimism_bias))} on costs.",
            "",
            "| initiative | PV costs | PV benefits | NPV | BCR | payback year |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for _id, name, pv_c, pv_b, npv, bcr, payback in case.rows():
            lines.append(
                f"| {md(name)} | {pv_c:,.2f} | {pv_b:,.2f} | {npv:,.2f} | "
                f"{'' if bcr is None else bcr} | {'none' if payback is None else payback} |"
            )
        lines += ["", "### Substitutive and additive by year (undiscounted net)", ""]
        lines += ["| year | substitutive | additive |", "|---:|---:|---:|"]
        for year, sub, add in _mix_rows(p.mix):
            lines.append(f"| {year} | {_money(sub)} | {_money(add)} |")
        if case.tornado is not None:
            ranges = "coprod's default ranges" if case.default_ranges else "the document's ranges"
            lines += [
                "",
                f"### Sensitivity ({ranges})",
                "",
                "| assumption | low | high | NPV at low | NPV at high | switching value |",
                "|---|---:|---:|---:|---:|---:|",
            ]
            switching = {s.assumption: s for s in case.switching_values}
            for bar in case.tornado.bars:
                sv = switching.get(bar.assumption)
                value = "" if sv is None or sv.value is None else f"{sv.value:.4g}"
                lines.append(
                    f"| {md(bar.assumption)} | {bar.low} | {bar.high} | "
                    f"{_money(bar.npv_low)} | {_money(bar.npv_high)} | {value} |"
                )
        lines += [
            "",
            "### Every cash flow",
            "",
            "| initiative | flow | year | kind | present value | how |",
            "|---|---|---:|---|---:|---|",
        ]
        for line in p.lines:
            lines.append(
                f"| {md(line.initiative or '')} | {md(line.label)} | {line.year} | "
                f"{line.kind.value} | {_money(line.present_value)} | {md(line.how)} |"
            )
        lines.append("")
    return lines


def _sentence(text: str) -> str:
    """``text`` ending with one full stop (empty stays empty)."""
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?")) else text + "."


def _mix_rows(mix: Sequence[FormYear]) -> list[tuple[int, Decimal, Decimal]]:
    by_year: dict[int, dict[CoProductionForm, Decimal]] = {}
    for m in mix:
        by_year.setdefault(m.year, {})[m.form] = m.net
    return [
        (year, forms.get(_SUB, Decimal(0)), forms.get(_ADD, Decimal(0)))
        for year, forms in sorted(by_year.items())
    ]


# --- SVG and HTML ----------------------------------------------------------------------


def _f(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def cash_flow_svg(case: BusinessCaseSection) -> str:
    """Net cash flow by year, substitutive beside additive, as inline SVG (text escaped).

    Bars above the line are net savings (benefits above costs) in that year; below,
    net investment; undiscounted, after optimism bias and SROI adjustments.
    """
    p = case.programme
    rows = _mix_rows(p.mix)
    width, height, left, top, bottom = 720, 300, 90.0, 40.0, 50.0
    plot_h = height - top - bottom
    extreme = max([abs(v) for _y, s, a in rows for v in (s, a)] + [Decimal(1)])
    scale = float(extreme)
    zero = top + plot_h / 2
    group = (width - left - 20) / max(len(rows), 1)
    bar = min(28.0, group / 3)

    def y(value: Decimal) -> float:
        return zero - float(value) / scale * (plot_h / 2)

    title = f"Net cash flow by year, substitutive and additive ({p.currency})"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="cf-title cf-desc" class="chart cash-flow">',
        f'<title id="cf-title">{escape(title)}</title>',
        f'<desc id="cf-desc">{escape(_describe(rows, p.currency))}</desc>',
        f'<text x="{left}" y="20" font-size="14" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{left}" y1="{_f(zero)}" x2="{width - 20}" y2="{_f(zero)}" stroke="#333"/>',
        f'<text x="{left - 6}" y="{_f(top + 4)}" font-size="11" text-anchor="end">'
        f"{escape(_money(extreme))}</text>",
        f'<text x="{left - 6}" y="{_f(zero + 4)}" font-size="11" text-anchor="end">0</text>',
        f'<text x="{left - 6}" y="{_f(top + plot_h + 4)}" font-size="11" text-anchor="end">'
        f"{escape('-' + _money(extreme))}</text>",
    ]
    for index, (year, sub, add) in enumerate(rows):
        x0 = left + index * group + (group - 2 * bar) / 2
        for offset, (form, value) in enumerate(((_SUB, sub), (_ADD, add))):
            top_y, bottom_y = sorted((y(value), zero))
            parts.append(
                f'<rect x="{_f(x0 + offset * bar)}" y="{_f(top_y)}" width="{_f(bar - 2)}" '
                f'height="{_f(max(bottom_y - top_y, 0.5))}" fill="{FORM_COLOURS[form]}">'
                f"<title>{escape(f'year {year}, {form.value}: {_money(value)}')}</title></rect>"
            )
        parts.append(
            f'<text x="{_f(x0 + bar)}" y="{height - bottom + 18}" font-size="11" '
            f'text-anchor="middle">{year}</text>'
        )
    legend_y = height - 12
    for n, form in enumerate((_SUB, _ADD)):
        x = left + n * 200
        parts.append(
            f'<rect x="{x}" y="{legend_y - 10}" width="12" height="12" '
            f'fill="{FORM_COLOURS[form]}"/>'
            f'<text x="{x + 18}" y="{legend_y}" font-size="12">{escape(form.value)}</text>'
        )
    parts.append(
        f'<text x="{left + 400}" y="{legend_y}" font-size="12">year (0 = now)</text></svg>'
    )
    return "".join(parts)


def _describe(rows: list[tuple[int, Decimal, Decimal]], currency: str) -> str:
    return "; ".join(
        f"year {year}: substitutive {_money(sub)}, additive {_money(add)} {currency}"
        for year, sub, add in rows
    )


_TEMPLATE = """{% if market %}<section id="market-it">
  <h2>Market it</h2>
  <p class="lead">Incentives and nudges make it simple to get involved and stay involved;
  charters say what each party commits to and what the agency provides (seed 003).</p>
  {% if market.cells %}<table class="market"><thead><tr><th scope="col">kind</th>
  <th scope="col">target</th><th scope="col">incentives</th></tr></thead><tbody>
  {% for c in market.cells %}<tr><td>{{ c.kind }}</td><td>{{ c.target }}</td>
  <td>{{ c.incentives | join(", ") }}</td></tr>{% endfor %}</tbody></table>{% endif %}
  {% if market.nudges %}<ul>{% for n in market.nudges %}<li>Nudge <strong>{{ n.name }}</strong>:
  {{ n.behaviour }}</li>{% endfor %}</ul>{% endif %}
  {% for c in market.charters %}<h3>Charter: {{ c.name }}</h3>
  <table class="charter"><thead><tr><th scope="col">party</th><th scope="col">role</th>
  <th scope="col">commits to</th><th scope="col">the agency provides</th></tr></thead><tbody>
  {% for r in c.roles %}<tr><td>{{ r.party }}</td><td>{{ r.role }}</td>
  <td>{{ r.duties | join("; ") }}</td><td>{{ r.support | join("; ") }}</td></tr>{% endfor %}
  {% if c.commitments %}<tr><td>agency</td><td></td><td></td>
  <td>{{ c.commitments | join("; ") }}</td></tr>{% endif %}
  </tbody></table>
  <p>Conflict mechanism: {{ c.conflict or "(none)" }} Review date: {{ c.review }}.</p>{% endfor %}
  {% if market.findings %}<h3 class="found">What the checks found</h3><ul class="findings">
  {% for f in market.findings %}<li class="sev-{{ f.severity }}"><strong>{{ f.severity }}</strong>
  {{ f.message }}</li>{% endfor %}</ul>{% endif %}
</section>{% endif %}
{% if case %}<section id="business-case">
  <h2>Business case</h2>
  <p class="lead">{{ case.title }}, years 0–{{ case.years }}, in {{ case.currency }}.
  Parameters: <strong>{{ case.parameters }}</strong> ({{ case.source }}; fingerprint
  <code>{{ case.fingerprint }}</code>). Volunteer time at <strong>{{ case.rate }}</strong>,
  counted as a {{ case.volunteer_time }}; optimism bias {{ case.optimism_bias }} on costs.</p>
  <table class="business-case"><thead><tr><th scope="col">initiative</th>
  <th scope="col">PV costs</th><th scope="col">PV benefits</th><th scope="col">NPV</th>
  <th scope="col">BCR</th><th scope="col">payback year</th></tr></thead><tbody>
  {% for r in case.rows %}<tr{% if r.programme %} class="total"{% endif %}><td>{{ r.name }}</td>
  <td class="num">{{ r.pv_costs }}</td><td class="num">{{ r.pv_benefits }}</td>
  <td class="num">{{ r.npv }}</td><td class="num">{{ r.bcr }}</td>
  <td class="num">{{ r.payback }}</td></tr>{% endfor %}</tbody></table>
  <figure class="chart">{{ case.cash_flow_svg }}<figcaption>Net cash flow of each year
  (benefits less costs, undiscounted, after optimism bias and SROI adjustments): substitutive
  co-production saves now; additive invests now and saves later (seed 004).</figcaption></figure>
  {% if case.tornado_svg %}<h3>Sensitivity ({{ case.ranges }})</h3>
  <figure class="chart">{{ case.tornado_svg }}</figure>
  <table class="sensitivity"><thead><tr><th scope="col">assumption</th><th scope="col">low</th>
  <th scope="col">high</th><th scope="col">NPV at low</th><th scope="col">NPV at high</th>
  <th scope="col">switching value</th></tr></thead><tbody>
  {% for b in case.bars %}<tr><td>{{ b.assumption }}</td><td class="num">{{ b.low }}</td>
  <td class="num">{{ b.high }}</td><td class="num">{{ b.npv_low }}</td>
  <td class="num">{{ b.npv_high }}</td><td class="num">{{ b.switching }}</td></tr>{% endfor %}
  </tbody></table>{% endif %}
  <details class="cash-flows"><summary>Every cash flow ({{ case.lines | length }}), with
  how each figure was reached</summary>
  <table><thead><tr><th scope="col">initiative</th><th scope="col">flow</th>
  <th scope="col">year</th><th scope="col">kind</th><th scope="col">present value</th>
  <th scope="col">how</th></tr></thead><tbody>
  {% for l in case.lines %}<tr><td>{{ l.initiative }}</td><td>{{ l.label }}</td>
  <td class="num">{{ l.year }}</td><td>{{ l.kind }}</td><td class="num">{{ l.pv }}</td>
  <td class="text">{{ l.how }}</td></tr>{% endfor %}</tbody></table></details>
</section>{% endif %}
"""


@functools.lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    import jinja2

    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(_TEMPLATE)


def market_html(report: Report) -> Markup:
    """The Market it and business-case sections as HTML, every text autoescaped."""
    from markupsafe import Markup

    context: dict[str, Any] = {"market": None, "case": None}
    market = report.market
    if market is not None:
        context["market"] = {
            "cells": [
                {"kind": c.kind.value, "target": c.target, "incentives": list(c.incentives)}
                for c in market.by_kind_and_target
            ],
            "nudges": [{"name": n.name, "behaviour": n.target_behaviour} for n in market.nudges],
            "charters": [
                {
                    "name": v.charter.name,
                    "roles": [
                        {
                            "party": r.party.value,
                            "role": r.role,
                            "duties": list(r.responsibilities),
                            "support": list(r.support),
                        }
                        for r in v.charter.roles
                    ],
                    "commitments": list(v.charter.agency_commitments),
                    "conflict": _sentence(v.charter.conflict_mechanism),
                    "review": (
                        "none"
                        if v.charter.review_date is None
                        else v.charter.review_date.isoformat()
                        + (" (overdue)" if v.review_overdue else "")
                    ),
                }
                for v in market.charters
            ],
            "findings": [
                {"severity": f.severity.value, "message": f.message} for f in market.findings
            ],
        }
    case = report.business_case
    if case is not None:
        p = case.programme
        switching = {s.assumption: s for s in case.switching_values}
        context["case"] = {
            "title": p.title,
            "years": p.horizon,
            "currency": p.currency,
            "parameters": str(p.parameters),
            "source": p.parameters.source,
            "fingerprint": p.parameters.fingerprint[:16] + "…",
            "rate": case.rate_text(),
            "volunteer_time": p.volunteer_time.value,
            "optimism_bias": str(p.optimism_bias),
            "rows": [
                {
                    "name": name,
                    "programme": ident == "(programme)",
                    "pv_costs": f"{pv_c:,.2f}",
                    "pv_benefits": f"{pv_b:,.2f}",
                    "npv": f"{npv:,.2f}",
                    "bcr": "" if bcr is None else str(bcr),
                    "payback": "none" if payback is None else str(payback),
                }
                for ident, name, pv_c, pv_b, npv, bcr, payback in case.rows()
            ],
            # Both SVGs escape every text they draw; Markup keeps them as markup.
            "cash_flow_svg": Markup(cash_flow_svg(case)),
            "tornado_svg": None if case.tornado is None else Markup(tornado_svg(case.tornado)),
            "ranges": "coprod's default ranges" if case.default_ranges else "the document's ranges",
            "bars": []
            if case.tornado is None
            else [
                {
                    "assumption": b.assumption,
                    "low": str(b.low),
                    "high": str(b.high),
                    "npv_low": _money(b.npv_low),
                    "npv_high": _money(b.npv_high),
                    "switching": _switching(switching.get(b.assumption)),
                }
                for b in case.tornado.bars
            ],
            "lines": [
                {
                    "initiative": line.initiative or "",
                    "label": line.label,
                    "year": line.year,
                    "kind": line.kind.value,
                    "pv": _money(line.present_value),
                    "how": line.how,
                }
                for line in p.lines
            ],
        }
    return Markup(_template().render(**context))


def _switching(value: Any) -> str:
    if value is None or value.value is None:
        return "none in range" if value is not None else ""
    text = f"{value.value:.4g}"
    return text if value.in_domain else f"{text} (outside the sensible range)"
