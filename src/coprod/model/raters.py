"""Several raters of one assessment: their ratings by unit, agreement and spread.

A workshop maps with several people ("critical friends", ``002_ea409380ef17158f.txt``,
"Developing an action plan"). The Explorer's ``ratings`` and the initiatives'
``ratings_by_rater`` hold what each rater said; this module gathers them by unit
(an Explorer cell; an initiative's rating) and measures them with
:mod:`coprod.model.agreement`: Krippendorff's alpha at the ordinal level per
instrument, the consensus (lower median) and spread per unit, and the units where
raters are three or more steps apart.
"""

from __future__ import annotations

from collections.abc import Hashable

import attrs

from coprod.model.agreement import (
    Alpha,
    Consensus,
    MeasurementLevel,
    StrongDisagreement,
    consensus_by_unit,
    krippendorff_alpha,
    strong_disagreements,
)
from coprod.model.assessment import Assessment
from coprod.model.explorer import Extent
from coprod.model.priority import RATING_NAMES, RATING_SCALE

__all__ = [
    "EXPLORER",
    "PRIORITY_MATRIX",
    "InstrumentAgreement",
    "explorer_units",
    "instrument_agreement",
    "priority_units",
    "rater_agreement",
]

#: The instruments several raters can rate, as the report names them.
EXPLORER = "Explorer extents"
PRIORITY_MATRIX = "Priority Matrix ratings"

Units = dict[Hashable, dict[Hashable, Hashable | None]]


def explorer_units(assessment: Assessment) -> Units:
    """Explorer cells rated by raters: ``"service × co"`` → {rater: extent}."""
    return {
        f"{entry.service} × {entry.co.value}": {r.rater: r.extent for r in entry.ratings}
        for entry in assessment.explorer
        if entry.ratings
    }


def priority_units(assessment: Assessment) -> Units:
    """Initiatives' ratings by raters: ``"initiative: rating"`` → {rater: 1–5}."""
    units: Units = {}
    for initiative in assessment.initiatives:
        if not initiative.ratings_by_rater:
            continue
        for name in RATING_NAMES:
            units[f"{initiative.id}: {name}"] = {
                r.rater: getattr(r, name) for r in initiative.ratings_by_rater
            }
    return units


@attrs.frozen
class InstrumentAgreement:
    """How far the raters of one instrument agree, and where they disagree strongly.

    ``alpha`` is Krippendorff's alpha at the ordinal level over every unit rated
    (``None`` when undefined: fewer than two pairable ratings, or no variation);
    ``raters`` the rater keys, in first-seen order; ``spread`` each unit's
    consensus and spread; ``disagreements`` the units whose raters are three or
    more steps apart, with who said what.
    """

    instrument: str
    alpha: Alpha
    raters: tuple[str, ...]
    spread: tuple[Consensus, ...]
    disagreements: tuple[StrongDisagreement, ...]

    @property
    def units(self) -> int:
        """How many units (cells, ratings) were rated."""
        return len(self.spread)


def instrument_agreement(
    instrument: str, units: Units, scale: tuple[Hashable, ...]
) -> InstrumentAgreement | None:
    """The agreement of ``units`` on ``scale``; ``None`` when no unit has a rating."""
    if not units:
        return None
    raters: list[str] = []
    for ratings in units.values():
        for rater in ratings:
            if str(rater) not in raters:
                raters.append(str(rater))
    return InstrumentAgreement(
        instrument=instrument,
        alpha=krippendorff_alpha(units, MeasurementLevel.ORDINAL, scale=scale),
        raters=tuple(raters),
        spread=consensus_by_unit(units, scale),
        disagreements=strong_disagreements(units, scale),
    )


def rater_agreement(assessment: Assessment) -> tuple[InstrumentAgreement, ...]:
    """The agreement of every instrument that several raters rated (possibly none)."""
    found = (
        instrument_agreement(EXPLORER, explorer_units(assessment), tuple(Extent)),
        instrument_agreement(PRIORITY_MATRIX, priority_units(assessment), RATING_SCALE),
    )
    return tuple(a for a in found if a is not None)
