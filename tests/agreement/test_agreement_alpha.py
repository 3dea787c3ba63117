"""Krippendorff's alpha against Krippendorff's own worked examples and an independent count.

Source of the published values: K. Krippendorff, "Computing Krippendorff's
Alpha-Reliability" (2011), Annenberg School for Communication, University of
Pennsylvania, https://repository.upenn.edu/asc_papers/43/ — example A (binary data,
two observers, no missing data, α = 0.095), example B (nominal data, two observers,
no missing data, α = 0.692) and example C (four observers, twelve units, missing
data: nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797).
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Hashable, Sequence
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from coprod.model.agreement import MeasurementLevel, coincidences, krippendorff_alpha
from coprod.model.explorer import Extent

N = None

# Example A: two observers, ten units, binary values.
EXAMPLE_A = [
    [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
]
# Example B: two observers (Ben and Gerry), twelve units, nominal categories a-e.
EXAMPLE_B = [list("aabbdcccedda"), list("babbbccceddd")]
# Example C: observers A-D (rows) × units 1-12 (columns), '.' in the paper is None here.
EXAMPLE_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
PUBLISHED_C = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}


# --- an independent computation -------------------------------------------------
# Written from the definitions in Krippendorff (2011), not from the module: every
# ordered pair of values from two different observers in a unit adds 1/(m_u - 1) to
# its cell, by explicit enumeration of observer pairs; the ordinal difference is the
# explicit sum of margins over the ranks between c and k.


def brute_coincidences(matrix: Sequence[Sequence[object]]) -> dict[tuple[object, object], Fraction]:
    out: dict[tuple[object, object], Fraction] = {}
    for u in range(len(matrix[0])):
        observed = [(i, row[u]) for i, row in enumerate(matrix) if row[u] is not None]
        m = len(observed)
        if m < 2:
            continue
        for (i, c), (j, k) in itertools.product(observed, repeat=2):
            if i != j:
                out[c, k] = out.get((c, k), Fraction(0)) + Fraction(1, m - 1)
    return out


def brute_alpha(matrix: Sequence[Sequence[object]], level: str) -> Fraction | None:
    o = brute_coincidences(matrix)
    values = sorted({c for c, _ in o}, key=lambda v: (str(type(v)), v))  # type: ignore[arg-type]
    n_c = {c: sum((o.get((c, k), Fraction(0)) for k in values), Fraction(0)) for c in values}
    n = sum(n_c.values(), Fraction(0))
    if n <= 1:
        return None

    def delta(c: object, k: object) -> Fraction:
        if level == "nominal":
            return Fraction(c != k)
        if level == "ordinal":
            lo, hi = sorted((values.index(c), values.index(k)))
            total = sum((n_c[values[g]] for g in range(lo, hi + 1)), Fraction(0))
            return (total - (n_c[c] + n_c[k]) / 2) ** 2
        x, y = Fraction(c), Fraction(k)  # type: ignore[arg-type]
        if level == "interval":
            return (x - y) ** 2
        return Fraction(0) if x + y == 0 else ((x - y) / (x + y)) ** 2

    d_o = sum((o.get((c, k), 0) * delta(c, k) for c in values for k in values), Fraction(0)) / n
    d_e = sum((n_c[c] * n_c[k] * delta(c, k) for c in values for k in values), Fraction(0)) / (
        n * (n - 1)
    )
    return None if d_e == 0 else 1 - d_o / d_e


# --- published values -----------------------------------------------------------


def test_example_a_binary_two_observers() -> None:
    # By hand: o00 = 10 (five 0-0 units, both orders), o01 = o10 = 4, o11 = 2;
    # n0 = 14, n1 = 6, n = 20; alpha = 1 - (n - 1) o01 / (n0 n1) = 1 - 19*4/84.
    alpha = krippendorff_alpha(EXAMPLE_A, "nominal")
    assert alpha.exact == 1 - Fraction(19 * 4, 84)
    assert alpha.value is not None
    assert round(alpha.value, 3) == 0.095
    assert (alpha.pairable_units, alpha.pairable_values) == (10, 20)


def test_example_b_nominal_two_observers() -> None:
    # By hand: 3 disagreeing units (a-b, d-b, a-d) -> 6 off-diagonal coincidences;
    # margins a 4, b 6, c 6, d 6, e 2 (n = 24); n² - Σn_c² = 576 - 128 = 448;
    # alpha = 1 - 23 * 6 / 448.
    alpha = krippendorff_alpha(EXAMPLE_B, "nominal")
    assert alpha.exact == 1 - Fraction(23 * 6, 448)
    assert alpha.value is not None
    assert round(alpha.value, 3) == 0.692


@pytest.mark.parametrize(("level", "published"), sorted(PUBLISHED_C.items()))
def test_example_c_four_observers_with_missing_values(level: str, published: float) -> None:
    alpha = krippendorff_alpha(EXAMPLE_C, level)
    assert alpha.value is not None
    assert round(alpha.value, 3) == published
    assert alpha.exact == brute_alpha(EXAMPLE_C, level)
    # Unit 12 has one value only: it drops out. 40 pairable values in 11 units.
    assert (alpha.pairable_units, alpha.pairable_values) == (11, 40)


def test_example_c_as_a_mapping_of_units_gives_the_same_alpha() -> None:
    by_unit = {
        f"unit {u + 1}": {rater: EXAMPLE_C[r][u] for r, rater in enumerate("ABCD")}
        for u in range(12)
    }
    for level in PUBLISHED_C:
        assert krippendorff_alpha(by_unit, level) == krippendorff_alpha(EXAMPLE_C, level)


def test_coincidence_matrix_of_example_c_matches_the_brute_force_count() -> None:
    assert coincidences(EXAMPLE_C) == brute_coincidences(EXAMPLE_C)
    # The paper's margins: 1 → 9, 2 → 13, 3 → 10, 4 → 5, 5 → 3 (n = 40).
    margins: dict[object, Fraction] = {}
    for (c, _k), o in coincidences(EXAMPLE_C).items():
        margins[c] = margins.get(c, Fraction(0)) + o
    assert margins == {1: 9, 2: 13, 3: 10, 4: 5, 5: 3}


def test_nan_counts_as_missing_as_pandas_writes_it() -> None:
    with_nan = [[float("nan") if v is None else v for v in row] for row in EXAMPLE_C]
    for level in PUBLISHED_C:
        assert krippendorff_alpha(with_nan, level) == krippendorff_alpha(EXAMPLE_C, level)


def test_missing_values_that_leave_one_value_drop_the_unit() -> None:
    with_lone_value = [[*row, value] for row, value in zip(EXAMPLE_C, [7, N, N, N], strict=True)]
    for level in PUBLISHED_C:
        assert krippendorff_alpha(with_lone_value, level).exact == (
            krippendorff_alpha(EXAMPLE_C, level).exact
        )


# --- undefined alpha and bad input ----------------------------------------------


def test_alpha_is_undefined_without_variation_or_pairable_values() -> None:
    assert krippendorff_alpha([[3, 3], [3, 3]], "interval").value is None
    assert krippendorff_alpha([[1, N], [N, 2]], "nominal").value is None
    assert krippendorff_alpha([], "nominal").value is None


def test_bad_input_is_rejected_with_a_reason() -> None:
    with pytest.raises(ValueError, match="one entry per unit"):
        krippendorff_alpha([[1, 2, 3], [1, 2]], "nominal")
    with pytest.raises(ValueError, match="need a scale"):
        krippendorff_alpha([["low", "high"], ["high", "high"]], "ordinal")
    with pytest.raises(ValueError, match="not on the scale"):
        krippendorff_alpha([["low", "high"], ["mid", "x"]], "ordinal", scale=("low", "high"))
    with pytest.raises(ValueError, match="must not be negative"):
        krippendorff_alpha([[-1, 2], [1, 2]], "ratio")
    with pytest.raises(TypeError, match="must be numbers"):
        krippendorff_alpha([["a", "b"], ["a", "a"]], "interval")
    with pytest.raises(ValueError, match="'cardinal'"):
        krippendorff_alpha(EXAMPLE_C, "cardinal")


def test_ordinal_uses_an_enums_own_order_and_a_scale_for_strings() -> None:
    # Explorer extents as an Enum follow their definition order, not the alphabet.
    order = list(Extent)
    as_extents = [[N if v is None else order[min(v, 4) - 1] for v in row] for row in EXAMPLE_C]
    ranks = [[N if v is None else min(v, 4) for v in row] for row in EXAMPLE_C]
    assert sorted(order, key=str) != order  # alphabetical order would be wrong
    assert krippendorff_alpha(as_extents).exact == krippendorff_alpha(ranks).exact
    words = [[["none", "some", "lots"][v] for v in row] for row in EXAMPLE_A]
    assert krippendorff_alpha(words, scale=("none", "some", "lots")).exact == (
        krippendorff_alpha(EXAMPLE_A).exact
    )


def test_a_custom_metric_replaces_the_difference_function() -> None:
    def interval(c: Hashable, k: Hashable) -> Fraction:
        return (Fraction(c) - Fraction(k)) ** 2  # type: ignore[arg-type]

    custom = krippendorff_alpha(EXAMPLE_C, metric=interval)
    assert custom.level == "custom"
    assert custom.exact == krippendorff_alpha(EXAMPLE_C, MeasurementLevel.INTERVAL).exact


# --- properties -----------------------------------------------------------------

LEVELS = [level.value for level in MeasurementLevel]


@st.composite
def matrices(draw: st.DrawFn, low: int = 1, high: int = 5) -> list[list[int | None]]:
    raters = draw(st.integers(2, 5))
    units = draw(st.integers(1, 12))
    cell = st.one_of(st.none(), st.integers(low, high))
    return [[draw(cell) for _ in range(units)] for _ in range(raters)]


@given(matrices(), st.sampled_from(LEVELS))
def test_alpha_equals_the_brute_force_definition(
    matrix: list[list[int | None]], level: str
) -> None:
    assert krippendorff_alpha(matrix, level).exact == brute_alpha(matrix, level)


@given(st.lists(st.integers(1, 5), min_size=2, max_size=15), st.integers(2, 5))
def test_perfect_agreement_gives_one(values: list[int], raters: int) -> None:
    assume(len(set(values)) > 1)
    for level in LEVELS:
        assert krippendorff_alpha([values] * raters, level).exact == 1


@given(matrices(), st.permutations(range(1, 6)))
def test_nominal_alpha_is_invariant_under_relabelling(
    matrix: list[list[int | None]], relabel: list[int]
) -> None:
    renamed = [[None if v is None else f"c{relabel[v - 1]}" for v in row] for row in matrix]
    assert krippendorff_alpha(renamed, "nominal") == krippendorff_alpha(matrix, "nominal")


@given(matrices(), st.integers(1, 7), st.integers(-20, 20))
def test_interval_alpha_is_invariant_under_affine_rescaling(
    matrix: list[list[int | None]], scale: int, shift: int
) -> None:
    rescaled = [[None if v is None else scale * v + shift for v in row] for row in matrix]
    assert krippendorff_alpha(rescaled, "interval").exact == (
        krippendorff_alpha(matrix, "interval").exact
    )


@given(matrices())
def test_ordinal_alpha_is_invariant_under_monotone_relabelling(
    matrix: list[list[int | None]],
) -> None:
    squared = [[None if v is None else v * v + 10 for v in row] for row in matrix]
    assert krippendorff_alpha(squared, "ordinal").exact == (
        krippendorff_alpha(matrix, "ordinal").exact
    )


@given(matrices(), st.sampled_from(LEVELS), st.randoms(use_true_random=False))
def test_alpha_ignores_the_order_of_raters_and_units(
    matrix: list[list[int | None]], level: str, random: object
) -> None:
    import random as random_module

    assert isinstance(random, random_module.Random)
    rows = [list(row) for row in matrix]
    random.shuffle(rows)
    columns = list(range(len(rows[0])))
    random.shuffle(columns)
    shuffled = [[row[c] for c in columns] for row in rows]
    assert krippendorff_alpha(shuffled, level).exact == krippendorff_alpha(matrix, level).exact


@given(matrices(), st.sampled_from(LEVELS))
def test_alpha_is_at_most_one(matrix: list[list[int | None]], level: str) -> None:
    alpha = krippendorff_alpha(matrix, level)
    assert alpha.exact is None or alpha.exact <= 1


class Colour(enum.Enum):
    RED = "red"
    GREEN = "green"


def test_nominal_values_may_be_any_hashable() -> None:
    data = {1: {"a": Colour.RED, "b": Colour.RED}, 2: {"a": Colour.GREEN, "b": Colour.RED}}
    # o(R,R) = 2, o(R,G) = o(G,R) = 1; n_R = 3, n_G = 1; alpha = 1 - 3 * 2 / (16 - 10).
    assert krippendorff_alpha(data, "nominal").exact == 1 - Fraction(3 * 2, 16 - 10)


# --- the krippendorff package as an oracle (test extra; skipped without it) ------


@given(matrices(), st.sampled_from(LEVELS))
def test_alpha_agrees_with_the_krippendorff_package(
    matrix: list[list[int | None]], level: str
) -> None:
    krippendorff = pytest.importorskip("krippendorff")
    numpy = pytest.importorskip("numpy")
    ours = krippendorff_alpha(matrix, level).value
    assume(ours is not None)
    data = numpy.array(
        [[numpy.nan if v is None else float(v) for v in row] for row in matrix], dtype=float
    )
    theirs = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
    assert ours == pytest.approx(theirs, abs=1e-9)
