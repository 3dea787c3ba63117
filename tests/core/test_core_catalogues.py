"""The catalogues are data files read on first use, validated, and located in errors."""

from __future__ import annotations

import subprocess
import sys
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import coprod
from coprod import catalogues
from coprod.catalogues import CatalogueError


def test_import_coprod_and_the_core_parse_no_catalogue() -> None:
    code = (
        "import sys, coprod; coprod.Assessment; coprod.CaseStudy; coprod.BarrierTaxonomy; "
        "print(sorted(m for m in sys.modules if m in {'coprod.catalogues', 'tomllib', 'tomli'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    assert out == "[]"


def test_every_catalogue_file_is_shipped_in_the_package_and_versioned() -> None:
    folder = resources.files("coprod.data").joinpath("catalogues")
    names = sorted(f.name for f in folder.iterdir() if f.name.endswith(".toml"))
    assert names == [
        "advice.toml",
        "barriers.toml",
        "benefits.toml",
        "case-studies.toml",
        "grow-methods.toml",
        "incentives.toml",
    ]
    for name in names:
        assert catalogues._document(name)["format_version"] == catalogues.FORMAT_VERSION


def test_loaders_are_cached_values() -> None:
    assert coprod.case_studies() is coprod.case_studies()
    assert coprod.seed_barrier_taxonomy() is coprod.seed_barrier_taxonomy()
    assert len(coprod.case_studies()) == 26
    assert len(coprod.seed_barrier_taxonomy()) == 16  # eleven of 001, five of 002


def test_each_incentive_case_link_and_each_barrier_seed_resolves() -> None:
    for incentive in coprod.incentive_examples():
        if incentive.case_id is not None:
            assert coprod.case_study(incentive.case_id).id == incentive.case_id
    for barrier in coprod.seed_barrier_taxonomy():
        assert barrier.seeds and set(barrier.seeds) <= set(coprod.SEED_FILES)


def _with_document(monkeypatch: pytest.MonkeyPatch, name: str, document: dict[str, Any]) -> None:
    real = catalogues._document

    def fake(requested: str) -> Any:
        return document if requested == name else real(requested)

    monkeypatch.setattr(catalogues, "_document", fake)


GOOD_CASE = {
    "id": "a-case",
    "name": "A case",
    "cos": ["co-design"],
    "sector": "health",
    "seeds": ["000_d040532b36d186af.txt"],
    "summary": "Something happened.",
}

BAD_CASES = [
    (
        {**GOOD_CASE, "sumary": "typo"},
        r"\$\.case\[0\]: unknown key 'sumary' \(did you mean 'summary'\?\)",
    ),
    ({**GOOD_CASE, "cos": ["co-dezign"]}, r"\$\.case\[0\]\.cos: 'co-dezign' is not a Co"),
    ({**GOOD_CASE, "sector": 3}, r"\$\.case\[0\]\.sector: 3 is not a Sector"),
    (
        {
            **GOOD_CASE,
            "figure": [{"label": "x", "value": "1", "seed": "004_2ab9b3d444068e57.txt"}],
        },
        r"\$\.case\[0\]: figure 'x' cites 004_2ab9b3d444068e57\.txt",
    ),
    (
        {
            **GOOD_CASE,
            "figure": [{"label": "x", "value": "1", "seed": GOOD_CASE["seeds"][0], "number": "1"}],
        },
        r"\$\.case\[0\]\.figure\[0\]\.number: expected a number",
    ),
    ({k: v for k, v in GOOD_CASE.items() if k != "name"}, r"\$\.case\[0\]\.name: missing"),
]


@pytest.mark.parametrize(("case", "message"), BAD_CASES)
def test_a_malformed_case_names_file_and_path(
    monkeypatch: pytest.MonkeyPatch, case: dict[str, Any], message: str
) -> None:
    _with_document(monkeypatch, "case-studies.toml", {"format_version": 1, "case": [case]})
    with pytest.raises(CatalogueError, match="^case-studies.toml: " + message):
        catalogues.case_studies.__wrapped__()


def test_a_good_case_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    _with_document(monkeypatch, "case-studies.toml", {"format_version": 1, "case": [GOOD_CASE]})
    (case,) = catalogues.case_studies.__wrapped__()
    assert case.cos == (coprod.Co.DESIGN,) and case.place is None


def test_a_repeated_id_and_a_missing_group_are_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    twice = {"format_version": 1, "case": [GOOD_CASE, GOOD_CASE]}
    _with_document(monkeypatch, "case-studies.toml", twice)
    with pytest.raises(CatalogueError, match=r"\$\.case\[1\]\.id: 'a-case' repeats"):
        catalogues.case_studies.__wrapped__()
    one_group = {
        "format_version": 1,
        "stakeholder_group": [
            {"group": "politicians", "seed": "000_d040532b36d186af.txt", "benefits": ["b"]}
        ],
    }
    _with_document(monkeypatch, "benefits.toml", one_group)
    with pytest.raises(CatalogueError, match=r"stakeholder_group: no entry for 'people who"):
        catalogues.stakeholder_benefits.__wrapped__()


def test_an_unknown_format_version_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        catalogues.resources,
        "files",
        lambda _package: _FakeFolder("format_version = 2\ncase = []\n"),
    )
    with pytest.raises(CatalogueError, match=r"format_version is 2; this coprod reads 1"):
        catalogues._document.__wrapped__("case-studies.toml")


class _FakeFolder:
    def __init__(self, text: str) -> None:
        self.text = text

    def joinpath(self, _name: str) -> _FakeFolder:
        return self

    def read_text(self, encoding: str) -> str:
        return self.text


# --- advice: the Priority Matrix and the stakeholder matrix (issue 9) -------------------

#: For each quadrant, words of the seed passage the advice follows (``002_…`` line 284-286
#: for the stakeholder matrix, ``003_…`` line 42 for the Priority Matrix).
_SEED_WORDS = {
    coprod.PriorityQuadrant.QUICK_WIN: ("003_eb91abacab6ac2c6.txt", "optimal starting point"),
    coprod.PriorityQuadrant.MAJOR_PROJECT: ("003_eb91abacab6ac2c6.txt", "priority projects"),
    coprod.PriorityQuadrant.BACK_BURNER: ("003_eb91abacab6ac2c6.txt", "back burner"),
    coprod.StakeholderQuadrant.PARTNERS_AND_CHAMPIONS: (
        "002_ea409380ef17158f.txt",
        "happy with the strategy",
    ),
    coprod.StakeholderQuadrant.OPPONENTS_TO_WATCH: ("002_ea409380ef17158f.txt", "minimised"),
    coprod.StakeholderQuadrant.KEEP_ON_BOARD: (
        "002_ea409380ef17158f.txt",
        "local politicians or the media",
    ),
    coprod.StakeholderQuadrant.SILENT_MAJORITY: (
        "002_ea409380ef17158f.txt",
        "correct serious misconceptions",
    ),
}


def test_every_quadrant_has_one_distinct_piece_of_advice() -> None:
    priority, stakeholders = coprod.priority_advice(), coprod.stakeholder_advice()
    assert list(priority) == list(coprod.PriorityQuadrant)
    assert list(stakeholders) == list(coprod.StakeholderQuadrant)
    texts = [a.text for a in (*priority.values(), *stakeholders.values())]
    assert len(set(texts)) == len(texts) == 9
    assert coprod.priority_advice() is priority  # read once


def test_the_advice_cites_seeds_that_say_it(seed_dir: Path) -> None:
    every = {**coprod.priority_advice(), **coprod.stakeholder_advice()}
    for quadrant, (seed, words) in _SEED_WORDS.items():
        advice = every[quadrant]
        assert seed in advice.seeds, quadrant
        text = " ".join((seed_dir / seed).read_text(encoding="utf-8").split())
        assert words in text, (seed, words)
    for advice in every.values():
        assert set(advice.seeds) <= set(coprod.SEED_FILES)
    # The seeds name four stakeholder groups; "keep satisfied" completes the grid and
    # must not pretend to come from them.
    assert coprod.stakeholder_advice()[coprod.StakeholderQuadrant.KEEP_SATISFIED].seeds == ()


def test_the_report_shows_the_data_files_advice() -> None:
    from coprod.testing import sample_assessment

    manager = coprod.make_plugin_manager(entry_points=False)
    assessment = sample_assessment()
    report = coprod.build_report(assessment, coprod.evaluate(assessment, manager))
    shown = {group.quadrant: group.advice for group in report.stakeholders}
    assert shown == {q: a.text for q, a in coprod.stakeholder_advice().items()}
    html = manager.exporter("html").render(report)
    assert isinstance(html, str)
    for advice in coprod.priority_advice().values():  # the Priority Matrix legend
        assert escape(advice.text) in html


def test_a_missing_or_repeated_quadrant_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = {"quadrant": "quick win", "advice": "Start.", "seeds": []}
    _with_document(
        monkeypatch,
        "advice.toml",
        {"format_version": 1, "priority_quadrant": [entry, entry]},
    )
    catalogues.priority_advice.cache_clear()
    try:
        with pytest.raises(CatalogueError, match=r"advice.toml: \$.priority_quadrant\[1\]"):
            catalogues.priority_advice()
        _with_document(
            monkeypatch, "advice.toml", {"format_version": 1, "priority_quadrant": [entry]}
        )
        with pytest.raises(CatalogueError, match="no entry for 'major project'"):
            catalogues.priority_advice()
    finally:
        catalogues.priority_advice.cache_clear()
