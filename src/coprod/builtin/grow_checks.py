"""Built-in plugin: Grow it checks (step 5) of champions, showcases, alignment, business case.

What the seeds recommend, line by line:

* ``002_ea409380ef17158f.txt`` line 304: "showcasing co-production champions and the
  success of particular initiatives, so that more citizens and staff want to become
  involved … by running co-production roadshows";
* ``002_…`` line 306: the business case "is also a must"; "align performance
  management systems and competency frameworks … HR evaluation systems need to
  recognise and reward staff competencies as community catalysts and enablers rather
  than problem solvers";
* ``002_…`` lines 330–331: co-production "should feature more strongly in performance
  management and competency frameworks"; champions learn from each other "through
  facilitated peer reviews";
* ``001_10471c76f715a525.txt`` line 316: "Peer reviews and study visit programmes to
  learn from coproduction champions";
* ``003_eb91abacab6ac2c6.txt`` line 54: scale up by "showcasing 'champions' or
  developing a business case"; "performance management and human resource
  management systems are aligned to co-producing".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from coprod.contributions import Finding, MaturityCheck, Severity
from coprod.hookspecs import hookimpl
from coprod.model.actions import Action
from coprod.model.assessment import Assessment, InitiativeStatus
from coprod.model.grow import ShowcaseKind, StaffRole
from coprod.model.star import Step

__all__ = ["GROW_CHECKS"]


def _existing(assessment: Assessment) -> bool:
    return any(i.status is InitiativeStatus.EXISTING for i in assessment.initiatives)


def _champions(assessment: Assessment) -> Iterator[Finding]:
    if not _existing(assessment):
        return
    if not assessment.champions:
        yield Finding(
            Severity.INFO,
            "No co-production champions are recorded ([[champions]]): seed 002 (line "
            '304) grows co-production by "showcasing co-production champions and the '
            "success of particular initiatives, so that more citizens and staff want to "
            'become involved" (also seed 003, line 54).',
            suggested_actions=(
                Action(
                    id="grow-name-champions",
                    title="Name the champions of the existing initiatives",
                    step=Step.GROW,
                    findings=("grow.champions",),
                ),
            ),
        )
        return
    shown = {c for showcase in assessment.showcases for c in showcase.champions}
    hidden = [c for c in assessment.champions if c.id not in shown]
    if hidden:
        names = ", ".join(repr(c.name) for c in hidden[:6])
        yield Finding(
            Severity.INFO,
            f"{len(hidden)} champion(s) are not showcased anywhere ({names}): seed 002 "
            '(line 304) suggests "running co-production roadshows to show to staff and '
            'users that co-production really works".',
            suggested_actions=(
                Action(
                    id="grow-roadshow",
                    title="Run a co-production roadshow with the champions",
                    step=Step.GROW,
                    findings=("grow.champions",),
                ),
            ),
        )


def _learning(assessment: Assessment) -> Iterator[Finding]:
    if not assessment.champions:
        return
    kinds = {s.kind for s in assessment.showcases}
    if ShowcaseKind.PEER_REVIEW in kinds or ShowcaseKind.STUDY_VISIT in kinds:
        return
    yield Finding(
        Severity.INFO,
        "Champions have no peer review or study visit: seed 001 (line 316) recommends "
        '"peer reviews and study visit programmes to learn from coproduction '
        'champions", and seed 002 (line 331) "facilitated peer reviews, based on a '
        'clear benchmark of good co-production practice".',
        suggested_actions=(
            Action(
                id="grow-peer-review",
                title="Arrange a peer review or study visit among champions",
                step=Step.GROW,
                findings=("grow.learning",),
            ),
        ),
    )


def _alignment(assessment: Assessment) -> Iterator[Finding]:
    if not assessment.initiatives:
        return
    alignment = assessment.alignment
    if alignment is None:
        yield Finding(
            Severity.INFO,
            "How performance management and HR count co-production is not recorded "
            '([alignment]): seed 002 (line 306) says to "align performance management '
            'systems and competency frameworks" and that "HR evaluation systems need to '
            "recognise and reward staff competencies as community catalysts and enablers "
            'rather than problem solvers" (also seed 003, line 54).',
            suggested_actions=(
                Action(
                    id="grow-align-performance",
                    title="Put co-production into performance management, competencies and HR",
                    step=Step.GROW,
                    findings=("grow.alignment",),
                ),
            ),
        )
        return
    if not (alignment.performance_management.strip() and alignment.competency_framework.strip()):
        yield Finding(
            Severity.WARNING,
            "Performance management and competency frameworks do not (yet) count "
            'co-production ([alignment]): seed 002 (line 306) says to "align '
            "performance management systems and competency frameworks so that "
            'co-production is promoted throughout the organisation, not stifled" (also '
            "line 330, and seed 003, line 54).",
            suggested_actions=(
                Action(
                    id="grow-align-performance",
                    title="Put co-production into performance management and competencies",
                    step=Step.GROW,
                    findings=("grow.alignment",),
                ),
            ),
        )
    recognised = alignment.hr_recognises
    if not any(role.promotes_co_production for role in recognised):
        only = (
            " HR recognises staff only as problem solvers."
            if StaffRole.PROBLEM_SOLVER in recognised
            else ""
        )
        yield Finding(
            Severity.WARNING,
            "HR evaluation does not recognise staff as community catalysts or enablers."
            f'{only} Seed 002 (line 306): "HR evaluation systems need to recognise and '
            "reward staff competencies as community catalysts and enablers rather than "
            'problem solvers".',
            suggested_actions=(
                Action(
                    id="grow-hr-catalysts",
                    title="Recognise and reward staff as community catalysts and enablers",
                    step=Step.GROW,
                    findings=("grow.alignment",),
                ),
            ),
        )


def _business_case(assessment: Assessment) -> Iterator[Finding]:
    if not _existing(assessment) or assessment.business_case is not None:
        return
    yield Finding(
        Severity.INFO,
        "No business case is recorded ([business_case]): seed 002 (line 306) calls it "
        '"a must": "establishing the direct and indirect costs and benefits of '
        "co-production initiatives is crucial to convincing sceptics – and particularly "
        'budget holders".',
        suggested_actions=(
            Action(
                id="grow-business-case",
                title="Make the business case of the main initiatives",
                step=Step.GROW,
                findings=("grow.business-case-recorded",),
            ),
        ),
    )


GROW_CHECKS = (
    MaturityCheck(
        name="grow.champions",
        check=_champions,
        step=Step.GROW,
        description="Champions are recorded and showcased (roadshows; seed 002 line 304).",
    ),
    MaturityCheck(
        name="grow.learning",
        check=_learning,
        step=Step.GROW,
        description="Champions learn through peer reviews or study visits (001 l.316).",
    ),
    MaturityCheck(
        name="grow.alignment",
        check=_alignment,
        step=Step.GROW,
        description="Performance management and HR recognise co-production (002 l.306).",
    ),
    MaturityCheck(
        name="grow.business-case-recorded",
        check=_business_case,
        step=Step.GROW,
        description="Existing initiatives have a business case (002 line 306).",
    ),
)


@hookimpl
def register_maturity_checks(register: Callable[[MaturityCheck], None]) -> None:
    """Register the Grow it checks."""
    for check in GROW_CHECKS:
        register(check)
