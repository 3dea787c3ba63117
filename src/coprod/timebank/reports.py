"""Time bank reports (kind ``timebank``): balances, statements, and the scheme's picture.

Sources: ``004_2ab9b3d444068e57.txt`` (seven linked Timebanks; overdraft; "the
bigger 'problem' is encouraging people who want to earn and not spend to ask for
help so the system doesn't grind to a halt"; exchanges "with another Timebank in
the area") and ``002_ea409380ef17158f.txt`` (West Edinburgh Time Bank).

Every value here is a pure report whose :meth:`tables` the registered exporters
render (:mod:`coprod.builtin.export_timebank`). Minutes are exact integers; hours
are :class:`~decimal.Decimal` rounded to hundredths for reading. Reports are
aggregates by default: member codes and names appear only with
``include_names=True``. The tables that count members (members by bank, limits by
bank) end with an ``all banks`` row of totals, and their counts are protected by
complementary suppression (:func:`coprod.people.disclosure.protect`, as the matching
aggregates are): every count from 1 to ``suppress_below - 1`` is hidden (``None``),
and enough other cells that no hidden count follows from the shown cells and the
totals.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from typing import ClassVar

import attrs

from coprod.people.disclosure import Relation, protect
from coprod.report_value import Table
from coprod.timebank.ledger import LedgerTransfer, TransferKind, ledger_problems
from coprod.timebank.model import (
    MINUTES_PER_HOUR,
    Bank,
    LimitStatus,
    Member,
    Offer,
    Request,
)

__all__ = [
    "ALL_BANKS",
    "MEMBER_COLUMNS",
    "MEMBER_ROW_SUMS",
    "SUPPRESS_BELOW",
    "BalanceRow",
    "BalancesReport",
    "CheckReport",
    "StatementLine",
    "StatementReport",
    "TimebankReport",
    "build_timebank_report",
    "check_report",
    "hours",
    "protected_counts",
    "statement",
]

#: Counts of members from 1 to this minus one are hidden in aggregate tables, with
#: their complements (as :data:`coprod.people.SUPPRESSION_THRESHOLD` does for matching).
SUPPRESS_BELOW = 5

#: The name of the totals row of the tables that count members.
ALL_BANKS = "all banks"


#: The columns of the members-by-bank table, and the sums within each of its rows
#: (column, coefficient; the terms add up to zero): members = active + inactive and
#: active = earn_never_spend + spend_never_earn + other_active. The two "slack"
#: columns are shown so that the sums are equalities a reader knows: with them
#: left out, "members >= active" alone could pin a hidden count (5 members, 5
#: earning only: all 5 active).
MEMBER_COLUMNS = (
    "members",
    "active",
    "inactive",
    "earn_never_spend",
    "spend_never_earn",
    "other_active",
)
MEMBER_ROW_SUMS: tuple[tuple[tuple[int, int], ...], ...] = (
    ((1, 1), (2, 1), (0, -1)),
    ((3, 1), (4, 1), (5, 1), (1, -1)),
)


def protected_counts(
    rows: Sequence[Sequence[int]],
    *,
    threshold: int,
    row_sums: Sequence[Sequence[tuple[int, int]]] = (),
) -> list[list[int | None]]:
    """``rows`` of counts and a last row of column totals, small counts and complements hidden.

    The relations a reader knows: each column of ``rows`` adds up to its total, and
    each of ``row_sums`` (terms ``(column, coefficient)`` adding up to zero) holds in
    every row, the totals row too. Returns the rows followed by the totals row,
    ``None`` where hidden (:func:`coprod.people.disclosure.protect`).
    """
    width = len(rows[0]) if rows else 0
    totals = [sum(row[c] for row in rows) for c in range(width)]
    table = [list(row) for row in rows] + [totals]
    values = [value for row in table for value in row]
    relations: list[Relation] = [
        [*((r * width + c, 1) for r in range(len(rows))), (len(rows) * width + c, -1)]
        for c in range(width)
    ]
    relations += [
        [(r * width + c, k) for c, k in terms] for r in range(len(table)) for terms in row_sums
    ]
    hidden = protect(values, relations, threshold=threshold)
    return [
        [None if r * width + c in hidden else value for c, value in enumerate(row)]
        for r, row in enumerate(table)
    ]


_HUNDREDTH = Decimal("0.01")


def hours(minutes: int) -> Decimal:
    """Minutes as hours, rounded half-even to hundredths (``90`` → ``Decimal('1.50')``)."""
    return (Decimal(minutes) / MINUTES_PER_HOUR).quantize(_HUNDREDTH, rounding=ROUND_HALF_EVEN)


@attrs.frozen
class BalanceRow:
    """One member's balance and where it stands against the bank's limits."""

    member: str
    bank: str
    kind: str
    minutes: int
    status: LimitStatus
    display_name: str | None = attrs.field(default=None, repr=False)


@attrs.frozen
class BalancesReport:
    """Every member's balance (minutes and hours) and limit status; the total is zero."""

    kind: ClassVar[str] = "timebank"

    rows: tuple[BalanceRow, ...]
    include_names: bool = False

    @property
    def total(self) -> int:
        """The sum of all balances: zero in a sound ledger."""
        return sum(r.minutes for r in self.rows)

    def tables(self) -> Iterator[Table]:
        """One table: member, bank, kind, minutes, hours, limit status (and name if asked)."""
        name = ("name",) if self.include_names else ()
        yield Table(
            "balances",
            ("member", *name, "bank", "kind", "minutes", "hours", "limit_status"),
            [
                (
                    r.member,
                    *((r.display_name,) if self.include_names else ()),
                    r.bank,
                    r.kind,
                    r.minutes,
                    hours(r.minutes),
                    r.status.value,
                )
                for r in self.rows
            ],
            title=f"Balances (sum of all balances: {self.total} minutes)",
        )


@attrs.frozen
class StatementLine:
    """One transfer as it touched a member: the change and the running balance."""

    on: datetime.date
    key: str
    kind: TransferKind
    minutes: int
    balance: int
    counterparties: tuple[str, ...]
    reverses: str | None = None


@attrs.frozen
class StatementReport:
    """A member's statement: every transfer that touched them, oldest first."""

    kind: ClassVar[str] = "timebank"

    member: str
    lines: tuple[StatementLine, ...]

    @property
    def balance(self) -> int:
        """The closing balance in minutes."""
        return self.lines[-1].balance if self.lines else 0

    def tables(self) -> Iterator[Table]:
        """One table: date, key, kind, with whom, minutes, hours, running balance."""
        yield Table(
            "statement",
            ("date", "key", "kind", "with", "minutes", "hours", "balance_minutes", "reverses"),
            [
                (
                    line.on,
                    line.key,
                    line.kind.value,
                    ", ".join(line.counterparties),
                    line.minutes,
                    hours(line.minutes),
                    line.balance,
                    line.reverses or "",
                )
                for line in self.lines
            ],
            title=f"Statement of {self.member} (closing balance {self.balance} minutes)",
        )


def statement(member: str, transfers: Sequence[LedgerTransfer]) -> StatementReport:
    """The statement of ``member`` from the ledger, in recording order."""
    lines = []
    balance = 0
    for transfer in sorted(transfers, key=lambda t: t.id):
        mine = [e for e in transfer.entries if e.member == member]
        if not mine:
            continue
        change = mine[0].minutes
        balance += change
        # With whom: the other side of the entry (the payer for a credit, the payees
        # for a debit); both sides for the rare entry with mixed partners.
        others = tuple(
            e.member
            for e in transfer.entries
            if e.member != member and (e.minutes > 0) != (change > 0)
        )
        lines.append(
            StatementLine(
                transfer.on, transfer.key, transfer.kind, change, balance, others, transfer.reverses
            )
        )
    return StatementReport(member, tuple(lines))


@attrs.frozen
class CheckReport:
    """The result of checking the ledger (``coprod timebank check``)."""

    kind: ClassVar[str] = "timebank"

    transfers: int
    members: int
    total_minutes: int
    problems: tuple[str, ...]

    @property
    def sound(self) -> bool:
        """Whether nothing is wrong."""
        return not self.problems

    def tables(self) -> Iterator[Table]:
        """The figures checked, then one row per problem."""
        yield Table(
            "check",
            ("transfers", "members", "sum_of_balances_minutes", "problems"),
            [(self.transfers, self.members, self.total_minutes, len(self.problems))],
            title="Ledger check: " + ("sound" if self.sound else "PROBLEMS FOUND"),
        )
        yield Table("problems", ("problem",), [(p,) for p in self.problems], title="Problems")


def check_report(
    transfers: Sequence[LedgerTransfer], stored_balances: Mapping[str, int]
) -> CheckReport:
    """Check the ledger and the stored running balances (see :func:`ledger_problems`)."""
    problems = ledger_problems(transfers, stored_balances)
    return CheckReport(
        transfers=len(transfers),
        members=len(stored_balances),
        total_minutes=sum(stored_balances.values()),
        problems=tuple(str(p) for p in problems),
    )


def _earned(entry_minutes: int, kind: TransferKind) -> int:
    """What an entry adds to the hours *given*: credits, or a reversal's negated credits."""
    if kind is TransferKind.REVERSAL:
        return entry_minutes if entry_minutes < 0 else 0
    return entry_minutes if entry_minutes > 0 else 0


@attrs.frozen
class TimebankReport:
    """The picture of a time-bank scheme (``004_…``), aggregates unless names are asked for.

    Tables, main first: hours by bank and month; members by bank (active, earning
    only, spending only); exchanges between banks; requests and offers without a
    match by category; members near or past limits by bank; and, only with
    ``include_names``, the earners who never spend, the spenders who never earn
    and the members near or past limits, by member.
    """

    kind: ClassVar[str] = "timebank"

    by_month: tuple[tuple[str, str, int, int, int], ...]
    members: tuple[tuple[str, int, int, int, int], ...]
    between_banks: tuple[tuple[str, str, int, int], ...]
    unmatched: tuple[tuple[str, int, int, int, int], ...]
    limits: tuple[tuple[str, str, int], ...]
    one_sided: tuple[tuple[str, str, str, int, int, str | None], ...]
    near_limits: tuple[tuple[str, str, int, str, str | None], ...]
    include_names: bool = False
    suppress_below: int = SUPPRESS_BELOW

    def _protected(
        self,
        rows: Sequence[Sequence[int]],
        row_sums: Sequence[Sequence[tuple[int, int]]] = (),
    ) -> list[list[int | None]]:
        if self.include_names:
            width = len(rows[0]) if rows else 0
            totals = [sum(row[c] for row in rows) for c in range(width)]
            return [list(row) for row in [*rows, totals]]
        return protected_counts(rows, threshold=self.suppress_below, row_sums=row_sums)

    def _member_rows(self) -> list[tuple[str | int | None, ...]]:
        if not self.members:
            return []
        counts = self._protected(
            [
                [members, active, members - active, earn, spend, active - earn - spend]
                for _bank, members, active, earn, spend in self.members
            ],
            MEMBER_ROW_SUMS,
        )
        banks = [bank for bank, *_values in self.members] + [ALL_BANKS]
        return [(bank, *row) for bank, row in zip(banks, counts, strict=True)]

    def _limit_rows(self) -> list[tuple[str, str, int | None]]:
        # One column per status: the rows of a bank, the totals per status.
        if not self.limits:
            return []
        statuses = sorted({status for _bank, status, _n in self.limits})
        banks = sorted({bank for bank, _status, _n in self.limits})
        count = {(bank, status): n for bank, status, n in self.limits}
        grid = self._protected([[count.get((b, st), 0) for st in statuses] for b in banks])
        rows: list[tuple[str, str, int | None]] = []
        for bank, cells in zip([*banks, ALL_BANKS], grid, strict=True):
            for status, value in zip(statuses, cells, strict=True):
                # A bank with nobody at a status has no row (its zero is no secret),
                # unless the zero is hidden as a complement: a missing row would show it.
                if bank == ALL_BANKS or (bank, status) in count or value is None:
                    rows.append((bank, status, value))
        return rows

    def _hidden_note(self) -> str:
        if self.include_names:
            return ""
        return (
            f" (counts from 1 to {self.suppress_below - 1} hidden, and enough others "
            "that none can be worked out from the totals)"
        )

    def tables(self) -> Iterator[Table]:
        """The tables described on the class, main table first."""
        yield Table(
            "hours-by-bank-and-month",
            (
                "bank",
                "month",
                "transfers",
                "minutes_exchanged",
                "hours_exchanged",
                "minutes_given_away",
                "hours_given_away",
            ),
            [
                (bank, month, n, given, hours(given), gifts, hours(gifts))
                for bank, month, n, given, gifts in self.by_month
            ],
            title="Hours earned by members of each bank, by month (reversals net off; "
            "gifts and donations apart)",
        )
        yield Table(
            "members-by-bank",
            ("bank", *MEMBER_COLUMNS),
            self._member_rows(),
            title="Members: active (any exchange) or not; active ones earning only, "
            "spending only, or other (both)" + self._hidden_note(),
        )
        yield Table(
            "between-banks",
            ("from_bank", "to_bank", "transfers", "minutes", "hours"),
            [(a, b, n, m, hours(m)) for a, b, n, m in self.between_banks],
            title="Hours paid by members of one bank to members of another",
        )
        yield Table(
            "without-a-match",
            ("category", "offers", "requests", "requests_without_helper", "offers_without_request"),
            [(c, *values) for c, *values in self.unmatched],
            title="Open requests no broker list can meet, and offers no open request asks for",
        )
        yield Table(
            "limits-by-bank",
            ("bank", "limit_status", "members"),
            self._limit_rows(),
            title="Members near or past their bank's limits" + self._hidden_note(),
        )
        if self.include_names:
            yield Table(
                "one-sided-members",
                ("member", "name", "bank", "pattern", "minutes_earned", "minutes_spent"),
                [(m, name, b, p, e, s) for m, b, p, e, s, name in self.one_sided],
                title="Earners who never spend, spenders who never earn",
            )
            yield Table(
                "members-near-limits",
                ("member", "name", "bank", "balance_minutes", "limit_status"),
                [(m, name, b, bal, st) for m, b, bal, st, name in self.near_limits],
                title="Members near or past their bank's limits",
            )


def build_timebank_report(
    banks: Mapping[str, Bank],
    members: Mapping[str, Member],
    transfers: Sequence[LedgerTransfer],
    *,
    offers: Sequence[Offer] = (),
    open_requests: Sequence[Request] = (),
    requests_without_helper: Sequence[str] = (),
    include_names: bool = False,
    suppress_below: int = SUPPRESS_BELOW,
) -> TimebankReport:
    """Build the scheme report from the ledger and the offers and requests.

    ``requests_without_helper`` are the codes of open requests whose broker list
    is shorter than the helpers they need (the caller runs
    :func:`coprod.timebank.suggest_helpers`, which needs the clock-free day of each
    request). Exchanges (and imported history) count as hours exchanged; gifts and
    donations as hours given away; a reversal nets off what it reverses in the
    month it is recorded. A member "earns" with a credit from an exchange and
    "spends" with a debit from one; gifts and donations do not count for either.
    """
    bank_of = {code: m.bank for code, m in members.items()}
    month_cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    between: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    earned: dict[str, int] = defaultdict(int)
    spent: dict[str, int] = defaultdict(int)
    active: set[str] = set()
    kinds = {t.key: t.kind for t in transfers}
    for t in transfers:
        month = t.on.strftime("%Y-%m")
        # A reversal belongs with the kind of what it reverses.
        base_kind = kinds.get(t.reverses, t.kind) if t.reverses else t.kind
        exchange = base_kind in (TransferKind.EXCHANGE, TransferKind.IMPORTED)
        touched: set[str] = set()
        for e in t.entries:
            bank = bank_of.get(e.member, "?")
            amount = _earned(e.minutes, t.kind)
            if amount:
                cell = month_cells[(bank, month)]
                cell[1 if exchange else 2] += amount
                touched.add(bank)
            if exchange:
                # A reversal takes back what its original added to earned and spent.
                if t.kind is TransferKind.REVERSAL:
                    if e.minutes < 0:
                        earned[e.member] += e.minutes
                    else:
                        spent[e.member] -= e.minutes
                elif e.minutes > 0:
                    earned[e.member] += e.minutes
                else:
                    spent[e.member] -= e.minutes
                active.add(e.member)
        if t.kind is not TransferKind.REVERSAL:
            for bank in touched:
                month_cells[(bank, month)][0] += 1
            payers = [e for e in t.entries if e.minutes < 0]
            for payer in payers:
                for payee in (e for e in t.entries if e.minutes > 0):
                    a, b = bank_of.get(payer.member, "?"), bank_of.get(payee.member, "?")
                    if a != b:
                        between[(a, b)][0] += 1
                        between[(a, b)][1] += payee.minutes
    by_month = tuple(
        (bank, month, v[0], v[1], v[2]) for (bank, month), v in sorted(month_cells.items())
    )
    member_rows = []
    one_sided: list[tuple[str, str, str, int, int, str | None]] = []
    for bank in sorted(banks):
        codes = [c for c, m in members.items() if m.bank == bank]
        earn_only = [c for c in codes if earned[c] > 0 and spent[c] == 0]
        spend_only = [c for c in codes if spent[c] > 0 and earned[c] == 0]
        member_rows.append(
            (
                bank,
                len(codes),
                sum(1 for c in codes if c in active),
                len(earn_only),
                len(spend_only),
            )
        )
        for c in sorted(earn_only):
            one_sided.append(
                (c, bank, "earns, never spends", earned[c], 0, members[c].display_name)
            )
        for c in sorted(spend_only):
            one_sided.append((c, bank, "spends, never earns", 0, spent[c], members[c].display_name))
    balances: dict[str, int] = defaultdict(int)
    for t in transfers:
        for e in t.entries:
            balances[e.member] += e.minutes
    limit_counts: dict[tuple[str, str], int] = defaultdict(int)
    near_limits = []
    for code in sorted(members):
        member = members[code]
        status = banks[member.bank].limits.status(balances[code])
        if status is LimitStatus.WITHIN:
            continue
        limit_counts[(member.bank, status.value)] += 1
        near_limits.append((code, member.bank, balances[code], status.value, member.display_name))
    without = set(requests_without_helper)
    categories = sorted({o.category for o in offers} | {r.category for r in open_requests})
    unmatched = []
    for category in categories:
        cat_offers = [o for o in offers if o.category == category]
        cat_requests = [r for r in open_requests if r.category == category]
        asked = {r.category for r in open_requests}
        unused = [
            o
            for o in cat_offers
            if not any(c == o.category or c.startswith(o.category + "/") for c in asked)
        ]
        unmatched.append(
            (
                category,
                len(cat_offers),
                len(cat_requests),
                sum(1 for r in cat_requests if r.code in without),
                len(unused),
            )
        )
    return TimebankReport(
        by_month=by_month,
        members=tuple(member_rows),
        between_banks=tuple((a, b, v[0], v[1]) for (a, b), v in sorted(between.items())),
        unmatched=tuple(unmatched),
        limits=tuple((b, s, n) for (b, s), n in sorted(limit_counts.items())),
        one_sided=tuple(one_sided),
        near_limits=tuple(near_limits),
        include_names=include_names,
        suppress_below=suppress_below,
    )
