"""Built-in plugin: maturity checks along the five steps of the Star.

Each check looks at the whole assessment and says what a facilitator would point
out: services missing from the Explorer map (Map it, ``003_…``), no quick wins
to start with (Focus it, ``003_…``), no partners and champions or opponents to
watch (People it, ``002_…``), initiatives that are not co-production by the
seeds' definition (``002_…``), and nothing recorded for the business case
(Grow it, ``002_…``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from coprod.contributions import EFFORT, IMPACT, SERVICE_MODEL, Finding, MaturityCheck, Severity
from coprod.evaluation import Evaluation
from coprod.hookspecs import hookimpl
from coprod.model.assessment import Assessment, Initiative, InitiativeStatus
from coprod.model.explorer import explorer_gaps
from coprod.model.priority import DEFAULT_PRIORITY_SCHEME, PriorityQuadrant
from coprod.model.service_model import ServiceModel
from coprod.model.stakeholders import StakeholderQuadrant
from coprod.model.star import Step
from coprod.report.build import NO_QUICK_WINS

__all__ = ["BUILTIN_CHECKS"]


def _explorer_coverage(assessment: Assessment) -> Iterator[Finding]:
    if not assessment.explorer:
        yield Finding(
            Severity.WARNING,
            "No Explorer map: map how far each Co goes in each service to see what already "
            "happens and where the gaps are.",
        )
        return
    mapped = {entry.service for entry in assessment.explorer}
    for service in assessment.services:
        if service.id not in mapped:
            yield Finding(
                Severity.WARNING,
                f"Service {service.name!r} ({service.id}) is not on the Explorer map.",
            )
    existing = [i for i in assessment.initiatives if i.status is InitiativeStatus.EXISTING]
    gaps = explorer_gaps([s.id for s in assessment.services], assessment.explorer, existing)
    if gaps:
        total = len(assessment.services) * 4
        yield Finding(
            Severity.INFO,
            f"{len(gaps)} of {total} service × Co cells have no co-production yet: "
            "candidates for new initiatives.",
        )


def _quick_wins(assessment: Assessment, evaluation: Evaluation) -> Iterator[Finding]:
    unrated = [i.id for i in assessment.initiatives if i.ratings is None]
    if unrated:
        yield Finding(
            Severity.INFO,
            f"{len(unrated)} initiative(s) have no Priority Matrix ratings: {_some(unrated)}",
        )
    if IMPACT not in evaluation.metrics or EFFORT not in evaluation.metrics:
        return
    # The evaluation's impact and effort, as the report places initiatives: a plugin
    # that contributes to them moves initiatives here too.
    placed = [
        (impact, effort)
        for impact, effort in zip(evaluation.values(IMPACT), evaluation.values(EFFORT), strict=True)
        if impact is not None and effort is not None
    ]
    # The default thresholds: a check cannot see the registered scheme, so the
    # report re-decides this warning with it (coprod.report.build.NO_QUICK_WINS).
    scheme = DEFAULT_PRIORITY_SCHEME
    if placed and not any(
        scheme.quadrant(impact=impact, effort=effort) is PriorityQuadrant.QUICK_WIN
        for impact, effort in placed
    ):
        yield Finding(Severity.WARNING, NO_QUICK_WINS)


def _some(names: list[str], limit: int = 10) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _stakeholders(assessment: Assessment) -> Iterator[Finding]:
    if not assessment.stakeholders:
        yield Finding(Severity.INFO, "No stakeholders recorded: complete the stakeholder matrix.")
        return
    quadrants = [s.quadrant for s in assessment.stakeholders]
    if StakeholderQuadrant.PARTNERS_AND_CHAMPIONS not in quadrants:
        yield Finding(
            Severity.WARNING,
            "No partners and champions (high power, high interest, not opposed): find people "
            "who can make the strategy succeed.",
        )
    for stakeholder in assessment.stakeholders:
        if stakeholder.quadrant is StakeholderQuadrant.OPPONENTS_TO_WATCH:
            yield Finding(
                Severity.INFO,
                f"{stakeholder.name!r} is a high-power, high-interest opponent: watch them so "
                "that any damage to the strategy is minimised.",
            )


def _not_co_production(assessment: Assessment, evaluation: Evaluation) -> Iterator[Finding]:
    # The classification as evaluated (a plugin may have replaced the built-in one),
    # one finding per service model: a large council would otherwise get thousands of
    # identical lines.
    if SERVICE_MODEL not in evaluation.classification_names:
        return
    column = evaluation.classification_columns[evaluation.classification_names.index(SERVICE_MODEL)]
    by_model: dict[str, list[Initiative]] = {}
    for initiative, model in zip(assessment.initiatives, column, strict=True):
        if model is not None and model != ServiceModel.CO_PRODUCTION.value:
            by_model.setdefault(model, []).append(initiative)
    rule = "co-production needs high involvement from both users/communities and professionals"
    for model, initiatives in by_model.items():
        if len(initiatives) == 1:
            message = f"{initiatives[0].name!r} is {model} by the seeds' definition: {rule}."
        else:
            names = _some([repr(i.name) for i in initiatives])
            message = (
                f"{len(initiatives)} initiatives are {model} by the seeds' definition "
                f"({rule}): {names}"
            )
        yield Finding(
            Severity.INFO,
            message,
            initiative=initiatives[0].id if len(initiatives) == 1 else None,
        )


def _business_case(assessment: Assessment) -> Iterator[Finding]:
    if assessment.initiatives and not any(
        i.volunteer_hours or i.resources is not None for i in assessment.initiatives
    ):
        yield Finding(
            Severity.INFO,
            "No volunteer hours or resource figures recorded: the business case needs them.",
        )


BUILTIN_CHECKS = (
    MaturityCheck(
        name="map.explorer-coverage",
        check=_explorer_coverage,
        step=Step.MAP,
        description="Every service is on the Explorer map; gaps are counted.",
    ),
    MaturityCheck(
        name="focus.quick-wins",
        check=_quick_wins,
        step=Step.FOCUS,
        description="Initiatives are rated, and at least one is a quick win.",
        uses_evaluation=True,
    ),
    MaturityCheck(
        name="people.stakeholders",
        check=_stakeholders,
        step=Step.PEOPLE,
        description="Partners and champions exist; opponents to watch are named.",
    ),
    MaturityCheck(
        name="map.service-models",
        check=_not_co_production,
        step=Step.MAP,
        uses_evaluation=True,
        description="Initiatives that are self-help or traditional provision, not co-production.",
    ),
    MaturityCheck(
        name="grow.business-case",
        check=_business_case,
        step=Step.GROW,
        description="Volunteer hours or resource figures are recorded for the business case.",
    ),
)


@hookimpl
def register_maturity_checks(register: Callable[[MaturityCheck], None]) -> None:
    """Register the built-in maturity checks."""
    for check in BUILTIN_CHECKS:
        register(check)
