"""Substitutive versus additive co-production: what a shift in inputs means.

Source: ``002_ea409380ef17158f.txt`` ("Benefits, limitations and risks of
co-production"): in *substitutive* co-production "public sector inputs are replaced
with inputs that come from users and/or communities"; *additive* co-production is
where "professional support is added to what were previously simply individual
self-help or community self-organising activities" (the carers example).
``004_2ab9b3d444068e57.txt`` recommends "the right mix of substitutive and
additive co-production" as a budget management strategy.

The seeds name two forms; the arithmetic of two inputs moving allows more, and
:func:`classify_resource_shift` names every one of them honestly rather than forcing
each shift into one of the two.
"""

from __future__ import annotations

import enum
import math

import attrs

__all__ = ["MAX_AMOUNT", "CoProductionForm", "ResourceInputs", "classify_resource_shift"]

#: The largest amount an initiative may record (hours, money, FTEs): a trillion. Far
#: beyond any council's figures, and small enough that sums and weighted scores of
#: millions of initiatives stay finite.
MAX_AMOUNT = 1e12


class CoProductionForm(str, enum.Enum):
    """The form a change in public and community inputs takes (``002_…``, ``004_…``).

    ``SUBSTITUTIVE`` and ``ADDITIVE`` are the seeds' two forms; the others are the
    remaining cases of the arithmetic, named for what they are.
    """

    #: Public inputs fall while user/community inputs rise (saves public spend).
    SUBSTITUTIVE = "substitutive"
    #: Public support is added to what was self-help or community self-organising
    #: (no public input before), and community inputs do not fall.
    ADDITIVE = "additive"
    #: Both grow where both already contributed, or both start from nothing.
    JOINT_EXPANSION = "joint expansion"
    #: Public inputs grow with no change in community inputs, beyond pure additive.
    PUBLIC_EXPANSION = "public expansion"
    #: Public inputs rise while community inputs fall: the reverse of substitution.
    PROFESSIONALISATION = "professionalisation"
    #: Community inputs grow while public inputs stay the same.
    COMMUNITY_EXPANSION = "community expansion"
    #: Community inputs fall while public inputs stay the same.
    COMMUNITY_WITHDRAWAL = "community withdrawal"
    #: Public inputs fall while community inputs stay the same (a cut, not co-production).
    PUBLIC_WITHDRAWAL = "public withdrawal"
    #: Both fall.
    BOTH_WITHDRAWN = "both withdrawn"
    #: Neither changes.
    NO_CHANGE = "no change"

    @property
    def is_seed_form(self) -> bool:
        """True for the two forms the seeds name: substitutive and additive."""
        return self in (CoProductionForm.SUBSTITUTIVE, CoProductionForm.ADDITIVE)


def _check_input(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value!r}")
    return float(value)


def _sign(delta: float) -> int:
    return (delta > 0) - (delta < 0)


def classify_resource_shift(
    *,
    public_before: float,
    public_after: float,
    community_before: float,
    community_after: float,
) -> CoProductionForm:
    """Name the form of co-production a change in inputs represents.

    Inputs are public-sector inputs and user/community inputs before and after,
    in any one unit (money, hours, full-time equivalents). The function is total
    over non-negative finite numbers; negative, NaN or infinite values raise
    :class:`ValueError` naming the argument.

    >>> classify_resource_shift(public_before=100, public_after=60,
    ...                         community_before=0, community_after=40)
    <CoProductionForm.SUBSTITUTIVE: 'substitutive'>
    >>> classify_resource_shift(public_before=0, public_after=10,
    ...                         community_before=50, community_after=80)
    <CoProductionForm.ADDITIVE: 'additive'>
    """
    return _form(
        _check_input("public_before", public_before),
        _check_input("public_after", public_after),
        _check_input("community_before", community_before),
        _check_input("community_after", community_after),
    )


def _form(pb: float, pa: float, cb: float, ca: float) -> CoProductionForm:
    """The classification itself, for inputs already known to be valid."""
    public, community = _sign(pa - pb), _sign(ca - cb)
    if public > 0:
        if community < 0:
            return CoProductionForm.PROFESSIONALISATION
        if pb == 0 and cb > 0:
            return CoProductionForm.ADDITIVE
        if community > 0:
            return CoProductionForm.JOINT_EXPANSION
        return CoProductionForm.PUBLIC_EXPANSION
    if public < 0:
        if community > 0:
            return CoProductionForm.SUBSTITUTIVE
        if community < 0:
            return CoProductionForm.BOTH_WITHDRAWN
        return CoProductionForm.PUBLIC_WITHDRAWAL
    if community > 0:
        return CoProductionForm.COMMUNITY_EXPANSION
    if community < 0:
        return CoProductionForm.COMMUNITY_WITHDRAWAL
    return CoProductionForm.NO_CHANGE


def _amount(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if _check_input(attribute.name, value) > MAX_AMOUNT:
        raise ValueError(f"{attribute.name} must be at most 1e12, got {value!r}")


@attrs.frozen
class ResourceInputs:
    """Public and user/community inputs to an initiative before and after a change.

    Any one unit will do, as long as all four figures use it (``002_…``).
    """

    public_before: float = attrs.field(validator=_amount)
    public_after: float = attrs.field(validator=_amount)
    community_before: float = attrs.field(validator=_amount)
    community_after: float = attrs.field(validator=_amount)

    @property
    def form(self) -> CoProductionForm:
        """The form of co-production this shift represents."""
        # The validators already checked every figure.
        return _form(
            self.public_before, self.public_after, self.community_before, self.community_after
        )

    @property
    def public_change(self) -> float:
        """Change in public inputs (negative: public spend saved)."""
        return self.public_after - self.public_before

    @property
    def community_change(self) -> float:
        """Change in user/community inputs."""
        return self.community_after - self.community_before
