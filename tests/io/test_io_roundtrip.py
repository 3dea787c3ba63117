"""load → dump → load is the identity, for JSON and TOML (property-tested)."""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coprod import Assessment, dump_assessment, load_assessment
from coprod.io.documents import parse_document
from coprod.io.schema import assessment_schema

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

strategies = pytest.importorskip("coprod.testing.strategies")

ROOT = Path(__file__).resolve().parents[2]
FORMATS = ("json", "toml")
SCHEMA = jsonschema.Draft202012Validator(assessment_schema())


def reload(assessment: Assessment, fmt: str) -> Assessment:
    return load_assessment(parse_document(dump_assessment(assessment, fmt), fmt))


def as_data(text: str, fmt: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(text) if fmt == "json" else tomllib.loads(text)
    return data


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(assessment=strategies.assessments(), fmt=st.sampled_from(FORMATS))
def test_load_dump_load_is_the_identity(assessment: Assessment, fmt: str) -> None:
    text = dump_assessment(assessment, fmt)
    text.encode("utf-8")  # a file can hold it
    again = load_assessment(parse_document(text, fmt))
    assert again == assessment
    # Once loaded, dumping is a fixed point. (Not before: a hand-built value may hold
    # the int 0 where loading gives the equal float 0.0.)
    text = dump_assessment(again, fmt)
    assert dump_assessment(reload(again, fmt), fmt) == text
    # What dump writes is a valid document by the schema.
    assert SCHEMA.is_valid(as_data(text, fmt))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assessment=strategies.assessments(max_initiatives=4))
def test_json_and_toml_dumps_hold_the_same_document(assessment: Assessment) -> None:
    assert as_data(dump_assessment(assessment, "json"), "json") == as_data(
        dump_assessment(assessment, "toml"), "toml"
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_demo_round_trips(fmt: str, tmp_path: Path) -> None:
    text = resources.files("coprod.data").joinpath("demo-council.toml").read_text("utf-8")
    demo = load_assessment(tomllib.loads(text))
    assert reload(demo, fmt) == demo
    path = tmp_path / f"demo.{fmt}"
    path.write_text(dump_assessment(demo, fmt), encoding="utf-8")
    assert load_assessment(path) == demo


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_full_document_round_trips_through_files(
    fmt: str, tmp_path: Path, document: dict[str, Any]
) -> None:
    original = load_assessment(document)
    path = tmp_path / f"council.{fmt}"
    path.write_text(dump_assessment(original, fmt), encoding="utf-8")
    assert load_assessment(path) == original


def test_defaults_are_left_out_of_a_dump(document: dict[str, Any]) -> None:
    minimal = {
        "organisation": {"name": "Smallville"},
        "services": [{"id": "s", "name": "S"}],
        "initiatives": [{"id": "i", "name": "I", "service": "s", "cos": ["co-design"]}],
    }
    assert json.loads(dump_assessment(load_assessment(minimal), "json")) == minimal


def test_dump_rejects_unknown_formats(document: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="unknown format 'yaml'"):
        dump_assessment(load_assessment(document), "yaml")


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_text_survives_the_round_trip(fmt: str, document: dict[str, Any]) -> None:
    from coprod.io.characters import refused_character

    valid = [text for text in strategies.HOSTILE_STRINGS if refused_character(text) is None]
    assert len(valid) == len(strategies.HOSTILE_STRINGS) - 1  # all but the bidi override
    for index, text in enumerate(valid):
        document["initiatives"].append(
            {
                "id": f"h{index}",
                "name": text if text.strip() else "x",
                "description": text,
                "service": "parks",
                "cos": ["co-design"],
            }
        )
    assessment = load_assessment(document)
    assert reload(assessment, fmt) == assessment
