"""Building a :class:`~coprod.report.Report`: pure, linear in the number of initiatives."""

from __future__ import annotations

from collections import Counter

from coprod.engine import Evaluation
from coprod.model.assessment import Assessment
from coprod.model.cases import cases_for
from coprod.model.explorer import Extent, star_profile
from coprod.model.priority import (
    DEFAULT_PRIORITY_SCHEME,
    PriorityPosition,
    PriorityQuadrant,
    PriorityScheme,
)
from coprod.model.stakeholders import StakeholderQuadrant
from coprod.model.star import Co
from coprod.plugins import PluginManager
from coprod.registry import (
    CO_PRODUCTION_FORM,
    EFFORT,
    IMPACT,
    PUBLIC_SAVING,
    SERVICE_MODEL,
    VOLUNTEER_VALUE,
    Severity,
)
from coprod.report.model import (
    BarrierCategoryProfile,
    BarrierUse,
    ExplorerCell,
    GapSuggestion,
    InitiativeReport,
    Report,
    ServiceMap,
    StakeholderGroup,
    Totals,
)

__all__ = ["build_report"]


def _column(evaluation: Evaluation, name: str) -> tuple[str | None, ...] | None:
    if name not in evaluation.classification_names:
        return None
    return evaluation.classification_columns[evaluation.classification_names.index(name)]


def _sum(values: tuple[float | None, ...] | None) -> float | None:
    if values is None:
        return None
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def build_report(
    assessment: Assessment,
    evaluation: Evaluation,
    manager: PluginManager,
    *,
    scheme: PriorityScheme = DEFAULT_PRIORITY_SCHEME,
    suggestions_per_gap: int = 3,
) -> Report:
    """Build the report of ``assessment`` from its ``evaluation``.

    ``manager`` supplies the barrier taxonomy (labels and categories). Priority
    Matrix positions come from the evaluation's ``impact`` and ``effort`` metrics,
    so a plugin that contributes to them moves initiatives; ``scheme`` supplies the
    thresholds. When the assessment has stakeholder relationships, the report
    includes the stakeholder network analysis (this imports networkx).
    """
    from coprod import __version__

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
    by_service: dict[str, list[str]] = {}
    for initiative in assessment.initiatives:
        by_service.setdefault(initiative.service, []).append(initiative.id)
    services = []
    gaps = []
    for service in assessment.services:
        cells = []
        for co in Co:
            entry = entries.get((service.id, co))
            if entry is None:
                cells.append(ExplorerCell(co, Extent.NONE, (), mapped=False))
            else:
                cells.append(ExplorerCell(co, entry.extent, entry.actors, mapped=True))
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

    taxonomy = manager.barriers
    uses: dict[str, list[str]] = {}
    for initiative in assessment.initiatives:
        for barrier_id in initiative.barriers:
            uses.setdefault(barrier_id, []).append(initiative.id)
    categories = []
    for category, barriers in taxonomy.by_category().items():
        used = [BarrierUse(b, tuple(uses[b.id])) for b in barriers if b.id in uses]
        if used:
            used.sort(key=lambda u: -len(u.initiatives))
            categories.append(
                BarrierCategoryProfile(category, sum(len(u.initiatives) for u in used), tuple(used))
            )
    categories.sort(key=lambda c: -c.mentions)

    stakeholder_groups = tuple(
        StakeholderGroup(
            quadrant,
            quadrant.advice,
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
    severities = Counter(f.severity for f in evaluation.findings)
    totals = Totals(
        initiatives=len(initiatives),
        services=len(services),
        by_service_model=counted(models),
        by_form=counted(forms),
        by_quadrant=tuple(
            (q.value, quadrants.count(q.value)) for q in PriorityQuadrant if q.value in quadrants
        ),
        volunteer_hours=sum(i.volunteer_hours for i in assessment.initiatives),
        volunteer_value=_sum(values.get(VOLUNTEER_VALUE)),
        public_saving=_sum(values.get(PUBLIC_SAVING)),
        findings_by_severity=tuple((s.value, severities[s]) for s in Severity if severities[s]),
    )
    return Report(
        generator=f"coprod {__version__}",
        organisation=assessment.organisation,
        assessment=assessment,
        evaluation=evaluation,
        scheme=scheme,
        star=star_profile(service_ids, assessment.explorer),
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
        findings=evaluation.findings,
        metrics=metrics,
        totals=totals,
    )
