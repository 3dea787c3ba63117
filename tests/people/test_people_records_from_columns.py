"""Records built a column at a time are the records their classes build (issue 10).

The readers build providers, capabilities and needs from the table reader's columns:
when every column already holds what the fields keep, the values are set as they
are; otherwise each record goes through its class. Either way the records (values
and their types) and the errors must be the class's own.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coprod.model.text import ID_PATTERN
from coprod.people import read_match_problem
from coprod.people.model import (
    Capability,
    CapabilityLevel,
    Frequency,
    Need,
    NeedPriority,
    Provider,
    ProviderKind,
    TimeSlot,
    Verification,
    _capabilities_from_columns,
    _ids,
    _needs_from_columns,
    _providers_from_columns,
    normalise_area,
    normalise_category,
)

# Labels the memo knows (normalised once) and others (not normalised, or bad).
for _known in ("gardening", "housework/bedding"):
    normalise_category(_known)
for _known in ("dunoon", "oban"):
    normalise_area(_known)

_IDS = ["a1", "b-2", "c.3", "bad id", "", 7]
_CATEGORIES = ["gardening", "housework/bedding", "Gardening", " housework / bedding", "bad!"]
_AREAS = ["dunoon", "oban", "Dunoon", "oban  ", "never-seen-area", "bad!"]
_BOOLS = [True, False, 1, "yes"]
_COUNTS = [0, 1, 3, -1, True, 2.0]
_NAMES = [None, "Ann", "  ", "x" * 201, 5]
_AREA_SETS = [
    frozenset(),
    frozenset({"dunoon"}),
    frozenset({"dunoon", "oban"}),
    frozenset({"Dunoon"}),
    ["oban"],
    "oban",
]
_SLOT_SETS = [
    frozenset(),
    frozenset({TimeSlot.EVENINGS}),
    frozenset({"evenings"}),
    ["weekends"],
]


def _columns(draw: Any, rows: int, kinds: list[tuple[list[Any], list[Any]]]) -> list[Any]:
    """Columns of good values (the fast path), or of any values (often the class's)."""
    bad = draw(st.booleans())
    return [
        [draw(st.sampled_from(every if bad else good)) for _ in range(rows)]
        for good, every in kinds
    ]


def _exact(record: Any) -> tuple[Any, ...]:
    """A record's values with their types (and their members' types, for sets)."""
    shown = []
    for value in attrs.astuple(record, recurse=False):
        if isinstance(value, frozenset):
            shown.append((frozenset, sorted((type(v).__name__, str(v)) for v in value)))
        else:
            shown.append((type(value), value))
    return tuple(shown)


def _same(fast: Any, slow: Any, columns: list[Any]) -> None:
    """``fast(*columns)`` builds what the class builds row by row, or raises the same."""
    try:
        expected = [slow(*row) for row in zip(*columns, strict=True)]
    except (TypeError, ValueError) as error:
        with pytest.raises(type(error), match=f"^{re.escape(str(error))}$"):
            fast(*columns)
        return
    built = fast(*columns)
    assert [_exact(r) for r in built] == [_exact(r) for r in expected]
    assert built == expected


@settings(max_examples=300, deadline=None)
@given(st.data(), st.integers(0, 4))
def test_capabilities_from_columns(data: st.DataObject, rows: int) -> None:
    levels = [CapabilityLevel.DOES_NOW, CapabilityLevel.COULD_DO]
    columns = _columns(
        data.draw,
        rows,
        [
            (_IDS[:3], _IDS),
            (_IDS[:3], _IDS),
            (_CATEGORIES[:2], _CATEGORIES),
            (_AREAS[:2], _AREAS),
            (levels, [*levels, "could-do", "nope"]),
            (_BOOLS[:2], _BOOLS),
            (_AREA_SETS[:3], _AREA_SETS),
            (_BOOLS[:2], _BOOLS),
            (_SLOT_SETS[:2], _SLOT_SETS),
            (_COUNTS[:3], _COUNTS),
        ],
    )
    _same(_capabilities_from_columns, Capability, columns)


@settings(max_examples=200, deadline=None)
@given(st.data(), st.integers(0, 4))
def test_providers_from_columns(data: st.DataObject, rows: int) -> None:
    kinds = list(ProviderKind)
    columns = _columns(
        data.draw,
        rows,
        [
            (_IDS[:3], _IDS),
            (kinds, [*kinds, "person", "robot"]),
            (_NAMES[:2], _NAMES),
            (_COUNTS[:3], _COUNTS),
            (_BOOLS[:2], _BOOLS),
            (_BOOLS[:2], _BOOLS),
        ],
    )
    _same(_providers_from_columns, Provider, columns)


@settings(max_examples=200, deadline=None)
@given(st.data(), st.integers(0, 4))
def test_needs_from_columns(data: st.DataObject, rows: int) -> None:
    columns = _columns(
        data.draw,
        rows,
        [
            (_IDS[:3], _IDS),
            (_IDS[:3], _IDS),
            (_CATEGORIES[:2], _CATEGORIES),
            (_AREAS[:2], _AREAS),
            (list(Frequency), [*Frequency, "regular", "often"]),
            (list(Verification), [*Verification, "references", "x"]),
            (list(NeedPriority), [*NeedPriority, "high", "x"]),
            (_SLOT_SETS[:2], _SLOT_SETS),
            (_NAMES[:2], _NAMES),
        ],
    )
    _same(_needs_from_columns, Need, columns)


def test_read_records_equal_records_built_by_keyword() -> None:
    capabilities = (
        "capability_id,provider_id,display_name,category,area,also_covers,availability,"
        "capacity,references,protection_check,consent,level\n"
        "c2,p1,Ann,Gardening,Dunoon,Oban;Rothesay,evenings,2,3,yes,yes,could-do\n"
        "c1,p1,Ann,Housework / Bedding,dunoon,*,,1,3,yes,yes,\n"
        "c3,p2,,gardening,oban,,weekends;weekdays,0,0,no,no,does-now\n"
    )
    needs = (
        "need_id,requester_id,requester_name,category,area,frequency,verification,priority,when\n"
        "n1,p2,Bo,gardening,Oban,regular,references,high,evenings\n"
        "n2,r9,,housework,dunoon,,,,\n"
    )
    problem = read_match_problem(capabilities, needs)
    assert problem.providers == (
        Provider(
            id="p1",
            kind=ProviderKind.PERSON,
            display_name="Ann",
            references=3,
            protection_check=True,
            consent=True,
        ),
        Provider(id="p2", display_name=None, references=0, protection_check=False, consent=False),
    )
    assert problem.capabilities == (
        Capability(
            id="c1",
            provider_id="p1",
            category="housework/bedding",
            area="dunoon",
            anywhere=True,
            capacity=1,
        ),
        Capability(
            id="c2",
            provider_id="p1",
            category="gardening",
            area="dunoon",
            level=CapabilityLevel.COULD_DO,
            also_covers=frozenset({"oban", "rothesay"}),
            availability=frozenset({TimeSlot.EVENINGS}),
            capacity=2,
        ),
        Capability(
            id="c3",
            provider_id="p2",
            category="gardening",
            area="oban",
            availability=frozenset({TimeSlot.WEEKENDS, TimeSlot.WEEKDAYS}),
            capacity=0,
        ),
    )
    assert problem.needs == (
        Need(
            id="n1",
            requester_id="p2",
            requester_name="Bo",
            category="gardening",
            area="oban",
            frequency=Frequency.REGULAR,
            verification=Verification.REFERENCES,
            priority=NeedPriority.HIGH,
            when=frozenset({TimeSlot.EVENINGS}),
        ),
        Need(id="n2", requester_id="r9", category="housework", area="dunoon"),
    )
    for record in (*problem.providers, *problem.capabilities, *problem.needs):
        assert _exact(record) == _exact(attrs.evolve(record))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("aZ09._- \n\r\x00é")), max_size=4)))
def test_ids_checked_at_once_as_one_by_one(values: list[str]) -> None:
    assert _ids(values) == all(ID_PATTERN.fullmatch(value) for value in values)
    assert _ids([*values, "x" * 100]) == _ids(values)
    assert not _ids([*values, "x" * 101])
