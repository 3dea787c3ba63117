"""The time bank as the seeds describe it: banks, members, offers and requests.

Sources: ``002_ea409380ef17158f.txt`` (West Edinburgh Time Bank: members "deposit"
time by helping and "withdraw" it by being helped; "everybody's skills being valued
equally at 1 hour for each hour's activity") and ``004_2ab9b3d444068e57.txt``
(Argyll and Bute Timebanks: seven banks "each linked together in one system", time
brokers, people, voluntary groups and businesses as members, opting in and out
"only [...] week-end matches, or during your annual leave", references, PVG checks
for regular matches such as tutoring a school child, two people for home visits,
and an agreement every member signs).

Everything here is pure data: frozen attrs classes, no I/O, no clock. Amounts of
time are whole **minutes** (``int``), so a ledger never meets a rounding error.
Names are personal data (``metadata={PERSONAL: True}``, left out of ``repr``).
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Iterable
from typing import Any

import attrs

from coprod.model.text import identifier
from coprod.people.model import (
    PERSONAL,
    CapabilityLevel,
    Frequency,
    NeedPriority,
    ProviderKind,
    normalise_area,
    normalise_category,
)

__all__ = [
    "MAX_MINUTES",
    "MINUTES_PER_HOUR",
    "AvailabilityWindow",
    "BalanceLimits",
    "Bank",
    "Involves",
    "LimitStatus",
    "Member",
    "MemberKind",
    "Offer",
    "OptOut",
    "Request",
    "Weekday",
    "format_minutes",
    "parse_duration",
]

#: One hour of help is worth one hour, whoever gives it (``002_…``, ``004_…``).
MINUTES_PER_HOUR = 60
#: The largest amount one transfer line or one limit may hold: a million hours.
#: Keeps every sum far inside a 64-bit integer column.
MAX_MINUTES = 1_000_000 * MINUTES_PER_HOUR

_MINUTES_IN_DAY = 24 * 60


def format_minutes(minutes: int) -> str:
    """``90`` → ``"1:30"``, ``-45`` → ``"-0:45"``: hours and minutes, exactly."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), MINUTES_PER_HOUR)
    return f"{sign}{hours}:{rest:02d}"


_DURATION = re.compile(
    r"\s*(?:(?P<hm>(?P<h>\d{1,7}):(?P<m>[0-5]\d))"
    r"|(?P<hours>\d{1,7}(?:\.\d{1,2})?)\s*h(?:ours?)?"
    r"|(?P<minutes>\d{1,9})\s*m(?:in(?:utes?)?)?)\s*",
    re.IGNORECASE,
)


def parse_duration(text: str) -> int:
    """Minutes from ``"1:30"``, ``"1.5h"``, ``"2 hours"`` or ``"45m"``.

    Decimal hours must come to a whole number of minutes (``0.25h`` is 15 minutes;
    ``0.01h`` is refused). Raises ``ValueError`` with a plain message otherwise.
    """
    match = _DURATION.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"expected a duration such as '1:30', '1.5h' or '45m', got {text!r}")
    if match["hm"]:
        minutes = int(match["h"]) * MINUTES_PER_HOUR + int(match["m"])
    elif match["hours"]:
        whole, _, frac = match["hours"].partition(".")
        hundredths = int(whole) * 100 + int((frac + "00")[:2])
        minutes, rest = divmod(hundredths * MINUTES_PER_HOUR, 100)
        if rest:
            raise ValueError(f"{text!r} is not a whole number of minutes")
    else:
        minutes = int(match["minutes"])
    if minutes > MAX_MINUTES:
        raise ValueError(f"{text!r} is more than a million hours")
    return minutes


def _minutes_or_none(_instance: Any, attribute: Any, value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_MINUTES:
        raise ValueError(f"{attribute.name} must be whole minutes (at most a million hours)")


class LimitStatus(str, enum.Enum):
    """Where a balance stands against its bank's limits (``004_…``: "overdraft")."""

    WITHIN = "within"
    NEAR = "near"
    PAST_SOFT = "past-soft"
    PAST_HARD = "past-hard"


@attrs.frozen
class BalanceLimits:
    """A bank's balance limits in minutes; ``None`` means no limit on that side.

    ``004_…``: "Some people slip into 'overdraft' but most people like to earn their
    hours before spending them - the bigger 'problem' is encouraging people who want
    to earn and not spend to ask for help". So there are floors (overdraft) and
    ceilings (hours piling up unspent):

    * a **soft** limit flags: the transfer is recorded and the member is listed in
      the limits report, for a broker to talk to;
    * a **hard** limit refuses: a transfer that would take any balance below the
      hard floor or above the hard ceiling is not recorded at all.

    ``near`` is the margin (minutes) within which a balance counts as near a limit.
    """

    soft_floor: int | None = attrs.field(default=None, validator=_minutes_or_none)
    hard_floor: int | None = attrs.field(default=None, validator=_minutes_or_none)
    soft_ceiling: int | None = attrs.field(default=None, validator=_minutes_or_none)
    hard_ceiling: int | None = attrs.field(default=None, validator=_minutes_or_none)
    near: int = attrs.field(default=2 * MINUTES_PER_HOUR, validator=_minutes_or_none)

    def __attrs_post_init__(self) -> None:
        pairs = (
            ("hard_floor", self.hard_floor, "soft_floor", self.soft_floor),
            ("soft_floor", self.soft_floor, "soft_ceiling", self.soft_ceiling),
            ("soft_ceiling", self.soft_ceiling, "hard_ceiling", self.hard_ceiling),
            ("hard_floor", self.hard_floor, "hard_ceiling", self.hard_ceiling),
        )
        for low_name, low, high_name, high in pairs:
            if low is not None and high is not None and low > high:
                raise ValueError(f"{low_name} ({low}) must not be above {high_name} ({high})")
        if self.near < 0:
            raise ValueError("near must not be negative")

    def breaks_hard(self, balance: int) -> bool:
        """Whether ``balance`` is beyond a hard limit (a transfer to it is refused)."""
        return (self.hard_floor is not None and balance < self.hard_floor) or (
            self.hard_ceiling is not None and balance > self.hard_ceiling
        )

    def status(self, balance: int) -> LimitStatus:
        """Where ``balance`` stands: past a hard or soft limit, near one, or within."""
        if self.breaks_hard(balance):
            return LimitStatus.PAST_HARD
        if (self.soft_floor is not None and balance < self.soft_floor) or (
            self.soft_ceiling is not None and balance > self.soft_ceiling
        ):
            return LimitStatus.PAST_SOFT
        for floor in (self.soft_floor, self.hard_floor):
            if floor is not None and balance - floor <= self.near:
                return LimitStatus.NEAR
        for ceiling in (self.soft_ceiling, self.hard_ceiling):
            if ceiling is not None and ceiling - balance <= self.near:
                return LimitStatus.NEAR
        return LimitStatus.WITHIN


def _code(_instance: Any, attribute: Any, value: str | None) -> None:
    if value is not None:
        identifier(_instance, attribute, value)


def _name(_instance: Any, attribute: Any, value: Any) -> None:
    # Never echo the value: for people it is personal data.
    if value is None:
        return
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise ValueError(f"{attribute.name} must be None or 1-200 characters of text")


def _non_negative(_instance: Any, attribute: Any, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{attribute.name} must be a whole number of at least 0, got {value!r}")


@attrs.frozen
class Bank:
    """One time bank; banks sharing a ``linked_system`` exchange with each other.

    ``004_…``: "We have set up seven Timebanks across the area, each operating
    differently [...] but each linked together in one system. So an exchange can
    happen locally, or with another Timebank in the area". ``min_references`` is
    the reference threshold for tasks that need reliability (and for protection
    checks, which come on top of references).
    """

    code: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=_name)
    linked_system: str | None = attrs.field(default=None, validator=_code)
    limits: BalanceLimits = attrs.field(factory=BalanceLimits)
    min_references: int = attrs.field(default=2, validator=_non_negative)

    def linked_with(self, other: Bank) -> bool:
        """Whether members of this bank and ``other`` may exchange hours."""
        return self.code == other.code or (
            self.linked_system is not None and self.linked_system == other.linked_system
        )


class MemberKind(str, enum.Enum):
    """People, voluntary groups and businesses are all members (``004_…``: a café)."""

    PERSON = "person"
    GROUP = "group"
    BUSINESS = "business"

    @property
    def provider_kind(self) -> ProviderKind:
        """The :class:`coprod.people.ProviderKind` this kind of member is."""
        return ProviderKind.PERSON if self is MemberKind.PERSON else ProviderKind.ORGANISATION


class Weekday(str, enum.Enum):
    """Days of the week, Monday first (ISO 8601)."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @classmethod
    def of(cls, day: datetime.date) -> Weekday:
        """The weekday of ``day``."""
        return _WEEKDAYS[day.weekday()]

    @property
    def is_weekend(self) -> bool:
        """Saturday or Sunday."""
        return self in (Weekday.SAT, Weekday.SUN)


_WEEKDAYS = tuple(Weekday)
_DAY_GROUPS = {
    "weekdays": frozenset(_WEEKDAYS[:5]),
    "weekends": frozenset(_WEEKDAYS[5:]),
    "weekend": frozenset(_WEEKDAYS[5:]),
    "any": frozenset(_WEEKDAYS),
    "daily": frozenset(_WEEKDAYS),
}


def _weekdays(values: Iterable[Weekday | str]) -> frozenset[Weekday]:
    if isinstance(values, str):
        values = [values]
    return frozenset(Weekday(v) for v in values)


def _minute_of_day(_instance: Any, attribute: Any, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MINUTES_IN_DAY:
        raise ValueError(f"{attribute.name} must be a minute of the day from 0 to 1440")


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _parse_clock(text: str) -> int:
    hours, sep, minutes = text.partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise ValueError(f"expected a time like 09:30, got {text!r}")
    value = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or value > _MINUTES_IN_DAY:
        raise ValueError(f"expected a time from 00:00 to 24:00, got {text!r}")
    return value


@attrs.frozen
class AvailabilityWindow:
    """When a member will help: some weekdays, from ``start`` to ``end`` (minutes of day).

    ``004_…``: "it can be arranged that you only get asked for week-end matches".
    A member with no windows is available any time (except opt-out periods).
    """

    days: frozenset[Weekday] = attrs.field(converter=_weekdays)
    start: int = attrs.field(default=0, validator=_minute_of_day)
    end: int = attrs.field(default=_MINUTES_IN_DAY, validator=_minute_of_day)

    def __attrs_post_init__(self) -> None:
        if not self.days:
            raise ValueError("an availability window needs at least one day")
        if self.start >= self.end:
            raise ValueError("an availability window must end after it starts")

    @classmethod
    def parse(cls, text: str) -> AvailabilityWindow:
        """``"sat,sun"``, ``"weekends 09:00-17:00"``, ``"mon,wed 18:00-21:00"``."""
        days_text, _, hours = text.strip().partition(" ")
        days: set[Weekday] = set()
        for raw in days_text.lower().split(","):
            part = raw.strip()
            if part in _DAY_GROUPS:
                days |= _DAY_GROUPS[part]
            else:
                try:
                    days.add(Weekday(part[:3]))
                except ValueError:
                    raise ValueError(
                        f"unknown day {part!r}: use mon..sun, weekdays or weekends"
                    ) from None
        if not hours.strip():
            return cls(frozenset(days))
        start, sep, end = hours.strip().partition("-")
        if not sep:
            raise ValueError(f"expected hours like 09:00-17:00, got {hours.strip()!r}")
        return cls(frozenset(days), _parse_clock(start.strip()), _parse_clock(end.strip()))

    def __str__(self) -> str:
        days = ",".join(d.value for d in _WEEKDAYS if d in self.days)
        if (self.start, self.end) == (0, _MINUTES_IN_DAY):
            return days
        return f"{days} {_clock(self.start)}-{_clock(self.end)}"

    def covers(self, day: datetime.date, start: int | None, end: int | None) -> bool:
        """Whether the window holds ``day`` and the time span wanted (if any)."""
        if Weekday.of(day) not in self.days:
            return False
        if start is None:
            return True
        return self.start <= start and (end if end is not None else start) <= self.end


@attrs.frozen
class OptOut:
    """A period a member is not asked at all (``004_…``: holidays, visitors, annual leave)."""

    first_day: datetime.date = attrs.field(validator=attrs.validators.instance_of(datetime.date))
    last_day: datetime.date = attrs.field(validator=attrs.validators.instance_of(datetime.date))

    def __attrs_post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise ValueError("an opt-out period must not end before it starts")

    def covers(self, day: datetime.date) -> bool:
        """Whether ``day`` falls in the period (both ends included)."""
        return self.first_day <= day <= self.last_day


def _windows(values: Iterable[AvailabilityWindow]) -> tuple[AvailabilityWindow, ...]:
    return tuple(values)


def _opt_outs(values: Iterable[OptOut]) -> tuple[OptOut, ...]:
    return tuple(values)


@attrs.frozen
class Member:
    """A member of a time bank: a person, a voluntary group or a business (``004_…``).

    ``code`` is the pseudonymous id coprod shows; ``display_name`` is personal data
    and only appears when asked for. ``references`` counts satisfactory references
    (honesty, team-working, punctuality, getting on with others);
    ``protection_check`` says a PVG check is in place; ``agreement_signed_on`` is
    the day the member signed the members' agreement ("All members sign an
    agreement"), ``None`` if not yet. ``consent`` is consent to be asked by a
    broker. ``erased`` marks a member whose personal data was erased: the ledger
    keeps their (pseudonymised) account so every total stays the same.
    """

    code: str = attrs.field(validator=identifier)
    bank: str = attrs.field(validator=identifier)
    kind: MemberKind = attrs.field(default=MemberKind.PERSON, converter=MemberKind)
    display_name: str | None = attrs.field(
        default=None, validator=_name, repr=False, metadata={PERSONAL: True}
    )
    area: str | None = attrs.field(
        default=None, converter=attrs.converters.optional(normalise_area)
    )
    references: int = attrs.field(default=0, validator=_non_negative)
    protection_check: bool = attrs.field(
        default=False, validator=attrs.validators.instance_of(bool)
    )
    agreement_signed_on: datetime.date | None = attrs.field(default=None)
    consent: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))
    availability: tuple[AvailabilityWindow, ...] = attrs.field(default=(), converter=_windows)
    opt_outs: tuple[OptOut, ...] = attrs.field(default=(), converter=_opt_outs)
    erased: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))

    def available(
        self, day: datetime.date, start: int | None = None, end: int | None = None
    ) -> bool:
        """Whether the member can be asked for ``day`` (and the time span, if given)."""
        if any(o.covers(day) for o in self.opt_outs):
            return False
        return not self.availability or any(w.covers(day, start, end) for w in self.availability)


def _slots(values: Iterable[str]) -> frozenset[str]:
    if isinstance(values, str):
        values = [values]
    return frozenset(normalise_area(v) for v in values)


@attrs.frozen
class Offer:
    """What a member offers: a People it capability (``002_…``, ``004_…``).

    Mirrors :class:`coprod.people.Capability` (it becomes one for matching):
    ``category`` (``gardening``, ``housework/ironing``), ``area`` and the other
    areas it ``also_covers`` (linked banks: "with another Timebank in the area, if
    need be"), ``anywhere`` for help that needs no travel (an internet search),
    ``level`` (does now / could do) and ``capacity`` (requests it can take; 0 while
    paused).
    """

    code: str = attrs.field(validator=identifier)
    member: str = attrs.field(validator=identifier)
    category: str = attrs.field(converter=normalise_category)
    area: str = attrs.field(converter=normalise_area)
    also_covers: frozenset[str] = attrs.field(default=frozenset(), converter=_slots)
    anywhere: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    level: CapabilityLevel = attrs.field(
        default=CapabilityLevel.DOES_NOW, converter=CapabilityLevel
    )
    capacity: int = attrs.field(default=1, validator=_non_negative)


class Involves(str, enum.Enum):
    """Who the help is for, when it matters for protection (``004_…``: PVG checks)."""

    NOBODY_AT_RISK = "nobody-at-risk"
    CHILDREN = "children"
    VULNERABLE_ADULTS = "vulnerable-adults"


def _optional_minute(_instance: Any, attribute: Any, value: int | None) -> None:
    if value is not None:
        _minute_of_day(_instance, attribute, value)


def _helpers(_instance: Any, attribute: Any, value: int) -> None:
    if value not in (1, 2):
        raise ValueError(f"{attribute.name} must be 1 or 2 (two people for a home visit)")


@attrs.frozen
class Request:
    """What a member asks for: a People it need with a date (``002_…``, ``004_…``).

    ``on`` is the day help is wanted and ``start``/``end`` the time span (minutes of
    the day), if known. ``frequency`` is one-off or regular (weekly bedding);
    ``involves`` says whether children or vulnerable adults are involved;
    ``home_visit`` and ``helpers`` (``2``: "we can arrange to send two people");
    ``reliability`` marks tasks that need a reliable helper ("we won't match
    someone to get you to a hospital appointment if they don't seem too reliable").
    """

    code: str = attrs.field(validator=identifier)
    member: str = attrs.field(validator=identifier)
    category: str = attrs.field(converter=normalise_category)
    area: str = attrs.field(converter=normalise_area)
    on: datetime.date = attrs.field(validator=attrs.validators.instance_of(datetime.date))
    start: int | None = attrs.field(default=None, validator=_optional_minute)
    end: int | None = attrs.field(default=None, validator=_optional_minute)
    frequency: Frequency = attrs.field(default=Frequency.ONE_OFF, converter=Frequency)
    involves: Involves = attrs.field(default=Involves.NOBODY_AT_RISK, converter=Involves)
    home_visit: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    helpers: int = attrs.field(default=1, validator=_helpers)
    reliability: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    priority: NeedPriority = attrs.field(default=NeedPriority.NORMAL, converter=NeedPriority)

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError("a request's time span must end after it starts")

    @property
    def needs_protection_check(self) -> bool:
        """Regular help with children or vulnerable adults needs a PVG check (``004_…``)."""
        return self.frequency is Frequency.REGULAR and self.involves is not Involves.NOBODY_AT_RISK
