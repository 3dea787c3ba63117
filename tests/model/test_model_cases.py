"""The case-study catalogue: complete, faithful to the seeds, and well-formed."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprod.catalogues import case_studies, case_study, cases_for
from coprod.model.cases import SEED_FILES, CaseStudy, KeyFigure, Sector
from coprod.model.resource_shift import CoProductionForm
from coprod.model.service_model import ServiceModel
from coprod.model.star import Co, Step


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()


@pytest.fixture(scope="module")
def seed_texts(seed_dir: Path) -> dict[str, str]:
    return {name: _normalise((seed_dir / name).read_text(encoding="utf-8")) for name in SEED_FILES}


def _figure(case_id: str, value: str, seed: str | None = None) -> KeyFigure:
    matches = [
        f
        for f in case_study(case_id).figures
        if f.value == value and (seed is None or f.seed.startswith(seed))
    ]
    assert len(matches) == 1, f"{case_id}: expected one figure {value!r}, got {matches}"
    return matches[0]


# --- shape of the catalogue ----------------------------------------------------


def test_ids_are_unique_lowercase_slugs() -> None:
    ids = [case.id for case in case_studies()]
    assert len(ids) == len(set(ids))
    for case_id in ids:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", case_id), case_id


def test_catalogue_is_stable_between_calls() -> None:
    assert case_studies() == case_studies()
    assert [c.id for c in case_studies()][:2] == ["lambeth-peer-educators", "surrey-young-people"]


def test_every_case_has_a_co_and_known_seeds() -> None:
    for case in case_studies():
        assert case.cos, case.id
        assert len(set(case.cos)) == len(case.cos)
        assert case.seeds, case.id
        assert set(case.seeds) <= set(SEED_FILES), case.id
        for figure in case.figures:
            assert figure.seed in case.seeds, (case.id, figure)


def test_every_co_and_every_seed_is_represented() -> None:
    cases = case_studies()
    assert {co for case in cases for co in case.cos} == set(Co)
    assert {seed for case in cases for seed in case.seeds} == set(SEED_FILES)


def test_seed_file_names_match_the_seed_directory(seed_dir: Path) -> None:
    assert set(SEED_FILES) == {p.name for p in seed_dir.glob("*.txt")}


def test_catalogue_includes_every_case_the_brief_names() -> None:
    expected = {
        "lambeth-peer-educators",
        "surrey-young-people",
        "stockport-my-care-my-choice",
        "wiltshire-community-speedwatch",
        "highland-hospital-sweden",
        "camden-twitter-complaints",
        "berlin-lichtenberg-participatory-budgeting",
        "pollok-friday-night-initiative",
        "scottish-borders-youth-commission-on-bullying",
        "solihull-environmental-champions",
        "food-train",
        "family-nurse-partnership",
        "west-edinburgh-time-bank",
        "argyll-and-bute-timebanks",
        "lend-a-hand-fife",
        "west-lothian-citizen-led-inspections",
        "mannheim-transformation",
        "balsall-heath-neighbourhood-forum",
        "online-free-school-meals",
        "speed-camera-lottery",
        "austria-learner-driver-peer-training",
        "manchester-community-health-trainers",
        "mosaic-clubhouse",
        "community-catalysts",
        "young-lambeth-coop",
    }
    assert expected <= {case.id for case in case_studies()}


def test_untagged_cases_explain_the_best_fit() -> None:
    for case in case_studies():
        if not case.co_tagged_by_seed:
            assert any("best fit" in note for note in case.notes), case.id


# --- faithful to the seeds -----------------------------------------------------


def test_every_figure_occurs_in_the_seed_it_cites(seed_texts: dict[str, str]) -> None:
    for case in case_studies():
        for figure in case.figures:
            assert _normalise(figure.value) in seed_texts[figure.seed], (case.id, figure)


def test_every_case_is_named_in_each_seed_it_cites(seed_texts: dict[str, str]) -> None:
    # Each cited seed mentions the case by its name, one of its aliases, or its place.
    for case in case_studies():
        names = [case.name, *case.aliases, *([case.place] if case.place else [])]
        for seed in case.seeds:
            assert any(_normalise(n) in seed_texts[seed] for n in names), (case.id, seed)


def test_stockport_figures() -> None:
    assert _figure("stockport-my-care-my-choice", "£300,000 p.a.").number == 300_000
    assert _figure("stockport-my-care-my-choice", "29%", "000").number == 29
    assert _figure("stockport-my-care-my-choice", "36%", "000").number == 36
    stockport = case_study("stockport-my-care-my-choice")
    assert stockport.cos == (Co.DESIGN,)
    assert "My Choice, My Care" in stockport.aliases


def test_wiltshire_keeps_both_seeds_figures() -> None:
    assert _figure("wiltshire-community-speedwatch", "765", "001").number == 765
    assert _figure("wiltshire-community-speedwatch", "14,076 hours", "001").number == 14_076
    assert _figure("wiltshire-community-speedwatch", "£112,608", "001").number == 112_608
    assert _figure("wiltshire-community-speedwatch", "53%", "000").number == 53
    assert _figure("wiltshire-community-speedwatch", "£100,000 p.a.", "000").number == 100_000
    wiltshire = case_study("wiltshire-community-speedwatch")
    assert {f.seed[:3] for f in wiltshire.figures} == {"000", "001"}
    assert any("000 and 001 give different figures" in note for note in wiltshire.notes)


def test_surrey_figures() -> None:
    assert _figure("surrey-young-people", "£4.5 million").number == 4_500_000
    assert _figure("surrey-young-people", "25%").number == 25
    assert case_study("surrey-young-people").cos == (Co.COMMISSIONING,)


def test_other_transcribed_figures() -> None:
    assert _figure("scottish-borders-youth-commission-on-bullying", "3600 hours").number == 3600
    assert _figure("scottish-borders-youth-commission-on-bullying", "33").number == 33
    assert _figure("solihull-environmental-champions", "over £200,000").number == 200_000
    assert _figure("speed-camera-lottery", "24,857").number == 24_857
    assert _figure("speed-camera-lottery", "22%").number == 22
    assert _figure("argyll-and-bute-timebanks", "1406").number == 1406
    assert _figure("argyll-and-bute-timebanks", "twenty-five").number == 25
    assert _figure("mannheim-transformation", "36").number == 36
    assert _figure("mannheim-transformation", "2,384").number == 2_384
    assert _figure("mannheim-transformation", "2,576").number == 2_576


def test_highland_hospital_records_both_cos_and_both_figures() -> None:
    highland = case_study("highland-hospital-sweden")
    assert set(highland.cos) == {Co.ASSESSMENT, Co.DELIVERY}
    assert _figure("highland-hospital-sweden", "nearly 50 %", "000").number == 50
    assert _figure("highland-hospital-sweden", "48%", "001").number == 48
    assert any("co-assess" in note and "co-delivery" in note for note in highland.notes)


def test_only_the_seeds_additive_cases_have_a_form() -> None:
    forms = {case.id: case.form for case in case_studies() if case.form is not None}
    assert forms == {
        "food-train": CoProductionForm.ADDITIVE,
        "family-nurse-partnership": CoProductionForm.ADDITIVE,
    }


def test_balsall_heath_keeps_the_seed_spelling_as_alias() -> None:
    forum = case_study("balsall-heath-neighbourhood-forum")
    assert forum.name == "Balsall Heath Neighbourhood Forum"
    assert "Balsall Health Neighbourhood Forum" in forum.aliases


def test_service_model_is_only_ever_co_production() -> None:
    for case in case_studies():
        assert case.service_model in (None, ServiceModel.CO_PRODUCTION)
        assert case.is_co_production is (case.service_model is ServiceModel.CO_PRODUCTION)


# --- lookup and filtering ------------------------------------------------------


def test_case_study_lookup_and_helpful_key_error() -> None:
    assert case_study("food-train").name == "The Food Train"
    with pytest.raises(KeyError, match="did you mean 'food-train'"):
        case_study("food-trian")
    with pytest.raises(KeyError, match="known ids"):
        case_study("zzz")


@given(
    co=st.none() | st.sampled_from(Co),
    sector=st.none() | st.sampled_from(Sector),
    step=st.none() | st.sampled_from(Step),
)
def test_cases_for_filters_exactly(co: Co | None, sector: Sector | None, step: Step | None) -> None:
    found = cases_for(co, sector, step=step)
    expected = [
        case
        for case in case_studies()
        if (co is None or co in case.cos)
        and (sector is None or case.sector is sector)
        and (step is None or step in case.steps)
    ]
    assert list(found) == expected


def test_cases_for_examples() -> None:
    assert cases_for() == case_studies()
    assessment = {c.id for c in cases_for(Co.ASSESSMENT)}
    assert assessment == {
        "highland-hospital-sweden",
        "camden-twitter-complaints",
        "west-lothian-citizen-led-inspections",
    }
    assert [c.id for c in cases_for(Co.DESIGN, Sector.SOCIAL_CARE)] == [
        "stockport-my-care-my-choice"
    ]
    assert "speed-camera-lottery" in {c.id for c in cases_for(step=Step.MARKET)}
    with pytest.raises(TypeError):
        cases_for("co-design")  # type: ignore[arg-type]


# --- validation and immutability -----------------------------------------------


def _case(**overrides: object) -> CaseStudy:
    fields: dict[str, object] = {
        "id": "test-case",
        "name": "Test",
        "place": None,
        "country": None,
        "cos": (Co.DESIGN,),
        "sector": Sector.HEALTH,
        "summary": "A test case.",
        "seeds": (SEED_FILES[0],),
    }
    fields.update(overrides)
    return CaseStudy(**fields)  # type: ignore[arg-type]


def test_valid_case_builds() -> None:
    assert _case().cos == (Co.DESIGN,)
    assert _case(cos=[Co.DESIGN, Co.DELIVERY]).cos == (Co.DESIGN, Co.DELIVERY)


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"cos": ()}, ValueError),
        ({"cos": (Co.DESIGN, Co.DESIGN)}, ValueError),
        ({"cos": ("co-design",)}, TypeError),
        ({"seeds": ()}, ValueError),
        ({"seeds": ("999_unknown.txt",)}, ValueError),
        ({"id": "Not A Slug"}, ValueError),
        ({"id": "Upper-Case"}, ValueError),
        ({"name": "  "}, ValueError),
        ({"place": ""}, ValueError),
        ({"sector": "health"}, TypeError),
        ({"notes": "a bare string"}, TypeError),
        ({"steps": (Step.MAP, Step.MAP)}, ValueError),
        ({"figures": (KeyFigure("x", "1", SEED_FILES[1]),)}, ValueError),
        ({"form": "additive"}, TypeError),
    ],
)
def test_invalid_cases_are_rejected(overrides: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        _case(**overrides)


@pytest.mark.parametrize("number", [float("nan"), float("inf"), True])
def test_key_figure_rejects_bad_numbers(number: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        KeyFigure("x", "1", SEED_FILES[0], number)  # type: ignore[arg-type]


def test_key_figure_rejects_unknown_seed_and_blank_text() -> None:
    with pytest.raises(ValueError, match="seed"):
        KeyFigure("x", "1", "not-a-seed.txt")
    with pytest.raises(ValueError, match="value"):
        KeyFigure("x", " ", SEED_FILES[0])


def test_cases_and_figures_are_frozen() -> None:
    case = case_study("food-train")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        case.name = "changed"  # type: ignore[misc]
    figure = case_study("surrey-young-people").figures[0]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        figure.value = "£1"  # type: ignore[misc]
    assert str(figure) == "budget reduction, 2009-2012: £4.5 million"


def test_figures_from_one_seed() -> None:
    highland = case_study("highland-hospital-sweden")
    assert [f.value for f in highland.figures_from(SEED_FILES[1])] == ["48%"]


def test_concepts_doc_lists_every_case() -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "concepts.md"
    text = doc.read_text(encoding="utf-8")  # in the repository: never skipped
    missing = [case.name for case in case_studies() if f"| {case.name} |" not in text]
    assert not missing, f"docs/concepts.md does not list: {missing}"
