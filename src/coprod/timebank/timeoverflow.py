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
so the ledger still balances. Headers are matched case-insensitively, in English,
Spanish or Catalan; the file may be UTF-8 with or without a BOM, comma-, semicolon-
or tab-separated.

Each imported transfer gets a stable idempotency key made from its content and its
occurrence number among identical rows, so importing the same export twice, or a
later export that repeats it, records each transfer once.

The table reading is one small function over the standard :mod:`csv` module
(:func:`read_csv_rows`): the project's shared table reader was not on main when
this was written.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import attrs

from coprod.errors import InvalidInputError, Problem
from coprod.timebank.ledger import TransferKind, TransferOrder
from coprod.timebank.model import MAX_MINUTES, Member, MemberKind

__all__ = [
    "MEMBER_COLUMNS",
    "TRANSFER_COLUMNS",
    "TimeOverflowImport",
    "convert_timeoverflow",
    "read_csv_rows",
    "read_timeoverflow_members",
    "read_timeoverflow_transfers",
]

#: Accepted headers (after lower-casing and trimming) for each member column.
MEMBER_COLUMNS = {
    "uid": ("n", "nº", "no", "#", "member_uid", "user code", "código de usuario"),
    "name": ("name", "username", "nombre", "nom"),
    "balance": ("balance", "saldo"),
}
#: Accepted headers for each transfer column.
TRANSFER_COLUMNS = {
    "date": ("date", "fecha", "data"),
    "from": ("from", "origen", "de"),
    "to": ("to", "destino", "a"),
    "quantity": ("quantity", "cantidad", "quantitat", "amount"),
}

_PARTY = re.compile(r"^(?P<name>.*?)\s*\((?P<uid>\d{1,12})\)\s*$")
_HM = re.compile(r"^\s*(?P<sign>-?)(?P<h>\d{1,7}):(?P<m>[0-5]\d)\s*$")


def read_csv_rows(
    source: str | Path, *, text: str | None = None
) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV file (UTF-8, BOM optional; ``,`` ``;`` or tab detected).

    ``text`` gives the content directly (``source`` then only names it in problems).
    """
    where = str(source)
    if text is None:
        try:
            text = Path(source).read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InvalidInputError.single(
                where, f"not UTF-8 (byte {error.start}); save the export as UTF-8"
            ) from None
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise InvalidInputError.single(where, "the file is empty")
    return rows[0], rows[1:]


def _columns(
    where: str, header: Sequence[str], wanted: dict[str, tuple[str, ...]]
) -> dict[str, int]:
    found: dict[str, int] = {}
    names = [h.strip().lower() for h in header]
    for column, aliases in wanted.items():
        for index, name in enumerate(names):
            if name in aliases:
                found[column] = index
                break
    missing = [wanted[c][0] for c in wanted if c not in found]
    if missing:
        raise InvalidInputError(
            [Problem(where, f"no column {m!r} (headers: {', '.join(header)})") for m in missing]
        )
    return found


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
    source: str | Path, *, text: str | None = None
) -> tuple[_MemberRow, ...]:
    """The members of a TimeOverflow members export; every bad row is one problem."""
    where = str(source)
    header, rows = read_csv_rows(source, text=text)
    col = _columns(where, header, MEMBER_COLUMNS)
    problems: list[Problem] = []
    out = []
    seen: set[str] = set()
    for n, row in enumerate(rows, 2):
        cells = row + [""] * (len(header) - len(row))
        uid = cells[col["uid"]].strip()
        if not uid.isdigit() or len(uid) > 12:
            problems.append(Problem(f"{where}, row {n}, column 'N'", "expected a member number"))
            continue
        if uid in seen:
            problems.append(Problem(f"{where}, row {n}, column 'N'", f"member {uid} twice"))
            continue
        seen.add(uid)
        balance_text = cells[col["balance"]].strip()
        balance = None
        if balance_text:
            try:
                balance = int(balance_text)
            except ValueError:
                problems.append(
                    Problem(f"{where}, row {n}, column 'Balance'", "expected whole seconds")
                )
                continue
        name = cells[col["name"]].strip()[:200] or None
        out.append(_MemberRow(uid, name, balance))
    if problems:
        raise InvalidInputError(problems)
    return tuple(out)


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text.strip()[:10])


def read_timeoverflow_transfers(
    source: str | Path, *, text: str | None = None
) -> tuple[_TransferRow, ...]:
    """The transfers of a TimeOverflow "All transfers" export (rows of zero time skipped)."""
    where = str(source)
    header, rows = read_csv_rows(source, text=text)
    col = _columns(where, header, TRANSFER_COLUMNS)
    problems: list[Problem] = []
    out = []
    for n, row in enumerate(rows, 2):
        cells = row + [""] * (len(header) - len(row))
        try:
            on = _date(cells[col["date"]])
        except ValueError:
            problems.append(
                Problem(f"{where}, row {n}, column 'Date'", "expected a date like 2019-03-05")
            )
            continue
        quantity = cells[col["quantity"]].strip()
        if quantity in ("", "-", "—", "&mdash;"):
            continue  # TimeOverflow shows a zero amount as a dash: nothing moved
        match = _HM.match(quantity)
        if match is None:
            problems.append(
                Problem(f"{where}, row {n}, column 'Quantity'", "expected hours like 1:30")
            )
            continue
        minutes = int(match["h"]) * 60 + int(match["m"])
        if minutes == 0:
            continue
        if minutes > MAX_MINUTES:
            problems.append(
                Problem(f"{where}, row {n}, column 'Quantity'", "more than a million hours")
            )
            continue
        source_text, destination = cells[col["from"]].strip(), cells[col["to"]].strip()
        if match["sign"]:  # a negative quantity: the movement ran the other way
            source_text, destination = destination, source_text
        out.append(_TransferRow(n, on, source_text, destination, minutes))
    if problems:
        raise InvalidInputError(problems)
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
