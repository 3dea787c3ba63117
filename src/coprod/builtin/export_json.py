"""Built-in plugin: the ``json`` report format, the one other tools consume.

The document is stable: keys are only ever added within a ``format_version``;
renaming or removing one, or changing its meaning, bumps ``format_version``.
Output is deterministic (keys in the order below, two-space indent, UTF-8 without
``\\u`` escapes, a trailing newline) and always valid JSON: every number is
finite, and a non-finite value (which the engine never produces) becomes
``null``. Enum values appear as their string values (``"co-design"``,
``"quick win"``). Scores and ratings are plain JSON numbers written with at most
15 significant digits (so ``0.1 + 0.2`` reads ``0.3``); ``null`` means "not
known" or "does not apply".

Exact figures (version 2): the totals' hours and money are *quantities*, objects
``{"amount": "<decimal string>", "unit": "<unit>"}`` whose ``amount`` is a
decimal in a string (``"65383.40"``; read it with ``decimal.Decimal`` or
``Number``) and whose ``unit`` is ``"hours"``, ``"FTE"``, an ISO 4217 currency
code (``"GBP"``), or a currency per hour (``"GBP/hour"``).

Version history: 2 added ``provenance``, ``currency``, ``resource_unit``,
``scheme.registered_by``, ``services[].cells[].initiatives`` and
``totals.volunteer_hourly_rate``, turned the totals' ``volunteer_hours``,
``volunteer_value`` and ``public_saving`` into quantities, and put ``findings``
most serious first.

Top-level keys
--------------

``format_version``
    ``2``.
``generator``
    ``"coprod <version>"``.
``provenance``
    What produced the report: ``coprod_version``, ``date`` (``YYYY-MM-DD`` or
    ``null``; from ``SOURCE_DATE_EPOCH`` when set), ``input`` (``{"name",
    "sha256"}`` or ``null``), ``plugins`` (loaded: ``name``, ``kind``,
    ``distribution``, ``version``), ``blocked`` (names), ``scheme_registered_by``
    (plugin or ``null``).
``currency``
    ISO 4217 code of every amount of money (``"GBP"``).
``resource_unit``
    Unit of the resource figures: ``money`` (in ``currency``), ``hours`` or
    ``full-time equivalents``.
``organisation``
    ``name``, ``kind``, ``area``, ``website`` (string or ``null``; as given, not
    checked: consumers that link it must check the scheme themselves).
``scheme``
    The Priority Matrix scheme used for ``priority``, as registered by
    ``registered_by`` (a plugin name; ``null`` when no plugin registered one and
    the default thresholds were used): ``savings_weight``, ``outcomes_weight``,
    ``investment_weight``, ``risk_weight``, ``impact_threshold``,
    ``effort_threshold`` (high means *above* the threshold).
``totals``
    ``initiatives``, ``services``, ``by_service_model`` / ``by_form`` /
    ``by_quadrant`` / ``findings_by_severity`` (objects mapping a label to a count,
    most serious severity first), ``volunteer_hours`` (quantity in hours),
    ``volunteer_value`` (quantity in ``currency``, or ``null``),
    ``volunteer_hourly_rate`` (quantity in ``<currency>/hour``, or ``null`` unless
    the built-in rule valued the hours), ``public_saving`` (quantity in the
    resource unit, negative when public inputs rise; or ``null``).
``star``
    One object per Co, in the order co-commissioning, co-design, co-delivery,
    co-assessment: ``co``, ``score`` (0–1: mean Explorer extent, systematic
    everywhere = 1), ``reach`` (0–1: share of services where the Co happens at
    all), ``services_by_extent`` (object: ``none``, ``in pockets``,
    ``developing``, ``systematic`` → number of services). A service's extent
    for a Co is its Explorer entry's, and at least ``in pockets`` where it runs an
    existing initiative of that Co.
``services``
    One object per service: ``id``, ``name``, ``cells`` (one per Co: ``co``,
    ``extent``, ``actors`` (list), ``mapped`` (false when the Explorer map has no
    entry), ``initiatives`` (ids of the existing initiatives of that Co in that
    service; the extent is at least ``in pockets`` when there are any)),
    ``gaps`` (Co's with extent ``none``), ``initiatives`` (ids).
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
    Most serious first, then by step: ``severity``
    (``info``/``warning``/``error``), ``message``, ``source``, ``plugin``,
    ``initiative`` (id or ``null``), ``step`` (``map`` … ``grow`` or ``null``).
``metrics``
    Metric names, in the order the evaluation registered them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from coprod.builtin.cells import finite, plain, unit_label
from coprod.builtin.market_sections import market_json
from coprod.builtin.plan_sections import plan_json
from coprod.contributions import Exporter
from coprod.hookspecs import hookimpl
from coprod.model.assessment import ResourceUnit

if TYPE_CHECKING:
    from coprod.report import Report

__all__ = ["FORMAT_VERSION", "number", "plain", "quantity", "render_json", "report_data"]

#: The version of the JSON document's structure (see the module docstring).
FORMAT_VERSION = 2


def number(value: float | None) -> float | None:
    """A finite number with at most 15 significant digits (no binary noise), or ``None``."""
    present = finite(value)
    return None if present is None else float(format(present, ".15g"))


def quantity(amount: Decimal | None, unit: str) -> dict[str, str] | None:
    """An exact figure and its unit: ``{"amount": "65383.40", "unit": "GBP"}``."""
    if amount is None:
        return None
    return {"amount": f"{amount:f}", "unit": unit}


def _counts(pairs: tuple[tuple[str, int], ...]) -> dict[str, int]:
    return dict(pairs)


def _explanations(report: Report, initiative_id: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    score = report.evaluation.score
    for metric in report.metrics:
        explained = score(initiative_id, metric)
        out[metric] = {
            "value": number(explained.value),
            "complete": explained.complete,
            "combination": explained.combination,
            "contributions": [
                {
                    "rule": c.rule,
                    "plugin": c.plugin,
                    "status": c.status.value,
                    "score": number(c.score),
                    "weight": number(c.weight),
                    "value": number(c.value),
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
    provenance = report.provenance
    resource_unit = (
        report.currency
        if report.resource_unit is ResourceUnit.MONEY
        else unit_label(report.resource_unit, report.currency)
    )
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
                    "impact": number(position.impact),
                    "effort": number(position.effort),
                    "quadrant": position.quadrant.value,
                },
                "metrics": {metric: number(value) for metric, value in i.metrics},
                "explanations": _explanations(report, i.id),
                "barriers": list(i.barriers),
                "volunteer_hours": number(i.volunteer_hours),
                "incomplete": list(i.incomplete),
                "description": i.description,
                "website": i.website,
            }
        )
    return {
        "format_version": FORMAT_VERSION,
        "generator": report.generator,
        "provenance": {
            "coprod_version": provenance.coprod_version,
            "date": None if provenance.date is None else provenance.date.isoformat(),
            "input": None
            if provenance.input_sha256 is None
            else {"name": provenance.input_name, "sha256": provenance.input_sha256},
            "plugins": [
                {
                    "name": p.name,
                    "kind": p.kind,
                    "distribution": p.distribution,
                    "version": p.version,
                }
                for p in provenance.plugins
            ],
            "blocked": list(provenance.blocked),
            "scheme_registered_by": provenance.scheme_plugin,
        },
        "currency": report.currency,
        "resource_unit": report.resource_unit.value,
        "organisation": {
            "name": organisation.name,
            "kind": organisation.kind,
            "area": organisation.area,
            "website": organisation.website,
        },
        "scheme": {
            "registered_by": provenance.scheme_plugin,
            "savings_weight": number(scheme.savings_weight),
            "outcomes_weight": number(scheme.outcomes_weight),
            "investment_weight": number(scheme.investment_weight),
            "risk_weight": number(scheme.risk_weight),
            "impact_threshold": number(scheme.impact_threshold),
            "effort_threshold": number(scheme.effort_threshold),
        },
        "totals": {
            "initiatives": totals.initiatives,
            "services": totals.services,
            "by_service_model": _counts(totals.by_service_model),
            "by_form": _counts(totals.by_form),
            "by_quadrant": _counts(totals.by_quadrant),
            "volunteer_hours": quantity(totals.volunteer_hours, "hours"),
            "volunteer_value": quantity(totals.volunteer_value, report.currency),
            "volunteer_hourly_rate": quantity(
                totals.volunteer_hourly_rate, f"{report.currency}/hour"
            ),
            "public_saving": quantity(totals.public_saving, resource_unit),
            "findings_by_severity": _counts(totals.findings_by_severity),
        },
        "star": [
            {
                "co": profile.co.value,
                "score": number(profile.score),
                "reach": number(profile.reach),
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
                        "initiatives": list(cell.initiatives),
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
        # as_of, round, action_plan, agreement (the journey over time)
        **plan_json(report),
        # market, business_case (Market it and Grow it, coprod.builtin.market_sections)
        **market_json(report),
    }


def render_json(report: Report) -> str:
    """The report as a JSON document (see the module docstring for its keys)."""
    # allow_nan=False: every float went through number(), so this only guards regressions.
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
            f"(format_version {FORMAT_VERSION}): for other tools, R and pandas.",
        )
    )
