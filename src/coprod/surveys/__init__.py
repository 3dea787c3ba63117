"""Surveys: the attitude survey and the Barriers to Co-production allocation survey.

* The **attitude survey** (``002_ea409380ef17158f.txt``, Tables 1 and 2): five-point
  Likert statements, counted and compared between cohorts (January v April
  workshops), with net agreement and a polarisation flag.
* The **budget-allocation survey** (``001_10471c76f715a525.txt``, "Some pilot
  responses!"): each respondent splits 100% of a budget increase across factors;
  mean (over all respondents), median, share allocating and rank per factor, and a
  barrier profile when factors are tagged with barrier ids.

The computations are pure functions over frozen attrs values, in exact arithmetic;
the CSV readers (long and wide layouts) are separate, and the results are reports
(kinds ``likert`` and ``allocation``) that registered exporters render (JSON, CSV,
Markdown, HTML: :mod:`coprod.builtin.export_surveys`). ``docs/surveys.md`` explains
how to run the surveys and read the results.

>>> from coprod.surveys import AllocationSurvey, analyse_allocation
>>> survey = AllocationSurvey.from_allocations(
...     {"A": {"Training": 60, "ICT": 40}, "B": {"Training": 100}}
... )
>>> [(f.factor, float(f.mean), f.rank) for f in analyse_allocation(survey).factors]
[('Training', 80.0, 1), ('ICT', 20.0, 2)]
"""

from __future__ import annotations

from coprod.surveys.allocation import (
    TOTAL_TOLERANCE,
    AllocationAnalysis,
    AllocationSurvey,
    BarrierShare,
    FactorSummary,
    analyse_allocation,
    competition_ranks,
    median,
    total_problems,
    with_barriers,
)
from coprod.surveys.likert import (
    LEVELS,
    POLARISATION_THRESHOLD,
    CohortSummary,
    LikertAnalysis,
    LikertLevel,
    LikertResponse,
    LikertSurvey,
    StatementComparison,
    StatementSummary,
    analyse_likert,
    compare_cohorts,
    is_polarised,
    parse_level,
    summarise_likert,
)
from coprod.surveys.readers import (
    Layout,
    decode,
    parse_allocation,
    parse_barrier_tags,
    parse_likert,
    read_allocation,
    read_barrier_tags,
    read_likert,
)

__all__ = [
    "LEVELS",
    "POLARISATION_THRESHOLD",
    "TOTAL_TOLERANCE",
    "AllocationAnalysis",
    "AllocationSurvey",
    "BarrierShare",
    "CohortSummary",
    "FactorSummary",
    "Layout",
    "LikertAnalysis",
    "LikertLevel",
    "LikertResponse",
    "LikertSurvey",
    "StatementComparison",
    "StatementSummary",
    "analyse_allocation",
    "analyse_likert",
    "compare_cohorts",
    "competition_ranks",
    "decode",
    "is_polarised",
    "median",
    "parse_allocation",
    "parse_barrier_tags",
    "parse_level",
    "parse_likert",
    "read_allocation",
    "read_barrier_tags",
    "read_likert",
    "summarise_likert",
    "total_problems",
    "with_barriers",
]
