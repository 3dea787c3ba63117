"""docs/appraisal.md and docs/agreement.md: their examples run and their figures are true."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from coprod.appraisal import parameter_set, parse_parameter_set, present_factor

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _blocks(page: str, language: str) -> list[str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def test_the_how_to_runs_and_makes_a_positive_case(capsys: pytest.CaptureFixture[str]) -> None:
    namespace: dict[str, object] = {}
    exec(_blocks("appraisal.md", "python")[-1], namespace)
    result = namespace["result"]
    assert result.npv > 0  # type: ignore[attr-defined]
    assert "green-book-2022 (2022), standard schedule" in capsys.readouterr().out
    assert str(namespace["svg"]).startswith("<svg")


def test_the_format_example_is_a_valid_parameter_set() -> None:
    (example,) = _blocks("appraisal.md", "toml")
    parsed = parse_parameter_set(example, source="docs example")
    assert parsed.unit_value("home-visit").amount == Decimal("37.50")
    # Its schedule is the Green Book's standard one.
    ours = parameter_set().schedule("standard").bands
    assert parsed.schedule("standard").bands == ours


def test_the_factors_quoted_in_the_docs_are_the_computed_ones() -> None:
    text = (DOCS / "appraisal.md").read_text(encoding="utf-8")
    quoted = dict(re.findall(r"year (\d+) = (0\.\d{6})", text))
    assert len(quoted) == 6
    schedule = parameter_set().schedule("standard")
    for year, value in quoted.items():
        assert present_factor(schedule.factor(int(year))) == Decimal(value)


def test_the_agreement_how_to_runs(capsys: pytest.CaptureFixture[str]) -> None:
    exec(_blocks("agreement.md", "python")[-1], {})
    out = capsys.readouterr().out
    assert "discuss ('libraries', 'co-delivery')" in out
