"""Several raters: Krippendorff's alpha, a consensus per cell and strong disagreements.

A workshop maps with several people ("critical friends", ``002_ea409380ef17158f.txt``,
"Developing an action plan"; ``003_eb91abacab6ac2c6.txt``, the five steps). Each
rates the same Explorer cells or Priority Matrix initiatives; this module says how
far they agree, what the consensus is, and where they disagree so strongly that the
cell should be discussed rather than averaged away.

**Agreement** is Krippendorff's alpha (K. Krippendorff, *Computing Krippendorff's
Alpha-Reliability*, 2011, Annenberg School for Communication, University of
Pennsylvania, https://repository.upenn.edu/asc_papers/43/), computed exactly with
:class:`fractions.Fraction` from the coincidence matrix of pairable values, at the
nominal, ordinal, interval or ratio level (or with a metric of your own). Missing
ratings are allowed: a unit with fewer than two ratings has no pairable values and
drops out, as Krippendorff defines.

**Consensus** on an ordinal scale is the *lower median*; the spread (lowest, highest,
range in steps, and how many raters chose each point) is kept beside it.
**Strong disagreement** (raters three or more steps apart, by default) is modelled
on the attitude survey's "polarised" statements (:func:`coprod.surveys.likert.is_polarised`):
the camps are named by rater key with what each said.
"""

from __future__ import annotations

import enum
import math
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from numbers import Rational
from typing import Any, TypeAlias

import attrs

__all__ = [
    "STRONG_DISAGREEMENT_STEPS",
    "Alpha",
    "Consensus",
    "MeasurementLevel",
    "StrongDisagreement",
    "coincidences",
    "consensus",
    "consensus_by_unit",
    "krippendorff_alpha",
    "strong_disagreements",
]

#: Raters this many steps apart (or more) disagree strongly: on a 0–4 or 1–5 scale,
#: 1 against 4 or 5; on the Explorer's four extents, "none" against "systematic".
STRONG_DISAGREEMENT_STEPS = 3

#: Reliability data: a matrix of raters × units (``None`` where a rater gave no
#: value), or a mapping of unit → {rater: value} (``None`` or absent for missing).
#: A float or Decimal NaN counts as missing too, as pandas and the ``krippendorff``
#: package write it.
ReliabilityData: TypeAlias = (
    Sequence[Sequence[Hashable | None]] | Mapping[Hashable, Mapping[Hashable, Hashable | None]]
)

#: A difference function δ²(c, k) for :func:`krippendorff_alpha` (``metric=``).
Metric: TypeAlias = Callable[[Any, Any], "Fraction | int | float"]


class MeasurementLevel(str, enum.Enum):
    """The level of measurement, which chooses Krippendorff's difference function δ²."""

    #: Categories with no order: δ² is 0 for equal values and 1 otherwise.
    NOMINAL = "nominal"
    #: Ordered categories (Explorer extents, 1–5 ratings): δ² counts the values between.
    ORDINAL = "ordinal"
    #: Numbers whose differences mean something: δ² = (c − k)².
    INTERVAL = "interval"
    #: Non-negative numbers with a true zero: δ² = ((c − k) / (c + k))².
    RATIO = "ratio"


@attrs.frozen
class Alpha:
    """Krippendorff's alpha and the figures it comes from.

    ``value`` is ``None`` when alpha is undefined: fewer than two pairable values,
    or no variation at all among them (every pairable value the same), where
    expected disagreement is zero and Krippendorff leaves alpha undefined.
    ``exact`` is the same number as a :class:`~fractions.Fraction` (``None`` likewise).
    """

    level: str
    value: float | None
    exact: Fraction | None
    observed_disagreement: Fraction
    expected_disagreement: Fraction
    pairable_units: int
    pairable_values: int


def _missing(value: object) -> bool:
    """``None``, or a NaN (as pandas and the ``krippendorff`` package mark missing values)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, Decimal) and value.is_nan()


def _units(data: ReliabilityData) -> list[list[Hashable]]:
    """The values of each unit, missing ones left out, in unit order."""
    if isinstance(data, Mapping):
        units: list[list[Hashable]] = []
        for unit, ratings in data.items():
            if not isinstance(ratings, Mapping):
                raise TypeError(
                    f"unit {unit!r}: expected a mapping of rater to value, got {ratings!r}"
                )
            units.append([v for v in ratings.values() if not _missing(v)])
        return units
    rows = [list(row) for row in data]
    if not rows:
        return []
    width = len(rows[0])
    for number, row in enumerate(rows):
        if len(row) != width:
            raise ValueError(
                f"every rater needs one entry per unit (None if missing): rater {number} "
                f"has {len(row)}, rater 0 has {width}"
            )
    return [[row[u] for row in rows if not _missing(row[u])] for u in range(width)]


def coincidences(data: ReliabilityData) -> dict[tuple[Hashable, Hashable], Fraction]:
    """Krippendorff's coincidence matrix ``o[c, k]`` of the pairable values.

    Each unit with ``m ≥ 2`` values contributes, for every ordered pair of its values
    from different raters, ``1 / (m − 1)``; units with fewer than two values drop
    out. Only cells with a non-zero count are present.
    """
    matrix: dict[tuple[Hashable, Hashable], Fraction] = {}
    for values in _units(data):
        m = len(values)
        if m < 2:
            continue
        counts = Counter(values)
        share = Fraction(1, m - 1)
        for c, nc in counts.items():
            for k, nk in counts.items():
                pairs = nc * (nc - 1) if c == k else nc * nk
                if pairs:
                    matrix[c, k] = matrix.get((c, k), Fraction(0)) + pairs * share
    return matrix


def _number(value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, Rational)):
        raise TypeError(f"interval and ratio values must be numbers, got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"values must be finite numbers, got {value!r}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"values must be finite numbers, got {value!r}")
    return Fraction(value)


def _ordinal_order(values: Iterable[Hashable], scale: Sequence[Hashable] | None) -> list[Hashable]:
    """The values in scale order (the scale, an Enum's own order, or numeric order)."""
    present = set(values)
    if scale is not None:
        missing = [v for v in present if v not in scale]
        if missing:
            raise ValueError(f"values not on the scale {tuple(scale)!r}: {missing!r}")
        return [v for v in scale if v in present]
    if present and all(isinstance(v, enum.Enum) for v in present):
        kinds: set[type[enum.Enum]] = {type(v) for v in present if isinstance(v, enum.Enum)}
        if len(kinds) == 1:
            return [v for v in kinds.pop() if v in present]
    if all(
        isinstance(v, (int, float, Decimal, Rational)) and not isinstance(v, bool) for v in present
    ):
        return sorted(present, key=_number)
    raise ValueError(
        "ordinal values that are not numbers or members of one Enum need a scale "
        "(scale=(...) listing them from lowest to highest)"
    )


def _difference_function(
    level: MeasurementLevel,
    margins: Mapping[Hashable, Fraction],
    scale: Sequence[Hashable] | None,
) -> Callable[[Hashable, Hashable], Fraction]:
    if level is MeasurementLevel.NOMINAL:
        return lambda c, k: Fraction(0 if c == k else 1)
    if level is MeasurementLevel.ORDINAL:
        order = _ordinal_order(margins, scale)
        # Cumulative margins: δ²(c, k) = (Σ_{g=c..k} n_g − (n_c + n_k)/2)².
        position = {v: i for i, v in enumerate(order)}
        cumulative = [Fraction(0)]
        for v in order:
            cumulative.append(cumulative[-1] + margins[v])

        def ordinal(c: Hashable, k: Hashable) -> Fraction:
            i, j = sorted((position[c], position[k]))
            between = cumulative[j + 1] - cumulative[i]
            return (between - (margins[c] + margins[k]) / 2) ** 2

        return ordinal
    numbers = {v: _number(v) for v in margins}
    if level is MeasurementLevel.INTERVAL:
        return lambda c, k: (numbers[c] - numbers[k]) ** 2
    negative = [v for v, x in numbers.items() if x < 0]
    if negative:
        raise ValueError(f"ratio values must not be negative, got {negative!r}")

    def ratio(c: Hashable, k: Hashable) -> Fraction:
        total = numbers[c] + numbers[k]
        return Fraction(0) if total == 0 else ((numbers[c] - numbers[k]) / total) ** 2

    return ratio


def krippendorff_alpha(
    data: ReliabilityData,
    level: MeasurementLevel | str = MeasurementLevel.ORDINAL,
    *,
    scale: Sequence[Hashable] | None = None,
    metric: Metric | None = None,
) -> Alpha:
    """Krippendorff's alpha for ``data`` at ``level`` (ordinal by default).

    ``data`` is a matrix of raters × units (``None`` for a missing value) or a
    mapping of unit → {rater: value}. ``α = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck``
    over the coincidence matrix ``o`` (:func:`coincidences`), its margins ``n_c`` and
    the number ``n`` of pairable values (Krippendorff 2011, section D).

    Ordinal values are ordered by ``scale`` if given, else by their Enum's order or
    numerically; interval and ratio values must be numbers (ratio: non-negative).
    ``metric`` replaces the level's difference function with your own δ²(c, k).

    >>> krippendorff_alpha([[0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    ...                     [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]], "nominal").value
    0.09523809523809523
    """
    chosen = MeasurementLevel(level)
    matrix = coincidences(data)
    margins: dict[Hashable, Fraction] = {}
    for (c, _k), o in matrix.items():
        margins[c] = margins.get(c, Fraction(0)) + o
    n = sum(margins.values(), Fraction(0))
    units = sum(1 for values in _units(data) if len(values) >= 2)
    delta: Callable[[Hashable, Hashable], Fraction]
    if metric is not None:

        def custom(c: Hashable, k: Hashable) -> Fraction:
            return Fraction(metric(c, k))

        delta = custom
        name = "custom"
    else:
        delta = _difference_function(chosen, margins, scale)
        name = chosen.value
    observed_sum = sum((o * delta(c, k) for (c, k), o in matrix.items()), Fraction(0))
    values = list(margins)
    expected_sum = sum(
        (margins[c] * margins[k] * delta(c, k) for c in values for k in values), Fraction(0)
    )
    observed = observed_sum / n if n else Fraction(0)
    expected = expected_sum / (n * (n - 1)) if n > 1 else Fraction(0)
    exact = None if n <= 1 or expected_sum == 0 else 1 - (n - 1) * observed_sum / expected_sum
    return Alpha(
        level=name,
        value=None if exact is None else float(exact),
        exact=exact,
        observed_disagreement=observed,
        expected_disagreement=expected,
        pairable_units=units,
        pairable_values=int(n),
    )


# --- consensus and strong disagreement ------------------------------------------


def _positions(scale: Sequence[Hashable]) -> dict[Hashable, int]:
    positions = {v: i for i, v in enumerate(scale)}
    if len(positions) != len(scale):
        raise ValueError(f"the scale lists a value twice: {tuple(scale)!r}")
    return positions


@attrs.frozen
class Consensus:
    """The consensus of several raters on one unit, and the spread around it.

    ``value`` is the lower median (see :func:`consensus`); ``lowest`` and
    ``highest`` the extreme ratings; ``steps`` how many scale points apart they
    are; ``counts`` how many raters chose each scale point (every point, in scale
    order); ``ratings`` who said what, in the order given.
    """

    unit: Hashable
    value: Hashable
    lowest: Hashable
    highest: Hashable
    steps: int
    counts: tuple[tuple[Hashable, int], ...]
    ratings: tuple[tuple[Hashable, Hashable], ...]

    @property
    def raters(self) -> int:
        """How many raters gave a value."""
        return len(self.ratings)


def _rated(
    ratings: Mapping[Hashable, Hashable | None], positions: Mapping[Hashable, int], unit: Hashable
) -> list[tuple[Hashable, Hashable]]:
    given = [(rater, value) for rater, value in ratings.items() if not _missing(value)]
    for rater, value in given:
        if value not in positions:
            raise ValueError(
                f"unit {unit!r}: rater {rater!r} gave {value!r}, which is not on the scale "
                f"{tuple(positions)!r}"
            )
    return given


def consensus(
    ratings: Mapping[Hashable, Hashable | None],
    scale: Sequence[Hashable],
    *,
    unit: Hashable = None,
) -> Consensus | None:
    """The consensus of ``ratings`` (rater → value, ``None`` for no value) on ``scale``.

    ``scale`` lists the points from lowest to highest (``tuple(Extent)``,
    ``(1, 2, 3, 4, 5)``). The consensus is the **lower median**: with an even number
    of raters split around the middle, the lower of the two middle ratings. It is
    always a point of the scale (a midpoint such as "in pockets and a half" is
    not), it never claims more than at least half the raters gave (on the Explorer
    and the ratings the higher value is the claim that needs evidence), and it does
    not treat ordinal steps as equal distances, which "the value closest to the
    mean" would. ``None`` when nobody gave a value.
    """
    positions = _positions(scale)
    given = _rated(ratings, positions, unit)
    if not given:
        return None
    ordered = sorted((positions[value] for _rater, value in given))
    middle = ordered[(len(ordered) - 1) // 2]
    tally = Counter(positions[value] for _rater, value in given)
    return Consensus(
        unit=unit,
        value=scale[middle],
        lowest=scale[ordered[0]],
        highest=scale[ordered[-1]],
        steps=ordered[-1] - ordered[0],
        counts=tuple((point, tally.get(i, 0)) for i, point in enumerate(scale)),
        ratings=tuple(given),
    )


def consensus_by_unit(
    data: Mapping[Hashable, Mapping[Hashable, Hashable | None]], scale: Sequence[Hashable]
) -> tuple[Consensus, ...]:
    """:func:`consensus` for every unit with at least one rating, in the data's order."""
    results = (consensus(ratings, scale, unit=unit) for unit, ratings in data.items())
    return tuple(c for c in results if c is not None)


@attrs.frozen
class StrongDisagreement:
    """A unit whose raters are ``steps`` or more scale points apart: discuss it.

    ``low`` are the raters who gave the lowest value and ``high`` those who gave the
    highest, each with what they said; ``ratings`` is every rater's value.
    """

    unit: Hashable
    steps: int
    low: tuple[tuple[Hashable, Hashable], ...]
    high: tuple[tuple[Hashable, Hashable], ...]
    ratings: tuple[tuple[Hashable, Hashable], ...]

    def describe(self) -> str:
        """One line saying who said what, e.g. ``'A' said 1, 'B' said 4 (3 steps apart)``."""
        said = ", ".join(f"{rater!r} said {_label(value)}" for rater, value in self.ratings)
        return f"{said} ({self.steps} steps apart)"


def _label(value: Hashable) -> str:
    return str(value.value) if isinstance(value, enum.Enum) else str(value)


def strong_disagreements(
    data: Mapping[Hashable, Mapping[Hashable, Hashable | None]],
    scale: Sequence[Hashable],
    *,
    threshold: int = STRONG_DISAGREEMENT_STEPS,
) -> tuple[StrongDisagreement, ...]:
    """Units where two raters are ``threshold`` or more steps apart on ``scale``.

    Like the attitude survey's polarised statements (both camps present, the middle
    no consensus), these are listed for discussion, never silently averaged away.
    In the data's order; each names its low and high camps by rater key.
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"threshold must be a whole number of steps ≥ 1, got {threshold!r}")
    positions = _positions(scale)
    found = []
    for unit, ratings in data.items():
        given = _rated(ratings, positions, unit)
        if len(given) < 2:
            continue
        points = [positions[value] for _rater, value in given]
        low, high = min(points), max(points)
        if high - low >= threshold:
            found.append(
                StrongDisagreement(
                    unit=unit,
                    steps=high - low,
                    low=tuple((r, v) for r, v in given if positions[v] == low),
                    high=tuple((r, v) for r, v in given if positions[v] == high),
                    ratings=tuple(given),
                )
            )
    return tuple(found)
