"""The assessment report's action plan and raters' agreement, in every built-in format.

Kept apart from the report's other sections so each exporter gains them with a
one-line insertion: :func:`plan_json` (keys ``as_of``, ``round``, ``action_plan``,
``agreement``), :func:`plan_markdown`, :func:`plan_summary` and :func:`plan_html`
(autoescaped by Jinja2). The suggested plan is given as TOML ``[[actions]]`` tables
(Markdown, HTML) and as a JSON list, ready to copy into the document.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from coprod.model.actions import Action

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

    from coprod.report.model import Report

__all__ = ["plan_html", "plan_json", "plan_markdown", "plan_summary"]


def _action(action: Action, overdue: bool = False) -> dict[str, Any]:
    return {
        "id": action.id,
        "title": action.title,
        "step": action.step.value,
        "owner": action.owner or None,
        "due": None if action.due is None else action.due.isoformat(),
        "status": action.status.value,
        "overdue": overdue,
        "initiatives": list(action.initiatives),
        "services": list(action.services),
        "barriers": list(action.barriers),
        "findings": list(action.findings),
        "notes": action.notes,
    }


def _alpha(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.3f}"


def plan_json(report: Report) -> dict[str, Any]:
    """``as_of``, ``round``, ``action_plan`` and ``agreement`` for the report's JSON."""
    plan = report.action_plan
    assessment = report.assessment
    data: dict[str, Any] = {
        "as_of": None if assessment.as_of is None else assessment.as_of.isoformat(),
        "round": assessment.round,
        "action_plan": None,
        "agreement": [
            {
                "instrument": a.instrument,
                "level": a.alpha.level,
                "alpha": a.alpha.value,
                "raters": list(a.raters),
                "units": a.units,
                "spread": [
                    {
                        "unit": str(c.unit),
                        "consensus": _label(c.value),
                        "lowest": _label(c.lowest),
                        "highest": _label(c.highest),
                        "steps": c.steps,
                        "ratings": {str(r): _label(v) for r, v in c.ratings},
                    }
                    for c in a.spread
                ],
                "strong_disagreements": [
                    {
                        "unit": str(d.unit),
                        "steps": d.steps,
                        "ratings": {str(r): _label(v) for r, v in d.ratings},
                    }
                    for d in a.disagreements
                ],
            }
            for a in report.agreement
        ],
    }
    if plan is not None:
        overdue = {a.id for a in plan.overdue}
        data["action_plan"] = {
            "actions": [_action(a, a.id in overdue) for a in plan.actions],
            "overdue": [a.id for a in plan.overdue],
            "no_owner": [a.id for a in plan.no_owner],
            "suggested": plan.suggested_json(),
        }
    return data


def _label(value: object) -> Any:
    from enum import Enum

    return value.value if isinstance(value, Enum) else value


def plan_summary(report: Report) -> list[str]:
    """Lines for the plain-text summary: the plan in brief, and the raters' agreement."""
    lines: list[str] = []
    plan = report.action_plan
    if plan is not None and plan.actions:
        open_ = sum(a.status.open for a in plan.actions)
        lines.append(
            f"Action plan: {len(plan.actions)} actions ({open_} open), "
            f"{len(plan.overdue)} overdue, {len(plan.no_owner)} with no owner; "
            f"{len(plan.suggested)} suggested (see the full report)."
        )
        for action in plan.overdue:
            lines.append(f"  overdue  {action.id}: {action.title} (due {action.due})")
        for action in plan.no_owner:
            lines.append(f"  no owner {action.id}: {action.title}")
        lines.append("")
    for a in report.agreement:
        lines.append(
            f"Raters' agreement, {a.instrument}: Krippendorff's alpha (ordinal) "
            f"{_alpha(a.alpha.value)} over {a.units} units by {len(a.raters)} raters; "
            f"{len(a.disagreements)} strong disagreement(s)."
        )
    if report.agreement:
        lines.append("")
    return lines


def plan_markdown(report: Report) -> list[str]:
    """The action plan and agreement sections in Markdown, every text escaped."""
    from coprod.io.safe_text import markdown_text as md

    plan = report.action_plan
    lines: list[str] = []
    if plan is not None:
        as_of = "no date" if plan.as_of is None else plan.as_of.isoformat()
        lines += ["## Action plan", "", f"Overdue is relative to the reading's date ({as_of}).", ""]
        overdue = {a.id for a in plan.overdue}
        for step, actions in plan.by_step:
            lines += [f"### {md(step.title)}", ""]
            if not actions:
                lines += ["Nothing planned: START NOW.", ""]
                continue
            lines += ["| id | action | owner | due | status |", "|---|---|---|---|---|"]
            for a in actions:
                status = a.status.value + (" (overdue)" if a.id in overdue else "")
                lines.append(
                    f"| {md(a.id)} | {md(a.title)} | {md(a.owner) or '(nobody)'} | "
                    f"{a.due or ''} | {md(status)} |"
                )
            lines.append("")
        if plan.overdue:
            lines += ["**Overdue:** " + ", ".join(md(a.id) for a in plan.overdue), ""]
        if plan.no_owner:
            lines += ["**No owner:** " + ", ".join(md(a.id) for a in plan.no_owner), ""]
        if plan.suggested:
            lines += [
                "### Suggested plan",
                "",
                "Actions the checks propose; copy them into the document's `[[actions]]`:",
                "",
                "````toml",
                plan.suggested_toml().rstrip("\n"),
                "````",
                "",
            ]
    for agreement in report.agreement:
        lines += [
            f"## Raters' agreement: {md(agreement.instrument)}",
            "",
            f"Krippendorff's alpha (ordinal): **{_alpha(agreement.alpha.value)}** over "
            f"{agreement.units} units by {len(agreement.raters)} raters "
            f"({', '.join(md(r) for r in agreement.raters)}).",
            "",
        ]
        for d in agreement.disagreements:
            lines.append(f"- {md(str(d.unit))}: {md(d.describe())}")
        if agreement.disagreements:
            lines.append("")
    return lines


_TEMPLATE = """{% if plan %}<section id="action-plan">
  <h2>Action plan</h2>
  <p>Overdue is relative to the reading's date ({{ plan.as_of }}).</p>
  {% for step in plan.steps %}<h3>{{ step.title }}</h3>
  {% if step.actions %}<table class="plan"><thead><tr><th>id</th><th>action</th><th>owner</th>
  <th>due</th><th>status</th></tr></thead><tbody>
  {% for a in step.actions %}<tr{% if a.overdue %} class="overdue"{% endif %}><td>{{ a.id }}</td>
  <td>{{ a.title }}</td><td>{{ a.owner or "(nobody)" }}</td><td>{{ a.due or "" }}</td>
  <td>{{ a.status }}{% if a.overdue %} (overdue){% endif %}</td></tr>{% endfor %}
  </tbody></table>{% else %}<p>Nothing planned: START NOW.</p>{% endif %}{% endfor %}
  {% if plan.overdue %}<p><strong>Overdue:</strong> {{ plan.overdue | join(", ") }}</p>{% endif %}
  {% if plan.no_owner %}<p><strong>No owner:</strong>
  {{ plan.no_owner | join(", ") }}</p>{% endif %}
  {% if plan.suggested %}<h3>Suggested plan</h3>
  <details class="suggested-plan"><summary>{{ plan.suggested_count }} actions the checks
  propose: open to copy them into the document's <code>[[actions]]</code></summary>
  <pre>{{ plan.suggested }}</pre></details>{% endif %}
</section>{% endif %}
{% for a in agreement %}<section class="agreement">
  <h2>Raters' agreement: {{ a.instrument }}</h2>
  <p>Krippendorff's alpha (ordinal): <strong>{{ a.alpha }}</strong> over {{ a.units }} units by
  {{ a.raters | length }} raters ({{ a.raters | join(", ") }}).</p>
  {% if a.disagreements %}<ul class="findings">{% for d in a.disagreements %}
  <li>{{ d }}</li>{% endfor %}</ul>{% endif %}
</section>{% endfor %}
"""


@functools.lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    import jinja2

    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(_TEMPLATE)


def plan_html(report: Report) -> Markup:
    """The action plan and agreement sections as HTML, every text autoescaped."""
    from markupsafe import Markup

    plan = report.action_plan
    context: dict[str, Any] = {"plan": None}
    if plan is not None and (plan.actions or plan.suggested):
        overdue = {a.id for a in plan.overdue}
        context["plan"] = {
            "as_of": "no date" if plan.as_of is None else plan.as_of.isoformat(),
            "steps": [
                {
                    "title": step.title,
                    "actions": [
                        {
                            "id": a.id,
                            "title": a.title,
                            "owner": a.owner,
                            "due": None if a.due is None else a.due.isoformat(),
                            "status": a.status.value,
                            "overdue": a.id in overdue,
                        }
                        for a in actions
                    ],
                }
                for step, actions in plan.by_step
            ],
            "overdue": [a.id for a in plan.overdue],
            "no_owner": [a.id for a in plan.no_owner],
            "suggested": plan.suggested_toml(),
            "suggested_count": len(plan.suggested),
        }
    context["agreement"] = [
        {
            "instrument": a.instrument,
            "alpha": _alpha(a.alpha.value),
            "units": a.units,
            "raters": list(a.raters),
            "disagreements": [f"{d.unit}: {d.describe()}" for d in a.disagreements],
        }
        for a in report.agreement
    ]
    # The template autoescapes every value; the result is safe to inline.
    return Markup(_template().render(**context))
