"""The time-bank examples of the seeds as matching scenarios (issue 6).

``002_ea409380ef17158f.txt``: West Edinburgh Time Bank, Lend A Hand, the
Capabilities Assessment. ``004_2ab9b3d444068e57.txt``: the Argyll and Bute
Timebanks (bedding for an eighty-year-old, references, PVG checks for tutoring,
hospital appointments, weekend-only matches, a café taking Time Credits).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coprod.people import (
    Capability,
    CapabilityLevel,
    MatchProblem,
    MatchResult,
    Need,
    NeedPriority,
    Provider,
    ProviderKind,
    UnmatchedReason,
    Verification,
    match_needs,
    read_match_problem,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def member(pid: str, *, refs: int = 2, pvg: bool = False, consent: bool = True) -> Provider:
    return Provider(id=pid, references=refs, protection_check=pvg, consent=consent)


def matched(result: MatchResult) -> dict[str, str]:
    return {m.need_id: m.provider_id for m in result.matches}


def reasons(result: MatchResult) -> dict[str, UnmatchedReason]:
    return {u.need_id: u.reason for u in result.unmatched}


@pytest.mark.parametrize("objective", ["most", "best"])
def test_teenagers_change_the_bedding_and_everyone_gives_and_receives(objective: str) -> None:
    # 004: two teenage girls take turns changing the bedding of an eighty-year-old lady;
    # she earns hours making shortbread for local events and writing certificates; the
    # teenagers get help with school projects and homework.
    problem = MatchProblem(
        providers=[member("lady"), member("teen-a"), member("teen-b"), member("youth-org")],
        capabilities=[
            Capability(
                "c-bed-a", "teen-a", "housework/bedding", "dunoon", availability=["weekends"]
            ),
            Capability(
                "c-bed-b", "teen-b", "housework/bedding", "dunoon", availability=["weekends"]
            ),
            Capability("c-shortbread", "lady", "baking", "dunoon"),
            Capability("c-certs", "lady", "writing/certificates", "dunoon", anywhere=True),
            Capability("c-homework", "youth-org", "tutoring/homework", "dunoon"),
        ],
        needs=[
            Need(
                "n-bed",
                "lady",
                "housework/bedding",
                "dunoon",
                frequency="regular",
                when=["weekends"],
            ),
            Need("n-event", "youth-org", "baking", "dunoon"),
            Need("n-certs", "youth-org", "writing/certificates", "rothesay"),
            Need("n-homework-a", "teen-a", "tutoring/homework", "dunoon"),
            Need("n-homework-b", "teen-b", "tutoring/homework", "dunoon"),
        ],
    )
    result = match_needs(problem, objective=objective)
    got = matched(result)
    assert got["n-bed"] in {"teen-a", "teen-b"}
    assert got["n-event"] == "lady"
    assert got["n-certs"] == "lady"  # certificates can be written from anywhere
    # the youth organisation's homework help has capacity 1: one teenager waits
    assert sum(1 for n in ("n-homework-a", "n-homework-b") if n in got) == 1
    assert set(reasons(result).values()) == {UnmatchedReason.CAPACITY_USED_UP}


def test_nobody_unreliable_takes_you_to_a_hospital_appointment() -> None:
    # 004: "we won't match someone to get you to a hospital appointment if they
    # don't seem too reliable" - references ask about honesty, team-working,
    # punctuality and getting on with others.
    unreliable = Capability("c-lift-f", "fiona", "transport/hospital", "dunoon", capacity=3)
    need = Need(
        "n-lift",
        "mrs-m",
        "transport/hospital",
        "dunoon",
        verification=Verification.REFERENCES,
        priority=NeedPriority.URGENT,
    )
    alone = MatchProblem([member("fiona", refs=0)], [unreliable], [need])
    result = match_needs(alone)
    assert result.matches == ()
    assert result.unmatched[0].reason is UnmatchedReason.NONE_VERIFIED
    assert "2 references" in result.unmatched[0].explanation

    reliable = Capability("c-lift-d", "duncan", "transport/hospital", "dunoon")
    both = MatchProblem(
        [member("fiona", refs=0), member("duncan", refs=3)], [unreliable, reliable], [need]
    )
    assert matched(match_needs(both)) == {"n-lift": "duncan"}
    # a one-off lift to the shops needs no references: the unverified member may help
    shops = Need("n-shops", "mrs-m", "transport/hospital", "dunoon")
    assert matched(match_needs(MatchProblem([member("fiona", refs=0)], [unreliable], [shops])))


def test_tutoring_a_school_child_needs_a_protection_check() -> None:
    # 004: "we do require a PVG check, but can only do these in respect of regular
    # matches such as a person offering tutoring to a school child".
    need = Need(
        "n-tutor",
        "parent",
        "tutoring",
        "dunoon",
        frequency="regular",
        verification=Verification.PROTECTION_CHECK,
        priority="high",
    )
    tutor = Capability("c-tutor", "kirsty", "tutoring", "dunoon")
    without = MatchProblem([member("kirsty", refs=3, pvg=False)], [tutor], [need])
    assert reasons(match_needs(without)) == {"n-tutor": UnmatchedReason.NONE_VERIFIED}
    with_check = MatchProblem([member("kirsty", refs=3, pvg=True)], [tutor], [need])
    assert matched(match_needs(with_check)) == {"n-tutor": "kirsty"}
    # a protection check without references is not enough either
    no_refs = MatchProblem([member("kirsty", refs=0, pvg=True)], [tutor], [need])
    assert reasons(match_needs(no_refs)) == {"n-tutor": UnmatchedReason.NONE_VERIFIED}


def test_weekend_only_members_are_asked_only_for_weekend_matches() -> None:
    # 004: "it can be arranged that you only get asked for week-end matches".
    weekend = Capability("c-garden", "busy", "gardening", "dunoon", availability=["weekends"])
    weekday_need = Need("n-weekday", "neighbour", "gardening", "dunoon", when=["weekdays"])
    problem = MatchProblem([member("busy")], [weekend], [weekday_need])
    strict = match_needs(problem, strict_availability=True)
    assert reasons(strict) == {"n-weekday": UnmatchedReason.NO_COMMON_TIME}
    assert "weekdays" in strict.unmatched[0].explanation
    # without strict availability, the time is a score component, not a constraint
    soft = match_needs(problem)
    assert soft.matches[0].score.as_dict()["availability"]["value"] == 0


def test_a_cafe_takes_part_like_a_member() -> None:
    # 004: a local café accepts Time Credits for teas and coffees, and spends them on
    # getting its windows cleaned and help with publicity.
    cafe = Provider("cafe", kind=ProviderKind.ORGANISATION, references=2, consent=True)
    problem = MatchProblem(
        providers=[cafe, member("window-cleaner"), member("designer")],
        capabilities=[
            Capability("c-teas", "cafe", "events/refreshments", "dunoon", capacity=5),
            Capability("c-windows", "window-cleaner", "window cleaning", "dunoon"),
            Capability(
                "c-leaflet", "designer", "publicity", "dunoon", level=CapabilityLevel.COULD_DO
            ),
        ],
        needs=[
            Need("n-windows", "cafe", "window cleaning", "dunoon", frequency="regular"),
            Need("n-publicity", "cafe", "publicity", "dunoon"),
            Need("n-teas", "designer", "events/refreshments", "dunoon"),
            Need("n-own-teas", "cafe", "events/refreshments", "dunoon"),
        ],
    )
    result = match_needs(problem)
    assert matched(result) == {
        "n-windows": "window-cleaner",
        "n-publicity": "designer",
        "n-teas": "cafe",
    }
    assert reasons(result) == {"n-own-teas": UnmatchedReason.ONLY_OWN_CAPABILITY}
    publicity = next(m for m in result.matches if m.need_id == "n-publicity")
    assert publicity.score.as_dict()["category"]["value"] == pytest.approx(0.6)  # could do


def test_opting_out_and_consent_are_respected() -> None:
    # 004: members "can opt in and out of the system"; 002: the Capabilities
    # Assessment asks whether people are prepared to share their capabilities.
    problem = MatchProblem(
        providers=[
            member("away", consent=True),
            member("private", consent=False),
            member("keeps-it", consent=True),
        ],
        capabilities=[
            Capability("c-away", "away", "ironing", "dunoon", capacity=0),
            Capability("c-private", "private", "knitting", "dunoon"),
            Capability("c-keeps", "keeps-it", "music", "dunoon", willing_to_share=False),
        ],
        needs=[
            Need("n-ironing", "x", "ironing", "dunoon"),
            Need("n-knitting", "x", "knitting", "dunoon"),
            Need("n-music", "x", "music", "dunoon"),
        ],
    )
    result = match_needs(problem)
    assert result.matches == ()
    assert reasons(result) == {
        "n-ironing": UnmatchedReason.CAPACITY_USED_UP,
        "n-knitting": UnmatchedReason.NO_CONSENT,
        "n-music": UnmatchedReason.NO_CONSENT,
    }
    ironing = next(u for u in result.unmatched if u.need_id == "n-ironing")
    assert "capacity 0" in ironing.explanation


def test_best_objective_meets_the_urgent_need_when_capacity_is_short() -> None:
    # One helper, capacity 2, three ironing needs: the urgent and high ones are met.
    problem = MatchProblem(
        providers=[member("graham")],
        capabilities=[Capability("c-iron", "graham", "housework/ironing", "edinburgh", capacity=2)],
        needs=[
            Need("n-a", "x", "housework/ironing", "edinburgh", priority="low"),
            Need("n-b", "y", "housework/ironing", "edinburgh", priority="urgent"),
            Need("n-c", "z", "housework/ironing", "edinburgh", priority="high"),
        ],
    )
    result = match_needs(problem, objective="best")
    assert set(matched(result)) == {"n-b", "n-c"}
    assert reasons(result) == {"n-a": UnmatchedReason.CAPACITY_USED_UP}
    # "most" considers needs in priority order first, and a met need stays met
    assert set(matched(match_needs(problem, objective="most"))) == {"n-b", "n-c"}


def test_best_prefers_local_helpers_who_already_do_it() -> None:
    # 004: exchanges happen locally, "or with another Timebank in the area, if need be".
    problem = MatchProblem(
        providers=[member("local"), member("island")],
        capabilities=[
            Capability("c-local", "local", "gardening", "dunoon", capacity=1),
            Capability("c-island", "island", "gardening", "rothesay", also_covers=["dunoon"]),
        ],
        needs=[
            Need("n-dunoon", "a", "gardening/grass-cutting", "dunoon"),
            Need("n-rothesay", "b", "gardening", "rothesay"),
        ],
    )
    best = match_needs(problem, objective="best")
    assert matched(best) == {"n-dunoon": "local", "n-rothesay": "island"}


def test_west_edinburgh_time_bank_exchanges_all_meet() -> None:
    # 002: gardening, sharing skills in music, knitting, using computers, simple
    # repairs, ironing, running errands and visiting people who need company.
    kinds = [
        "gardening",
        "music",
        "knitting",
        "computers",
        "repairs",
        "ironing",
        "errands",
        "befriending",
    ]
    providers = [member(f"m-{k}") for k in range(len(kinds))]
    caps = [Capability(f"c-{k}", f"m-{k}", kind, "west edinburgh") for k, kind in enumerate(kinds)]
    needs = [
        Need(f"n-{k}", f"m-{(k + 1) % len(kinds)}", kind, "west edinburgh")
        for k, kind in enumerate(kinds)
    ]
    result = match_needs(MatchProblem(providers, caps, needs))
    assert result.matched_count == len(kinds)
    assert result.total_score == pytest.approx(len(kinds) * 9.0)  # normal priority: 4+2+2+1


def test_lend_a_hand_short_breaks_need_a_checked_organisation() -> None:
    # 002: Lend A Hand, a family- and community-based short break care service for
    # children and young people with disabilities in Fife.
    org = Provider(
        "lend-a-hand", kind="organisation", references=2, protection_check=True, consent=True
    )
    unchecked = member("neighbour", refs=2, pvg=False)
    problem = MatchProblem(
        providers=[org, unchecked],
        capabilities=[
            Capability("c-breaks", "lend-a-hand", "childcare/short breaks", "fife", capacity=2),
            Capability("c-sitting", "neighbour", "childcare", "fife"),
        ],
        needs=[
            Need(
                f"n-family-{k}",
                f"family-{k}",
                "childcare/short breaks",
                "fife",
                frequency="regular",
                verification="protection-check",
            )
            for k in range(3)
        ],
    )
    result = match_needs(problem)
    assert set(matched(result).values()) == {"lend-a-hand"}
    assert result.matched_count == 2
    assert reasons(result) == {"n-family-2": UnmatchedReason.CAPACITY_USED_UP}


def test_the_example_files_show_every_reason() -> None:
    problem = read_match_problem(EXAMPLES / "capabilities.csv", EXAMPLES / "needs.csv")
    for objective in ("most", "best"):
        result = match_needs(problem, objective=objective)
        assert reasons(result) == {
            "n-005": UnmatchedReason.NONE_IN_AREA,
            "n-007": UnmatchedReason.CAPACITY_USED_UP,
            "n-011": UnmatchedReason.NO_CAPABILITY_IN_CATEGORY,
            "n-012": UnmatchedReason.NO_CONSENT,
            "n-013": UnmatchedReason.ONLY_OWN_CAPABILITY,
            "n-015": UnmatchedReason.NONE_VERIFIED,
            "n-018": UnmatchedReason.CAPACITY_USED_UP,
            "n-022": UnmatchedReason.NO_CONSENT,
        }
        got = matched(result)
        assert got["n-003"] == "m-005"  # the hospital lift goes to the referenced member
        assert got["n-004"] == "m-006"  # tutoring goes to the PVG-checked member
