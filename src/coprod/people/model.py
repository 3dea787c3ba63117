"""People it: who offers what, who needs what, and whether they may be matched.

Sources: ``002_ea409380ef17158f.txt`` (Step 3 "People it!": the Capabilities
Assessment maps what people already do, what they could do if encouraged and
whether they will share it, then finds people or organisations who need it; West
Edinburgh Time Bank; Lend A Hand), ``003_eb91abacab6ac2c6.txt`` (Community Asset
Survey, Capabilities Assessment), ``004_2ab9b3d444068e57.txt`` (Argyll and Bute
Timebanks: references on honesty, team-working and punctuality; a PVG protection
check for regular matches such as tutoring a school child; members opt in and out,
e.g. weekend matches only; voluntary groups and businesses such as a café take
part too; "few practical examples of [...] systematic mapping of community needs to
community capabilities").

Everything here is pure data. Capability and needs records are **personal data**:
fields that hold personal data carry ``metadata={PERSONAL: True}`` (see
:func:`personal_fields`) and are left out of ``repr`` so that a logged object
shows pseudonymous ids only.
"""

from __future__ import annotations

import enum
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from coprod.errors import InvalidInputError, Problem
from coprod.model.text import ID_PATTERN, identifier

__all__ = [
    "PERSONAL",
    "Capability",
    "CapabilityLevel",
    "Frequency",
    "MatchProblem",
    "Need",
    "NeedPriority",
    "Provider",
    "ProviderKind",
    "TimeSlot",
    "Verification",
    "normalise_area",
    "normalise_category",
    "personal_fields",
]

#: attrs metadata key marking a field as personal data.
PERSONAL = "coprod.personal"

_LABEL = re.compile(r"[a-z0-9][a-z0-9 &'(),._+-]{0,79}")

# Areas and categories repeat on every record of a large file: each function below
# remembers what the text it has seen normalises to (a pure memo, bounded; only
# texts that normalise, and not too long, are kept). The labels themselves are kept
# too, so that a set of labels already normalised is recognised without a loop.
_MEMO_SIZE = 20_000
_MEMO_TEXT = 200
_AREAS: dict[str, str] = {}
_AREA_LABELS: set[str] = set()
_CATEGORIES: dict[str, str] = {}
_CATEGORY_LABELS: set[str] = set()


def _remember(memo: dict[str, str], value: str, label: str) -> None:
    if len(memo) < _MEMO_SIZE and len(value) <= _MEMO_TEXT:
        memo[value] = label
        memo[label] = label


def normalise_area(value: str) -> str:
    """An area label as coprod compares it: trimmed, single-spaced, lower case.

    Areas are places such as a town, island or neighbourhood time bank
    (``004_…``: "seven Timebanks across the area").
    """
    if type(value) is str:
        known = _AREAS.get(value)
        if known is not None:
            return known
    elif not isinstance(value, str):
        raise TypeError(f"an area must be a string, got {type(value).__name__}")
    label = " ".join(value.split()).lower()
    if _LABEL.fullmatch(label) is None:
        raise ValueError(
            f"an area must be 1-80 letters, digits, spaces or &'(),._+- starting with a "
            f"letter or digit, got {value!r}"
        )
    if type(value) is str:
        _remember(_AREAS, value, label)
        if len(_AREA_LABELS) < _MEMO_SIZE:
            _AREA_LABELS.add(label)
    return label


def normalise_category(value: str) -> str:
    """A category label as coprod compares it (``002_…``): lower case, joined by ``/``.

    ``"Housework / Bedding"`` becomes ``"housework/bedding"``. A capability in a
    broader category (``housework``) can meet a need in a narrower one
    (``housework/bedding``), scored lower (see :class:`coprod.people.DefaultScoring`).
    """
    if type(value) is str:
        known = _CATEGORIES.get(value)
        if known is not None:
            return known
    elif not isinstance(value, str):
        raise TypeError(f"a category must be a string, got {type(value).__name__}")
    segments = [" ".join(part.split()).lower() for part in value.split("/")]
    for segment in segments:
        if _LABEL.fullmatch(segment) is None:
            raise ValueError(
                "a category must be '/'-separated labels of 1-80 letters, digits, spaces "
                f"or &'(),._+- each starting with a letter or digit, got {value!r}"
            )
    label = "/".join(segments)
    if type(value) is str:
        _remember(_CATEGORIES, value, label)
        if len(_CATEGORY_LABELS) < _MEMO_SIZE:
            _CATEGORY_LABELS.add(label)
    return label


def _areas(values: Iterable[str]) -> frozenset[str]:
    # A frozenset of labels already normalised is its own normalisation.
    if type(values) is frozenset and values <= _AREA_LABELS:
        return values
    if isinstance(values, str):
        values = [values]
    return frozenset(normalise_area(v) for v in values)


def _slots(values: Iterable[TimeSlot | str]) -> frozenset[TimeSlot]:
    # A frozenset of slots is its own conversion. (A plain string is never in
    # _ALL_SLOTS: the members hash by name, and a name is not a value.)
    if type(values) is frozenset and values <= _ALL_SLOTS:
        return values
    if isinstance(values, str):
        values = [values]
    return frozenset(TimeSlot(v) for v in values)


def _flag(_instance: Any, attribute: Any, value: bool) -> None:
    # attrs.validators.instance_of(bool), as a plain function (called per record), with
    # the same error.
    if not isinstance(value, bool):
        raise TypeError(
            f"'{attribute.name}' must be {bool!r} (got {value!r} that is a {value.__class__!r}).",
            attribute,
            bool,
            value,
        )


def _non_negative_int(_instance: Any, attribute: Any, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{attribute.name} must be a whole number of at least 0, got {value!r}")


def _optional_name(_instance: Any, attribute: Any, value: str | None) -> None:
    # Never echo the value: it is personal data.
    if value is None:
        return
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise ValueError(f"{attribute.name} must be None or 1-200 characters of text")


class ProviderKind(str, enum.Enum):
    """Who offers a capability: a person, or an organisation (``004_…``: groups, businesses)."""

    PERSON = "person"
    ORGANISATION = "organisation"


class CapabilityLevel(str, enum.Enum):
    """How far a capability goes (``002_…``, Capabilities Assessment).

    ``DOES_NOW``: an activity the person already does; ``COULD_DO``: something they
    could do if encouraged. Whether they will share it is
    :attr:`Capability.willing_to_share`.
    """

    DOES_NOW = "does-now"
    COULD_DO = "could-do"


class TimeSlot(str, enum.Enum):
    """When someone is available or help is wanted (``004_…``: "only [...] week-end matches")."""

    WEEKDAYS = "weekdays"
    EVENINGS = "evenings"
    WEEKENDS = "weekends"


class Frequency(str, enum.Enum):
    """A one-off exchange, or a regular one such as weekly bedding changes (``004_…``)."""

    ONE_OFF = "one-off"
    REGULAR = "regular"


class Verification(str, enum.Enum):
    """What a need requires of its helper (``004_…``).

    ``REFERENCES``: satisfactory references (honesty, team-working, punctuality,
    getting on with others): "we won't match someone to get you to a hospital
    appointment if they don't seem too reliable". ``PROTECTION_CHECK``: references
    *and* a protection (PVG) check, as for regular matches such as tutoring a school
    child. ``NONE``: anyone who consents may help.
    """

    NONE = "none"
    REFERENCES = "references"
    PROTECTION_CHECK = "protection-check"


class NeedPriority(str, enum.Enum):
    """How pressing a need is (``004_…``: a hospital appointment); higher scores higher."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"

    @property
    def weight(self) -> float:
        """The priority as a number in (0, 1]: 0.25, 0.5, 0.75 or 1."""
        return _PRIORITY_WEIGHT[self]


_PRIORITY_WEIGHT = {
    NeedPriority.LOW: 0.25,
    NeedPriority.NORMAL: 0.5,
    NeedPriority.HIGH: 0.75,
    NeedPriority.URGENT: 1.0,
}

_ALL_SLOTS = frozenset(TimeSlot)

# attrs converters to the enums: a member is returned as it is (the common case,
# cheaper than the enum's own call), anything else goes through the enum.


def _provider_kind(value: ProviderKind | str) -> ProviderKind:
    return value if type(value) is ProviderKind else ProviderKind(value)


def _level(value: CapabilityLevel | str) -> CapabilityLevel:
    return value if type(value) is CapabilityLevel else CapabilityLevel(value)


def _frequency(value: Frequency | str) -> Frequency:
    return value if type(value) is Frequency else Frequency(value)


def _verification(value: Verification | str) -> Verification:
    return value if type(value) is Verification else Verification(value)


def _priority(value: NeedPriority | str) -> NeedPriority:
    return value if type(value) is NeedPriority else NeedPriority(value)


@attrs.frozen
class Provider:
    """A time-bank member, volunteer or organisation that can offer capabilities.

    Sources: ``002_…`` (Capabilities Assessment), ``004_…`` (Timebank members,
    references, PVG checks; a café that accepts Time Credits). ``id`` is
    pseudonymous and is the only thing about a person that coprod puts into error
    messages. ``display_name`` is optional and is personal data for people (an
    organisation's name is not, but it is treated the same way for simplicity).
    ``references`` counts satisfactory references received; ``protection_check``
    says whether a protection (PVG) check is in place; ``consent`` records consent
    to be matched — without it nobody is ever matched.
    """

    id: str = attrs.field(validator=identifier)
    kind: ProviderKind = attrs.field(default=ProviderKind.PERSON, converter=_provider_kind)
    display_name: str | None = attrs.field(
        default=None, validator=_optional_name, repr=False, metadata={PERSONAL: True}
    )
    references: int = attrs.field(default=0, validator=_non_negative_int)
    protection_check: bool = attrs.field(default=False, validator=_flag)
    consent: bool = attrs.field(default=False, validator=_flag)

    def is_verified_for(self, verification: Verification, *, min_references: int = 2) -> bool:
        """Whether this provider meets ``verification`` (``004_…``).

        ``REFERENCES`` needs at least ``min_references`` references;
        ``PROTECTION_CHECK`` needs those references and a protection check.
        """
        if verification is Verification.NONE:
            return True
        if self.references < min_references:
            return False
        return verification is Verification.REFERENCES or self.protection_check


@attrs.frozen
class Capability:
    """Something a provider does now or could do, where, when and for how many needs.

    Sources: ``002_…`` and ``003_…`` (Capabilities Assessment, Community Asset
    Survey: what people already do, could do and will share), ``004_…`` (time
    banks: exchanges happen locally "or with another Timebank in the area, if need
    be"; members can opt for weekend matches only).

    ``area`` is the provider's home area; ``also_covers`` lists other areas they
    will help in, and ``anywhere`` marks help that does not depend on place (an
    internet search, for example). ``availability`` is empty for "any time".
    ``capacity`` is how many needs this capability can take (0 while someone has
    opted out). A capability that is not ``willing_to_share`` is recorded but never
    matched.
    """

    id: str = attrs.field(validator=identifier)
    provider_id: str = attrs.field(validator=identifier)
    category: str = attrs.field(converter=normalise_category)
    area: str = attrs.field(converter=normalise_area)
    level: CapabilityLevel = attrs.field(default=CapabilityLevel.DOES_NOW, converter=_level)
    willing_to_share: bool = attrs.field(default=True, validator=_flag)
    also_covers: frozenset[str] = attrs.field(default=frozenset(), converter=_areas)
    anywhere: bool = attrs.field(default=False, validator=_flag)
    availability: frozenset[TimeSlot] = attrs.field(default=frozenset(), converter=_slots)
    capacity: int = attrs.field(default=1, validator=_non_negative_int)

    def covers(self, area: str) -> bool:
        """Whether this capability can be used in ``area`` (already normalised)."""
        return self.anywhere or area == self.area or area in self.also_covers


@attrs.frozen
class Need:
    """Something a person or organisation needs help with (``002_…``, ``004_…``).

    ``requester_id`` is the pseudonymous id of whoever has the need (a provider id
    when they also offer help: nobody is matched to their own need).
    ``requester_name`` is optional personal data. ``when`` is empty for "any time".
    """

    id: str = attrs.field(validator=identifier)
    requester_id: str = attrs.field(validator=identifier)
    category: str = attrs.field(converter=normalise_category)
    area: str = attrs.field(converter=normalise_area)
    frequency: Frequency = attrs.field(default=Frequency.ONE_OFF, converter=_frequency)
    verification: Verification = attrs.field(default=Verification.NONE, converter=_verification)
    priority: NeedPriority = attrs.field(default=NeedPriority.NORMAL, converter=_priority)
    when: frozenset[TimeSlot] = attrs.field(default=frozenset(), converter=_slots)
    requester_name: str | None = attrs.field(
        default=None, validator=_optional_name, repr=False, metadata={PERSONAL: True}
    )

    @property
    def requires_verified_helper(self) -> bool:
        """Whether only a verified helper may meet this need."""
        return self.verification is not Verification.NONE


def personal_fields(cls: type) -> tuple[str, ...]:
    """Names of the fields of attrs class ``cls`` that hold personal data (``002_…`` records)."""
    return tuple(f.name for f in attrs.fields(cls) if f.metadata.get(PERSONAL))


# ------------------------------------------------------------------ records by the thousand
#
# A file of 20,000 capabilities is 20,000 calls of each converter and validator. The
# functions below build the same records from columns of field values (the i-th value
# of each column is one record): when every column already holds what the fields
# keep (ids, normalised labels, enum members, frozensets of them, bools, counts),
# which is checked a column at a time, the values are set as they are; otherwise
# every record goes through its class, which converts and checks it (and raises) as
# always. The table reader's values are of the first kind.

_new = object.__new__


def _setters(cls: type, *names: str) -> tuple[Callable[[Any, Any], None], ...]:
    """The setters of ``cls``'s slots ``names`` (what a frozen class's ``__init__`` uses
    under its refusing ``__setattr__``), looked up once."""
    return tuple(cls.__dict__[name].__set__ for name in names)


def _exactly(values: Sequence[Any], *kinds: type) -> bool:
    """Whether every value's type is one of ``kinds`` (exactly: no subclass)."""
    return set(map(type, values)) <= set(kinds)


# Ids one per line: no id holds a line break, so the lines are the ids.
_ID_LINES = re.compile(rf"{ID_PATTERN.pattern}(?:\n{ID_PATTERN.pattern})*")


def _ids(values: Sequence[Any]) -> bool:
    """Whether every value is an id (one pattern over the ids joined by line breaks)."""
    if not _exactly(values, str):
        return False
    joined = "\n".join(values)
    return not values or (
        joined.count("\n") == len(values) - 1 and _ID_LINES.fullmatch(joined) is not None
    )


def _labels(values: Sequence[Any], known: set[str]) -> bool:
    """Whether every value is a label its normalisation gives back as it is."""
    return _exactly(values, str) and set(values) <= known


def _sets_within(values: Sequence[Any], known: set[Any] | frozenset[Any]) -> bool:
    """Whether every value is a frozenset of members of ``known`` (checked once per
    distinct set: the reader shares them)."""
    distinct = {id(value): value for value in values}.values()
    return all(type(value) is frozenset and value <= known for value in distinct)


def _counts(values: Sequence[Any]) -> bool:
    return _exactly(values, int) and (not values or min(values) >= 0)


def _names(values: Sequence[Any]) -> bool:
    """Whether every value is None or 1-200 characters of text (not all blank)."""
    if not _exactly(values, str, type(None)):
        return False
    text = [value for value in values if value is not None]
    return not text or (max(map(len, text)) <= 200 and all(map(str.strip, text)))


(
    _PROVIDER_ID,
    _PROVIDER_KIND,
    _PROVIDER_DISPLAY_NAME,
    _PROVIDER_REFERENCES,
    _PROVIDER_PROTECTION_CHECK,
    _PROVIDER_CONSENT,
) = _setters(
    Provider,
    "id",
    "kind",
    "display_name",
    "references",
    "protection_check",
    "consent",
)


def _provider_as_is(
    id: str,
    kind: ProviderKind,
    display_name: str | None,
    references: int,
    protection_check: bool,
    consent: bool,
) -> Provider:
    self = _new(Provider)
    _PROVIDER_ID(self, id)
    _PROVIDER_KIND(self, kind)
    _PROVIDER_DISPLAY_NAME(self, display_name)
    _PROVIDER_REFERENCES(self, references)
    _PROVIDER_PROTECTION_CHECK(self, protection_check)
    _PROVIDER_CONSENT(self, consent)
    return self


(
    _CAPABILITY_ID,
    _CAPABILITY_PROVIDER_ID,
    _CAPABILITY_CATEGORY,
    _CAPABILITY_AREA,
    _CAPABILITY_LEVEL,
    _CAPABILITY_WILLING_TO_SHARE,
    _CAPABILITY_ALSO_COVERS,
    _CAPABILITY_ANYWHERE,
    _CAPABILITY_AVAILABILITY,
    _CAPABILITY_CAPACITY,
) = _setters(
    Capability,
    "id",
    "provider_id",
    "category",
    "area",
    "level",
    "willing_to_share",
    "also_covers",
    "anywhere",
    "availability",
    "capacity",
)


def _capability_as_is(
    id: str,
    provider_id: str,
    category: str,
    area: str,
    level: CapabilityLevel,
    willing_to_share: bool,
    also_covers: frozenset[str],
    anywhere: bool,
    availability: frozenset[TimeSlot],
    capacity: int,
) -> Capability:
    self = _new(Capability)
    _CAPABILITY_ID(self, id)
    _CAPABILITY_PROVIDER_ID(self, provider_id)
    _CAPABILITY_CATEGORY(self, category)
    _CAPABILITY_AREA(self, area)
    _CAPABILITY_LEVEL(self, level)
    _CAPABILITY_WILLING_TO_SHARE(self, willing_to_share)
    _CAPABILITY_ALSO_COVERS(self, also_covers)
    _CAPABILITY_ANYWHERE(self, anywhere)
    _CAPABILITY_AVAILABILITY(self, availability)
    _CAPABILITY_CAPACITY(self, capacity)
    return self


(
    _NEED_ID,
    _NEED_REQUESTER_ID,
    _NEED_CATEGORY,
    _NEED_AREA,
    _NEED_FREQUENCY,
    _NEED_VERIFICATION,
    _NEED_PRIORITY,
    _NEED_WHEN,
    _NEED_REQUESTER_NAME,
) = _setters(
    Need,
    "id",
    "requester_id",
    "category",
    "area",
    "frequency",
    "verification",
    "priority",
    "when",
    "requester_name",
)


def _need_as_is(
    id: str,
    requester_id: str,
    category: str,
    area: str,
    frequency: Frequency,
    verification: Verification,
    priority: NeedPriority,
    when: frozenset[TimeSlot],
    requester_name: str | None,
) -> Need:
    self = _new(Need)
    _NEED_ID(self, id)
    _NEED_REQUESTER_ID(self, requester_id)
    _NEED_CATEGORY(self, category)
    _NEED_AREA(self, area)
    _NEED_FREQUENCY(self, frequency)
    _NEED_VERIFICATION(self, verification)
    _NEED_PRIORITY(self, priority)
    _NEED_WHEN(self, when)
    _NEED_REQUESTER_NAME(self, requester_name)
    return self


def _providers_from_columns(
    id: Sequence[str],
    kind: Sequence[ProviderKind],
    display_name: Sequence[str | None],
    references: Sequence[int],
    protection_check: Sequence[bool],
    consent: Sequence[bool],
) -> list[Provider]:
    """``[Provider(*row) for row in zip(...)]`` (fields in order), a column at a time
    (see the comment above); raises as :class:`Provider` does."""
    plain = (
        _ids(id)
        and _exactly(kind, ProviderKind)
        and _names(display_name)
        and _counts(references)
        and _exactly(protection_check, bool)
        and _exactly(consent, bool)
    )
    build = _provider_as_is if plain else Provider
    return list(map(build, id, kind, display_name, references, protection_check, consent))


def _capabilities_from_columns(
    id: Sequence[str],
    provider_id: Sequence[str],
    category: Sequence[str],
    area: Sequence[str],
    level: Sequence[CapabilityLevel],
    willing_to_share: Sequence[bool],
    also_covers: Sequence[frozenset[str]],
    anywhere: Sequence[bool],
    availability: Sequence[frozenset[TimeSlot]],
    capacity: Sequence[int],
) -> list[Capability]:
    """``[Capability(*row) for row in zip(...)]`` (fields in order), a column at a time
    (see the comment above); raises as :class:`Capability` does."""
    columns = (
        id,
        provider_id,
        category,
        area,
        level,
        willing_to_share,
        also_covers,
        anywhere,
        availability,
        capacity,
    )
    plain = (
        _ids(id)
        and _ids(provider_id)
        and _labels(category, _CATEGORY_LABELS)
        and _labels(area, _AREA_LABELS)
        and _exactly(level, CapabilityLevel)
        and _exactly(willing_to_share, bool)
        and _sets_within(also_covers, _AREA_LABELS)
        and _exactly(anywhere, bool)
        and _sets_within(availability, _ALL_SLOTS)
        and _counts(capacity)
    )
    build = _capability_as_is if plain else Capability
    return list(map(build, *columns))


def _needs_from_columns(
    id: Sequence[str],
    requester_id: Sequence[str],
    category: Sequence[str],
    area: Sequence[str],
    frequency: Sequence[Frequency],
    verification: Sequence[Verification],
    priority: Sequence[NeedPriority],
    when: Sequence[frozenset[TimeSlot]],
    requester_name: Sequence[str | None],
) -> list[Need]:
    """``[Need(*row) for row in zip(...)]`` (fields in order), a column at a time (see
    the comment above); raises as :class:`Need` does."""
    columns = (id, requester_id, category, area, frequency, verification, priority, when)
    plain = (
        _ids(id)
        and _ids(requester_id)
        and _labels(category, _CATEGORY_LABELS)
        and _labels(area, _AREA_LABELS)
        and _exactly(frequency, Frequency)
        and _exactly(verification, Verification)
        and _exactly(priority, NeedPriority)
        and _sets_within(when, _ALL_SLOTS)
        and _names(requester_name)
    )
    build = _need_as_is if plain else Need
    return list(map(build, *columns, requester_name))


_by_id = operator.attrgetter("id")


def _sorted_by_id(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(sorted(items, key=_by_id))


@attrs.frozen
class MatchProblem:
    """Providers, their capabilities and the needs to match (``002_…``, ``004_…``).

    Each sequence is stored sorted by id, so that matching never depends on the
    order records arrived in. Construction checks that ids are unique and that
    every capability's provider is listed; it raises
    :class:`~coprod.errors.InvalidInputError` listing every problem (ids only,
    never names).
    """

    providers: tuple[Provider, ...] = attrs.field(converter=_sorted_by_id)
    capabilities: tuple[Capability, ...] = attrs.field(converter=_sorted_by_id)
    needs: tuple[Need, ...] = attrs.field(converter=_sorted_by_id)

    def __attrs_post_init__(self) -> None:
        if self._plainly_valid():
            return
        problems: list[Problem] = []
        for label, items, kind in (
            ("providers", self.providers, Provider),
            ("capabilities", self.capabilities, Capability),
            ("needs", self.needs, Need),
        ):
            seen: set[str] = set()
            for item in items:
                if not isinstance(item, kind):
                    problems.append(
                        Problem(label, f"expected {kind.__name__}, got {type(item).__name__}")
                    )
                    continue
                if item.id in seen:
                    problems.append(Problem(f"{label} {item.id!r}", "duplicate id"))
                seen.add(item.id)
        known = {p.id for p in self.providers if isinstance(p, Provider)}
        for capability in self.capabilities:
            if isinstance(capability, Capability) and capability.provider_id not in known:
                problems.append(
                    Problem(
                        f"capabilities {capability.id!r}",
                        f"provider {capability.provider_id!r} is not among the providers",
                    )
                )
        if problems:
            raise InvalidInputError(problems)

    def _plainly_valid(self) -> bool:
        """The checks below for the common case, with set operations: records of the
        classes themselves, unique ids, every capability's provider listed."""
        providers = {p.id for p in self.providers} if _exactly(self.providers, Provider) else None
        return (
            providers is not None
            and len(providers) == len(self.providers)
            and _exactly(self.capabilities, Capability)
            and len({c.id for c in self.capabilities}) == len(self.capabilities)
            and {c.provider_id for c in self.capabilities} <= providers
            and _exactly(self.needs, Need)
            and len({n.id for n in self.needs}) == len(self.needs)
        )
