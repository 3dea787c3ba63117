"""The JSON Schema against the examples, the broken examples, and the loader.

Every example document must validate. Every broken example in
``examples/invalid/`` says in its header what the schema does with it
(``# schema: rejects`` or ``# schema: accepts: <why not>``) and, line by line, what
the loader reports (``# expect: ...``); both are checked here, for the TOML file
and for the same document as JSON.

What the schema cannot say, and the loader alone checks:

- that a value names an id defined elsewhere (initiative and Explorer services,
  relationship ends): JSON Schema has no cross-references between instance values;
- that ids are unique within a section: ``uniqueItems`` compares whole objects;
- that barrier ids are known: the taxonomy is extended by plugins at run time;
- that a relationship's two ends differ: a schema cannot compare two properties;
- that numbers are finite: JSON has no NaN or infinity, and a schema cannot reject
  what Python's parser makes of ``1e999``;
- that an integer is written as one: JSON Schema's ``integer`` accepts ``3.0``.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coprod import InvalidInputError, load_assessment
from coprod.io.schema import assessment_schema

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(
    [
        *(ROOT / "examples").glob("*.toml"),
        *(ROOT / "examples").glob("*.json"),
        *(ROOT / "src" / "coprod" / "data").glob("*.toml"),
        Path(__file__).resolve().parent / "data" / "full-document.json",
    ]
)
INVALID = sorted((ROOT / "examples" / "invalid").glob("*.toml"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = assessment_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def read(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    return data


def header(path: Path, key: str) -> list[str]:
    prefix = f"# {key}: "
    return [
        line[len(prefix) :]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith(prefix)
    ]


def loader_problems(document: Any) -> list[str]:
    with pytest.raises(InvalidInputError) as caught:
        load_assessment(document)
    return [str(problem) for problem in caught.value.problems]


def test_the_schema_is_draft_2020_12(cli: Any) -> None:
    run = cli(["schema"])
    assert run.code == 0
    printed = json.loads(run.out)
    jsonschema.Draft202012Validator.check_schema(printed)
    assert printed == assessment_schema()
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert printed["additionalProperties"] is False
    assert all(d["additionalProperties"] is False for d in printed["$defs"].values())


def test_the_schema_is_stable() -> None:
    assert assessment_schema() == assessment_schema()
    assert json.dumps(assessment_schema()) == json.dumps(assessment_schema())


def test_there_are_examples_to_check() -> None:
    names = {path.name for path in EXAMPLES}
    assert "demo-council.toml" in names
    assert len(INVALID) >= 30


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_validates_and_loads(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    document = read(path)
    assert list(validator.iter_errors(document)) == []
    assessment = load_assessment(path)
    # The same document as JSON: valid against the schema, and the same assessment.
    as_json = json.loads(json.dumps(document))
    assert list(validator.iter_errors(as_json)) == []
    assert load_assessment(as_json) == assessment


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_broken_examples_are_rejected_as_their_header_says(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    (verdict,) = header(path, "schema")
    expected = header(path, "expect")
    assert expected, f"{path.name} has no '# expect:' lines"
    document = read(path)

    assert loader_problems(path) == expected
    assert loader_problems(json.loads(json.dumps(document))) == expected

    errors = list(validator.iter_errors(document))
    if verdict == "rejects":
        assert errors, f"the schema accepts {path.name}"
        # The schema and the loader agree on where: every loader path lies under a
        # place the schema complains about.
        schema_paths = {error.json_path for error in errors}
        for line in expected:
            problem_path = line.split(": ", 1)[0]
            assert any(problem_path.startswith(p) for p in schema_paths), (line, schema_paths)
    else:
        assert verdict.startswith("accepts: "), verdict
        assert errors == [], [e.message for e in errors]


def test_referential_examples_cover_each_kind() -> None:
    referential = {p.stem for p in INVALID if header(p, "schema")[0].startswith("accepts")}
    assert {
        "dangling-service",
        "dangling-explorer-service",
        "duplicate-service-id",
        "duplicate-initiative-id",
        "duplicate-stakeholder-id",
        "unknown-barrier",
        "unknown-stakeholder",
        "self-relationship",
        "repeated-relationship",
        "explorer-cell-twice",
    } <= referential


@pytest.mark.parametrize(
    ("change", "value"),
    [
        (("initiatives", 0, "ratings", "risk"), 3.0),  # JSON Schema's integer allows 3.0
        (("initiatives", 0, "user_involvement"), 2.0),
    ],
)
def test_what_only_the_loader_rejects(
    document: dict[str, Any],
    validator: jsonschema.Draft202012Validator,
    change: tuple[Any, ...],
    value: Any,
) -> None:
    target: Any = document
    for step in change[:-1]:
        target = target[step]
    target[change[-1]] = value
    assert validator.is_valid(document)
    assert loader_problems(document)


@pytest.mark.parametrize("value", [1e12 + 1, float("inf")])  # inf: what json makes of 1e999
def test_amounts_beyond_a_trillion_are_rejected_by_both(
    document: dict[str, Any], validator: jsonschema.Draft202012Validator, value: float
) -> None:
    document["initiatives"][0]["volunteer_hours"] = value
    assert not validator.is_valid(document)
    assert loader_problems(document)


def test_a_trailing_newline_in_an_id_passes_python_jsonschema_only(
    document: dict[str, Any], validator: jsonschema.Draft202012Validator
) -> None:
    # The id pattern is anchored with ^...$; ECMA-262 (the dialect JSON Schema uses)
    # rejects "parks\n", but the jsonschema package matches with Python's re, whose $
    # also matches before a final newline. The loader rejects it either way.
    document["initiatives"][1]["id"] = "care-panel\n"
    assert validator.is_valid(document)
    assert loader_problems(document)[0].startswith("$.initiatives[1].id: must be 1-100")


def test_schema_properties_are_the_loader_keys() -> None:
    import attrs

    import coprod
    import coprod.model.actions
    import coprod.model.business_case
    import coprod.model.explorer
    import coprod.model.grow
    import coprod.model.market
    import coprod.model.priority

    schema = assessment_schema()
    classes = {
        "Organisation": coprod.Organisation,
        "Service": coprod.Service,
        "Initiative": coprod.Initiative,
        "PriorityRatings": coprod.PriorityRatings,
        "ResourceInputs": coprod.ResourceInputs,
        "ExplorerEntry": coprod.ExplorerEntry,
        "Stakeholder": coprod.Stakeholder,
        "Relationship": coprod.Relationship,
        "RaterRatings": coprod.model.priority.RaterRatings,
        "ExtentRating": coprod.model.explorer.ExtentRating,
        "Action": coprod.model.actions.Action,
        # Market it and Grow it (issue 12)
        "Incentive": coprod.model.market.Incentive,
        "Nudge": coprod.model.market.Nudge,
        "Charter": coprod.model.market.Charter,
        "CharterRole": coprod.model.market.CharterRole,
        "Champion": coprod.model.grow.Champion,
        "Showcase": coprod.model.grow.Showcase,
        "Alignment": coprod.model.grow.Alignment,
        "BusinessCaseInputs": coprod.model.business_case.BusinessCaseInputs,
        "CaseCost": coprod.model.business_case.CaseCost,
        "CaseBenefit": coprod.model.business_case.CaseBenefit,
        "CaseVolunteerHours": coprod.model.business_case.CaseVolunteerHours,
        "SensitivityRange": coprod.model.business_case.SensitivityRange,
    }
    assert set(schema["$defs"]) == set(classes)
    for name, cls in classes.items():
        fields = attrs.fields(cls)
        assert list(schema["$defs"][name]["properties"]) == [f.name for f in fields]
        assert schema["$defs"][name]["required"] == [
            f.name for f in fields if f.default is attrs.NOTHING
        ]
    assert list(schema["properties"]) == [f.name for f in attrs.fields(coprod.Assessment)]


# --- the schema is never stricter than the loader --------------------------------------

FULL_DOCUMENT = Path(__file__).resolve().parent / "data" / "full-document.json"

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-10, max_value=10)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(
        ["co-design", "high", "low", "none", "in pockets", "parks", "care", "austerity", ""]
    ),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["id", "name", "service", "co", "extent", "x"]), children, max_size=3
        )
    ),
    max_leaves=5,
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


_BASE = json.loads(FULL_DOCUMENT.read_text(encoding="utf-8"))
_PATHS = _paths(_BASE)[1:]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.lists(
        st.tuples(st.sampled_from(_PATHS), json_values | st.just(...)), min_size=1, max_size=3
    )
)
def test_whatever_the_schema_rejects_the_loader_rejects(
    changes: list[tuple[tuple[Any, ...], Any]],
) -> None:
    document = copy.deepcopy(_BASE)
    for path, value in changes:
        target: Any = document
        try:
            for step in path[:-1]:
                target = target[step]
            if value is ...:
                del target[path[-1]]
            else:
                target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed or replaced the container
    validator = jsonschema.Draft202012Validator(_SCHEMA)
    schema_ok = validator.is_valid(document)
    try:
        load_assessment(document)
    except InvalidInputError:
        return
    assert schema_ok, [e.message for e in validator.iter_errors(document)]


_SCHEMA = assessment_schema()
