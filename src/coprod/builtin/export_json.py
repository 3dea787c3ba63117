"""Built-in plugin: the ``json`` report format, the one other tools consume.

The document is stable: keys are only ever added within a ``format_version``;
renaming or removing one, or changing its meaning, bumps ``format_version``.
Output is deterministic (keys in the order below, two-space indent, UTF-8 without
``\\u`` escapes, a trailing newline) and always valid JSON: every number is
finite, and a non-finite value (which the engine never produces) becomes
``null``. Enum values appear as their string values (``"co-design"``,
``"quick win"``). Numbers are plain JSON numbers; ``null`` means "not known" or
"does not apply".

Top-level keys
--------------

``format_version``
    ``1``.
``generator``
    ``"coprod <version>"``.
``organisation``
    ``name``, ``kind``, ``area``, ``website`` (string or ``null``; as given, not
    checked: consumers that link it must check the scheme themselves).
``scheme``
    The Priority Matrix scheme used for ``priority``: ``savings_weight``,
    ``outcomes_weight``, ``investment_weight``, ``risk_weight``,
    ``impact_threshold``, ``effort_threshold`` (high means *above* the threshold).
``totals``
    ``initiatives``, ``services``, ``by_service_model`` / ``by_form`` /
    ``by_quadrant`` / ``findings_by_severity`` (objects mapping a label to a count),
    ``volunteer_hours``, ``volunteer_value`` and ``public_saving`` (number or
    ``null``).
``star``
    One object per Co, in the order co-commissioning, co-design, co-delivery,
    co-assessment: ``co``, ``score`` (0–1: mean Explorer extent, systematic
    everywhere = 1), ``reach`` (0–1: share of services where the Co happens at
    all), ``services_by_extent`` (object: ``none``, ``in pockets``,
    ``developing``, ``systematic`` → number of services).
``services``
    One object per service: ``id``, ``name``, ``cells`` (one per Co: ``co``,
    ``extent``, ``actors`` (list), ``mapped`` (false when the Explorer map has no
    entry, which counts as ``none``)), ``gaps`` (Co's with extent ``none``),
    ``initiatives`` (ids).
``gaps``
    One object per (service, Co) gap: ``service``, ``service_name``, ``co``,
    ``case_studies`` (list of ``{"id", "name"}`` from the case-study catalogue).
``initiatives``
    One object per initiative, in input order: ``id``, ``name``, ``service``,
    ``service_name``, ``cos`` (list), ``status`` (``existing``/``potential``),
    ``service_model`` and ``form`` (string or ``null``), ``priority``
    (``{"impact", "effort", "quadrant"}`` or ``null`` when unrated), ``metrics``
    (object: metric → number or ``null``), ``explanations`` (object: metric →
    ``{"value", "complete", "combination", "contributions"}``, each contribution
    ``{"rule", "plugin", "status", "score", "weight", "value", "error"}`` with
    ``status`` one of ``applied``, ``not applicable``, ``failed``),
    ``barriers`` (ids), ``volunteer_hours``, ``incomplete`` (metrics a failing
    rule left incomplete), ``description``, ``website`` (as given, or ``null``).
``quick_wins``
    Ids of the initiatives in the quick-win quadrant.
``barriers``
    The barrier profile, most-mentioned category first: ``category``,
    ``mentions``, ``barriers`` (``id``, ``label``, ``source``, ``initiatives``).
``stakeholders``
    One object per stakeholder-matrix quadrant: ``quadrant``, ``advice``,
    ``stakeholders`` (``id``, ``name``, ``power``, ``interest``, ``stance``,
    ``propensity`` (or ``null``), ``description``).
``network``
    The stakeholder network analysis (``null`` when the assessment has no
    relationships): its fields as an object, enums as values.
``findings``
    ``severity`` (``info``/``warning``/``error``), ``message``, ``source``,
    ``plugin``, ``initiative`` (id or ``null``), ``step`` (``map`` … ``grow`` or
    ``null``).
``metrics``
    Metric names, in the order the evaluation registered them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coprod.builtin.cells import finite, plain
from coprod.hookspecs import hookimpl
from coprod.registry import Exporter

if TYPE_CHECKING:
    from coprod.report import Report

__all__ = ["FORMAT_VERSION", "plain", "render_json", "report_data"]

#: The version of the JSON document's structure (see the module docstring).
FORMAT_VERSION = 1


def _counts(pairs: tuple[tuple[str, int], ...]) -> dict[str, int]:
    return dict(pairs)


def _explanations(report: Report, initiative_id: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    score = report.evaluation.score
    for metric in report.metrics:
        explained = score(initiative_id, metric)
        out[metric] = {
            "value": finite(explained.value),
            "complete": explained.complete,
            "combination": explained.combination,
            "contributions": [
                {
                    "rule": c.rule,
                    "plugin": c.plugin,
                    "status": c.status.value,
                    "score": finite(c.score),
                    "weight": finite(c.weight),
                    "value": finite(c.value),
                    "error": c.error,
                }
                for c in explained.contributions
            ],
        }
    return out


def _network(network: object) -> Any:
    if network is None:
        return None
    as_dict = getattr(network, "as_dict", None)
    # plain() again on as_dict()'s output: lists for tuples, no non-finite floats.
    return plain(as_dict() if callable(as_dict) else network)


def report_data(report: Report) -> dict[str, Any]:
    """The report as the JSON document's data (a dict with the documented keys)."""
    organisation = report.organisation
    scheme = report.scheme
    totals = report.totals
    initiatives = []
    for i in report.initiatives:
        position = i.position
        initiatives.append(
            {
                "id": i.id,
                "name": i.name,
                "service": i.service,
                "service_name": i.service_name,
                "cos": [co.value for co in i.cos],
                "status": i.status.value,
                "service_model": i.service_model,
                "form": i.form,
                "priority": None
                if position is None
                else {
                    "impact": finite(position.impact),
                    "effort": finite(position.effort),
                    "quadrant": position.quadrant.value,
                },
                "metrics": {metric: finite(value) for metric, value in i.metrics},
                "explanations": _explanations(report, i.id),
                "barriers": list(i.barriers),
                "volunteer_hours": finite(i.volunteer_hours),
                "incomplete": list(i.incomplete),
                "description": i.description,
                "website": i.website,
            }
        )
    return {
        "format_version": FORMAT_VERSION,
        "generator": report.generator,
        "organisation": {
            "name": organisation.name,
            "kind": organisation.kind,
            "area": organisation.area,
            "website": organisation.website,
        },
        "scheme": {
            "savings_weight": finite(scheme.savings_weight),
            "outcomes_weight": finite(scheme.outcomes_weight),
            "investment_weight": finite(scheme.investment_weight),
            "risk_weight": finite(scheme.risk_weight),
            "impact_threshold": finite(scheme.impact_threshold),
            "effort_threshold": finite(scheme.effort_threshold),
        },
        "totals": {
            "initiatives": totals.initiatives,
            "services": totals.services,
            "by_service_model": _counts(totals.by_service_model),
            "by_form": _counts(totals.by_form),
            "by_quadrant": _counts(totals.by_quadrant),
            "volunteer_hours": finite(totals.volunteer_hours),
            "volunteer_value": finite(totals.volunteer_value),
            "public_saving": finite(totals.public_saving),
            "findings_by_severity": _counts(totals.findings_by_severity),
        },
        "star": [
            {
                "co": profile.co.value,
                "score": finite(profile.score),
                "reach": finite(profile.reach),
                "services_by_extent": {
                    extent.value: count for extent, count in profile.services_by_extent
                },
            }
            for profile in report.star
        ],
        "services": [
            {
                "id": service.id,
                "name": service.name,
                "cells": [
                    {
                        "co": cell.co.value,
                        "extent": cell.extent.value,
                        "actors": [actor.value for actor in cell.actors],
                        "mapped": cell.mapped,
                    }
                    for cell in service.cells
                ],
                "gaps": [co.value for co in service.gaps],
                "initiatives": list(service.initiatives),
            }
            for service in report.services
        ],
        "gaps": [
            {
                "service": gap.service,
                "service_name": gap.service_name,
                "co": gap.co.value,
                "case_studies": [{"id": cid, "name": name} for cid, name in gap.case_studies],
            }
            for gap in report.gaps
        ],
        "initiatives": initiatives,
        "quick_wins": list(report.quick_wins),
        "barriers": [
            {
                "category": profile.category.value,
                "mentions": profile.mentions,
                "barriers": [
                    {
                        "id": use.barrier.id,
                        "label": use.barrier.label,
                        "source": use.barrier.source,
                        "initiatives": list(use.initiatives),
                    }
                    for use in profile.barriers
                ],
            }
            for profile in report.barriers
        ],
        "stakeholders": [
            {
                "quadrant": group.quadrant.value,
                "advice": group.advice,
                "stakeholders": [
                    {
                        "id": s.id,
                        "name": s.name,
                        "power": s.power.value,
                        "interest": s.interest.value,
                        "stance": s.stance.value,
                        "propensity": None if s.propensity is None else s.propensity.value,
                        "description": s.description,
                    }
                    for s in group.stakeholders
                ],
            }
            for group in report.stakeholders
        ],
        "network": _network(report.network),
        "findings": [
            {
                "severity": f.severity.value,
                "message": f.message,
                "source": f.source,
                "plugin": f.plugin,
                "initiative": f.initiative,
                "step": None if f.step is None else f.step.value,
            }
            for f in report.findings
        ],
        "metrics": list(report.metrics),
    }


def render_json(report: Report) -> str:
    """The report as a JSON document (see the module docstring for its keys)."""
    # allow_nan=False: every float went through finite(), so this only guards regressions.
    return json.dumps(report_data(report), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register the ``json`` format."""
    register(
        Exporter(
            format="json",
            media_type="application/json",
            suffix=".json",
            render=render_json,
            description="The full report as JSON with stable, documented keys "
            "(format_version 1): for other tools, R and pandas.",
        )
    )
