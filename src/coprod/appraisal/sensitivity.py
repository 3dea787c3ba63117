"""Sensitivity: switching values of the main assumptions, and tornado data.

An :class:`Assumption` is one input of the appraisal you are unsure of, with its
base value, a stated low–high range, and how to put a value into a
:class:`Scenario`. :func:`switching_value` finds the value at which NPV is zero (the
Green Book's switching value): exactly when NPV is affine in the input (amounts,
factors, the optimism bias, the volunteer rate, deadweight, displacement,
attribution), by bisection to a stated tolerance otherwise (drop-off, a flat
discount rate). :func:`tornado` gives NPV at the low and high end of every range,
sorted by swing, for :func:`coprod.appraisal.tornado_svg`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import attrs

from coprod.appraisal._numbers import CONTEXT, to_decimal
from coprod.appraisal.flows import AppraisalCase, Benefit, Cost, SroiAdjustments
from coprod.appraisal.parameters_model import DiscountSchedule, ParameterSet, ParameterSetRef
from coprod.appraisal.results import AppraisalResult, appraise

__all__ = [
    "DEFAULT_TOLERANCE",
    "Assumption",
    "Scenario",
    "SwitchingValue",
    "Tornado",
    "TornadoBar",
    "benefits_factor",
    "costs_factor",
    "discount_rate",
    "flow_amount",
    "optimism_bias",
    "sroi_adjustment",
    "switching_value",
    "tornado",
    "volunteer_rate",
]

#: Bisection stops when the bracket is no wider than this (in the input's own unit).
DEFAULT_TOLERANCE = Decimal("1e-9")

_ZERO = Decimal(0)
_ONE = Decimal(1)


@attrs.frozen
class Scenario:
    """What an appraisal needs: the case, the parameter set and the schedule's name."""

    case: AppraisalCase
    parameters: ParameterSet
    schedule: str | None = None

    def appraise(self) -> AppraisalResult:
        """:func:`~coprod.appraisal.appraise` of this scenario."""
        return appraise(self.case, self.parameters, self.schedule)

    def npv(self) -> Decimal:
        """The scenario's net present value."""
        return self.appraise().npv


@attrs.frozen
class Assumption:
    """An uncertain input: base value, stated range, valid domain, and how to apply it.

    ``apply(scenario, value)`` returns the scenario with the input set to ``value``.
    ``affine`` says NPV is affine in the input (so the switching value is solved
    exactly); ``lowest`` / ``highest`` bound the values that make sense (``None``:
    unbounded) and the bisection bracket.
    """

    name: str
    base: Decimal
    apply: Callable[[Scenario, Decimal], Scenario] = attrs.field(eq=False, repr=False)
    low: Decimal | None = None
    high: Decimal | None = None
    lowest: Decimal | None = None
    highest: Decimal | None = None
    affine: bool = True
    unit: str = ""

    def __attrs_post_init__(self) -> None:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"{self.name}: low {self.low} is above high {self.high}")
        for label, value in (("low", self.low), ("high", self.high), ("base", self.base)):
            if value is not None and not self.allows(value):
                raise ValueError(f"{self.name}: {label} {value} is outside {self.domain_text()}")

    def allows(self, value: Decimal) -> bool:
        """True when ``value`` is in the input's domain."""
        return (self.lowest is None or value >= self.lowest) and (
            self.highest is None or value <= self.highest
        )

    def domain_text(self) -> str:
        """The domain in words, e.g. ``0 to 1``."""
        low = "−∞" if self.lowest is None else str(self.lowest)
        high = "∞" if self.highest is None else str(self.highest)
        return f"{low} to {high}"


def _range(low: object, high: object) -> tuple[Decimal | None, Decimal | None]:
    return (
        None if low is None else to_decimal(low, "low"),
        None if high is None else to_decimal(high, "high"),
    )


def _with_case(scenario: Scenario, case: AppraisalCase) -> Scenario:
    return attrs.evolve(scenario, case=case)


def _scaled_cost(cost: Cost, factor: Decimal) -> Cost:
    if cost.amount is not None:
        return attrs.evolve(cost, amount=CONTEXT.multiply(cost.amount, factor))
    assert cost.quantity is not None
    return attrs.evolve(cost, quantity=CONTEXT.multiply(cost.quantity, factor))


def _scaled_benefit(benefit: Benefit, factor: Decimal) -> Benefit:
    if benefit.amount is not None:
        return attrs.evolve(benefit, amount=CONTEXT.multiply(benefit.amount, factor))
    assert benefit.quantity is not None
    return attrs.evolve(benefit, quantity=CONTEXT.multiply(benefit.quantity, factor))


def benefits_factor(low: object = None, high: object = None) -> Assumption:
    """Every benefit × a factor (1 = the estimates as stated); e.g. ``0.5`` to ``1.2``."""

    def apply(scenario: Scenario, value: Decimal) -> Scenario:
        case = scenario.case
        benefits = tuple(_scaled_benefit(b, value) for b in case.benefits)
        return _with_case(scenario, attrs.evolve(case, benefits=benefits))

    lo, hi = _range(low, high)
    return Assumption("benefits (× estimate)", _ONE, apply, lo, hi, lowest=_ZERO, unit="×")


def costs_factor(low: object = None, high: object = None) -> Assumption:
    """Every cost (not citizens' time) × a factor (1 = the estimates as stated)."""

    def apply(scenario: Scenario, value: Decimal) -> Scenario:
        case = scenario.case
        costs = tuple(_scaled_cost(c, value) for c in case.costs)
        return _with_case(scenario, attrs.evolve(case, costs=costs))

    lo, hi = _range(low, high)
    return Assumption("costs (× estimate)", _ONE, apply, lo, hi, lowest=_ZERO, unit="×")


def optimism_bias(base: object, low: object = None, high: object = None) -> Assumption:
    """The optimism-bias uplift on costs (a fraction: 0.24 for 24 %)."""

    def apply(scenario: Scenario, value: Decimal) -> Scenario:
        return _with_case(scenario, attrs.evolve(scenario.case, optimism_bias=value))

    lo, hi = _range(low, high)
    return Assumption(
        "optimism bias",
        to_decimal(base, "base"),
        apply,
        lo,
        hi,
        lowest=_ZERO,
        highest=Decimal(10),
        unit="fraction",
    )


def volunteer_rate(base: object, low: object = None, high: object = None) -> Assumption:
    """The money value of one volunteer hour."""

    def apply(scenario: Scenario, value: Decimal) -> Scenario:
        return _with_case(scenario, attrs.evolve(scenario.case, volunteer_hourly_rate=value))

    lo, hi = _range(low, high)
    return Assumption(
        "volunteer hourly rate",
        to_decimal(base, "base"),
        apply,
        lo,
        hi,
        lowest=_ZERO,
        unit="per hour",
    )


def _find(case: AppraisalCase, label: str) -> Cost | Benefit:
    flows: list[Cost | Benefit] = [*case.costs, *case.benefits]
    matches = [f for f in flows if f.label == label]
    if len(matches) != 1:
        raise KeyError(f"expected one cost or benefit labelled {label!r}, found {len(matches)}")
    return matches[0]


def flow_amount(
    case: AppraisalCase, label: str, low: object = None, high: object = None
) -> Assumption:
    """The yearly amount (or quantity) of the one cost or benefit labelled ``label``."""
    flow = _find(case, label)
    base = flow.amount if flow.amount is not None else flow.quantity
    assert base is not None
    field = "amount" if flow.amount is not None else "quantity"

    def apply(scenario: Scenario, value: Decimal) -> Scenario:
        current = scenario.case
        change: dict[str, Any] = {field: value}
        costs = tuple(attrs.evolve(c, **change) if c.label == label else c for c in current.costs)
        benefits = tuple(
            attrs.evolve(b, **change) if b.label == label else b for b in current.benefits
        )
        return _with_case(scenario, attrs.evolve(current, costs=costs, benefits=benefits))

    lo, hi = _range(low, high)
    return Assumption(f"{label} ({field})", base, apply, lo, hi, lowest=_ZERO)


_ADJUSTMENTS = ("deadweight", "displacement", "attribution", "drop_off")


def sroi_adjustment(
    case: AppraisalCase, label: str, which: str, low: object = None, high: object = None
) -> Assumption:
    """One SROI adjustment (``deadweight``, ``displacement``, ``attribution``, ``drop_off``)
    of the benefit labelled ``label``. NPV is affine in the first three, not in drop-off.
    """
    if which not in _ADJUSTMENTS:
        raise ValueError(f"which must be one of {', '.join(_ADJUSTMENTS)}, got {which!r}")
    flow = _find(case, label)
    if not isinstance(flow, Benefit):
        raise KeyError(f"{label!r} is a cost: SROI adjustments apply to benefits")

    def apply(scenario: Scenario, value: Decimal) -> Scenario:
        current = scenario.case
        change: dict[str, Any] = {which: value}
        benefits = tuple(
            attrs.evolve(b, adjustments=attrs.evolve(b.adjustments, **change))
            if b.label == label
            else b
            for b in current.benefits
        )
        return _with_case(scenario, attrs.evolve(current, benefits=benefits))

    adjustments: SroiAdjustments = flow.adjustments
    lo, hi = _range(low, high)
    return Assumption(
        f"{label}: {which.replace('_', '-')}",
        getattr(adjustments, which),
        apply,
        lo,
        hi,
        lowest=_ZERO,
        highest=_ONE,
        affine=which != "drop_off",
        unit="fraction",
    )


def discount_rate(base: object, low: object = None, high: object = None) -> Assumption:
    """A flat discount rate for every year in place of the named schedule (not affine).

    Its switching value is the rate at which NPV is zero: an internal rate of return,
    found by bisection. The results name the derived set (``<id>+flat …``).
    """

    def apply(scenario: Scenario, value: Decimal) -> Scenario:
        flat = DiscountSchedule.flat(value)
        return attrs.evolve(
            scenario, parameters=scenario.parameters.with_schedule(flat), schedule=flat.name
        )

    lo, hi = _range(low, high)
    return Assumption(
        "discount rate (flat)",
        to_decimal(base, "base"),
        apply,
        lo,
        hi,
        lowest=_ZERO,
        highest=Decimal("0.999"),
        affine=False,
        unit="a year",
    )


@attrs.frozen
class SwitchingValue:
    """The value of an assumption at which NPV is zero, and how it was found.

    ``value`` is ``None`` when NPV does not depend on the input (``reason`` says so)
    or, for bisection, when NPV does not change sign within the bracket.
    ``in_domain`` is False when the value exists but makes no sense for the input
    (a deadweight above 100 %): NPV keeps its sign for every sensible value.
    ``method`` is ``"exact"`` or ``"bisection"`` (within ``tolerance``).
    """

    assumption: str
    base: Decimal
    base_npv: Decimal
    value: Decimal | None
    in_domain: bool
    method: str
    tolerance: Decimal | None
    reason: str = ""


def _other_point(assumption: Assumption) -> Decimal:
    base = assumption.base
    candidates = (
        assumption.high,
        assumption.low,
        base + 1,
        base - 1,
        assumption.highest,
        assumption.lowest,
    )
    for point in candidates:
        if point is not None and point != base and assumption.allows(point):
            return point
    raise ValueError(f"{assumption.name}: no second value in {assumption.domain_text()}")


def switching_value(
    scenario: Scenario,
    assumption: Assumption,
    *,
    tolerance: Decimal = DEFAULT_TOLERANCE,
    bracket: tuple[object, object] | None = None,
) -> SwitchingValue:
    """The value of ``assumption`` at which the scenario's NPV is zero.

    Affine inputs: NPV at the base and at a second point give the line, solved
    exactly (to the 40-digit arithmetic). Others: bisection over ``bracket``
    (default: the assumption's low–high range, else its domain) until the bracket is
    no wider than ``tolerance``; the midpoint is returned.
    """

    def npv(value: Decimal) -> Decimal:
        return assumption.apply(scenario, value).npv()

    base_npv = npv(assumption.base)
    if assumption.affine:
        other = _other_point(assumption)
        slope = CONTEXT.divide(
            CONTEXT.subtract(npv(other), base_npv), CONTEXT.subtract(other, assumption.base)
        )
        if slope == 0:
            return SwitchingValue(
                assumption.name, assumption.base, base_npv, None, False, "exact", None,
                reason="NPV does not depend on this input",
            )  # fmt: skip
        value = CONTEXT.subtract(assumption.base, CONTEXT.divide(base_npv, slope))
        return SwitchingValue(
            assumption.name, assumption.base, base_npv, value, assumption.allows(value),
            "exact", None,
        )  # fmt: skip
    lo, hi = _bracket(assumption, bracket)
    f_lo, f_hi = npv(lo), npv(hi)
    if f_lo == 0 or f_hi == 0:
        return SwitchingValue(
            assumption.name, assumption.base, base_npv, lo if f_lo == 0 else hi, True,
            "bisection", tolerance,
        )  # fmt: skip
    if (f_lo > 0) == (f_hi > 0):
        return SwitchingValue(
            assumption.name, assumption.base, base_npv, None, False, "bisection", tolerance,
            reason=f"NPV does not change sign between {lo} and {hi}",
        )  # fmt: skip
    while hi - lo > tolerance:
        mid = CONTEXT.divide(CONTEXT.add(lo, hi), Decimal(2))
        f_mid = npv(mid)
        if f_mid == 0:
            lo = hi = mid
            break
        if (f_mid > 0) == (f_lo > 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    value = CONTEXT.divide(CONTEXT.add(lo, hi), Decimal(2))
    return SwitchingValue(
        assumption.name, assumption.base, base_npv, value, True, "bisection", tolerance
    )


def _bracket(
    assumption: Assumption, bracket: tuple[object, object] | None
) -> tuple[Decimal, Decimal]:
    if bracket is not None:
        lo, hi = to_decimal(bracket[0], "bracket low"), to_decimal(bracket[1], "bracket high")
    else:
        lo_opt = assumption.low if assumption.low is not None else assumption.lowest
        hi_opt = assumption.high if assumption.high is not None else assumption.highest
        if lo_opt is None or hi_opt is None:
            raise ValueError(f"{assumption.name}: give a bracket (no range or domain bound)")
        lo, hi = lo_opt, hi_opt
    if not lo < hi:
        raise ValueError(f"{assumption.name}: the bracket must run from low to high, got {lo}–{hi}")
    return lo, hi


@attrs.frozen
class TornadoBar:
    """NPV at the low and the high end of one assumption's range."""

    assumption: str
    low: Decimal
    high: Decimal
    npv_low: Decimal
    npv_high: Decimal
    unit: str = ""

    @property
    def swing(self) -> Decimal:
        """How far NPV moves across the range: ``|npv_high − npv_low|``."""
        return abs(CONTEXT.subtract(self.npv_high, self.npv_low))


@attrs.frozen
class Tornado:
    """Tornado data: the base NPV and one bar per assumption, widest swing first."""

    base_npv: Decimal
    bars: tuple[TornadoBar, ...]
    currency: str
    parameters: ParameterSetRef


def tornado(scenario: Scenario, assumptions: Iterable[Assumption]) -> Tornado:
    """NPV at each assumption's low and high value, sorted by swing (widest first).

    Ties keep the order given. Every assumption needs a stated range (low and high).
    """
    base = scenario.appraise()
    bars = []
    for assumption in assumptions:
        if assumption.low is None or assumption.high is None:
            raise ValueError(f"{assumption.name}: a tornado needs a low and a high value")
        bars.append(
            TornadoBar(
                assumption=assumption.name,
                low=assumption.low,
                high=assumption.high,
                npv_low=assumption.apply(scenario, assumption.low).npv(),
                npv_high=assumption.apply(scenario, assumption.high).npv(),
                unit=assumption.unit,
            )
        )
    ordered = sorted(bars, key=lambda bar: bar.swing, reverse=True)
    return Tornado(base.npv, tuple(ordered), scenario.case.currency, base.parameters)
