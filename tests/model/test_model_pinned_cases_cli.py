"""``coprod cases`` through the command line, checked against the case data and the seeds.

Issue 10: the command was 36 % covered. These tests run it as a user would (default
output, ``--format json``, ``--co``, ``-o``) and check content, not layout: every
case of the catalogue file appears, with the seed files it cites; every number a
figure quotes is in the seed it cites; the cases the seeds name are there; the
seed's own classification of two cases (additive, ``002_…`` line 130) holds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomllib

from coprod.cli import main
from coprod.model.cases import SEED_FILES
from coprod.model.star import Co

ROOT = Path(__file__).resolve().parents[2]


def catalogue_cases() -> list[dict[str, Any]]:
    """The cases of the catalogue data file, read with tomllib (not with coprod)."""
    found = sorted(ROOT.glob("src/coprod/**/case-studies.toml"))
    if not found:  # pragma: no cover - the catalogue moved
        pytest.skip("the case-study data file is not at src/coprod/**/case-studies.toml")
    cases: list[dict[str, Any]] = tomllib.loads(found[0].read_text(encoding="utf-8"))["case"]
    return cases


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(["cases", *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads(run(capsys, "--format", "json", *args))["cases"]
    return cases


@pytest.fixture(scope="module")
def seed_text(seed_dir: Path) -> Callable[[str], str]:
    """Read a seed document (the root conftest's ``seed_dir``: a skip, or a CI failure)."""

    def read(name: str) -> str:
        return (seed_dir / name).read_text(encoding="utf-8")

    return read


def test_the_catalogue_is_not_empty() -> None:
    cases = catalogue_cases()
    assert len(cases) >= 20
    assert len({case["id"] for case in cases}) == len(cases)


def test_default_output_lists_every_case(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys)
    for case in catalogue_cases():
        # Long names are cut to the column width with an ellipsis: 20 characters survive.
        assert case["name"][:20] in out, case["id"]
    best_fits = [c for c in catalogue_cases() if c.get("co_tagged_by_seed") is False]
    assert bool(best_fits) == ("no seed names a Co" in out)


def test_json_has_every_case_with_its_cos_and_seed_files(
    capsys: pytest.CaptureFixture[str],
) -> None:
    listed = run_json(capsys)
    cases = catalogue_cases()
    assert [c["id"] for c in listed] == [c["id"] for c in cases]
    for shown, case in zip(listed, cases, strict=True):
        assert shown["name"] == case["name"]
        assert shown["seeds"] == case["seeds"]
        assert shown["cos"] == case["cos"]
        assert set(shown["seeds"]) <= set(SEED_FILES)
    # The five seeds, each cited by at least one case.
    assert {seed for c in listed for seed in c["seeds"]} == set(SEED_FILES)
    assert len(SEED_FILES) == 5


def test_every_seed_file_cited_exists(seed_text: Callable[[str], str]) -> None:
    for name in SEED_FILES:
        assert seed_text(name)


def test_every_number_a_figure_quotes_is_in_the_seed_it_cites(
    capsys: pytest.CaptureFixture[str], seed_text: Callable[[str], str]
) -> None:
    figures = 0
    for case in run_json(capsys):
        for figure in case["figures"]:
            assert figure["seed"] in case["seeds"], (case["id"], figure["label"])
            text = seed_text(figure["seed"])
            for number in re.findall(r"\d+(?:[.,]\d+)?", figure["value"]):
                assert number in text, (case["id"], figure["value"], figure["seed"])
            figures += 1
    assert figures >= 10


# Case names as the seeds write them (a grep of the seed files; which ones beside each).
NAMED_IN_SEEDS = [
    "The Food Train",  # 002
    "Family Nurse Partnership",  # 002
    "Lend A Hand",  # 002
    "West Edinburgh Time Bank",  # 002
    "Argyll and Bute Timebanks",  # 002, 004
    "Community Speedwatch",  # 000, 001
    "Friday Night Initiative",  # 002
    "Environmental Champions",  # 002
    "Youth Commission on Bullying",  # 002
    "Speed Camera Lottery",  # 002
    "Mosaic Clubhouse",  # 004
    "Community Catalysts",  # 004
    "Young Lambeth Coop",  # 004
    "Highland Hospital",  # 001, 004 (Eksjö)
]


def test_the_cases_the_seeds_name_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys)
    names = {c["name"] for c in run_json(capsys)}
    for name in NAMED_IN_SEEDS:
        assert name in out
        assert name in names


def test_the_seed_calls_the_food_train_and_family_nurses_additive(
    capsys: pytest.CaptureFixture[str], seed_text: Callable[[str], str]
) -> None:
    # 002_… line 130: "Good examples of additive co-production are the Family Nurse
    # Partnerships and the Food Train".
    assert "Family Nurse Partnerships and the Food Train" in seed_text("002_ea409380ef17158f.txt")
    forms = {c["name"]: c["form"] for c in run_json(capsys)}
    assert forms["The Food Train"] == "additive"
    assert forms["Family Nurse Partnership"] == "additive"


@pytest.mark.parametrize("co", list(Co))
def test_the_co_filter_keeps_exactly_the_cases_of_that_co(
    capsys: pytest.CaptureFixture[str], co: Co
) -> None:
    listed = run_json(capsys, "--co", co.value)
    expected = [c["id"] for c in catalogue_cases() if co.value in c["cos"]]
    assert expected  # every Co of the Star has at least one case
    assert [c["id"] for c in listed] == expected
    out = run(capsys, "--co", co.value)
    others = [c for c in catalogue_cases() if co.value not in c["cos"]]
    for case in others:
        assert case["name"][:20] not in out


def test_an_unknown_co_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["cases", "--co", "co-lunch"])
    assert exit_info.value.code == 2
    assert "co-lunch" in capsys.readouterr().err


def test_output_file_holds_the_same_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "cases.json"
    assert main(["cases", "-o", str(target)]) == 0  # format from the suffix
    capsys.readouterr()
    written = json.loads(target.read_text(encoding="utf-8"))["cases"]
    assert [c["id"] for c in written] == [c["id"] for c in catalogue_cases()]
