"""docs/format.md against the JSON Schema, the loader and the seed taxonomy.

Every property of every class in the schema (and of the top level) has a row in
that class's table in the doc, and every row names a property the schema has. The
doc's allowed values list every value the schema allows, its complete TOML and JSON
examples load to the same assessment, and its barrier table is the seed taxonomy.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

import coprod
from coprod.io.initiatives_csv import CSV_COLUMNS
from coprod.io.schema import assessment_schema

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "format.md"
FULL_DOCUMENT = Path(__file__).resolve().parent / "data" / "full-document.json"

#: The doc's section heading for each class of the schema.
SECTIONS = {
    "Assessment": "The top level",
    "Organisation": "Organisation",
    "Service": "Service",
    "Initiative": "Initiative",
    "PriorityRatings": "PriorityRatings",
    "RaterRatings": "RaterRatings",
    "ResourceInputs": "ResourceInputs",
    "ExplorerEntry": "ExplorerEntry",
    "ExtentRating": "ExtentRating",
    "Stakeholder": "Stakeholder",
    "Relationship": "Relationship",
    "Action": "Action",
    "Incentive": "Incentive",
    "Nudge": "Nudge",
    "Charter": "Charter",
    "CharterRole": "CharterRole",
    "Champion": "Champion",
    "Showcase": "Showcase",
    "Alignment": "Alignment",
    "BusinessCaseInputs": "BusinessCaseInputs",
    "CaseCost": "CaseCost",
    "CaseBenefit": "CaseBenefit",
    "CaseVolunteerHours": "CaseVolunteerHours",
    "SensitivityRange": "SensitivityRange",
}


def section(heading: str) -> str:
    """The text under ``## heading`` up to the next ``## `` heading."""
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match is not None, f"docs/format.md has no '## {heading}' section"
    return match.group(1)


def table(text: str) -> list[list[str]]:
    """The rows of the first Markdown table in ``text`` (header and rule dropped)."""
    lines = [line for line in text.splitlines() if line.startswith("|")]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
    assert len(rows) >= 3, "expected a table"
    return rows[2:]


def documented_fields(heading: str) -> dict[str, list[str]]:
    fields = {}
    for row in table(section(heading)):
        names = re.findall(r"`([a-z_]+)`", row[0])
        assert names, f"row without a `field` name in '{heading}': {row}"
        for name in names:
            fields[name] = row
    return fields


def schema_classes() -> dict[str, dict[str, Any]]:
    schema = assessment_schema()
    return {"Assessment": schema, **schema["$defs"]}


def test_every_schema_class_has_a_section() -> None:
    assert set(schema_classes()) == set(SECTIONS)


@pytest.mark.parametrize("name", list(SECTIONS))
def test_each_table_lists_exactly_the_schema_properties(name: str) -> None:
    properties = list(schema_classes()[name]["properties"])
    documented = documented_fields(SECTIONS[name])
    assert sorted(documented) == sorted(properties), (
        f"docs/format.md '{SECTIONS[name]}' and the schema disagree: "
        f"undocumented {sorted(set(properties) - set(documented))}, "
        f"not in the schema {sorted(set(documented) - set(properties))}"
    )
    # ... in the schema's order, which is the order problems are reported in.
    assert list(documented) == properties


def _enum_values(schema: dict[str, Any]) -> list[Any]:
    found = list(schema.get("enum", []))
    for key in ("anyOf", "oneOf"):
        for sub in schema.get(key, []):
            found += _enum_values(sub)
    if "items" in schema:
        found += _enum_values(schema["items"])
    return found


@pytest.mark.parametrize("name", list(SECTIONS))
def test_required_defaults_and_allowed_values_match_the_schema(name: str) -> None:
    definition = schema_classes()[name]
    documented = documented_fields(SECTIONS[name])
    for field, schema in definition["properties"].items():
        row = documented[field]
        required_cell = row[2]
        if field in definition["required"]:
            assert required_cell.startswith("required"), (name, field, required_cell)
        else:
            assert not required_cell.startswith("required"), (name, field, required_cell)
        for value in _enum_values(schema):
            assert f"`{value}`" in row[3], f"{name}.{field}: {value!r} is not documented"
        if schema.get("minimum") is not None and schema.get("maximum") is not None:
            assert f"{schema['minimum']}" in row[3] and f"{schema['maximum']}" in row[3]


def test_defaults_in_the_doc_are_the_loaders() -> None:
    minimal = coprod.load_assessment(
        {
            "organisation": {"name": "X"},
            "services": [{"id": "s", "name": "S"}],
            "initiatives": [{"id": "i", "name": "I", "service": "s", "cos": ["co-design"]}],
            "stakeholders": [{"id": "p", "name": "P", "power": "low", "interest": "low"}],
            "relationships": [],
        }
    )
    rows = documented_fields("Organisation")
    assert rows["kind"][2] == f'`"{minimal.organisation.kind}"`'
    rows = documented_fields("Initiative")
    assert rows["status"][2] == f'`"{minimal.initiatives[0].status.value}"`'
    assert rows["volunteer_hours"][2] == f"`{minimal.initiatives[0].volunteer_hours:g}`"
    assert documented_fields("Stakeholder")["stance"][2] == '`"neutral"`'
    assert documented_fields("Relationship")["kind"][2] == '`"works with"`'
    assert coprod.Relationship(source="a", target="b").kind == "works with"


def _code_block(language: str) -> str:
    text = section("A complete example")
    match = re.search(rf"```{language}\n(.*?)```", text, re.S)
    assert match is not None
    return match.group(1)


def test_the_complete_examples_are_the_same_valid_document() -> None:
    as_toml = tomllib.loads(_code_block("toml"))
    as_json = json.loads(_code_block("json"))
    assert as_toml == as_json
    assert as_json == json.loads(FULL_DOCUMENT.read_text(encoding="utf-8"))
    assessment = coprod.load_assessment(as_toml)
    # "Each optional field used at least once": nothing in the example is a default.
    schema = assessment_schema()
    for name, definition in schema["$defs"].items():
        used = set()
        for item in _items(as_json, name):
            used |= set(item)
        assert used == set(definition["properties"]), (name, set(definition["properties"]) - used)
    assert assessment.relationships[0].kind == "listens to"


def _items(document: dict[str, Any], name: str) -> list[dict[str, Any]]:
    sections: dict[str, list[dict[str, Any]]] = {
        "Organisation": [document["organisation"]],
        "Service": document["services"],
        "Initiative": document["initiatives"],
        "PriorityRatings": [i["ratings"] for i in document["initiatives"] if "ratings" in i],
        "ResourceInputs": [i["resources"] for i in document["initiatives"] if "resources" in i],
        "ExplorerEntry": document["explorer"],
        "Stakeholder": document["stakeholders"],
        "Relationship": document["relationships"],
        "RaterRatings": [r for i in document["initiatives"] for r in i.get("ratings_by_rater", [])],
        "ExtentRating": [r for e in document["explorer"] for r in e.get("ratings", [])],
        "Action": document["actions"],
        "Incentive": document["incentives"],
        "Nudge": document["nudges"],
        "Charter": document["charters"],
        "CharterRole": [r for c in document["charters"] for r in c["roles"]],
        "Champion": document["champions"],
        "Showcase": document["showcases"],
        "Alignment": [document["alignment"]],
        "BusinessCaseInputs": [document["business_case"]],
        "CaseCost": document["business_case"]["costs"],
        "CaseBenefit": document["business_case"]["benefits"],
        "CaseVolunteerHours": document["business_case"]["volunteer_hours"],
        "SensitivityRange": document["business_case"]["sensitivity"],
    }
    return sections[name]


def test_the_barrier_table_is_the_seed_taxonomy() -> None:
    rows = table(section("What the loader checks beyond the schema").split("### Barrier ids")[1])
    documented = [(r[0].strip("`"), r[1], r[2]) for r in rows]
    seed = [(b.id, b.label, b.category.value) for b in coprod.seed_barrier_taxonomy()]
    assert documented == seed
    for row, barrier in zip(rows, coprod.seed_barrier_taxonomy(), strict=True):
        assert [f"`{s[:3]}_…`" for s in barrier.seeds] == row[3].split(", ")


def test_the_csv_table_covers_every_column() -> None:
    documented = set()
    for row in table(section("A CSV table of initiatives")):
        documented |= set(re.findall(r"`([a-z_]+)`", row[0]))
        if row[1] == "yes":
            assert re.findall(r"`([a-z_]+)`", row[0])[0] in CSV_COLUMNS[:4]
    assert documented == set(CSV_COLUMNS)


def test_the_exit_codes_are_the_clis() -> None:
    from coprod.cli import EXIT_INVALID, EXIT_OK, EXIT_PLUGIN

    codes = [row[0] for row in table(section("Exit codes"))]
    assert codes == [str(EXIT_OK), str(EXIT_INVALID), str(EXIT_PLUGIN)]


def test_the_report_json_keys_are_the_exporters() -> None:
    import coprod.builtin.export_json as export_json  # a built-in: never skipped

    documented = [row[0].strip("`") for row in table(section("Report JSON"))]
    demo = coprod.load_assessment(ROOT / "examples" / "demo-council.toml")
    manager = coprod.make_plugin_manager(entry_points=False)
    report = coprod.build_report(
        demo,
        coprod.evaluate(demo, manager),
        barriers=manager.barriers,
        provenance=coprod.provenance_of(manager),
    )
    assert documented == list(export_json.report_data(report))
