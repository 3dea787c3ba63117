"""Build ``attitude_002_wide.csv``: raw responses that reproduce Tables 1 and 2 of ``002_…``.

The seed (``002_ea409380ef17158f.txt``) publishes only whole-number percentages, not
the responses behind them. This script constructs responses that match them:

1. ``seed_002_tables.csv`` is the transcription of Tables 1 (January) and 2 (April).
   Table 2's statements end with a full stop and Table 1's do not; the full stops
   are dropped so that the two cohorts share statements.
2. Cohort sizes: 62 respondents in January and 85 in April, the smallest sizes for
   which every statement has an exact match with at most four blanks (found by
   search; 100 would be trivial and unrealistic for three workshops).
3. For each statement, ``n`` (those who answered) is the largest ``n`` ≤ the cohort
   size for which counts exist with ``count / n × 100`` strictly within 0.5 of every
   published figure (so no value sits on a .5 tie and half-up and half-even rounding
   agree) and the counts add up to ``n``. The match is unique at that ``n``. The
   remaining respondents leave the statement blank (no answer).
4. Respondent ``i`` answers statement ``k`` with the level at position
   ``(i + 7k) mod N`` of the list ``[strongly agree] × c1 + … + [blank] × (N − n)``,
   so the blanks do not all fall on the same people.

Run ``python tests/surveys/data/make_attitude_fixture.py`` to rebuild the file; the
tests check that the file is exactly what this script writes.
"""

from __future__ import annotations

import csv
import io
import itertools
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).parent
TABLES = HERE / "seed_002_tables.csv"
OUTPUT = HERE / "attitude_002_wide.csv"
LEVELS = ("strongly agree", "agree", "not sure", "disagree", "strongly disagree")
COHORT_SIZES = {"January": 62, "April": 85}


def published() -> dict[str, dict[str, tuple[int, ...]]]:
    """``{cohort: {statement: percentages}}`` as transcribed from the seed."""
    tables: dict[str, dict[str, tuple[int, ...]]] = {}
    with TABLES.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            tables.setdefault(row["cohort"], {})[row["statement"]] = tuple(
                int(row[level]) for level in LEVELS
            )
    return tables


def matches(percentages: tuple[int, ...], n: int) -> list[tuple[int, ...]]:
    """Every tuple of counts adding up to ``n`` that is strictly within 0.5 of each figure."""
    options = [
        [c for c in range(n + 1) if abs(Fraction(100 * c, n) - p) < Fraction(1, 2)]
        for p in percentages
    ]
    return [combo for combo in itertools.product(*options) if sum(combo) == n]


def counts_for(percentages: tuple[int, ...], size: int) -> tuple[int, ...]:
    """The counts for the largest ``n`` ≤ ``size`` with a match (unique at that ``n``)."""
    for n in range(size, 0, -1):
        found = matches(percentages, n)
        if found:
            assert len(found) == 1, (percentages, n, found)
            return found[0]
    raise AssertionError(f"no match for {percentages}")  # pragma: no cover


def build() -> str:
    """The fixture's text: one row per respondent, a cohort column, one column per statement."""
    tables = published()
    statements = list(next(iter(tables.values())))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["respondent", "cohort", *statements])
    for cohort, size in COHORT_SIZES.items():
        columns = []
        for k, statement in enumerate(statements):
            counts = counts_for(tables[cohort][statement], size)
            answers = [lvl for lvl, c in zip(LEVELS, counts, strict=True) for _ in range(c)]
            answers += [""] * (size - len(answers))
            columns.append([answers[(i + 7 * k) % size] for i in range(size)])
        for i in range(size):
            writer.writerow([f"{cohort[:3]}-{i + 1:02d}", cohort, *(col[i] for col in columns)])
    return buffer.getvalue()


if __name__ == "__main__":
    OUTPUT.write_text(build(), encoding="utf-8", newline="")
    print(f"wrote {OUTPUT}")
