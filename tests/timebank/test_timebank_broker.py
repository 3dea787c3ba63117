"""Broker suggestions: the time bank's hard constraints are never broken (004)."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from coprod.people import Verification
from coprod.timebank import (
    AvailabilityWindow,
    Bank,
    Member,
    Offer,
    OptOut,
    Request,
    request_need,
    suggest_helpers,
)

SIGNED = datetime.date(2026, 1, 5)
MONDAY = datetime.date(2026, 3, 2)
SATURDAY = datetime.date(2026, 3, 7)

BANKS = {
    "cowal": Bank("cowal", "Cowal", linked_system="argyll", min_references=2),
    "bute": Bank("bute", "Bute", linked_system="argyll"),
    "leith": Bank("leith", "Leith"),
}


def member(code: str, bank: str = "cowal", **kwargs: object) -> Member:
    kwargs.setdefault("agreement_signed_on", SIGNED)
    return Member(code, bank, **kwargs)  # type: ignore[arg-type]


def offer(code: str, who: str, category: str = "gardening", area: str = "dunoon") -> Offer:
    return Offer(code, who, category, area)


def codes(result: object) -> list[str]:
    return [s.member for s in result.suggestions]  # type: ignore[attr-defined]


def why_not(result: object, code: str) -> str:
    return "; ".join(
        r
        for e in result.excluded  # type: ignore[attr-defined]
        if e.member == code
        for r in e.reasons
    )


MEMBERS = {
    "asker": member("asker"),
    "weekender": member("weekender", availability=[AvailabilityWindow.parse("weekends")]),
    "anytime": member("anytime"),
}
OFFERS = [offer("o-week", "weekender"), offer("o-any", "anytime")]


def test_a_weekends_only_member_is_not_proposed_for_a_monday() -> None:
    request = Request("r1", "asker", "gardening", "dunoon", on=MONDAY)
    result = suggest_helpers(request, MEMBERS, OFFERS, BANKS)
    assert codes(result) == ["anytime"]
    assert "not available on a Monday" in why_not(result, "weekender")
    saturday = Request("r2", "asker", "gardening", "dunoon", on=SATURDAY)
    assert sorted(codes(suggest_helpers(saturday, MEMBERS, OFFERS, BANKS))) == [
        "anytime",
        "weekender",
    ]


@given(st.dates(min_value=SIGNED, max_value=datetime.date(2035, 12, 31)))
def test_a_weekends_only_member_is_never_proposed_for_any_weekday(day: datetime.date) -> None:
    request = Request("r", "asker", "gardening", "dunoon", on=day)
    proposed = "weekender" in codes(suggest_helpers(request, MEMBERS, OFFERS, BANKS))
    assert proposed == (day.weekday() >= 5)


def test_time_windows_must_hold_the_hours_wanted() -> None:
    members = {
        "asker": member("asker"),
        "evenings": member(
            "evenings", availability=[AvailabilityWindow.parse("weekdays 18:00-21:00")]
        ),
    }
    offers = [offer("o1", "evenings")]
    morning = Request("r1", "asker", "gardening", "dunoon", on=MONDAY, start=9 * 60, end=11 * 60)
    evening = Request("r2", "asker", "gardening", "dunoon", on=MONDAY, start=18 * 60, end=20 * 60)
    assert codes(suggest_helpers(morning, members, offers, BANKS)) == []
    assert codes(suggest_helpers(evening, members, offers, BANKS)) == ["evenings"]


def test_nobody_is_proposed_during_an_opt_out_period() -> None:
    members = {
        "asker": member("asker"),
        "on-leave": member("on-leave", opt_outs=[OptOut(MONDAY, MONDAY + datetime.timedelta(13))]),
    }
    offers = [offer("o1", "on-leave")]
    during = Request("r1", "asker", "gardening", "dunoon", on=MONDAY + datetime.timedelta(3))
    after = Request("r2", "asker", "gardening", "dunoon", on=MONDAY + datetime.timedelta(14))
    result = suggest_helpers(during, members, offers, BANKS)
    assert codes(result) == []
    assert "opted out" in why_not(result, "on-leave")
    assert codes(suggest_helpers(after, members, offers, BANKS)) == ["on-leave"]


TUTORS = {
    "parent": member("parent"),
    "checked": member("checked", references=2, protection_check=True),
    "unchecked": member("unchecked", references=5, protection_check=False),
    "checked-no-refs": member("checked-no-refs", references=1, protection_check=True),
}
TUTOR_OFFERS = [offer(f"o-{c}", c, category="tutoring") for c in TUTORS if c != "parent"]


def test_regular_tutoring_of_a_child_gets_only_a_protection_checked_tutor() -> None:
    request = Request(
        "r1", "parent", "tutoring", "dunoon", on=MONDAY, frequency="regular", involves="children"
    )
    assert request_need(request, BANKS["cowal"]).verification is Verification.PROTECTION_CHECK
    result = suggest_helpers(request, TUTORS, TUTOR_OFFERS, BANKS)
    assert codes(result) == ["checked"]
    assert "no protection (PVG) check" in why_not(result, "unchecked")
    assert "1 reference(s)" in why_not(result, "checked-no-refs")
    # A one-off session cannot have a PVG check (004: only regular matches): no PVG rule.
    one_off = Request("r2", "parent", "tutoring", "dunoon", on=MONDAY, involves="children")
    assert sorted(codes(suggest_helpers(one_off, TUTORS, TUTOR_OFFERS, BANKS))) == [
        "checked",
        "checked-no-refs",
        "unchecked",
    ]


@given(
    st.lists(st.tuples(st.integers(0, 4), st.booleans()), min_size=1, max_size=8),
    st.sampled_from(["children", "vulnerable-adults"]),
)
def test_regular_help_with_children_or_vulnerable_adults_never_gets_an_unchecked_helper(
    helpers: list[tuple[int, bool]], involves: str
) -> None:
    members = {"parent": member("parent")}
    offers = []
    for n, (refs, pvg) in enumerate(helpers):
        members[f"h{n}"] = member(f"h{n}", references=refs, protection_check=pvg)
        offers.append(offer(f"o{n}", f"h{n}", category="tutoring"))
    request = Request(
        "r", "parent", "tutoring", "dunoon", on=MONDAY, frequency="regular", involves=involves
    )
    for suggestion in suggest_helpers(request, members, offers, BANKS).suggestions:
        chosen = members[suggestion.member]
        assert chosen.protection_check and chosen.references >= 2


def test_a_hospital_run_needs_a_referenced_helper() -> None:
    members = {
        "patient": member("patient"),
        "new": member("new", references=0),
        "known": member("known", references=2),
    }
    offers = [offer("o1", "new", category="transport"), offer("o2", "known", category="transport")]
    request = Request("r", "patient", "transport", "dunoon", on=MONDAY, reliability=True)
    result = suggest_helpers(request, members, offers, BANKS)
    assert codes(result) == ["known"]
    assert "needs 2" in why_not(result, "new")


def test_no_exchange_before_the_agreement_is_signed() -> None:
    members = {
        "asker": member("asker"),
        "unsigned": member("unsigned", agreement_signed_on=None),
        "signs-later": member("signs-later", agreement_signed_on=MONDAY + datetime.timedelta(1)),
        "signed": member("signed"),
    }
    offers = [offer(f"o-{c}", c) for c in ("unsigned", "signs-later", "signed")]
    request = Request("r", "asker", "gardening", "dunoon", on=MONDAY)
    result = suggest_helpers(request, members, offers, BANKS)
    assert codes(result) == ["signed"]
    assert "agreement" in why_not(result, "unsigned")
    assert "agreement" in why_not(result, "signs-later")
    # A requester who has not signed gets nobody.
    members["asker"] = member("asker", agreement_signed_on=None)
    assert codes(suggest_helpers(request, members, offers, BANKS)) == []


def test_two_people_for_a_home_visit_one_of_them_met_before() -> None:
    members = {
        "lady": member("lady"),
        "teen-a": member("teen-a"),
        "teen-b": member("teen-b"),
        "stranger": member("stranger"),
    }
    offers = [offer(f"o-{c}", c, category="housework") for c in ("stranger", "teen-a", "teen-b")]
    request = Request("r", "lady", "housework", "dunoon", on=SATURDAY, home_visit=True, helpers=2)
    result = suggest_helpers(request, members, offers, BANKS, met_before={"teen-b": 3})
    assert result.helpers == 2
    assert result.enough
    assert codes(result)[0] == "teen-b"  # already known to her comes first
    assert any("exchanged with the requester before" in r for r in result.suggestions[0].reasons)
    only_one = suggest_helpers(request, {k: members[k] for k in ("lady", "teen-a")}, offers, BANKS)
    assert not only_one.enough
    title = next(only_one.tables()).title
    assert "needs 2, only 1" in title


def test_the_broker_moves_on_to_the_next_person() -> None:
    members = {"asker": member("asker")} | {c: member(c) for c in ("a", "b", "c")}
    offers = [offer(f"o-{c}", c) for c in ("a", "b", "c")]
    request = Request("r", "asker", "gardening", "dunoon", on=MONDAY)
    # Ties on score go to whoever earned least recently, spreading the asks.
    result = suggest_helpers(request, members, offers, BANKS, recent_minutes={"a": 300, "b": 60})
    assert codes(result) == ["c", "b", "a"]
    assert result.next_after({"c"}).member == "b"  # type: ignore[union-attr]
    assert result.next_after({"c", "b", "a"}) is None
    declined = suggest_helpers(
        request, members, offers, BANKS, recent_minutes={"a": 300, "b": 60}, declined={"c"}
    )
    assert codes(declined) == ["b", "a"]
    assert "declined" in why_not(declined, "c")


def test_linked_banks_help_each_other_and_unlinked_ones_do_not() -> None:
    members = {
        "asker": member("asker"),
        "bute-helper": member("bute-helper", bank="bute"),
        "leith-helper": member("leith-helper", bank="leith"),
    }
    offers = [
        Offer("o1", "bute-helper", "gardening", "rothesay", also_covers=frozenset({"dunoon"})),
        Offer("o2", "leith-helper", "gardening", "dunoon"),
    ]
    request = Request("r", "asker", "gardening", "dunoon", on=MONDAY)
    result = suggest_helpers(request, members, offers, BANKS)
    assert codes(result) == ["bute-helper"]
    assert "not linked" in why_not(result, "leith-helper")
    assert "covers dunoon from rothesay" in result.suggestions[0].reasons


def test_consent_own_offers_and_erased_members_are_respected() -> None:
    members = {
        "asker": member("asker"),
        "no": member("no", consent=False),
        "gone": member("gone", erased=True),
    }
    offers = [offer("o1", "no"), offer("o2", "gone"), offer("o3", "asker")]
    request = Request("r", "asker", "gardening", "dunoon", on=MONDAY)
    result = suggest_helpers(request, members, offers, BANKS)
    assert codes(result) == []
    assert "consented" in why_not(result, "no")
    assert "erased" in why_not(result, "gone")
    assert "own offer" in why_not(result, "asker")


def test_names_only_when_asked() -> None:
    members = {"asker": member("asker"), "ann": member("ann", display_name="Ann Secret")}
    offers = [offer("o1", "ann")]
    request = Request("r", "asker", "gardening", "dunoon", on=MONDAY)
    plain = suggest_helpers(request, members, offers, BANKS)
    table = next(plain.tables())
    assert "name" not in table.columns
    assert "Ann Secret" not in repr(list(table.rows))
    named = next(suggest_helpers(request, members, offers, BANKS, include_names=True).tables())
    assert "Ann Secret" in repr(list(named.rows))
