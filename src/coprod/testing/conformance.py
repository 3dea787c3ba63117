"""``check_plugin``: does a plugin keep the contract every coprod plugin must keep?

It registers the plugin in an isolated manager (the built-ins and this plugin; no
entry points), then runs everything the plugin registered over a minimal and a
realistic assessment and over generated ones (see :mod:`coprod.testing.strategies`),
and fails with :class:`PluginConformanceError`
naming the plugin, the rule and a (shrunk) example initiative when something is
wrong: the plugin failed to register, a rule raised, returned something other
than a finite number or ``None``, gave a different answer for the same input, or
mutated its input.
"""

from __future__ import annotations

import copy
import enum
import importlib
import math
import reprlib
import sys
import warnings
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from coprod import hookspecs
from coprod.contributions import (
    BatchScoringRule,
    ClassificationRule,
    MaturityCheck,
    ScoringRule,
)
from coprod.evaluation import evaluate
from coprod.findings import Finding
from coprod.model.assessment import Assessment, Initiative, Organisation, Service
from coprod.model.star import Co
from coprod.plugins import BUILTIN_PLUGINS, PluginInfo, PluginManager, make_plugin_manager

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["PluginConformanceError", "check_plugin", "isolated_manager"]

_short = reprlib.Repr()
_short.maxstring = 60
_short.maxother = 200


class PluginConformanceError(AssertionError):
    """A plugin broke the plugin contract; the message says which plugin, what and where.

    ``plugin`` is the plugin's name, ``item`` the rule, check or exporter at fault
    (``None`` when the plugin as a whole is), and ``initiative`` the id of the
    example initiative that shows the problem, when there is one.
    """

    def __init__(
        self,
        message: str,
        *,
        plugin: str,
        item: str | None = None,
        initiative: str | None = None,
    ) -> None:
        self.plugin = plugin
        self.item = item
        self.initiative = initiative
        super().__init__(message)


def isolated_manager(
    *plugins: object, blocked: Iterable[str] = (), strict: bool = False
) -> PluginManager:
    """A manager with the built-ins and ``plugins`` only: installed entry points are ignored.

    Use it in tests so that whatever else is installed in the environment cannot
    change the result.
    """
    return make_plugin_manager(
        entry_points=False, plugins=list(plugins), blocked=blocked, strict=strict
    )


def _is_score(value: object) -> bool:
    # As the engine: None, or a real number (bool counts as 0/1) finite as a float.
    if value is None:
        return True
    if not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:  # an int too large for a float
        return False


def _is_label(value: object) -> bool:
    return value is None or isinstance(value, (str, enum.Enum))


def _same(first: object, second: object) -> bool:
    try:
        return bool(first == second)
    except Exception:
        return False


class _Checker:
    """Runs one plugin's contributions over one assessment; raises on the first problem."""

    def __init__(self, info: PluginInfo, manager: PluginManager) -> None:
        self.info = info
        self.manager = manager
        self.rules = [r for r in manager.scoring_rules if r.plugin == info.name]
        self.classifications = [c for c in manager.classifications if c.plugin == info.name]
        self.checks = [c for c in manager.maturity_checks if c.plugin == info.name]
        self.exporters = [e for e in manager.all_exporters if e.plugin == info.name]

    def fail(
        self, what: str, problem: str, *, item: str, initiative: Initiative | None
    ) -> NoReturn:
        where = ""
        if initiative is not None:
            where = f" on initiative {initiative.id!r} ({_short.repr(initiative)})"
        raise PluginConformanceError(
            f"plugin {self.info.describe()}: {what} {item!r} {problem}{where}",
            plugin=self.info.name,
            item=item,
            initiative=None if initiative is None else initiative.id,
        )

    def call(
        self, what: str, item: str, function: Callable[[Any], Any], arg: Any, initiative: Any
    ) -> Any:
        try:
            return function(arg)
        except Exception as error:
            problem = f"raised {type(error).__name__}: {error}"
            self.fail(what, problem, item=item, initiative=initiative)

    def unchanged(
        self, what: str, item: str, before: object, after: object, initiative: Any
    ) -> None:
        if not _same(before, after):
            self.fail(what, "mutated its input", item=item, initiative=initiative)

    def run_initiative(self, initiative: Initiative) -> None:
        pristine = copy.deepcopy(initiative)
        for rule in self.rules:
            if isinstance(rule, ScoringRule):
                self.single(rule, [initiative], [pristine])
        for classification in self.classifications:
            self.classify(classification, [initiative], [pristine])

    def run(self, assessment: Assessment) -> None:
        pristine = copy.deepcopy(assessment)
        initiatives = assessment.initiatives
        for rule in self.rules:
            if isinstance(rule, BatchScoringRule):
                self.batch(rule, assessment, pristine)
            else:
                self.single(rule, initiatives, pristine.initiatives)
        for classification in self.classifications:
            self.classify(classification, initiatives, pristine.initiatives)
        for check in self.checks:
            self.check(check, assessment, pristine)
        self.evaluate_and_export(assessment)

    def single(
        self, rule: ScoringRule, initiatives: Sequence[Initiative], pristine: Sequence[Initiative]
    ) -> None:
        self.per_initiative(
            "scoring rule",
            rule.name,
            rule.score,
            _is_score,
            "not a finite number or None",
            initiatives,
            pristine,
        )

    def per_initiative(
        self,
        what: str,
        name: str,
        function: Callable[[Initiative], Any],
        valid: Callable[[object], bool],
        expected: str,
        initiatives: Sequence[Initiative],
        pristine: Sequence[Initiative],
    ) -> None:
        """Call ``function`` on each initiative: valid result, input unchanged, deterministic."""
        for initiative, original in zip(initiatives, pristine, strict=True):
            first = self.call(what, name, function, initiative, original)
            if not valid(first):
                self.fail(
                    what,
                    f"returned {_short.repr(first)}, {expected}",
                    item=name,
                    initiative=original,
                )
            self.unchanged(what, name, original, initiative, original)
            second = self.call(what, name, function, copy.deepcopy(original), original)
            if not _same(first, second):
                self.fail(
                    what,
                    f"is not deterministic: returned {first!r}, then {second!r} for an equal "
                    "initiative",
                    item=name,
                    initiative=original,
                )

    def batch(self, rule: BatchScoringRule, assessment: Assessment, pristine: Assessment) -> None:
        what = "batch scoring rule"
        initiatives = assessment.initiatives
        first = self.call(what, rule.name, rule.score_all, initiatives, None)
        try:
            values = list(first)
        except Exception as error:
            self.fail(
                what,
                f"returned {_short.repr(first)}, not a sequence ({type(error).__name__})",
                item=rule.name,
                initiative=None,
            )
        if len(values) != len(initiatives):
            self.fail(
                what,
                f"returned {len(values)} scores for {len(initiatives)} initiatives",
                item=rule.name,
                initiative=None,
            )
        for value, original in zip(values, pristine.initiatives, strict=True):
            if not _is_score(value):
                self.fail(
                    what,
                    f"returned {_short.repr(value)}, not a finite number or None",
                    item=rule.name,
                    initiative=original,
                )
        self.unchanged(what, rule.name, pristine, assessment, None)
        twins = copy.deepcopy(pristine.initiatives)
        again = self.call(what, rule.name, lambda xs: list(rule.score_all(xs)), twins, None)
        if not _same(values, again):
            self.fail(
                what,
                f"is not deterministic: returned {_short.repr(values)}, then "
                f"{_short.repr(again)} for equal initiatives",
                item=rule.name,
                initiative=None,
            )

    def classify(
        self,
        rule: ClassificationRule,
        initiatives: Sequence[Initiative],
        pristine: Sequence[Initiative],
    ) -> None:
        self.per_initiative(
            "classification",
            rule.name,
            rule.classify,
            _is_label,
            "not a string, an enum member or None",
            initiatives,
            pristine,
        )

    def check(self, check: MaturityCheck, assessment: Assessment, pristine: Assessment) -> None:
        what = "maturity check"

        def findings(subject: Assessment) -> list[Any]:
            if check.uses_evaluation:
                return list(check.check(subject, evaluate(subject, self.manager)))
            return list(check.check(subject))

        first = self.call(what, check.name, findings, assessment, None)
        for finding in first:
            if not isinstance(finding, Finding):
                self.fail(
                    what,
                    f"yielded {_short.repr(finding)}, not a coprod.Finding",
                    item=check.name,
                    initiative=None,
                )
        self.unchanged(what, check.name, pristine, assessment, None)
        second = self.call(what, check.name, findings, copy.deepcopy(pristine), None)
        if not _same(first, second):
            self.fail(
                what,
                "is not deterministic: it yielded different findings for an equal assessment",
                item=check.name,
                initiative=None,
            )

    def evaluate_and_export(self, assessment: Assessment) -> None:
        try:
            evaluation = evaluate(assessment, self.manager, strict=True)
        except Exception as error:
            raise PluginConformanceError(
                f"plugin {self.info.describe()}: strict evaluation failed: "
                f"{type(error).__name__}: {error}",
                plugin=self.info.name,
            ) from error
        if not self.exporters:
            return
        from coprod.report import build_report, provenance_of

        report = build_report(
            assessment,
            evaluation,
            barriers=self.manager.barriers,
            parameter_sets=self.manager.appraisal_parameters,
            provenance=provenance_of(self.manager),
        )
        for exporter in self.exporters:
            if not exporter.renders(report.kind):
                continue  # other kinds: see check_escaping
            what = "exporter"
            first = self.call(what, exporter.format, exporter.render, report, None)
            if not isinstance(first, (str, bytes)):
                self.fail(
                    what,
                    f"returned {_short.repr(first)}, not str or bytes",
                    item=exporter.format,
                    initiative=None,
                )
            second = self.call(what, exporter.format, exporter.render, report, None)
            if first != second:
                self.fail(
                    what,
                    "is not deterministic: it rendered the same report differently twice",
                    item=exporter.format,
                    initiative=None,
                )

    def check_escaping(self) -> None:
        """Hostile names through every exporter, each kind it declares (coprod.testing.exports)."""
        from coprod.testing.exports import check_exporter_escaping

        for exporter in self.exporters:
            check_exporter_escaping(exporter, self.info, self.manager)


def _explicit_examples(barrier_ids: Collection[str]) -> tuple[Assessment, list[Assessment]]:
    """A minimal assessment, and the realistic sample when its barriers are all known."""
    from coprod.testing.sample import sample_assessment

    minimal = Assessment(
        organisation=Organisation(name="O"),
        services=(Service(id="s", name="S"),),
        initiatives=(Initiative(id="i", name="I", service="s", cos=(Co.DELIVERY,)),),
    )
    sample = sample_assessment()
    if sample.barrier_problems(barrier_ids):
        return minimal, []
    return minimal, [sample]


def _explicit_info(manager: PluginManager) -> PluginInfo | None:
    explicit = [info for info in manager.plugins if info.kind == "explicit"]
    return explicit[-1] if explicit else None


def _contributes(info: PluginInfo) -> bool:
    return any(info.contributions().values())


def _unmarked_hooks(plugin: object) -> list[str]:
    """Hook-named functions that lack ``@coprod.hookimpl`` (pluggy silently ignores them)."""
    found = []
    for name in hookspecs.HOOKS:
        function = getattr(plugin, name, None)
        if callable(function) and not hasattr(function, "coprod_impl"):
            found.append(name)
    return found


def _builtin_name(plugin: object) -> str | None:
    """The plugin's name if it is one of coprod's built-in plugin modules."""
    name = getattr(plugin, "__name__", None)
    if name in BUILTIN_PLUGINS and sys.modules.get(str(name)) is plugin:
        return str(name)
    return None


def _register(plugin: object, blocked: Iterable[str]) -> tuple[PluginManager, PluginInfo]:
    label = getattr(plugin, "__name__", None) or repr(plugin)
    builtin = _builtin_name(plugin)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        # A built-in is checked where it is: registered as a built-in, not a second time.
        manager = isolated_manager(*([] if builtin else [plugin]), blocked=blocked)
    if manager.problems:
        listed = "\n".join(f"  - {problem.message}" for problem in manager.problems)
        raise PluginConformanceError(
            f"plugin {label} did not register cleanly:\n{listed}", plugin=str(label)
        )
    if builtin:
        info = next((p for p in manager.plugins if p.name == builtin), None)
    else:
        info = _explicit_info(manager)
    if info is None:
        raise PluginConformanceError(
            f"plugin {label} was not registered (is it blocked?)", plugin=str(label)
        )
    if not _contributes(info):
        unmarked = _unmarked_hooks(plugin)
        hint = (
            f": {', '.join(unmarked)} lack the @coprod.hookimpl marker"
            if unmarked
            else ": it implements no register_* hook"
        )
        raise PluginConformanceError(
            f"plugin {info.describe()} registered nothing{hint}", plugin=info.name
        )
    return manager, info


def check_plugin(
    plugin: object,
    *,
    examples: int = 50,
    blocked: Iterable[str] = (),
    strategy: SearchStrategy[Assessment] | None = None,
) -> PluginInfo:
    """Check that ``plugin`` keeps the plugin contract; return what it registered.

    ``plugin`` is a module or object with hook implementations, or a module's
    dotted name. It is registered in an isolated manager (built-ins plus this
    plugin; ``blocked`` names built-ins to leave out, e.g. one the plugin
    replaces; a built-in module is checked where it is). Then, over a minimal and
    a realistic assessment (:func:`coprod.testing.sample_assessment`), ``examples``
    generated initiatives, and ``examples`` generated assessments (``strategy``,
    default :func:`coprod.testing.assessments` with at least one initiative), every
    scoring rule, batch rule, classification and maturity check the plugin
    registered is run and must:

    - not raise;
    - return a finite number or ``None`` (scores; ``bool`` counts as 0 or 1, as in
      the engine), a string, enum member or
      ``None`` (classifications), or :class:`~coprod.Finding` values (checks);
      batch rules one score per initiative;
    - be deterministic: the same result twice, and for an equal (deep-copied) input;
    - leave its input unchanged (compared by value with a deep copy).

    Strict evaluation (:func:`coprod.evaluate` with ``strict=True``) must then
    succeed, and every exporter the plugin registered must render the report to
    ``str`` or ``bytes``, the same way twice. Finally every exporter renders reports
    with hostile names, of each kind it declares (:mod:`coprod.testing.exports`),
    and must not write them unescaped in HTML or as live formulas in CSV.

    Raises :class:`PluginConformanceError` (an :class:`AssertionError`) naming the
    plugin, the item at fault and, when one is involved, the id of a minimal example
    initiative (hypothesis shrinks it). Needs ``hypothesis``.
    """
    try:
        from hypothesis import HealthCheck, example, given, settings
    except ImportError as error:
        raise ImportError(
            "coprod.testing.check_plugin needs hypothesis: pip install hypothesis "
            "(or install coprod with the 'testing' extra: pip install 'coprod[testing]')"
        ) from error
    from hypothesis.errors import Flaky

    from coprod.testing.strategies import assessments, initiatives

    if isinstance(plugin, str):
        plugin = importlib.import_module(plugin)
    if examples < 1:
        raise ValueError(f"examples must be at least 1, got {examples}")
    manager, info = _register(plugin, blocked)
    checker = _Checker(info, manager)
    barrier_ids = manager.barriers.ids
    subjects = (
        assessments(min_initiatives=1, barrier_ids=barrier_ids) if strategy is None else strategy
    )
    run = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )

    # Per-initiative rules first, over single initiatives: they shrink fast to a
    # minimal example. Then everything over whole assessments. A minimal and a
    # realistic explicit example come first each time: most broken plugins fail on
    # them at once, with no (slow) shrinking of generated assessments needed.
    minimal, realistic = _explicit_examples(barrier_ids)

    @run
    @given(initiatives(barrier_ids=barrier_ids))
    def initiatives_conform(initiative: Initiative) -> None:
        checker.run_initiative(initiative)

    @run
    @given(subjects)
    def assessments_conform(assessment: Assessment) -> None:
        checker.run(assessment)

    for explicit in (minimal, *realistic):
        assessments_conform = example(explicit)(assessments_conform)
        for initiative in explicit.initiatives:
            initiatives_conform = example(initiative)(initiatives_conform)

    try:
        if checker.rules or checker.classifications:
            initiatives_conform()
        assessments_conform()
    except PluginConformanceError:
        raise
    except Flaky as error:
        # A failure that did not happen again when replayed: itself a sign of
        # non-determinism. Report the first underlying conformance failure.
        inner = [
            e for e in getattr(error, "exceptions", ()) if isinstance(e, PluginConformanceError)
        ]
        detail = str(inner[0]) if inner else str(error)
        raise PluginConformanceError(
            f"plugin {info.describe()} failed intermittently (not reproducible on replay, "
            f"which suggests non-determinism): {detail}",
            plugin=info.name,
            item=inner[0].item if inner else None,
        ) from error
    checker.check_escaping()
    return info
