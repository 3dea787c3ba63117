"""Every hook a coprod plugin can implement.

All hooks are ``register_*`` hooks: each receives a ``register`` callback, is
called **once when a plugin manager is built** (never per initiative), and
registers typed attrs objects through it. Hooks are called with keyword
arguments, and signatures only ever gain arguments, so an implementation may
accept fewer arguments than the spec lists. Implementations return nothing.

The plugin manager calls each plugin's implementation separately, so a failure
is attributed to the plugin that caused it. Whatever a plugin registers is
stamped with that plugin's name.

Each hookspec's docstring is its contract, written in Markdown: the hook reference
of docs/plugins.md is generated from them (``python docs/generate_hook_reference.py``)
and a test fails when the page is out of date.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TypeVar

import pluggy

from coprod.appraisal.parameters_model import ParameterSet
from coprod.contributions import (
    BatchScoringRule,
    ClassificationRule,
    Exporter,
    MaturityCheck,
    ScoringRule,
)
from coprod.model.barriers import Barrier
from coprod.model.priority import PriorityScheme

__all__ = ["HOOKS", "PROJECT_NAME", "hookimpl", "hookspec"]

#: The pluggy project name, and the entry-point group plugins declare.
PROJECT_NAME = "coprod"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

_F = TypeVar("_F", bound=Callable[..., None])
_HOOKS: dict[str, Mapping[type, str]] = {}

#: The one list of hooks, in the order a manager calls them: hook name → the types
#: its ``register`` callback accepts → the :class:`~coprod.PluginInfo` field that
#: lists what a plugin registered of that type (``""``: not listed per plugin). The
#: plugin manager, the conformance check and the generated hook reference
#: (docs/plugins.md) all read it.
HOOKS: Mapping[str, Mapping[type, str]] = MappingProxyType(_HOOKS)


def _hook(*accepts: tuple[type, str]) -> Callable[[_F], _F]:
    """Mark a hookspec and record, once, what its ``register`` callback accepts."""

    def mark(function: _F) -> _F:
        _HOOKS[function.__name__] = MappingProxyType(dict(accepts))
        return hookspec(function)

    return mark


@_hook(
    (ScoringRule, "scoring_rules"),
    (BatchScoringRule, "scoring_rules"),
    (ClassificationRule, "classifications"),
    (PriorityScheme, ""),
)
def register_scoring_rules(
    register: Callable[
        [ScoringRule | BatchScoringRule | ClassificationRule | PriorityScheme], None
    ],
) -> None:
    """Register scoring rules (`coprod.ScoringRule`, `coprod.BatchScoringRule`) and
    classifications (`coprod.ClassificationRule`): call `register` once per rule.

    - A `ScoringRule`'s `score(initiative)` returns a finite number, or `None` when the
      rule does not apply. A `BatchScoringRule`'s `score_all(initiatives)` returns one
      such value per initiative, in order: use it for rules that compare initiatives
      (ranks, percentiles) or that are faster vectorised.
    - A metric's value is the weighted sum of the scores of its rules that apply;
      `None` if none applies. Rules from several plugins may share a metric.
    - A `ClassificationRule`'s `classify(initiative)` returns a short label (a string or
      an enum member, reported by its value) or `None`.
    - Rule and classification names are unique across plugins: a clash is an error
      naming both plugins, and the first registered keeps the name.
    - A plugin that registers the `impact` and `effort` rules also registers its
      `coprod.PriorityScheme` (weights and thresholds) here; the report places
      initiatives with it and states it. One plugin registers the scheme: a second is
      an error naming both (see [Replacing a built-in](#replacing-a-built-in)).
    - Added in 0.1.0.

    Example: a per-initiative rule, a batch rule ranking initiatives by volunteer hours,
    and a classification.

    ```python
    import bisect
    from collections.abc import Callable, Sequence

    import coprod

    Registrable = coprod.ScoringRule | coprod.BatchScoringRule | coprod.ClassificationRule


    def community_share(initiative: coprod.Initiative) -> float | None:
        resources = initiative.resources
        if resources is None:
            return None
        total = resources.public_after + resources.community_after
        return resources.community_after / total if total else None


    def hours_rank(initiatives: Sequence[coprod.Initiative]) -> list[float | None]:
        # Percentile rank (0-1) of each initiative's volunteer hours.
        hours = sorted(i.volunteer_hours for i in initiatives)
        return [bisect.bisect_left(hours, i.volunteer_hours) / len(hours) for i in initiatives]


    def size(initiative: coprod.Initiative) -> str:
        return "large" if initiative.volunteer_hours >= 1000 else "small"


    @coprod.hookimpl
    def register_scoring_rules(register: Callable[[Registrable], None]) -> None:
        register(
            coprod.ScoringRule(
                name="example.community-share",
                metric="community-share",
                score=community_share,
                description="Share of inputs from users and communities after the change.",
            )
        )
        register(
            coprod.BatchScoringRule(
                name="example.hours-rank", metric="hours-rank", score_all=hours_rank
            )
        )
        register(coprod.ClassificationRule(name="example.size", classify=size))
    ```
    """


@_hook((MaturityCheck, "maturity_checks"))
def register_maturity_checks(register: Callable[[MaturityCheck], None]) -> None:
    """Register maturity checks: checks over a whole assessment that yield findings, such as
    "no quick wins yet" (Focus it) or "services missing from the Explorer map" (Map it).

    - `check(assessment)` returns an iterable of `coprod.Finding`; each check runs once
      per evaluation, after every scoring rule and classification, and its findings are
      added to the evaluation's findings in registration order, stamped with the check's
      name, the plugin, and the check's `step` unless a finding names its own.
    - With `uses_evaluation=True` the check is called as `check(assessment, evaluation)`
      and can read every score and classification (`evaluation.values("impact")`,
      `evaluation.classification_columns`), plugins' included, so what it says agrees
      with the report. The built-in `focus.quick-wins` and `map.service-models` checks
      work this way.
    - A check that raises, or yields something that is not a `Finding`, becomes an error
      finding naming the plugin and check (strict: `PluginError`).
    - Check names are unique across plugins: a clash is an error naming both plugins.
    - Added in 0.1.0.

    Example: Market it, flag initiatives with volunteer hours but no co-assessment.

    ```python
    from collections.abc import Callable, Iterator

    import coprod


    def unassessed_volunteering(assessment: coprod.Assessment) -> Iterator[coprod.Finding]:
        for initiative in assessment.initiatives:
            if initiative.volunteer_hours and coprod.Co.ASSESSMENT not in initiative.cos:
                yield coprod.Finding(
                    coprod.Severity.INFO,
                    f"{initiative.name!r} relies on volunteers but does not involve them in "
                    "assessing it: consider co-assessment.",
                    initiative=initiative.id,
                )


    @coprod.hookimpl
    def register_maturity_checks(register: Callable[[coprod.MaturityCheck], None]) -> None:
        register(
            coprod.MaturityCheck(
                name="example.unassessed-volunteering",
                check=unassessed_volunteering,
                step=coprod.Step.MARKET,
                description="Volunteering initiatives without co-assessment.",
            )
        )
    ```
    """


@_hook((Exporter, "exporters"))
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register report formats: each `coprod.Exporter` is a format users pass to
    `coprod assess --format`.

    - `render(report)` receives a `coprod.Report` (the organisation, one entry per
      initiative with its metric values, the Star profile, gaps, barriers, stakeholders,
      findings, and the full `evaluation` for explanations) and returns `str` or `bytes`;
      coprod writes it atomically. It must be deterministic and must escape whatever
      came from the input for its format (HTML, CSV formulas, terminal control
      characters). `coprod.io.safe_text` has the helpers the built-in exporters use:
      `neutralise_csv` (no spreadsheet formulas), `markdown_text` (Markdown rendered
      literally) and `safe_url` (links only for absolute `http`/`https` URLs); for HTML,
      use Jinja2 with autoescaping on.
    - `format` is a short lowercase name (`[a-z0-9][a-z0-9_-]{0,29}`); `media_type` and
      `suffix` describe the output (`"text/csv"`, `".csv"`).
    - Each format belongs to one exporter: a clash is an error naming both plugins, and
      the built-in formats are registered first.
    - Added in 0.1.0.

    Example: a tab-separated list of quick wins.

    ```python
    from collections.abc import Callable

    import coprod
    from coprod.io.safe_text import neutralise_csv


    def render_quick_wins(report: coprod.Report) -> str:
        names = {initiative.id: initiative.name for initiative in report.initiatives}
        rows = ["id\\tname"]
        for initiative_id in report.quick_wins:
            name = " ".join(names[initiative_id].split())  # no tabs or newlines inside a cell
            rows.append(f"{initiative_id}\\t{neutralise_csv(name)}")  # '=cmd' stays text
        return "\\n".join(rows) + "\\n"


    @coprod.hookimpl
    def register_exporters(register: Callable[[coprod.Exporter], None]) -> None:
        register(
            coprod.Exporter(
                format="quick-wins-tsv",
                media_type="text/tab-separated-values",
                suffix=".tsv",
                render=render_quick_wins,
                description="The quick wins, one per line.",
            )
        )
    ```
    """


@_hook((Barrier, "barriers"))
def register_barriers(register: Callable[[Barrier], None]) -> None:
    """Register entries of the barrier taxonomy: an organisation's own barriers, which its
    initiatives may then name alongside the seed barriers.

    - Call `register` once per `coprod.Barrier`. Its `source` is replaced by the
      plugin's name (with distribution and version for entry points), so reports say
      where each barrier comes from.
    - The taxonomy is the seed barriers first, then every plugin's barriers in
      registration order. A duplicate id is an error naming both plugins
      (`TaxonomyConflictError`'s message), and the first keeps the id.
    - Added in 0.1.0.

    Example: a rural council's barriers.

    ```python
    from collections.abc import Callable

    import coprod


    @coprod.hookimpl
    def register_barriers(register: Callable[[coprod.Barrier], None]) -> None:
        register(
            coprod.Barrier(
                id="example.ferry-timetables",
                label="Ferry timetables",
                category=coprod.BarrierCategory.CITIZENS,
                description="Island residents cannot reach meetings held on the mainland.",
            )
        )
    ```
    """


@_hook((ParameterSet, "appraisal_parameters"))
def register_appraisal_parameters(register: Callable[[ParameterSet], None]) -> None:
    """Register appraisal parameter sets (`coprod.appraisal.ParameterSet`): an
    organisation's own discount schedules and unit values (for instance GMCA-style
    unit costs) for the business case: call `register` once per set.

    - A document's `[business_case]` names the set it uses by `parameter_set`; the
      loader, `coprod validate` and the report know the bundled sets and every set
      registered here.
    - A set's `origin` is replaced by the plugin's name, so every report says who
      provided the parameters it used.
    - Ids are unique: a set whose id is bundled or registered by another plugin is a
      clash, refused naming both (a plugin cannot silently replace a published edition;
      a new edition needs a new id). coprod bundles no licensed values: bring them
      through this hook under your own licence.
    - Added in 0.1.0.

    Example: the council's own edition, here the Green Book's schedules under its id.

    ```python
    from collections.abc import Callable

    import attrs

    import coprod
    from coprod.appraisal import ParameterSet, parameter_set


    @coprod.hookimpl
    def register_appraisal_parameters(register: Callable[[ParameterSet], None]) -> None:
        register(
            attrs.evolve(
                parameter_set("green-book-2022"),
                id="example-unit-costs-2026",
                edition="2026",
                title="Example council unit costs 2026",
            )
        )
    ```
    """
