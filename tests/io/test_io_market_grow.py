"""Market it and Grow it sections in the document: accepted, and rejected with ``$.`` paths."""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import coprod
from coprod.errors import InvalidInputError

BASE: dict[str, Any] = {
    "as_of": "2026-03-01",
    "organisation": {"name": "Solihull-like Council"},
    "services": [{"id": "streets", "name": "Street scene"}],
    "initiatives": [
        {
            "id": "champions",
            "name": "Environmental champions",
            "service": "streets",
            "cos": ["co-delivery"],
            "barriers": ["citizen-capabilities-and-time"],
        }
    ],
    "incentives": [
        {
            "id": "party",
            "name": "Party for volunteers",
            "kind": "psychological",
            "targets": ["citizens"],
            "initiatives": ["champions"],
            "cost": 500.0,
        }
    ],
    "nudges": [
        {
            "id": "pledge",
            "name": "Litter pledge",
            "target_behaviour": "Take litter home",
            "initiatives": ["champions"],
        }
    ],
    "charters": [
        {
            "id": "charter",
            "name": "Champions' charter",
            "initiatives": ["champions"],
            "roles": [
                {
                    "party": "citizens",
                    "role": "champion",
                    "responsibilities": ["Work safely", "Report problems"],
                    "support": ["Litter pickers"],
                }
            ],
            "agency_commitments": ["Insurance"],
            "conflict_mechanism": "The forum chair decides.",
            "review_date": "2027-01-01",
        }
    ],
    "champions": [{"id": "amira", "name": "Amira", "initiatives": ["champions"]}],
    "showcases": [
        {"id": "roadshow", "kind": "roadshow", "title": "Roadshow", "champions": ["amira"]}
    ],
    "alignment": {"hr_recognises": ["enabler"]},
    "business_case": {
        "years": 2,
        "costs": [
            {"label": "Kit", "form": "substitutive", "amount": 100.0, "initiative": "champions"}
        ],
    },
}


def _problems(document: dict[str, Any]) -> list[str]:
    with pytest.raises(InvalidInputError) as caught:
        coprod.load_assessment(document)
    return [f"{p.where}: {p.message}" for p in caught.value.problems]


def test_every_new_section_is_read() -> None:
    assessment = coprod.load_assessment(BASE)
    assert assessment.incentives[0].targets[0].value == "citizens"
    assert assessment.nudges[0].initiatives == ("champions",)
    assert assessment.charters[0].review_date is not None
    assert assessment.charters[0].agency_gives == ("Insurance", "Litter pickers")
    assert assessment.showcases[0].champions == ("amira",)
    assert assessment.business_case is not None
    assert assessment.business_case.parameter_set == "green-book-2022"
    # dump → load is the identity for the new sections too
    again = coprod.load_assessment(json.loads(coprod.dump_assessment(assessment)))
    assert again == assessment


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("incentives", 0, "kind"), "cash", "$.incentives[0].kind: must be one of"),
        (("incentives", 0, "targets"), ["voters"], "$.incentives[0].targets[0]: must be one of"),
        (("incentives", 0, "initiatives"), ["nowhere"], "$.incentives[0].initiatives[0]: unknown"),
        (("nudges", 0, "initiatives"), ["nowhere"], "$.nudges[0].initiatives[0]: unknown"),
        (("charters", 0, "roles"), [], "$.charters[0].roles: must cover at least one party"),
        (("charters", 0, "review_date"), "soon", "$.charters[0].review_date: expected a date"),
        (("showcases", 0, "champions"), ["bob"], "$.showcases[0].champions[0]: unknown champion"),
        (("showcases", 0, "kind"), "party", "$.showcases[0].kind: must be one of"),
        (("alignment", "hr_recognises"), ["hero"], "$.alignment.hr_recognises[0]: must be one"),
        (("business_case", "parameter_set"), "green-book-2099", "unknown parameter set"),
        (("business_case", "schedule"), "lunar", "$.business_case.schedule: unknown schedule"),
        (("business_case", "costs", 0, "form"), "joint expansion", "costs[0].form: must be one"),
        (("business_case", "costs", 0, "last_year"), 9, "costs[0].last_year: year 9 is beyond"),
        (("business_case", "costs", 0, "initiative"), "x", "costs[0].initiative: unknown"),
        (("business_case", "years"), -1, "$.business_case.years: must be from 0 to 500"),
        (("volunteer_hourly_rate",), "eight", "$.volunteer_hourly_rate: expected a number"),
    ],
)
def test_malformed_sections_are_reported_at_their_paths(
    path: Sequence[str | int], value: object, expected: str
) -> None:
    document = copy.deepcopy(BASE)
    target: Any = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    problems = _problems(document)
    assert any(expected in line for line in problems), problems


def test_coprod_validate_accepts_and_rejects(
    cli: Callable[[Sequence[str]], Any], tmp_path: Path
) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(BASE), encoding="utf-8")
    assert cli(["validate", str(good)]).code == 0
    broken = copy.deepcopy(BASE)
    broken["charters"][0]["roles"][0]["party"] = "volunteers"
    broken["incentives"][0]["initiatives"] = ["ghost"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken), encoding="utf-8")
    run = cli(["validate", str(bad)])
    assert run.code == 2
    text = run.out + run.err
    assert "$.charters[0].roles[0].party" in text
    assert "$.incentives[0].initiatives[0]" in text


def test_the_schema_knows_the_new_sections() -> None:
    from coprod.io.schema import assessment_schema

    schema = assessment_schema()
    for key in ("incentives", "nudges", "charters", "business_case", "volunteer_hourly_rate"):
        assert key in schema["properties"]
    form = schema["$defs"]["CaseCost"]["properties"]["form"]
    assert form["enum"] == ["substitutive", "additive"]


def test_the_cash_flow_csv_command(cli: Any, tmp_path: Path) -> None:
    """``coprod business-case``: the long CSV of every cash flow, summing to the NPV."""
    document = copy.deepcopy(BASE)
    document["business_case"] = {
        "years": 2,
        "costs": [{"label": "Set-up", "form": "substitutive", "amount": 1000.0}],
        "benefits": [
            {
                "label": "Saved",
                "form": "substitutive",
                "type": "fiscal",
                "amount": 600.0,
                "first_year": 1,
                "last_year": 2,
            }
        ],
        "volunteer_hours": [
            {"label": "Time", "form": "additive", "hours": 10.0, "first_year": 1, "last_year": 1}
        ],
    }
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    run = cli(["business-case", str(path)])
    assert run.code == 0, run.err
    rows = list(csv.DictReader(io.StringIO(run.out)))
    # one row per flow and year: set-up (year 0), time (year 1), benefit (years 1, 2)
    assert len(rows) == 4
    d = Fraction(1000, 1035)
    costs, benefits = 1000 + 80 * d, 600 * (d + d * d)  # £8 an hour, the default
    total = sum(
        (Fraction(r["present value"]) * (1 if r["kind"] == "benefit" else -1) for r in rows),
        Fraction(0),
    )
    assert abs(total - (benefits - costs)) <= Fraction(2, 100)  # each row to the penny
    run = cli(["business-case", str(path), "--initiative", "nowhere"])
    assert run.code == 2 and "--initiative" in run.err
