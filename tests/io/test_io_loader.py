"""The strict loader: every problem reported, once, on one line, with its ``$.`` path.

Each kind of problem is tested on its own (so a failure names the kind) and then
all together in one document (so none hides another). The document used is
``DOCUMENT`` from ``conftest.py``: two services, two initiatives, two Explorer
cells, two stakeholders and a relationship, with every optional field used once.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coprod
from coprod import (
    Actor,
    Co,
    Extent,
    InitiativeStatus,
    InvalidInputError,
    Level,
    Propensity,
    Stance,
    load_assessment,
)
from coprod.model.barriers import Barrier, BarrierCategory, BarrierTaxonomy

ROOT = Path(__file__).resolve().parents[2]
INVALID = ROOT / "examples" / "invalid"

Path_ = tuple[str | int, ...]


def problems(document: Any, **options: Any) -> list[str]:
    """The loader's problems for ``document`` as ``where: message`` lines."""
    with pytest.raises(InvalidInputError) as caught:
        load_assessment(document, **options)
    lines = [str(problem) for problem in caught.value.problems]
    assert str(caught.value) == "\n".join(lines)
    for line in lines:
        assert "\n" not in line
        assert "\r" not in line
    return lines


def at(document: Any, path: Path_) -> Any:
    for step in path:
        document = document[step]
    return document


def put(document: dict[str, Any], path: Path_, value: Any) -> dict[str, Any]:
    at(document, path[:-1])[path[-1]] = value
    return document


def drop(document: dict[str, Any], path: Path_) -> dict[str, Any]:
    del at(document, path[:-1])[path[-1]]
    return document


def where(path: Path_) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


# --- a valid document ------------------------------------------------------------------


def test_the_full_document_loads_into_typed_values(document: dict[str, Any]) -> None:
    assessment = load_assessment(document)
    assert assessment.organisation.website == "https://testshire.example.org"
    parks, care = assessment.initiatives
    assert parks.cos == (Co.DESIGN, Co.DELIVERY)
    assert parks.user_involvement == 4
    assert type(parks.user_involvement) is int
    assert parks.professional_involvement is Level.HIGH
    assert parks.ratings == coprod.PriorityRatings(investment=2, risk=1, savings=4, outcomes=5)
    assert parks.resources is not None
    assert parks.resources.form is coprod.CoProductionForm.SUBSTITUTIVE
    assert parks.barriers == ("risk-aversion", "austerity")
    assert care.status is InitiativeStatus.POTENTIAL
    assert assessment.explorer[0].actors == (Actor.FRONTLINE_STAFF, Actor.COMMUNITIES)
    assert assessment.explorer[1].extent is Extent.NONE
    assert assessment.stakeholders[0].propensity is Propensity.MOST_LIKELY
    assert assessment.relationships[0].kind == "listens to"


def test_only_what_is_needed_is_required() -> None:
    minimal = {
        "organisation": {"name": "Smallville"},
        "services": [{"id": "s", "name": "S"}],
        "initiatives": [{"id": "i", "name": "I", "service": "s", "cos": ["co-design"]}],
        "stakeholders": [{"id": "p", "name": "P", "power": "low", "interest": "high"}],
    }
    assessment = load_assessment(minimal)
    assert assessment.organisation == coprod.Organisation(name="Smallville")
    assert assessment.organisation.kind == "council"
    assert assessment.organisation.area == ""
    (initiative,) = assessment.initiatives
    assert initiative.status is InitiativeStatus.EXISTING
    assert initiative.user_involvement is None
    assert initiative.professional_involvement is None
    assert initiative.ratings is None
    assert initiative.resources is None
    assert initiative.barriers == ()
    assert initiative.volunteer_hours == 0.0
    assert initiative.description == ""
    assert initiative.website is None
    assert assessment.stakeholders[0].stance is Stance.NEUTRAL
    assert assessment.stakeholders[0].propensity is None
    assert assessment.explorer == ()
    assert assessment.relationships == ()
    assert load_assessment({"organisation": {"name": "X"}, "services": []}).services == ()


def test_null_means_not_given_for_optional_fields(document: dict[str, Any]) -> None:
    for path in [
        ("organisation", "website"),
        ("services", 0, "sector"),
        ("initiatives", 0, "ratings"),
        ("initiatives", 0, "resources"),
        ("initiatives", 0, "user_involvement"),
        ("stakeholders", 0, "propensity"),
    ]:
        put(document, path, None)
    assessment = load_assessment(document)
    assert assessment.initiatives[0].ratings is None
    assert assessment.services[0].sector is None


def test_the_mapping_is_not_mutated(document: dict[str, Any]) -> None:
    before = json.dumps(document, sort_keys=True)
    load_assessment(document)
    assert json.dumps(document, sort_keys=True) == before


# --- wrong types -----------------------------------------------------------------------

RISK = ("initiatives", 0, "ratings", "risk")

WRONG_TYPES = [
    # (path, value, message)
    (RISK, "3", "expected an integer, got '3'"),
    (RISK, 4.7, "expected an integer, got 4.7"),
    (RISK, 3.0, "expected an integer, got 3.0"),
    (RISK, True, "expected an integer, got true"),
    (RISK, False, "expected an integer, got false"),
    (RISK, None, "expected an integer, got null"),
    (RISK, [3], "expected an integer, got a list"),
    (RISK, {"value": 3}, "expected an integer, got a table"),
    (("organisation", "name"), 42, "expected a string, got 42"),
    (("services", 1, "name"), 3.5, "expected a string, got 3.5"),
    (("initiatives", 0, "name"), True, "expected a string, got true"),
    (("initiatives", 0, "cos"), "co-design", "expected a list, got 'co-design'"),
    (("initiatives", 0, "barriers"), "austerity", "expected a list, got 'austerity'"),
    (("explorer", 0, "actors"), "communities", "expected a list, got 'communities'"),
    (("services",), {"id": "parks"}, "expected a list, got a table"),
    (("initiatives",), "none", "expected a list, got 'none'"),
    (("initiatives", 0, "service"), {"id": "parks"}, "expected a string, got a table"),
    (("organisation", "kind"), ["council"], "expected a string, got a list"),
    (("organisation",), "Testshire", "expected a table, got 'Testshire'"),
    (("initiatives", 0, "ratings"), [1, 2, 3, 4], "expected a table, got a list"),
    (("initiatives", 1), "care-panel", "expected a table, got 'care-panel'"),
    (("initiatives", 0, "volunteer_hours"), "1200", "expected a number, got '1200'"),
    (("initiatives", 0, "volunteer_hours"), True, "expected a number, got true"),
    (("initiatives", 0, "resources", "public_after"), "70", "expected a number, got '70'"),
    (("initiatives", 0, "website"), 5, "expected a string, got 5"),
    (
        ("initiatives", 0, "user_involvement"),
        True,
        "must be 'low', 'high' or an integer 0-4, got true",
    ),
    (
        ("initiatives", 0, "user_involvement"),
        3.0,
        "must be 'low', 'high' or an integer 0-4, got 3.0",
    ),
    (
        ("initiatives", 0, "professional_involvement"),
        "HIGH",
        "must be 'low', 'high' or an integer 0-4, got 'HIGH'",
    ),
    (("stakeholders", 0, "power"), 1, "must be one of 'low', 'high', got 1"),
]


@pytest.mark.parametrize(
    ("path", "value", "message"), WRONG_TYPES, ids=[f"{where(p)}={v!r}" for p, v, _ in WRONG_TYPES]
)
def test_wrong_types_are_not_coerced(
    document: dict[str, Any], path: Path_, value: Any, message: str
) -> None:
    assert problems(put(document, path, value)) == [f"{where(path)}: {message}"]


@pytest.mark.parametrize("rating", ["investment", "risk", "savings", "outcomes"])
@pytest.mark.parametrize("value", [0, 6, 9, -1])
def test_out_of_range_ratings(document: dict[str, Any], rating: str, value: int) -> None:
    path = ("initiatives", 0, "ratings", rating)
    assert problems(put(document, path, value)) == [
        f"{where(path)}: must be an integer from 1 to 5, got {value}"
    ]


@pytest.mark.parametrize("value", [-1, 5, 99])
def test_out_of_range_involvement(document: dict[str, Any], value: int) -> None:
    path = ("initiatives", 1, "user_involvement")
    assert problems(put(document, path, value)) == [
        f"{where(path)}: must be 'low', 'high' or an integer 0-4, got {value}"
    ]


# --- unknown keys ----------------------------------------------------------------------

CONTAINERS: dict[Path_, type] = {
    (): coprod.Assessment,
    ("organisation",): coprod.Organisation,
    ("services", 1): coprod.Service,
    ("initiatives", 0): coprod.Initiative,
    ("initiatives", 0, "ratings"): coprod.PriorityRatings,
    ("initiatives", 0, "resources"): coprod.ResourceInputs,
    ("explorer", 0): coprod.ExplorerEntry,
    ("stakeholders", 1): coprod.Stakeholder,
    ("relationships", 0): coprod.Relationship,
}


@pytest.mark.parametrize("container", list(CONTAINERS), ids=where)
def test_unknown_keys_are_rejected_at_every_level(
    document: dict[str, Any], container: Path_
) -> None:
    allowed = ", ".join(f.name for f in attrs.fields(CONTAINERS[container]))
    at(document, container)["colour"] = "green"
    assert problems(document) == [f"{where(container)}.colour: unknown key (allowed: {allowed})"]


def test_a_misspelt_optional_key_is_not_ignored(document: dict[str, Any]) -> None:
    initiative = document["initiatives"][1]
    initiative["volunter_hours"] = 120
    (line,) = problems(document)
    assert line.startswith("$.initiatives[1].volunter_hours: unknown key (allowed: ")
    assert "volunteer_hours" in line


def test_odd_unknown_keys_stay_on_one_line(document: dict[str, Any]) -> None:
    document["initiatives"][0]["bad\nkey"] = 1
    document["organisation"]["x" * 500] = 1
    lines = problems(document)
    assert lines[0].startswith("$.organisation['xxxxx")
    assert len(lines[0]) < 300
    assert lines[1].startswith("$.initiatives[0]['bad\\nkey']: unknown key")


# --- missing required fields -----------------------------------------------------------

REQUIRED = [
    (container, field.name)
    for container, cls in CONTAINERS.items()
    for field in attrs.fields(cls)
    if field.default is attrs.NOTHING
]


@pytest.mark.parametrize(("container", "name"), REQUIRED, ids=[where((*c, n)) for c, n in REQUIRED])
def test_missing_required_fields(document: dict[str, Any], container: Path_, name: str) -> None:
    if container == () and name == "services":
        document = {"organisation": document["organisation"]}
    else:
        drop(document, (*container, name))
    lines = problems(document)
    assert lines[0] == f"{where((*container, name))}: is required but missing"
    if name not in ("id", "source", "target"):  # removing an id may also dangle a reference
        assert len(lines) == 1


def test_required_fields_are_exactly_those_without_defaults() -> None:
    required = {
        cls.__name__: [name for c, name in REQUIRED if CONTAINERS[c] is cls]
        for cls in CONTAINERS.values()
    }
    assert required == {
        "Assessment": ["organisation", "services"],
        "Organisation": ["name"],
        "Service": ["id", "name"],
        "Initiative": ["id", "name", "service", "cos"],
        "PriorityRatings": ["investment", "risk", "savings", "outcomes"],
        "ResourceInputs": ["public_before", "public_after", "community_before", "community_after"],
        # extent, or the raters' ratings it is the consensus of (test below)
        "ExplorerEntry": ["service", "co"],
        "Stakeholder": ["id", "name", "power", "interest"],
        "Relationship": ["source", "target"],
    }


# --- values outside the vocabulary -----------------------------------------------------


def _choices(values: Any) -> str:
    return ", ".join(repr(v.value) for v in values)


UNKNOWN_VALUES = [
    (("initiatives", 0, "cos", 1), "co-dancing", Co),
    (("initiatives", 0, "status"), "planned", InitiativeStatus),
    (("explorer", 0, "co"), "co-production", Co),
    (("explorer", 0, "extent"), "lots", Extent),
    (("explorer", 0, "actors", 0), "aliens", Actor),
    (("stakeholders", 0, "stance"), "hostile", Stance),
    (("stakeholders", 0, "power"), "medium", Level),
    (("stakeholders", 1, "interest"), "High", Level),
    (("stakeholders", 0, "propensity"), "likely", Propensity),
    (("services", 0, "sector"), "roads", coprod.Sector),
]


@pytest.mark.parametrize(
    ("path", "value", "vocabulary"), UNKNOWN_VALUES, ids=[where(p) for p, _, _ in UNKNOWN_VALUES]
)
def test_unknown_vocabulary(
    document: dict[str, Any], path: Path_, value: str, vocabulary: Any
) -> None:
    assert problems(put(document, path, value)) == [
        f"{where(path)}: must be one of {_choices(vocabulary)}, got {value!r}"
    ]


def test_an_initiative_needs_at_least_one_co(document: dict[str, Any]) -> None:
    assert problems(put(document, ("initiatives", 1, "cos"), [])) == [
        "$.initiatives[1].cos: must name at least one of the Four Co's"
    ]


def test_repeated_cos_and_actors_are_kept_once_in_canonical_order(
    document: dict[str, Any],
) -> None:
    put(document, ("initiatives", 1, "cos"), ["co-delivery", "co-design", "co-delivery"])
    put(document, ("explorer", 0, "actors"), ["communities", "managers", "communities"])
    assessment = load_assessment(document)
    assert assessment.initiatives[1].cos == (Co.DESIGN, Co.DELIVERY)
    assert assessment.explorer[0].actors == (Actor.MANAGERS, Actor.COMMUNITIES)


def test_explorer_extent_none_with_actors(document: dict[str, Any]) -> None:
    put(document, ("explorer", 1, "actors"), ["managers"])
    assert problems(document) == ["$.explorer[1].actors: are listed but the extent is 'none'"]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("services", 0, "id"), "Parks Dept"),
        (("initiatives", 0, "id"), "-leading-dash"),
        (("initiatives", 0, "id"), ""),
        (("initiatives", 0, "id"), "x" * 101),
        (("initiatives", 0, "id"), "new\nline"),
        (("stakeholders", 0, "id"), "<b>"),
        (("relationships", 0, "source"), "cabinet member"),
    ],
)
def test_malformed_ids(document: dict[str, Any], path: Path_, value: str) -> None:
    from coprod.io.table import excerpt

    lines = problems(put(document, path, value))
    # A long value is quoted as an excerpt (the first 59 characters and "…").
    assert lines[0] == (
        f"{where(path)}: must be 1-100 letters, digits, '.', '_' or '-' starting with a "
        f"letter or digit, got {excerpt(value)}"
    )


@pytest.mark.parametrize("value", ["", "   ", "\t\n"])
def test_blank_names(document: dict[str, Any], value: str) -> None:
    assert problems(put(document, ("initiatives", 0, "name"), value)) == [
        f"$.initiatives[0].name: must be a non-empty string, got {value!r}"
    ]


# --- numbers ---------------------------------------------------------------------------

HOURS = ("initiatives", 0, "volunteer_hours")
PUBLIC_AFTER = ("initiatives", 0, "resources", "public_after")


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (HOURS, -1, "must be a finite number >= 0, got -1.0"),
        (HOURS, -0.5, "must be a finite number >= 0, got -0.5"),
        (PUBLIC_AFTER, -20, "must not be negative, got -20.0"),
        (HOURS, math.inf, "expected a finite number, got inf"),
        (HOURS, -math.inf, "expected a finite number, got -inf"),
        (HOURS, math.nan, "expected a finite number, got nan"),
        (PUBLIC_AFTER, math.inf, "expected a finite number, got inf"),
        (HOURS, 10**400, "number too large: an integer of 401 digits"),
        (HOURS, 10**5000, "number too large: an integer of 5001 digits"),
        (RISK, 10**400, "number too large: an integer of 401 digits"),
        (RISK, -(10**5000), "number too large: an integer of 5001 digits"),
        (
            ("initiatives", 0, "user_involvement"),
            10**5000,
            "must be 'low', 'high' or an integer 0-4, got an integer of 5001 digits",
        ),
        (("initiatives", 0, "name"), 10**5000, "expected a string, got an integer of 5001 digits"),
    ],
    ids=lambda v: where(v) if isinstance(v, tuple) else "",
)
def test_bad_numbers(document: dict[str, Any], path: Path_, value: Any, message: str) -> None:
    # Huge integers used to escape the path ("$.initiatives[0].ratings: Exceeds the
    # limit (4300 digits) ..."), because validators format them with repr().
    assert problems(put(document, path, value)) == [f"{where(path)}: {message}"]


def test_zero_and_amounts_up_to_a_trillion_are_accepted(document: dict[str, Any]) -> None:
    put(document, HOURS, 0)
    put(document, PUBLIC_AFTER, 1e12)
    put(document, ("initiatives", 0, "resources", "public_before"), 10**12)
    assessment = load_assessment(document)
    assert assessment.initiatives[0].volunteer_hours == 0.0
    assert isinstance(assessment.initiatives[0].volunteer_hours, float)
    assert assessment.initiatives[0].resources is not None
    assert assessment.initiatives[0].resources.public_after == 1e12


def test_amounts_beyond_a_trillion_are_rejected(document: dict[str, Any]) -> None:
    # Bounded so that sums and weighted scores can never overflow to infinity.
    put(document, HOURS, 1.7e308)
    put(document, PUBLIC_AFTER, 10**15)
    assert problems(document) == [
        "$.initiatives[0].resources.public_after: must be at most 1e12, got 1000000000000000.0",
        "$.initiatives[0].volunteer_hours: must be at most 1e12, got 1.7e+308",
    ]


# --- referential problems --------------------------------------------------------------

REFERENTIAL: list[tuple[Callable[[dict[str, Any]], Any], list[str]]] = [
    (
        lambda d: put(d, ("initiatives", 1, "service"), "libraries"),
        ["$.initiatives[1].service: unknown service 'libraries' (known: care, parks)"],
    ),
    (
        lambda d: put(d, ("explorer", 0, "service"), "roads"),
        ["$.explorer[0].service: unknown service 'roads' (known: care, parks)"],
    ),
    (
        lambda d: put(d, ("services", 1, "id"), "parks"),
        [
            "$.services[1].id: duplicate id 'parks' (first used at $.services[0])",
            "$.initiatives[1].service: unknown service 'care' (known: parks)",
            "$.explorer[1].service: unknown service 'care' (known: parks)",
            "$.actions[0].services[0]: unknown service 'care' (known: parks)",
        ],
    ),
    (
        lambda d: put(d, ("initiatives", 1, "id"), "friends-of-parks"),
        [
            "$.initiatives[1].id: duplicate id 'friends-of-parks' (first used at $.initiatives[0])",
            "$.actions[0].initiatives[0]: unknown initiative 'care-panel' "
            "(known: friends-of-parks)",
        ],
    ),
    (
        lambda d: d["stakeholders"].append(dict(d["stakeholders"][1], name="Others")),
        ["$.stakeholders[2].id: duplicate id 'residents' (first used at $.stakeholders[1])"],
    ),
    (
        lambda d: put(d, ("initiatives", 0, "barriers", 1), "red-tape"),
        [
            "$.initiatives[0].barriers[1]: unknown barrier 'red-tape' (known: austerity, "
            "citizen-capabilities-and-time, communication-and-data, complicated-procedures, "
            "cost-worries, evidence-and-business-case, insufficient-resources, leadership, "
            "ownership, poor-processes, …)"
        ],
    ),
    (
        lambda d: put(d, ("initiatives", 0, "barriers", 1), "risk-aversion"),
        ["$.initiatives[0].barriers[1]: barrier 'risk-aversion' is listed twice"],
    ),
    (
        lambda d: put(d, ("relationships", 0, "target"), "mayor"),
        ["$.relationships[0].target: unknown stakeholder 'mayor' (known: cabinet, residents)"],
    ),
    (
        lambda d: put(d, ("relationships", 0, "target"), "cabinet"),
        ["$.relationships[0]: a stakeholder cannot be related to itself ('cabinet')"],
    ),
    (
        lambda d: d["relationships"].append({"source": "residents", "target": "cabinet"}),
        [
            "$.relationships[1]: 'residents' and 'cabinet' are already related "
            "(at $.relationships[0])"
        ],
    ),
    (
        lambda d: d["explorer"].append({"service": "parks", "co": "co-delivery", "extent": "none"}),
        ["$.explorer[2]: 'parks' × co-delivery is mapped twice (first at $.explorer[0])"],
    ),
]


@pytest.mark.parametrize(("change", "expected"), REFERENTIAL, ids=lambda v: "")
def test_referential_problems(
    document: dict[str, Any], change: Callable[[dict[str, Any]], Any], expected: list[str]
) -> None:
    change(document)
    assert problems(document) == expected


def test_relationships_with_no_stakeholders_at_all(document: dict[str, Any]) -> None:
    del document["stakeholders"]
    assert problems(document) == [
        "$.relationships[0].source: unknown stakeholder 'cabinet' (none are defined)",
        "$.relationships[0].target: unknown stakeholder 'residents' (none are defined)",
    ]


def test_every_referential_problem_is_reported_in_document_order(
    document: dict[str, Any],
) -> None:
    put(document, ("services", 1, "id"), "parks")
    put(document, ("initiatives", 0, "barriers"), ["red-tape", "austerity"])
    document["initiatives"].append(dict(document["initiatives"][1], name="Again"))
    document["stakeholders"].append(dict(document["stakeholders"][0], name="Again"))
    put(document, ("relationships", 0, "target"), "mayor")
    # Before the fix, duplicate ids of every section came first (stakeholders before
    # initiatives' services), whatever their place in the document.
    assert [line.split(": ")[0] for line in problems(document)] == [
        "$.services[1].id",
        "$.initiatives[0].barriers[0]",
        "$.initiatives[1].service",
        "$.initiatives[2].id",
        "$.initiatives[2].service",
        "$.explorer[1].service",
        "$.stakeholders[2].id",
        "$.relationships[0].target",
        "$.actions[0].services[0]",
    ]


def test_barriers_are_checked_against_the_taxonomy_given(document: dict[str, Any]) -> None:
    put(document, ("initiatives", 1, "barriers"), ["parking"])
    assert problems(document)[0].startswith("$.initiatives[1].barriers[0]: unknown barrier")
    own = BarrierTaxonomy(
        [Barrier(id="parking", label="No parking", category=BarrierCategory.OTHER, source="us")]
    )
    assessment = load_assessment(document, barriers=coprod.seed_barrier_taxonomy() | own)
    assert assessment.initiatives[1].barriers == ("parking",)
    lines = problems(document, barriers=own)
    assert lines == [
        "$.initiatives[0].barriers[0]: unknown barrier 'risk-aversion' (known: parking)",
        "$.initiatives[0].barriers[1]: unknown barrier 'austerity' (known: parking)",
        "$.actions[0].barriers[0]: unknown barrier 'risk-aversion' (known: parking)",
    ]


# --- all together ----------------------------------------------------------------------


def _expected_lines(path: Path) -> list[str]:
    prefix = "# expect: "
    return [
        line[len(prefix) :]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith(prefix)
    ]


def test_many_problems_in_one_document_are_all_reported_in_order() -> None:
    path = INVALID / "many-problems.toml"
    expected = _expected_lines(path)
    assert len(expected) == 13
    assert problems(path) == expected


def test_every_kind_at_once_in_a_mapping(document: dict[str, Any]) -> None:
    document["organisation"]["colour"] = "green"
    put(document, ("services", 0, "name"), 7)
    put(document, ("initiatives", 0, "ratings", "investment"), "2")
    put(document, ("initiatives", 0, "ratings", "risk"), 9)
    put(document, ("initiatives", 0, "ratings", "savings"), 4.7)
    put(document, ("initiatives", 0, "ratings", "outcomes"), True)
    put(document, ("initiatives", 0, "volunteer_hours"), -5)
    drop(document, ("initiatives", 1, "name"))
    put(document, ("initiatives", 1, "cos"), ["co-dancing"])
    put(document, ("explorer", 1, "actors"), ["managers"])
    put(document, ("stakeholders", 0, "stance"), "hostile")
    put(document, ("relationships", 0, "kind"), 3)
    assert problems(document) == [
        "$.organisation.colour: unknown key (allowed: name, kind, area, website)",
        "$.services[0].name: expected a string, got 7",
        "$.initiatives[0].ratings.investment: expected an integer, got '2'",
        "$.initiatives[0].ratings.risk: must be an integer from 1 to 5, got 9",
        "$.initiatives[0].ratings.savings: expected an integer, got 4.7",
        "$.initiatives[0].ratings.outcomes: expected an integer, got true",
        "$.initiatives[0].volunteer_hours: must be a finite number >= 0, got -5.0",
        "$.initiatives[1].name: is required but missing",
        "$.initiatives[1].cos[0]: must be one of 'co-commissioning', 'co-design', "
        "'co-delivery', 'co-assessment', got 'co-dancing'",
        "$.explorer[1].actors: are listed but the extent is 'none'",
        "$.stakeholders[0].stance: must be one of 'supportive', 'neutral', 'opposed', "
        "got 'hostile'",
        "$.relationships[0].kind: expected a string, got 3",
    ]


def test_referential_problems_are_reported_alongside_type_errors(
    document: dict[str, Any],
) -> None:
    put(document, RISK, 9)
    put(document, ("initiatives", 1, "service"), "libraries")
    assert problems(document) == [
        "$.initiatives[0].ratings.risk: must be an integer from 1 to 5, got 9",
        "$.initiatives[1].service: unknown service 'libraries' (known: care, parks)",
    ]


# --- hostile but valid text ------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://x")',
    "+SUM(1,2)",
    "@cmd",
    "Robert'); DROP TABLE initiatives;--",
    "{{ 7*7 }}",
    "مجلس المدينة",
    "名前 · 東京都 · 서울",
    "Ysgol Gymraeg – Ŵyn & Côr",
    "🌟 Co-Production Star ✨",
    "zero\u200bwidth\u200djoiner",
    "line one\nline two\r\nline three",
    "zero\u200bwidth",
    "\ufeffbom",
    "Ω" * 5000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t)[:30])
def test_hostile_text_is_accepted_as_data(document: dict[str, Any], text: str) -> None:
    put(document, ("organisation", "name"), text)
    put(document, ("initiatives", 0, "name"), text)
    put(document, ("initiatives", 0, "description"), text)
    put(document, ("explorer", 0, "notes"), text)
    put(document, ("stakeholders", 0, "name"), text)
    put(document, ("relationships", 0, "kind"), text)
    assessment = load_assessment(document)
    assert assessment.organisation.name == text
    assert assessment.initiatives[0].name == text
    assert assessment.initiatives[0].description == text
    assert assessment.explorer[0].notes == text
    assert assessment.stakeholders[0].name == text
    assert assessment.relationships[0].kind == text


@pytest.mark.parametrize("text", ["bad \ud800 surrogate", "\udfff"])
def test_lone_surrogates_are_not_text(document: dict[str, Any], text: str) -> None:
    # JSON can carry "\ud800"; no UTF-8 file, TOML document or terminal can. They used to
    # load, then crash the JSON exporter and the TOML dump with UnicodeEncodeError.
    put(document, ("initiatives", 0, "name"), text)
    (line,) = problems(document)
    assert line.startswith("$.initiatives[0].name: expected text, got a lone surrogate")


# --- files -----------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_files_load_like_mappings(
    tmp_path: Path, document: dict[str, Any], write_document: Any, suffix: str
) -> None:
    path = write_document(tmp_path / f"council{suffix}", document)
    assert load_assessment(path) == load_assessment(document)
    assert load_assessment(str(path)) == load_assessment(document)


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_problems_in_files_have_the_same_paths(
    tmp_path: Path, document: dict[str, Any], write_document: Any, suffix: str
) -> None:
    put(document, RISK, 9)
    path = write_document(tmp_path / f"council{suffix}", document)
    assert problems(path) == [
        "$.initiatives[0].ratings.risk: must be an integer from 1 to 5, got 9"
    ]


def test_a_utf8_bom_is_allowed(tmp_path: Path, document: dict[str, Any]) -> None:
    path = tmp_path / "council.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(document).encode())
    assert load_assessment(path) == load_assessment(document)


JSON_TEXT = [
    ('{"organisation": {"name": "X"}, "services": [], "a": NaN}', "$: invalid JSON: NaN is not"),
    ('{"organisation": {"name": "X", "n": Infinity}}', "$: invalid JSON: Infinity is not"),
    ('{"organisation": {"name": "X", "n": -Infinity}}', "$: invalid JSON: -Infinity is not"),
    ('{"organisation": {"name": "X"}, "organisation": {}}', "$: invalid JSON: duplicate key"),
    ('{"services": [{"id": "a", "id": "b"}]}', "$: invalid JSON: duplicate key 'id'"),
    ('{"services": [}', "$: invalid JSON at line 1, column 15: "),
    ("[]", "$: the document must be a table/object at the top"),
    ('"text"', "$: the document must be a table/object at the top"),
    ("", "$: invalid JSON at line 1, column 1: Expecting value"),
    ("[" * 100_000 + "]" * 100_000, "$: invalid JSON: maximum recursion depth exceeded"),
    pytest.param(
        '{"a": 1' + "0" * 5000 + "}",
        "$: invalid JSON: Exceeds the limit (4300",
        marks=pytest.mark.skipif(
            not hasattr(sys, "get_int_max_str_digits"), reason="no int digit limit before 3.10.7"
        ),
    ),
]


@pytest.mark.parametrize(("text", "start"), JSON_TEXT, ids=lambda v: repr(v)[:40])
def test_json_syntax_is_strict(tmp_path: Path, text: str, start: str) -> None:
    path = tmp_path / "council.json"
    path.write_text(text, encoding="utf-8")
    (line,) = problems(path)
    assert line.startswith(start)


def test_json_1e999_is_parsed_then_rejected_as_not_finite(
    tmp_path: Path, document: dict[str, Any]
) -> None:
    path = tmp_path / "council.json"
    text = json.dumps(document).replace('"volunteer_hours": 1200.0', '"volunteer_hours": 1e999')
    path.write_text(text, encoding="utf-8")
    assert problems(path) == ["$.initiatives[0].volunteer_hours: expected a finite number, got inf"]
    path.write_text(text.replace("1e999", "1" + "0" * 400), encoding="utf-8")
    assert problems(path) == [
        "$.initiatives[0].volunteer_hours: number too large: an integer of 401 digits"
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('organisation = { name = "X" }\nservices = []\nx = nan', "$.x: unknown key"),
        ("a = 1\na = 2", "$: invalid TOML: Cannot overwrite a value"),
        ("a = ", "$: invalid TOML: Invalid value"),
        ('a = "\\ud800"', "$: invalid TOML: "),
    ],
)
def test_toml_syntax(tmp_path: Path, text: str, line: str) -> None:
    path = tmp_path / "council.toml"
    path.write_text(text, encoding="utf-8")
    assert problems(path)[0].startswith(line)


def test_toml_nan_and_inf_are_rejected(tmp_path: Path, document: dict[str, Any]) -> None:
    path = tmp_path / "council.toml"
    put(document, HOURS, 1.0)
    put(document, PUBLIC_AFTER, 2.0)
    import tomli_w

    text = tomli_w.dumps(document).replace("= 1.0", "= nan").replace("= 2.0", "= inf")
    path.write_text(text, encoding="utf-8")
    assert problems(path) == [
        "$.initiatives[0].resources.public_after: expected a finite number, got inf",
        "$.initiatives[0].volunteer_hours: expected a finite number, got nan",
    ]


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [
        ("council.yaml", b"a: 1", "council.yaml: unsupported file type .yaml; use .toml"),
        ("council", b"", "council: unsupported file type (none); use .toml"),
        ("latin1.toml", 'name = "Caf\xe9"'.encode("latin-1"), "latin1.toml: not UTF-8 text"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: bytes, line: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    (problem,) = problems(path)
    assert problem.startswith(str(tmp_path / line.split(":")[0]) + ":" + line.split(":", 1)[1])


def test_a_missing_file(tmp_path: Path) -> None:
    assert problems(tmp_path / "nope.toml") == [
        f"{tmp_path / 'nope.toml'}: No such file or directory"
    ]


# --- any value anywhere ----------------------------------------------------------------

FULL_DOCUMENT = Path(__file__).resolve().parent / "data" / "full-document.json"


def _paths(node: Any, path: Path_ = ()) -> list[Path_]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["co-design", "high", "none", "parks", "austerity", "cabinet"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_value_anywhere_gives_an_assessment_or_one_line_problems(
    data: st.DataObject,
) -> None:
    document = json.loads(FULL_DOCUMENT.read_text(encoding="utf-8"))
    paths = _paths(document)[1:]
    for _ in range(data.draw(st.integers(min_value=1, max_value=3), label="changes")):
        path = data.draw(st.sampled_from(paths), label="path")
        try:
            put(document, path, data.draw(json_values, label="value"))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change replaced the container
    try:
        load_assessment(document)
    except InvalidInputError as error:
        for problem in error.problems:
            assert problem.where.startswith("$")
            assert "\n" not in str(problem)
            assert "\r" not in str(problem)
            assert len(str(problem)) < 1000


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("nul\x00byte", "0000"),
        ("bell\x07", "0007"),
        ("next\x85line", "0085"),  # C1, refused as in tables (issue 10: one rule)
        ("csi\x9b", "009B"),
        ("\u202eevil.txt\u202c", "202E"),  # reorders text on screen ("Trojan source")
        ("isolate\u2066x\u2069", "2066"),
    ],
)
def test_control_characters_are_not_text(document: dict[str, Any], text: str, code: str) -> None:
    document["initiatives"][0]["description"] = text
    (problem,) = problems(document)
    assert problem.startswith("$.initiatives[0].description: contains the control character")
    assert f"U+{code}" in problem


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # copied per example
)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=12))
def test_documents_and_tables_refuse_the_same_characters(
    document: dict[str, Any], text: str
) -> None:
    """One rule for text everywhere: a name a table refuses, a document refuses too."""
    from coprod.io.table import CellError
    from coprod.io.table import text as table_text

    table_codes: list[str] = []
    try:
        table_text()(text)
    except CellError as error:
        table_codes.append(error.code)
    copy = json.loads(json.dumps(document))
    copy["initiatives"][0]["description"] = text
    document_codes: list[str] = []
    try:
        load_assessment(copy)
    except InvalidInputError as error:
        document_codes.extend(p.code for p in error.problems)
    assert table_codes == document_codes
    assert table_codes in ([], ["control-character"])
