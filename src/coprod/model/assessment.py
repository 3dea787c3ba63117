"""The aggregate a council fills in: its organisation, services, initiatives and maps.

It brings together every tool of the Star (``002_ea409380ef17158f.txt``,
``003_eb91abacab6ac2c6.txt``): initiatives tagged with the Four Co's and rated on
the Priority Matrix (Focus it), the Explorer map (Map it), stakeholders and their
relationships (People it), barriers (``001_10471c76f715a525.txt``) and volunteer
hours for the business case (Grow it).

An :class:`Assessment` checks its own referential integrity when it is built and
raises :class:`~coprod.errors.InvalidInputError` listing every problem with its
path (``$.initiatives[3].service: unknown service 'parks'``).
"""

from __future__ import annotations

import datetime
import enum
import math
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Protocol

import attrs

from coprod.errors import InvalidInputError, Problem
from coprod.model.actions import Action, action_problems
from coprod.model.agreement import consensus
from coprod.model.business_case import BusinessCaseInputs
from coprod.model.cases import Sector
from coprod.model.explorer import ExplorerEntry
from coprod.model.grow import Alignment, Champion, Showcase
from coprod.model.market import Charter, Incentive, Nudge
from coprod.model.market_grow import MARKET_GROW_SECTIONS, market_grow_problems
from coprod.model.priority import RATING_NAMES, RATING_SCALE, PriorityRatings, RaterRatings
from coprod.model.resource_shift import MAX_AMOUNT, ResourceInputs
from coprod.model.service_model import Involvement, Level
from coprod.model.stakeholders import Relationship, Stakeholder
from coprod.model.star import Co
from coprod.model.text import identifier, non_blank, strings

__all__ = [
    "DEFAULT_CURRENCY",
    "Assessment",
    "Initiative",
    "InitiativeStatus",
    "Organisation",
    "ResourceUnit",
    "Service",
    "in_document_order",
    "integrity_problems",
    "partial_integrity_problems",
    "unknown_barrier_problems",
]


class InitiativeStatus(str, enum.Enum):
    """Whether an initiative exists or is a potential one being considered (``003_…``)."""

    EXISTING = "existing"
    POTENTIAL = "potential"


class ResourceUnit(str, enum.Enum):
    """The one unit of every initiative's resource figures (``resources``).

    ``002_…`` lets any one unit measure public and community inputs; the document
    says which, so the report can name it. ``money`` means amounts of the
    document's :attr:`Assessment.currency`.
    """

    MONEY = "money"
    HOURS = "hours"
    FTE = "full-time equivalents"


#: The currency when a document names none: the seeds are British councils' toolkit.
DEFAULT_CURRENCY = "GBP"

_CURRENCY_CODE = re.compile(r"[A-Z]{3}")


def _currency(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a three-letter ISO 4217 code, got {value!r}")
    if not _CURRENCY_CODE.fullmatch(value):
        raise ValueError(
            f"{attribute.name} must be a three-letter ISO 4217 code in capitals "
            f"such as 'GBP' or 'EUR', got {value!r}"
        )


@attrs.frozen
class Organisation:
    """The organisation doing the assessment: a council, partnership or agency."""

    name: str = attrs.field(validator=non_blank)
    kind: str = "council"
    area: str = ""
    website: str | None = None


@attrs.frozen
class Service:
    """A service or unit of the organisation, as mapped in the Explorer (``002_…``).

    ``sector`` (optional) lets the report suggest case studies from the same sector.
    ``replaces`` is the id the service had in an earlier reading, when it was renamed
    (see :mod:`coprod.progress`).
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_blank)
    description: str = ""
    sector: Sector | None = None
    replaces: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(identifier)
    )


_CO_ORDER = tuple(Co)


def _canonical_cos(cos: Iterable[Co]) -> tuple[Co, ...]:
    given = tuple(cos)
    for co in given:
        if not isinstance(co, Co):
            raise TypeError(f"cos must hold Co members, got {co!r}")
    # Membership in a tuple, not a set: Enum.__hash__ is pure Python and slow.
    return tuple(co for co in _CO_ORDER if co in given)


def _non_empty(
    _instance: object, attribute: attrs.Attribute[tuple[Co, ...]], value: tuple[Co, ...]
) -> None:
    if not value:
        raise ValueError(f"{attribute.name} must name at least one of the Four Co's")


def _involvement(
    _instance: object, attribute: attrs.Attribute[Involvement | None], value: object
) -> None:
    if value is None or isinstance(value, Level):
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 4:
        raise ValueError(f"{attribute.name} must be 'low', 'high' or an integer 0-4, got {value!r}")


def _hours(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{attribute.name} must be a number, got {value!r}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{attribute.name} must be a finite number >= 0, got {value!r}")
    if value > MAX_AMOUNT:
        raise ValueError(f"{attribute.name} must be at most 1e12, got {value!r}")


def _tuple_of_rater_ratings(items: Iterable[RaterRatings]) -> tuple[RaterRatings, ...]:
    return tuple(items)


@attrs.frozen
class Initiative:
    """A co-production activity, existing or potential.

    ``cos`` are kept once each in the order of :class:`Co`. Involvement of service
    users/communities and of professionals is a :class:`Level` or an integer 0–4
    (see :class:`~coprod.model.service_model.InvolvementScale`); ``None`` means not
    recorded. ``ratings`` are its Priority Matrix ratings, ``resources`` its inputs
    before and after, ``barriers`` barrier ids from the taxonomy, and
    ``volunteer_hours`` the hours citizens give a year (for the business case).

    ``ratings_by_rater`` are several raters' Priority Matrix ratings
    (:class:`~coprod.model.priority.RaterRatings`); when ``ratings`` is left out,
    it is their consensus rating by rating (the lower median). ``replaces`` is the
    id the initiative had in an earlier reading, when it was renamed.
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_blank)
    service: str = attrs.field(validator=identifier)
    cos: tuple[Co, ...] = attrs.field(converter=_canonical_cos, validator=_non_empty)
    status: InitiativeStatus = InitiativeStatus.EXISTING
    user_involvement: Involvement | None = attrs.field(default=None, validator=_involvement)
    professional_involvement: Involvement | None = attrs.field(default=None, validator=_involvement)
    ratings: PriorityRatings | None = None
    resources: ResourceInputs | None = None
    barriers: tuple[str, ...] = attrs.field(default=(), converter=strings)
    volunteer_hours: float = attrs.field(default=0.0, validator=_hours)
    description: str = ""
    website: str | None = None
    ratings_by_rater: tuple[RaterRatings, ...] = attrs.field(
        default=(), converter=_tuple_of_rater_ratings
    )
    replaces: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(identifier)
    )

    def __attrs_post_init__(self) -> None:
        raters = [r.rater for r in self.ratings_by_rater]
        for rater in raters:
            if raters.count(rater) > 1:
                raise ValueError(
                    f"ratings_by_rater repeat the rater {rater!r}: a rater rates an initiative once"
                )
        if self.ratings is None and self.ratings_by_rater:
            agreed: dict[str, int] = {}
            for name in RATING_NAMES:
                found = consensus(
                    {r.rater: getattr(r, name) for r in self.ratings_by_rater}, RATING_SCALE
                )
                assert found is not None  # at least one rater
                agreed[name] = int(found.value)  # type: ignore[call-overload]
            object.__setattr__(self, "ratings", PriorityRatings(**agreed))


def _duplicates(where: str, ids: Iterable[str | None]) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for index, item_id in enumerate(ids):
        if item_id is None:
            continue
        if item_id in seen:
            problems.append(
                Problem(
                    f"$.{where}[{index}].id",
                    f"duplicate id {item_id!r} (first used at $.{where}[{seen[item_id]}])",
                )
            )
        else:
            seen[item_id] = index
    return problems


def _unknown(kind: str, value: str, known: Collection[str]) -> str:
    if not known:
        return f"unknown {kind} {value!r} (none are defined)"
    listed = ", ".join(sorted(known)[:10])
    more = ", …" if len(known) > 10 else ""
    return f"unknown {kind} {value!r} (known: {listed}{more})"


class AssessmentParts(Protocol):
    """What :func:`integrity_problems` reads: an assessment, or its parts before it is built."""

    @property
    def services(self) -> tuple[Service, ...]: ...
    @property
    def initiatives(self) -> tuple[Initiative, ...]: ...
    @property
    def explorer(self) -> tuple[ExplorerEntry, ...]: ...
    @property
    def stakeholders(self) -> tuple[Stakeholder, ...]: ...
    @property
    def relationships(self) -> tuple[Relationship, ...]: ...
    @property
    def actions(self) -> tuple[Action, ...]: ...


def integrity_problems(
    assessment: AssessmentParts, barrier_ids: Collection[str] | None = None
) -> tuple[Problem, ...]:
    """Every dangling reference and duplicate id in ``assessment``, in document order.

    Checks duplicate service, initiative and stakeholder ids; initiatives and
    Explorer entries naming unknown services; Explorer entries repeating a
    (service, Co) pair; relationships naming unknown stakeholders or repeating a
    pair; initiatives naming a barrier twice; and, when ``barrier_ids`` is given,
    initiatives naming unknown barriers; and actions repeating an id or linking
    services or initiatives that do not exist.
    """
    return partial_integrity_problems(
        services=assessment.services,
        initiatives=assessment.initiatives,
        explorer=assessment.explorer,
        stakeholders=assessment.stakeholders,
        relationships=assessment.relationships,
        barrier_ids=barrier_ids,
        actions=assessment.actions,
    )


def partial_integrity_problems(
    *,
    services: Sequence[Service | None] = (),
    initiatives: Sequence[Initiative | None] = (),
    explorer: Sequence[ExplorerEntry | None] = (),
    stakeholders: Sequence[Stakeholder | None] = (),
    relationships: Sequence[Relationship | None] = (),
    barrier_ids: Collection[str] | None = None,
    known_services: Collection[str] = (),
    known_stakeholders: Collection[str] = (),
    actions: Sequence[Action | None] = (),
    known_initiatives: Collection[str] = (),
) -> tuple[Problem, ...]:
    """:func:`integrity_problems` for a document that could only partly be read.

    Items that could not be read are ``None``: they are skipped, and the others
    keep their positions in the paths. ``known_services`` and ``known_stakeholders``
    are ids of unreadable items that still count as defined, so that a type error
    in a service is not also reported as every reference to it dangling.
    """
    problems: list[Problem] = []
    problems += _duplicates("services", (None if s is None else s.id for s in services))
    problems += _duplicates("initiatives", (None if i is None else i.id for i in initiatives))
    problems += _duplicates("stakeholders", (None if s is None else s.id for s in stakeholders))
    service_ids = {s.id for s in services if s is not None}
    for index, initiative in enumerate(initiatives):
        if initiative is None:
            continue
        if initiative.service not in service_ids and initiative.service not in known_services:
            problems.append(
                Problem(
                    f"$.initiatives[{index}].service",
                    _unknown("service", initiative.service, service_ids),
                )
            )
        if len(set(initiative.barriers)) != len(initiative.barriers):
            seen_barriers: set[str] = set()
            for b_index, barrier in enumerate(initiative.barriers):
                if barrier in seen_barriers:
                    problems.append(
                        Problem(
                            f"$.initiatives[{index}].barriers[{b_index}]",
                            f"barrier {barrier!r} is listed twice",
                        )
                    )
                seen_barriers.add(barrier)
    cells: dict[tuple[str, Co], int] = {}
    for index, entry in enumerate(explorer):
        if entry is None:
            continue
        if entry.service not in service_ids and entry.service not in known_services:
            problems.append(
                Problem(
                    f"$.explorer[{index}].service", _unknown("service", entry.service, service_ids)
                )
            )
        first = cells.setdefault((entry.service, entry.co), index)
        if first != index:
            problems.append(
                Problem(
                    f"$.explorer[{index}]",
                    f"{entry.service!r} × {entry.co.value} is mapped twice "
                    f"(first at $.explorer[{first}])",
                )
            )
    stakeholder_ids = {s.id for s in stakeholders if s is not None}
    pairs: dict[frozenset[str], int] = {}
    for index, tie in enumerate(relationships):
        if tie is None:
            continue
        for end in ("source", "target"):
            value = getattr(tie, end)
            if value not in stakeholder_ids and value not in known_stakeholders:
                problems.append(
                    Problem(
                        f"$.relationships[{index}].{end}",
                        _unknown("stakeholder", value, stakeholder_ids),
                    )
                )
        first = pairs.setdefault(frozenset((tie.source, tie.target)), index)
        if first != index:
            problems.append(
                Problem(
                    f"$.relationships[{index}]",
                    f"{tie.source!r} and {tie.target!r} are already related "
                    f"(at $.relationships[{first}])",
                )
            )
    if barrier_ids is not None:
        problems += unknown_barrier_problems(initiatives, barrier_ids)
    if actions:
        problems += action_problems(
            actions,
            services=_Either(service_ids, known_services),
            initiatives=_Either({i.id for i in initiatives if i is not None}, known_initiatives),
        )
    return in_document_order(problems)


class _Either(Collection[str]):
    """Ids defined in the document, or unreadable but counted as defined."""

    def __init__(self, ids: Collection[str], also: Collection[str]) -> None:
        self._ids, self._also = ids, also

    def __contains__(self, item: object) -> bool:
        return item in self._ids or item in self._also

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


def unknown_barrier_problems(
    initiatives: Iterable[Initiative | None], barrier_ids: Collection[str]
) -> tuple[Problem, ...]:
    """Barrier ids named by ``initiatives`` that are not in ``barrier_ids`` (a taxonomy's ids).

    Kept apart from the other integrity checks because the taxonomy is not part of
    the assessment: plugins can extend it.
    """
    return tuple(
        Problem(f"$.initiatives[{index}].barriers[{b_index}]", _unknown("barrier", b, barrier_ids))
        for index, initiative in enumerate(initiatives)
        if initiative is not None
        for b_index, b in enumerate(initiative.barriers)
        if b not in barrier_ids
    )


def in_document_order(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """``problems`` sorted by where they are in the document.

    Checks run section by section and kind by kind; readers want document order.
    The sort is stable, so one item's problems keep their order (id, then service,
    then barriers).
    """
    return tuple(sorted(problems, key=_position))


_SECTIONS = (
    "services",
    "initiatives",
    "explorer",
    "stakeholders",
    "relationships",
    "actions",
    *MARKET_GROW_SECTIONS,
)
_ITEM = re.compile(r"\$\.(\w+)\[(\d+)\]")


def _position(problem: Problem) -> tuple[int, int]:
    match = _ITEM.match(problem.where)
    if match is None or match.group(1) not in _SECTIONS:
        return (-1, 0)
    return (_SECTIONS.index(match.group(1)), int(match.group(2)))


def _tuple_of_services(items: Iterable[Service]) -> tuple[Service, ...]:
    return tuple(items)


def _tuple_of_initiatives(items: Iterable[Initiative]) -> tuple[Initiative, ...]:
    return tuple(items)


def _tuple_of_explorer(items: Iterable[ExplorerEntry]) -> tuple[ExplorerEntry, ...]:
    return tuple(items)


def _tuple_of_stakeholders(items: Iterable[Stakeholder]) -> tuple[Stakeholder, ...]:
    return tuple(items)


def _tuple_of_relationships(items: Iterable[Relationship]) -> tuple[Relationship, ...]:
    return tuple(items)


def _tuple_of_actions(items: Iterable[Action]) -> tuple[Action, ...]:
    return tuple(items)


def _incentives(items: Iterable[Incentive]) -> tuple[Incentive, ...]:
    return tuple(items)


def _nudges(items: Iterable[Nudge]) -> tuple[Nudge, ...]:
    return tuple(items)


def _charters(items: Iterable[Charter]) -> tuple[Charter, ...]:
    return tuple(items)


def _champions(items: Iterable[Champion]) -> tuple[Champion, ...]:
    return tuple(items)


def _showcases(items: Iterable[Showcase]) -> tuple[Showcase, ...]:
    return tuple(items)


def _optional_rate(
    _instance: object, attribute: attrs.Attribute[float | None], value: object
) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{attribute.name} must be a number, got {value!r}")
    if not math.isfinite(value) or not 0 <= value <= 1e6:
        raise ValueError(f"{attribute.name} must be a number from 0 to 1e6, got {value!r}")


def _as_of(
    _instance: object, attribute: attrs.Attribute[datetime.date | None], value: object
) -> None:
    if value is None:
        return
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise TypeError(f"{attribute.name} must be a date (YYYY-MM-DD), got {value!r}")


@attrs.frozen
class Assessment:
    """An organisation's co-production assessment: the input to evaluation and reports.

    Construction fails with :class:`~coprod.errors.InvalidInputError` if any id is
    duplicated or any reference dangles (see :func:`integrity_problems`). Barrier
    ids are checked against a taxonomy separately, since plugins can extend it.

    ``currency`` is the ISO 4217 code of every amount of money in the document and
    its report (default ``GBP``); ``resource_unit`` the unit of every initiative's
    ``resources`` figures (default ``money``, in ``currency``).

    A reading: ``as_of`` is the date the assessment describes (required to compare
    readings, :mod:`coprod.progress`) and ``round`` an optional label ("2025
    workshop"). ``actions`` is the action plan (:class:`~coprod.model.actions.Action`).

    Market it: ``incentives``, ``nudges`` and ``charters``
    (:mod:`coprod.model.market`). Grow it: ``champions``, ``showcases`` and the
    ``alignment`` of performance management and HR (:mod:`coprod.model.grow`), and
    the ``business_case`` (:mod:`coprod.model.business_case`).
    ``volunteer_hourly_rate`` values volunteer hours in ``currency`` (``None``: the
    documented default of £8.00 an hour, from ``001_…``).
    """

    organisation: Organisation
    services: tuple[Service, ...] = attrs.field(converter=_tuple_of_services)
    initiatives: tuple[Initiative, ...] = attrs.field(default=(), converter=_tuple_of_initiatives)
    explorer: tuple[ExplorerEntry, ...] = attrs.field(default=(), converter=_tuple_of_explorer)
    stakeholders: tuple[Stakeholder, ...] = attrs.field(
        default=(), converter=_tuple_of_stakeholders
    )
    relationships: tuple[Relationship, ...] = attrs.field(
        default=(), converter=_tuple_of_relationships
    )
    currency: str = attrs.field(default=DEFAULT_CURRENCY, validator=_currency)
    resource_unit: ResourceUnit = attrs.field(
        default=ResourceUnit.MONEY, validator=attrs.validators.instance_of(ResourceUnit)
    )
    as_of: datetime.date | None = attrs.field(default=None, validator=_as_of)
    round: str | None = None
    actions: tuple[Action, ...] = attrs.field(default=(), converter=_tuple_of_actions)
    incentives: tuple[Incentive, ...] = attrs.field(default=(), converter=_incentives)
    nudges: tuple[Nudge, ...] = attrs.field(default=(), converter=_nudges)
    charters: tuple[Charter, ...] = attrs.field(default=(), converter=_charters)
    champions: tuple[Champion, ...] = attrs.field(default=(), converter=_champions)
    showcases: tuple[Showcase, ...] = attrs.field(default=(), converter=_showcases)
    alignment: Alignment | None = None
    business_case: BusinessCaseInputs | None = None
    volunteer_hourly_rate: float | None = attrs.field(default=None, validator=_optional_rate)

    def __attrs_post_init__(self) -> None:
        problems = integrity_problems(self)
        more = market_grow_problems(
            initiatives={i.id for i in self.initiatives},
            incentives=self.incentives,
            nudges=self.nudges,
            charters=self.charters,
            champions=self.champions,
            showcases=self.showcases,
            business_case=self.business_case,
        )
        if more:
            problems = in_document_order((*problems, *more))
        if problems:
            raise InvalidInputError(problems)

    def service(self, service_id: str) -> Service:
        """The service with id ``service_id`` (``KeyError`` if there is none)."""
        for service in self.services:
            if service.id == service_id:
                return service
        raise KeyError(f"no service with id {service_id!r}")

    def barrier_problems(self, barrier_ids: Collection[str]) -> tuple[Problem, ...]:
        """Initiatives' barrier ids that are not in ``barrier_ids`` (a taxonomy's ids)."""
        return unknown_barrier_problems(self.initiatives, barrier_ids)
