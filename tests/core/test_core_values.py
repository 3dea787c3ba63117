"""Domain values are immutable; taxonomies merge associatively; aggregates check integrity."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coprod
from coprod import (
    Actor,
    Assessment,
    Barrier,
    BarrierCategory,
    BarrierTaxonomy,
    Co,
    ExplorerEntry,
    Extent,
    Initiative,
    InvalidInputError,
    Level,
    Organisation,
    PriorityRatings,
    Relationship,
    ResourceInputs,
    Service,
    Stakeholder,
    TaxonomyConflictError,
    seed_barrier_taxonomy,
)

ORG = Organisation("Testshire County Council")


def _initiative(id: str = "i1", service: str = "s1", **kw: object) -> Initiative:
    return Initiative(id=id, name=f"Initiative {id}", service=service, cos=[Co.DESIGN], **kw)  # type: ignore[arg-type]


VALUES = [
    ORG,
    Service("s1", "Service"),
    _initiative(ratings=PriorityRatings(1, 2, 3, 4)),
    PriorityRatings(1, 2, 3, 4),
    ResourceInputs(1, 2, 3, 4),
    ExplorerEntry("s1", Co.DESIGN, Extent.DEVELOPING, [Actor.SERVICE_USERS]),
    Stakeholder("a", "A", Level.HIGH, Level.LOW),
    Relationship("a", "b"),
    seed_barrier_taxonomy().barriers[0],
    seed_barrier_taxonomy(),
    Assessment(ORG, [Service("s1", "S")]),
    coprod.DEFAULT_PRIORITY_SCHEME,
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_values_are_immutable(value: object) -> None:
    field = attrs.fields(type(value))[0].name
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(value, field, getattr(value, field))


def test_seed_taxonomy_has_the_eleven_and_the_workshop_barriers() -> None:
    taxonomy = seed_barrier_taxonomy()
    from_001 = [b for b in taxonomy if "001_10471c76f715a525.txt" in b.seeds]
    from_002_only = [b for b in taxonomy if b.seeds == ("002_ea409380ef17158f.txt",)]
    assert len(from_001) == 11
    assert {b.id for b in from_002_only} == {
        "complicated-procedures",
        "transport-and-geography",
        "cost-worries",
        "social-barriers",
        "austerity",
    }
    assert all(b.label and b.description and b.category for b in taxonomy)
    assert set(taxonomy.by_category()) <= set(BarrierCategory)


ids = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)


@st.composite
def disjoint_taxonomies(draw: st.DrawFn, count: int = 3) -> list[BarrierTaxonomy]:
    all_ids = draw(st.lists(ids, unique=True, max_size=12))
    cuts = sorted(
        draw(st.lists(st.integers(0, len(all_ids)), min_size=count - 1, max_size=count - 1))
    )
    bounds = [0, *cuts, len(all_ids)]
    return [
        BarrierTaxonomy(
            tuple(
                Barrier(i, i.upper(), BarrierCategory.OTHER, source=f"org {n}")
                for i in all_ids[bounds[n] : bounds[n + 1]]
            )
        )
        for n in range(count)
    ]


@given(disjoint_taxonomies())
def test_taxonomy_merge_is_associative(parts: list[BarrierTaxonomy]) -> None:
    a, b, c = parts
    assert (a | b) | c == a | (b | c) == a.merge(b, c)
    assert len(a.merge(b, c)) == len(a) + len(b) + len(c)


@given(disjoint_taxonomies(count=2), st.data())
def test_taxonomy_merge_rejects_duplicates_naming_both_sources(
    parts: list[BarrierTaxonomy], data: st.DataObject
) -> None:
    a, b = parts
    if not len(a):
        return
    clash = data.draw(st.sampled_from(a.barriers))
    theirs = BarrierTaxonomy((attrs.evolve(clash, source="Testshire's own"),))
    with pytest.raises(TaxonomyConflictError) as raised:
        a.merge(b, theirs)
    assert clash.source in str(raised.value) and "Testshire's own" in str(raised.value)
    assert clash.id in str(raised.value)


def test_explorer_entry_rejects_actors_when_nothing_happens() -> None:
    with pytest.raises(ValueError, match="actors"):
        ExplorerEntry("s1", Co.DESIGN, Extent.NONE, [Actor.MANAGERS])
    entry = ExplorerEntry(
        "s1", Co.DESIGN, Extent.IN_POCKETS, [Actor.MANAGERS, Actor.COUNCILLORS, Actor.MANAGERS]
    )
    assert entry.actors == (Actor.COUNCILLORS, Actor.MANAGERS)


def test_star_profile_and_gaps() -> None:
    entries = [
        ExplorerEntry("a", Co.DESIGN, Extent.SYSTEMATIC, [Actor.SERVICE_USERS]),
        ExplorerEntry("b", Co.DESIGN, Extent.NONE),
        ExplorerEntry("a", Co.DELIVERY, Extent.IN_POCKETS, [Actor.COMMUNITIES]),
    ]
    profile = {p.co: p for p in coprod.star_profile(["a", "b"], entries)}
    assert profile[Co.DESIGN].score == pytest.approx(3 / 6)
    assert profile[Co.DESIGN].reach == 0.5
    assert profile[Co.COMMISSIONING].score == 0
    gaps = coprod.explorer_gaps(["a", "b"], entries)
    assert (gaps[0].service, gaps[0].co) == ("a", Co.COMMISSIONING)
    assert len(gaps) == 8 - 2


@st.composite
def assessments(draw: st.DrawFn) -> Assessment:
    service_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    initiative_ids = draw(st.lists(ids, max_size=6, unique=True))
    stakeholder_ids = draw(st.lists(ids, max_size=4, unique=True))
    pairs = [(a, b) for n, a in enumerate(stakeholder_ids) for b in stakeholder_ids[n + 1 :]]
    return Assessment(
        ORG,
        [Service(s, s.title()) for s in service_ids],
        [
            _initiative(i, draw(st.sampled_from(service_ids)), barriers=["leadership"])
            for i in initiative_ids
        ],
        [
            ExplorerEntry(s, co, Extent.DEVELOPING, [Actor.MANAGERS])
            for s in service_ids
            for co in draw(st.lists(st.sampled_from(list(Co)), unique=True))
        ],
        [Stakeholder(s, s, Level.HIGH, Level.HIGH) for s in stakeholder_ids],
        [Relationship(a, b) for a, b in draw(st.lists(st.sampled_from(pairs), unique=True))]
        if pairs
        else [],
    )


FAULTS = [
    "initiative service",
    "explorer service",
    "duplicate service",
    "duplicate initiative",
    "duplicate stakeholder",
    "relationship",
    "explorer twice",
    "barrier",
    "barrier twice",
]


@given(assessments(), st.sampled_from(FAULTS))
def test_integrity_catches_every_kind_of_dangling_reference(
    assessment: Assessment, fault: str
) -> None:
    parts = {f.name: getattr(assessment, f.name) for f in attrs.fields(Assessment)}
    services, initiatives = list(assessment.services), list(assessment.initiatives)
    expected_path = ""
    if fault == "initiative service":
        initiatives.append(_initiative("zz-new", "no-such-service"))
        expected_path = f"$.initiatives[{len(initiatives) - 1}].service"
    elif fault == "explorer service":
        parts["explorer"] = (*assessment.explorer, ExplorerEntry("nowhere", Co.DESIGN, Extent.NONE))
        expected_path = f"$.explorer[{len(assessment.explorer)}].service"
    elif fault == "duplicate service":
        services.append(Service(services[0].id, "Again"))
        expected_path = f"$.services[{len(services) - 1}].id"
    elif fault == "duplicate initiative":
        initiatives.append(_initiative("zz-new", services[0].id))
        initiatives.append(_initiative("zz-new", services[0].id))
        expected_path = f"$.initiatives[{len(initiatives) - 1}].id"
    elif fault == "duplicate stakeholder":
        parts["stakeholders"] = (
            *assessment.stakeholders,
            Stakeholder("zz-x", "X", Level.LOW, Level.LOW),
            Stakeholder("zz-x", "Y", Level.LOW, Level.LOW),
        )
        expected_path = f"$.stakeholders[{len(assessment.stakeholders) + 1}].id"
    elif fault == "relationship":
        parts["relationships"] = (*assessment.relationships, Relationship("ghost", "spook"))
        expected_path = f"$.relationships[{len(assessment.relationships)}].source"
    elif fault == "explorer twice":
        entry = ExplorerEntry(services[0].id, Co.ASSESSMENT, Extent.NONE)
        parts["explorer"] = (*assessment.explorer, entry, entry)
        expected_path = f"$.explorer[{len(assessment.explorer) + 1}]"
    elif fault in ("barrier", "barrier twice"):
        barriers = ["no-such-barrier"] if fault == "barrier" else ["leadership", "leadership"]
        initiatives.append(_initiative("zz-new", services[0].id, barriers=barriers))
        expected_path = f"$.initiatives[{len(initiatives) - 1}].barriers["
    parts["services"], parts["initiatives"] = tuple(services), tuple(initiatives)
    taxonomy_ids = seed_barrier_taxonomy().ids
    if fault == "barrier":
        # Unknown barrier ids depend on the taxonomy, so only the explicit check sees them.
        built = Assessment(**parts)
        problems = built.barrier_problems(taxonomy_ids)
    else:
        with pytest.raises(InvalidInputError) as raised:
            Assessment(**parts)
        problems = raised.value.problems
    assert any(p.where.startswith(expected_path) for p in problems), problems
    assert all(p.where.startswith("$.") for p in problems)


@given(assessments())
def test_valid_assessments_have_no_integrity_problems(assessment: Assessment) -> None:
    assert coprod.integrity_problems(assessment, seed_barrier_taxonomy().ids) == ()


def test_cos_and_actors_must_be_members_not_strings() -> None:
    # The loader turns text into enums; the core does not guess.
    with pytest.raises(TypeError, match="cos must hold Co members"):
        Initiative(id="a", name="A", service="s", cos=["co-design", Co.DELIVERY])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="actors must hold Actor members"):
        ExplorerEntry("s", Co.DESIGN, Extent.DEVELOPING, ["managers"])  # type: ignore[list-item]
    initiative = Initiative(id="a", name="A", service="s", cos=[Co.DELIVERY, Co.DESIGN, Co.DESIGN])
    assert initiative.cos == (Co.DESIGN, Co.DELIVERY)
