"""Built-in plugin: the ``json`` report format, the one other tools consume.

The document is stable: keys are only ever added within a ``format_version``;
renaming or removing one, or changing its meaning, bumps ``format_version``.
Output is deterministic and always valid JSON: every number is finite, and a
non-finite value (which the engine never produces) becomes ``null``. Enum values
appear as their string values (``"co-design"``, ``"quick win"``). Scores and
ratings are plain JSON numbers written with at most 15 significant digits (so
``0.1 + 0.2`` reads ``0.3``); ``null`` means "not known" or "does not apply".

Layout
------

One top-level object, its keys in the order below, one per line, indented by two
spaces. The values of ``initiatives`` and ``findings`` are lists written one
element per line (a compact object: ``", "`` and ``": "`` separators), so
line-oriented tools can split them; every other value is written with a
two-space indent. UTF-8 without ``\\u`` escapes (text is written as is, JSON's
own escapes aside), and a trailing newline.

The exporter streams: :func:`write_json_report` writes the document piece by
piece, one initiative (or finding) at a time, so memory grows with one
initiative, not the report; :func:`render_json` returns the same text.

Nothing is repeated that a reader can derive (version 3)
--------------------------------------------------------

Each fact is written once, and what follows from it is left to the reader:

- rules are described once, in ``rules``; an initiative gives only each rule's
  raw score (``rule_scores``, aligned with ``rules``) and the errors of the rules
  that failed on it (``rule_errors``). An explanation of metric ``m`` for an
  initiative is, for every rule ``r`` of ``rules`` whose ``metric`` is ``m``, in
  ``rules`` order: ``rule`` = ``rules[r].name``, ``plugin`` = ``rules[r].plugin``,
  ``weight`` = ``rules[r].weight``, ``score`` = ``rule_scores[r]``, ``error`` =
  the ``rule_errors`` entry for ``r`` (or ``null``), ``status`` = ``failed`` when
  there is an error, else ``not applicable`` when ``score`` is ``null``, else
  ``applied``, and ``value`` = ``weight × score`` when applied (else ``null``).
  The metric's ``value`` is the initiative's ``metrics`` entry (the sum of the
  applied values; ``null`` when none applies or the sum is too large for a float),
  ``complete`` is false when a contribution failed or when the value is ``null``
  although a rule applied, and ``combination`` is the top-level ``combination``;
- an initiative's ``metrics`` is a list aligned with the top-level ``metrics``;
- a service's name is only in ``services``; ids refer to it;
- an initiative's Priority Matrix position is its ``impact`` and ``effort``
  metrics; it carries only its ``quadrant``;
- lists of initiative ids that the initiatives themselves say are not written:
  a service's initiatives are those whose ``service`` is its id; an Explorer
  cell's are the ``existing`` ones of that service with that Co in ``cos``; the
  quick wins are those whose ``quadrant`` is ``quick win``; a barrier's are those
  whose ``barriers`` hold its id (all in input order); a service's gaps are its
  cells at extent ``none`` (also listed in ``gaps``);
- Market it's findings are the ``findings`` whose ``step`` is ``market``.

The totals stay: exact decimal sums, which the per-initiative numbers (binary
floats) cannot give back to the penny.

Exact figures: the totals' hours and money are *quantities*, objects
``{"amount": "<decimal string>", "unit": "<unit>"}`` whose ``amount`` is a
decimal in a string (``"65383.40"``; read it with ``decimal.Decimal`` or
``Number``) and whose ``unit`` is ``"hours"``, ``"FTE"``, an ISO 4217 currency
code (``"GBP"``), or a currency per hour (``"GBP/hour"``).

Version history: 3 added ``combination`` and ``rules``; replaced each
initiative's ``explanations`` by ``rule_scores`` and ``rule_errors``, its
``metrics`` object by a list, and its ``priority`` by ``quadrant``; dropped
``initiatives[].service_name``, ``gaps[].service_name``, ``services[].gaps``,
``services[].initiatives``, ``services[].cells[].initiatives``,
``quick_wins`` and ``market.findings`` (all derivable, see above); replaced
``barriers[].barriers[].initiatives`` by its count, ``mentions``; moved
``metrics`` before ``initiatives``; and wrote ``initiatives`` and ``findings``
one element per line. 2 added ``provenance``, ``currency``, ``resource_unit``,
``scheme.registered_by``, ``services[].cells[].initiatives`` and
``totals.volunteer_hourly_rate``, turned the totals' ``volunteer_hours``,
``volunteer_value`` and ``public_saving`` into quantities, and put ``findings``
most serious first.

Top-level keys
--------------

``format_version``
    ``3``.
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
    The Priority Matrix scheme used for the quadrants, as registered by
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
    entry)).
``gaps``
    One object per (service, Co) gap: ``service`` (id), ``co``, ``case_studies``
    (list of ``{"id", "name"}`` from the case-study catalogue).
``metrics``
    Metric names, in the order the evaluation registered them.
``combination``
    How the rules' contributions to a metric combine (``"weighted sum of the
    scores of the rules that apply"``).
``rules``
    Every scoring rule, in the evaluation's order (an initiative's ``rule_scores``
    and ``rule_errors`` refer to them by position, from 0): ``name``, ``metric``,
    ``plugin``, ``weight``, ``description``.
``initiatives``
    One object per initiative, in input order: ``id``, ``name``, ``service``
    (id), ``cos`` (list), ``status`` (``existing``/``potential``),
    ``service_model`` and ``form`` (string or ``null``), ``quadrant`` (the
    Priority Matrix quadrant, or ``null`` when unrated), ``metrics`` (list aligned
    with ``metrics``: number or ``null``), ``rule_scores`` (list aligned with
    ``rules``: the rule's raw score, or ``null`` when it does not apply or
    failed), ``rule_errors`` (``{"rule": <position in rules>, "error": <text>}``
    for each rule that failed on the initiative, usually none), ``barriers``
    (ids), ``volunteer_hours``, ``incomplete`` (metrics a failing rule left
    incomplete), ``description``, ``website`` (as given, or ``null``).
``barriers``
    The barrier profile, most-mentioned category first: ``category``,
    ``mentions``, ``barriers`` (most-named first: ``id``, ``label``, ``source``,
    ``mentions``, the number of initiatives that name it).
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
``as_of``, ``round``, ``action_plan``, ``agreement``, ``market``, ``business_case``
    The journey over time (:func:`coprod.builtin.plan_sections.plan_json`) and
    Market it / Grow it (:func:`coprod.builtin.market_sections.market_json`), as
    in version 2 except that ``market`` has no ``findings`` (see above); described
    in docs/format.md.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TextIO

import attrs

from coprod.builtin.cells import finite, plain, unit_label
from coprod.builtin.market_sections import market_json
from coprod.builtin.plan_sections import plan_json
from coprod.contributions import Exporter
from coprod.evaluation import COMBINATION
from coprod.hookspecs import hookimpl
from coprod.model.assessment import ResourceUnit
from coprod.report.plan import action_data

if TYPE_CHECKING:
    from coprod.report import Report

__all__ = [
    "FORMAT_VERSION",
    "number",
    "plain",
    "quantity",
    "render_json",
    "report_data",
    "write_json_report",
]

#: The version of the JSON document's structure (see the module docstring).
FORMAT_VERSION = 3

#: One list element on one line; the C encoder (Python's pretty printer is pure Python).
_ENCODE_LINE = json.JSONEncoder(ensure_ascii=False, allow_nan=False, check_circular=False).encode
_ENCODE_PRETTY = json.JSONEncoder(ensure_ascii=False, allow_nan=False, indent=2).encode
#: The line breaks JSON leaves raw with ensure_ascii=False (it escapes C0 controls):
#: escaped, so an initiative is one line for str.splitlines() too, not only for "\n".
_UNICODE_LINE_BREAKS = (("\x85", "\\u0085"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def _one_line(text: str) -> str:
    if not text.isascii():
        for character, escaped in _UNICODE_LINE_BREAKS:
            if character in text:
                text = text.replace(character, escaped)
    return text


def _line(value: Any) -> str:
    return _one_line(_ENCODE_LINE(value))


def _pretty(value: Any) -> str:
    return _one_line(_ENCODE_PRETTY(value))


def number(value: float | None) -> float | None:
    """A finite number with at most 15 significant digits (no binary noise), or ``None``."""
    present = finite(value)
    return None if present is None else float(format(present, ".15g"))


def _score(raw: float | None) -> float | None:
    """A raw rule output (``None``, or a finite int, float or bool) as :func:`number` gives it."""
    return None if raw is None else float(format(float(raw), ".15g"))


def quantity(amount: Decimal | None, unit: str) -> dict[str, str] | None:
    """An exact figure and its unit: ``{"amount": "65383.40", "unit": "GBP"}``."""
    if amount is None:
        return None
    return {"amount": f"{amount:f}", "unit": unit}


def _counts(pairs: tuple[tuple[str, int], ...]) -> dict[str, int]:
    return dict(pairs)


def _network(network: object) -> Any:
    if network is None:
        return None
    as_dict = getattr(network, "as_dict", None)
    # plain() again on as_dict()'s output: lists for tuples, no non-finite floats.
    return plain(as_dict() if callable(as_dict) else network)


def _initiatives(report: Report) -> Iterator[dict[str, Any]]:
    """The ``initiatives`` elements, one at a time (see the module docstring)."""
    evaluation = report.evaluation
    rules = evaluation.rules
    columns = evaluation.columns
    ids = evaluation.initiative_ids
    failed: dict[int, dict[int, str]] = {}  # initiative position → rule → error
    for rule_index, where, error in evaluation.failures:
        if rule_index >= 0:  # negative: a classification
            failed.setdefault(where, {})[rule_index] = error
    # A weighted score too large for a float fails too (Evaluation.score says why);
    # a column whose largest score times the weight is finite has none of those.
    overflowing = [
        r
        for r, (rule, column) in enumerate(zip(rules, columns, strict=True))
        if not math.isfinite(rule.weight * max(map(abs, filter(None, column)), default=0.0))
    ]
    size = len(ids)
    for n, i in enumerate(report.initiatives):
        k = n if n < size and ids[n] == i.id else ids.index(i.id)
        raws = [column[k] for column in columns]
        errors = dict(failed.get(k, {}))
        for r in overflowing:
            raw = raws[r]
            if r not in errors and raw is not None and not math.isfinite(rules[r].weight * raw):
                errors[r] = _overflow_error(report, i.id, r)
        position = i.position
        yield {
            "id": i.id,
            "name": i.name,
            "service": i.service,
            "cos": [co.value for co in i.cos],
            "status": i.status.value,
            "service_model": i.service_model,
            "form": i.form,
            "quadrant": None if position is None else position.quadrant.value,
            "metrics": [number(value) for _, value in i.metrics],
            "rule_scores": list(map(_score, raws)),
            "rule_errors": [{"rule": r, "error": errors[r]} for r in sorted(errors)],
            "barriers": list(i.barriers),
            "volunteer_hours": number(i.volunteer_hours),
            "incomplete": list(i.incomplete),
            "description": i.description,
            "website": i.website,
        }


def _overflow_error(report: Report, initiative: str, rule_index: int) -> str:
    """The error :meth:`Evaluation.score` gives rule ``rule_index`` on ``initiative``."""
    rules = report.evaluation.rules
    metric = rules[rule_index].metric
    same_metric = [r for r, rule in enumerate(rules) if rule.metric == metric]
    explained = report.evaluation.score(initiative, metric)
    return explained.contributions[same_metric.index(rule_index)].error or "failed"


def _findings(report: Report) -> Iterator[dict[str, Any]]:
    for f in report.findings:
        yield {
            "severity": f.severity.value,
            "message": f.message,
            "source": f.source,
            "plugin": f.plugin,
            "initiative": f.initiative,
            "step": None if f.step is None else f.step.value,
        }


class _Stream:
    """A list made one element at a time as it is written (``make`` gives the elements)."""

    def __init__(self, make: Callable[[], Iterable[Any]]) -> None:
        self.make = make

    def __iter__(self) -> Iterator[Any]:
        return iter(self.make())


#: A top-level value: data written with an indent, or elements written one per line.
_Part = tuple[str, Any, Callable[[], Iterable[Any]] | None]


def _parts(report: Report) -> Iterator[_Part]:
    """The document's top-level keys in order, with their values (streamed lists lazily)."""
    organisation = report.organisation
    scheme = report.scheme
    totals = report.totals
    provenance = report.provenance
    resource_unit = (
        report.currency
        if report.resource_unit is ResourceUnit.MONEY
        else unit_label(report.resource_unit, report.currency)
    )
    yield "format_version", FORMAT_VERSION, None
    yield "generator", report.generator, None
    yield (
        "provenance",
        {
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
        None,
    )
    yield "currency", report.currency, None
    yield "resource_unit", report.resource_unit.value, None
    yield (
        "organisation",
        {
            "name": organisation.name,
            "kind": organisation.kind,
            "area": organisation.area,
            "website": organisation.website,
        },
        None,
    )
    yield (
        "scheme",
        {
            "registered_by": provenance.scheme_plugin,
            "savings_weight": number(scheme.savings_weight),
            "outcomes_weight": number(scheme.outcomes_weight),
            "investment_weight": number(scheme.investment_weight),
            "risk_weight": number(scheme.risk_weight),
            "impact_threshold": number(scheme.impact_threshold),
            "effort_threshold": number(scheme.effort_threshold),
        },
        None,
    )
    yield (
        "totals",
        {
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
        None,
    )
    yield (
        "star",
        [
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
        None,
    )
    yield (
        "services",
        [
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
            }
            for service in report.services
        ],
        None,
    )
    yield (
        "gaps",
        [
            {
                "service": gap.service,
                "co": gap.co.value,
                "case_studies": [{"id": cid, "name": name} for cid, name in gap.case_studies],
            }
            for gap in report.gaps
        ],
        None,
    )
    yield "metrics", list(report.metrics), None
    yield "combination", COMBINATION, None
    yield (
        "rules",
        [
            {
                "name": rule.name,
                "metric": rule.metric,
                "plugin": rule.plugin,
                "weight": number(rule.weight),
                "description": rule.description,
            }
            for rule in report.evaluation.rules
        ],
        None,
    )
    yield "initiatives", None, lambda: _initiatives(report)
    yield (
        "barriers",
        [
            {
                "category": profile.category.value,
                "mentions": profile.mentions,
                "barriers": [
                    {
                        "id": use.barrier.id,
                        "label": use.barrier.label,
                        "source": use.barrier.source,
                        "mentions": len(use.initiatives),
                    }
                    for use in profile.barriers
                ],
            }
            for profile in report.barriers
        ],
        None,
    )
    yield (
        "stakeholders",
        [
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
        None,
    )
    yield "network", _network(report.network), None
    yield "findings", None, lambda: _findings(report)
    # as_of, round, action_plan, agreement (the journey over time). The suggested
    # actions grow with the initiatives: made one at a time as they are written.
    plan = report.action_plan
    if plan is not None:
        without = attrs.evolve(plan, suggested=(), suggested_by=())
        journey = plan_json(attrs.evolve(report, action_plan=without))
        journey["action_plan"]["suggested"] = _Stream(lambda: map(action_data, plan.suggested))
    else:
        journey = plan_json(report)
    for key, value in journey.items():
        yield key, value, None
    # market, business_case (Market it and Grow it, coprod.builtin.market_sections).
    # Market it's findings are the findings whose step is "market": not repeated.
    market = report.market
    if market is not None:
        report = attrs.evolve(report, market=attrs.evolve(market, findings=()))
    for key, value in market_json(report).items():
        if key == "market" and value is not None:
            value = {k: v for k, v in value.items() if k != "findings"}
        yield key, value, None


def _materialised(value: Any) -> Any:
    """``value`` with every :class:`_Stream` in it made a list."""
    if isinstance(value, _Stream):
        return [_materialised(element) for element in value]
    if isinstance(value, dict):
        return {key: _materialised(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_materialised(element) for element in value]
    return value


def report_data(report: Report) -> dict[str, Any]:
    """The report as the JSON document's data (a dict with the documented keys)."""
    return {
        key: list(elements()) if elements is not None else _materialised(value)
        for key, value, elements in _parts(report)
    }


def _write_pretty(write: Callable[[str], object], value: Any, newline: str) -> None:
    """Write ``value`` as ``json.dumps(value, indent=2)`` does, nested at ``newline``.

    Lists are written one element at a time, and objects one value at a time, so
    the text in memory is one element's (the action plan's suggested actions and
    Market it's findings grow with the initiatives); scalars and elements that are
    neither lists nor objects go through the encoder whole.
    """
    if isinstance(value, (list, _Stream)):
        inner = newline + "  "
        opening = "[" + inner
        for element in value:
            write(opening)
            _write_pretty(write, element, inner)
            opening = "," + inner
        write("[]" if opening[0] == "[" else newline + "]")
    elif isinstance(value, dict) and value and all(type(key) is str for key in value):
        inner = newline + "  "
        opening = "{" + inner
        for key, item in value.items():
            write(opening)
            write(_line(key) + ": ")
            _write_pretty(write, item, inner)
            opening = "," + inner
        write(newline + "}")
    else:
        # allow_nan=False: every float went through number(); this only guards regressions.
        write(_pretty(value).replace("\n", newline))


def write_json_report(report: Report, stream: TextIO) -> None:
    """Write :func:`render_json`'s text to ``stream`` piece by piece (the exporter's ``write``).

    Memory grows with one initiative, not the report: every top-level value but
    ``initiatives`` and ``findings`` is small, and those two are written one
    element at a time.
    """
    write = stream.write
    write("{")
    separator = "\n"
    for key, value, elements in _parts(report):
        write(f"{separator}  {_line(key)}: ")
        separator = ",\n"
        if elements is None:
            _write_pretty(write, value, "\n  ")
            continue
        opening = "[\n    "
        for element in elements():
            write(opening)
            write(_line(element))
            opening = ",\n    "
        write("[]" if opening == "[\n    " else "\n  ]")
    write("\n}\n")


def render_json(report: Report) -> str:
    """The report as a JSON document (see the module docstring for its keys and layout)."""
    buffer = io.StringIO()
    write_json_report(report, buffer)
    return buffer.getvalue()


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register the ``json`` format."""
    register(
        Exporter(
            format="json",
            media_type="application/json",
            suffix=".json",
            render=render_json,
            write=write_json_report,
            description="The full report as JSON with stable, documented keys "
            f"(format_version {FORMAT_VERSION}), each fact once, written as it is "
            "made: for other tools, R and pandas.",
        )
    )
