"""``coprod timebank``: run a time bank on coprod's store (``002_…``, ``004_…``).

Create banks (linked in one system), add members, offers and requests, record
transfers (exchanges, gifts, donations; one-to-one or one-to-many) and reversals,
and read balances, statements, broker suggestions and reports. Every sub-command
takes ``--db FILE_OR_URL`` (an SQLite file is created with its schema on first
use). Reports go through the registered exporters (``-f/-o``); names appear only
with ``--include-names``. See ``docs/timebank.md``.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from typing import TYPE_CHECKING, Any

from coprod.cli.db import add_db_option, database, database_errors, require_store
from coprod.cli.output import add_output_options, terminal_progress, write_report
from coprod.cli.plugin_options import add_plugin_options, plugin_manager
from coprod.errors import CoprodError, InvalidInputError

if TYPE_CHECKING:
    from coprod.store import TimebankStore
    from coprod.timebank import AvailabilityWindow, OptOut

__all__ = ["register"]


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-03-07, got {text!r}") from None


def _duration(text: str) -> int:
    from coprod.timebank import parse_duration

    try:
        return parse_duration(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _window(text: str) -> AvailabilityWindow:
    from coprod.timebank import AvailabilityWindow

    try:
        return AvailabilityWindow.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _opt_out(text: str) -> OptOut:
    from coprod.timebank import OptOut

    first, _, last = text.partition(":")
    try:
        return OptOut(_date(first), _date(last or first))
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _payee(text: str) -> tuple[str, int]:
    member, sep, amount = text.rpartition(":")
    if not sep or not member:
        # "ann:1:30" splits at the last colon; try hours:minutes first.
        raise argparse.ArgumentTypeError(f"expected MEMBER:DURATION (ann:1.5h), got {text!r}")
    head, sep2, tail = member.rpartition(":")
    if sep2 and head and tail.isdigit() and len(amount) == 2:
        return head, _duration(f"{tail}:{amount}")
    return member, _duration(amount)


def _minute_of_day(text: str) -> int:
    hours, sep, minutes = text.partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit():
        raise argparse.ArgumentTypeError(f"expected a time like 09:30, got {text!r}")
    return int(hours) * 60 + int(minutes)


def _store(args: argparse.Namespace) -> TimebankStore:
    require_store()
    from coprod.store import open_timebank

    return open_timebank(database(args))


def _member_details(parser: argparse.ArgumentParser, *, new: bool) -> None:
    if new:
        parser.add_argument("--bank", required=True, help="the member's bank (code)")
        parser.add_argument(
            "--kind",
            choices=("person", "group", "business"),
            default="person",
            help="a person (default), a voluntary group or a business (004: a café)",
        )
        parser.add_argument("--name", help="the member's name (personal data)")
    parser.add_argument("--area", help="home area (a town, island, neighbourhood)")
    parser.add_argument("--references", type=int, metavar="N", help="satisfactory references")
    parser.add_argument(
        "--pvg", action="store_true", default=None, help="a protection (PVG) check is in place"
    )
    parser.add_argument(
        "--agreement-signed",
        type=_date,
        metavar="DATE",
        help="the day the members' agreement was signed",
    )
    parser.add_argument(
        "--no-consent",
        action="store_false",
        dest="consent",
        default=None,
        help="brokers may not ask this member to help",
    )
    parser.add_argument(
        "--available",
        type=_window,
        action="append",
        metavar="WINDOW",
        help="when they help, e.g. 'weekends', 'sat,sun 09:00-17:00'; repeatable (none: any time)",
    )
    parser.add_argument(
        "--opt-out",
        type=_opt_out,
        action="append",
        default=[],
        metavar="FIRST:LAST",
        help="a period not to be asked, e.g. 2026-07-01:2026-07-14; repeatable",
    )


def _report_options(parser: argparse.ArgumentParser, *, names: bool = True) -> None:
    add_output_options(parser, default_format="summary")
    add_plugin_options(parser)
    if names:
        parser.add_argument(
            "--include-names", action="store_true", help="include names (personal data)"
        )


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add ``timebank`` and its sub-commands."""
    timebank = subcommands.add_parser(
        "timebank",
        help="run a time bank: members, transfers, balances, brokers, reports",
        description="An hour for an hour (002, 004): linked banks, members, offers and "
        "requests, a double-entry ledger in minutes, broker suggestions and reports.",
    )
    timebank.set_defaults(handler=lambda _args: _usage(timebank))
    actions = timebank.add_subparsers(dest="timebank_command", metavar="ACTION")

    def action(name: str, help: str, handler: Any) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = actions.add_parser(name, help=help, description=help)
        add_db_option(parser)
        parser.set_defaults(handler=database_errors(handler))
        return parser

    p = action("create-bank", "create a time bank", _create_bank)
    p.add_argument("code", help="the bank's code, e.g. cowal")
    p.add_argument("--name", required=True, help="the bank's name")
    p.add_argument(
        "--linked-system", metavar="SYSTEM", help="banks in the same system exchange hours"
    )
    for limit, text in (
        ("soft-overdraft", "flag balances more than this below zero (e.g. 5h)"),
        ("hard-overdraft", "refuse transfers taking a balance more than this below zero"),
        ("soft-ceiling", "flag balances above this (hours earned, never spent)"),
        ("hard-ceiling", "refuse transfers taking a balance above this"),
    ):
        p.add_argument(f"--{limit}", type=_duration, metavar="DURATION", help=text)
    p.add_argument(
        "--near", type=_duration, default=120, metavar="DURATION", help="near a limit (2h)"
    )
    p.add_argument(
        "--min-references",
        type=int,
        default=2,
        metavar="N",
        help="references needed for tasks that need reliability (default 2)",
    )

    p = action("add-member", "add a member (person, group or business)", _add_member)
    p.add_argument("code", help="the member's pseudonymous code")
    _member_details(p, new=True)

    p = action("update-member", "change what brokers know of a member", _update_member)
    p.add_argument("code")
    _member_details(p, new=False)

    p = action("offer", "record what a member offers", _offer)
    p.add_argument("code", help="the offer's code")
    p.add_argument("--member", required=True)
    p.add_argument("--category", required=True, help="e.g. gardening, housework/ironing")
    p.add_argument("--area", required=True)
    p.add_argument("--also-covers", action="append", default=[], metavar="AREA")
    p.add_argument("--anywhere", action="store_true", help="help that needs no travel")
    p.add_argument("--could-do", action="store_true", help="could do it, does not yet")
    p.add_argument("--capacity", type=int, default=1, help="requests at once (0: paused)")

    p = action("request", "record what a member asks for", _request)
    p.add_argument("code", help="the request's code")
    p.add_argument("--member", required=True)
    p.add_argument("--category", required=True)
    p.add_argument("--area", required=True)
    p.add_argument("--on", type=_date, required=True, metavar="DATE", help="the day wanted")
    p.add_argument("--from", dest="start", type=_minute_of_day, metavar="HH:MM")
    p.add_argument("--until", dest="end", type=_minute_of_day, metavar="HH:MM")
    p.add_argument("--regular", action="store_true", help="a regular match, not one-off")
    p.add_argument(
        "--involves",
        choices=("nobody-at-risk", "children", "vulnerable-adults"),
        default="nobody-at-risk",
    )
    p.add_argument("--home-visit", action="store_true")
    p.add_argument("--two-people", action="store_true", help="send two people (004)")
    p.add_argument("--reliability", action="store_true", help="only a referenced helper")
    p.add_argument("--priority", choices=("low", "normal", "high", "urgent"), default="normal")

    p = action("close-request", "mark a request met or withdrawn", _close_request)
    p.add_argument("code")
    p.add_argument("--status", choices=("met", "withdrawn", "open"), default="met")

    p = action("transfer", "record a transfer of hours (exchange, gift, donation)", _transfer)
    p.add_argument("--key", required=True, help="idempotency key: a retry is recorded once")
    p.add_argument("--from", dest="payer", required=True, help="who pays (was helped, gives)")
    p.add_argument(
        "--to",
        dest="payees",
        type=_payee,
        action="append",
        required=True,
        metavar="MEMBER:DURATION",
        help="who earns and how much (ann:1:30, ann:1.5h, ann:90m); repeat for one-to-many",
    )
    p.add_argument("--kind", choices=("exchange", "gift", "donation"), default="exchange")
    p.add_argument("--on", type=_date, metavar="DATE", help="the day (default: today)")
    p.add_argument("--note", help="a note (erased with the members' personal data)")

    p = action("reverse", "correct a transfer by recording its exact reverse", _reverse)
    p.add_argument("original", metavar="KEY", help="the key of the transfer to reverse")
    p.add_argument("--key", required=True, help="idempotency key of the reversal")
    p.add_argument("--on", type=_date, metavar="DATE", help="the day (default: today)")
    p.add_argument("--note")

    p = action("balances", "every member's balance and limit status", _balances)
    p.add_argument("--bank", action="append", default=[], help="only these banks")
    _report_options(p)

    p = action("statement", "a member's statement", _statement)
    p.add_argument("member")
    _report_options(p, names=False)

    p = action("suggest", "broker suggestions for a request, ranked, with reasons", _suggest)
    p.add_argument("request")
    p.add_argument(
        "--declined",
        action="append",
        default=[],
        metavar="MEMBER",
        help="a member who said no: move on to the next person; repeatable",
    )
    _report_options(p)

    p = action("report", "the scheme's report (aggregates unless names asked for)", _report)
    _report_options(p)

    p = action("check", "check the ledger: entries sum to zero, balances agree", _check)
    _report_options(p, names=False)

    p = action("erase-member", "erase a member's personal data (ledger kept)", _erase)
    p.add_argument("member")
    p.add_argument("--yes", action="store_true", help="confirm")

    p = action("import-timeoverflow", "import TimeOverflow CSV exports", _import)
    p.add_argument("--bank", required=True, help="the bank to import into (must exist)")
    p.add_argument("--members", required=True, metavar="CSV", help="the members export")
    p.add_argument("--transfers", required=True, metavar="CSV", help="the transfers export")
    p.add_argument(
        "--organisation-name", metavar="NAME", help="the bank's account name in the export"
    )

    p = action(
        "initiative",
        "print the bank's hours as a co-delivery [[initiatives]] TOML fragment",
        _initiative,
    )
    p.add_argument("--id", required=True, help="the initiative's id")
    p.add_argument("--name", required=True, help="the initiative's name")
    p.add_argument("--service", required=True, help="the assessment's service id")
    p.add_argument("--bank", action="append", default=[], help="only these banks' hours")
    p.add_argument("--since", type=_date, metavar="DATE")
    p.add_argument("--until", type=_date, metavar="DATE")


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _today(value: datetime.date | None) -> datetime.date:
    return value if value is not None else datetime.date.today()


def _create_bank(args: argparse.Namespace) -> int:
    from coprod.timebank import BalanceLimits, Bank

    try:
        bank = Bank(
            code=args.code,
            name=args.name,
            linked_system=args.linked_system,
            limits=BalanceLimits(
                soft_floor=None if args.soft_overdraft is None else -args.soft_overdraft,
                hard_floor=None if args.hard_overdraft is None else -args.hard_overdraft,
                soft_ceiling=args.soft_ceiling,
                hard_ceiling=args.hard_ceiling,
                near=args.near,
            ),
            min_references=args.min_references,
        )
    except (TypeError, ValueError) as error:
        raise InvalidInputError.single(f"bank {args.code!r}", str(error)) from None
    _store(args).create_bank(bank)
    print(f"created bank {bank.code}")
    return 0


def _add_member(args: argparse.Namespace) -> int:
    from coprod.timebank import Member

    try:
        member = Member(
            code=args.code,
            bank=args.bank,
            kind=args.kind,
            display_name=args.name,
            area=args.area,
            references=args.references or 0,
            protection_check=bool(args.pvg),
            agreement_signed_on=args.agreement_signed,
            consent=args.consent is not False,
            availability=args.available or (),
            opt_outs=args.opt_out,
        )
    except (TypeError, ValueError) as error:
        raise InvalidInputError.single(f"member {args.code!r}", str(error)) from None
    _store(args).add_member(member)
    print(f"added member {member.code} to bank {member.bank}")
    return 0


def _update_member(args: argparse.Namespace) -> int:
    _store(args).update_member(
        args.code,
        references=args.references,
        protection_check=args.pvg,
        agreement_signed_on=args.agreement_signed,
        consent=args.consent,
        area=args.area,
        availability=args.available,
        add_opt_outs=args.opt_out,
    )
    print(f"updated member {args.code}")
    return 0


def _offer(args: argparse.Namespace) -> int:
    from coprod.timebank import Offer

    try:
        offer = Offer(
            code=args.code,
            member=args.member,
            category=args.category,
            area=args.area,
            also_covers=frozenset(args.also_covers),
            anywhere=args.anywhere,
            level="could-do" if args.could_do else "does-now",
            capacity=args.capacity,
        )
    except (TypeError, ValueError) as error:
        raise InvalidInputError.single(f"offer {args.code!r}", str(error)) from None
    _store(args).add_offer(offer)
    print(f"recorded offer {offer.code}")
    return 0


def _request(args: argparse.Namespace) -> int:
    from coprod.timebank import Request

    try:
        request = Request(
            code=args.code,
            member=args.member,
            category=args.category,
            area=args.area,
            on=args.on,
            start=args.start,
            end=args.end,
            frequency="regular" if args.regular else "one-off",
            involves=args.involves,
            home_visit=args.home_visit,
            helpers=2 if args.two_people else 1,
            reliability=args.reliability,
            priority=args.priority,
        )
    except (TypeError, ValueError) as error:
        raise InvalidInputError.single(f"request {args.code!r}", str(error)) from None
    _store(args).add_request(request)
    print(f"recorded request {request.code}")
    return 0


def _close_request(args: argparse.Namespace) -> int:
    _store(args).close_request(args.code, args.status)
    print(f"request {args.code}: {args.status}")
    return 0


_STATUS_TEXT = {
    "near": "near a limit of their bank",
    "past-soft": "past the soft limit of their bank (flagged)",
    "past-hard": "past the hard limit of their bank",
}


def _describe(outcome: Any) -> int:
    from coprod.timebank import format_minutes

    t = outcome.transfer
    verb = "already recorded" if outcome.replayed else "recorded"
    lines = ", ".join(f"{e.member} {'+' if e.minutes > 0 else ''}{e.minutes}" for e in t.entries)
    when = t.on.isoformat()
    print(f"{verb} {t.kind.value} {t.key} on {when}: {format_minutes(t.minutes)} ({lines} minutes)")
    for flag in outcome.flags:
        print(
            f"warning: {flag.member} balance {format_minutes(flag.balance)} is "
            f"{_STATUS_TEXT[flag.status.value]}",
            file=sys.stderr,
        )
    return 0


def _transfer(args: argparse.Namespace) -> int:
    from coprod.timebank import TransferOrder

    try:
        order = TransferOrder.pay(
            args.key,
            args.payer,
            args.payees,
            on=_today(args.on),
            kind=args.kind,
            description=args.note,
        )
    except (TypeError, ValueError) as error:
        raise InvalidInputError.single("transfer", str(error)) from None
    return _describe(_store(args).record_transfer(order))


def _reverse(args: argparse.Namespace) -> int:
    outcome = _store(args).reverse(
        args.original, args.key, on=_today(args.on), description=args.note
    )
    return _describe(outcome)


def _balances(args: argparse.Namespace) -> int:
    from coprod.timebank import BalanceRow, BalancesReport

    store = _store(args)
    members, banks = store.members(), store.banks()
    unknown = [b for b in args.bank if b not in banks]
    if unknown:
        raise InvalidInputError.single("--bank", f"unknown bank {unknown[0]!r}")
    stored = store.stored_balances()
    rows = tuple(
        BalanceRow(
            code,
            m.bank,
            m.kind.value,
            stored.get(code, 0),
            banks[m.bank].limits.status(stored.get(code, 0)),
            m.display_name,
        )
        for code, m in sorted(members.items())
        if not args.bank or m.bank in args.bank
    )
    report = BalancesReport(rows, include_names=args.include_names)
    return write_report(report, args, plugin_manager(args))


def _statement(args: argparse.Namespace) -> int:
    report = _store(args).statement(args.member)
    return write_report(report, args, plugin_manager(args))


def _history(store: TimebankStore, requester: str) -> tuple[dict[str, int], dict[str, int]]:
    """Exchanges each member had with ``requester``, and what each earned in 90 days."""
    from coprod.timebank import TransferKind

    transfers = store.transfers()
    met: dict[str, int] = {}
    recent: dict[str, int] = {}
    latest = max((t.on for t in transfers), default=datetime.date.today())
    for t in transfers:
        if t.kind not in (TransferKind.EXCHANGE, TransferKind.IMPORTED):
            continue
        members = {e.member for e in t.entries}
        if requester in members:
            for other in members - {requester}:
                met[other] = met.get(other, 0) + 1
        if (latest - t.on).days <= 90:
            for e in t.entries:
                if e.minutes > 0:
                    recent[e.member] = recent.get(e.member, 0) + e.minutes
    return met, recent


def _suggest(args: argparse.Namespace) -> int:
    from coprod.timebank import suggest_helpers

    store = _store(args)
    request = store.request(args.request)
    met, recent = _history(store, request.member)
    report = suggest_helpers(
        request,
        store.members(),
        store.offers(),
        store.banks(),
        met_before=met,
        recent_minutes=recent,
        declined=args.declined,
        include_names=args.include_names,
    )
    return write_report(report, args, plugin_manager(args))


def _report(args: argparse.Namespace) -> int:
    from coprod.timebank import build_timebank_report, suggest_helpers

    store = _store(args)
    members, banks, offers = store.members(), store.banks(), store.offers()
    requests = store.requests()
    without = [r.code for r in requests if not suggest_helpers(r, members, offers, banks).enough]
    report = build_timebank_report(
        banks,
        members,
        store.transfers(),
        offers=offers,
        open_requests=requests,
        requests_without_helper=without,
        include_names=args.include_names,
    )
    return write_report(report, args, plugin_manager(args))


def _check(args: argparse.Namespace) -> int:
    report = _store(args).check()
    write_report(report, args, plugin_manager(args))
    if not report.sound:
        print(f"error: the ledger check found {len(report.problems)} problem(s)", file=sys.stderr)
        return 1
    return 0


def _erase(args: argparse.Namespace) -> int:
    if not args.yes:
        raise CoprodError(f"erasing {args.member}'s personal data cannot be undone: add --yes")
    new_code = _store(args).erase_member(args.member)
    print(f"erased the personal data of {args.member}; the ledger keeps the account as {new_code}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from coprod.timebank import (
        convert_timeoverflow,
        read_timeoverflow_members,
        read_timeoverflow_transfers,
    )

    store = _store(args)
    if args.bank not in store.banks():
        raise InvalidInputError.single("--bank", f"unknown bank {args.bank!r}: create it first")
    data = convert_timeoverflow(
        args.bank,
        read_timeoverflow_members(args.members),
        read_timeoverflow_transfers(args.transfers),
        organisation_name=args.organisation_name,
    )
    # One transaction per member and per transfer (10,000 transfers take tens of
    # seconds on SQLite): progress on standard error when it is a terminal.
    with terminal_progress() as progress:
        outcome = store.import_timeoverflow(data, progress=progress)
    print(
        f"imported {outcome.members_added} member(s) and {outcome.transfers_recorded} "
        f"transfer(s); {outcome.transfers_already_there} already there"
    )
    for note in (*outcome.notes, *outcome.balance_mismatches):
        print(f"note: {note}", file=sys.stderr)
    return 0


def _initiative(args: argparse.Namespace) -> int:
    import tomli_w

    from coprod.timebank import exchanged_minutes, initiative_fragment, timebank_initiative

    store = _store(args)
    members = store.members()
    chosen = frozenset(c for c, m in members.items() if m.bank in args.bank) if args.bank else None
    minutes = exchanged_minutes(
        store.transfers(), since=args.since, until=args.until, members=chosen
    )
    try:
        initiative = timebank_initiative(minutes, id=args.id, name=args.name, service=args.service)
    except (TypeError, ValueError) as error:
        raise InvalidInputError.single("initiative", str(error)) from None
    sys.stdout.write(tomli_w.dumps({"initiatives": [initiative_fragment(initiative)]}))
    return 0
