"""The ledger: double-entry transfers of whole minutes, never updated or deleted.

Sources: ``002_ea409380ef17158f.txt`` (members deposit time by helping and withdraw
it by being helped, an hour for an hour) and ``004_2ab9b3d444068e57.txt`` ("A
Timebank works like a bank – people can spend their hours as fast as they earn
them, save them for a rainy day, or donate them. One member recently donated hours
to a friend as a birthday gift, and another donates regularly to local groups";
overdraft; exchanges with another linked Timebank).

A transfer is a set of entries, one per member, whose minutes sum to zero: the
member helped pays (negative), the helper earns (positive). One-to-one and
one-to-many transfers are the same thing with one or several credits. Every
transfer carries an idempotency key: recording it again with the same key and the
same content returns the first record, with other content is an error. A mistake
is corrected by a reversing transfer, never by editing one, so the sum of all
balances is zero after every transfer (:func:`ledger_problems` checks it).

Pure functions only: the store (:mod:`coprod.store`) calls them inside its
database transaction.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import attrs

from coprod.errors import CoprodError, Problem
from coprod.timebank.model import MAX_MINUTES, Bank, LimitStatus, Member, MemberKind

__all__ = [
    "MAX_KEY_LENGTH",
    "Entry",
    "HardLimitError",
    "IdempotencyConflictError",
    "LedgerTransfer",
    "LimitFlag",
    "TransferKind",
    "TransferOrder",
    "TransferRefusedError",
    "assess_transfer",
    "balances",
    "ledger_problems",
]

#: Idempotency keys are 1 to 200 printable characters.
MAX_KEY_LENGTH = 200


class TransferRefusedError(CoprodError, ValueError):
    """A transfer broke a rule of the time bank and was not recorded (nothing written)."""


class HardLimitError(TransferRefusedError):
    """A transfer would take a balance past its bank's hard limit; nothing was recorded."""


class IdempotencyConflictError(CoprodError, ValueError):
    """An idempotency key was used again for a transfer with different content."""


class TransferKind(str, enum.Enum):
    """Why hours moved (``004_…``).

    ``exchange``: help given and received; ``gift``: hours given to another member
    ("donated hours to a friend as a birthday gift"); ``donation``: hours given to a
    voluntary group or business ("donates regularly to local groups");
    ``reversal``: the correction of an earlier transfer; ``imported``: history
    brought in from another system (TimeOverflow).
    """

    EXCHANGE = "exchange"
    GIFT = "gift"
    DONATION = "donation"
    REVERSAL = "reversal"
    IMPORTED = "imported"


def _minutes(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{attribute.name} must be whole minutes, got {value!r}")
    if value == 0 or abs(value) > MAX_MINUTES:
        raise ValueError(f"{attribute.name} must be non-zero and at most a million hours")


@attrs.frozen
class Entry:
    """One line of a transfer: ``minutes`` added to (or, negative, taken from) ``member``."""

    member: str
    minutes: int = attrs.field(validator=_minutes)


def _key(_instance: object, _attribute: object, value: str) -> None:
    if (
        not isinstance(value, str)
        or not 1 <= len(value) <= MAX_KEY_LENGTH
        or not value.isprintable()
        or value != value.strip()
    ):
        raise ValueError(
            f"an idempotency key must be 1-{MAX_KEY_LENGTH} printable characters "
            "without leading or trailing spaces"
        )


def _entries(values: Iterable[Entry]) -> tuple[Entry, ...]:
    return tuple(values)


def _description(_instance: object, _attribute: object, value: str | None) -> None:
    if value is not None and (not isinstance(value, str) or len(value) > 1000):
        raise ValueError("a description must be at most 1000 characters")


@attrs.frozen
class TransferOrder:
    """A transfer to record: entries summing to zero, with its idempotency key.

    Build one with :meth:`pay` (one payer, one or more payees) or
    :meth:`reversal_of`. ``on`` is the day of the exchange (the caller's clock, not
    coprod's). ``description`` may name people: the store keeps it apart from the
    ledger so that it can be erased.
    """

    key: str = attrs.field(validator=_key)
    kind: TransferKind = attrs.field(converter=TransferKind)
    entries: tuple[Entry, ...] = attrs.field(converter=_entries)
    on: datetime.date = attrs.field(validator=attrs.validators.instance_of(datetime.date))
    description: str | None = attrs.field(default=None, validator=_description, repr=False)
    reverses: str | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        if len(self.entries) < 2:
            raise ValueError("a transfer needs at least two entries")
        if any(not isinstance(e, Entry) for e in self.entries):
            raise TypeError("entries must be Entry values")
        if sum(e.minutes for e in self.entries) != 0:
            raise ValueError("the entries of a transfer must sum to zero")
        members = Counter(e.member for e in self.entries)
        twice = sorted(m for m, n in members.items() if n > 1)
        if twice:
            raise ValueError(f"a member appears twice in one transfer: {', '.join(twice)}")
        if (self.kind is TransferKind.REVERSAL) != (self.reverses is not None):
            raise ValueError("a reversal, and only a reversal, names the transfer it reverses")

    @classmethod
    def pay(
        cls,
        key: str,
        payer: str,
        payees: Sequence[tuple[str, int]],
        *,
        on: datetime.date,
        kind: TransferKind | str = TransferKind.EXCHANGE,
        description: str | None = None,
    ) -> TransferOrder:
        """``payer`` gives ``minutes`` to each payee (one-to-one or one-to-many)."""
        if not payees:
            raise ValueError("a transfer needs at least one payee")
        for member, minutes in payees:
            if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
                raise ValueError(f"minutes to {member} must be a positive whole number")
            if member == payer:
                raise ValueError("a member cannot pay themselves")
        total = sum(minutes for _, minutes in payees)
        entries = [Entry(payer, -total), *(Entry(m, n) for m, n in payees)]
        return cls(key, TransferKind(kind), tuple(entries), on, description)

    @classmethod
    def reversal_of(
        cls,
        original: LedgerTransfer,
        key: str,
        *,
        on: datetime.date,
        description: str | None = None,
    ) -> TransferOrder:
        """The transfer that undoes ``original`` exactly (every entry negated)."""
        if original.kind is TransferKind.REVERSAL:
            raise TransferRefusedError(
                f"transfer {original.key!r} is itself a reversal; record the original again "
                "instead of reversing a reversal"
            )
        entries = tuple(Entry(e.member, -e.minutes) for e in original.entries)
        return cls(key, TransferKind.REVERSAL, entries, on, description, original.key)

    @property
    def minutes(self) -> int:
        """The time moved: the sum of the positive entries."""
        return sum(e.minutes for e in self.entries if e.minutes > 0)

    def digest(self) -> str:
        """SHA-256 of the content (everything but the key): equal content, equal digest."""
        content = {
            "kind": self.kind.value,
            "entries": [[e.member, e.minutes] for e in self.entries],
            "on": self.on.isoformat(),
            "description": self.description,
            "reverses": self.reverses,
        }
        text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return hashlib.sha256(text.encode("ascii")).hexdigest()


@attrs.frozen
class LedgerTransfer:
    """A recorded transfer as the ledger holds it (``id`` in recording order)."""

    id: int
    key: str
    kind: TransferKind
    on: datetime.date
    entries: tuple[Entry, ...]
    reverses: str | None = None
    digest: str = ""
    description: str | None = attrs.field(default=None, repr=False, eq=False)

    @property
    def minutes(self) -> int:
        """The time moved: the sum of the positive entries."""
        return sum(e.minutes for e in self.entries if e.minutes > 0)


@attrs.frozen
class LimitFlag:
    """A member a transfer takes near or past a limit of their bank (``004_…``: overdraft)."""

    member: str
    balance: int
    status: LimitStatus


_NO_HARD_LIMIT = (TransferKind.REVERSAL, TransferKind.IMPORTED)


def assess_transfer(
    order: TransferOrder,
    members: Mapping[str, Member],
    banks: Mapping[str, Bank],
    balances: Mapping[str, int],
) -> tuple[LimitFlag, ...]:
    """Check ``order`` against the time bank's rules; return the soft-limit flags.

    Raises :class:`TransferRefusedError` when a member is unknown or erased, when
    members of banks that are not linked would exchange, when a donation's payee is
    not a group or business, and :class:`HardLimitError` when a balance would pass
    its bank's hard limit. Reversals and imported history are exempt from hard
    limits: a correction must always be possible, and history already happened.
    ``balances`` are the members' balances before.
    """
    for entry in order.entries:
        member = members.get(entry.member)
        if member is None:
            raise TransferRefusedError(f"unknown member {entry.member!r}")
        if member.erased and order.kind is not TransferKind.REVERSAL:
            raise TransferRefusedError(f"member {entry.member!r} was erased and cannot exchange")
    involved = [members[e.member] for e in order.entries]
    first_bank = banks[involved[0].bank]
    for member in involved[1:]:
        if not first_bank.linked_with(banks[member.bank]):
            raise TransferRefusedError(
                f"banks {first_bank.code!r} and {member.bank!r} are not linked: their members "
                "cannot exchange hours"
            )
    if order.kind is TransferKind.DONATION:
        for entry in order.entries:
            if entry.minutes > 0 and members[entry.member].kind is MemberKind.PERSON:
                raise TransferRefusedError(
                    f"a donation goes to a group or business; {entry.member!r} is a person "
                    "(give hours to a person as a gift)"
                )
    flags = []
    for entry in order.entries:
        member = members[entry.member]
        limits = banks[member.bank].limits
        after = balances.get(entry.member, 0) + entry.minutes
        if order.kind not in _NO_HARD_LIMIT and limits.breaks_hard(after):
            raise HardLimitError(
                f"refused: the balance of {entry.member!r} would be {after} minutes, past the "
                f"hard limit of bank {member.bank!r}"
            )
        status = limits.status(after)
        if status is not LimitStatus.WITHIN:
            flags.append(LimitFlag(entry.member, after, status))
    return tuple(flags)


def balances(transfers: Iterable[LedgerTransfer]) -> dict[str, int]:
    """Every member's balance in minutes: the sum of their entries."""
    totals: dict[str, int] = {}
    for transfer in transfers:
        for entry in transfer.entries:
            totals[entry.member] = totals.get(entry.member, 0) + entry.minutes
    return totals


def ledger_problems(
    transfers: Sequence[LedgerTransfer], stored_balances: Mapping[str, int] | None = None
) -> tuple[Problem, ...]:
    """Everything wrong with a ledger; empty when it is sound.

    Checks that every transfer has at least two entries summing to zero, that keys
    are unique, that every reversal names an earlier transfer that is not itself a
    reversal, at most once, and negates it exactly, that all balances sum to zero
    and, when ``stored_balances`` is given (the store's running balances), that
    each equals the sum of the member's entries.
    """
    problems: list[Problem] = []
    by_key: dict[str, LedgerTransfer] = {}
    reversed_keys: set[str] = set()
    for transfer in transfers:
        where = f"transfer {transfer.key!r}"
        if len(transfer.entries) < 2:
            problems.append(Problem(where, "has fewer than two entries"))
        total = sum(e.minutes for e in transfer.entries)
        if total:
            problems.append(Problem(where, f"entries sum to {total} minutes, not zero"))
        if transfer.key in by_key:
            problems.append(Problem(where, "the idempotency key is used twice"))
        if transfer.reverses is not None:
            original = by_key.get(transfer.reverses)
            if original is None:
                problems.append(Problem(where, f"reverses unknown transfer {transfer.reverses!r}"))
            elif original.kind is TransferKind.REVERSAL:
                problems.append(Problem(where, "reverses a reversal"))
            else:
                if transfer.reverses in reversed_keys:
                    problems.append(Problem(where, "reverses a transfer reversed before"))
                expected = sorted((e.member, -e.minutes) for e in original.entries)
                if sorted((e.member, e.minutes) for e in transfer.entries) != expected:
                    problems.append(Problem(where, "does not negate the transfer it reverses"))
            reversed_keys.add(transfer.reverses)
        by_key[transfer.key] = transfer
    computed = balances(transfers)
    grand = sum(computed.values())
    if grand:
        problems.append(Problem("ledger", f"balances sum to {grand} minutes, not zero"))
    if stored_balances is not None:
        for member in sorted(set(computed) | set(stored_balances)):
            stored = stored_balances.get(member, 0)
            if stored != computed.get(member, 0):
                problems.append(
                    Problem(
                        f"member {member!r}",
                        f"stored balance {stored} minutes differs from its entries "
                        f"({computed.get(member, 0)} minutes)",
                    )
                )
    return tuple(problems)
