"""Parameter sets: the bundled data file, the loader's problems, plugin-provided sets."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import attrs
import pytest

from coprod.appraisal import (
    DEFAULT_PARAMETER_SET,
    AppraisalCase,
    Benefit,
    Cost,
    DiscountBand,
    DiscountSchedule,
    ParameterSet,
    appraise,
    bundled_parameter_sets,
    parameter_set,
    parse_parameter_set,
)
from coprod.errors import InvalidInputError
from coprod.model.resource_shift import CoProductionForm

SUB = CoProductionForm.SUBSTITUTIVE

#: The fingerprint of the bundled green-book-2022 set. If this test fails, the data
#: file changed: a changed edition must be a new file with a new id, never an edit.
GREEN_BOOK_2022_FINGERPRINT = "3c9a7a64a746716c"

NEWER = """
format = 1
id = "green-book-2031"
title = "A later edition with other rates"
edition = "2031"
publisher = "HM Treasury"
source = "a hypothetical later edition"
default_schedule = "standard"
[schedules.standard]
title = "3.0 % flat"
bands = [ { first = 0, percent = "3.0" } ]
"""


def _case() -> AppraisalCase:
    return AppraisalCase(
        "ten years",
        horizon=10,
        costs=[Cost("set-up", SUB, "council", amount=50_000)],
        benefits=[
            Benefit("saving", SUB, "council", "fiscal", amount=7_000, first_year=1, last_year=10)
        ],
    )


def test_the_bundled_set_has_its_edition_source_and_fingerprint() -> None:
    (green_book,) = bundled_parameter_sets()
    assert green_book.id == DEFAULT_PARAMETER_SET == "green-book-2022"
    assert green_book.edition == "2022"
    assert green_book.publisher == "HM Treasury"
    assert "Green Book" in green_book.source and "Annex A6" in green_book.source
    assert green_book.url.startswith("https://www.gov.uk/")
    assert green_book.origin == "coprod"
    assert [s.name for s in green_book.schedules] == ["standard", "health"]
    assert green_book.unit_values == ()  # no licensed values are bundled
    assert green_book.fingerprint == GREEN_BOOK_2022_FINGERPRINT


def test_every_result_names_the_parameter_set() -> None:
    result = appraise(_case(), parameter_set(), "health")
    assert (result.parameters.id, result.parameters.edition) == ("green-book-2022", "2022")
    assert result.parameters.schedule == "health"
    assert result.parameters.fingerprint == GREEN_BOOK_2022_FINGERPRINT
    assert all("green-book-2022/health" in line.how for line in result.lines)


def test_adding_a_newer_set_never_changes_results_computed_with_a_named_older_one() -> None:
    before = appraise(_case(), parameter_set("green-book-2022"))
    newer = parse_parameter_set(NEWER, source="newer.toml", origin="a plugin")
    after = appraise(_case(), parameter_set("green-book-2022", extra=[newer]))
    assert after == before
    # Hand check: −50,000 + 7,000 × Σ_{t=1..10} 1/1.035^t, the annuity factor being
    # (1 − 1.035^−10) / 0.035 = 8.316605: NPV = 8,216.24.
    annuity = (1 - Fraction(1000, 1035) ** 10) / Fraction(35, 1000)
    assert abs(Fraction(before.npv) - (-50_000 + 7_000 * annuity)) < Fraction(1, 10**25)
    assert before.npv.quantize(Decimal("0.01")) == Decimal("8216.24")
    # The newer set is there by its own id and does give other figures.
    assert appraise(_case(), parameter_set("green-book-2031", extra=[newer])).npv != before.npv
    # And the default is pinned to the 2022 edition, not "the latest".
    assert parameter_set(extra=[newer]).id == "green-book-2022"


def test_a_plugin_set_is_the_same_typed_value_and_cannot_replace_a_bundled_id() -> None:
    newer = parse_parameter_set(NEWER, origin="coprod-treasury-2031")
    assert isinstance(newer, ParameterSet)
    assert newer.origin == "coprod-treasury-2031"
    impostor = attrs.evolve(newer, id="green-book-2022", origin="evil-plugin")
    with pytest.raises(InvalidInputError, match="defined twice: by coprod and by evil-plugin"):
        parameter_set("green-book-2022", extra=[impostor])
    with pytest.raises(KeyError, match="no parameter set 'nope'"):
        parameter_set("nope")


def test_a_derived_schedule_gets_a_derived_id() -> None:
    flat = parameter_set().with_schedule(DiscountSchedule.flat("0.05"))
    assert flat.id == "green-book-2022+flat 5.00%"
    assert flat.fingerprint != GREEN_BOOK_2022_FINGERPRINT


def test_every_problem_of_a_broken_file_is_reported_with_its_path() -> None:
    broken = """
format = 2
id = ""
title = "broken"
edition = "x"
publisher = "p"
colour = "blue"
default_schedule = "missing"
[schedules.standard]
title = "bad bands"
bands = [ { first = 0, last = 30, percent = "abc" }, { first = 31, percent = "120" },
          { first = 40, when = 3, percent = "1" } ]
[unit_values.visit]
amount = "-3"
unit = "visit"
"""
    with pytest.raises(InvalidInputError) as caught:
        parse_parameter_set(broken, source="broken.toml")
    found = {(p.where, p.code) for p in caught.value.problems}
    assert found >= {
        ("broken.toml: $.format", "invalid-value"),
        ("broken.toml: $.id", "invalid-value"),
        ("broken.toml: $.source", "missing-value"),
        ("broken.toml: $.colour", "unknown-key"),
        ("broken.toml: $.schedules.standard.bands[0].percent", "invalid-value"),
        ("broken.toml: $.schedules.standard.bands[1].percent", "invalid-value"),
        ("broken.toml: $.schedules.standard.bands[2].when", "unknown-key"),
        ("broken.toml: $.unit_values.visit.amount", "invalid-value"),
        ("broken.toml: $.unit_values.visit.source", "missing-value"),
    }
    paths = {p.path for p in caught.value.problems}
    assert ("schedules", "standard", "bands", 0, "percent") in paths


def test_gaps_in_the_bands_and_an_unknown_default_are_problems() -> None:
    text = NEWER.replace('default_schedule = "standard"', 'default_schedule = "health"').replace(
        'bands = [ { first = 0, percent = "3.0" } ]',
        'bands = [ { first = 0, last = 9, percent = "3.0" }, { first = 11, percent = "2" } ]',
    )
    with pytest.raises(InvalidInputError) as caught:
        parse_parameter_set(text)
    messages = [str(p) for p in caught.value.problems]
    assert any("$.schedules.standard.bands" in m and "without gaps" in m for m in messages)
    with pytest.raises(InvalidInputError, match="invalid TOML"):
        parse_parameter_set("id = ")


def test_unit_values_read_from_a_file() -> None:
    text = (
        NEWER
        + '\n[unit_values.home-visit]\namount = "37.50"\nunit = "visit"\n'
        + ('source = "Eastbridge finance team, 2025 prices"\nprice_base = 2025\n')
    )
    values = parse_parameter_set(text).unit_values
    assert [(v.name, v.amount, v.price_base) for v in values] == [
        ("home-visit", Decimal("37.50"), 2025)
    ]


def test_schedules_built_in_code_are_validated_too() -> None:
    with pytest.raises(ValueError, match="default schedule 'x'"):
        ParameterSet(
            id="mine", title="", edition="1", publisher="", source="me",
            schedules=[DiscountSchedule("s", "", [DiscountBand(0, None, "0.03")])],
            default_schedule="x",
        )  # fmt: skip
