"""The bundled demo council: realistic, varied, modelled on the seeds, and shipped twice."""

from __future__ import annotations

import csv
import re
from collections import Counter
from importlib import resources
from pathlib import Path

import coprod
from coprod.catalogues import case_study
from coprod.io.initiatives_csv import CSV_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo-council.toml"
EXAMPLE_CSV = ROOT / "examples" / "initiatives.csv"


def test_package_data_is_the_example() -> None:
    packaged = resources.files("coprod").joinpath("data").joinpath("demo-council.toml")
    assert packaged.read_text(encoding="utf-8") == DEMO.read_text(encoding="utf-8")


def test_every_initiative_cites_a_seed_case(demo_assessment: coprod.Assessment) -> None:
    text = DEMO.read_text(encoding="utf-8")
    blocks = text.split("[[initiatives]]")[:-1]
    cited = []
    for block in blocks:
        comment = block.rsplit("\n\n", 1)[-1]
        found = re.findall(r"`([a-z0-9-]+)`", comment)
        assert found and "seed" in comment, comment
        for case_id in found:
            case_study(case_id)  # raises KeyError for an unknown case
        cited.extend(found)
    assert len(blocks) == len(demo_assessment.initiatives)
    for case in (
        "lambeth-peer-educators",
        "surrey-young-people",
        "stockport-my-care-my-choice",
        "wiltshire-community-speedwatch",
        "highland-hospital-sweden",
        "camden-twitter-complaints",
        "solihull-environmental-champions",
        "food-train",
        "west-edinburgh-time-bank",
        "west-lothian-citizen-led-inspections",
        "scottish-borders-youth-commission-on-bullying",
        "berlin-lichtenberg-participatory-budgeting",
        "lend-a-hand-fife",
    ):
        assert case in cited, case


def test_demo_is_varied(demo_assessment: coprod.Assessment, demo_report: coprod.Report) -> None:
    a, r = demo_assessment, demo_report
    assert "fictional" in a.organisation.area.lower()
    assert 5 <= len(a.services) <= 6
    assert 12 <= len(a.initiatives) <= 16
    assert len({i.service for i in a.initiatives}) == len(a.services)
    assert {i.status for i in a.initiatives} == set(coprod.InitiativeStatus)
    quadrants = Counter(i.position.quadrant for i in r.initiatives if i.position)
    assert set(quadrants) == set(coprod.PriorityQuadrant)
    assert quadrants[coprod.PriorityQuadrant.QUICK_WIN] >= 3
    forms = {i.form for i in r.initiatives}
    assert {"substitutive", "additive"} <= forms
    models = {i.service_model for i in r.initiatives}
    assert "co-production" in models and {"self-help", "traditional provision"} & models
    food = next(i for i in a.initiatives if i.id == "food-train")
    assert food.resources is not None and food.resources.form.value == "additive"
    assert food.resources.public_before == 0 < food.resources.public_after


def test_demo_maps_most_cells_and_leaves_realistic_gaps(demo_report: coprod.Report) -> None:
    cells = [c for s in demo_report.services for c in s.cells]
    mapped = [c for c in cells if c.mapped]
    assert len(mapped) >= 0.75 * len(cells)
    assert 2 <= len(demo_report.gaps) <= 8
    assert all(g.case_studies for g in demo_report.gaps)


def test_demo_people(demo_assessment: coprod.Assessment, demo_report: coprod.Report) -> None:
    assert 8 <= len(demo_assessment.stakeholders) <= 10
    assert all(group.stakeholders for group in demo_report.stakeholders)
    opponents = next(
        g
        for g in demo_report.stakeholders
        if g.quadrant is coprod.StakeholderQuadrant.OPPONENTS_TO_WATCH
    )
    assert opponents.stakeholders[0].stance is coprod.Stance.OPPOSED
    assert 8 <= len(demo_assessment.relationships) <= 14
    assert {s.propensity for s in demo_assessment.stakeholders} >= set(coprod.Propensity)
    taxonomy = coprod.seed_barrier_taxonomy()
    used = {b for i in demo_assessment.initiatives for b in i.barriers}
    assert used <= taxonomy.ids and len(used) >= 10


def test_example_csv_of_initiatives_loads() -> None:
    with EXAMPLE_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == CSV_COLUMNS  # every column the loader reads
    assert 7 <= len(rows) <= 10
    assessment = coprod.load_assessment(EXAMPLE_CSV)
    assert [i.id for i in assessment.initiatives] == [row["id"] for row in rows]
    assert any(";" in row["cos"] for row in rows) and any(";" in row["barriers"] for row in rows)
