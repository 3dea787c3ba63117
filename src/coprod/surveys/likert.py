"""The attitude survey: five-point Likert statements, summarised and compared by cohort.

Source: ``002_ea409380ef17158f.txt``, Tables 1 and 2 ("Your view of public service
co-production?"): participants of the January and of the April workshops rated
seven statements from *strongly agree* to *strongly disagree*; the seed compares
the two cohorts and notes that the April groups were "polarised about whether
citizens would rather pay more taxes than get involved themselves".

Everything here is pure: values in, frozen values out, exact arithmetic
(:class:`fractions.Fraction`). Reading CSV files is :mod:`coprod.surveys.readers`.

Percentages are of those who **answered** the statement; respondents who left it
blank are counted in :attr:`StatementSummary.no_answer`, not in the percentages.
"""

from __future__ import annotations

import enum
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from fractions import Fraction
from typing import ClassVar

import attrs

from coprod.errors import InvalidInputError, Problem
from coprod.report_value import Cell, Table
from coprod.surveys._numbers import exact_cell
from coprod.surveys._text import show

__all__ = [
    "LEVELS",
    "LEVEL_COLUMNS",
    "POLARISATION_THRESHOLD",
    "CohortSummary",
    "LikertAnalysis",
    "LikertLevel",
    "LikertResponse",
    "LikertSurvey",
    "StatementComparison",
    "StatementSummary",
    "analyse_likert",
    "compare_cohorts",
    "is_polarised",
    "parse_level",
    "summarise_likert",
]


class LikertLevel(str, enum.Enum):
    """A point of the five-point scale (``002_…``, Tables 1 and 2), most agreeing first.

    The value is the label used in files and in JSON keys; :attr:`code` is the
    numeric code (5 = strongly agree … 1 = strongly disagree).
    """

    STRONGLY_AGREE = "strongly agree"
    AGREE = "agree"
    NOT_SURE = "not sure"
    DISAGREE = "disagree"
    STRONGLY_DISAGREE = "strongly disagree"

    @property
    def code(self) -> int:
        """The numeric code: 5 for strongly agree down to 1 for strongly disagree."""
        return 5 - LEVELS.index(self)


#: The five levels in table order: strongly agree, agree, not sure, disagree, strongly disagree.
LEVELS: tuple[LikertLevel, ...] = tuple(LikertLevel)

#: Minimum rise, in points, of the polarisation index for :func:`is_polarised`.
POLARISATION_THRESHOLD = Fraction(20)

_BY_KEY = {level.value.replace(" ", ""): level for level in LikertLevel}
_BY_CODE = {str(level.code): level for level in LikertLevel}
_CODE = re.compile(r"([1-5])(?:\.0*)?", re.ASCII)
_EXPECTED = (
    "expected one of 'strongly agree', 'agree', 'not sure', 'disagree', "
    "'strongly disagree', a code from 5 (strongly agree) to 1 (strongly disagree), "
    "or blank for no answer"
)


def parse_level(text: str) -> LikertLevel | None:
    """Read one response: a label or a code 5…1; ``None`` for blank (no answer).

    Labels are case- and space-insensitive (``' Strongly  AGREE '``, ``'NotSure'``);
    codes may be written ``4`` or ``4.0`` (as spreadsheets export them). Anything else
    raises :class:`ValueError` whose message lists what is accepted.
    (``002_ea409380ef17158f.txt``, Tables 1 and 2.)
    """
    key = "".join(unicodedata.normalize("NFKC", text).casefold().split())
    if not key:
        return None
    level = _BY_KEY.get(key)
    if level is not None:
        return level
    # Codes are ASCII digits only (one rule for numbers everywhere): NFKC would
    # otherwise fold a full-width '４' into '4'.
    code = _CODE.fullmatch(key) if key.isascii() and text.strip().isascii() else None
    if code is not None:
        return _BY_CODE[code.group(1)]
    raise ValueError(f"{_EXPECTED}; got {show(text.strip())}")


def _non_blank(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{attribute.name} must be a non-empty string, got {value!r}")


@attrs.frozen
class LikertResponse:
    """One respondent's answer to one statement; ``level`` is ``None`` for no answer.

    Respondents are identified within their cohort: ``R1`` in January and ``R1`` in
    April are two people. (``002_ea409380ef17158f.txt``.)
    """

    respondent: str = attrs.field(validator=_non_blank)
    cohort: str = attrs.field(validator=_non_blank)
    statement: str = attrs.field(validator=_non_blank)
    level: LikertLevel | None = attrs.field(
        validator=attrs.validators.optional(attrs.validators.instance_of(LikertLevel))
    )


def _first_seen(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _responses(values: Iterable[LikertResponse]) -> tuple[LikertResponse, ...]:
    return tuple(values)


@attrs.frozen
class LikertSurvey:
    """The raw responses of an attitude survey, with cohorts and statements in order.

    Build it with :meth:`from_responses`, which orders cohorts and statements by
    first appearance. The constructor checks that every response's cohort and
    statement are listed and that nobody answered a statement twice.
    (``002_ea409380ef17158f.txt``, Tables 1 and 2.)
    """

    cohorts: tuple[str, ...] = attrs.field(converter=_strings)
    statements: tuple[str, ...] = attrs.field(converter=_strings)
    responses: tuple[LikertResponse, ...] = attrs.field(converter=_responses)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if not self.cohorts or not self.statements:
            problems.append(Problem("survey", "has no responses"))
        for kind, names in (("cohort", self.cohorts), ("statement", self.statements)):
            for name in names:
                if not isinstance(name, str) or not name.strip():
                    problems.append(Problem(f"{kind} {name!r}", "must be a non-empty string"))
            if len(set(names)) != len(names):
                problems.append(Problem(f"{kind}s", "are not unique"))
        cohorts, statements = set(self.cohorts), set(self.statements)
        seen: set[tuple[str, str, str]] = set()
        for index, response in enumerate(self.responses):
            where = f"responses[{index}]"
            if not isinstance(response, LikertResponse):
                problems.append(Problem(where, f"expected a LikertResponse, got {response!r}"))
                continue
            if response.cohort not in cohorts:
                problems.append(Problem(where, f"cohort {show(response.cohort)} is not listed"))
            if response.statement not in statements:
                problems.append(
                    Problem(where, f"statement {show(response.statement)} is not listed")
                )
            key = (response.cohort, response.respondent, response.statement)
            if key in seen:
                problems.append(
                    Problem(
                        where,
                        f"respondent {show(response.respondent)} of cohort "
                        f"{show(response.cohort)} answers {show(response.statement)} twice",
                    )
                )
            seen.add(key)
        if problems:
            raise InvalidInputError(problems)

    @classmethod
    def from_responses(cls, responses: Iterable[LikertResponse]) -> LikertSurvey:
        """A survey of ``responses``; cohorts and statements in order of first appearance."""
        responses = tuple(responses)
        return cls(
            cohorts=_first_seen(r.cohort for r in responses if isinstance(r, LikertResponse)),
            statements=_first_seen(r.statement for r in responses if isinstance(r, LikertResponse)),
            responses=responses,
        )


def _percent(part: int, whole: int) -> Fraction:
    return Fraction(100 * part, whole)


@attrs.frozen
class StatementSummary:
    """One statement in one cohort: counts per level and what follows from them.

    ``counts`` is in :data:`LEVELS` order (strongly agree first). ``respondents`` is
    the size of the cohort, so :attr:`no_answer` is who left the statement blank.
    Percentages are exact fractions of those who answered (``n``), ``None`` when
    nobody did. (``002_ea409380ef17158f.txt``, Tables 1 and 2.)
    """

    statement: str
    respondents: int
    counts: tuple[int, int, int, int, int] = attrs.field()

    @counts.validator
    def _check_counts(self, _attribute: object, value: tuple[int, ...]) -> None:
        if len(value) != len(LEVELS) or any(c < 0 for c in value):
            raise ValueError(f"counts must be five non-negative integers, got {value!r}")
        if sum(value) > self.respondents:
            raise ValueError(f"{sum(value)} answers from {self.respondents} respondents")

    @property
    def n(self) -> int:
        """How many respondents answered the statement."""
        return sum(self.counts)

    @property
    def no_answer(self) -> int:
        """How many respondents of the cohort left the statement blank."""
        return self.respondents - self.n

    def count(self, level: LikertLevel) -> int:
        """How many answered ``level``."""
        return self.counts[LEVELS.index(level)]

    @property
    def percent(self) -> tuple[Fraction, ...] | None:
        """Percentage per level (in :data:`LEVELS` order) of those who answered; sums to 100."""
        if self.n == 0:
            return None
        return tuple(_percent(c, self.n) for c in self.counts)

    @property
    def agreeing(self) -> Fraction | None:
        """Percentage who strongly agree or agree."""
        return None if self.n == 0 else _percent(self.counts[0] + self.counts[1], self.n)

    @property
    def unsure(self) -> Fraction | None:
        """Percentage who are not sure (the middle of the scale)."""
        return None if self.n == 0 else _percent(self.counts[2], self.n)

    @property
    def disagreeing(self) -> Fraction | None:
        """Percentage who disagree or strongly disagree."""
        return None if self.n == 0 else _percent(self.counts[3] + self.counts[4], self.n)

    @property
    def net_agreement(self) -> Fraction | None:
        """Agree + strongly agree − disagree − strongly disagree, in percentage points."""
        if self.agreeing is None or self.disagreeing is None:
            return None
        return self.agreeing - self.disagreeing

    @property
    def polarisation_index(self) -> Fraction | None:
        """Twice the share of the smaller camp: ``2 × min(agreeing, disagreeing)``.

        0 when everyone who takes a side takes the same side (or nobody takes one);
        100 when those who answered split half and half between agreeing and
        disagreeing with nobody unsure. It rises when both poles grow at the expense
        of the middle, and when the minority grows at the expense of a consensus.
        """
        if self.agreeing is None or self.disagreeing is None:
            return None
        return 2 * min(self.agreeing, self.disagreeing)


@attrs.frozen
class CohortSummary:
    """Every statement for one cohort, in the survey's order (``002_…``, Table 1 or 2)."""

    cohort: str
    respondents: int
    statements: tuple[StatementSummary, ...]

    def statement(self, name: str) -> StatementSummary:
        """The summary of the statement ``name`` (:class:`KeyError` if there is none)."""
        for summary in self.statements:
            if summary.statement == name:
                return summary
        raise KeyError(name)


def is_polarised(
    before: StatementSummary,
    after: StatementSummary,
    *,
    threshold: Fraction = POLARISATION_THRESHOLD,
) -> bool:
    """Did opinion on a statement polarise between two cohorts?

    True when the :attr:`~StatementSummary.polarisation_index` rose by at least
    ``threshold`` points (default 20) **and** in the later cohort neither side holds
    a majority (agreeing ≤ 50% and disagreeing ≤ 50%). The first condition catches
    both poles growing at the expense of the middle, and a minority growing at the
    expense of a consensus; the second keeps a slimmer consensus (66% → 58%
    disagreeing) from counting as a split. On the seed (``002_ea409380ef17158f.txt``)
    it fires for the taxes statement only: 18% v 67% in January, 41% v 40% in April.
    False when either cohort has no answers.
    """
    index_before, index_after = before.polarisation_index, after.polarisation_index
    if index_before is None or index_after is None:
        return False
    assert after.agreeing is not None
    assert after.disagreeing is not None
    no_majority = after.agreeing <= 50 and after.disagreeing <= 50
    return no_majority and index_after - index_before >= threshold


@attrs.frozen
class StatementComparison:
    """One statement compared between an earlier and a later cohort.

    :attr:`change` is the change of each level's share in percentage points (later
    minus earlier, :data:`LEVELS` order); :attr:`polarised` applies
    :func:`is_polarised` with :attr:`threshold`. (``002_ea409380ef17158f.txt``:
    Table 1, January, against Table 2, April.)
    """

    statement: str
    from_cohort: str
    to_cohort: str
    before: StatementSummary
    after: StatementSummary
    threshold: Fraction = POLARISATION_THRESHOLD

    @property
    def change(self) -> tuple[Fraction, ...]:
        """Percentage-point change of each level's share, later minus earlier."""
        before, after = self.before.percent, self.after.percent
        assert before is not None
        assert after is not None
        return tuple(b - a for a, b in zip(before, after, strict=True))

    @property
    def net_agreement_change(self) -> Fraction:
        """Change of net agreement, in percentage points."""
        before, after = self.before.net_agreement, self.after.net_agreement
        assert before is not None
        assert after is not None
        return after - before

    @property
    def polarisation_change(self) -> Fraction:
        """Change of the polarisation index, in points."""
        before, after = self.before.polarisation_index, self.after.polarisation_index
        assert before is not None
        assert after is not None
        return after - before

    @property
    def polarised(self) -> bool:
        """Whether opinion polarised from the earlier to the later cohort (:func:`is_polarised`)."""
        return is_polarised(self.before, self.after, threshold=self.threshold)


def _display_decimals(_instance: object, _attribute: object, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
        raise ValueError(f"decimals must be a whole number from 0 to 6, got {value!r}")


#: Level names as column-name fragments: ``strongly_agree`` … ``strongly_disagree``.
LEVEL_COLUMNS = tuple(level.value.replace(" ", "_") for level in LikertLevel)


@attrs.frozen
class LikertAnalysis:
    """Summaries per cohort and comparisons between consecutive cohorts (``002_…``).

    The report of ``coprod survey likert`` (kind ``"likert"``): the built-in
    exporters render it as JSON, CSV, Markdown or HTML. ``decimals`` is how many
    decimal places the formats for people (Markdown, HTML) show, rounded half away
    from zero; JSON and CSV are exact.
    """

    kind: ClassVar[str] = "likert"

    cohorts: tuple[CohortSummary, ...]
    comparisons: tuple[StatementComparison, ...]
    decimals: int = attrs.field(default=0, validator=_display_decimals)

    def tables(self) -> Iterator[Table]:
        """One row per cohort and statement (the main table), then the comparisons.

        The main table is the tidy table of ``--format csv``: counts, exact
        percentages of those who answered, net agreement, polarisation index and,
        for a cohort compared with the one before it, the change and ``polarised``
        (``yes``/``no``). (``002_ea409380ef17158f.txt``, Tables 1 and 2.)
        """
        yield Table(
            name="statements",
            title="Attitude survey",
            columns=(
                "cohort",
                "statement",
                "respondents",
                "n",
                "no_answer",
                *(f"count_{c}" for c in LEVEL_COLUMNS),
                *(f"percent_{c}" for c in LEVEL_COLUMNS),
                "net_agreement",
                "polarisation_index",
                "compared_with",
                *(f"change_{c}" for c in LEVEL_COLUMNS),
                "net_agreement_change",
                "polarised",
            ),
            rows=self._statement_rows(),
        )
        yield Table(
            name="comparisons",
            title="Cohorts compared",
            columns=(
                "statement",
                "from_cohort",
                "to_cohort",
                *(f"change_{c}" for c in LEVEL_COLUMNS),
                "net_agreement_change",
                "polarisation_index_from",
                "polarisation_index_to",
                "polarised",
            ),
            rows=(
                (
                    c.statement,
                    c.from_cohort,
                    c.to_cohort,
                    *(exact_cell(v) for v in c.change),
                    exact_cell(c.net_agreement_change),
                    exact_cell(c.before.polarisation_index),
                    exact_cell(c.after.polarisation_index),
                    "yes" if c.polarised else "no",
                )
                for c in self.comparisons
            ),
        )

    def _statement_rows(self) -> Iterator[tuple[Cell, ...]]:
        compared = {(c.to_cohort, c.statement): c for c in self.comparisons}
        blank: tuple[Cell, ...] = (None,) * (len(LEVELS) + 3)
        for cohort in self.cohorts:
            for summary in cohort.statements:
                percent = summary.percent or (None,) * len(LEVELS)
                comparison = compared.get((cohort.cohort, summary.statement))
                versus: tuple[Cell, ...] = blank
                if comparison is not None:
                    versus = (
                        comparison.from_cohort,
                        *(exact_cell(v) for v in comparison.change),
                        exact_cell(comparison.net_agreement_change),
                        "yes" if comparison.polarised else "no",
                    )
                yield (
                    cohort.cohort,
                    summary.statement,
                    summary.respondents,
                    summary.n,
                    summary.no_answer,
                    *summary.counts,
                    *(exact_cell(p) for p in percent),
                    exact_cell(summary.net_agreement),
                    exact_cell(summary.polarisation_index),
                    *versus,
                )


def summarise_likert(survey: LikertSurvey) -> tuple[CohortSummary, ...]:
    """Count the responses per cohort × statement (``002_…``, Tables 1 and 2).

    Every statement appears in every cohort, in the survey's order; a statement
    nobody in a cohort answered has ``n == 0``. A cohort's size is the number of
    distinct respondents with at least one row in it (answered or blank).
    """
    counts = {(c, s): [0] * len(LEVELS) for c in survey.cohorts for s in survey.statements}
    members: dict[str, set[str]] = {c: set() for c in survey.cohorts}
    for response in survey.responses:
        members[response.cohort].add(response.respondent)
        if response.level is not None:
            counts[response.cohort, response.statement][LEVELS.index(response.level)] += 1
    summaries = []
    for cohort in survey.cohorts:
        size = len(members[cohort])
        statements = tuple(
            StatementSummary(
                statement=s,
                respondents=size,
                counts=(
                    counts[cohort, s][0],
                    counts[cohort, s][1],
                    counts[cohort, s][2],
                    counts[cohort, s][3],
                    counts[cohort, s][4],
                ),
            )
            for s in survey.statements
        )
        summaries.append(CohortSummary(cohort=cohort, respondents=size, statements=statements))
    return tuple(summaries)


def compare_cohorts(
    before: CohortSummary,
    after: CohortSummary,
    *,
    threshold: Fraction = POLARISATION_THRESHOLD,
) -> tuple[StatementComparison, ...]:
    """Compare two cohorts statement by statement, in ``before``'s statement order.

    Only statements answered by somebody in both cohorts are compared.
    (``002_ea409380ef17158f.txt``: the January and April workshops.)
    """
    later = {s.statement: s for s in after.statements}
    comparisons = []
    for summary in before.statements:
        other = later.get(summary.statement)
        if other is None or summary.n == 0 or other.n == 0:
            continue
        comparisons.append(
            StatementComparison(
                statement=summary.statement,
                from_cohort=before.cohort,
                to_cohort=after.cohort,
                before=summary,
                after=other,
                threshold=threshold,
            )
        )
    return tuple(comparisons)


def analyse_likert(
    survey: LikertSurvey, *, threshold: Fraction = POLARISATION_THRESHOLD, decimals: int = 0
) -> LikertAnalysis:
    """Summarise every cohort and compare each cohort with the one before it.

    ``decimals`` is the rounding the report's formats for people show (see
    :class:`LikertAnalysis`).

    With cohorts January, April, July the comparisons are January → April and
    April → July (use :func:`compare_cohorts` for any other pair).
    (``002_ea409380ef17158f.txt``, Tables 1 and 2.)
    """
    cohorts = summarise_likert(survey)
    comparisons = tuple(
        comparison
        for before, after in itertools.pairwise(cohorts)
        for comparison in compare_cohorts(before, after, threshold=threshold)
    )
    return LikertAnalysis(cohorts=cohorts, comparisons=comparisons, decimals=decimals)
