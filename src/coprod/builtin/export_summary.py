"""Built-in plugin: the ``summary`` exporter, a short plain-text report for a terminal.

``coprod assess`` and ``coprod demo`` print it when no ``--format`` or ``-o`` is
given. Input strings are printed with control characters replaced, so a hostile
name cannot move the cursor or change the terminal's colours.

Findings are listed most serious first; every error and warning is shown, and
information lines fill the rest of the first :data:`FINDINGS_SHOWN`. Money is
shown with its currency's symbol and every figure with its unit. The last lines
say what produced the report (:class:`~coprod.report.Provenance`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from coprod.builtin.cells import format_decimal, format_money, public_change, scheme_text
from coprod.builtin.market_sections import market_summary
from coprod.builtin.plan_sections import plan_summary
from coprod.contributions import Exporter
from coprod.findings import Severity
from coprod.hookspecs import hookimpl
from coprod.report import Report

__all__ = ["FINDINGS_SHOWN", "provenance_lines", "render_summary"]

_BAR = 20

#: Findings listed before "… and N more": more when errors and warnings need the room.
FINDINGS_SHOWN = 12


def _clean(text: str) -> str:
    return "".join(
        ch if unicodedata.category(ch)[0] != "C" else "\N{REPLACEMENT CHARACTER}" for ch in text
    )


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}".rstrip("0").rstrip(".")


def render_summary(report: Report) -> str:
    """The report's headline figures, quick wins, gaps and findings as plain text."""
    lines: list[str] = []
    add = lines.append
    totals = report.totals
    add(f"{_clean(report.organisation.name)}: Co-Production Star assessment ({report.generator})")
    add("")
    add(f"Star profile: how far each Co goes across {totals.services} service(s)")
    for profile in report.star:
        filled = round(profile.score * _BAR)
        bar = "#" * filled + "." * (_BAR - filled)
        add(
            f"  {profile.co.value:<17} [{bar}] {profile.score:4.2f}  "
            f"in {profile.reach:4.0%} of services"
        )
    add("")
    models = ", ".join(f"{label} {count}" for label, count in totals.by_service_model) or "none"
    add(f"Initiatives: {totals.initiatives} (service models: {models})")
    if totals.by_form:
        add("  Resource shifts: " + ", ".join(f"{label} {n}" for label, n in totals.by_form))
    if totals.by_quadrant:
        add("  Priority Matrix: " + ", ".join(f"{label} {n}" for label, n in totals.by_quadrant))
    if totals.volunteer_hours:
        value = ""
        if totals.volunteer_value is not None:
            money = format_money(totals.volunteer_value, report.currency)
            rate = totals.volunteer_hourly_rate
            at = f" ({format_money(rate, report.currency, pence=True)} an hour)" if rate else ""
            value = f", valued at {money} a year{at}"
        add(f"  Volunteer time: {format_decimal(totals.volunteer_hours)} hours a year{value}")
    if totals.public_saving is not None:
        label, figure = public_change(totals.public_saving, report.resource_unit, report.currency)
        add(f"  {label}: {figure} a year")
    add("")
    by_id = {i.id: i for i in report.initiatives}
    add(f"Quick wins ({len(report.quick_wins)}): start here")
    for initiative_id in report.quick_wins[:10]:
        initiative = by_id[initiative_id]
        position = initiative.position
        where = (
            f"impact {_number(position.impact)}, effort {_number(position.effort)}"
            if position is not None
            else ""
        )
        add(f"  - {_clean(initiative.name)} ({_clean(initiative.service_name)}; {where})")
    if len(report.quick_wins) > 10:
        add(f"  … and {len(report.quick_wins) - 10} more")
    if report.gaps:
        add("")
        add(
            f"Gaps in the Explorer map: {len(report.gaps)} service × Co cell(s) with no "
            "co-production yet (neither mapped nor an existing initiative)"
        )
        for gap in report.gaps[:6]:
            cases = ", ".join(_clean(name) for _id, name in gap.case_studies[:2])
            hint = f" (see: {cases})" if cases else ""
            add(f"  - {_clean(gap.service_name)}: {gap.co.value}{hint}")
        if len(report.gaps) > 6:
            add(f"  … and {len(report.gaps) - 6} more")
    if report.barriers:
        add("")
        add("Barriers named by initiatives, by category:")
        for category in report.barriers:
            top = ", ".join(
                f"{_clean(use.barrier.label)} ({len(use.initiatives)})"
                for use in category.barriers[:3]
            )
            add(f"  {category.category.value}: {category.mentions} ({top})")
    if any(group.stakeholders for group in report.stakeholders):
        add("")
        add("Stakeholder matrix:")
        for group in report.stakeholders:
            if group.stakeholders:
                names = ", ".join(_clean(s.name) for s in group.stakeholders[:5])
                more = "…" if len(group.stakeholders) > 5 else ""
                add(f"  {group.quadrant.value}: {names}{more}")
    plan = plan_summary(report)  # the action plan and raters' agreement, if any
    plan += market_summary(report)  # Market it and the business case, if any
    if plan:
        add("")
        lines.extend(plan[:-1])
    if report.findings:
        add("")
        counts = ", ".join(f"{n} {label}" for label, n in totals.findings_by_severity)
        add(f"Findings, most serious first ({counts}):")
        serious = sum(f.severity is not Severity.INFO for f in report.findings)
        shown = max(FINDINGS_SHOWN, serious)
        for finding in report.findings[:shown]:
            add(f"  {finding.severity.value:<7} {_clean(finding.message)}")
        if len(report.findings) > shown:
            add(f"  … and {len(report.findings) - shown} more info (see the full report)")
    add("")
    lines.extend(provenance_lines(report))
    return "\n".join(lines) + "\n"


def provenance_lines(report: Report) -> list[str]:
    """What produced the report, as plain lines (input strings cleaned)."""
    p = report.provenance
    made = f"Made by coprod {p.coprod_version}"
    if p.date is not None:
        made += f" on {p.date.isoformat()}"
    if p.input_sha256 is not None:
        made += f" from {_clean(p.input_name or 'the input')} (SHA-256 {p.input_sha256})"
    lines = [made + "."]
    rules = [(r.metric, r.name, r.weight) for r in report.evaluation.rules]
    lines.extend(scheme_text(report.scheme, p.scheme_plugin, rules))
    plugins = ", ".join(
        _clean(plugin.describe()) for plugin in p.plugins if plugin.kind != "builtin"
    )
    builtins = sum(plugin.kind == "builtin" for plugin in p.plugins)
    lines.append(f"Plugins: {builtins} built-in" + (f"; also {plugins}" if plugins else "") + ".")
    if p.blocked:
        lines.append("Blocked: " + ", ".join(_clean(name) for name in p.blocked) + ".")
    return ["About this report:", *(f"  {line}" for line in lines)]


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register the ``summary`` exporter."""
    register(
        Exporter(
            format="summary",
            media_type="text/plain",
            suffix=".txt",
            render=render_summary,
            description="A short plain-text summary for the terminal.",
        )
    )
