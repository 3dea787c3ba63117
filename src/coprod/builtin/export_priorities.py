"""Built-in plugin: the exporters of priority-setting reports (kind ``"priorities"``).

Formats: ``summary`` (plain text for a terminal), ``json`` (everything, exact
figures as strings), ``csv`` (long/tidy: one row per figure, columns ``table``,
``item``, ``measure``, ``value``; every table of the report), ``markdown`` and
``html`` (one self-contained page, Jinja2 with autoescaping, no scripts).

Safety: text from the ballots and project lists is hostile until shown
otherwise. The summary replaces control characters, CSV text cells go through
:func:`coprod.io.safe_text.neutralise_csv`, Markdown through
:func:`coprod.io.safe_text.markdown_text`, HTML through Jinja2's autoescaping
behind a Content-Security-Policy that forbids scripts and external resources.
"""

from __future__ import annotations

import datetime
import functools
import json
import unicodedata
from collections.abc import Callable, Iterator
from decimal import Decimal
from importlib import resources
from typing import TYPE_CHECKING, Any

from coprod.builtin.cells import format_decimal, format_money
from coprod.contributions import Exporter
from coprod.hookspecs import hookimpl
from coprod.io.safe_text import csv_text, markdown_text
from coprod.report_value import Cell

if TYPE_CHECKING:
    import jinja2

    from coprod.priorities.report import PrioritiesReport

__all__ = [
    "KIND",
    "render_csv",
    "render_html",
    "render_json",
    "render_markdown",
    "render_summary",
]

#: The report kind these exporters render.
KIND = "priorities"
TEMPLATE = "priorities.html.j2"
#: The version of the JSON layout (bumped when a field changes meaning).
JSON_FORMAT_VERSION = 1


def _clean(text: str) -> str:
    return "".join(
        ch if unicodedata.category(ch)[0] != "C" else "\N{REPLACEMENT CHARACTER}" for ch in text
    )


def _money(report: PrioritiesReport, value: Decimal) -> str:
    if report.currency:
        return format_money(value, report.currency)
    return format_decimal(value, places=2)


def _percent(share: Decimal) -> str:
    return f"{(share * 100).quantize(Decimal('0.1'))}%"


def _unit(report: PrioritiesReport) -> str:
    return "votes" if report.vote_type == "approval" else "points"


def _headline(report: PrioritiesReport) -> list[str]:
    outcome = report.outcome
    lines = [
        f"{len(outcome.funded)} of {len(report.projects)} projects funded under "
        f"{outcome.rule}: {_money(report, outcome.spent)} of {_money(report, report.budget)} "
        f"({_money(report, outcome.left)} left).",
        f"{report.voters} ballots counted of {report.received} received; "
        f"{report.voters_with_funded} voters ({_share(report.voters_with_funded, report.voters)}) "
        "have at least one funded project.",
    ]
    if report.compared is not None:
        if report.differs:
            lines.append(
                f"{report.compared.rule} would fund a different set: "
                f"{', '.join(report.compared.funded) or 'nothing'} "
                f"({_money(report, report.compared.spent)}; "
                f"{report.compared_voters_with_funded} voters with a funded project)."
            )
        else:
            lines.append(f"{report.compared.rule} funds the same projects.")
    if report.recorded_agrees is not None:
        recorded = (
            f" (the file records rule {report.recorded_rule})" if report.recorded_rule else ""
        )
        lines.append(
            f"The file's recorded selection{recorded} agrees with this count."
            if report.recorded_agrees
            else f"The file's recorded selection{recorded} DIFFERS from this count "
            f"under {outcome.rule}."
        )
    return lines


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "0%"


def render_summary(report: PrioritiesReport) -> str:
    """Headline figures, the projects in turn order and the ballots not counted."""
    title = report.description or report.exercise
    lines = [f"{_clean(title)}: citizen priority-setting ({report.vote_type} ballots)"]
    lines += ["", *_headline(report), "", "Turnout by channel:"]
    for t in report.turnout:
        lines.append(
            f"  {_clean(t.channel):<12} {t.received:>7} received, {t.counted:>7} counted, "
            f"{t.invalid} invalid, {t.superseded} superseded"
        )
    lines += ["", f"Projects ({report.outcome.rule}, in the order considered):"]
    for p in report.projects:
        mark = "FUNDED" if p.funded else "-     "
        name = _clean(p.name)[:60]
        lines.append(f"  {mark} {_clean(p.id):>8}  {name}")
        lines.append(f"         {_clean(p.reason)}")
    if report.invalid or report.superseded:
        lines += ["", "Ballots not counted:"]
        lines += [f"  invalid: {_clean(text)}" for text in report.invalid[:20]]
        lines += [f"  superseded: {_clean(text)}" for text in report.superseded[:20]]
        hidden = max(len(report.invalid) - 20, 0) + max(len(report.superseded) - 20, 0)
        if hidden:
            lines.append(f"  … and {hidden} more (see the csv or json output)")
    return "\n".join(lines) + "\n"


def _json_cell(value: Cell) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _outcome_json(outcome: Any) -> dict[str, Any]:
    return {
        "rule": outcome.rule,
        "budget": str(outcome.budget),
        "spent": str(outcome.spent),
        "left": str(outcome.left),
        "funded": list(outcome.funded),
        "detail": outcome.detail,
        "decisions": [
            {
                "project": d.project,
                "funded": d.funded,
                "turn": d.turn,
                "support": d.support,
                "votes": d.votes,
                "cost": str(d.cost),
                "money_left": str(d.money_left),
                "stage": d.stage,
                "pool": d.pool,
                "reason": d.reason,
            }
            for d in outcome.decisions
        ],
    }


def render_json(report: PrioritiesReport) -> str:
    """The whole report as JSON; money as decimal strings so no figure is rounded."""
    data = {
        "kind": report.kind,
        "format_version": JSON_FORMAT_VERSION,
        "exercise": report.exercise,
        "description": report.description,
        "vote_type": report.vote_type,
        "budget": str(report.budget),
        "currency": report.currency,
        "recorded_rule": report.recorded_rule,
        "recorded_agrees": report.recorded_agrees,
        "voters": report.voters,
        "received": report.received,
        "voters_with_funded": report.voters_with_funded,
        "precedence": list(report.precedence),
        "outcome": _outcome_json(report.outcome),
        "compared": None if report.compared is None else _outcome_json(report.compared),
        "differs": report.differs,
        "compared_voters_with_funded": report.compared_voters_with_funded,
        "tables": {
            table.name: [
                dict(zip(table.columns, map(_json_cell, row), strict=True)) for row in table.rows
            ]
            for table in report.tables()
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _long_rows(report: PrioritiesReport) -> Iterator[tuple[object, ...]]:
    for table in report.tables():
        for row in table.rows:
            for measure, value in zip(table.columns[1:], row[1:], strict=True):
                yield table.name, row[0], measure, value


def render_csv(report: PrioritiesReport) -> str:
    """Every table of the report in long (tidy) form: ``table,item,measure,value``.

    ``item`` is the row's first cell (the project id, the channel, the category).
    Cells through :func:`coprod.io.safe_text.csv_cell`: numbers exact, text
    neutralised against formulas; RFC 4180 with ``\\r\\n`` line ends.
    """
    return csv_text(("table", "item", "measure", "value"), _long_rows(report))


def _md_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, (int, float)):
        return str(value)
    return markdown_text(str(value))


def render_markdown(report: PrioritiesReport) -> str:
    """Headline, then every table of the report, text escaped for Markdown."""
    title = report.description or report.exercise
    lines = [f"# {markdown_text(title)}: citizen priority-setting", ""]
    lines += [markdown_text(line) for line in _headline(report)]
    for table in report.tables():
        rows = list(table.rows)
        if not rows:
            continue
        lines += ["", f"## {markdown_text(table.title or table.name)}", ""]
        lines.append("| " + " | ".join(markdown_text(c) for c in table.columns) + " |")
        lines.append("|" + "---|" * len(table.columns))
        lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


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


def render_html(report: PrioritiesReport) -> str:
    """One self-contained HTML page (autoescaped; no scripts, no external resources)."""
    unit = _unit(report)
    budget = report.budget or Decimal(1)
    projects = [
        {
            "id": p.id,
            "name": p.name,
            "category": ", ".join(p.category),
            "district": p.district or "",
            "cost": _money(report, p.cost),
            "support": p.points if unit == "points" else p.votes,
            "votes": p.votes,
            "funded": p.funded,
            "compared": p.compared_funded,
            "recorded": p.recorded_selected,
            "reason": p.reason,
            "bar": min(100, round(100 * p.cost / budget)),
        }
        for p in report.projects
    ]
    return _template().render(
        report=report,
        headline=_headline(report),
        unit=unit,
        projects=projects,
        money=functools.partial(_money, report),
        percent=_percent,
        compared_rule=report.compared.rule if report.compared else None,
    )


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register the ``priorities`` formats: summary, json, csv, markdown, html."""
    for format, render, description in (
        ("summary", render_summary, "Headline figures and every decision."),
        ("json", render_json, "The whole report, exact figures."),
        (
            "csv",
            render_csv,
            "Long/tidy: table,item,measure,value for every figure; formulas neutralised.",
        ),
        ("markdown", render_markdown, "Headline and tables, escaped."),
        ("html", render_html, "One self-contained page, autoescaped."),
    ):
        register(Exporter.standard(format, render, description=description, kinds=(KIND,)))
