"""Built-in plugin: the formats of the progress report (report kind ``progress``).

A :class:`coprod.progress.Progress` says what moved between an organisation's dated
readings. Every format holds the same values:

* ``summary``: the readings, the Star per Co across them, and what moved in each
  span (consecutive readings, then first to last), for a terminal;
* ``json``: ``{"format_version": 1, "kind": "progress", "organisation", "readings",
  "star", "spans", "measures"}``; exact figures (scores, reach, hours, money) as
  decimal strings, dates as ``YYYY-MM-DD``;
* ``csv``: the tidy table of measures, one row per reading × item × measure
  (``reading, as_of, round, kind, item, measure, value``), cells through
  :func:`coprod.io.safe_text.csv_cell` (formulas neutralised);
* ``markdown``: the same sections, every text escaped;
* ``html``: one self-contained page (Jinja2, autoescaped) with the journey chart:
  the Stars of every reading overlaid, the latest strongest.
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from coprod.contributions import Exporter
from coprod.hookspecs import hookimpl

if TYPE_CHECKING:
    import jinja2

    from coprod.progress import Change, Progress

__all__ = [
    "KIND",
    "render_csv",
    "render_html",
    "render_json",
    "render_markdown",
    "render_summary",
    "span_sections",
]

KIND = "progress"

#: Headings of a span's sections, in order: (kind, events, heading).
_SECTIONS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("initiative", ("started",), "Initiatives started"),
    ("initiative", ("ended",), "Initiatives ended"),
    ("initiative", ("potential to existing", "existing to potential"), "Potential and existing"),
    ("initiative", ("quadrant changed",), "Priority Matrix quadrant changes"),
    ("co", ("rose", "fell"), "The Star: score and reach"),
    ("cell", ("rose", "fell"), "Explorer cells"),
    ("barrier", ("named",), "Barriers named"),
    ("barrier", ("no longer named",), "Barriers no longer named"),
    ("barrier", ("rose", "fell"), "Barriers named by more or fewer initiatives"),
    ("organisation", ("rose", "fell"), "Totals (initiatives, volunteer hours and value, actions)"),
    ("initiative", ("rose", "fell"), "Volunteer hours by initiative"),
    ("action", ("new",), "Actions new"),
    ("action", ("done",), "Actions done"),
    ("action", ("dropped",), "Actions dropped"),
    ("action", ("overdue",), "Actions overdue"),
    ("action", ("no longer overdue", "status changed", "gone"), "Other action changes"),
)


def _text(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _line(change: Change) -> str:
    if change.event in ("started", "ended", "named", "no longer named", "new", "done", "dropped"):
        detail = "" if change.measure == "status" else f" ({_text(change.new)})"
        if change.kind == "barrier":
            detail = f" (named by {_text(change.old)} → {_text(change.new)})"
        return f"{change.item}{detail}"
    if change.event == "overdue":
        return change.item
    delta = ""
    if change.delta is not None:
        sign = "+" if change.delta > 0 else ""
        delta = f" ({sign}{format(change.delta, 'f')})"
    return f"{change.item} {change.measure}: {_text(change.old)} → {_text(change.new)}{delta}"


def span_sections(progress: Progress, before: int, after: int) -> list[tuple[str, list[str]]]:
    """What moved from reading ``before`` to ``after``, as (heading, lines), non-empty only."""
    changes = progress.changes_between(before, after)
    sections = []
    for kind, events, heading in _SECTIONS:
        # The extent says it; its rank (for plotting) is in the measures.
        lines = [
            _line(c)
            for c in changes
            if c.kind == kind and c.event in events and c.measure != "extent rank"
        ]
        if lines:
            sections.append((heading, lines))
    return sections


def _star_rows(progress: Progress) -> list[list[str]]:
    rows = []
    stars = [progress.star(k) for k in range(len(progress.readings))]
    for index, profile in enumerate(stars[-1]):
        rows.append(
            [profile.co.value]
            + [f"{round(s[index].score * 100)}% / {round(s[index].reach * 100)}%" for s in stars]
        )
    return rows


def render_summary(progress: Progress) -> str:
    """The journey for a terminal: readings, the Star across them, what moved per span."""
    out = [f"Progress of {progress.organisation}: {len(progress.readings)} readings", ""]
    for k, reading in enumerate(progress.readings):
        out.append(f"  {k + 1}. {reading.label}  {reading.name}")
    out += ["", "The Star (score / reach)"]
    header = ["Co"] + [r.as_of.isoformat() for r in progress.readings]
    rows = [header, *_star_rows(progress)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        out.append("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    for before, after in progress.spans():
        first_last = (before, after) == (0, len(progress.readings) - 1) and after - before > 1
        title = "From first to last" if first_last else "From"
        out += ["", f"{title} {progress.span_label(before, after)}"]
        sections = span_sections(progress, before, after)
        if not sections:
            out.append("  nothing moved")
        for heading, lines in sections:
            out.append(f"  {heading}:")
            out += [f"    - {line}" for line in lines]
    return "\n".join(out) + "\n"


def _json_value(value: object) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _change_json(change: Change) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "item": change.item,
        "measure": change.measure,
        "before": _json_value(change.old),
        "after": _json_value(change.new),
        "change": _json_value(change.delta),
        "event": change.event,
    }


def render_json(progress: Progress) -> str:
    """Every reading, the Star of each, every span's changes and every measure."""
    from coprod.progress import share

    data = {
        "format_version": 1,
        "kind": progress.kind,
        "organisation": progress.organisation,
        "readings": [
            {
                "reading": k + 1,
                "as_of": r.as_of.isoformat(),
                "round": r.assessment.round,
                "file": r.name,
            }
            for k, r in enumerate(progress.readings)
        ],
        "star": [
            {
                "as_of": r.as_of.isoformat(),
                "cos": [
                    {
                        "co": p.co.value,
                        "score": format(share(p.score), "f"),
                        "reach": format(share(p.reach), "f"),
                    }
                    for p in r.report.star
                ],
            }
            for r in progress.readings
        ],
        "spans": [
            {
                "from": progress.readings[b].as_of.isoformat(),
                "to": progress.readings[a].as_of.isoformat(),
                "changes": [_change_json(c) for c in progress.changes_between(b, a)],
            }
            for b, a in progress.spans()
        ],
        "measures": [
            {
                "reading": m.reading + 1,
                "kind": m.kind,
                "item": m.item,
                "measure": m.measure,
                "value": _json_value(m.value),
            }
            for m in progress.measures
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_csv(progress: Progress) -> str:
    """The tidy table: one row per reading × item × measure."""
    from coprod.io.safe_text import csv_text

    main = next(progress.tables())
    return csv_text(main.columns, main.rows)


def render_markdown(progress: Progress) -> str:
    """The journey in Markdown, every text escaped."""
    from coprod.io.safe_text import markdown_text as md

    out = [f"# Progress of {md(progress.organisation)}", "", "## The readings", ""]
    out += ["| reading | as of | round | file |", "|---|---|---|---|"]
    for k, r in enumerate(progress.readings):
        out.append(
            f"| {k + 1} | {r.as_of.isoformat()} | {md(r.assessment.round or '')} | {md(r.name)} |"
        )
    out += ["", "## The Star (score / reach)", ""]
    header = ["Co"] + [r.as_of.isoformat() for r in progress.readings]
    out += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(md(c) for c in row) + " |" for row in _star_rows(progress)]
    for before, after in progress.spans():
        out += ["", f"## {md(progress.span_label(before, after))}", ""]
        sections = span_sections(progress, before, after)
        if not sections:
            out.append("Nothing moved.")
        for heading, lines in sections:
            out += [f"### {md(heading)}", ""]
            out += [f"- {md(line)}" for line in lines]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Progress of {{ organisation }}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:62rem;color:#1f2933;
padding:0 1rem}table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid
#c9cdd4;padding:.25rem .6rem;text-align:left}th{background:#f1f2f4}h2{margin-top:2rem;
border-bottom:2px solid #1f5ea8}h3{font-size:1rem;margin-bottom:.2rem}
.chart{max-width:40rem;display:block}ul{margin-top:.2rem}</style></head><body>
<h1>Progress of {{ organisation }}</h1>
<p>{{ readings|length }} readings, from {{ readings[0].as_of }} to {{ readings[-1].as_of }}.</p>
<table><thead><tr><th>reading</th><th>as of</th><th>round</th><th>file</th></tr></thead><tbody>
{% for r in readings %}<tr><td>{{ r.number }}</td><td>{{ r.as_of }}</td><td>{{ r.round }}</td>
<td>{{ r.file }}</td></tr>{% endfor %}</tbody></table>
<h2>The journey of the Star</h2>
<figure>{{ chart }}<figcaption>Each reading's score per Co (how far it goes across
services); earlier readings pale and dashed, the latest filled, with its reach dashed.
</figcaption></figure>
<table><thead><tr>{% for h in star_header %}<th>{{ h }}</th>{% endfor %}</tr></thead><tbody>
{% for row in star_rows %}<tr>{% for c in row %}<td>{{ c }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table>
{% for span in spans %}<h2>{{ span.title }}</h2>
{% if not span.sections %}<p>Nothing moved.</p>{% endif %}
{% for heading, lines in span.sections %}<h3>{{ heading }}</h3><ul>
{% for line in lines %}<li>{{ line }}</li>{% endfor %}</ul>{% endfor %}
{% endfor %}</body></html>
"""


@functools.lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    import jinja2

    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(_TEMPLATE)


def render_html(progress: Progress) -> str:
    """One self-contained page with the journey chart; every text autoescaped."""
    from markupsafe import Markup

    from coprod.builtin.progress_chart import journey_chart_svg

    chart = journey_chart_svg(
        [(r.label, r.report.star) for r in progress.readings],
        title=f"The journey of {progress.organisation}",
    )
    last = len(progress.readings) - 1
    return _template().render(
        organisation=progress.organisation,
        readings=[
            {
                "number": k + 1,
                "as_of": r.as_of.isoformat(),
                "round": r.assessment.round or "",
                "file": r.name,
            }
            for k, r in enumerate(progress.readings)
        ],
        chart=Markup(chart),  # every text in it is escaped by journey_chart_svg
        star_header=["Co"] + [r.as_of.isoformat() for r in progress.readings],
        star_rows=_star_rows(progress),
        spans=[
            {
                "title": ("From first to last: " if (b, a) == (0, last) and a - b > 1 else "")
                + progress.span_label(b, a),
                "sections": span_sections(progress, b, a),
            }
            for b, a in progress.spans()
        ],
    )


def _formats() -> Iterator[tuple[str, Callable[[Any], str], str]]:
    yield ("summary", render_summary, "The journey for a terminal.")
    yield ("json", render_json, "Readings, spans and measures.")
    yield ("csv", render_csv, "Tidy: one row per reading × item × measure.")
    yield ("markdown", render_markdown, "The journey, escaped.")
    yield ("html", render_html, "One page with the journey chart.")


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register summary, json, csv, markdown and html for progress reports."""
    for format, render, description in _formats():
        register(
            Exporter.standard(format, render, description=f"Progress: {description}", kinds=(KIND,))
        )
