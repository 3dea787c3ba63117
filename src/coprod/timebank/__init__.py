"""The time bank: an hour for an hour, linked banks, brokers (``002_…``, ``004_…``).

Seeds ``002_ea409380ef17158f.txt`` (West Edinburgh Time Bank) and
``004_2ab9b3d444068e57.txt`` (the Argyll and Bute Timebanks: 1,406 members in seven
linked banks, time brokers) describe a co-delivery system in working detail. This
package is its pure model: banks, members and their availability, offers and
requests (People it's capabilities and needs), a double-entry ledger in whole
minutes with idempotency keys and balance limits, broker suggestions that reuse
:mod:`coprod.people` matching under the time bank's hard constraints, reports of
kind ``timebank``, the import of TimeOverflow exports, and the initiative that
carries the bank's hours to the Star.

Persistence is :mod:`coprod.store` (SQLAlchemy, optional extra ``coprod[store]``);
nothing here imports it. See ``docs/timebank.md``.
"""

from __future__ import annotations

from coprod.timebank.broker import (
    BrokerList,
    Excluded,
    Suggestion,
    request_need,
    suggest_helpers,
)
from coprod.timebank.ledger import (
    Entry,
    HardLimitError,
    IdempotencyConflictError,
    LedgerTransfer,
    LimitFlag,
    TransferKind,
    TransferOrder,
    TransferRefusedError,
    assess_transfer,
    balances,
    ledger_problems,
)
from coprod.timebank.model import (
    MINUTES_PER_HOUR,
    AvailabilityWindow,
    BalanceLimits,
    Bank,
    Involves,
    LimitStatus,
    Member,
    MemberKind,
    Offer,
    OptOut,
    Request,
    Weekday,
    format_minutes,
    parse_duration,
)
from coprod.timebank.reports import (
    BalanceRow,
    BalancesReport,
    CheckReport,
    StatementReport,
    TimebankReport,
    build_timebank_report,
    check_report,
    hours,
    statement,
)
from coprod.timebank.star import exchanged_minutes, initiative_fragment, timebank_initiative
from coprod.timebank.timeoverflow import (
    TimeOverflowImport,
    convert_timeoverflow,
    read_timeoverflow_members,
    read_timeoverflow_transfers,
)

__all__ = [
    "MINUTES_PER_HOUR",
    "AvailabilityWindow",
    "BalanceLimits",
    "BalanceRow",
    "BalancesReport",
    "Bank",
    "BrokerList",
    "CheckReport",
    "Entry",
    "Excluded",
    "HardLimitError",
    "IdempotencyConflictError",
    "Involves",
    "LedgerTransfer",
    "LimitFlag",
    "LimitStatus",
    "Member",
    "MemberKind",
    "Offer",
    "OptOut",
    "Request",
    "StatementReport",
    "Suggestion",
    "TimeOverflowImport",
    "TimebankReport",
    "TransferKind",
    "TransferOrder",
    "TransferRefusedError",
    "Weekday",
    "assess_transfer",
    "balances",
    "build_timebank_report",
    "check_report",
    "convert_timeoverflow",
    "exchanged_minutes",
    "format_minutes",
    "hours",
    "initiative_fragment",
    "ledger_problems",
    "parse_duration",
    "read_timeoverflow_members",
    "read_timeoverflow_transfers",
    "request_need",
    "statement",
    "suggest_helpers",
    "timebank_initiative",
]
