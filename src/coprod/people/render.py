"""Match results as JSON, CSV, Markdown or HTML, with personal data only on request.

Sources: ``002_ea409380ef17158f.txt`` (Capabilities Assessment), ``004_2ab9b3d444068e57.txt``
(time brokers matching members). Capability and needs records are personal data:

* Names (``display_name``, ``requester_name``) appear only with
  ``include_personal_data=True``.
* Matches and unmatched needs are listed by pseudonymous id, which is what a time
  broker needs to act on them. ``aggregates_only=True`` leaves those lists out, for
  sharing beyond the people who run the matching.
* Aggregates (needs, matched and unmatched by category and area; unmatched needs by
  reason) suppress counts from 1 to :data:`SUPPRESSION_THRESHOLD` - 1, plus enough
  other cells that a suppressed count cannot be worked out from the totals
  (complementary suppression). Suppressed counts are ``null`` in JSON and ``<5``
  elsewhere.

CSV cells that came from input and begin with ``=``, ``+``, ``-``, ``@``, tab or
carriage return are prefixed with ``'`` so that spreadsheets do not run them as
formulas. HTML is rendered by Jinja2 with autoescaping, as one self-contained page.
"""

from __future__ import annotations

import csv
import enum
import io
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from coprod.io.safe_text import markdown_text, neutralise_csv
from coprod.people.explain import UnmatchedReason
from coprod.people.matching import MatchResult, Objective

__all__ = [
    "SUPPRESSION_THRESHOLD",
    "MatchFormat",
    "NeedAggregate",
    "ReasonAggregate",
    "aggregate_needs",
    "aggregate_unmatched_reasons",
    "match_result_to_dict",
    "render_match_result",
    "safe_csv_cell",
]

#: Counts from 1 up to this number minus one are suppressed in aggregates.
SUPPRESSION_THRESHOLD = 5


class MatchFormat(str, enum.Enum):
    """Output formats of a match result (``002_…`` Capabilities Assessment)."""

    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    HTML = "html"


def safe_csv_cell(value: object) -> object:
    """``value`` with spreadsheet formulas neutralised (``002_…`` records exported as CSV).

    Strings beginning with ``=``, ``+``, ``-``, ``@``, tab or carriage return get a
    leading ``'``; numbers and None pass through unchanged.
    """
    return neutralise_csv(value) if isinstance(value, str) else value


@attrs.frozen
class NeedAggregate:
    """Needs, matched and unmatched in one category and area (``004_…``); None if hidden."""

    category: str
    area: str
    needs: int | None
    matched: int | None
    unmatched: int | None


@attrs.frozen
class ReasonAggregate:
    """Unmatched needs for one reason (``004_…``); ``needs`` is None when suppressed."""

    reason: UnmatchedReason
    needs: int | None


def _small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def _complete(values: list[int], hidden: list[bool]) -> bool:
    """Hide the smallest other non-zero cell if exactly one is hidden (in place).

    Used for rows (needs = matched + unmatched) and columns (against the totals):
    a single hidden cell could otherwise be worked out from the others.
    """
    if sum(hidden) != 1:
        return False
    candidates = [(v, k) for k, v in enumerate(values) if not hidden[k] and v > 0]
    if not candidates:
        return False
    hidden[min(candidates)[1]] = True
    return True


def aggregate_needs(
    result: MatchResult, *, threshold: int = SUPPRESSION_THRESHOLD
) -> tuple[NeedAggregate, ...]:
    """Needs, matched and unmatched by category and area, small counts hidden (``004_…``).

    A count from 1 to ``threshold - 1`` is suppressed; then, until nothing changes,
    any row or column with exactly one hidden cell also hides its smallest other
    non-zero cell, so that no hidden count follows from the shown ones and the
    totals (needs = matched + unmatched in each row).
    """
    matched_ids = {m.need_id for m in result.matches}
    cells: Counter[tuple[str, str]] = Counter()
    met: Counter[tuple[str, str]] = Counter()
    for need in result.problem.needs:
        key = (need.category, need.area)
        cells[key] += 1
        if need.id in matched_ids:
            met[key] += 1
    keys = sorted(cells)
    table = [[cells[k], met[k], cells[k] - met[k]] for k in keys]
    hidden = [[_small(v, threshold) for v in row] for row in table]
    changed = True
    while changed:
        changed = False
        for row, mask in zip(table, hidden, strict=True):
            changed = _complete(row, mask) or changed
        for c in range(3):
            flags = [mask[c] for mask in hidden]
            if _complete([row[c] for row in table], flags):
                for mask, flag in zip(hidden, flags, strict=True):
                    mask[c] = flag
                changed = True
    return tuple(
        NeedAggregate(
            category=k[0],
            area=k[1],
            needs=None if mask[0] else row[0],
            matched=None if mask[1] else row[1],
            unmatched=None if mask[2] else row[2],
        )
        for k, row, mask in zip(keys, table, hidden, strict=True)
    )


def aggregate_unmatched_reasons(
    result: MatchResult, *, threshold: int = SUPPRESSION_THRESHOLD
) -> tuple[ReasonAggregate, ...]:
    """Unmatched needs by reason (every reason listed), small counts suppressed."""
    counts = Counter(u.reason for u in result.unmatched)
    values = [counts.get(reason, 0) for reason in UnmatchedReason]
    hidden = [_small(v, threshold) for v in values]
    _complete(values, hidden)
    return tuple(
        ReasonAggregate(reason, None if flag else value)
        for reason, value, flag in zip(UnmatchedReason, values, hidden, strict=True)
    )


def _count(value: int, threshold: int, suppress: bool) -> int | None:
    return None if suppress and _small(value, threshold) else value


def match_result_to_dict(
    result: MatchResult,
    *,
    include_personal_data: bool = False,
    aggregates_only: bool = False,
    threshold: int = SUPPRESSION_THRESHOLD,
) -> dict[str, Any]:
    """The result as JSON-ready data (``002_…``, ``004_…``; the ``--format json`` document).

    Keys: ``objective``, ``solvers``, ``personal_data``, ``summary``, ``matches``
    and ``unmatched`` (left out when ``aggregates_only``), ``aggregates``. Names are
    included only when ``include_personal_data`` is true.
    """
    problem = result.problem
    needs = {n.id: n for n in problem.needs}
    providers = {p.id: p for p in problem.providers}
    suppress = aggregates_only
    data: dict[str, Any] = {
        "objective": result.objective.value,
        "solvers": list(result.solvers),
        "personal_data": include_personal_data,
        "summary": {
            "needs": _count(len(problem.needs), threshold, suppress),
            "matched": _count(result.matched_count, threshold, suppress),
            "unmatched": _count(len(result.unmatched), threshold, suppress),
            "capabilities": _count(len(problem.capabilities), threshold, suppress),
            "providers": _count(len(problem.providers), threshold, suppress),
            "total_score": round(result.total_score, 3),
        },
    }
    if not aggregates_only:
        matches = []
        for m in result.matches:
            need = needs[m.need_id]
            row: dict[str, Any] = {
                "need_id": m.need_id,
                "requester_id": m.requester_id,
                "category": need.category,
                "area": need.area,
                "capability_id": m.capability_id,
                "provider_id": m.provider_id,
                "score": round(m.score.total, 3),
                "components": {
                    name: {k: round(v, 3) for k, v in parts.items()}
                    for name, parts in m.score.as_dict().items()
                },
            }
            if include_personal_data:
                row["requester_name"] = need.requester_name
                row["provider_name"] = providers[m.provider_id].display_name
            matches.append(row)
        unmatched = []
        for u in result.unmatched:
            need = needs[u.need_id]
            entry: dict[str, Any] = {
                "need_id": u.need_id,
                "requester_id": u.requester_id,
                "category": need.category,
                "area": need.area,
                "reason": u.reason.value,
                "reason_label": u.reason.label,
                "explanation": u.explanation,
                "funnel": u.funnel.as_dict(),
            }
            if include_personal_data:
                entry["requester_name"] = need.requester_name
            unmatched.append(entry)
        data["matches"] = matches
        data["unmatched"] = unmatched
    data["aggregates"] = {
        "suppression_threshold": threshold,
        "by_category_and_area": [
            attrs.asdict(a) for a in aggregate_needs(result, threshold=threshold)
        ],
        "unmatched_by_reason": [
            {"reason": a.reason.value, "label": a.reason.label, "needs": a.needs}
            for a in aggregate_unmatched_reasons(result, threshold=threshold)
        ],
    }
    return data


def _shown(value: int | None, threshold: int) -> str:
    return f"<{threshold}" if value is None else str(value)


def _component_names(data: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for m in data.get("matches", []):
        for name in m["components"]:
            if name not in names:
                names.append(name)
    return names


def _csv(data: dict[str, Any], include_personal_data: bool, aggregates_only: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    threshold = data["aggregates"]["suppression_threshold"]
    if aggregates_only:
        writer.writerow(["category", "area", "needs", "matched", "unmatched"])
        for a in data["aggregates"]["by_category_and_area"]:
            writer.writerow(
                [safe_csv_cell(a["category"]), safe_csv_cell(a["area"])]
                + [_shown(a[k], threshold) for k in ("needs", "matched", "unmatched")]
            )
        return buffer.getvalue()
    components = _component_names(data)
    header = [
        "need_id",
        "requester_id",
        "category",
        "area",
        "status",
        "capability_id",
        "provider_id",
        "score",
        *(f"{name}_points" for name in components),
        "reason",
        "explanation",
    ]
    if include_personal_data:
        header += ["requester_name", "provider_name"]
    writer.writerow(header)
    rows: list[tuple[str, list[object]]] = []
    for m in data["matches"]:
        row: list[object] = [
            m["need_id"],
            m["requester_id"],
            m["category"],
            m["area"],
            "matched",
            m["capability_id"],
            m["provider_id"],
            m["score"],
            *(m["components"].get(name, {}).get("points", "") for name in components),
            "",
            "",
        ]
        if include_personal_data:
            row += [m["requester_name"] or "", m["provider_name"] or ""]
        rows.append((m["need_id"], row))
    for u in data["unmatched"]:
        row = [
            u["need_id"],
            u["requester_id"],
            u["category"],
            u["area"],
            "unmatched",
            "",
            "",
            "",
            *("" for _ in components),
            u["reason"],
            u["explanation"],
        ]
        if include_personal_data:
            row += [u["requester_name"] or "", ""]
        rows.append((u["need_id"], row))
    for _, row in sorted(rows, key=lambda item: item[0]):
        writer.writerow([safe_csv_cell(cell) for cell in row])
    return buffer.getvalue()


def _md(value: object) -> str:
    """Text safe in a Markdown table cell: one line, no markup, no HTML tags."""
    return markdown_text(str(value))


def _md_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = [
        "| " + " | ".join(_md(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return lines


_OBJECTIVE_TEXT = {
    Objective.MOST.value: "most needs met (maximum number of matches)",
    Objective.BEST.value: "best matches among the most needs met",
}


def _tables(
    data: dict[str, Any], include_personal_data: bool
) -> list[tuple[str, list[str], list[list[object]], str]]:
    """(title, header, rows, note) for each table, shared by Markdown and HTML."""
    threshold = data["aggregates"]["suppression_threshold"]
    tables: list[tuple[str, list[str], list[list[object]], str]] = []
    if "matches" in data:
        components = _component_names(data)
        header = ["Need", "Category", "Area", "Capability", "Provider", "Score"]
        header += [f"{name.capitalize()} points" for name in components]
        if include_personal_data:
            header += ["Requester name", "Provider name"]
        rows: list[list[object]] = []
        for m in data["matches"]:
            row: list[object] = [
                m["need_id"],
                m["category"],
                m["area"],
                m["capability_id"],
                m["provider_id"],
                f"{m['score']:g}",
                *(
                    f"{m['components'][name]['points']:g}" if name in m["components"] else ""
                    for name in components
                ),
            ]
            if include_personal_data:
                row += [m["requester_name"] or "", m["provider_name"] or ""]
            rows.append(row)
        tables.append(("Matches", header, rows, "" if rows else "No needs were matched."))
        header = ["Need", "Category", "Area", "Reason", "Explanation"]
        if include_personal_data:
            header.append("Requester name")
        rows = []
        for u in data["unmatched"]:
            row = [u["need_id"], u["category"], u["area"], u["reason_label"], u["explanation"]]
            if include_personal_data:
                row.append(u["requester_name"] or "")
            rows.append(row)
        tables.append(("Unmatched needs", header, rows, "" if rows else "Every need was met."))
    note = (
        f"Counts from 1 to {threshold - 1} are shown as <{threshold}, with enough other "
        "cells hidden that they cannot be worked out from the totals."
    )
    tables.append(
        (
            "Needs by category and area",
            ["Category", "Area", "Needs", "Matched", "Unmatched"],
            [
                [a["category"], a["area"]]
                + [_shown(a[k], threshold) for k in ("needs", "matched", "unmatched")]
                for a in data["aggregates"]["by_category_and_area"]
            ],
            note,
        )
    )
    tables.append(
        (
            "Unmatched needs by reason",
            ["Reason", "Needs"],
            [
                [a["label"], _shown(a["needs"], threshold)]
                for a in data["aggregates"]["unmatched_by_reason"]
            ],
            "",
        )
    )
    return tables


def _summary_line(data: dict[str, Any]) -> str:
    s = data["summary"]
    threshold = data["aggregates"]["suppression_threshold"]
    return (
        f"{_shown(s['matched'], threshold)} of {_shown(s['needs'], threshold)} needs met "
        f"({_shown(s['unmatched'], threshold)} unmatched) from "
        f"{_shown(s['capabilities'], threshold)} capabilities of "
        f"{_shown(s['providers'], threshold)} providers; total score {s['total_score']:g}."
    )


def _markdown(data: dict[str, Any], include_personal_data: bool) -> str:
    lines = [
        "# People it: capabilities matched to needs",
        "",
        f"Objective: {_OBJECTIVE_TEXT[data['objective']]}. "
        f"Solvers: {', '.join(data['solvers']) or 'none'}.",
        "",
        _md(_summary_line(data)),
        "",
    ]
    if include_personal_data:
        lines += ["**This report contains personal data (names).**", ""]
    for title, header, rows, note in _tables(data, include_personal_data):
        lines += [f"## {title}", ""]
        if rows:
            lines += [*_md_table(header, rows), ""]
        if note:
            lines += [_md(note), ""]
    return "\n".join(lines)


_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>People it: capabilities matched to needs</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1a1a1a; max-width: 80rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #c8c8c8; padding: 0.3rem 0.6rem; text-align: left;
  vertical-align: top; }
th { background: #eef2f5; }
.personal { background: #fff3cd; padding: 0.5rem 1rem; border: 1px solid #e0c36a; }
.note { color: #555; font-size: 0.9rem; }
</style>
</head>
<body>
<h1>People it: capabilities matched to needs</h1>
<p>Objective: {{ objective }}. Solvers: {{ solvers }}.</p>
<p>{{ summary }}</p>
{% if personal %}<p class="personal">This report contains personal data (names).</p>{% endif %}
{% for title, header, rows, note in tables %}
<h2>{{ title }}</h2>
{% if rows %}
<table>
<thead><tr>{% for h in header %}<th scope="col">{{ h }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>
{% endfor %}</tbody>
</table>
{% endif %}
{% if note %}<p class="note">{{ note }}</p>{% endif %}
{% endfor %}
</body>
</html>
"""


def _html(data: dict[str, Any], include_personal_data: bool) -> str:
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(_HTML)
    return template.render(
        objective=_OBJECTIVE_TEXT[data["objective"]],
        solvers=", ".join(data["solvers"]) or "none",
        summary=_summary_line(data),
        personal=include_personal_data,
        tables=_tables(data, include_personal_data),
    )


def render_match_result(
    result: MatchResult,
    format: MatchFormat | str = MatchFormat.MARKDOWN,
    *,
    include_personal_data: bool = False,
    aggregates_only: bool = False,
    threshold: int = SUPPRESSION_THRESHOLD,
) -> str:
    """Render ``result`` (``002_…``, ``004_…``) as ``json``, ``csv``, ``markdown`` or ``html``.

    Without ``include_personal_data`` no name appears anywhere in the output. With
    ``aggregates_only`` only the summary and the suppressed aggregates are shown
    (CSV: the category-and-area table).
    """
    fmt = MatchFormat(format)
    data = match_result_to_dict(
        result,
        include_personal_data=include_personal_data,
        aggregates_only=aggregates_only,
        threshold=threshold,
    )
    if fmt is MatchFormat.JSON:
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt is MatchFormat.CSV:
        return _csv(data, include_personal_data, aggregates_only)
    if fmt is MatchFormat.MARKDOWN:
        return _markdown(data, include_personal_data)
    return _html(data, include_personal_data)
