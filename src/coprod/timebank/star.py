"""The time bank feeds the Star: its hours are a co-delivery initiative's volunteer hours.

Sources: ``004_2ab9b3d444068e57.txt`` (the Argyll and Bute Timebanks as a
co-production case: members deliver help to one another) and
``002_ea409380ef17158f.txt`` (time banks among the co-delivery examples; Grow it's
business case values volunteer time in money). The hours exchanged in a period
become :attr:`coprod.Initiative.volunteer_hours` of a co-delivery initiative, which
the built-in business-case rule values at the documented rate (£8.00 an hour by
default, from ``001_…``) like any other initiative's volunteer hours.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from coprod.model.assessment import Initiative, InitiativeStatus
from coprod.model.service_model import Level
from coprod.model.star import Co
from coprod.timebank.ledger import LedgerTransfer, TransferKind
from coprod.timebank.reports import hours

__all__ = ["exchanged_minutes", "initiative_fragment", "timebank_initiative"]


def exchanged_minutes(
    transfers: Sequence[LedgerTransfer],
    *,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    members: frozenset[str] | None = None,
) -> int:
    """Minutes of help given in exchanges between ``since`` and ``until`` (both included).

    Exchanges and imported history count; gifts and donations move hours without
    new help being given, so they do not. A reversal takes back what it reverses.
    ``members`` limits the count to credits of those members (one bank, say).
    """
    kinds = {t.key: t.kind for t in transfers}
    total = 0
    for t in transfers:
        if (since is not None and t.on < since) or (until is not None and t.on > until):
            continue
        base = kinds.get(t.reverses, t.kind) if t.reverses else t.kind
        if base not in (TransferKind.EXCHANGE, TransferKind.IMPORTED):
            continue
        for e in t.entries:
            if members is not None and e.member not in members:
                continue
            if t.kind is TransferKind.REVERSAL:
                total += min(e.minutes, 0)
            else:
                total += max(e.minutes, 0)
    return total


def timebank_initiative(
    minutes: int,
    *,
    id: str,
    name: str,
    service: str,
    description: str = "",
    status: InitiativeStatus = InitiativeStatus.EXISTING,
) -> Initiative:
    """A co-delivery initiative whose volunteer hours are the time bank's hours.

    Members are highly involved and professionals (brokers, development workers)
    are too, so the involvement is high on both sides: co-production in the
    seeds' sense (``001_…``, ``002_…``). ``minutes`` is usually
    :func:`exchanged_minutes` over a year, since ``volunteer_hours`` are hours a year.
    """
    if minutes < 0:
        raise ValueError("minutes exchanged cannot be negative")
    return Initiative(
        id=id,
        name=name,
        service=service,
        cos=(Co.DELIVERY,),
        status=status,
        user_involvement=Level.HIGH,
        professional_involvement=Level.HIGH,
        volunteer_hours=float(hours(minutes)),
        description=description
        or f"Time bank: {hours(minutes)} hours exchanged, an hour for an hour (004).",
    )


def initiative_fragment(initiative: Initiative) -> dict[str, Any]:
    """``initiative`` as one ``[[initiatives]]`` table of an assessment document."""
    data: dict[str, Any] = {
        "id": initiative.id,
        "name": initiative.name,
        "service": initiative.service,
        "cos": [co.value for co in initiative.cos],
        "status": initiative.status.value,
        "volunteer_hours": initiative.volunteer_hours,
        "description": initiative.description,
    }
    for key in ("user_involvement", "professional_involvement"):
        value = getattr(initiative, key)
        if value is not None:
            data[key] = value.value if isinstance(value, Level) else value
    return data
