"""Building a :class:`~coprod.report.Report`: pure, linear in the number of initiatives.

:func:`provenance_of` states what produced a report (plugins, scheme, input hash,
date) from values the caller gathered at the edge; :func:`build_report` takes it.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from coprod.appraisal import ParameterSet
from coprod.catalogues import cases_for, seed_barrier_taxonomy, stakeholder_advice
from coprod.contributions import (
    CO_PRODUCTION_FORM,
    EFFORT,
    IMPACT,
    PUBLIC_SAVING,
    SERVICE_MODEL,
    VOLUNTEER_VALUE,
)
from coprod.evaluation import Evaluation
from coprod.findings import Finding, Severity, finding_order
from coprod.model.assessment import DEFAULT_CURRENCY, Assessment, InitiativeStatus
from coprod.model.barriers import BarrierTaxonomy
from coprod.model.explorer import Extent, cell_extents, star_profile
from coprod.model.priority import (
    DEFAULT_PRIORITY_SCHEME,
    PriorityPosition,
    PriorityQuadrant,
    PriorityScheme,
)
from coprod.model.raters import rater_agreement
from coprod.model.stakeholders import StakeholderQuadrant
from coprod.model.star import Co, Step
from coprod.plugins import PluginManager
from coprod.report.business_case import business_case_section
from coprod.report.market import market_section
from coprod.report.model import (
    BarrierCategoryProfile,
    BarrierUse,
    ExplorerCell,
    GapSuggestion,
    InitiativeReport,
    PluginRecord,
    Provenance,
    QuadrantStakeholders,
    Report,
    ServiceMap,
    Totals,
)
from coprod.report.plan import action_plan

__all__ = ["NO_QUICK_WINS", "build_report", "provenance_of"]

#: The built-in quick-win check's warning. The report re-decides it with the
#: registered scheme's thresholds (a check sees the evaluation, not the scheme).
NO_QUICK_WINS = (
    "No quick wins (high impact, low effort) among the rated initiatives: the seeds "
    "recommend starting with one to establish success."
)
_QUICK_WIN_CHECK = ("focus.quick-wins", "coprod.builtin.checks")
_VOLUNTEER_RULE = ("business-case.volunteer-value", "coprod.builtin.business_case")
_PENNY = Decimal("0.01")
_BUILTIN_PREFIX = "coprod.builtin."


def _column(evaluation: Evaluation, name: str) -> tuple[str | None, ...] | None:
    if name not in evaluation.classification_names:
        return None
    return evaluation.classification_columns[evaluation.classification_names.index(name)]


def exact(value: float) -> Decimal:
    """``value`` as the decimal it stands for: 15 significant digits, so no binary noise.

    Input figures are decimals people wrote (``0.1``, ``65383.4``); binary floats
    carry them with noise past the 15th digit, which this drops.
    """
    return Decimal(format(value, ".15g"))


def _sum(values: Iterable[float | None] | None) -> Decimal | None:
    if values is None:
        return None
    present = [exact(v) for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def provenance_of(
    manager: PluginManager,
    *,
    blocked: Iterable[str] = (),
    input_bytes: bytes | None = None,
    input_name: str | None = None,
    date: datetime.date | None = None,
) -> Provenance:
    """What produced a report, from ``manager`` and what the caller read at the edge.

    ``input_bytes`` are hashed (SHA-256); ``date`` is passed in, never read from a
    clock here. Built-in plugins carry coprod's version; other plugins the version
    of their distribution, or their module's ``__version__``.
    """
    from coprod import __version__

    records = []
    for info in manager.plugins:
        distribution, version = info.distribution, info.version
        if info.kind == "builtin":
            distribution, version = "coprod", __version__
        elif version is None:
            plugin = manager.pluggy.get_plugin(info.name)
            found = getattr(plugin, "__version__", None)
            version = found if isinstance(found, str) else None
        records.append(PluginRecord(info.name, info.kind, distribution, version))
    return Provenance(
        coprod_version=__version__,
        plugins=tuple(records),
        blocked=tuple(dict.fromkeys(blocked)),
        scheme_plugin=manager.priority_scheme_plugin,
        input_name=input_name,
        input_sha256=None if input_bytes is None else hashlib.sha256(input_bytes).hexdigest(),
        date=date,
    )


def _findings(
    assessment: Assessment,
    evaluation: Evaluation,
    initiatives: Sequence[InitiativeReport],
) -> tuple[Finding, ...]:
    """The evaluation's findings, the quick-win warning re-decided, most serious first.

    Adds a warning when the built-in rule values volunteer time at its sterling rate
    in a document of another currency.
    """
    findings = list(evaluation.findings)
    rate = _hourly_rate(evaluation)
    if (
        rate is not None
        and assessment.volunteer_hourly_rate is None
        and assessment.currency != DEFAULT_CURRENCY
        and any(i.volunteer_hours for i in assessment.initiatives)
    ):
        findings.append(
            Finding(
                Severity.WARNING,
                f"Volunteer time is valued at the built-in rate of {rate} an hour, a "
                f"sterling figure (Wiltshire's Speedwatch, seed 001), though this "
                f"assessment is in {assessment.currency}: block "
                "coprod.builtin.business_case and register a local rate.",
                source="grow.volunteer-rate",
                plugin=_VOLUNTEER_RULE[1],
                step=Step.GROW,
            )
        )
    checked = any((c.name, c.plugin) == _QUICK_WIN_CHECK for c in evaluation.checks)
    if checked:
        findings = [
            f
            for f in findings
            if not ((f.source, f.plugin) == _QUICK_WIN_CHECK and f.message == NO_QUICK_WINS)
        ]
        placed = [i.position for i in initiatives if i.position is not None]
        if placed and not any(p.quadrant is PriorityQuadrant.QUICK_WIN for p in placed):
            findings.append(
                Finding(
                    Severity.WARNING,
                    NO_QUICK_WINS,
                    source=_QUICK_WIN_CHECK[0],
                    plugin=_QUICK_WIN_CHECK[1],
                    step=Step.FOCUS,
                )
            )
    return tuple(sorted(findings, key=finding_order))


def _check_barriers(assessment: Assessment, taxonomy: BarrierTaxonomy) -> None:
    known = {barrier.id for barrier in taxonomy.barriers}
    unknown = {
        barrier: initiative.id
        for initiative in assessment.initiatives
        for barrier in initiative.barriers
        if barrier not in known
    }
    if unknown:
        listed = ", ".join(f"{b!r} (initiative {i!r})" for b, i in sorted(unknown.items()))
        raise ValueError(
            f"barrier ids not in the taxonomy given: {listed}; pass the taxonomy the "
            "assessment was loaded with (barriers=manager.barriers)"
        )


def _provenance_of_evaluation(evaluation: Evaluation) -> Provenance:
    """The plugins whose rules, classifications and checks ran, as far as the evaluation knows."""
    from coprod import __version__

    names = dict.fromkeys(
        (
            *(rule.plugin for rule in evaluation.rules),
            *evaluation.classification_plugins,
            *(check.plugin for check in evaluation.checks),
        )
    )
    records = tuple(
        PluginRecord(name, "builtin", "coprod", __version__)
        if name.startswith(_BUILTIN_PREFIX)
        else PluginRecord(name, "unknown")
        for name in names
        if name
    )
    return Provenance(
        coprod_version=__version__, plugins=records, scheme_plugin=evaluation.scheme_plugin
    )


def _hourly_rate(evaluation: Evaluation) -> Decimal | None:
    rules = [r for r in evaluation.rules if r.metric == VOLUNTEER_VALUE]
    if len(rules) == 1 and (rules[0].name, rules[0].plugin) == _VOLUNTEER_RULE:
        return exact(rules[0].weight).quantize(_PENNY)
    return None


def build_report(
    assessment: Assessment,
    evaluation: Evaluation,
    *,
    barriers: BarrierTaxonomy | None = None,
    parameter_sets: Iterable[ParameterSet] = (),
    provenance: Provenance | None = None,
    suggestions_per_gap: int = 3,
) -> Report:
    """Build the report of ``assessment`` from its ``evaluation``: pure, no plugin manager.

    It takes what it reads, as :func:`coprod.load_assessment` does: ``barriers``,
    the barrier taxonomy the initiatives' barrier ids refer to (default: the seeds'
    taxonomy; pass ``manager.barriers`` when plugins add entries), and
    ``parameter_sets``, appraisal parameter sets beyond the bundled ones that the
    business case may name (``manager.appraisal_parameters``). An id that the
    taxonomy does not know is a :class:`ValueError`, never silently dropped.

    The Priority Matrix scheme (thresholds and shares) is the one the evaluation
    records (:attr:`Evaluation.scheme`: the scheme its impact and effort rules came
    from; the default one when none was registered), so the report cannot state
    other weights than its explanations use. Positions come from the evaluation's
    ``impact`` and ``effort`` metrics, so a plugin that contributes to them moves
    initiatives. ``provenance`` says what produced the report (see
    :func:`provenance_of`); by default it names the plugins whose rules, classifications
    and checks the evaluation ran (built-ins with coprod's version, others of kind
    ``unknown`` without one), with no input hash and no date. An existing initiative
    counts on the Explorer map (:func:`coprod.model.explorer.cell_extents`). When the
    assessment has stakeholder relationships, the report includes the stakeholder
    network analysis (this imports networkx).
    """
    scheme: PriorityScheme = evaluation.scheme or DEFAULT_PRIORITY_SCHEME
    provenance = (
        _provenance_of_evaluation(evaluation)
        if provenance is None
        else attrs.evolve(provenance, scheme_plugin=evaluation.scheme_plugin)
    )
    taxonomy = seed_barrier_taxonomy() if barriers is None else barriers
    _check_barriers(assessment, taxonomy)
    if evaluation.initiative_ids != tuple(i.id for i in assessment.initiatives):
        raise ValueError("the evaluation is not of this assessment's initiatives")
    service_names = {s.id: s.name for s in assessment.services}
    metrics = evaluation.metrics
    values = {metric: evaluation.values(metric) for metric in metrics}
    failed: dict[int, set[str]] = {}
    for rule_index, initiative_index, _error in evaluation.failures:
        if rule_index >= 0:
            failed.setdefault(initiative_index, set()).add(evaluation.rules[rule_index].metric)
    models = _column(evaluation, SERVICE_MODEL)
    forms = _column(evaluation, CO_PRODUCTION_FORM)
    impacts, efforts = values.get(IMPACT), values.get(EFFORT)

    initiatives = []
    for n, initiative in enumerate(assessment.initiatives):
        position = None
        if impacts is not None and efforts is not None:
            impact, effort = impacts[n], efforts[n]
            if impact is not None and effort is not None:
                quadrant = scheme.quadrant(impact=impact, effort=effort)
                position = PriorityPosition(impact, effort, quadrant)
        initiatives.append(
            InitiativeReport(
                id=initiative.id,
                name=initiative.name,
                service=initiative.service,
                service_name=service_names[initiative.service],
                cos=initiative.cos,
                status=initiative.status,
                service_model=models[n] if models is not None else None,
                form=forms[n] if forms is not None else None,
                position=position,
                metrics=tuple((metric, values[metric][n]) for metric in metrics),
                incomplete=tuple(m for m in metrics if m in failed.get(n, ())),
                barriers=initiative.barriers,
                volunteer_hours=initiative.volunteer_hours,
                description=initiative.description,
                website=initiative.website,
            )
        )

    service_ids = [s.id for s in assessment.services]
    entries = {(e.service, e.co): e for e in assessment.explorer}
    existing = [i for i in assessment.initiatives if i.status is InitiativeStatus.EXISTING]
    extents = cell_extents(service_ids, assessment.explorer, existing)
    practice: dict[tuple[str, Co], list[str]] = {}
    for initiative in existing:
        for co in initiative.cos:
            practice.setdefault((initiative.service, co), []).append(initiative.id)
    by_service: dict[str, list[str]] = {}
    for initiative in assessment.initiatives:
        by_service.setdefault(initiative.service, []).append(initiative.id)
    services = []
    gaps = []
    for service in assessment.services:
        cells = []
        for co in Co:
            entry = entries.get((service.id, co))
            cells.append(
                ExplorerCell(
                    co,
                    extents.get((service.id, co), Extent.NONE),
                    () if entry is None else entry.actors,
                    mapped=entry is not None,
                    initiatives=tuple(practice.get((service.id, co), ())),
                )
            )
        service_gaps = tuple(c.co for c in cells if c.extent is Extent.NONE)
        services.append(
            ServiceMap(
                service.id,
                service.name,
                tuple(cells),
                service_gaps,
                tuple(by_service.get(service.id, ())),
            )
        )
        for co in service_gaps:
            # Same-sector cases first, then the rest of the catalogue for that Co.
            same = cases_for(co, service.sector) if service.sector is not None else ()
            rest = tuple(case for case in cases_for(co) if case not in same)
            cases = (same + rest)[:suggestions_per_gap]
            gaps.append(
                GapSuggestion(
                    service.id, service.name, co, tuple((case.id, case.name) for case in cases)
                )
            )

    uses: dict[str, list[str]] = {}
    for initiative in assessment.initiatives:
        for barrier_id in initiative.barriers:
            uses.setdefault(barrier_id, []).append(initiative.id)
    categories = []
    for category, members in taxonomy.by_category().items():
        used = [BarrierUse(b, tuple(uses[b.id])) for b in members if b.id in uses]
        if used:
            used.sort(key=lambda u: -len(u.initiatives))
            categories.append(
                BarrierCategoryProfile(category, sum(len(u.initiatives) for u in used), tuple(used))
            )
    categories.sort(key=lambda c: -c.mentions)

    advice = stakeholder_advice()
    stakeholder_groups = tuple(
        QuadrantStakeholders(
            quadrant,
            advice[quadrant].text,
            tuple(s for s in assessment.stakeholders if s.quadrant is quadrant),
        )
        for quadrant in StakeholderQuadrant
    )
    network = None
    if assessment.relationships:
        from coprod.people.network import analyse_stakeholder_network

        network = analyse_stakeholder_network(assessment.stakeholders, assessment.relationships)

    def counted(labels: tuple[str | None, ...] | None) -> tuple[tuple[str, int], ...]:
        counts = Counter(label for label in labels or () if label is not None)
        return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    quadrants = tuple(i.position.quadrant.value for i in initiatives if i.position is not None)
    findings = _findings(assessment, evaluation, initiatives)
    severities = Counter(f.severity for f in findings)
    volunteer_value = _sum(values.get(VOLUNTEER_VALUE))
    totals = Totals(
        initiatives=len(initiatives),
        services=len(services),
        by_service_model=counted(models),
        by_form=counted(forms),
        by_quadrant=tuple(
            (q.value, quadrants.count(q.value)) for q in PriorityQuadrant if q.value in quadrants
        ),
        volunteer_hours=sum((exact(i.volunteer_hours) for i in assessment.initiatives), Decimal(0)),
        volunteer_value=None if volunteer_value is None else volunteer_value.quantize(_PENNY),
        public_saving=_sum(values.get(PUBLIC_SAVING)),
        findings_by_severity=tuple(
            (s.value, severities[s]) for s in reversed(Severity) if severities[s]
        ),
        volunteer_hourly_rate=_hourly_rate(evaluation),
    )
    return Report(
        generator=f"coprod {provenance.coprod_version}",
        organisation=assessment.organisation,
        assessment=assessment,
        evaluation=evaluation,
        scheme=scheme,
        star=star_profile(service_ids, assessment.explorer, existing),
        services=tuple(services),
        gaps=tuple(gaps),
        initiatives=tuple(initiatives),
        quick_wins=tuple(
            i.id
            for i in initiatives
            if i.position is not None and i.position.quadrant is PriorityQuadrant.QUICK_WIN
        ),
        barriers=tuple(categories),
        stakeholders=stakeholder_groups,
        network=network,
        findings=findings,
        metrics=metrics,
        totals=totals,
        provenance=provenance,
        currency=assessment.currency,
        resource_unit=assessment.resource_unit,
        action_plan=action_plan(assessment, findings),
        agreement=rater_agreement(assessment),
        market=market_section(assessment, findings),
        business_case=business_case_section(assessment, extra_parameters=tuple(parameter_sets)),
    )
