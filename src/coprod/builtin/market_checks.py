"""Built-in plugin: Market it checks (step 4; ``003_…`` line 50, ``002_…`` lines 233, 290–300).

``003_eb91abacab6ac2c6.txt`` line 50: Market it "is often missing from current
co-production approaches. Incentives and nudges are really crucial to encouraging
the inputs of both citizens and professionals"; charters "outline explicitly the
roles, responsibilities, and conflict mechanisms" and show "what the statutory agency
is committing to provide by way of support". ``002_…`` line 233: Solihull's charter
makes champions "aware of the resources they can expect from the council – but also
makes clear the responsibilities they have".

* ``market.barriers``: an initiative naming the "citizen capabilities and time" or
  "unfavourable culture" barrier with no incentive or nudge serving it;
* ``market.quick-wins``: a quick win with no incentive, nudge or charter;
* ``market.charters``: a charter with no agency commitments, no conflict mechanism,
  or a review date before the assessment's ``as_of`` (never the clock);
* ``market.incentive-mix``: every incentive is monetary;
* ``market.hardest-to-persuade``: stakeholders with high power whose propensity is
  "hardest to persuade" (``002_…``: professional staff and budget holders) and no
  incentive or nudge aimed at staff;
* ``market.missing``: initiatives but nothing to market them at all.

Each finding proposes actions (:attr:`coprod.Finding.suggested_actions`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from coprod.builtin.plan_checks import suggested_id
from coprod.contributions import EFFORT, IMPACT, Finding, MaturityCheck, Severity
from coprod.evaluation import Evaluation
from coprod.hookspecs import hookimpl
from coprod.model.actions import Action
from coprod.model.assessment import Assessment
from coprod.model.market import IncentiveKind, IncentiveTarget
from coprod.model.priority import DEFAULT_PRIORITY_SCHEME, PriorityQuadrant
from coprod.model.service_model import Level
from coprod.model.stakeholders import Propensity
from coprod.model.star import Step

__all__ = ["MARKET_BARRIERS", "MARKET_CHECKS"]

#: Barriers an incentive or nudge answers (``001_…`` taxonomy ids).
MARKET_BARRIERS = ("citizen-capabilities-and-time", "unfavourable-culture")


def _slug(text: str) -> str:
    """An id-safe form of a charter's label (its id, or its name when it has none)."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-._")
    return slug or "charter"


def _marketed(assessment: Assessment) -> set[str]:
    """Initiatives some incentive or nudge serves."""
    served: set[str] = set()
    for incentive in assessment.incentives:
        served.update(incentive.initiatives)
    for nudge in assessment.nudges:
        served.update(nudge.initiatives)
    return served


def _barriers(assessment: Assessment) -> Iterator[Finding]:
    served = _marketed(assessment)
    for initiative in assessment.initiatives:
        named = [b for b in MARKET_BARRIERS if b in initiative.barriers]
        if not named or initiative.id in served:
            continue
        words = " and ".join(repr(b) for b in named)
        yield Finding(
            Severity.WARNING,
            f"{initiative.name!r} names the {words} barrier but no incentive or nudge "
            'serves it: seed 003 (line 50) says incentives and nudges are "really '
            'crucial" to make it simple to get involved and stay involved. Suggested: '
            "add a psychological incentive or a recognition award for the citizens "
            "involved (e.g. a party for volunteers, seed 002), or a nudge, in "
            "[[incentives]] / [[nudges]] naming this initiative.",
            initiative=initiative.id,
            suggested_actions=(
                Action(
                    id=suggested_id("incentive", initiative.id),
                    title=f"Design an incentive or nudge for {initiative.name}",
                    step=Step.MARKET,
                    initiatives=(initiative.id,),
                    barriers=tuple(named),
                    findings=("market.barriers",),
                ),
            ),
        )


def _quick_wins(assessment: Assessment, evaluation: Evaluation) -> Iterator[Finding]:
    if IMPACT not in evaluation.metrics or EFFORT not in evaluation.metrics:
        return
    served = _marketed(assessment)
    for charter in assessment.charters:
        served.update(charter.initiatives)
    scheme = DEFAULT_PRIORITY_SCHEME
    for initiative, impact, effort in zip(
        assessment.initiatives, evaluation.values(IMPACT), evaluation.values(EFFORT), strict=True
    ):
        if impact is None or effort is None or initiative.id in served:
            continue
        if scheme.quadrant(impact=impact, effort=effort) is not PriorityQuadrant.QUICK_WIN:
            continue
        yield Finding(
            Severity.INFO,
            f"The quick win {initiative.name!r} has nothing to market it (no incentive, "
            "nudge or charter): suggested: celebrate and publicise it so more people "
            "join in (seeds 002 and 003, Market it).",
            initiative=initiative.id,
            suggested_actions=(
                Action(
                    id=suggested_id("market", initiative.id),
                    title=f"Market the quick win {initiative.name}: an incentive or nudge",
                    step=Step.MARKET,
                    initiatives=(initiative.id,),
                    findings=("market.quick-wins",),
                ),
            ),
        )


def _charters(assessment: Assessment) -> Iterator[Finding]:
    for charter in assessment.charters:
        label = charter.label
        if not charter.agency_gives:
            yield Finding(
                Severity.WARNING,
                f"The charter {label!r} lists only the duties of "
                f"{', '.join(p.value for p in charter.parties)} and nothing the agency "
                'commits to provide: seed 003 (line 50) says a charter shows "what the '
                'statutory agency is committing to provide by way of support", as '
                "Solihull's tells champions the resources they can expect (seed 002, "
                "line 233). Suggested: add agency_commitments.",
                suggested_actions=(
                    Action(
                        id=suggested_id("charter-commitments", _slug(label)),
                        title=f"Add the agency's commitments to the charter {charter.name}",
                        step=Step.MARKET,
                        initiatives=charter.initiatives,
                        findings=("market.charters",),
                    ),
                ),
            )
        if not charter.conflict_mechanism.strip():
            yield Finding(
                Severity.WARNING,
                f"The charter {label!r} has no conflict mechanism: seed 003 (line 50) "
                'says charters outline "roles, responsibilities, and conflict '
                'mechanisms". Suggested: say who settles disagreements and how.',
                suggested_actions=(
                    Action(
                        id=suggested_id("charter-conflict", _slug(label)),
                        title=f"Agree a conflict mechanism for the charter {charter.name}",
                        step=Step.MARKET,
                        initiatives=charter.initiatives,
                        findings=("market.charters",),
                    ),
                ),
            )
        as_of = assessment.as_of
        if charter.review_date is not None and as_of is not None and charter.review_date < as_of:
            yield Finding(
                Severity.WARNING,
                f"The charter {label!r} was due for review on {charter.review_date}, "
                f"before this reading's date ({as_of}). Suggested: review it with the "
                "parties.",
                suggested_actions=(
                    Action(
                        id=suggested_id("charter-review", _slug(label)),
                        title=f"Review the charter {charter.name} with its parties",
                        step=Step.MARKET,
                        initiatives=charter.initiatives,
                        findings=("market.charters",),
                    ),
                ),
            )


def _incentive_mix(assessment: Assessment) -> Iterator[Finding]:
    kinds = {incentive.kind for incentive in assessment.incentives}
    if kinds != {IncentiveKind.MONETARY}:
        return
    yield Finding(
        Severity.INFO,
        f"All {len(assessment.incentives)} incentives are monetary: seed 003 (line 50) "
        'starts with psychological incentives (the "feel good factor" of '
        "appreciation) and recognition awards. Suggested: add one of each.",
        suggested_actions=(
            Action(
                id="market-non-monetary-incentive",
                title="Add a psychological incentive and a recognition award",
                step=Step.MARKET,
                findings=("market.incentive-mix",),
            ),
        ),
    )


def _hardest_to_persuade(assessment: Assessment) -> Iterator[Finding]:
    powerful = [
        s
        for s in assessment.stakeholders
        if s.propensity is Propensity.HARDEST_TO_PERSUADE and s.power is Level.HIGH
    ]
    if not powerful:
        return
    targets = [t for i in assessment.incentives for t in i.targets]
    targets += [t for n in assessment.nudges for t in n.targets]
    if IncentiveTarget.STAFF in targets:
        return
    names = ", ".join(repr(s.name) for s in powerful[:6])
    yield Finding(
        Severity.WARNING,
        f"Stakeholders with high power are the hardest to persuade ({names}), and no "
        "incentive or nudge targets staff: seed 002 finds professional staff and budget "
        "holders hardest to persuade, and seed 003 (line 50) asks for incentives for "
        '"both citizens and professionals". Suggested: an incentive for staff '
        "(recognition in appraisals, an award) and the business case for budget holders.",
        suggested_actions=(
            Action(
                id="market-staff-incentive",
                title="Design an incentive for the staff hardest to persuade",
                step=Step.MARKET,
                findings=("market.hardest-to-persuade",),
            ),
        ),
    )


def _missing(assessment: Assessment) -> Iterator[Finding]:
    if not assessment.initiatives or (
        assessment.incentives or assessment.nudges or assessment.charters
    ):
        return
    yield Finding(
        Severity.INFO,
        "No incentives, nudges or charters are recorded: seed 003 (line 50) says Market "
        'it "is often missing from current co-production approaches". Suggested: '
        "record them in [[incentives]], [[nudges]] and [[charters]].",
    )


MARKET_CHECKS = (
    MaturityCheck(
        name="market.barriers",
        check=_barriers,
        step=Step.MARKET,
        description="An initiative naming the capabilities-and-time or culture barrier "
        "has an incentive or nudge.",
    ),
    MaturityCheck(
        name="market.quick-wins",
        check=_quick_wins,
        step=Step.MARKET,
        uses_evaluation=True,
        description="Every quick win has an incentive, nudge or charter to market it.",
    ),
    MaturityCheck(
        name="market.charters",
        check=_charters,
        step=Step.MARKET,
        description="Charters state agency commitments, a conflict mechanism and a "
        "review date not yet passed (relative to as_of).",
    ),
    MaturityCheck(
        name="market.incentive-mix",
        check=_incentive_mix,
        step=Step.MARKET,
        description="Incentives are not all monetary.",
    ),
    MaturityCheck(
        name="market.hardest-to-persuade",
        check=_hardest_to_persuade,
        step=Step.MARKET,
        description="Powerful stakeholders hardest to persuade: some incentive targets staff.",
    ),
    MaturityCheck(
        name="market.missing",
        check=_missing,
        step=Step.MARKET,
        description="Something markets co-production at all (incentives, nudges, charters).",
    ),
)


@hookimpl
def register_maturity_checks(register: Callable[[MaturityCheck], None]) -> None:
    """Register the Market it checks."""
    for check in MARKET_CHECKS:
        register(check)
