"""The Explorer map counts existing initiatives: properties of ``cell_extents``.

Seed ``003_eb91abacab6ac2c6.txt`` ("Map it"): co-production already happens "only
here and there, in pockets". An existing initiative of a Co in a service is such a
pocket, so the cell is at least "in pockets"; an Explorer entry can only say more.
"""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

from coprod.model.explorer import (
    ExplorerEntry,
    Extent,
    cell_extents,
    explorer_gaps,
    star_profile,
)
from coprod.model.star import Co

SERVICES = ("a", "b", "c")


@attrs.frozen
class Practice:
    id: str
    service: str
    cos: tuple[Co, ...]


entries = st.lists(
    st.builds(
        lambda service, co, extent: ExplorerEntry(service=service, co=co, extent=extent),
        st.sampled_from(SERVICES),
        st.sampled_from(list(Co)),
        st.sampled_from(list(Extent)),
    ),
    max_size=12,
    unique_by=lambda e: (e.service, e.co),
)
practices = st.lists(
    st.builds(
        Practice,
        st.text("xyz", min_size=1, max_size=3),
        st.sampled_from((*SERVICES, "elsewhere")),
        st.lists(st.sampled_from(list(Co)), min_size=1, max_size=4, unique=True).map(tuple),
    ),
    max_size=8,
)


@given(entries=entries, existing=practices)
def test_each_cell_is_the_entry_raised_to_in_pockets_where_an_initiative_runs(
    entries: list[ExplorerEntry], existing: list[Practice]
) -> None:
    extents = cell_extents(SERVICES, entries, existing)
    mapped = {(e.service, e.co): e.extent for e in entries}
    practised = {(p.service, co) for p in existing for co in p.cos}
    for service in SERVICES:
        for co in Co:
            cell = (service, co)
            entry = mapped.get(cell, Extent.NONE)
            expected = entry
            if cell in practised and entry is Extent.NONE:
                expected = Extent.IN_POCKETS
            assert extents.get(cell, Extent.NONE) is expected
    # Services outside the list are ignored, wherever the initiative runs.
    assert all(service in SERVICES for service, _co in extents)


@given(entries=entries, existing=practices)
def test_no_gap_where_an_initiative_exists_and_initiatives_never_lower_the_star(
    entries: list[ExplorerEntry], existing: list[Practice]
) -> None:
    gaps = {(g.service, g.co) for g in explorer_gaps(SERVICES, entries, existing)}
    for practice in existing:
        for co in practice.cos:
            assert (practice.service, co) not in gaps
    without = star_profile(SERVICES, entries)
    with_initiatives = star_profile(SERVICES, entries, existing)
    for before, after in zip(without, with_initiatives, strict=True):
        assert after.score >= before.score and after.reach >= before.reach


def test_a_csv_only_assessment_draws_co_delivery_from_its_initiatives() -> None:
    # Two existing co-delivery initiatives in one of two services, no Explorer map:
    # co-delivery is "in pockets" in 1 of 2 services, so its score is (1/3)/2 = 1/6
    # and its reach 1/2; every other Co is 0.
    existing = [
        Practice("food-train", "adult-social-care", (Co.DELIVERY,)),
        Practice("befrienders", "adult-social-care", (Co.DELIVERY,)),
    ]
    profile = {p.co: p for p in star_profile(["adult-social-care", "parks"], (), existing)}
    assert profile[Co.DELIVERY].score == 1 / 6
    assert profile[Co.DELIVERY].reach == 0.5
    assert dict(profile[Co.DELIVERY].services_by_extent)[Extent.IN_POCKETS] == 1
    assert all(profile[co].score == 0 for co in Co if co is not Co.DELIVERY)
    gaps = explorer_gaps(["adult-social-care", "parks"], (), existing)
    assert ("adult-social-care", Co.DELIVERY) not in {(g.service, g.co) for g in gaps}
    assert len(gaps) == 7
