"""Built-in plugin: maturity checks for several raters and for the action plan.

* ``map.raters-disagree`` and ``focus.raters-disagree``: Explorer cells and
  initiatives' ratings whose raters are three or more steps apart are listed for
  discussion, naming the raters' keys and what each said, never averaged away
  (``002_…``, "critical friends"; modelled on the attitude survey's polarised
  statements);
* ``plan.quick-wins``: a quick win with no action ("quick wins … are self-evidently
  the optimal starting point", ``003_…``);
* ``plan.barriers``: a barrier named by several initiatives with no action
  (``001_…``, ``002_…``);
* ``plan.start-now``: a step of the five with nothing planned ("START NOW", ``003_…``);
* ``plan.gap-priorities``: an Explorer gap chosen as a priority (a potential
  initiative that would fill it) with no action.

The ``plan.*`` checks propose actions (:attr:`coprod.Finding.suggested_actions`),
which the report gathers into a suggested plan to copy into the document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from coprod.contributions import EFFORT, IMPACT, Finding, MaturityCheck, Severity
from coprod.evaluation import Evaluation
from coprod.hookspecs import hookimpl
from coprod.model.actions import Action
from coprod.model.assessment import Assessment, InitiativeStatus
from coprod.model.explorer import explorer_gaps
from coprod.model.priority import DEFAULT_PRIORITY_SCHEME, PriorityQuadrant
from coprod.model.raters import (
    EXPLORER,
    PRIORITY_MATRIX,
    explorer_units,
    instrument_agreement,
    priority_units,
)
from coprod.model.star import Step

__all__ = ["PLAN_CHECKS", "suggested_id"]

#: Initiatives naming a barrier before an unaddressed barrier is pointed out.
SEVERAL = 2


def suggested_id(prefix: str, target: str) -> str:
    """An action id for a suggestion, ``prefix-target``, at most 100 characters."""
    return f"{prefix}-{target}"[:100]


def _linked(assessment: Assessment, field: str, target: str) -> bool:
    """Some action that is not dropped links ``target`` in ``field``."""
    return any(
        target in getattr(action, field)
        for action in assessment.actions
        if action.status.value != "dropped"
    )


def _disagreements(instrument: str, units: dict) -> Iterator[Finding]:  # type: ignore[type-arg]
    from coprod.model.explorer import Extent
    from coprod.model.priority import RATING_SCALE

    scale = tuple(Extent) if instrument == EXPLORER else RATING_SCALE
    agreement = instrument_agreement(instrument, units, scale)
    if agreement is None:
        return
    what = "cell" if instrument == EXPLORER else "rating"
    for found in agreement.disagreements:
        initiative = None if instrument == EXPLORER else str(found.unit).split(":")[0]
        yield Finding(
            Severity.WARNING,
            f"Raters disagree strongly on the {what} {found.unit}: {found.describe()}. "
            "Discuss it rather than averaging it away.",
            initiative=initiative,
        )


def _explorer_disagreements(assessment: Assessment) -> Iterator[Finding]:
    yield from _disagreements(EXPLORER, explorer_units(assessment))


def _priority_disagreements(assessment: Assessment) -> Iterator[Finding]:
    yield from _disagreements(PRIORITY_MATRIX, priority_units(assessment))


def _names(names: list[str], limit: int = 6) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _quick_wins(assessment: Assessment, evaluation: Evaluation) -> Iterator[Finding]:
    if IMPACT not in evaluation.metrics or EFFORT not in evaluation.metrics:
        return
    # The default thresholds, as the built-in quick-win check (a check cannot see
    # the registered scheme).
    scheme = DEFAULT_PRIORITY_SCHEME
    unplanned = []
    for initiative, impact, effort in zip(
        assessment.initiatives,
        evaluation.values(IMPACT),
        evaluation.values(EFFORT),
        strict=True,
    ):
        if impact is None or effort is None:
            continue
        if scheme.quadrant(impact=impact, effort=effort) is not PriorityQuadrant.QUICK_WIN:
            continue
        if not _linked(assessment, "initiatives", initiative.id):
            unplanned.append(initiative)
    if not unplanned:
        return
    # One finding for all of them: a large council would otherwise get a line each.
    yield Finding(
        Severity.INFO,
        f"{len(unplanned)} quick win(s) have no action: "
        f"{_names([repr(i.name) for i in unplanned])}.",
        initiative=unplanned[0].id if len(unplanned) == 1 else None,
        suggested_actions=tuple(
            Action(
                id=suggested_id("quick-win", i.id),
                title=(
                    f"{'Start' if i.status is InitiativeStatus.POTENTIAL else 'Build on'} "
                    f"{i.name}: a quick win"
                ),
                step=Step.FOCUS,
                initiatives=(i.id,),
                findings=("plan.quick-wins",),
            )
            for i in unplanned
        ),
    )


def _barriers(assessment: Assessment) -> Iterator[Finding]:
    named: dict[str, list[str]] = {}
    for initiative in assessment.initiatives:
        for barrier in initiative.barriers:
            named.setdefault(barrier, []).append(initiative.id)
    unaddressed = {
        barrier: initiatives
        for barrier, initiatives in named.items()
        if len(initiatives) >= SEVERAL and not _linked(assessment, "barriers", barrier)
    }
    if not unaddressed:
        return
    listed = [f"{b} ({len(i)} initiatives)" for b, i in unaddressed.items()]
    yield Finding(
        Severity.INFO,
        f"{len(unaddressed)} barrier(s) named by several initiatives have no action: "
        f"{_names(listed)}.",
        suggested_actions=tuple(
            Action(
                id=suggested_id("tackle", barrier),
                title=f"Tackle the barrier {barrier} across {len(initiatives)} initiatives",
                step=Step.PEOPLE,
                barriers=(barrier,),
                initiatives=tuple(initiatives),
                findings=("plan.barriers",),
            )
            for barrier, initiatives in unaddressed.items()
        ),
    )


def _start_now(assessment: Assessment) -> Iterator[Finding]:
    planned = {a.step for a in assessment.actions if a.status.open}
    missing = [step for step in Step if step not in planned]
    if not missing:
        return
    titles = ", ".join(step.title for step in missing)
    yield Finding(
        Severity.INFO,
        f"Nothing is planned for {titles}: START NOW (seed 003) with one action each.",
        suggested_actions=tuple(
            Action(
                id=suggested_id("start-now", step.value),
                title=f"Plan the first action of {step.title}",
                step=step,
                findings=("plan.start-now",),
            )
            for step in missing
        ),
    )


def _gap_priorities(assessment: Assessment) -> Iterator[Finding]:
    existing = [i for i in assessment.initiatives if i.status is InitiativeStatus.EXISTING]
    gaps = {
        (g.service, g.co)
        for g in explorer_gaps([s.id for s in assessment.services], assessment.explorer, existing)
    }
    for initiative in assessment.initiatives:
        if initiative.status is not InitiativeStatus.POTENTIAL:
            continue
        filled = [co for co in initiative.cos if (initiative.service, co) in gaps]
        if not filled or _linked(assessment, "initiatives", initiative.id):
            continue
        cells = ", ".join(f"{initiative.service} × {co.value}" for co in filled)
        yield Finding(
            Severity.INFO,
            f"{initiative.name!r} would fill the Explorer gap {cells}, and no action takes "
            "it forward.",
            initiative=initiative.id,
            suggested_actions=(
                Action(
                    id=suggested_id("fill-gap", initiative.id),
                    title=f"Take {initiative.name} forward to fill the gap in {cells}",
                    step=Step.MAP,
                    initiatives=(initiative.id,),
                    services=(initiative.service,),
                    findings=("plan.gap-priorities",),
                ),
            ),
        )


PLAN_CHECKS = (
    MaturityCheck(
        name="map.raters-disagree",
        check=_explorer_disagreements,
        step=Step.MAP,
        description="Explorer cells whose raters are 3 or more steps apart, by rater key.",
    ),
    MaturityCheck(
        name="focus.raters-disagree",
        check=_priority_disagreements,
        step=Step.FOCUS,
        description="Priority Matrix ratings whose raters are 3 or more steps apart.",
    ),
    MaturityCheck(
        name="plan.quick-wins",
        check=_quick_wins,
        step=Step.FOCUS,
        uses_evaluation=True,
        description="Every quick win has an action; proposes one.",
    ),
    MaturityCheck(
        name="plan.barriers",
        check=_barriers,
        step=Step.PEOPLE,
        description="A barrier named by several initiatives has an action; proposes one.",
    ),
    MaturityCheck(
        name="plan.start-now",
        check=_start_now,
        description="Each of the five steps has an action planned (START NOW); proposes them.",
    ),
    MaturityCheck(
        name="plan.gap-priorities",
        check=_gap_priorities,
        step=Step.MAP,
        description="A potential initiative that fills an Explorer gap has an action.",
    ),
)


@hookimpl
def register_maturity_checks(register: Callable[[MaturityCheck], None]) -> None:
    """Register the several-raters and action-plan checks."""
    for check in PLAN_CHECKS:
        register(check)
