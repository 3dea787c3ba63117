"""The store's tables, as SQLAlchemy Core metadata (the schema Alembic migrations build).

Tables and columns are named to explain themselves to someone who opens the SQLite
file in any client (or Datasette): amounts say their unit (``balance_minutes``),
dates say what they are (``exchanged_on``, ``recorded_at``), and the table
``schema_descriptions`` holds one sentence for every table and column (SQLite keeps
no comments; PostgreSQL gets the same sentences as ``COMMENT``\\ s too).

The time bank's ledger is ``time_transfers`` and ``time_transfer_entries``: rows
there are only ever inserted (database triggers refuse updates and deletes). What
may name a person — members' names, availability, transfer notes — lives in other
tables so that erasing a member's personal data never touches the ledger.

Readings and action plans (the "journey over time") are ``readings``,
``plan_actions`` and ``action_status_changes``: a reading is stored once, with the
SHA-256 of its canonical JSON, and an action's status history is one row per
change. Rows of these tables are only ever inserted too (triggers refuse updates
and deletes).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = [
    "DESCRIPTIONS",
    "action_status_changes",
    "member_availability",
    "member_balances",
    "member_opt_outs",
    "metadata",
    "plan_actions",
    "readings",
    "schema_descriptions",
    "time_bank_members",
    "time_banks",
    "time_offers",
    "time_requests",
    "time_transfer_entries",
    "time_transfer_notes",
    "time_transfers",
]

#: Constraint names follow one pattern, so migrations can name what they change.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

#: One sentence for each table ("") and column: the text of ``schema_descriptions``.
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "time_banks": {
        "": "One time bank (004: seven banks linked in one system).",
        "id": "Row number.",
        "bank_code": "The bank's short code, as used on the command line.",
        "name": "The bank's name.",
        "linked_system": "Banks with the same value are linked: their members exchange hours.",
        "soft_floor_minutes": "A balance below this is flagged (overdraft); empty: no limit.",
        "hard_floor_minutes": "A transfer taking a balance below this is refused.",
        "soft_ceiling_minutes": "A balance above this is flagged (earning, never spending).",
        "hard_ceiling_minutes": "A transfer taking a balance above this is refused.",
        "near_limit_margin_minutes": "Within this many minutes of a limit counts as near it.",
        "min_references": "References needed for tasks that need a reliable helper.",
        "created_at": "When the bank was created in this store (UTC).",
    },
    "time_bank_members": {
        "": "Members: people, voluntary groups and businesses (004).",
        "id": "Row number; the ledger refers to members by it.",
        "member_code": "The member's pseudonymous code (erased-<id> once erased).",
        "bank_id": "The member's bank (time_banks.id).",
        "member_kind": "person, group or business.",
        "display_name": "Name (personal data; empty once erased).",
        "area": "Home area, e.g. a town or island.",
        "references_count": "Satisfactory references received (honesty, punctuality, ...).",
        "protection_check": "Whether a protection (PVG) check is in place.",
        "agreement_signed_on": "Day the members' agreement was signed; empty: not yet.",
        "consents_to_be_asked": "Whether brokers may ask this member to help.",
        "joined_at": "When the member was added to this store (UTC).",
        "erased_at": "When the member's personal data was erased (UTC); empty: not erased.",
    },
    "member_availability": {
        "": "When a member will help; no rows means any time (004: weekends only).",
        "id": "Row number.",
        "member_id": "The member (time_bank_members.id).",
        "weekdays": "Comma-separated days, mon..sun.",
        "from_time": "Start time HH:MM.",
        "until_time": "End time HH:MM (24:00 is the end of the day).",
    },
    "member_opt_outs": {
        "": "Periods a member is not asked at all (004: annual leave).",
        "id": "Row number.",
        "member_id": "The member (time_bank_members.id).",
        "first_day": "First day of the period.",
        "last_day": "Last day of the period (included).",
    },
    "member_balances": {
        "": "Running balance of every member; always the sum of their ledger entries.",
        "member_id": "The member (time_bank_members.id).",
        "balance_minutes": "Balance in minutes (negative: overdraft).",
    },
    "time_offers": {
        "": "What members offer (People it capabilities, 002/004).",
        "id": "Row number.",
        "offer_code": "The offer's code.",
        "member_id": "The member offering (time_bank_members.id).",
        "category": "Category, '/'-separated from broad to narrow (housework/ironing).",
        "area": "Area the help is given in.",
        "also_covers": "Other areas covered, ';'-separated.",
        "anywhere": "Help that needs no travel (an internet search).",
        "capability_level": "does-now or could-do.",
        "capacity": "How many requests it can take at once (0: paused).",
        "created_at": "When the offer was recorded (UTC).",
        "withdrawn_at": "When the offer was withdrawn (UTC); empty: open.",
    },
    "time_requests": {
        "": "What members ask for (People it needs with a day, 004).",
        "id": "Row number.",
        "request_code": "The request's code.",
        "member_id": "The member asking (time_bank_members.id).",
        "category": "Category, as for offers.",
        "area": "Where the help is needed.",
        "wanted_on": "Day the help is wanted.",
        "from_time": "Start time HH:MM, if known.",
        "until_time": "End time HH:MM, if known.",
        "frequency": "one-off or regular.",
        "involves": "nobody-at-risk, children or vulnerable-adults (PVG for regular help).",
        "home_visit": "Whether the help is in the requester's home.",
        "helpers_needed": "1, or 2 when two people are to be sent (004).",
        "needs_reliability": "Whether only a referenced, reliable helper may go.",
        "priority": "low, normal, high or urgent.",
        "request_status": "open, met or withdrawn.",
        "created_at": "When the request was recorded (UTC).",
    },
    "time_transfers": {
        "": "The ledger: one row per transfer, only ever inserted.",
        "id": "Row number, in recording order.",
        "idempotency_key": "Key the caller chose; a retry with the same key is recorded once.",
        "content_sha256": "SHA-256 of the transfer's content, to tell a retry from a clash.",
        "transfer_kind": "exchange, gift, donation, reversal or imported.",
        "exchanged_on": "Day of the exchange.",
        "reverses_transfer_id": "For a reversal: the transfer it undoes (at most once).",
        "recorded_at": "When the transfer was recorded (UTC).",
    },
    "time_transfer_entries": {
        "": "The ledger's double entries; each transfer's minutes sum to zero.",
        "id": "Row number.",
        "transfer_id": "The transfer (time_transfers.id).",
        "member_id": "The member (time_bank_members.id).",
        "minutes": "Minutes added to (positive) or taken from (negative) the member.",
    },
    "time_transfer_notes": {
        "": "Free-text notes of transfers; may name people, so erasable.",
        "transfer_id": "The transfer (time_transfers.id).",
        "note": "The note.",
    },
    "readings": {
        "": "Dated readings (assessment documents) of organisations, stored once, never changed.",
        "id": "Row number, in recording order.",
        "organisation_name": "The organisation's name as the document gives it.",
        "organisation_key": "The name without case or repeated spaces: one organisation's key.",
        "as_of": "The day the reading describes (the document's as_of).",
        "round_label": "The document's round label, e.g. '2025 review'; may be empty.",
        "source_name": "The file name the reading was recorded from (reports name it so).",
        "content_sha256": "SHA-256 of document_json: the same reading recorded twice is one row.",
        "document_json": "The assessment document as coprod's canonical JSON (dump_assessment).",
        "recorded_at": "When the reading was recorded in this store (UTC).",
    },
    "plan_actions": {
        "": "Actions of organisations' action plans, as first recorded (their [[actions]]).",
        "id": "Row number.",
        "organisation_key": "The organisation (readings.organisation_key).",
        "action_code": "The action's id in the documents.",
        "title": "What is to be done, as first recorded.",
        "step": "The step of the Star it serves (map, focus, people, market, grow).",
        "owner_role": "Who owns it, as a role; empty: nobody yet.",
        "due_on": "The day it is due; empty: no date.",
        "first_reading_id": "The reading it was first recorded from (readings.id); empty: by hand.",
        "recorded_at": "When the action was first recorded (UTC).",
    },
    "action_status_changes": {
        "": "Status history of actions: one row per change, never updated.",
        "id": "Row number, in recording order.",
        "action_id": "The action (plan_actions.id).",
        "action_status": "The status from that day: planned, in progress, done or dropped.",
        "changed_on": "The day the status took effect (a reading's as_of, or given by hand).",
        "reading_id": "The reading that showed the change (readings.id); empty: by hand.",
        "recorded_at": "When the change was recorded (UTC).",
    },
    "schema_descriptions": {
        "": "One sentence for every table and column of this database.",
        "table_name": "The table.",
        "column_name": "The column; empty for the table itself.",
        "description": "What it holds.",
    },
}


def _comment(table: str, column: str = "") -> str:
    return DESCRIPTIONS[table][column]


def _col(table: str, name: str, *args: object, **kwargs: object) -> Column[object]:
    return Column(name, *args, comment=_comment(table, name), **kwargs)  # type: ignore[arg-type]


_T = "time_banks"
time_banks = Table(
    _T,
    metadata,
    _col(_T, "id", Integer, primary_key=True),
    _col(_T, "bank_code", String(100), nullable=False, unique=True),
    _col(_T, "name", String(200), nullable=False),
    _col(_T, "linked_system", String(100), nullable=True),
    _col(_T, "soft_floor_minutes", BigInteger, nullable=True),
    _col(_T, "hard_floor_minutes", BigInteger, nullable=True),
    _col(_T, "soft_ceiling_minutes", BigInteger, nullable=True),
    _col(_T, "hard_ceiling_minutes", BigInteger, nullable=True),
    _col(_T, "near_limit_margin_minutes", BigInteger, nullable=False),
    _col(_T, "min_references", Integer, nullable=False),
    _col(_T, "created_at", DateTime(timezone=True), nullable=False),
    comment=_comment(_T),
)

_T = "time_bank_members"
time_bank_members = Table(
    _T,
    metadata,
    _col(_T, "id", Integer, primary_key=True),
    _col(_T, "member_code", String(100), nullable=False, unique=True),
    _col(_T, "bank_id", Integer, ForeignKey("time_banks.id"), nullable=False, index=True),
    _col(_T, "member_kind", String(20), nullable=False),
    _col(_T, "display_name", String(200), nullable=True),
    _col(_T, "area", String(80), nullable=True),
    _col(_T, "references_count", Integer, nullable=False),
    _col(_T, "protection_check", Boolean, nullable=False),
    _col(_T, "agreement_signed_on", Date, nullable=True),
    _col(_T, "consents_to_be_asked", Boolean, nullable=False),
    _col(_T, "joined_at", DateTime(timezone=True), nullable=False),
    _col(_T, "erased_at", DateTime(timezone=True), nullable=True),
    CheckConstraint("member_kind IN ('person', 'group', 'business')", name="member_kind"),
    comment=_comment(_T),
)

_T = "member_availability"
member_availability = Table(
    _T,
    metadata,
    _col(_T, "id", Integer, primary_key=True),
    _col(_T, "member_id", Integer, ForeignKey("time_bank_members.id"), nullable=False, index=True),
    _col(_T, "weekdays", String(27), nullable=False),
    _col(_T, "from_time", String(5), nullable=False),
    _col(_T, "until_time", String(5), nullable=False),
    comment=_comment(_T),
)

_T = "member_opt_outs"
member_opt_outs = Table(
    _T,
    metadata,
    _col(_T, "id", Integer, primary_key=True),
    _col(_T, "member_id", Integer, ForeignKey("time_bank_members.id"), nullable=False, index=True),
    _col(_T, "first_day", Date, nullable=False),
    _col(_T, "last_day", Date, nullable=False),
    comment=_comment(_T),
)

_T = "member_balances"
member_balances = Table(
    _T,
    metadata,
    _col(_T, "member_id", Integer, ForeignKey("time_bank_members.id"), primary_key=True),
    _col(_T, "balance_minutes", BigInteger, nullable=False),
    comment=_comment(_T),
)

_T = "time_offers"
time_offers = Table(
    _T,
    metadata,
    _col(_T, "id", Integer, primary_key=True),
    _col(_T, "offer_code", String(100), nullable=False, unique=True),
    _col(_T, "member_id", Integer, ForeignKey("time_bank_members.id"), nullable=False, index=True),
    _col(_T, "category", String(400), nullable=False),
    _col(_T, "area", String(80), nullable=False),
    _col(_T, "also_covers", Text, nullable=False),
    _col(_T, "anywhere", Boolean, nullable=False),
    _col(_T, "capability_level", String(20), nullable=False),
    _col(_T, "capacity", Integer, nullable=False),
    _col(_T, "created_at", DateTime(timezone=True), nullable=False),
    _col(_T, "withdrawn_at", DateTime(timezone=True), nullable=True),
    comment=_comment(_T),
)

_T = "time_requests"
time_requests = Table(
    _T,
    metadata,
    _col(_T, "id", Integer, primary_key=True),
    _col(_T, "request_code", String(100), nullable=False, unique=True),
    _col(_T, "member_id", Integer, ForeignKey("time_bank_members.id"), nullable=False, index=True),
    _col(_T, "category", String(400), nullable=False),
    _col(_T, "area", String(80), nullable=False),
    _col(_T, "wanted_on", Date, nullable=False),
    _col(_T, "from_time", String(5), nullable=True),
    _col(_T, "until_time", String(5), nullable=True),
    _col(_T, "frequency", String(20), nullable=False),
    _col(_T, "involves", String(20), nullable=False),
    _col(_T, "home_visit", Boolean, nullable=False),
    _col(_T, "helpers_needed", Integer, nullable=False),
    _col(_T, "needs_reliability", Boolean, nullable=False),
    _col(_T, "priority", String(20), nullable=False),
    _col(_T, "request_status", String(20), nullable=False),
    _col(_T, "created_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("request_status IN ('open', 'met', 'withdrawn')", name="request_status"),
    comment=_comment(_T),
)

_T = "time_transfers"
time_transfers = Table(
    _T,
    metadata,
    _col(_T, "id", Integer, primary_key=True),
    _col(_T, "idempotency_key", String(200), nullable=False, unique=True),
    _col(_T, "content_sha256", String(64), nullable=False),
    _col(_T, "transfer_kind", String(20), nullable=False),
    _col(_T, "exchanged_on", Date, nullable=False),
    _col(
        _T,
        "reverses_transfer_id",
        Integer,
        ForeignKey("time_transfers.id"),
        nullable=True,
        unique=True,
    ),
    _col(_T, "recorded_at", DateTime(timezone=True), nullable=False),
    CheckConstraint(
        "transfer_kind IN ('exchange', 'gift', 'donation', 'reversal', 'imported')",
        name="transfer_kind",
    ),
    comment=_comment(_T),
)

_T = "time_transfer_entries"
time_transfer_entries = Table(
    _T,
    metadata,
    _col(_T, "id", Integer, primary_key=True),
    _col(_T, "transfer_id", Integer, ForeignKey("time_transfers.id"), nullable=False, index=True),
    _col(_T, "member_id", Integer, ForeignKey("time_bank_members.id"), nullable=False, index=True),
    _col(_T, "minutes", BigInteger, nullable=False),
    UniqueConstraint("transfer_id", "member_id", name="uq_time_transfer_entries_member"),
    CheckConstraint("minutes <> 0", name="minutes_not_zero"),
    comment=_comment(_T),
)

_T = "time_transfer_notes"
time_transfer_notes = Table(
    _T,
    metadata,
    _col(_T, "transfer_id", Integer, ForeignKey("time_transfers.id"), primary_key=True),
    _col(_T, "note", Text, nullable=False),
    comment=_comment(_T),
)

_T = "schema_descriptions"
schema_descriptions = Table(
    _T,
    metadata,
    _col(_T, "table_name", String(100), primary_key=True),
    _col(_T, "column_name", String(100), primary_key=True),
    _col(_T, "description", Text, nullable=False),
    comment=_comment(_T),
)

_T = "readings"
readings = Table(
    _T,
    metadata,
    _col(_T, "id", Integer, primary_key=True),
    _col(_T, "organisation_name", String(400), nullable=False),
    _col(_T, "organisation_key", String(400), nullable=False),
    _col(_T, "as_of", Date, nullable=False),
    _col(_T, "round_label", String(400), nullable=True),
    _col(_T, "source_name", String(400), nullable=False),
    _col(_T, "content_sha256", String(64), nullable=False, unique=True),
    _col(_T, "document_json", Text, nullable=False),
    _col(_T, "recorded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("organisation_key", "as_of", name="uq_readings_organisation_key_as_of"),
    comment=_comment(_T),
)

_T = "plan_actions"
plan_actions = Table(
    _T,
    metadata,
    _col(_T, "id", Integer, primary_key=True),
    _col(_T, "organisation_key", String(400), nullable=False),
    _col(_T, "action_code", String(200), nullable=False),
    _col(_T, "title", Text, nullable=False),
    _col(_T, "step", String(20), nullable=False),
    _col(_T, "owner_role", String(400), nullable=True),
    _col(_T, "due_on", Date, nullable=True),
    _col(_T, "first_reading_id", Integer, ForeignKey("readings.id"), nullable=True),
    _col(_T, "recorded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint(
        "organisation_key", "action_code", name="uq_plan_actions_organisation_key_action_code"
    ),
    comment=_comment(_T),
)

_T = "action_status_changes"
action_status_changes = Table(
    _T,
    metadata,
    _col(_T, "id", Integer, primary_key=True),
    _col(_T, "action_id", Integer, ForeignKey("plan_actions.id"), nullable=False, index=True),
    _col(_T, "action_status", String(20), nullable=False),
    _col(_T, "changed_on", Date, nullable=False),
    _col(_T, "reading_id", Integer, ForeignKey("readings.id"), nullable=True),
    _col(_T, "recorded_at", DateTime(timezone=True), nullable=False),
    CheckConstraint(
        "action_status IN ('planned', 'in progress', 'done', 'dropped')", name="action_status"
    ),
    comment=_comment(_T),
)
