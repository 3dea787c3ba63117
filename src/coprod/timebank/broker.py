"""Broker suggestions: who to call for a request, ranked, with reasons.

Source: ``004_2ab9b3d444068e57.txt``: "You will be one of many people who are
offering the same thing, so if a Timebroker calls and you can't do it, they will
just move on to the next person on the list"; members opt in and out ("only [...]
week-end matches, or during your annual leave"); "we won't match someone to get you
to a hospital appointment if they don't seem too reliable"; "we do require a PVG
check, but can only do these in respect of regular matches such as a person
offering tutoring to a school child"; "We can arrange to send two people, maybe one
of them being someone you have already met"; "All members sign an agreement".

The matching reuses :mod:`coprod.people`: each offer becomes a
:class:`~coprod.people.Capability`, its member a :class:`~coprod.people.Provider`,
the request a :class:`~coprod.people.Need`, and
:func:`~coprod.people.eligible_capabilities` applies People it's hard constraints
(consent, category, area, verification, never one's own need, capacity);
:class:`~coprod.people.DefaultScoring` ranks. The time bank adds its own hard
constraints on top, never relaxed by any score: availability on the day and time
wanted, opt-out periods, a signed agreement on both sides, linked banks, and
erased members are never proposed.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import ClassVar

import attrs

from coprod.people import (
    Capability,
    DefaultScoring,
    MatchProblem,
    Need,
    Provider,
    ScoreBreakdown,
    ScoreComponent,
    Verification,
    eligible_capabilities,
)
from coprod.report_value import Cell, Table
from coprod.timebank.model import Bank, Member, Offer, Request, format_minutes

__all__ = ["BrokerList", "Excluded", "Suggestion", "request_need", "suggest_helpers"]

#: Points added when the helper has exchanged with the requester before (``004_…``:
#: "maybe one of them being someone you have already met").
MET_BEFORE_WEIGHT = 1.0


@attrs.frozen
class Suggestion:
    """One person to call, in order, with the score and the reasons for it."""

    rank: int
    member: str
    offer: str
    score: ScoreBreakdown
    reasons: tuple[str, ...]
    display_name: str | None = attrs.field(default=None, repr=False)


@attrs.frozen
class Excluded:
    """A member offering the category who may not be asked, and why (hard constraints)."""

    member: str
    offer: str
    reasons: tuple[str, ...]
    display_name: str | None = attrs.field(default=None, repr=False)


@attrs.frozen
class BrokerList:
    """The ranked list a broker works down for one request (report kind ``timebank``).

    ``suggestions`` are in the order to call; :meth:`next_after` gives the next
    person once someone says no. ``helpers`` is how many people the request needs
    (two for a home visit when asked); ``enough`` says whether the list has that
    many. Names appear only with ``include_names``.
    """

    kind: ClassVar[str] = "timebank"

    request: str
    helpers: int
    suggestions: tuple[Suggestion, ...]
    excluded: tuple[Excluded, ...]
    include_names: bool = False

    @property
    def enough(self) -> bool:
        """Whether at least ``helpers`` people can be asked."""
        return len(self.suggestions) >= self.helpers

    def next_after(self, declined: Collection[str]) -> Suggestion | None:
        """The first suggestion whose member is not in ``declined`` (move on down the list)."""
        return next((s for s in self.suggestions if s.member not in declined), None)

    def tables(self) -> Iterator[Table]:
        """The ranked suggestions, then the members who may not be asked and why."""
        name = ("name",) if self.include_names else ()
        note = "" if self.enough else f" — needs {self.helpers}, only {len(self.suggestions)}"
        yield Table(
            "suggestions",
            ("rank", "member", *name, "offer", "score", "reasons"),
            [
                (
                    s.rank,
                    s.member,
                    *((s.display_name,) if self.include_names else ()),
                    s.offer,
                    round(s.score.total, 3),
                    "; ".join(s.reasons),
                )
                for s in self.suggestions
            ],
            title=f"Who to call for request {self.request}{note}",
        )
        rows: list[tuple[Cell, ...]] = [
            (
                e.member,
                *((e.display_name,) if self.include_names else ()),
                e.offer,
                "; ".join(e.reasons),
            )
            for e in self.excluded
        ]
        yield Table(
            "not-suggested",
            ("member", *name, "offer", "why not"),
            rows,
            title="Offering this, but may not be asked",
        )


def request_need(request: Request, bank: Bank) -> Need:
    """The People it need a request is: PVG for regular help with children or vulnerable
    adults, references for tasks that need reliability (``004_…``)."""
    if request.needs_protection_check:
        verification = Verification.PROTECTION_CHECK
    elif request.reliability:
        verification = Verification.REFERENCES
    else:
        verification = Verification.NONE
    return Need(
        id=request.code,
        requester_id=request.member,
        category=request.category,
        area=request.area,
        frequency=request.frequency,
        verification=verification,
        priority=request.priority,
    )


def _provider(member: Member) -> Provider:
    # Time-bank availability is a hard constraint checked below on the exact day, so
    # the People it records carry "any time" and consent as the member gave it.
    return Provider(
        id=member.code,
        kind=member.kind.provider_kind,
        references=member.references,
        protection_check=member.protection_check,
        consent=member.consent and not member.erased,
    )


def _capability(offer: Offer) -> Capability:
    return Capability(
        id=offer.code,
        provider_id=offer.member,
        category=offer.category,
        area=offer.area,
        level=offer.level,
        also_covers=offer.also_covers,
        anywhere=offer.anywhere,
        capacity=offer.capacity,
    )


def _window_text(member: Member, request: Request) -> str:
    if not member.availability:
        return "available any time"
    fitting = [w for w in member.availability if w.covers(request.on, request.start, request.end)]
    return "available " + "; ".join(str(w) for w in fitting)


def _clock(minute: int | None) -> str:
    return "" if minute is None else f" {minute // 60:02d}:{minute % 60:02d}"


def _exclusions(
    member: Member,
    offer: Offer,
    request: Request,
    requester: Member,
    banks: Mapping[str, Bank],
    need: Need,
    declined: Collection[str],
) -> list[str]:
    bank = banks[requester.bank]
    reasons = []
    if member.code == request.member:
        reasons.append("it is the requester's own offer")
    if member.erased:
        reasons.append("member erased")
    elif not member.consent:
        reasons.append("has not consented to be asked")
    if member.code in declined:
        reasons.append("declined this request")
    if not banks[member.bank].linked_with(bank):
        reasons.append(f"bank {member.bank} is not linked with bank {requester.bank}")
    if not offer.anywhere and need.area != offer.area and need.area not in offer.also_covers:
        reasons.append(f"does not cover {need.area}")
    if offer.capacity == 0:
        reasons.append("offer paused (capacity 0)")
    if member.agreement_signed_on is None or member.agreement_signed_on > request.on:
        reasons.append("has not signed the members' agreement")
    if any(o.covers(request.on) for o in member.opt_outs):
        reasons.append(f"opted out on {request.on.isoformat()}")
    elif not member.available(request.on, request.start, request.end):
        day = request.on.strftime("%A")
        reasons.append(
            f"not available on a {day}{_clock(request.start)} "
            f"(available {', '.join(str(w) for w in member.availability)})"
        )
    required = bank.min_references
    if need.verification is not Verification.NONE and member.references < required:
        reasons.append(
            f"{member.references} reference(s); this request needs {required} (reliability)"
        )
    if need.verification is Verification.PROTECTION_CHECK and not member.protection_check:
        reasons.append(
            "no protection (PVG) check; needed for regular help with "
            f"{request.involves.value.replace('-', ' ')}"
        )
    return reasons


def suggest_helpers(
    request: Request,
    members: Mapping[str, Member],
    offers: Sequence[Offer],
    banks: Mapping[str, Bank],
    *,
    met_before: Mapping[str, int] | None = None,
    recent_minutes: Mapping[str, int] | None = None,
    declined: Collection[str] = (),
    include_names: bool = False,
) -> BrokerList:
    """Rank the members a broker may call for ``request`` (``004_…``).

    A member is suggested only if People it's hard constraints allow the pair
    (:func:`coprod.people.eligible_capabilities` with the requester's bank's
    reference threshold) **and** the time bank's do: available on the day and time
    wanted and not opted out, agreement signed (by the helper, and by the requester
    before any exchange), banks linked, not erased, not declined. Ranking is
    :class:`coprod.people.DefaultScoring` plus :data:`MET_BEFORE_WEIGHT` when the
    helper has exchanged with the requester before (``met_before``: exchanges per
    member); ties go to whoever earned least recently (``recent_minutes``), to
    spread the asks, then to the member code. Every other member offering the
    category is listed as excluded with the reasons.
    """
    met_before = met_before or {}
    recent_minutes = recent_minutes or {}
    requester = members[request.member]
    bank = banks[requester.bank]
    need = request_need(request, bank)
    scoring = DefaultScoring()
    in_category = [
        o for o in offers if scoring.category_fit(_capability(o), need) > 0 and o.member in members
    ]
    providers = {o.member: _provider(members[o.member]) for o in in_category}
    problem = MatchProblem(
        providers=list(providers.values()),
        capabilities=[_capability(o) for o in in_category],
        needs=[need],
    )
    allowed = set(
        eligible_capabilities(problem, min_references=bank.min_references).get(need.id, ())
    )
    requester_signed = (
        requester.agreement_signed_on is not None and requester.agreement_signed_on <= request.on
    )
    ranked: list[tuple[tuple[float, int, str, str], Suggestion]] = []
    excluded: list[Excluded] = []
    best_offer: dict[str, tuple[float, Offer, ScoreBreakdown, list[str]]] = {}
    for offer in in_category:
        member = members[offer.member]
        reasons = _exclusions(member, offer, request, requester, banks, need, declined)
        if not requester_signed:
            reasons.append("the requester has not signed the members' agreement")
        if not reasons and offer.code not in allowed:
            reasons.append("not allowed by People it's hard constraints")
        if reasons:
            excluded.append(Excluded(member.code, offer.code, tuple(reasons), member.display_name))
            continue
        capability = _capability(offer)
        base = scoring(providers[offer.member], capability, need)
        met = met_before.get(member.code, 0)
        score = ScoreBreakdown(
            (*base.components, ScoreComponent("met-before", 1.0 if met else 0.0, MET_BEFORE_WEIGHT))
        )
        why = [
            f"offers {offer.category}"
            + ("" if offer.category == need.category else f" (broader than {need.category})"),
            "home area" if offer.area == need.area else f"covers {need.area} from {offer.area}",
            _window_text(member, request),
        ]
        if need.verification is not Verification.NONE:
            why.append(f"{member.references} references (needs {bank.min_references})")
        if need.verification is Verification.PROTECTION_CHECK:
            why.append("protection (PVG) check in place")
        if met:
            why.append(f"has exchanged with the requester before ({met}×)")
        why.append(f"earned {format_minutes(recent_minutes.get(member.code, 0))} recently")
        previous = best_offer.get(member.code)
        if previous is None or score.total > previous[0]:
            best_offer[member.code] = (score.total, offer, score, why)
    for code, (total, offer, score, why) in best_offer.items():
        key = (-round(total, 6), recent_minutes.get(code, 0), code, offer.code)
        ranked.append(
            (key, Suggestion(0, code, offer.code, score, tuple(why), members[code].display_name))
        )
    ranked.sort(key=lambda item: item[0])
    suggestions = tuple(attrs.evolve(s, rank=n) for n, (_, s) in enumerate(ranked, 1))
    return BrokerList(
        request=request.code,
        helpers=request.helpers,
        suggestions=suggestions,
        excluded=tuple(
            sorted(
                (e for e in excluded if e.member not in best_offer),
                key=lambda e: (e.member, e.offer),
            )
        ),
        include_names=include_names,
    )
