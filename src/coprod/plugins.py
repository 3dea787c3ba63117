"""Building a plugin manager: built-ins first, then entry points, then explicit plugins.

Nothing is loaded at import time: :func:`make_plugin_manager` is a factory, and
each call builds an independent :class:`PluginManager`.
"""

from __future__ import annotations

import importlib
import os
import warnings
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from coprod import hookspecs
from coprod.appraisal.parameters_model import ParameterSet
from coprod.contributions import (
    BatchScoringRule,
    ClassificationRule,
    Exporter,
    MaturityCheck,
    ScoringRule,
    describe_fault,
    is_plugin_fault,
    one_line,
    safe_repr,
)
from coprod.errors import PluginError, TaxonomyConflictError
from coprod.findings import Finding, Severity
from coprod.model.barriers import Barrier, BarrierTaxonomy
from coprod.model.priority import PriorityScheme

if TYPE_CHECKING:
    # importlib.metadata costs ~15 ms to import: only entry-point discovery needs it.
    from importlib.metadata import EntryPoint

__all__ = [
    "BUILTIN_PLUGINS",
    "DISABLE_ENTRY_POINTS_ENV",
    "PluginInfo",
    "PluginManager",
    "PluginWarning",
    "make_plugin_manager",
]

#: Built-in plugin modules, registered first and through the same hooks as any other.
BUILTIN_PLUGINS = (
    "coprod.builtin.barriers",
    "coprod.builtin.priority",
    "coprod.builtin.classifications",
    "coprod.builtin.business_case",
    "coprod.builtin.checks",
    "coprod.builtin.export_summary",
    "coprod.builtin.export_json",
    "coprod.builtin.export_csv",
    "coprod.builtin.export_markdown",
    "coprod.builtin.export_html",
    "coprod.builtin.export_surveys",
    "coprod.builtin.export_match",
    "coprod.builtin.export_listings",
    "coprod.builtin.export_generic",
    "coprod.builtin.export_timebank",
    "coprod.builtin.export_priorities",
    "coprod.builtin.export_progress",
    "coprod.builtin.plan_checks",
    "coprod.builtin.market_checks",
    "coprod.builtin.grow_checks",
)

#: Set this environment variable to ``1`` to skip loading entry-point plugins.
DISABLE_ENTRY_POINTS_ENV = "COPROD_DISABLE_ENTRY_POINTS"

#: The longest plugin problem message kept (one line; a plugin's text may be huge).
_MAX_MESSAGE = 1000


class PluginWarning(UserWarning):
    """A plugin failed and was skipped (not raised because the manager is not strict)."""


@attrs.frozen
class PluginInfo:
    """A registered plugin: its name, where it came from, and what it contributed."""

    name: str
    kind: str  # "builtin", "entry point" or "explicit"
    module: str
    distribution: str | None = None
    version: str | None = None
    scoring_rules: tuple[str, ...] = ()
    classifications: tuple[str, ...] = ()
    maturity_checks: tuple[str, ...] = ()
    exporters: tuple[str, ...] = ()
    barriers: tuple[str, ...] = ()
    appraisal_parameters: tuple[str, ...] = ()

    def contributions(self) -> dict[str, tuple[str, ...]]:
        """What the plugin registered, by kind (the fields named in ``hookspecs.HOOKS``)."""
        fields = dict.fromkeys(
            field for accepts in hookspecs.HOOKS.values() for field in accepts.values() if field
        )
        return {field: getattr(self, field) for field in fields}

    def describe(self) -> str:
        """The name, with distribution and version where known."""
        if self.distribution:
            return f"{self.name} ({self.distribution} {self.version or '?'})"
        return self.name


@attrs.frozen
class PluginManager:
    """Everything the plugins registered, ready for :func:`coprod.evaluate`.

    Built by :func:`make_plugin_manager`. ``pluggy`` is the underlying
    :class:`pluggy.PluginManager`, for callers who need it. ``problems`` are the
    findings about plugins that failed to load or register (empty when strict,
    since a strict manager raises instead).
    """

    pluggy: pluggy.PluginManager = attrs.field(eq=False, repr=False)
    strict: bool
    plugins: tuple[PluginInfo, ...]
    scoring_rules: tuple[ScoringRule | BatchScoringRule, ...]
    classifications: tuple[ClassificationRule, ...]
    maturity_checks: tuple[MaturityCheck, ...]
    all_exporters: tuple[Exporter, ...]
    barriers: BarrierTaxonomy
    problems: tuple[Finding, ...] = ()
    #: The Priority Matrix scheme (weights and thresholds) registered alongside the
    #: impact and effort rules, and the plugin that registered it; ``None`` if none did.
    priority_scheme: PriorityScheme | None = None
    priority_scheme_plugin: str | None = None
    appraisal_parameters: tuple[ParameterSet, ...] = ()

    @property
    def metrics(self) -> tuple[str, ...]:
        """Metric names in order of first registration."""
        return tuple(dict.fromkeys(rule.metric for rule in self.scoring_rules))

    @property
    def exporters(self) -> Mapping[str, Exporter]:
        """The exporters of assessment reports, by format (see :meth:`exporters_for`)."""
        return self.exporters_for("assessment")

    def exporters_for(self, kind: str) -> Mapping[str, Exporter]:
        """Every format that renders reports of ``kind``, and its exporter.

        An exporter that names ``kind`` wins over a generic one (kinds ``"*"``) of
        the same format. Formats are in registration order.
        """
        chosen: dict[str, Exporter] = {}
        for exporter in self.all_exporters:
            if kind in exporter.kinds:
                chosen[exporter.format] = exporter
        for exporter in self.all_exporters:
            if exporter.renders(kind):
                chosen.setdefault(exporter.format, exporter)
        order = {e.format: i for i, e in reversed(list(enumerate(self.all_exporters)))}
        return MappingProxyType(dict(sorted(chosen.items(), key=lambda item: order[item[0]])))

    def exporter(self, format: str, kind: str = "assessment") -> Exporter:
        """The exporter of ``format`` for reports of ``kind``.

        :class:`KeyError` says which formats that kind has.
        """
        known = self.exporters_for(kind)
        try:
            return known[format]
        except KeyError:
            names = ", ".join(known) or "none"
            raise KeyError(f"unknown format {format!r} (known: {names})") from None


@attrs.define
class _Builder:
    strict: bool
    pm: pluggy.PluginManager
    infos: dict[str, PluginInfo] = attrs.Factory(dict)
    problems: list[Finding] = attrs.Factory(list)
    rules: dict[str, ScoringRule | BatchScoringRule] = attrs.Factory(dict)
    classifications: dict[str, ClassificationRule] = attrs.Factory(dict)
    checks: dict[str, MaturityCheck] = attrs.Factory(dict)
    exporters: list[Exporter] = attrs.Factory(list)
    barriers: list[Barrier] = attrs.Factory(list)
    parameter_sets: list[ParameterSet] = attrs.Factory(list)
    barrier_owner: dict[str, str] = attrs.Factory(dict)
    scheme: tuple[PriorityScheme, str] | None = None

    def fail(self, message: str, *, plugin: str, item: str | None = None) -> None:
        message = one_line(message, _MAX_MESSAGE)  # pluggy's validation text spans lines
        if self.strict:
            raise PluginError(message, plugin=plugin, item=item)
        warnings.warn(message, PluginWarning, stacklevel=4)
        self.problems.append(
            Finding(Severity.ERROR, message, source=item or "plugin manager", plugin=plugin)
        )

    def add(self, plugin: object, info: PluginInfo) -> None:
        if info.name in self.infos or self.pm.is_blocked(info.name):
            if self.pm.is_blocked(info.name):
                return
            self.fail(f"plugin name {info.name!r} is already registered", plugin=info.describe())
            return
        try:
            self.pm.register(plugin, name=info.name)
        except pluggy.PluginValidationError as error:
            self.fail(f"plugin {info.describe()} is invalid: {error}", plugin=info.describe())
            return
        except ValueError as error:
            self.fail(
                f"plugin {info.describe()} could not be registered: {error}", plugin=info.name
            )
            return
        self.infos[info.name] = info

    def drop(self, name: str) -> None:
        plugin = self.pm.get_plugin(name)
        if plugin is not None:
            self.pm.unregister(plugin)
        self.infos.pop(name, None)

    def check_pending(self) -> None:
        while True:
            try:
                self.pm.check_pending()
                return
            except pluggy.PluginValidationError as error:
                name = self.pm.get_name(error.plugin) or repr(error.plugin)
                label = self.infos[name].describe() if name in self.infos else name
                self.fail(f"plugin {label} implements an unknown hook: {error}", plugin=label)
                self.drop(name)

    def collect(self) -> None:
        for hook_name in hookspecs.HOOKS:
            caller = getattr(self.pm.hook, hook_name)
            impls = {impl.plugin_name: impl for impl in caller.get_hookimpls()}
            # Registration order decides precedence, not pluggy's call order (which
            # tryfirst/trylast change): built-ins always register first.
            for name, info in list(self.infos.items()):
                impl = impls.get(name)
                if impl is not None:
                    self._call(hook_name, impl, info)

    def _call(self, hook_name: str, impl: pluggy.HookImpl, info: PluginInfo) -> None:
        registered: list[Any] = []
        register: Callable[[Any], None] = registered.append
        arguments = {"register": register}
        try:
            impl.function(**{a: arguments[a] for a in impl.argnames})
        except BaseException as error:
            if not is_plugin_fault(error):
                raise
            self.fail(
                f"plugin {info.describe()} failed in {hook_name}: {describe_fault(error)}",
                plugin=info.describe(),
                item=hook_name,
            )
            return
        for item in registered:
            self._accept(hook_name, item, info)

    def _accept(self, hook_name: str, item: object, info: PluginInfo) -> None:
        label = info.describe()
        expected = tuple(hookspecs.HOOKS[hook_name])
        if not isinstance(item, expected):
            names = " or ".join(t.__name__ for t in expected)
            self.fail(
                f"plugin {label} registered {safe_repr(item)} in {hook_name}; expected {names}",
                plugin=label,
                item=hook_name,
            )
            return
        if isinstance(item, Barrier):
            self._accept_barrier(item, info)
            return
        if isinstance(item, ParameterSet):
            self._accept_parameter_set(item, info)
            return
        if isinstance(item, PriorityScheme):
            if self.scheme is not None:
                owner = self.scheme[1]
                owner = self.infos[owner].describe() if owner in self.infos else owner
                self.fail(
                    f"a Priority Matrix scheme is registered by both {owner} and {label}; "
                    f"keeping {owner}'s",
                    plugin=label,
                    item="priority scheme",
                )
                return
            self.scheme = (item, info.name)
            return
        stamped = attrs.evolve(item, plugin=info.name)  # type: ignore[misc]
        if isinstance(stamped, ClassificationRule):
            if self._claim(self.classifications, stamped.name, stamped, "classification", info):
                self._credit(info, classifications=stamped.name)
        elif isinstance(stamped, (ScoringRule, BatchScoringRule)):
            if self._claim(self.rules, stamped.name, stamped, "scoring rule", info):
                self._credit(info, scoring_rules=stamped.name)
        elif isinstance(stamped, MaturityCheck):
            if self._claim(self.checks, stamped.name, stamped, "maturity check", info):
                self._credit(info, maturity_checks=stamped.name)
        elif isinstance(stamped, Exporter) and self._claim_exporter(stamped, info):
            self._credit(info, exporters=stamped.format)

    def _accept_parameter_set(self, parameters: ParameterSet, info: PluginInfo) -> None:
        from coprod.appraisal import bundled_parameter_sets

        owners = {s.id: "coprod (bundled)" for s in bundled_parameter_sets()}
        owners.update((s.id, s.origin) for s in self.parameter_sets)
        owner = owners.get(parameters.id)
        if owner is not None:
            self.fail(
                f"appraisal parameter set {parameters.id!r} is registered by both {owner} and "
                f"{info.describe()}; keeping {owner}'s (a new edition needs a new id)",
                plugin=info.describe(),
                item=parameters.id,
            )
            return
        self.parameter_sets.append(attrs.evolve(parameters, origin=info.describe()))
        self._credit(info, appraisal_parameters=parameters.id)

    def _credit(self, info: PluginInfo, **contribution: str) -> None:
        current = self.infos[info.name]
        ((field, item),) = contribution.items()
        changes: dict[str, Any] = {field: (*getattr(current, field), item)}
        self.infos[info.name] = attrs.evolve(current, **changes)

    def _claim(
        self, table: dict[str, Any], key: str, item: Any, kind: str, info: PluginInfo
    ) -> bool:
        existing = table.get(key)
        if existing is not None:
            owner = (
                self.infos[existing.plugin].describe()
                if existing.plugin in self.infos
                else (existing.plugin)
            )
            self.fail(
                f"{kind} {key!r} is registered by both {owner} and {info.describe()}; "
                f"keeping {owner}'s",
                plugin=info.describe(),
                item=key,
            )
            return False
        table[key] = item
        return True

    def _claim_exporter(self, exporter: Exporter, info: PluginInfo) -> bool:
        for existing in self.exporters:
            overlap = set(existing.kinds) & set(exporter.kinds)
            if existing.format == exporter.format and overlap:
                kinds = ", ".join(sorted(overlap))
                owner = (
                    self.infos[existing.plugin].describe()
                    if existing.plugin in self.infos
                    else existing.plugin
                )
                self.fail(
                    f"exporter {exporter.format!r} for {kinds} reports is registered by both "
                    f"{owner} and {info.describe()}; keeping {owner}'s",
                    plugin=info.describe(),
                    item=exporter.format,
                )
                return False
        self.exporters.append(exporter)
        return True

    def _accept_barrier(self, barrier: Barrier, info: PluginInfo) -> None:
        owner = self.barrier_owner.get(barrier.id)
        if owner is not None:
            conflict = TaxonomyConflictError(barrier.id, owner, info.describe())
            self.fail(str(conflict), plugin=info.describe(), item=barrier.id)
            return
        source = barrier.source if info.kind == "builtin" else info.describe()
        self.barriers.append(attrs.evolve(barrier, source=source))
        self.barrier_owner[barrier.id] = info.describe()
        self._credit(info, barriers=barrier.id)


def _plugin_name(plugin: object) -> str:
    explicit = getattr(plugin, "coprod_plugin_name", None)
    if isinstance(explicit, str) and explicit:
        return explicit
    module_name = getattr(plugin, "__name__", None)
    if isinstance(module_name, str):
        return module_name
    return f"{type(plugin).__module__}.{type(plugin).__qualname__}"


def _module_name(plugin: object) -> str:
    if isinstance(plugin, ModuleType):
        return plugin.__name__
    return type(plugin).__module__


def _entry_points() -> list[EntryPoint]:
    import importlib.metadata

    found = importlib.metadata.entry_points(group=hookspecs.PROJECT_NAME)
    return sorted(found, key=lambda ep: (ep.name, ep.value))


def make_plugin_manager(
    *,
    entry_points: bool = True,
    plugins: Iterable[object] = (),
    blocked: Iterable[str] = (),
    strict: bool = False,
) -> PluginManager:
    """Build a plugin manager and collect everything its plugins register.

    Order: the built-in plugins (:data:`BUILTIN_PLUGINS`), then installed
    entry points of group ``coprod`` (sorted by name; skipped when
    ``entry_points`` is false or the environment variable
    ``COPROD_DISABLE_ENTRY_POINTS=1`` is set), then ``plugins`` (modules or objects
    with hook implementations). ``blocked`` names plugins not to register, built-in
    ones included, so a researcher can replace the built-in scoring.

    Each entry point is loaded in its own ``try``. When a plugin fails to import,
    has a hook with the wrong signature or an unknown hook, raises while
    registering, or claims a name another plugin has, the manager either raises
    :class:`~coprod.errors.PluginError` naming the plugin (``strict=True``) or
    warns with :class:`PluginWarning`, records a finding in
    :attr:`PluginManager.problems`, and carries on without it.
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    for name in blocked:
        pm.set_blocked(name)
    builder = _Builder(strict=strict, pm=pm)

    for module_name in BUILTIN_PLUGINS:
        module = importlib.import_module(module_name)
        builder.add(module, PluginInfo(name=module_name, kind="builtin", module=module_name))

    if entry_points and os.environ.get(DISABLE_ENTRY_POINTS_ENV, "") not in ("1", "true", "yes"):
        for ep in _entry_points():
            dist = getattr(ep, "dist", None)
            dist_name = dist.metadata["Name"] if dist is not None else None
            version = dist.version if dist is not None else None
            info = PluginInfo(
                name=ep.name,
                kind="entry point",
                module=ep.value,
                distribution=dist_name,
                version=version,
            )
            if pm.is_blocked(ep.name):
                continue
            try:
                loaded = ep.load()
            except BaseException as error:
                if not is_plugin_fault(error):
                    raise
                builder.fail(
                    f"entry point {ep.name!r} ({ep.value}) of {dist_name or '?'} "
                    f"{version or '?'} failed to load: {describe_fault(error)}",
                    plugin=info.describe(),
                )
                continue
            builder.add(loaded, info)

    for plugin in plugins:
        name = _plugin_name(plugin)
        builder.add(plugin, PluginInfo(name=name, kind="explicit", module=_module_name(plugin)))

    builder.check_pending()
    builder.collect()
    try:
        taxonomy = BarrierTaxonomy(tuple(builder.barriers))
    except TaxonomyConflictError as error:  # pragma: no cover - prevented in _accept_barrier
        raise PluginError(str(error), plugin="?") from error
    return PluginManager(
        pluggy=pm,
        strict=strict,
        plugins=tuple(builder.infos.values()),
        scoring_rules=tuple(builder.rules.values()),
        classifications=tuple(builder.classifications.values()),
        maturity_checks=tuple(builder.checks.values()),
        all_exporters=tuple(builder.exporters),
        barriers=taxonomy,
        problems=tuple(builder.problems),
        priority_scheme=None if builder.scheme is None else builder.scheme[0],
        priority_scheme_plugin=None if builder.scheme is None else builder.scheme[1],
        appraisal_parameters=tuple(builder.parameter_sets),
    )


def load_plugin_module(path: str) -> ModuleType:
    """Import a plugin module by dotted path (for ``coprod assess -p MODULE``).

    Anything the import raises, ``SystemExit`` (a module that calls ``sys.exit()``)
    and other ``BaseException`` subclasses included, becomes a one-line
    :class:`~coprod.errors.PluginError`; only ``KeyboardInterrupt`` goes through.
    """
    try:
        return importlib.import_module(path)
    except BaseException as error:
        if not is_plugin_fault(error):
            raise
        raise PluginError(
            one_line(f"plugin module {path!r} failed to import: {describe_fault(error)}"),
            plugin=path,
        ) from error
