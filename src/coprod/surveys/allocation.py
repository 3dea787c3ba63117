"""The Barriers to Co-production budget-allocation survey.

Source: ``001_10471c76f715a525.txt`` ("Some pilot responses!"): each respondent
splits 100% of a budget increase across eleven factors (more frontline staff,
training, project management, better ICT, ...); the table shows respondents A–H
and the average per factor. The average is over **all** respondents, a blank
counting as 0: "More frontline staff" gets 20, 20 and 10 from three of the eight
respondents, so its average is 50 / 8 = 6.25 (shown as 6), not 50 / 3.

Everything here is pure and exact (:class:`fractions.Fraction`); reading CSV files
is :mod:`coprod.surveys.readers`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from decimal import Decimal
from fractions import Fraction
from typing import ClassVar, TypeAlias

import attrs

from coprod.errors import InvalidInputError, Problem
from coprod.report_value import Table
from coprod.surveys._numbers import decimal_places, exact_cell, format_exact, parse_decimal
from coprod.surveys._text import ID_PATTERN, show

__all__ = [
    "TOTAL",
    "TOTAL_TOLERANCE",
    "AllocationAnalysis",
    "AllocationSurvey",
    "BarrierShare",
    "FactorSummary",
    "analyse_allocation",
    "competition_ranks",
    "median",
    "total_problems",
    "with_barriers",
]

#: What each respondent's allocations must add up to.
TOTAL = Fraction(100)
#: How far from 100 a respondent's total may be (for rounding, e.g. three × 33.3).
TOTAL_TOLERANCE = Fraction(1, 2)

#: What :meth:`AllocationSurvey.from_allocations` accepts as a percentage.
Number: TypeAlias = int | float | Decimal | Fraction | str


def _to_fraction(value: Number, where: str) -> Fraction:
    """``value`` as an exact fraction from 0 to 100, or an error naming ``where``."""
    if isinstance(value, str):
        try:
            return Fraction(parse_decimal(value))
        except ValueError as error:
            raise InvalidInputError.single(where, str(error)) from None
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, Fraction)):
        raise InvalidInputError.single(where, f"expected a number, got {value!r}")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInputError.single(where, f"expected a finite number, got {value!r}")
        # The shortest repr: 0.1 means one tenth, not the binary float nearest to it.
        result = Fraction(repr(value))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidInputError.single(where, f"expected a finite number, got {value!r}")
        result = Fraction(value)
    else:
        result = Fraction(value)
    if not 0 <= result <= TOTAL:
        raise InvalidInputError.single(where, f"expected a number from 0 to 100, got {value!r}")
    return result


def _allocations(rows: Iterable[Iterable[object]]) -> tuple[tuple[Fraction, ...], ...]:
    """attrs converter: rows of values; ``int`` and ``Decimal`` become exact fractions.

    Anything else is kept as it is for the validator to report (floats included:
    use :meth:`AllocationSurvey.from_allocations` to read floats as written).
    """
    return tuple(tuple(_exact(value) for value in row) for row in rows)


def _exact(value: object) -> Fraction:
    if isinstance(value, int) and not isinstance(value, bool):
        return Fraction(value)
    if isinstance(value, Decimal) and value.is_finite():
        return Fraction(value)
    return value  # type: ignore[return-value]  # reported by the validator


def total_problems(
    respondents: Sequence[str],
    totals: Sequence[Fraction],
    *,
    tolerance: Fraction = TOTAL_TOLERANCE,
) -> list[Problem]:
    """A problem for each respondent whose total is not within ``tolerance`` of 100.

    Each problem names the respondent and the total: ``respondent 'B': allocations
    total 90, not 100 (± 0.5)``. (``001_10471c76f715a525.txt``: "out of 100%".)
    """
    return [
        Problem(
            f"respondent {show(name)}",
            f"allocations total {format_exact(total)}, not 100 "
            f"(each respondent shares out 100%, ± {format_exact(tolerance)} for rounding)",
        )
        for name, total in zip(respondents, totals, strict=True)
        if abs(total - TOTAL) > tolerance
    ]


def _default_barriers(survey: AllocationSurvey) -> tuple[tuple[str, ...], ...]:
    return tuple(() for _ in survey.factors)


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _stated_means(values: Iterable[Decimal | None]) -> tuple[Decimal | None, ...]:
    return tuple(values)


def _tuple_of_tuples(rows: Iterable[Iterable[object]]) -> tuple[tuple[object, ...], ...]:
    return tuple(tuple(row) for row in rows)


@attrs.frozen
class AllocationSurvey:
    """Budget allocations: one row per factor, one value (a percentage) per respondent.

    ``allocations[i][j]`` is what respondent ``respondents[j]`` gives factor
    ``factors[i]``, 0 for nothing; each respondent's column must total 100 within
    :data:`TOTAL_TOLERANCE`. ``barriers[i]`` are the barrier ids factor ``i`` is
    tagged with (plain strings; see :func:`with_barriers`). ``stated_means`` keeps
    an average column found in the input (``AVG`` in ``001_10471c76f715a525.txt``),
    one value or ``None`` per factor, or ``()`` when there was none; it is checked,
    never used. Invalid data raises :class:`~coprod.errors.InvalidInputError` listing
    every problem.
    """

    factors: tuple[str, ...] = attrs.field(converter=_strings)
    respondents: tuple[str, ...] = attrs.field(converter=_strings)
    allocations: tuple[tuple[Fraction, ...], ...] = attrs.field(converter=_allocations)
    barriers: tuple[tuple[str, ...], ...] = attrs.field(
        default=attrs.Factory(_default_barriers, takes_self=True), converter=_tuple_of_tuples
    )
    stated_means: tuple[Decimal | None, ...] = attrs.field(default=(), converter=_stated_means)

    def __attrs_post_init__(self) -> None:
        problems = self._structure_problems()
        if not problems:
            problems = total_problems(self.respondents, self.totals)
        if problems:
            raise InvalidInputError(problems)

    def _structure_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        for kind, names in (("factor", self.factors), ("respondent", self.respondents)):
            if not names:
                problems.append(Problem("survey", f"has no {kind}s"))
            seen: set[str] = set()
            for name in names:
                if not isinstance(name, str) or not name.strip():
                    problems.append(Problem(f"{kind} {name!r}", "must be a non-empty string"))
                elif name in seen:
                    problems.append(Problem(f"{kind} {show(name)}", "appears twice"))
                seen.add(name)
        if len(self.allocations) != len(self.factors):
            problems.append(
                Problem(
                    "allocations",
                    f"has {len(self.allocations)} rows for {len(self.factors)} factors",
                )
            )
        for factor, row in zip(self.factors, self.allocations, strict=False):
            where = f"factor {show(str(factor))}"
            if len(row) != len(self.respondents):
                problems.append(
                    Problem(where, f"has {len(row)} values for {len(self.respondents)} respondents")
                )
                continue
            for respondent, value in zip(self.respondents, row, strict=True):
                if not isinstance(value, Fraction) or not 0 <= value <= TOTAL:
                    problems.append(
                        Problem(
                            f"{where}, respondent {show(str(respondent))}",
                            f"expected a number from 0 to 100, got {value!r}",
                        )
                    )
        if len(self.barriers) != len(self.factors):
            problems.append(
                Problem(
                    "barriers", f"has {len(self.barriers)} rows for {len(self.factors)} factors"
                )
            )
        for factor, tags in zip(self.factors, self.barriers, strict=False):
            problems.extend(_tag_problems(f"factor {show(str(factor))}", tags))
        if self.stated_means and len(self.stated_means) != len(self.factors):
            problems.append(
                Problem(
                    "stated_means",
                    f"has {len(self.stated_means)} values for {len(self.factors)} factors",
                )
            )
        return problems

    @property
    def totals(self) -> tuple[Fraction, ...]:
        """Each respondent's total allocation, in respondent order."""
        return tuple(
            sum((row[j] for row in self.allocations), Fraction(0))
            for j in range(len(self.respondents))
        )

    @classmethod
    def from_allocations(
        cls,
        allocations: Mapping[str, Mapping[str, Number]],
        *,
        factors: Sequence[str] = (),
    ) -> AllocationSurvey:
        """A survey from ``{respondent: {factor: percent}}``; a missing factor is 0.

        Factors are ``factors`` first (to fix the table's order), then the others in
        order of first appearance. Percentages may be ``int``, ``float`` (read as
        written: ``0.1`` is one tenth), :class:`~decimal.Decimal`,
        :class:`~fractions.Fraction` or a string such as ``"2.5"``.
        (``001_10471c76f715a525.txt``.)
        """
        order = dict.fromkeys(factors)
        for given in allocations.values():
            order.update(dict.fromkeys(k for k in given if k not in order))
        factor_names = tuple(order)
        respondents = tuple(allocations)
        problems: list[Problem] = []
        rows: list[list[Fraction]] = [[Fraction(0)] * len(respondents) for _ in factor_names]
        index = {name: i for i, name in enumerate(factor_names)}
        for j, respondent in enumerate(respondents):
            for factor, value in allocations[respondent].items():
                where = f"respondent {show(respondent)}, factor {show(factor)}"
                try:
                    rows[index[factor]][j] = _to_fraction(value, where)
                except InvalidInputError as error:
                    problems.extend(error.problems)
        if problems:
            raise InvalidInputError(problems)
        return cls(factors=factor_names, respondents=respondents, allocations=rows)


def _tag_problems(where: str, tags: Iterable[str], known: Set[str] | None = None) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for tag in tags:
        if not isinstance(tag, str) or ID_PATTERN.fullmatch(tag) is None:
            problems.append(
                Problem(
                    where,
                    f"barrier id {show(str(tag))} is not an id (letters, digits, '.', '_', '-')",
                )
            )
        elif known is not None and tag not in known:
            problems.append(Problem(where, f"unknown barrier id {show(tag)}"))
        elif tag in seen:
            problems.append(Problem(where, f"barrier id {show(tag)} is given twice"))
        seen.add(str(tag))
    return problems


def with_barriers(
    survey: AllocationSurvey,
    tags: Mapping[str, Iterable[str]],
    *,
    known: Set[str] | None = None,
) -> AllocationSurvey:
    """A copy of ``survey`` with factors tagged by barrier ids, so it feeds a barrier profile.

    ``tags`` maps factor names to barrier ids (``{"Better ICT":
    ["communication-and-data"]}``); factors not in it keep their tags. A factor
    name that is not in the survey is an error (a typo must not pass silently), and
    so is an id not in ``known`` when ``known`` is given (e.g. the ids of
    ``coprod.seed_barrier_taxonomy()``). Barrier ids come from the
    taxonomy of ``001_10471c76f715a525.txt``; this module does not depend on it.
    """
    problems: list[Problem] = []
    barriers = list(survey.barriers)
    index = {name: i for i, name in enumerate(survey.factors)}
    for factor, ids in tags.items():
        where = f"factor {show(factor)}"
        ids = tuple(ids)
        if factor not in index:
            problems.append(Problem(where, "is not a factor of the survey"))
            continue
        problems.extend(_tag_problems(where, ids, known))
        barriers[index[factor]] = ids
    if problems:
        raise InvalidInputError(problems)
    return attrs.evolve(survey, barriers=barriers)


def median(values: Sequence[Fraction]) -> Fraction:
    """The median of ``values`` (the mean of the middle two for an even count), exactly.

    Used for the allocation survey of ``001_10471c76f715a525.txt``.
    """
    if not values:
        raise ValueError("median of no values")
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def competition_ranks(values: Sequence[Fraction]) -> tuple[int, ...]:
    """Rank ``values`` highest first; equal values share a rank and the next is skipped.

    ``[5, 9, 9, 1]`` → ``(3, 1, 1, 4)`` ("1224" or standard competition ranking); the
    three equal means of ``001_10471c76f715a525.txt`` all rank 5th.
    """
    return tuple(1 + sum(1 for other in values if other > value) for value in values)


@attrs.frozen
class FactorSummary:
    """One factor of the allocation survey: mean, median, how many allocate, rank.

    ``mean`` is over **all** respondents, a blank counting as 0
    (``001_10471c76f715a525.txt``: "More frontline staff" averages 6.25). ``rank`` is
    by mean, highest first, ties sharing a rank. ``stated_mean`` is the value of the
    input's average column, if it had one.
    """

    factor: str
    mean: Fraction
    median: Fraction
    allocating: int
    respondents: int
    rank: int
    barriers: tuple[str, ...] = ()
    stated_mean: Decimal | None = None

    @property
    def share_allocating(self) -> Fraction:
        """The proportion (0 to 1) of respondents who allocate anything to the factor."""
        return Fraction(self.allocating, self.respondents)

    @property
    def stated_mean_consistent(self) -> bool | None:
        """Whether the stated average is the mean rounded to the places it is written with.

        ``6`` for 6.25 and ``1`` for 0.5625 are consistent (``AVG`` column of
        ``001_…``); ``7`` for 6.25 is not. ``None`` when there is no stated average.
        """
        if self.stated_mean is None:
            return None
        places = decimal_places(self.stated_mean)
        half_unit = Fraction(1, 2 * 10**places)
        return abs(Fraction(self.stated_mean) - self.mean) <= half_unit


@attrs.frozen
class BarrierShare:
    """How much of the average budget goes to factors tagged with one barrier (``001_…``).

    ``mean`` sums the means of the tagged factors; a factor tagged with several
    barriers is split equally between them, so the shares of a fully tagged survey
    add up to 100.
    """

    barrier: str
    mean: Fraction
    factors: tuple[str, ...]


def _display_decimals(_instance: object, _attribute: object, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
        raise ValueError(f"decimals must be a whole number from 0 to 6, got {value!r}")


@attrs.frozen
class AllocationAnalysis:
    """The result of :func:`analyse_allocation`: factors in the survey's order (``001_…``).

    The report of ``coprod survey allocation`` (kind ``"allocation"``): the built-in
    exporters render it as JSON, CSV, Markdown or HTML. ``decimals`` is how many
    decimal places the formats for people (Markdown, HTML) show, rounded half away
    from zero (the seed shows whole numbers: 6.25 as 6); JSON and CSV are exact.
    """

    kind: ClassVar[str] = "allocation"

    respondents: int
    factors: tuple[FactorSummary, ...]
    barrier_profile: tuple[BarrierShare, ...] = ()
    decimals: int = attrs.field(default=0, validator=_display_decimals)

    def tables(self) -> Iterator[Table]:
        """One row per factor (the main table), then the barrier profile and warnings.

        Means, medians and shares are exact (``23.125``); ``share_allocating`` is a
        proportion from 0 to 1; ``barriers`` are ``;``-joined ids; ``stated_mean``
        is the input's average column, blank when it had none.
        (``001_10471c76f715a525.txt``.)
        """
        yield Table(
            name="factors",
            title="Budget allocation survey",
            columns=(
                "factor",
                "mean",
                "median",
                "share_allocating",
                "allocating",
                "rank",
                "barriers",
                "stated_mean",
            ),
            rows=(
                (
                    f.factor,
                    exact_cell(f.mean),
                    exact_cell(f.median),
                    exact_cell(f.share_allocating),
                    f.allocating,
                    f.rank,
                    ";".join(f.barriers),
                    f.stated_mean,
                )
                for f in self.factors
            ),
        )
        yield Table(
            name="barrier_profile",
            title="Barrier profile",
            columns=("barrier", "mean", "factors"),
            rows=(
                (share.barrier, exact_cell(share.mean), ";".join(share.factors))
                for share in self.barrier_profile
            ),
        )
        yield Table(
            name="warnings",
            title="Warnings",
            columns=("warning",),
            rows=((warning,) for warning in self.warnings),
        )

    @property
    def warnings(self) -> tuple[str, ...]:
        """One message per factor whose stated average disagrees with the computed mean."""
        return tuple(
            f"factor {show(f.factor)}: the stated average {f.stated_mean} is not the mean "
            f"{format_exact(f.mean)} rounded to {decimal_places(f.stated_mean)} decimal places"
            for f in self.factors
            if f.stated_mean is not None and f.stated_mean_consistent is False
        )


def analyse_allocation(survey: AllocationSurvey, *, decimals: int = 0) -> AllocationAnalysis:
    """Mean, median, share allocating and rank per factor (``001_10471c76f715a525.txt``).

    ``decimals`` is the rounding the report's formats for people show (see
    :class:`AllocationAnalysis`).

    The seed's table gives means 6.25, 18.75, 23.125, 8.75, 8.75, 8.75, 11.25, 1.875,
    0.6875, 0.5625 and 11.25, exactly. Tagged factors add up into the
    :attr:`~AllocationAnalysis.barrier_profile`, barriers in order of first tag.
    """
    count = len(survey.respondents)
    means = [sum(row, Fraction(0)) / count for row in survey.allocations]
    ranks = competition_ranks(means)
    stated = survey.stated_means or (None,) * len(survey.factors)
    factors = tuple(
        FactorSummary(
            factor=name,
            mean=mean,
            median=median(row),
            allocating=sum(1 for v in row if v > 0),
            respondents=count,
            rank=rank,
            barriers=tags,
            stated_mean=stated_mean,
        )
        for name, row, mean, rank, tags, stated_mean in zip(
            survey.factors, survey.allocations, means, ranks, survey.barriers, stated, strict=True
        )
    )
    shares: dict[str, Fraction] = {}
    tagged: dict[str, list[str]] = {}
    for summary in factors:
        for tag in summary.barriers:
            shares[tag] = shares.get(tag, Fraction(0)) + summary.mean / len(summary.barriers)
            tagged.setdefault(tag, []).append(summary.factor)
    profile = tuple(
        BarrierShare(barrier=tag, mean=shares[tag], factors=tuple(tagged[tag])) for tag in shares
    )
    return AllocationAnalysis(
        respondents=count, factors=factors, barrier_profile=profile, decimals=decimals
    )
