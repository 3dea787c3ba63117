"""The journey's document fields load, dump and load again to an equal assessment."""

from __future__ import annotations

import datetime
import json
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coprod
from coprod.io.documents import parse_document
from coprod.model.actions import Action, ActionStatus
from coprod.model.explorer import ExplorerEntry, ExtentRating
from coprod.model.priority import RaterRatings
from coprod.model.star import Co, Step

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

TOML = """
as_of = 2025-03-01
round = "2025 review"

[organisation]
name = "Dated Council"

[[services]]
id = "parks"
name = "Parks"
replaces = "green-spaces"

[[initiatives]]
id = "friends"
name = "Friends"
service = "parks"
cos = ["co-delivery"]
ratings_by_rater = [
  { rater = "R1", investment = 1, risk = 2, savings = 4, outcomes = 5 },
  { rater = "R2", investment = 3, risk = 2, savings = 2, outcomes = 5 },
]

[[actions]]
id = "a1"
title = "Start"
step = "focus"
due = 2025-06-30
initiatives = ["friends"]
"""


def test_toml_dates_and_the_consensus() -> None:
    assessment = coprod.load_assessment(tomllib.loads(TOML))
    assert assessment.as_of == datetime.date(2025, 3, 1)
    assert assessment.actions[0].due == datetime.date(2025, 6, 30)
    assert assessment.actions[0].status is ActionStatus.PLANNED
    assert assessment.services[0].replaces == "green-spaces"
    # Lower medians of (1, 3), (2, 2), (4, 2), (5, 5).
    assert assessment.initiatives[0].ratings == coprod.PriorityRatings(1, 2, 2, 5)


@pytest.mark.parametrize("bad", ["2025-02-30", "1 March 2025", "2025-3-1", 20250301, True])
def test_a_bad_date_is_one_problem_at_its_path(bad: Any) -> None:
    document = tomllib.loads(TOML)
    document["as_of"] = bad
    with pytest.raises(coprod.InvalidInputError) as caught:
        coprod.load_assessment(document)
    (problem,) = caught.value.problems
    assert problem.where == "$.as_of"
    assert "YYYY-MM-DD" in problem.message


_extents = st.sampled_from(list(coprod.Extent))
_ratings = st.integers(1, 5)
# Any text but control characters and surrogates, which the loader rejects as not text.
_titles = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=20).filter(
    str.strip
)


@st.composite
def journey_documents(draw: st.DrawFn) -> coprod.Assessment:
    raters = draw(st.lists(st.sampled_from(["chair", "R2", "youth rep", "finance"]), min_size=1,
                           max_size=4, unique=True))  # fmt: skip
    entry = ExplorerEntry(
        service="parks",
        co=Co.DESIGN,
        ratings=[ExtentRating(rater=r, extent=draw(_extents)) for r in raters],
    )
    initiative = coprod.Initiative(
        id="friends",
        name="Friends",
        service="parks",
        cos=(Co.DELIVERY,),
        ratings_by_rater=[
            RaterRatings(r, draw(_ratings), draw(_ratings), draw(_ratings), draw(_ratings))
            for r in raters
        ],
        replaces=draw(st.none() | st.just("old-friends")),
    )
    day = draw(st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2099, 1, 1)))
    actions = [
        Action(
            id=f"a{n}",
            title=draw(_titles),
            step=draw(st.sampled_from(list(Step))),
            owner=draw(st.sampled_from(["", "lead"])),
            due=draw(st.none() | st.just(day)),
            status=draw(st.sampled_from(list(ActionStatus))),
            initiatives=draw(st.sampled_from([(), ("friends",)])),
            services=draw(st.sampled_from([(), ("parks",)])),
            barriers=draw(st.sampled_from([(), ("austerity",)])),
        )
        for n in range(draw(st.integers(0, 3)))
    ]
    return coprod.Assessment(
        organisation=coprod.Organisation(name="Dated"),
        services=[coprod.Service(id="parks", name="Parks")],
        initiatives=[initiative],
        explorer=[entry],
        as_of=day,
        round=draw(st.none() | st.just("round 2")),
        actions=actions,
    )


@settings(max_examples=40, deadline=None)
@given(assessment=journey_documents(), fmt=st.sampled_from(["json", "toml"]))
def test_load_dump_load_is_the_identity(assessment: coprod.Assessment, fmt: str) -> None:
    text = coprod.dump_assessment(assessment, fmt)
    again = coprod.load_assessment(parse_document(text, fmt))
    assert again == assessment
    if fmt == "json":
        assert json.loads(text)["as_of"] == assessment.as_of.isoformat()  # type: ignore[union-attr]
