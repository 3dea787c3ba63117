"""Built-in plugin: the ``markdown`` report format, the full report for people to read.

Headings and GitHub-flavoured tables. Every string from the input goes through
:func:`coprod.builtin.cells.markdown_text` (as :func:`coprod.builtin.tabular.markdown_cell`,
the same text, faster), so names with ``|``, backticks, ``*``, ``_``, ``<`` or ``>``
render literally and never break a table or inject HTML; websites are linked only
when they are ``http``/``https`` URLs.

Speed: :func:`write_markdown` streams the report a few hundred lines at a time, and
each metric is explained once per distinct tuple of rule outputs
(:class:`coprod.builtin.tabular.Explanations`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TextIO

from coprod.builtin.cells import (
    format_decimal,
    format_money,
    format_number,
    markdown_url,
    metric_cell,
    metric_heading,
    network_view,
    public_change,
    safe_url,
    scheme_text,
)
from coprod.builtin.market_sections import market_markdown
from coprod.builtin.plan_sections import plan_markdown
from coprod.builtin.tabular import Explanations, markdown_cell
from coprod.contributions import Exporter, Severity
from coprod.hookspecs import hookimpl
from coprod.model.explorer import Extent
from coprod.model.star import Co

if TYPE_CHECKING:
    from coprod.evaluation import MetricScore
    from coprod.model.assessment import ResourceUnit
    from coprod.report import InitiativeReport, Report

__all__ = ["render_markdown", "write_markdown"]

_md = markdown_cell


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(headings: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    heads = list(headings)
    lines = [_row(heads), _row("---" for _ in heads)]
    lines.extend(_row(r) for r in rows)
    lines.append("")
    return lines


def _link(text: str, url: str | None) -> str:
    safe = safe_url(url)
    if safe is None:
        return _md(text) if not url else f"{_md(text)} ({_md(url)})"
    return f"[{_md(text)}]({markdown_url(safe)})"


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


def _summary(report: Report) -> list[str]:
    t = report.totals
    lines = ["## Summary", ""]
    lines.append(f"- **Initiatives:** {t.initiatives} across {t.services} services")
    for label, pairs in (
        ("Service models", t.by_service_model),
        ("Forms of co-production", t.by_form),
        ("Priority Matrix", t.by_quadrant),
        ("Findings", t.findings_by_severity),
    ):
        if pairs:
            lines.append(f"- **{label}:** " + ", ".join(f"{_md(k)} {n}" for k, n in pairs))
    lines.append(f"- **Volunteer time:** {format_decimal(t.volunteer_hours)} hours a year")
    if t.volunteer_value is not None:
        rate = t.volunteer_hourly_rate
        at = f" ({format_money(rate, report.currency, pence=True)} an hour)" if rate else ""
        lines.append(
            f"- **Value of volunteer time:** {format_money(t.volunteer_value, report.currency)}"
            f" a year{at}"
        )
    if t.public_saving is not None:
        label, figure = public_change(t.public_saving, report.resource_unit, report.currency)
        lines.append(f"- **{label}:** {figure} a year")
    lines.append(f"- **Quick wins:** {len(report.quick_wins)}")
    lines.append("")
    return lines


def _star(report: Report) -> list[str]:
    lines = [
        "## The Star: how far each Co goes",
        "",
        "Score: mean extent across services (systematic everywhere = 100%), from the "
        'Explorer map and, at least "in pockets", from existing initiatives. '
        "Reach: share of services where the Co happens at all.",
        "",
    ]
    rows = []
    for profile in report.star:
        counts = dict(profile.services_by_extent)
        rows.append(
            [
                profile.co.label,
                _percent(profile.score),
                _percent(profile.reach),
                *(str(n) for n in counts.values()),
            ]
        )
    extents = [e.value for e, _ in report.star[0].services_by_extent] if report.star else []
    lines += _table(["Co", "Score", "Reach", *(f"Services {e}" for e in extents)], rows)
    return lines


def _explorer(report: Report) -> list[str]:
    lines = ["## Explorer map (Map it)", ""]
    if not report.services:
        return [*lines, "No services.", ""]
    rows = []
    for service in report.services:
        cells = []
        for cell in service.cells:
            if cell.extent is Extent.NONE:
                cells.append("**gap**" if cell.mapped else "**gap** (not mapped)")
            else:
                notes = [a.value for a in cell.actors]
                if cell.initiatives:
                    n = len(cell.initiatives)
                    notes.append(f"{n} existing initiative{'s' if n != 1 else ''}")
                if not cell.mapped:
                    notes.append("not mapped")
                cells.append(cell.extent.value + (f" ({', '.join(notes)})" if notes else ""))
        rows.append([_md(service.name), *cells])
    lines += _table(["Service", *(co.label for co in Co)], rows)
    if report.gaps:
        lines += ["### Gaps: candidates for new co-production", ""]
        for gap in report.gaps:
            cases = ", ".join(f"{_md(name)} (case {_md(cid)})" for cid, name in gap.case_studies)
            lines.append(
                f"- **{_md(gap.service_name)} × {gap.co.value}**"
                + (f": learn from {cases}" if cases else "")
            )
        lines.append("")
    return lines


def _quadrant(i: InitiativeReport) -> str:
    return "" if i.position is None else i.position.quadrant.value


def _explained_line(unit: ResourceUnit, currency: str) -> Callable[[MetricScore], str]:
    """One metric's bullet under "How each score was reached", from its explained score."""

    def line(explained: MetricScore) -> str:
        parts = []
        for c in explained.contributions:
            if c.status.value == "applied":
                parts.append(
                    f"{_md(c.rule)} ({_md(c.plugin)}): {format_number(c.score)} × "
                    f"{format_number(c.weight, digits=3)} = {format_number(c.value)}"
                )
            elif c.status.value == "failed":
                parts.append(f"{_md(c.rule)} ({_md(c.plugin)}): failed: {_md(c.error or '')}")
            else:
                parts.append(f"{_md(c.rule)}: does not apply")
        metric = explained.metric
        value = metric_cell(metric, explained.value, unit, currency) or "no value"
        flag = "" if explained.complete else " **(incomplete)**"
        return f"- **{_md(metric)} = {value}**{flag}: " + "; ".join(parts)

    return line


def _initiatives(report: Report) -> Iterator[str]:
    """The initiatives section, line by line (a large report's longest part)."""
    yield from ("## Initiatives (Focus it)", "")
    if not report.initiatives:
        yield from ("No initiatives.", "")
        return
    names = {i.id: i.name for i in report.initiatives}
    if report.quick_wins:
        yield from ("### Quick wins", "")
        yield from (f"- {_md(names[q])} ({_md(q)})" for q in report.quick_wins)
        yield ""
    del names
    yield from ("### All initiatives", "")
    rules = [(r.metric, r.name, r.weight) for r in report.evaluation.rules]
    yield _md(" ".join(scheme_text(report.scheme, report.provenance.scheme_plugin, rules)))
    yield ""
    unit, currency = report.resource_unit, report.currency
    headings = [
        "#",
        "Initiative",
        "Service",
        "Co's",
        "Status",
        "Service model",
        "Form",
        "Impact (1–5)",
        "Effort (1–5)",
        "Quadrant",
        *(
            _md(metric_heading(m, unit, currency))
            for m in report.metrics
            if m not in ("impact", "effort")
        ),
    ]
    yield from _table(headings, ())[:2]
    # Texts that repeat from row to row (services, classes, figures), escaped once.
    seen: dict[object, str] = {}

    def md(text: str) -> str:
        found = seen.get(text)
        if found is None:
            found = _md(text)
            if len(seen) < 16384:
                seen[text] = found
        return found

    def cell(metric: str, value: float | None) -> str:
        if value == 0:  # 0.0 and -0.0 are one key: format them afresh
            return _md(metric_cell(metric, value, unit, currency))
        key = (metric, value)
        found = seen.get(key)
        if found is None:
            found = _md(metric_cell(metric, value, unit, currency))
            if len(seen) < 16384:
                seen[key] = found
        return found

    def number(value: float) -> str:
        if value == 0:
            return format_number(value)
        key = ("", value)
        found = seen.get(key)
        if found is None:
            found = format_number(value)
            if len(seen) < 16384:
                seen[key] = found
        return found

    for n, i in enumerate(report.initiatives, 1):
        position = i.position
        incomplete = i.incomplete
        yield _row(
            [
                str(n),
                _md(i.name),
                md(i.service_name),
                md(", ".join(co.value for co in i.cos)),
                i.status.value,
                md(i.service_model or ""),
                md(i.form or ""),
                "" if position is None else number(position.impact),
                "" if position is None else number(position.effort),
                _quadrant(i),
                *(
                    cell(metric, value) + (" (incomplete)" if metric in incomplete else "")
                    for metric, value in i.metrics
                    if metric not in ("impact", "effort")
                ),
            ]
        )
    yield ""

    yield from ("### How each score was reached", "")
    explained = Explanations(report.evaluation, _explained_line(unit, currency))
    metrics = report.metrics
    for n, i in enumerate(report.initiatives, 1):
        facts = [f"id {_md(i.id)}", md(i.service_name), i.status.value]
        if i.website:
            facts.append(_link("website", i.website))
        block = [f"#### {n}. {_md(i.name)}", "", " · ".join(facts), ""]
        if i.description:
            block += [_md(i.description), ""]
        if i.barriers:
            block += ["Barriers: " + ", ".join(md(b) for b in i.barriers), ""]
        block += [explained(i.id, metric) for metric in metrics]
        block.append("")
        yield "\n".join(block)  # one initiative's lines at a time


def _barriers(report: Report) -> list[str]:
    lines = ["## Barriers by category", ""]
    if not report.barriers:
        return [*lines, "No barriers recorded.", ""]
    names = {i.id: i.name for i in report.initiatives}
    for profile in report.barriers:
        lines += [f"### {_md(profile.category.value.capitalize())} ({profile.mentions})", ""]
        rows = [
            [
                _md(use.barrier.label),
                str(len(use.initiatives)),
                _md(", ".join(names.get(i, i) for i in use.initiatives)),
            ]
            for use in profile.barriers
        ]
        lines += _table(["Barrier", "Mentions", "Initiatives"], rows)
    return lines


def _stakeholders(report: Report) -> list[str]:
    lines = ["## Stakeholders (People it)", ""]
    if not any(group.stakeholders for group in report.stakeholders):
        return [*lines, "No stakeholders recorded.", ""]
    for group in report.stakeholders:
        lines += [f"### {_md(group.quadrant.value.capitalize())}", "", f"_{_md(group.advice)}_", ""]
        if not group.stakeholders:
            lines += ["None.", ""]
            continue
        rows = [
            [
                _md(s.name),
                s.power.value,
                s.interest.value,
                s.stance.value,
                "" if s.propensity is None else s.propensity.value,
                _md(s.description),
            ]
            for s in group.stakeholders
        ]
        lines += _table(["Stakeholder", "Power", "Interest", "Stance", "Propensity", "Notes"], rows)
    return lines


def _network(report: Report) -> list[str]:
    if report.network is None:
        return []
    messages, figures, tables = network_view(
        report.network, {s.id: s.name for s in report.assessment.stakeholders}
    )
    lines = ["## Stakeholder network", ""]
    lines += [f"- {_md(m)}" for m in messages]
    if messages:
        lines.append("")
    if figures:
        lines += _table(["Measure", "Value"], ([_md(k), _md(v)] for k, v in figures))
    for title, headings, rows in tables:
        lines += [f"### {_md(title)}", ""]
        lines += _table((_md(h) for h in headings), ([_md(c) for c in row] for row in rows))
    return lines


def _findings(report: Report) -> list[str]:
    lines = ["## Findings", "", "Most serious first, then by step of the Star.", ""]
    if not report.findings:
        return [*lines, "No findings.", ""]
    names = {i.id: i.name for i in report.initiatives}
    for severity in reversed(Severity):
        found = [f for f in report.findings if f.severity is severity]
        if not found:
            continue
        lines += [f"### {severity.value.capitalize()} ({len(found)})", ""]
        for f in found:
            initiative = names.get(f.initiative or "", f.initiative or "")
            where = [f.step.title if f.step else "", f.source, f.plugin, initiative]
            context = ", ".join(_md(w) for w in where if w)
            lines.append(f"- {_md(f.message)}" + (f" ({context})" if context else ""))
        lines.append("")
    return lines


def _about(report: Report) -> list[str]:
    p = report.provenance
    lines = ["## About this report", ""]
    lines.append(f"- **Made by:** coprod {_md(p.coprod_version)}")
    if p.date is not None:
        lines.append(f"- **Date:** {p.date.isoformat()}")
    if p.input_sha256 is not None:
        lines.append(f"- **Input:** {_md(p.input_name or '')} (SHA-256 `{p.input_sha256}`)")
    rules = [(r.metric, r.name, r.weight) for r in report.evaluation.rules]
    lines.append(
        "- **Priority Matrix scheme:** "
        + _md(" ".join(scheme_text(report.scheme, p.scheme_plugin, rules)))
    )
    lines.append(
        f"- **Money:** {_md(report.currency)}; resource figures in {report.resource_unit.value}"
    )
    lines.append(
        "- **Plugins loaded:** " + ", ".join(_md(plugin.describe()) for plugin in p.plugins)
    )
    if p.blocked:
        lines.append("- **Plugins blocked:** " + ", ".join(_md(name) for name in p.blocked))
    lines.append("")
    return lines


def _lines(report: Report) -> Iterator[str]:
    """The report's lines, section by section (joined with ``\\n``, trailing blank lines
    dropped, they are the Markdown text)."""
    org = report.organisation
    yield from (f"# Co-Production Star report: {_md(org.name)}", "")
    about = [_md(org.kind)]
    if org.area:
        about.append(_md(org.area))
    if org.website:
        about.append(_link(org.website, org.website))
    yield from (" · ".join(about), "", f"_Generated by {_md(report.generator)}._", "")
    for part in (
        _summary,
        _star,
        _explorer,
        _initiatives,
        _barriers,
        _stakeholders,
        _network,
        plan_markdown,
        market_markdown,
        _findings,
        _about,
    ):
        yield from part(report)


def render_markdown(report: Report) -> str:
    """The full report as Markdown (GitHub-flavoured tables)."""
    return "\n".join(_lines(report)).rstrip("\n") + "\n"


def write_markdown(report: Report, stream: TextIO) -> None:
    """Write :func:`render_markdown`'s text to ``stream`` a few hundred lines at a time
    (the exporter's ``write``): memory grows with a batch of lines, not the report."""
    held = ""  # trailing line breaks written only once more text follows
    batch: list[str] = []
    first = True

    def flush() -> None:
        nonlocal held, first
        text = "\n".join(batch)
        if not first:
            text = "\n" + text
        first = False
        batch.clear()
        body = text.rstrip("\n")
        if body:
            stream.write(held + body)
            held = text[len(body) :]
        else:
            held += text

    for line in _lines(report):
        batch.append(line)
        if len(batch) >= 512:
            flush()
    if batch:
        flush()
    stream.write("\n")


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register the ``markdown`` format."""
    register(
        Exporter(
            format="markdown",
            media_type="text/markdown",
            suffix=".md",
            render=render_markdown,
            write=write_markdown,
            description="The full report as Markdown: summary, Star, Explorer map, "
            "initiatives with explained scores, barriers, stakeholders, findings.",
        )
    )
