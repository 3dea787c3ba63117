"""Resources, benefit categories and stakeholder benefits, checked against the seeds."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

from coprod.catalogues import benefit_categories, stakeholder_benefits
from coprod.model.benefits import (
    BenefitCategory,
    Resource,
    StakeholderBenefits,
    StakeholderGroup,
)
from coprod.model.cases import SEED_FILES


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()


@pytest.fixture(scope="module")
def seed_texts(seed_dir: Path) -> dict[str, str]:
    return {name: _normalise((seed_dir / name).read_text(encoding="utf-8")) for name in SEED_FILES}


def _fragments(text: str) -> list[str]:
    # "Shift in power (to users and carers; to frontline staff)" gathers a nested list
    # of the seed: each fragment must occur on its own.
    return [part.strip() for part in re.split(r"[();]", text) if part.strip()]


def test_resources_are_the_nine_of_002(seed_texts: dict[str, str]) -> None:
    assert [r.value for r in Resource] == [
        "good networks",
        "energy",
        "leadership",
        "shared vision",
        "confidence and commitment",
        "money",
        "time",
        "resilience",
        "compatible systems and processes",
    ]
    for resource in Resource:
        assert f"- {_normalise(resource.label)}" in seed_texts["002_ea409380ef17158f.txt"]


def test_benefit_categories_and_their_benefits(seed_texts: dict[str, str]) -> None:
    assert [c.value for c in BenefitCategory] == [
        "outcomes and quality of life",
        "service improvement",
        "social capital",
        "efficiency",
    ]
    text = seed_texts["002_ea409380ef17158f.txt"]
    for category in BenefitCategory:
        assert _normalise(category.heading) in text
        benefits = benefit_categories()[category].benefits
        assert benefit_categories()[category].seeds == ("002_ea409380ef17158f.txt",)
        assert benefits, category
        assert len(set(benefits)) == len(benefits)
        for benefit in benefits:
            for fragment in _fragments(benefit):
                assert _normalise(fragment) in text, (category, fragment)
    assert len(benefit_categories()[BenefitCategory.SERVICE_IMPROVEMENT].benefits) == 9
    assert len(benefit_categories()[BenefitCategory.EFFICIENCY].benefits) == 2


def test_stakeholder_groups_come_from_000_and_004() -> None:
    by_seed: dict[str, list[StakeholderGroup]] = {}
    for entry in stakeholder_benefits():
        by_seed.setdefault(entry.seed, []).append(entry.group)
    assert [g.value for g in by_seed["000_d040532b36d186af.txt"]] == [
        "people who use services",
        "top managers",
        "communities",
        "frontline staff",
        "heads of services",
        "politicians",
    ]
    assert len(by_seed["004_2ab9b3d444068e57.txt"]) == 4
    assert set(by_seed) == {"000_d040532b36d186af.txt", "004_2ab9b3d444068e57.txt"}


def test_stakeholder_benefits_are_quoted_from_their_seed(seed_texts: dict[str, str]) -> None:
    entries = stakeholder_benefits()
    assert [e.group for e in entries] == list(StakeholderGroup)
    for entry in entries:
        assert entry.benefits
        for benefit in entry.benefits:
            assert _normalise(benefit) in seed_texts[entry.seed], (entry.group, benefit)


def test_stakeholder_benefits_is_immutable() -> None:
    entry = stakeholder_benefits()[0]
    assert isinstance(entry, StakeholderBenefits)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        entry.seed = "x"  # type: ignore[misc]
    assert stakeholder_benefits() == stakeholder_benefits()


def test_substitutive_and_additive_argument_for_finance() -> None:
    by_group = {entry.group: entry.benefits for entry in stakeholder_benefits()}
    (first, *_rest) = by_group[StakeholderGroup.HEADS_OF_STRATEGY_AND_FINANCE]
    assert "substitutive and additive" in first
