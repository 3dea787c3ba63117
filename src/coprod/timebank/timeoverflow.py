"""Import a scheme's history from TimeOverflow's CSV exports (members and transfers).

TimeOverflow (coopdevs/timeoverflow, the open-source time-bank platform many
Spanish and Catalan banks use) keeps one account per member and per organisation,
and each transfer as two movements of whole seconds summing to zero, the same
double entry as :mod:`coprod.timebank.ledger`. Its admin reports export:

* **members** (``Report::MemberDecorator``): ``N`` (the member number,
  ``member_uid``), ``Name``, ``Email``, ``Phone``, ``Alternative Phone``,
  ``Created``, ``Last login``, ``Locale``, ``Balance`` (seconds);
* **transfers** (``Report::TransferDecorator``, "All transfers"): ``Date``
  (``2019-03-05 10:22:01 UTC``), ``From`` and ``To`` (``Name (N)`` for a member,
  the organisation's name for the bank's own account, "Deleted user" or "Inactive
  user" when the member is gone), ``Post`` and ``Quantity`` (``H:MM``).

Only what the ledger needs is kept: member numbers, names (personal data, shown
only on request) and the balance to cross-check. E-mail addresses and phone numbers
are read past and never stored. Transfers from or to members TimeOverflow no longer
names are booked to one placeholder account per bank (``<bank>-former-members``),
so the ledger still balances. Both files are read by coprod's one table reader
(:func:`coprod.io.read_table`): headers in English, Spanish or Catalan, any case;
UTF-8 with or without a BOM (or ``encoding``); comma, semicolon or tab; every
problem named by file, row and column, never quoting a cell (the files hold
personal data).

Each imported transfer gets a stable idempotency key made from its content and its
occurrence number among identical rows, so importing the same export twice, or a
later export that repeats it, records each transfer once.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections import Counter
from collections.abc import Sequence

import attrs

from coprod.errors import InvalidInputError, Problem
from coprod.io.table import (
    CellError,
    Column,
    TableSource,
    TableSpec,
    integer,
    read_table,
    text,
)
from coprod.timebank.ledger import TransferKind, TransferOrder
from coprod.timebank.model import MAX_MINUTES, Member, MemberKind

__all__ = [
    "MEMBER_SPEC",
    "TRANSFER_SPEC",
    "TimeOverflowImport",
    "convert_timeoverflow",
    "read_timeoverflow_members",
    "read_timeoverflow_transfers",
]

# ASCII digits only, as everywhere in coprod's tables: '٣:30' or '４:00' are not hours.
_PARTY = re.compile(r"^(?P<name>.*?)\s*\((?P<uid>[0-9]{1,12})\)\s*$")
_HM = re.compile(r"^(?P<sign>-?)(?P<h>[0-9]{1,7}):(?P<m>[0-5][0-9])$")
#: A day, optionally with the time and zone TimeOverflow writes (``2019-03-05 10:22:01 UTC``).
_DAY = re.compile(
    r"(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(?:[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?: ?(?:UTC|Z|[+-][0-9]{2}:?[0-9]{2}))?)?"
)
#: A party written like a member, "Name (12)", but with digits of another script.
_PARTY_OTHER_DIGITS = re.compile(r"^.*\(\s*\d+\s*\)\s*$")


def _party(value: str) -> str:
    """A transfer's source or destination: a member ("Name (12)"), the bank, or a name."""
    text_value = _party_text(value)
    if _PARTY.match(text_value) is None and _PARTY_OTHER_DIGITS.match(text_value):
        raise CellError("expected a member number of ASCII digits in the parentheses")
    return text_value


_party_text = text(max_length=300)

#: How TimeOverflow writes a zero amount (``seconds_to_hm``): nothing moved.
_DASHES = ("-", "—", "&mdash;")


def _member_number(value: str) -> str:
    if not (value.isascii() and value.isdigit()) or len(value) > 12:
        raise CellError("expected a member number")
    return value


def _day(value: str) -> datetime.date:
    match = _DAY.fullmatch(value)
    try:
        if match is None:
            raise ValueError(value)
        return datetime.date.fromisoformat(match["day"])
    except ValueError:
        raise CellError("expected a date like 2019-03-05") from None


def _signed_minutes(value: str) -> int:
    """``H:MM`` as minutes (negative with a leading ``-``); a dash alone is 0."""
    if value in _DASHES:
        return 0
    match = _HM.match(value)
    if match is None:
        raise CellError("expected hours like 1:30")
    minutes = int(match["h"]) * 60 + int(match["m"])
    if minutes > MAX_MINUTES:
        raise CellError("more than a million hours")
    return -minutes if match["sign"] else minutes


#: The members export (``Report::MemberDecorator``), English, Spanish or Catalan headers.
#: Contact details and other columns are read past (kept by the reader, never stored).
MEMBER_SPEC = TableSpec(
    name="TimeOverflow members",
    columns=(
        Column("n", _member_number, aliases=("nº", "no", "member_uid", "user code")),
        Column("name", text(max_length=200), aliases=("username", "nombre", "nom"), required=False),
        Column("balance", integer(), aliases=("saldo",), required=False),
    ),
    extra="keep",
    private=True,
)

#: The "All transfers" export (``Report::TransferDecorator``).
TRANSFER_SPEC = TableSpec(
    name="TimeOverflow transfers",
    columns=(
        Column("date", _day, aliases=("fecha", "data")),
        Column("from", _party, aliases=("origen", "de")),
        Column("to", _party, aliases=("destino", "a")),
        Column("quantity", _signed_minutes, aliases=("cantidad", "quantitat", "amount")),
    ),
    extra="keep",
    private=True,
)


@attrs.frozen
class _MemberRow:
    uid: str
    name: str | None = attrs.field(repr=False)
    balance_seconds: int | None


@attrs.frozen
class _TransferRow:
    row: int
    on: datetime.date
    source: str
    destination: str
    minutes: int


def read_timeoverflow_members(
    source: TableSource, *, name: str | None = None
) -> tuple[_MemberRow, ...]:
    """The members of a TimeOverflow members export; every bad row is one problem."""
    problems: list[Problem] = []
    table = read_table(source, MEMBER_SPEC, name=name, problems=problems)
    out = []
    seen: set[str] = set()
    for row in table:
        uid = row["n"]
        if uid in seen:
            problems.append(
                Problem.in_table(
                    table.location(row.number, "n"), f"member {uid} twice", "duplicate"
                )
            )
            continue
        seen.add(uid)
        out.append(_MemberRow(uid, row["name"] or None, row["balance"]))
    if problems:
        raise InvalidInputError(problems)
    return tuple(out)


def read_timeoverflow_transfers(
    source: TableSource, *, name: str | None = None
) -> tuple[_TransferRow, ...]:
    """The transfers of a TimeOverflow "All transfers" export (rows of zero time skipped)."""
    table = read_table(source, TRANSFER_SPEC, name=name)
    out = []
    for row in table:
        minutes = row["quantity"]
        if minutes == 0:
            continue  # TimeOverflow shows a zero amount as a dash: nothing moved
        source_text, destination = row["from"], row["to"]
        if minutes < 0:  # a negative quantity: the movement ran the other way
            source_text, destination, minutes = destination, source_text, -minutes
        out.append(_TransferRow(row.number, row["date"], source_text, destination, minutes))
    return tuple(out)


@attrs.frozen
class TimeOverflowImport:
    """Members and transfer orders converted from TimeOverflow, with notes to read."""

    members: tuple[Member, ...]
    transfers: tuple[TransferOrder, ...]
    notes: tuple[str, ...]
    expected_balances: dict[str, int] = attrs.field(factory=dict, eq=False)


def convert_timeoverflow(
    bank: str,
    members: Sequence[_MemberRow],
    transfers: Sequence[_TransferRow],
    *,
    organisation_name: str | None = None,
) -> TimeOverflowImport:
    """Members (code ``<bank>-<N>``) and ``imported`` transfers for bank ``bank``.

    The bank's own TimeOverflow account (named ``organisation_name`` in the export)
    becomes a group member ``<bank>-bank``. Balances in the members export are kept
    as :attr:`TimeOverflowImport.expected_balances` (minutes, rounded down) so the
    caller can compare them with the ledger after the import.
    """
    out_members: dict[str, Member] = {}
    for row in members:
        code = f"{bank}-{row.uid}"
        out_members[code] = Member(code=code, bank=bank, display_name=row.name)
    notes: list[str] = []
    bank_account = f"{bank}-bank"
    former = f"{bank}-former-members"
    organisation = (organisation_name or "").strip().casefold()

    def party(text: str) -> str:
        match = _PARTY.match(text)
        if match is not None:
            code = f"{bank}-{match['uid']}"
            if code not in out_members:
                name = match["name"].strip()[:200] or None
                out_members[code] = Member(code=code, bank=bank, display_name=name)
                notes.append(f"member {code} appears in transfers only; added")
            return code
        if organisation and text.casefold() == organisation:
            if bank_account not in out_members:
                out_members[bank_account] = Member(
                    code=bank_account,
                    bank=bank,
                    kind=MemberKind.GROUP,
                    display_name=organisation_name,
                )
            return bank_account
        if former not in out_members:
            out_members[former] = Member(code=former, bank=bank, kind=MemberKind.GROUP)
        return former

    seen: Counter[str] = Counter()
    orders = []
    to_former = 0
    for line in transfers:
        payer, payee = party(line.source), party(line.destination)
        if former in (payer, payee):
            to_former += 1
        if payer == payee:
            notes.append(f"row {line.row}: source and destination are the same account; skipped")
            continue
        content = f"{line.on.isoformat()}|{payer}|{payee}|{line.minutes}"
        seen[content] += 1
        digest = hashlib.sha256(f"{content}|{seen[content]}".encode()).hexdigest()[:24]
        orders.append(
            TransferOrder.pay(
                f"timeoverflow:{bank}:{digest}",
                payer,
                [(payee, line.minutes)],
                on=line.on,
                kind=TransferKind.IMPORTED,
            )
        )
    if to_former:
        notes.append(
            f"{to_former} transfer(s) name a member TimeOverflow no longer shows; booked to "
            f"{former}"
        )
    expected = {
        f"{bank}-{row.uid}": row.balance_seconds // 60
        for row in members
        if row.balance_seconds is not None
    }
    return TimeOverflowImport(
        members=tuple(out_members.values()),
        transfers=tuple(orders),
        notes=tuple(notes),
        expected_balances=expected,
    )
