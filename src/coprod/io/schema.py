"""The JSON Schema of the assessment document, generated from the domain classes.

Generated rather than hand-written so the schema and the loader cannot drift: the
structure comes from the attrs classes the loader builds, and the constraints
their validators enforce are added from :data:`_CONSTRAINTS`. What a JSON Schema
cannot say (unique ids, references between sections, known barrier ids) is
checked by the loader only; ``docs/format.md`` lists it.
"""

from __future__ import annotations

import copy
import datetime
import enum
import types
import typing
from typing import Any, get_args, get_origin

import attrs

from coprod.model.assessment import Assessment
from coprod.model.resource_shift import MAX_AMOUNT
from coprod.model.service_model import DEFAULT_INVOLVEMENT_SCALE, Level
from coprod.model.text import ID_PATTERN

__all__ = ["SCHEMA_ID", "assessment_schema"]

SCHEMA_ID = "https://coprod.invalid/schema/assessment-1.json"

_ID = {"type": "string", "pattern": f"^{ID_PATTERN.pattern}$"}
_TEXT = {"type": "string", "pattern": r"\S"}
_RATING = {"type": "integer", "minimum": 1, "maximum": 5}
_AMOUNT = {"type": "number", "minimum": 0, "maximum": int(MAX_AMOUNT)}

# (class name, field) → extra schema keywords for what validators enforce.
_CONSTRAINTS: dict[tuple[str, str], dict[str, Any]] = {
    ("Organisation", "name"): _TEXT,
    ("Service", "id"): _ID,
    ("Service", "name"): _TEXT,
    ("Initiative", "id"): _ID,
    ("Initiative", "name"): _TEXT,
    ("Initiative", "service"): _ID,
    ("Initiative", "cos"): {"minItems": 1},
    ("Initiative", "barriers"): {"uniqueItems": True},
    ("Initiative", "volunteer_hours"): _AMOUNT,
    ("PriorityRatings", "investment"): _RATING,
    ("PriorityRatings", "risk"): _RATING,
    ("PriorityRatings", "savings"): _RATING,
    ("PriorityRatings", "outcomes"): _RATING,
    ("ResourceInputs", "public_before"): _AMOUNT,
    ("ResourceInputs", "public_after"): _AMOUNT,
    ("ResourceInputs", "community_before"): _AMOUNT,
    ("ResourceInputs", "community_after"): _AMOUNT,
    ("ExplorerEntry", "service"): _ID,
    ("Stakeholder", "id"): _ID,
    ("Stakeholder", "name"): _TEXT,
    ("Relationship", "source"): _ID,
    ("Relationship", "target"): _ID,
    ("Service", "replaces"): _ID,
    ("Initiative", "replaces"): _ID,
    ("ExtentRating", "rater"): _TEXT,
    ("RaterRatings", "rater"): _TEXT,
    ("RaterRatings", "investment"): _RATING,
    ("RaterRatings", "risk"): _RATING,
    ("RaterRatings", "savings"): _RATING,
    ("RaterRatings", "outcomes"): _RATING,
    ("Action", "id"): _ID,
    ("Action", "title"): _TEXT,
    # Market it and Grow it (issue 12): the business case's flows take the seeds' two forms.
    ("CaseCost", "form"): {"enum": ["substitutive", "additive"]},
    ("CaseBenefit", "form"): {"enum": ["substitutive", "additive"]},
    ("CaseVolunteerHours", "form"): {"enum": ["substitutive", "additive"]},
    ("Champion", "id"): _ID,
    ("Showcase", "id"): _ID,
    ("BusinessCaseInputs", "years"): {"minimum": 0, "maximum": 500},
    ("BusinessCaseInputs", "optimism_bias"): {"minimum": 0, "maximum": 10},
    ("CaseBenefit", "deadweight"): {"minimum": 0, "maximum": 1},
    ("CaseBenefit", "displacement"): {"minimum": 0, "maximum": 1},
    ("CaseBenefit", "attribution"): {"minimum": 0, "maximum": 1},
    ("CaseBenefit", "drop_off"): {"minimum": 0, "maximum": 1},
}

# Rules across fields of one class.
_CLASS_RULES: dict[str, dict[str, Any]] = {
    "ExplorerEntry": {
        "if": {"properties": {"extent": {"const": "none"}}, "required": ["extent"]},
        "then": {"properties": {"actors": {"maxItems": 0}}},
        # The extent, or the raters' ratings it is the consensus of.
        "anyOf": [
            {"required": ["extent"]},
            {"required": ["ratings"], "properties": {"ratings": {"minItems": 1}}},
        ],
    },
}

_INVOLVEMENT = {
    "description": "'low', 'high', or graded 0-4 (high from 3)",
    "anyOf": [
        {"type": "string", "enum": [level.value for level in Level]},
        {"type": "integer", "minimum": 0, "maximum": DEFAULT_INVOLVEMENT_SCALE.maximum},
    ],
}


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().split("\n\n")[0].replace("\n", " ")


class _Generator:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def of(self, t: Any) -> dict[str, Any]:
        if t is str:
            return {"type": "string"}
        if t is bool:
            return {"type": "boolean"}
        if t is int:
            return {"type": "integer"}
        if t is float:
            return {"type": "number"}
        if t is datetime.date:
            return {"type": "string", "format": "date"}
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return {"type": "string", "enum": [member.value for member in t]}
        origin = get_origin(t)
        if origin is tuple:
            return {"type": "array", "items": self.of(get_args(t)[0])}
        if origin in (typing.Union, types.UnionType):
            members = [a for a in get_args(t) if a is not type(None)]
            if set(members) == {Level, int}:
                return dict(_INVOLVEMENT)
            (inner,) = members
            return self.of(inner)
        if attrs.has(t):
            return self.attrs_class(t)
        raise TypeError(f"no JSON Schema for {t!r}")  # pragma: no cover - guards new fields

    def attrs_class(self, cls: type[Any]) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder against recursion
            attrs.resolve_types(cls)
            properties: dict[str, Any] = {}
            required = []
            for field in attrs.fields(cls):
                if not field.init:
                    continue
                schema = {**self.of(field.type), **_CONSTRAINTS.get((name, field.name), {})}
                if field.default is attrs.NOTHING:
                    required.append(field.name)
                elif _is_optional(field.type):
                    schema = {"anyOf": [schema, {"type": "null"}]}
                properties[field.name] = schema
            self.defs[name] = {
                "type": "object",
                "description": _first_line(cls.__doc__),
                "properties": properties,
                "required": required,
                "additionalProperties": False,
                **_CLASS_RULES.get(name, {}),
            }
        return {"$ref": f"#/$defs/{name}"}


def _is_optional(t: Any) -> bool:
    return get_origin(t) in (typing.Union, types.UnionType) and type(None) in get_args(t)


def assessment_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an assessment document (TOML or JSON).

    Each call returns a new dict: callers may change it freely.
    """
    generator = _Generator()
    generator.attrs_class(Assessment)
    definitions = generator.defs
    top = definitions.pop("Assessment")
    return copy.deepcopy(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": SCHEMA_ID,
            "title": "coprod assessment document",
            **top,
            "$defs": definitions,
        }
    )
