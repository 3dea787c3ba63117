"""Evaluation: run every registered rule over an assessment's initiatives, explained.

Rules run as plain function calls, one rule at a time over the whole list of
initiatives (pluggy is only used once, to discover them). Raw rule outputs are kept
column by column; metric values and explanations are derived from them on demand,
so evaluation costs little more than calling the rules.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Sequence
from itertools import filterfalse
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import attrs

from coprod.contributions import (
    BatchScoringRule,
    ClassificationRule,
    MaturityCheck,
    ScoringRule,
    describe_fault,
    is_plugin_fault,
    safe_repr,
)
from coprod.errors import PluginError
from coprod.findings import Finding, Severity
from coprod.model.assessment import Assessment, Initiative
from coprod.model.priority import PriorityScheme

if TYPE_CHECKING:
    from coprod.progress_callback import ProgressCallback

_R = TypeVar("_R")

__all__ = [
    "COMBINATION",
    "CheckRef",
    "Classification",
    "Contribution",
    "ContributionStatus",
    "Evaluation",
    "MetricScore",
    "RuleRef",
    "Rules",
    "evaluate",
]

#: How contributions to a metric combine (documented in docs/plugins.md).
COMBINATION = "weighted sum of the scores of the rules that apply"


@attrs.frozen
class RuleRef:
    """A rule as the evaluation records it: its identity, not its code."""

    name: str
    metric: str
    plugin: str
    weight: float
    description: str = ""


@attrs.frozen
class CheckRef:
    """A maturity check as the evaluation records it: it ran, whatever it found."""

    name: str
    plugin: str


class ContributionStatus(str, enum.Enum):
    """What happened when a rule met an initiative."""

    APPLIED = "applied"
    NOT_APPLICABLE = "not applicable"
    FAILED = "failed"


@attrs.frozen
class Contribution:
    """One rule's part in one initiative's metric: its raw score and weighted value."""

    rule: str
    plugin: str
    status: ContributionStatus
    score: float | None
    weight: float
    value: float | None
    error: str | None = None


@attrs.frozen
class MetricScore:
    """An initiative's value on a metric, with its explanation.

    ``value`` is ``None`` when no rule applies. ``complete`` is false when a rule
    for the metric failed on this initiative (the value then counts only the rules
    that worked).
    """

    initiative: str
    metric: str
    value: float | None
    complete: bool
    combination: str
    contributions: tuple[Contribution, ...]


@attrs.frozen
class Classification:
    """An initiative's class under a classification rule, and who decided it."""

    initiative: str
    name: str
    value: str | None
    rule_plugin: str
    error: str | None = None


class Rules(Protocol):
    """What :func:`evaluate` reads: the rules, classifications and checks, and strictness.

    A :class:`~coprod.PluginManager` is one; so is any object with these attributes
    (a test can pass a small frozen value). ``problems`` are findings about plugins
    that failed to load, reported first.

    Two attributes are optional (read when present, ``None`` otherwise, so objects
    written before they existed keep working): ``priority_scheme``, the Priority
    Matrix scheme the impact and effort rules were made from, and
    ``priority_scheme_plugin``, the plugin that registered it. A plugin manager has
    both; the evaluation records them, so the report's thresholds can never disagree
    with the weights in its explanations.
    """

    @property
    def scoring_rules(self) -> Sequence[ScoringRule | BatchScoringRule]: ...

    @property
    def classifications(self) -> Sequence[ClassificationRule]: ...

    @property
    def maturity_checks(self) -> Sequence[MaturityCheck]: ...

    @property
    def strict(self) -> bool: ...

    @property
    def problems(self) -> Sequence[Finding]: ...


def _label(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def _fingerprint(initiatives: Sequence[Initiative]) -> list[int] | None:
    """A cheap fingerprint of the initiatives' contents, to see whether a rule changed them.

    Initiatives are frozen attrs values whose hash is computed from every field
    (nested values included) each time it is asked for, so a rule that changes one
    through ``object.__setattr__`` changes its hash (``None`` when a field was made
    unhashable, which is also a change).
    """
    try:
        return list(map(hash, initiatives))
    except TypeError:
        return None


@attrs.frozen
class Evaluation:
    """The pure result of :func:`evaluate`: every score of every initiative, explained.

    Raw rule outputs are stored per rule, as the rules returned them (``columns[r][i]``
    is rule ``r`` on initiative ``i``: ``None``, or a finite int, float or bool); read
    them through :meth:`score` and :meth:`values`, which give floats. Two
    evaluations of the same input are equal.

    It also records what ran, for the report to state from one source: ``scheme``,
    the Priority Matrix scheme the impact and effort rules came from, and
    ``scheme_plugin``, the plugin that registered it (``None`` when none did: the
    default scheme applies); ``checks``, every maturity check that ran, in order.
    """

    initiative_ids: tuple[str, ...]
    rules: tuple[RuleRef, ...]
    columns: tuple[tuple[float | None, ...], ...] = attrs.field(repr=False)
    #: (rule index, initiative index) → error text, for rules that failed.
    failures: tuple[tuple[int, int, str], ...]
    classification_names: tuple[str, ...]
    classification_columns: tuple[tuple[str | None, ...], ...] = attrs.field(repr=False)
    classification_plugins: tuple[str, ...]
    findings: tuple[Finding, ...]
    scheme: PriorityScheme | None = None
    scheme_plugin: str | None = None
    checks: tuple[CheckRef, ...] = ()
    _index: dict[str, int] | None = attrs.field(init=False, eq=False, repr=False, hash=False)
    _failed: dict[tuple[int, int], str] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _by_metric: dict[str, list[int]] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _values: dict[str, tuple[float | None, ...]] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        # The id index is built on first use: evaluate() itself never needs it.
        object.__setattr__(self, "_index", None)
        object.__setattr__(self, "_failed", {(r, i): e for r, i, e in self.failures})
        by_metric: dict[str, list[int]] = {}
        for n, rule in enumerate(self.rules):
            by_metric.setdefault(rule.metric, []).append(n)
        object.__setattr__(self, "_by_metric", by_metric)
        object.__setattr__(self, "_values", {})

    @property
    def metrics(self) -> tuple[str, ...]:
        """Metric names in order of first registration."""
        return tuple(dict.fromkeys(rule.metric for rule in self.rules))

    def _position(self, initiative: str) -> int:
        index = self._index
        if index is None:
            index = {i: n for n, i in enumerate(self.initiative_ids)}
            object.__setattr__(self, "_index", index)
        try:
            return index[initiative]
        except KeyError:
            raise KeyError(f"no initiative with id {initiative!r}") from None

    def _rules_for(self, metric: str) -> list[int]:
        found = self._by_metric.get(metric)
        if not found:
            known = ", ".join(self.metrics) or "none"
            raise KeyError(f"unknown metric {metric!r} (known: {known})")
        return found

    def values(self, metric: str) -> tuple[float | None, ...]:
        """The metric's value for every initiative, in initiative order.

        Each initiative's value is :meth:`score`'s: the sum, in rule order, of the
        finite weighted scores (``None`` when none applies or the sum overflows).
        Computed once per metric (checks and the report all read impact and effort).
        """
        found = self._values.get(metric)
        if found is not None:
            return found
        totals: list[float | None] = [None] * len(self.initiative_ids)
        isfinite = math.isfinite
        for r in self._rules_for(metric):
            weight = self.rules[r].weight
            for i, raw in enumerate(self.columns[r]):
                if raw is not None:
                    value = weight * raw
                    if isfinite(value):  # an overflowing contribution failed: score()
                        totals[i] = (totals[i] or 0.0) + value  # as score() adds
        found = tuple(t if t is None or isfinite(t) else None for t in totals)
        self._values[metric] = found
        return found

    def score(self, initiative: str, metric: str) -> MetricScore:
        """One initiative's value on one metric, with each contributing rule explained."""
        i = self._position(initiative)
        contributions = []
        total: float | None = None
        complete = True
        for r in self._rules_for(metric):
            rule = self.rules[r]
            raw = self.columns[r][i]
            error = self._failed.get((r, i))
            if error is not None:
                complete = False
                status = ContributionStatus.FAILED
                value = None
            elif raw is None:
                status = ContributionStatus.NOT_APPLICABLE
                value = None
            elif not math.isfinite(rule.weight * raw):
                complete = False
                status = ContributionStatus.FAILED
                value = None
                error = f"weight {rule.weight} × score {raw} overflows"
            else:
                status = ContributionStatus.APPLIED
                value = rule.weight * raw
                total = (total or 0.0) + value
            contributions.append(
                Contribution(
                    rule.name, rule.plugin, status, _as_float(raw), rule.weight, value, error
                )
            )
        if total is not None and not math.isfinite(total):
            total, complete = None, False  # the contributions overflow when added up
        return MetricScore(initiative, metric, total, complete, COMBINATION, tuple(contributions))

    def scores(self, initiative: str) -> tuple[MetricScore, ...]:
        """Every metric of one initiative, explained."""
        return tuple(self.score(initiative, metric) for metric in self.metrics)

    def classification(self, initiative: str, name: str) -> Classification:
        """One initiative's class under the classification rule ``name``."""
        i = self._position(initiative)
        try:
            c = self.classification_names.index(name)
        except ValueError:
            known = ", ".join(self.classification_names) or "none"
            raise KeyError(f"unknown classification {name!r} (known: {known})") from None
        error = self._failed.get((-1 - c, i))
        return Classification(
            initiative,
            name,
            self.classification_columns[c][i],
            self.classification_plugins[c],
            error,
        )

    def classifications(self, initiative: str) -> tuple[Classification, ...]:
        """Every classification of one initiative."""
        return tuple(self.classification(initiative, n) for n in self.classification_names)

    def incomplete(self, initiative: str, metric: str) -> bool:
        """True when a rule for ``metric`` failed on ``initiative``."""
        return not self.score(initiative, metric).complete


def _as_score(value: object) -> float | None:
    """A rule's output as a score: None stays None; a finite real number becomes a float.

    Raises ValueError for anything else (strings, NaN, infinities, complex numbers).
    bool counts as 0/1, as it does in Python's arithmetic.
    """
    if value is None:
        return None
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:
            raise ValueError(f"returned {safe_repr(value)}, too large for a float") from None
        if math.isfinite(number):
            return number
    raise ValueError(f"returned {safe_repr(value)}, not a finite number")


_NUMERIC_FALSY_TYPES = frozenset({type(None), float, int, bool})


def _clean_column(column: list[object]) -> tuple[float | None, ...] | None:
    """The column as a tuple if every value is None or a finite real number, else None.

    A handful of C-level passes instead of a Python-level check per value, which
    would cost more than the cheapest rules themselves: ``sum`` rejects strings,
    containers and None and exposes NaN, infinities and overflow; for columns with
    None, ``sum`` runs over the truthy values and the falsy ones (None, zeros, and
    any empty string or container) are checked by type. Values are stored as the
    rule returned them; ints and bools are read as floats (:func:`_as_float`).
    Anything unusual takes the per-value path, which names the culprit.
    """
    try:
        total = sum(column)  # type: ignore[arg-type]
    except TypeError:
        truthy = list(filter(None, column))
        try:
            total = sum(truthy)  # type: ignore[arg-type]
        except (TypeError, OverflowError, ValueError):
            return None
        # Every falsy value must be None or a numeric zero; counting None settles it
        # when there are no zeros, and the exact type check runs only when there are.
        if len(truthy) + column.count(None) != len(column) and not (
            set(map(type, filterfalse(None, column))) <= _NUMERIC_FALSY_TYPES
        ):
            return None
    except (OverflowError, ValueError):
        return None
    if type(total) is not float and type(total) is not int:
        return None
    try:
        if not math.isfinite(total):
            return None
    except OverflowError:
        # An int sum too large for a float: each value may still fit (10**308 does,
        # 10**400 does not), so let the per-value path decide and name the culprit.
        return None
    return tuple(column)  # type: ignore[arg-type]


def _as_float(raw: float | None) -> float | None:
    return None if raw is None else float(raw)


#: Told what runs next: ``"scoring rule 'x' of plugin y"``. Lets the caller name
#: the rule that was running when it stops an evaluation (the CLI's ``--timeout``).
Watcher = Callable[[str], None]


class _Run:
    def __init__(
        self, initiatives: Sequence[Initiative], strict: bool, watch: Watcher | None
    ) -> None:
        self.initiatives = initiatives
        self.strict = strict
        self.watch = watch
        self.failures: list[tuple[int, int, str]] = []
        self.findings: list[Finding] = []
        # Only a strict run pays for mutation checks: a hash of every initiative
        # after every rule (see _fingerprint).
        self.fingerprint = _fingerprint(initiatives) if strict else None

    def starting(self, what: str, name: str, plugin: str) -> None:
        if self.watch is not None:
            self.watch(f"{what} {name!r} of plugin {plugin}")

    def unchanged(self, what: str, name: str, plugin: str) -> None:
        """In a strict run, raise PluginError if the last rule changed an initiative."""
        if not self.strict:
            return
        after = _fingerprint(self.initiatives)
        if after is not None and after == self.fingerprint:
            return
        before = self.fingerprint or []
        changed = next(
            (
                initiative.id
                for n, initiative in enumerate(self.initiatives)
                if after is None or n >= len(before) or before[n] != after[n]
            ),
            "?",
        )
        raise PluginError(
            f"{what} {name!r} of plugin {plugin} mutated the initiatives it was given "
            f"(first changed: {changed!r}); rules must not change their input",
            plugin=plugin,
            item=name,
        )

    def fail(self, key: int, i: int, plugin: str, rule: str, problem: str) -> None:
        initiative = self.initiatives[i].id
        message = f"rule {rule!r} of plugin {plugin} {problem} on initiative {initiative!r}"
        if self.strict:
            raise PluginError(message, plugin=plugin, item=rule)
        self.failures.append((key, i, problem))
        self.findings.append(
            Finding(Severity.ERROR, message, source=rule, plugin=plugin, initiative=initiative)
        )

    def call_each(
        self, key: int, function: Callable[[Initiative], object], plugin: str, name: str
    ) -> list[object]:
        """``function`` over every initiative; a fault fails that initiative only."""
        initiatives = self.initiatives
        try:
            return [function(initiative) for initiative in initiatives]
        except BaseException as error:
            if not is_plugin_fault(error):
                raise
        # Something failed: again one by one, so each failure is named and the others kept.
        column: list[object] = []
        for i, initiative in enumerate(initiatives):
            try:
                column.append(function(initiative))
            except BaseException as error:
                if not is_plugin_fault(error):
                    raise
                self.fail(key, i, plugin, name, f"raised {describe_fault(error)}")
                column.append(None)
        return column

    def run_rule(self, r: int, rule: ScoringRule | BatchScoringRule) -> tuple[float | None, ...]:
        kind = "batch rule" if isinstance(rule, BatchScoringRule) else "scoring rule"
        self.starting(kind, rule.name, rule.plugin)
        if isinstance(rule, BatchScoringRule):
            column = self._run_batch(r, rule)
        else:
            column = self._checked(r, rule, self.call_each(r, rule.score, rule.plugin, rule.name))
        self.unchanged(kind, rule.name, rule.plugin)
        return column

    def _run_batch(self, r: int, rule: BatchScoringRule) -> tuple[float | None, ...]:
        n = len(self.initiatives)
        try:
            column = list(rule.score_all(self.initiatives))
            if len(column) != n:
                raise ValueError(f"returned {len(column)} scores for {n} initiatives")
        except BaseException as error:
            if not is_plugin_fault(error):
                raise
            problem = f"raised {describe_fault(error)}"
            if self.strict:
                raise PluginError(
                    f"batch rule {rule.name!r} of plugin {rule.plugin} {problem}",
                    plugin=rule.plugin,
                    item=rule.name,
                ) from error
            self.findings.append(
                Finding(
                    Severity.ERROR,
                    f"batch rule {rule.name!r} of plugin {rule.plugin} {problem}; "
                    f"metric {rule.metric!r} is incomplete for all {n} initiatives",
                    source=rule.name,
                    plugin=rule.plugin,
                )
            )
            self.failures.extend((r, i, problem) for i in range(n))
            return (None,) * n
        return self._checked(r, rule, column)

    def _checked(
        self, r: int, rule: ScoringRule | BatchScoringRule, column: list[Any]
    ) -> tuple[float | None, ...]:
        clean = _clean_column(column)
        if clean is not None:
            return clean
        checked: list[float | None] = []
        for i, value in enumerate(column):
            try:
                checked.append(_as_score(value))
            except ValueError as problem:
                self.fail(r, i, rule.plugin, rule.name, str(problem))
                checked.append(None)
        return tuple(checked)

    def classify(self, c: int, rule: ClassificationRule) -> tuple[str | None, ...]:
        self.starting("classification", rule.name, rule.plugin)
        raw = self.call_each(-1 - c, rule.classify, rule.plugin, rule.name)
        self.unchanged("classification", rule.name, rule.plugin)
        try:
            # Few distinct classes: label each once.
            labels = {value: _label(value) for value in set(raw)}
            return tuple(map(labels.__getitem__, raw))
        except BaseException as error:  # an unhashable class, or a str() that raises
            if not is_plugin_fault(error):
                raise
        column: list[str | None] = []
        for i, value in enumerate(raw):
            try:
                column.append(_label(value))
            except BaseException as error:
                if not is_plugin_fault(error):
                    raise
                problem = (
                    f"returned a {type(value).__name__} whose str() raised {describe_fault(error)}"
                )
                self.fail(-1 - c, i, rule.plugin, rule.name, problem)
                column.append(None)
        return tuple(column)

    def check(
        self, check: MaturityCheck, assessment: Assessment, scored: Evaluation
    ) -> list[Finding]:
        self.starting("maturity check", check.name, check.plugin)
        arguments = (assessment, scored) if check.uses_evaluation else (assessment,)
        try:
            produced = list(check.check(*arguments))
            for finding in produced:
                if not isinstance(finding, Finding):
                    raise TypeError(f"yielded {finding!r}, not a Finding")
        except BaseException as error:
            if not is_plugin_fault(error):
                raise
            message = (
                f"maturity check {check.name!r} of plugin {check.plugin} raised "
                f"{describe_fault(error)}"
            )
            if self.strict:
                raise PluginError(message, plugin=check.plugin, item=check.name) from error
            return [Finding(Severity.ERROR, message, source=check.name, plugin=check.plugin)]
        self.unchanged("maturity check", check.name, check.plugin)
        return [
            attrs.evolve(f, source=check.name, plugin=check.plugin, step=f.step or check.step)
            for f in produced
        ]


def _scheme_of(rules: Rules) -> PriorityScheme | None:
    scheme = getattr(rules, "priority_scheme", None)
    if scheme is not None and not isinstance(scheme, PriorityScheme):
        raise TypeError(f"rules.priority_scheme must be a PriorityScheme, got {scheme!r}")
    return scheme


def _scheme_plugin_of(rules: Rules) -> str | None:
    plugin = getattr(rules, "priority_scheme_plugin", None)
    if plugin is not None and not isinstance(plugin, str):
        raise TypeError(f"rules.priority_scheme_plugin must be a str, got {plugin!r}")
    return plugin


class _Counter:
    """Passes each result through, telling ``progress`` one more item of the stage is done."""

    def __init__(self, progress: ProgressCallback | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0
        if progress is not None:
            progress(_STAGE, 0, total)

    def __call__(self, result: _R) -> _R:
        if self.progress is not None:
            self.done += 1
            self.progress(_STAGE, self.done, self.total)
        return result


_STAGE = "evaluating"

#: The built-in rule that values volunteer hours (``coprod.builtin.business_case``).
_VOLUNTEER_RULE = ("business-case.volunteer-value", "coprod.builtin.business_case")


def _at_document_rate(rules: tuple[Any, ...], assessment: Assessment) -> tuple[Any, ...]:
    """The rules, the built-in volunteer-value rule weighted by the document's rate.

    A document that states ``volunteer_hourly_rate`` (issue 12) values every
    volunteer hour at it: the built-in rule's weight (£8.00, seed 001) becomes that
    rate, so the metric, its explanation and the report's totals all use it.
    """
    rate = assessment.volunteer_hourly_rate
    if rate is None:
        return rules
    return tuple(
        attrs.evolve(rule, weight=float(rate))
        if (getattr(rule, "name", None), getattr(rule, "plugin", None)) == _VOLUNTEER_RULE
        else rule
        for rule in rules
    )


def evaluate(
    assessment: Assessment,
    rules: Rules,
    *,
    strict: bool | None = None,
    watch: Watcher | None = None,
    progress: ProgressCallback | None = None,
) -> Evaluation:
    """Score and classify every initiative of ``assessment`` and run every maturity check.

    ``rules`` is what to run: a :class:`~coprod.PluginManager`, or any object with
    its ``scoring_rules``, ``classifications``, ``maturity_checks``, ``strict`` and
    ``problems``, and optionally ``priority_scheme`` and ``priority_scheme_plugin``
    (see :class:`Rules`). Each rule runs once per initiative as a
    plain function call; each maturity check runs once. The result is a pure value:
    evaluating the same input twice gives equal results.

    Fault isolation: a rule that raises (any exception, ``SystemExit`` included;
    not ``KeyboardInterrupt``) or returns a non-finite value (``None`` or a finite
    real number is a score; an int too large for a float is not) does not stop
    the others. The failure becomes an error :class:`~coprod.Finding` naming the
    plugin, rule, initiative and exception, and that initiative's metric is marked
    incomplete. With ``strict`` (default: ``rules.strict``), the first failure
    raises :class:`~coprod.errors.PluginError` instead, and a rule, classification
    or check that changes the initiatives it is given is a failure too. Plugin load
    problems in ``rules.problems`` come first among the findings.

    ``watch``, if given, is called with a description of each rule, classification
    and check just before it runs (``"scoring rule 'x' of plugin y"``), so a caller
    that stops a long evaluation (a signal handler raising a ``BaseException``,
    which the engine lets through) can say what was running.

    ``progress``, if given, is called as ``progress("evaluating", done, total)``
    (:mod:`coprod.progress_callback`): once before the first rule and once after each
    rule, classification and check, ``total`` being their number. Each runs over
    every initiative at once, so that is the finest step there is.
    """
    strict = rules.strict if strict is None else strict
    initiatives = assessment.initiatives
    run = _Run(initiatives, strict, watch)
    run.findings.extend(rules.problems)
    scoring_rules = _at_document_rate(tuple(rules.scoring_rules), assessment)
    classifications = tuple(rules.classifications)
    checks = tuple(rules.maturity_checks)
    total = len(scoring_rules) + len(classifications) + len(checks)
    done = _Counter(progress, total)
    columns = tuple(done(run.run_rule(r, rule)) for r, rule in enumerate(scoring_rules))
    class_columns = tuple(done(run.classify(c, rule)) for c, rule in enumerate(classifications))

    scored = Evaluation(
        initiative_ids=tuple(map(attrgetter("id"), initiatives)),
        rules=tuple(
            RuleRef(rule.name, rule.metric, rule.plugin, float(rule.weight), rule.description)
            for rule in scoring_rules
        ),
        columns=columns,
        failures=tuple(run.failures),
        classification_names=tuple(c.name for c in classifications),
        classification_columns=class_columns,
        classification_plugins=tuple(c.plugin for c in classifications),
        findings=tuple(run.findings),
        scheme=_scheme_of(rules),
        scheme_plugin=_scheme_plugin_of(rules),
    )
    for check in checks:
        run.findings.extend(done(run.check(check, assessment, scored)))
    evaluation = attrs.evolve(
        scored,
        findings=tuple(run.findings),
        checks=tuple(CheckRef(check.name, check.plugin) for check in checks),
    )
    # Same rules and columns: the metrics the checks computed hold for the report too.
    evaluation._values.update(scored._values)
    return evaluation
