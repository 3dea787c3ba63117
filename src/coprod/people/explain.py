"""Why a need was not met: the candidate funnel and the reason, in plain words.

Sources: ``002_ea409380ef17158f.txt`` (Capabilities Assessment: find matches with
people or organisations who need a capability), ``004_2ab9b3d444068e57.txt`` (time
banks: consent and opting out, references, PVG checks, weekend-only matches).

Every unmatched need carries a :class:`CandidateFunnel`: how many capabilities were
left after each hard constraint, in a fixed order. The reason is the first step at
which none was left; if some were left to the end, their capacity was used up by
other matches. Explanations name categories, areas and counts, never people.
"""

from __future__ import annotations

import enum

import attrs

from coprod.people.model import Need, TimeSlot, Verification

__all__ = ["CandidateFunnel", "UnmatchedReason", "explain_unmatched"]


class UnmatchedReason(str, enum.Enum):
    """Why a need was not met (``002_…``, ``004_…``); ``.label`` says it in plain words."""

    NO_CAPABILITY_IN_CATEGORY = "no-capability-in-category"
    NONE_IN_AREA = "none-in-area"
    NO_CONSENT = "no-consent"
    ONLY_OWN_CAPABILITY = "only-own-capability"
    NONE_VERIFIED = "none-verified"
    NO_COMMON_TIME = "no-common-time"
    CAPACITY_USED_UP = "capacity-used-up"

    @property
    def label(self) -> str:
        """The reason in a few plain words."""
        return _LABELS[self]


_LABELS = {
    UnmatchedReason.NO_CAPABILITY_IN_CATEGORY: "no capability in that category",
    UnmatchedReason.NONE_IN_AREA: "none in the area",
    UnmatchedReason.NO_CONSENT: "no consent",
    UnmatchedReason.ONLY_OWN_CAPABILITY: "only the requester's own capability",
    UnmatchedReason.NONE_VERIFIED: "none verified",
    UnmatchedReason.NO_COMMON_TIME: "no common time",
    UnmatchedReason.CAPACITY_USED_UP: "capacity used up",
}


@attrs.frozen
class CandidateFunnel:
    """How many capabilities were left for a need after each hard constraint (``004_…``).

    ``in_category``: in the need's category or a broader one; ``in_area``: of those,
    covering the need's area; ``consenting``: provider consents and the capability
    is willing to be shared; ``not_own``: not the requester's own; ``verified``:
    provider verified as the need requires; ``available``: available at the
    wanted times (only filtered with strict availability); ``with_capacity``:
    capacity above 0. Each count is at most the one before.
    """

    in_category: int
    in_area: int
    consenting: int
    not_own: int
    verified: int
    available: int
    with_capacity: int

    @property
    def reason(self) -> UnmatchedReason:
        """The first constraint that left no candidate (capacity if all passed)."""
        if self.in_category == 0:
            return UnmatchedReason.NO_CAPABILITY_IN_CATEGORY
        if self.in_area == 0:
            return UnmatchedReason.NONE_IN_AREA
        if self.consenting == 0:
            return UnmatchedReason.NO_CONSENT
        if self.not_own == 0:
            return UnmatchedReason.ONLY_OWN_CAPABILITY
        if self.verified == 0:
            return UnmatchedReason.NONE_VERIFIED
        if self.available == 0:
            return UnmatchedReason.NO_COMMON_TIME
        return UnmatchedReason.CAPACITY_USED_UP

    def as_dict(self) -> dict[str, int]:
        """The counts by step name."""
        return attrs.asdict(self)


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _requirement(verification: Verification, min_references: int) -> str:
    refs = _n(min_references, "reference", "references")
    if verification is Verification.PROTECTION_CHECK:
        return f"{refs} and a protection (PVG) check"
    return refs


def _times(slots: frozenset[TimeSlot]) -> str:
    return ", ".join(s.value for s in sorted(slots, key=lambda s: s.value))


def explain_unmatched(need: Need, funnel: CandidateFunnel, *, min_references: int = 2) -> str:
    """Plain sentences on why ``need`` was not met, naming no one (``002_…``, ``004_…``)."""
    reason = funnel.reason
    category, area = repr(need.category), repr(need.area)
    if reason is UnmatchedReason.NO_CAPABILITY_IN_CATEGORY:
        broader = " or a broader category" if "/" in need.category else ""
        return f"Nobody offers {category}{broader}."
    if reason is UnmatchedReason.NONE_IN_AREA:
        return (
            f"{_n(funnel.in_category, 'capability', 'capabilities')} in {category}, "
            f"but none covers {area}."
        )
    if reason is UnmatchedReason.NO_CONSENT:
        return (
            f"{_n(funnel.in_area, 'capability', 'capabilities')} in {category} "
            f"{'covers' if funnel.in_area == 1 else 'cover'} {area}, but none is offered "
            "with consent to be matched and willingness to share it."
        )
    if reason is UnmatchedReason.ONLY_OWN_CAPABILITY:
        return (
            f"The only consenting capabilities for {category} in {area} are the "
            "requester's own, and nobody is matched to their own need."
        )
    if reason is UnmatchedReason.NONE_VERIFIED:
        return (
            f"{_n(funnel.not_own, 'helper', 'helpers')} could do it, but this need "
            f"requires {_requirement(need.verification, min_references)} and none has "
            "them."
        )
    if reason is UnmatchedReason.NO_COMMON_TIME:
        return (
            f"{_n(funnel.verified, 'helper', 'helpers')} could do it, but none is "
            f"available at the times wanted ({_times(need.when)})."
        )
    if funnel.with_capacity == 0:
        return (
            f"{_n(funnel.available, 'helper', 'helpers')} could do it, but none is taking "
            "needs at the moment (capacity 0)."
        )
    return (
        f"{_n(funnel.with_capacity, 'helper', 'helpers')} could do it, but their capacity "
        "is used up by other matches: meeting this need instead would not meet more "
        "needs in all."
    )
