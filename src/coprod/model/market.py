"""Market it: incentives, nudges and co-production charters.

Sources: ``003_eb91abacab6ac2c6.txt`` ("Step 4: 'Market it!'": psychological
incentives, recognition awards, monetary incentives; co-production charters that
"outline explicitly the roles, responsibilities, and conflict mechanisms for staff,
citizens and service users") and ``002_ea409380ef17158f.txt`` ("Step 4 — Market
it!": positive incentives, removing negative ones, nudges; the examples of a party
for volunteers, publicity for a business, the Speed Camera Lottery and a prize
draw; Solihull's co-production charter, which makes clear the resources champions
can expect from the council and the responsibilities they have).
"""

from __future__ import annotations

import datetime
import enum
import math
from collections.abc import Iterable
from typing import Any

import attrs

from coprod.model.text import identifier, non_blank, strings

__all__ = [
    "Charter",
    "CharterParty",
    "CharterRole",
    "Incentive",
    "IncentiveKind",
    "IncentiveTarget",
    "Nudge",
]


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise TypeError(f"expected a tuple of strings, got the string {value!r}")
    return tuple(value)


def _all_non_blank(_instance: Any, attribute: Any, value: tuple[str, ...]) -> None:
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"{attribute.name} must hold non-empty strings, got {item!r}")


def _optional_text(_instance: Any, attribute: Any, value: str | None) -> None:
    if value is not None:
        non_blank(_instance, attribute, value)


class IncentiveKind(str, enum.Enum):
    """The kinds of incentive to co-produce (``003_eb91abacab6ac2c6.txt``).

    Psychological incentives reinforce an individual's "feel good factor" with
    appreciation or other informal rewards; recognition awards are more formal and
    "could include prizes"; monetary incentives pay. ``002_ea409380ef17158f.txt``
    gives examples of each (see :func:`coprod.incentive_examples`).
    """

    PSYCHOLOGICAL = "psychological"
    RECOGNITION_AWARD = "recognition award"
    MONETARY = "monetary"

    @property
    def formal(self) -> bool:
        """True for the "more formal mechanisms" of ``003_…``: awards and money."""
        return self is not IncentiveKind.PSYCHOLOGICAL


class IncentiveTarget(str, enum.Enum):
    """Whom an incentive or nudge is for (``003_…``: "the inputs of both citizens and
    professionals"; the parties of a charter)."""

    CITIZENS = "citizens"
    SERVICE_USERS = "service users"
    STAFF = "staff"


def _targets(value: Iterable[IncentiveTarget]) -> tuple[IncentiveTarget, ...]:
    if isinstance(value, str):
        raise TypeError(f"expected a list of targets, got the string {value!r}")
    items = tuple(value)
    for item in items:
        if not isinstance(item, IncentiveTarget):
            raise TypeError(f"targets must hold IncentiveTarget members, got {item!r}")
    return items


def _optional_cost(_instance: Any, attribute: Any, value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{attribute.name} must be a number, got {value!r}")
    if not math.isfinite(value) or not 0 <= value <= 1e12:
        raise ValueError(f"{attribute.name} must be a finite number from 0 to 1e12, got {value!r}")


@attrs.frozen
class Incentive:
    """An incentive to co-produce, of one :class:`IncentiveKind` (``003_…``, ``002_…``).

    ``seed`` names the seed file an example comes from; ``case_id`` links to the
    case-study catalogue (:mod:`coprod.model.cases`) where the example is a case.

    In an assessment document (``[[incentives]]``) an incentive also has an ``id``,
    the people it ``targets`` (citizens, service users, staff), the ``initiatives``
    it serves (ids) and its ``cost`` a year in the document's currency, if known.
    """

    name: str = attrs.field(validator=non_blank)
    kind: IncentiveKind = attrs.field(validator=attrs.validators.instance_of(IncentiveKind))
    description: str = attrs.field(default="", validator=attrs.validators.instance_of(str))
    seed: str | None = attrs.field(default=None, validator=_optional_text)
    case_id: str | None = attrs.field(default=None, validator=_optional_text)
    id: str | None = attrs.field(default=None, validator=attrs.validators.optional(identifier))
    targets: tuple[IncentiveTarget, ...] = attrs.field(default=(), converter=_targets)
    initiatives: tuple[str, ...] = attrs.field(default=(), converter=strings)
    cost: float | None = attrs.field(default=None, validator=_optional_cost)


@attrs.frozen
class Nudge:
    """A designed nudge to change people's behaviour (``002_…``; ``004_…`` on nudges).

    ``002_ea409380ef17158f.txt``: "Alongside incentives, 'nudges' should be designed
    that can change people's behaviour." ``target_behaviour`` is the behaviour the
    nudge aims at, in plain words ("keep to the speed limit"). In a document
    (``[[nudges]]``) it has an ``id``, the ``initiatives`` it serves and the people
    it ``targets``.
    """

    name: str = attrs.field(validator=non_blank)
    target_behaviour: str = attrs.field(validator=non_blank)
    description: str = attrs.field(default="", validator=attrs.validators.instance_of(str))
    id: str | None = attrs.field(default=None, validator=attrs.validators.optional(identifier))
    initiatives: tuple[str, ...] = attrs.field(default=(), converter=strings)
    targets: tuple[IncentiveTarget, ...] = attrs.field(default=(), converter=_targets)


class CharterParty(str, enum.Enum):
    """The parties a co-production charter covers (``003_eb91abacab6ac2c6.txt``).

    003: charters outline "roles, responsibilities, and conflict mechanisms for
    staff, citizens and service users".
    """

    STAFF = "staff"
    CITIZENS = "citizens"
    SERVICE_USERS = "service users"


@attrs.frozen
class CharterRole:
    """One party's role in a charter (``003_…``; Solihull's charter in ``002_…``).

    ``responsibilities`` are what the party commits to (at least one); ``support``
    is what it can expect from the statutory agency in return ("the resources they
    can expect from the council", ``002_…``).
    """

    party: CharterParty = attrs.field(validator=attrs.validators.instance_of(CharterParty))
    role: str = attrs.field(validator=non_blank)
    responsibilities: tuple[str, ...] = attrs.field(converter=_texts, validator=_all_non_blank)
    support: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_all_non_blank)

    @responsibilities.validator
    def _check_responsibilities(
        self, _attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
    ) -> None:
        if not value:
            raise ValueError(
                f"the {self.party.value} role must list at least one responsibility "
                "(a charter says what each party commits to)"
            )


def _blank_or_text(_instance: Any, attribute: Any, value: Any) -> None:
    # Left out ("") is allowed (a check says so); spaces only is a slip.
    if not isinstance(value, str) or (value and not value.strip()):
        raise ValueError(f"{attribute.name} must be text (or left out), got {value!r}")


def _optional_date(_instance: Any, attribute: Any, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise TypeError(f"{attribute.name} must be a date (YYYY-MM-DD), got {value!r}")


def _roles(value: Iterable[CharterRole]) -> tuple[CharterRole, ...]:
    return tuple(value)


@attrs.frozen
class Charter:
    """A co-production charter (``003_eb91abacab6ac2c6.txt``, ``002_ea409380ef17158f.txt``).

    A charter sets out the roles and responsibilities of the parties and a
    mechanism for settling conflicts; it shows people what they commit to and what
    the statutory agency commits to provide in support (``003_…``). It must cover
    at least one party, each party at most once. A charter with no conflict
    mechanism, no agency commitments or a review date in the past is accepted: the
    Market it checks point those out (``market.charters``).

    In a document (``[[charters]]``) a charter has an ``id``, the ``initiatives`` it
    covers and a ``review_date``.
    """

    name: str = attrs.field(validator=non_blank)
    roles: tuple[CharterRole, ...] = attrs.field(converter=_roles)
    conflict_mechanism: str = attrs.field(default="", validator=_blank_or_text)
    agency_commitments: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_all_non_blank
    )
    id: str | None = attrs.field(default=None, validator=attrs.validators.optional(identifier))
    initiatives: tuple[str, ...] = attrs.field(default=(), converter=strings)
    review_date: datetime.date | None = attrs.field(default=None, validator=_optional_date)

    @property
    def agency_gives(self) -> tuple[str, ...]:
        """Everything the agency commits to: its commitments and each role's support."""
        return (*self.agency_commitments, *(s for role in self.roles for s in role.support))

    @property
    def label(self) -> str:
        """The charter's id, or its name when it has none."""
        return self.id or self.name

    @roles.validator
    def _check_roles(
        self, _attribute: attrs.Attribute[tuple[CharterRole, ...]], value: tuple[CharterRole, ...]
    ) -> None:
        if not value:
            raise ValueError(
                "roles must cover at least one party (staff, citizens or service users)"
            )
        seen: set[CharterParty] = set()
        for role in value:
            if not isinstance(role, CharterRole):
                raise TypeError(f"roles must hold CharterRole objects, got {role!r}")
            if role.party in seen:
                raise ValueError(f"roles cover each party once; {role.party.value!r} repeats")
            seen.add(role.party)

    @property
    def parties(self) -> tuple[CharterParty, ...]:
        """The parties the charter covers, in the order given."""
        return tuple(role.party for role in self.roles)

    @property
    def missing_parties(self) -> tuple[CharterParty, ...]:
        """Parties ``003_…`` names that this charter leaves out."""
        return tuple(party for party in CharterParty if party not in self.parties)

    def role_of(self, party: CharterParty) -> CharterRole:
        """The role of ``party``; :class:`KeyError` if the charter does not cover it."""
        for role in self.roles:
            if role.party is party:
                return role
        covered = ", ".join(p.value for p in self.parties)
        raise KeyError(f"the charter does not cover {party.value!r} (it covers: {covered})")
