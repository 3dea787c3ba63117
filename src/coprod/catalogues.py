"""The catalogues that are data: cases, barriers, benefits, incentives, Grow it, advice.

They live in TOML files shipped in the package (``coprod/data/catalogues/*.toml``),
each versioned (``format_version``) and citing the seed file of every entry. This
module, outside the pure core, reads them with :mod:`importlib.resources` (so they
work from a wheel or a zip) and validates them into the core's frozen classes
(:class:`~coprod.CaseStudy`, :class:`~coprod.Barrier`, …). Each file is parsed on
first use and the result cached per process (``functools.cache`` on the loaders):
``import coprod`` parses nothing.

A malformed file (a typo in a key, an unknown Co, a figure citing a seed its case
does not list) raises :class:`CatalogueError` naming the file and the ``$.path`` of
the entry.
"""

from __future__ import annotations

import difflib
import enum
import functools
import sys
from collections.abc import Callable, Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any, NoReturn, TypeVar

from coprod.errors import CoprodError
from coprod.model.advice import Advice
from coprod.model.barriers import Barrier, BarrierCategory, BarrierTaxonomy
from coprod.model.benefits import (
    BenefitCategory,
    CategoryBenefits,
    StakeholderBenefits,
    StakeholderGroup,
)
from coprod.model.cases import CaseStudy, KeyFigure, Sector
from coprod.model.grow import GrowMethod, GrowMethodDescription
from coprod.model.market import Incentive, IncentiveKind
from coprod.model.priority import PriorityQuadrant
from coprod.model.resource_shift import CoProductionForm
from coprod.model.service_model import ServiceModel
from coprod.model.stakeholders import StakeholderQuadrant
from coprod.model.star import Co, Step

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "FORMAT_VERSION",
    "CatalogueError",
    "benefit_categories",
    "case_studies",
    "case_study",
    "cases_for",
    "grow_methods",
    "incentive_examples",
    "priority_advice",
    "seed_barrier_taxonomy",
    "stakeholder_advice",
    "stakeholder_benefits",
]

#: The ``format_version`` every catalogue file declares.
FORMAT_VERSION = 1

_PACKAGE = "coprod.data"
_FOLDER = "catalogues"

_E = TypeVar("_E", bound=enum.Enum)
_T = TypeVar("_T")


class CatalogueError(CoprodError, ValueError):
    """A catalogue file shipped with coprod is malformed: the message names file and path."""


@functools.cache
def _document(name: str) -> Mapping[str, Any]:
    """The parsed TOML catalogue ``name`` (read and parsed once per process)."""
    text = resources.files(_PACKAGE).joinpath(_FOLDER).joinpath(name).read_text(encoding="utf-8")
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(f"{name}: not valid TOML: {error}") from None
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise CatalogueError(
            f"{name}: $.format_version is {version!r}; this coprod reads {FORMAT_VERSION}"
        )
    return data


class _Entry:
    """One table of a catalogue, read field by field with its location for errors."""

    def __init__(self, file: str, path: str, data: object, keys: frozenset[str]) -> None:
        self.file, self.path = file, path
        if not isinstance(data, dict):
            self.fail(f"expected a table, got {type(data).__name__}")
        self.data: dict[str, Any] = data
        unknown = sorted(set(data) - keys)
        if unknown:
            close = difflib.get_close_matches(unknown[0], sorted(keys), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            self.fail(f"unknown key {unknown[0]!r}{hint}")

    def fail(self, message: str, key: str | None = None) -> NoReturn:
        where = self.path if key is None else f"{self.path}.{key}"
        raise CatalogueError(f"{self.file}: {where}: {message}")

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str):
            self.fail("expected a string" if key in self.data else "missing", key)
        return value

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if key in self.data else None

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail("expected a list of strings", key)
        return tuple(value)

    def member(self, kind: type[_E], key: str, value: object = None) -> _E:
        raw = self.data.get(key) if value is None else value
        try:
            return kind(raw)
        except ValueError:
            known = ", ".join(repr(m.value) for m in kind)
            self.fail(f"{raw!r} is not a {kind.__name__} (known: {known})", key)

    def members(self, kind: type[_E], key: str) -> tuple[_E, ...]:
        return tuple(self.member(kind, key, raw) for raw in self.texts(key))

    def build(self, make: Callable[[], _T]) -> _T:
        """``make()``, with the core's own validation errors located in the file."""
        try:
            return make()
        except (TypeError, ValueError) as error:
            if isinstance(error, CatalogueError):
                raise
            self.fail(str(error))


def _entries(name: str, table: str, keys: set[str]) -> list[_Entry]:
    items = _document(name).get(table)
    if not isinstance(items, list) or not items:
        raise CatalogueError(f"{name}: $.{table}: expected a non-empty array of tables")
    return [_Entry(name, f"$.{table}[{n}]", item, frozenset(keys)) for n, item in enumerate(items)]


# --- case studies ----------------------------------------------------------------------

_CASE_KEYS = {
    "id",
    "name",
    "place",
    "country",
    "cos",
    "sector",
    "service_model",
    "form",
    "steps",
    "co_tagged_by_seed",
    "seeds",
    "summary",
    "aliases",
    "notes",
    "figure",
}
_FIGURE_KEYS = frozenset({"label", "value", "seed", "number"})


def _figure(case: _Entry, n: int, data: object) -> KeyFigure:
    entry = _Entry(case.file, f"{case.path}.figure[{n}]", data, _FIGURE_KEYS)
    number = entry.data.get("number")
    if number is not None and (isinstance(number, bool) or not isinstance(number, (int, float))):
        entry.fail("expected a number", "number")
    return entry.build(
        lambda: KeyFigure(
            label=entry.text("label"),
            value=entry.text("value"),
            seed=entry.text("seed"),
            number=None if number is None else float(number),
        )
    )


def _case(entry: _Entry) -> CaseStudy:
    figures = entry.data.get("figure", [])
    if not isinstance(figures, list):
        entry.fail("expected an array of tables", "figure")
    tagged = entry.data.get("co_tagged_by_seed", True)
    if not isinstance(tagged, bool):
        entry.fail("expected true or false", "co_tagged_by_seed")
    return entry.build(
        lambda: CaseStudy(
            id=entry.text("id"),
            name=entry.text("name"),
            place=entry.optional_text("place"),
            country=entry.optional_text("country"),
            cos=entry.members(Co, "cos"),
            sector=entry.member(Sector, "sector"),
            summary=entry.text("summary"),
            seeds=entry.texts("seeds"),
            figures=tuple(_figure(entry, n, f) for n, f in enumerate(figures)),
            service_model=(
                entry.member(ServiceModel, "service_model")
                if "service_model" in entry.data
                else None
            ),
            form=entry.member(CoProductionForm, "form") if "form" in entry.data else None,
            steps=entry.members(Step, "steps"),
            co_tagged_by_seed=tagged,
            aliases=entry.texts("aliases"),
            notes=entry.texts("notes"),
        )
    )


@functools.cache
def case_studies() -> tuple[CaseStudy, ...]:
    """Every case study in the seeds, grouped by Co (``data/catalogues/case-studies.toml``).

    The tuple is immutable, read once per process, and its order is stable.
    """
    cases = tuple(_case(e) for e in _entries("case-studies.toml", "case", _CASE_KEYS))
    seen: set[str] = set()
    for n, case in enumerate(cases):
        if case.id in seen:
            raise CatalogueError(f"case-studies.toml: $.case[{n}].id: {case.id!r} repeats")
        seen.add(case.id)
    return cases


def case_study(case_id: str) -> CaseStudy:
    """The case study with id ``case_id``; :class:`KeyError` naming close ids if none.

    >>> case_study("food-train").form
    <CoProductionForm.ADDITIVE: 'additive'>
    """
    for case in case_studies():
        if case.id == case_id:
            return case
    ids = [case.id for case in case_studies()]
    close = difflib.get_close_matches(str(case_id), ids, n=3)
    hint = (
        f"did you mean {', '.join(map(repr, close))}?" if close else f"known ids: {', '.join(ids)}"
    )
    raise KeyError(f"no case study with id {case_id!r}; {hint}")


def cases_for(
    co: Co | None = None,
    sector: Sector | None = None,
    *,
    step: Step | None = None,
) -> tuple[CaseStudy, ...]:
    """Case studies for a Co, a sector and/or a step; ``None`` matches anything.

    Used to suggest case studies for the gaps in an organisation's map, e.g. every
    co-assessment case in health (all seed files).

    >>> [case.id for case in cases_for(Co.ASSESSMENT, Sector.HEALTH)]
    ['highland-hospital-sweden']
    """
    if co is not None and not isinstance(co, Co):
        raise TypeError(f"co must be a Co or None, got {co!r}")
    if sector is not None and not isinstance(sector, Sector):
        raise TypeError(f"sector must be a Sector or None, got {sector!r}")
    if step is not None and not isinstance(step, Step):
        raise TypeError(f"step must be a Step or None, got {step!r}")
    return tuple(
        case
        for case in case_studies()
        if (co is None or co in case.cos)
        and (sector is None or case.sector is sector)
        and (step is None or step in case.steps)
    )


# --- the seed barrier taxonomy ---------------------------------------------------------


@functools.cache
def seed_barrier_taxonomy() -> BarrierTaxonomy:
    """The barriers of the seeds: eleven from ``001_…``, five workshop barriers from ``002_…``.

    From ``data/catalogues/barriers.toml``; an immutable value, read once per process.
    """
    keys = {"id", "label", "category", "description", "seeds"}
    barriers = []
    for entry in _entries("barriers.toml", "barrier", keys):
        barriers.append(
            entry.build(
                lambda e=entry: Barrier(  # type: ignore[misc]
                    id=e.text("id"),
                    label=e.text("label"),
                    category=e.member(BarrierCategory, "category"),
                    description=e.text("description", ""),
                    seeds=e.texts("seeds"),
                )
            )
        )
    return BarrierTaxonomy(tuple(barriers))


# --- benefits --------------------------------------------------------------------------


def _complete(file: str, table: str, found: Mapping[_E, object], kind: type[_E]) -> None:
    missing = [m.value for m in kind if m not in found]
    if missing:
        raise CatalogueError(f"{file}: $.{table}: no entry for {', '.join(map(repr, missing))}")


@functools.cache
def benefit_categories() -> Mapping[BenefitCategory, CategoryBenefits]:
    """The benefits workshop participants listed under each heading (``002_…``).

    From ``data/catalogues/benefits.toml``, in :class:`~coprod.BenefitCategory` order.
    """
    found: dict[BenefitCategory, CategoryBenefits] = {}
    for entry in _entries("benefits.toml", "category", {"category", "seeds", "benefits"}):
        category = entry.member(BenefitCategory, "category")
        if category in found:
            entry.fail(f"{category.value!r} repeats", "category")
        found[category] = entry.build(
            lambda e=entry, c=category: CategoryBenefits(  # type: ignore[misc]
                category=c, benefits=e.texts("benefits"), seeds=e.texts("seeds")
            )
        )
    _complete("benefits.toml", "category", found, BenefitCategory)
    return MappingProxyType({c: found[c] for c in BenefitCategory})


@functools.cache
def stakeholder_benefits() -> tuple[StakeholderBenefits, ...]:
    """The benefits or arguments for every :class:`~coprod.StakeholderGroup`, in seed order.

    Sources: ``000_d040532b36d186af.txt`` and ``004_2ab9b3d444068e57.txt``, kept in
    ``data/catalogues/benefits.toml``. An immutable tuple, safe to share.
    """
    found: dict[StakeholderGroup, StakeholderBenefits] = {}
    for entry in _entries("benefits.toml", "stakeholder_group", {"group", "seed", "benefits"}):
        group = entry.member(StakeholderGroup, "group")
        if group in found:
            entry.fail(f"{group.value!r} repeats", "group")
        found[group] = entry.build(
            lambda e=entry, g=group: StakeholderBenefits(  # type: ignore[misc]
                group=g, benefits=e.texts("benefits"), seed=e.text("seed")
            )
        )
    _complete("benefits.toml", "stakeholder_group", found, StakeholderGroup)
    return tuple(found[g] for g in StakeholderGroup)


# --- Market it and Grow it -------------------------------------------------------------


@functools.cache
def incentive_examples() -> tuple[Incentive, ...]:
    """The incentives ``002_ea409380ef17158f.txt`` gives as examples, classified by kind.

    The kinds follow ``003_eb91abacab6ac2c6.txt`` (see ``data/catalogues/incentives.toml``
    for why each example has its kind).
    """
    keys = {"name", "kind", "description", "seed", "case_id"}
    return tuple(
        entry.build(
            lambda e=entry: Incentive(  # type: ignore[misc]
                name=e.text("name"),
                kind=e.member(IncentiveKind, "kind"),
                description=e.text("description"),
                seed=e.optional_text("seed"),
                case_id=e.optional_text("case_id"),
            )
        )
        for entry in _entries("incentives.toml", "incentive", keys)
    )


@functools.cache
def grow_methods() -> Mapping[GrowMethod, GrowMethodDescription]:
    """What each way to grow co-production is, in the seeds' words, and which seeds say so."""
    found: dict[GrowMethod, GrowMethodDescription] = {}
    keys = {"method", "description", "seeds"}
    for entry in _entries("grow-methods.toml", "grow_method", keys):
        method = entry.member(GrowMethod, "method")
        if method in found:
            entry.fail(f"{method.value!r} repeats", "method")
        found[method] = entry.build(
            lambda e=entry, m=method: GrowMethodDescription(  # type: ignore[misc]
                method=m, description=e.text("description"), seeds=e.texts("seeds")
            )
        )
    _complete("grow-methods.toml", "grow_method", found, GrowMethod)
    return MappingProxyType({m: found[m] for m in GrowMethod})


# --- advice ----------------------------------------------------------------------------


def _advice(table: str, kind: type[_E]) -> Mapping[_E, Advice]:
    found: dict[_E, Advice] = {}
    for entry in _entries("advice.toml", table, {"quadrant", "advice", "seeds"}):
        quadrant = entry.member(kind, "quadrant")
        if quadrant in found:
            entry.fail(f"{quadrant.value!r} repeats", "quadrant")
        found[quadrant] = entry.build(
            lambda e=entry: Advice(e.text("advice"), e.texts("seeds"))  # type: ignore[misc]
        )
    _complete("advice.toml", table, found, kind)
    return MappingProxyType({q: found[q] for q in kind})


@functools.cache
def priority_advice() -> Mapping[PriorityQuadrant, Advice]:
    """What to do with activities in each Priority Matrix quadrant (Focus it, ``003_…``)."""
    return _advice("priority_quadrant", PriorityQuadrant)


@functools.cache
def stakeholder_advice() -> Mapping[StakeholderQuadrant, Advice]:
    """What to do with stakeholders in each quadrant of the matrix (People it, ``002_…``)."""
    return _advice("stakeholder_quadrant", StakeholderQuadrant)
