"""Hypothesis strategies that generate valid coprod domain objects.

Every strategy here generates values that the domain core accepts: ids match
:data:`coprod.model.text.ID_PATTERN`, ratings are 1-5, figures are finite and
non-negative, and :func:`assessments` keeps referential integrity (initiatives and
Explorer entries name existing services, ids are unique, barriers come from a
taxonomy, no (service, Co) cell is mapped twice, relationships join two distinct
existing stakeholders and no pair twice).

*Valid* is not *friendly*: names and descriptions include hostile-but-valid text
(markup such as ``<script>``, spreadsheet formulas, right-to-left overrides,
control characters, emoji, very long strings), so a plugin whose exporter forgets
to escape or whose rule assumes ASCII finds out in its tests, not in production.

Needs ``hypothesis`` (``pip install hypothesis``, or the ``test`` extra).
"""

from __future__ import annotations

import datetime
import functools
import itertools
import operator
import string
from collections.abc import Collection, Sequence

import attrs

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - exercised only without hypothesis
    raise ImportError(
        "coprod.testing.strategies needs hypothesis: pip install hypothesis "
        "(or install coprod with the 'test' extra)"
    ) from error

from coprod.catalogues import seed_barrier_taxonomy
from coprod.io.characters import refused_character
from coprod.model.assessment import Assessment, Initiative, InitiativeStatus, Organisation, Service
from coprod.model.explorer import Actor, ExplorerEntry, Extent
from coprod.model.priority import PriorityRatings
from coprod.model.resource_shift import ResourceInputs
from coprod.model.service_model import Involvement, Level
from coprod.model.stakeholders import Propensity, Relationship, Stakeholder, Stance
from coprod.model.star import Co

__all__ = [
    "HOSTILE_STRINGS",
    "assessments",
    "explorer_entries",
    "hostile_texts",
    "identifiers",
    "initiatives",
    "names",
    "organisations",
    "priority_ratings",
    "readings",
    "resource_inputs",
    "services",
    "stakeholders",
]

#: Hostile text that breaks naive code: each is a legal name or description, but for the
#: bidirectional override, which readers refuse and reports built in code may still hold.
HOSTILE_STRINGS: tuple[str, ...] = (
    "<script>alert('coprod')</script>",
    '"><img src=x onerror=alert(1)>',
    "&amp; &lt;b&gt; & <b>bold</b>",
    '=HYPERLINK("https://example.invalid","click")',
    "+SUM(1,2)",
    "-2+3",
    "@cmd",
    "Robert'); DROP TABLE initiatives;--",
    "{{ 7*7 }} {% raw %}",
    "${jndi:ldap://example.invalid/a}",
    "\u202eevil.txt\u202c",
    "Ysgol Gymraeg Llanfair – Ŵyn & Côr",
    "Åse Ødegård: Øvre Årdal kommune",
    "名前 · 東京都 · 서울",
    "مجلس المدينة",
    "🌟 Co-Production Star ✨",
    "line one\nline two\r\nline three",
    'tab\tseparated,comma,"quoted"',
    "zero\u200bwidth\u200djoiner and soft\u00adhyphen",
    " leading and trailing spaces ",
    "Ω" * 300,
    "A very long name " * 60,
)


# What a document may hold as text: any character but surrogates and those the one
# rule for text refuses (coprod.io.characters: C0 and C1 controls other than tab and
# line breaks, bidirectional overrides and isolates).
_TEXT_CHARACTERS = st.characters(
    exclude_categories=["Cs"],
    exclude_characters="".join(
        chr(c)
        for c in [
            *range(0x00, 0x09),
            0x0B,
            0x0C,
            *range(0x0E, 0x20),
            *range(0x7F, 0xA0),
            *range(0x202A, 0x202F),
            *range(0x2066, 0x206A),
        ]
    ),
)


#: The hostile strings a document may hold (the bidi override one is refused at input;
#: check_plugin still renders it through exporters, in coprod.testing.HOSTILE_NAMES).
_VALID_HOSTILE_STRINGS = tuple(s for s in HOSTILE_STRINGS if refused_character(s) is None)


def hostile_texts(*, max_size: int = 80) -> st.SearchStrategy[str]:
    """Any valid text, possibly empty: arbitrary unicode, or one of :data:`HOSTILE_STRINGS`.

    Valid means a document may hold it: no lone surrogates, no control characters
    other than tab, line feed and carriage return, and no bidirectional overrides.
    """
    return st.one_of(
        st.text(alphabet=_TEXT_CHARACTERS, max_size=max_size),
        st.sampled_from(_VALID_HOSTILE_STRINGS),
        st.integers(min_value=200, max_value=3000).map(lambda n: ("Ω<b>&" * n)[:n]),
    )


def names(*, max_size: int = 80) -> st.SearchStrategy[str]:
    """Non-blank text (a valid ``name``), hostile as :func:`hostile_texts`."""
    return hostile_texts(max_size=max_size).filter(lambda text: bool(text.strip()))


_ID_FIRST = string.ascii_letters + string.digits
_ID_REST = _ID_FIRST + "._-"


def identifiers() -> st.SearchStrategy[str]:
    """Valid ids: 1-100 letters, digits, ``.``, ``_`` or ``-``, starting alphanumeric."""
    return st.builds(
        operator.add,
        st.sampled_from(_ID_FIRST),
        st.text(alphabet=_ID_REST, max_size=99),
    )


def _websites() -> st.SearchStrategy[str | None]:
    return st.one_of(
        st.none(),
        st.sampled_from(
            (
                "https://example.org/co-production",
                "javascript:alert(1)",
                "https://example.org/?q=<script>&a=1",
            )
        ),
    )


def organisations() -> st.SearchStrategy[Organisation]:
    """Valid :class:`~coprod.Organisation` values."""
    return st.builds(
        Organisation,
        name=names(),
        kind=st.one_of(st.sampled_from(("council", "partnership", "agency")), hostile_texts()),
        area=hostile_texts(),
        website=_websites(),
    )


def services(*, ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Service]:
    """Valid :class:`~coprod.Service` values (ids drawn from ``ids``)."""
    return st.builds(
        Service,
        id=identifiers() if ids is None else ids,
        name=names(),
        description=hostile_texts(),
    )


def priority_ratings() -> st.SearchStrategy[PriorityRatings]:
    """Priority Matrix ratings, each an integer 1-5."""
    rating = st.integers(min_value=1, max_value=5)
    return st.builds(
        PriorityRatings, investment=rating, risk=rating, savings=rating, outcomes=rating
    )


def _figures(max_value: float) -> st.SearchStrategy[float]:
    return st.one_of(
        st.integers(min_value=0, max_value=int(max_value)),
        st.floats(min_value=0.0, max_value=max_value, allow_nan=False, allow_infinity=False),
    )


def resource_inputs(*, max_value: float = 1e9) -> st.SearchStrategy[ResourceInputs]:
    """Public and community inputs before and after: finite, non-negative, ints or floats.

    Zeros and equal before/after figures come up often, so every
    :class:`~coprod.CoProductionForm` is reached.
    """
    figure = st.one_of(st.just(0), st.sampled_from((10, 100)), _figures(max_value))
    return st.builds(
        ResourceInputs,
        public_before=figure,
        public_after=figure,
        community_before=figure,
        community_after=figure,
    )


def _involvement() -> st.SearchStrategy[Involvement | None]:
    return st.one_of(st.none(), st.sampled_from(Level), st.integers(min_value=0, max_value=4))


def _sorted_ids(ids: Collection[str]) -> list[str]:
    # Sets iterate in hash order, which changes between runs: sort for reproducibility.
    return sorted(ids)


def initiatives(
    *,
    ids: st.SearchStrategy[str] | None = None,
    service_ids: Sequence[str] | None = None,
    barrier_ids: Collection[str] | None = None,
    max_hours: float = 1e6,
) -> st.SearchStrategy[Initiative]:
    """Valid :class:`~coprod.Initiative` values.

    ``service_ids`` limits the services initiatives name (default: any id);
    ``barrier_ids`` the barriers they list (default: the seed taxonomy's). Each
    optional field is sometimes missing, so rules meet ``None`` ratings,
    resources and involvement.
    """
    barrier_pool = _sorted_ids(seed_barrier_taxonomy().ids if barrier_ids is None else barrier_ids)
    service = identifiers() if service_ids is None else st.sampled_from(list(service_ids))
    barriers: st.SearchStrategy[list[str]] = (
        st.lists(st.sampled_from(barrier_pool), unique=True, max_size=4)
        if barrier_pool
        else st.just([])
    )
    return st.builds(
        Initiative,
        id=identifiers() if ids is None else ids,
        name=names(),
        service=service,
        cos=st.sets(st.sampled_from(Co), min_size=1),
        status=st.sampled_from(InitiativeStatus),
        user_involvement=_involvement(),
        professional_involvement=_involvement(),
        ratings=st.none() | priority_ratings(),
        resources=st.none() | resource_inputs(),
        barriers=barriers,
        volunteer_hours=st.one_of(st.just(0.0), _figures(max_hours)),
        description=hostile_texts(),
        website=_websites(),
    )


def _explorer_entry(
    service: str, co: Co, extent: Extent, actors: list[Actor], notes: str
) -> ExplorerEntry:
    chosen = () if extent is Extent.NONE else tuple(actors)
    return ExplorerEntry(service=service, co=co, extent=extent, actors=chosen, notes=notes)


def _cell_contents() -> st.SearchStrategy[tuple[Extent, list[Actor], str]]:
    return st.tuples(
        st.sampled_from(Extent), st.lists(st.sampled_from(Actor), unique=True), hostile_texts()
    )


def explorer_entries(*, service: str, co: Co) -> st.SearchStrategy[ExplorerEntry]:
    """A valid Explorer cell for ``service`` × ``co`` (no actors when the extent is none)."""
    return _cell_contents().map(lambda parts: _explorer_entry(service, co, *parts))


def stakeholders(*, ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Stakeholder]:
    """Valid :class:`~coprod.Stakeholder` values."""
    return st.builds(
        Stakeholder,
        id=identifiers() if ids is None else ids,
        name=names(),
        power=st.sampled_from(Level),
        interest=st.sampled_from(Level),
        stance=st.sampled_from(Stance),
        propensity=st.none() | st.sampled_from(Propensity),
        description=hostile_texts(),
    )


# Strategies are built once and reused: building them per draw dominates generation time.
_PLACEHOLDER_SERVICE = "service"


@attrs.frozen
class _Parts:
    organisation: st.SearchStrategy[Organisation]
    service: st.SearchStrategy[Service]
    initiative: st.SearchStrategy[Initiative]
    cell: st.SearchStrategy[tuple[Extent, list[Actor], str]]
    stakeholder: st.SearchStrategy[Stakeholder]
    kind: st.SearchStrategy[str]


@functools.lru_cache(maxsize=16)
def _parts(barrier_ids: frozenset[str] | None) -> _Parts:
    return _Parts(
        organisation=organisations(),
        service=services(),
        initiative=initiatives(service_ids=[_PLACEHOLDER_SERVICE], barrier_ids=barrier_ids),
        cell=_cell_contents(),
        stakeholder=stakeholders(),
        kind=st.one_of(st.just("works with"), hostile_texts()),
    )


def _id(item: Service | Initiative | Stakeholder) -> str:
    return item.id


@st.composite
def _assessments(
    draw: st.DrawFn,
    min_services: int,
    max_services: int,
    min_initiatives: int,
    max_initiatives: int,
    max_stakeholders: int,
    barrier_ids: frozenset[str] | None,
) -> Assessment:
    parts = _parts(barrier_ids)
    service_values = draw(
        st.lists(parts.service, min_size=min_services, max_size=max_services, unique_by=_id)
    )
    n_services = len(service_values)

    initiative_values: list[Initiative] = []
    if n_services:
        templates = draw(
            st.lists(
                parts.initiative,
                min_size=min_initiatives,
                max_size=max_initiatives,
                unique_by=_id,
            )
        )
        homes = draw(
            st.lists(
                st.integers(min_value=0, max_value=n_services - 1),
                min_size=len(templates),
                max_size=len(templates),
            )
        )
        initiative_values = [
            attrs.evolve(template, service=service_values[home].id)
            for template, home in zip(templates, homes, strict=True)
        ]

    entries: list[ExplorerEntry] = []
    if n_services:
        cells = draw(
            st.lists(
                st.tuples(st.integers(min_value=0, max_value=n_services - 1), st.sampled_from(Co)),
                unique=True,
                max_size=2 * n_services,
            )
        )
        contents = draw(st.lists(parts.cell, min_size=len(cells), max_size=len(cells)))
        entries = [
            _explorer_entry(service_values[index].id, co, *content)
            for (index, co), content in zip(cells, contents, strict=True)
        ]

    people = draw(st.lists(parts.stakeholder, max_size=max_stakeholders, unique_by=_id))
    pairs = list(itertools.combinations(range(len(people)), 2))
    ties: list[Relationship] = []
    if pairs:
        chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=8))
        flips = draw(st.lists(st.booleans(), min_size=len(chosen), max_size=len(chosen)))
        kinds = draw(st.lists(parts.kind, min_size=len(chosen), max_size=len(chosen)))
        for (first, second), flip, kind in zip(chosen, flips, kinds, strict=True):
            source, target = people[first].id, people[second].id
            if flip:
                source, target = target, source
            ties.append(Relationship(source=source, target=target, kind=kind))

    return Assessment(
        organisation=draw(parts.organisation),
        services=service_values,
        initiatives=initiative_values,
        explorer=entries,
        stakeholders=people,
        relationships=ties,
    )


def assessments(
    *,
    min_services: int = 1,
    max_services: int = 4,
    min_initiatives: int = 0,
    max_initiatives: int = 8,
    max_stakeholders: int = 5,
    barrier_ids: Collection[str] | None = None,
) -> st.SearchStrategy[Assessment]:
    """Valid :class:`~coprod.Assessment` values, referential integrity included.

    Initiatives name existing services and (default) seed-taxonomy barriers; ids
    are unique; Explorer entries cover distinct (service, Co) cells; relationships
    join distinct existing stakeholders, each pair once. ``min_initiatives`` > 0
    needs ``min_services`` > 0.
    """
    if min_initiatives > 0 and min_services < 1:
        raise ValueError("initiatives need a service: min_services must be >= 1")
    if min_services > max_services or min_initiatives > max_initiatives:
        raise ValueError("a minimum is larger than its maximum")
    return _assessments(
        min_services,
        max_services,
        min_initiatives,
        max_initiatives,
        max_stakeholders,
        None if barrier_ids is None else frozenset(barrier_ids),
    )


def readings(
    *, min_readings: int = 2, max_readings: int = 4, max_initiatives: int = 8
) -> st.SearchStrategy[tuple[Assessment, ...]]:
    """Sequences of dated readings of one organisation, oldest first, ready to compare.

    One organisation and its services throughout; each reading has its own
    ``as_of`` (distinct, ascending) and ``round``, and keeps a subset of a pool of
    initiatives (names unique in the pool, so no id vanishes while a twin of its
    name appears: :func:`coprod.progress.order_readings` accepts them) and of the
    Explorer entries. Initiatives start and end between readings; pass them to
    :func:`coprod.progress.compare_readings` (as reports) to test a plugin that
    reads earlier readings.
    """
    if not 2 <= min_readings <= max_readings:
        raise ValueError("need 2 <= min_readings <= max_readings")

    @st.composite
    def build(draw: st.DrawFn) -> tuple[Assessment, ...]:
        base = draw(assessments(max_initiatives=max_initiatives))
        pool, seen = [], set()
        for initiative in base.initiatives:
            key = " ".join(initiative.name.split()).casefold()
            if key not in seen:
                seen.add(key)
                pool.append(initiative)
        count = draw(st.integers(min_readings, max_readings))
        day = draw(
            st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2080, 1, 1))
        )
        result = []
        for number in range(count):
            kept = [i for i in pool if draw(st.booleans())]
            mapped = [e for e in base.explorer if draw(st.booleans())]
            result.append(
                attrs.evolve(
                    base,
                    initiatives=kept,
                    explorer=mapped,
                    as_of=day,
                    round=f"round {number + 1}",
                )
            )
            day += datetime.timedelta(days=draw(st.integers(1, 800)))
        return tuple(result)

    return build()
