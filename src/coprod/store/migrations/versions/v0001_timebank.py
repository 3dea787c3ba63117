"""The time bank: banks, members, offers, requests and the append-only ledger.

Revision ID: 0001_timebank
Revises: (none)
Create Date: 2026-12-01

Creates every table of ``coprod.store.schema`` as of coprod 0.1, fills
``schema_descriptions`` from the tables' comments, and adds triggers that refuse
UPDATE and DELETE on the ledger tables (``time_transfers``,
``time_transfer_entries``). This file is a frozen snapshot: later changes to the
schema come as new revisions, never as edits here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_timebank"
down_revision = None
branch_labels = None
depends_on = None

_LEDGER = ("time_transfers", "time_transfer_entries")
_MESSAGE = "the ledger is append-only: correct a transfer with a reversing transfer"


def upgrade() -> None:
    """Create the tables, their descriptions and the append-only triggers."""
    tables: list[sa.Table] = []
    tables.append(
        op.create_table(
            "schema_descriptions",
            sa.Column("table_name", sa.String(length=100), nullable=False, comment="The table."),
            sa.Column(
                "column_name",
                sa.String(length=100),
                nullable=False,
                comment="The column; empty for the table itself.",
            ),
            sa.Column("description", sa.Text(), nullable=False, comment="What it holds."),
            sa.PrimaryKeyConstraint(
                "table_name", "column_name", name=op.f("pk_schema_descriptions")
            ),
            comment="One sentence for every table and column of this database.",
        )
    )
    tables.append(
        op.create_table(
            "time_banks",
            sa.Column("id", sa.Integer(), nullable=False, comment="Row number."),
            sa.Column(
                "bank_code",
                sa.String(length=100),
                nullable=False,
                comment="The bank's short code, as used on the command line.",
            ),
            sa.Column("name", sa.String(length=200), nullable=False, comment="The bank's name."),
            sa.Column(
                "linked_system",
                sa.String(length=100),
                nullable=True,
                comment="Banks with the same value are linked: their members exchange hours.",
            ),
            sa.Column(
                "soft_floor_minutes",
                sa.BigInteger(),
                nullable=True,
                comment="A balance below this is flagged (overdraft); empty: no limit.",
            ),
            sa.Column(
                "hard_floor_minutes",
                sa.BigInteger(),
                nullable=True,
                comment="A transfer taking a balance below this is refused.",
            ),
            sa.Column(
                "soft_ceiling_minutes",
                sa.BigInteger(),
                nullable=True,
                comment="A balance above this is flagged (earning, never spending).",
            ),
            sa.Column(
                "hard_ceiling_minutes",
                sa.BigInteger(),
                nullable=True,
                comment="A transfer taking a balance above this is refused.",
            ),
            sa.Column(
                "near_limit_margin_minutes",
                sa.BigInteger(),
                nullable=False,
                comment="Within this many minutes of a limit counts as near it.",
            ),
            sa.Column(
                "min_references",
                sa.Integer(),
                nullable=False,
                comment="References needed for tasks that need a reliable helper.",
            ),
            sa.Column(
                "created_at",
                sa.DateTime(timezone=True),
                nullable=False,
                comment="When the bank was created in this store (UTC).",
            ),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_time_banks")),
            sa.UniqueConstraint("bank_code", name=op.f("uq_time_banks_bank_code")),
            comment="One time bank (004: seven banks linked in one system).",
        )
    )
    tables.append(
        op.create_table(
            "time_transfers",
            sa.Column(
                "id", sa.Integer(), nullable=False, comment="Row number, in recording order."
            ),
            sa.Column(
                "idempotency_key",
                sa.String(length=200),
                nullable=False,
                comment="Key the caller chose; a retry with the same key is recorded once.",
            ),
            sa.Column(
                "content_sha256",
                sa.String(length=64),
                nullable=False,
                comment="SHA-256 of the transfer's content, to tell a retry from a clash.",
            ),
            sa.Column(
                "transfer_kind",
                sa.String(length=20),
                nullable=False,
                comment="exchange, gift, donation, reversal or imported.",
            ),
            sa.Column("exchanged_on", sa.Date(), nullable=False, comment="Day of the exchange."),
            sa.Column(
                "reverses_transfer_id",
                sa.Integer(),
                nullable=True,
                comment="For a reversal: the transfer it undoes (at most once).",
            ),
            sa.Column(
                "recorded_at",
                sa.DateTime(timezone=True),
                nullable=False,
                comment="When the transfer was recorded (UTC).",
            ),
            sa.CheckConstraint(
                "transfer_kind IN ('exchange', 'gift', 'donation', 'reversal', 'imported')",
                name=op.f("ck_time_transfers_transfer_kind"),
            ),
            sa.ForeignKeyConstraint(
                ["reverses_transfer_id"],
                ["time_transfers.id"],
                name=op.f("fk_time_transfers_reverses_transfer_id_time_transfers"),
            ),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_time_transfers")),
            sa.UniqueConstraint("idempotency_key", name=op.f("uq_time_transfers_idempotency_key")),
            sa.UniqueConstraint(
                "reverses_transfer_id", name=op.f("uq_time_transfers_reverses_transfer_id")
            ),
            comment="The ledger: one row per transfer, only ever inserted.",
        )
    )
    tables.append(
        op.create_table(
            "time_bank_members",
            sa.Column(
                "id",
                sa.Integer(),
                nullable=False,
                comment="Row number; the ledger refers to members by it.",
            ),
            sa.Column(
                "member_code",
                sa.String(length=100),
                nullable=False,
                comment="The member's pseudonymous code (erased-<id> once erased).",
            ),
            sa.Column(
                "bank_id",
                sa.Integer(),
                nullable=False,
                comment="The member's bank (time_banks.id).",
            ),
            sa.Column(
                "member_kind",
                sa.String(length=20),
                nullable=False,
                comment="person, group or business.",
            ),
            sa.Column(
                "display_name",
                sa.String(length=200),
                nullable=True,
                comment="Name (personal data; empty once erased).",
            ),
            sa.Column(
                "area",
                sa.String(length=80),
                nullable=True,
                comment="Home area, e.g. a town or island.",
            ),
            sa.Column(
                "references_count",
                sa.Integer(),
                nullable=False,
                comment="Satisfactory references received (honesty, punctuality, ...).",
            ),
            sa.Column(
                "protection_check",
                sa.Boolean(),
                nullable=False,
                comment="Whether a protection (PVG) check is in place.",
            ),
            sa.Column(
                "agreement_signed_on",
                sa.Date(),
                nullable=True,
                comment="Day the members' agreement was signed; empty: not yet.",
            ),
            sa.Column(
                "consents_to_be_asked",
                sa.Boolean(),
                nullable=False,
                comment="Whether brokers may ask this member to help.",
            ),
            sa.Column(
                "joined_at",
                sa.DateTime(timezone=True),
                nullable=False,
                comment="When the member was added to this store (UTC).",
            ),
            sa.Column(
                "erased_at",
                sa.DateTime(timezone=True),
                nullable=True,
                comment="When the member's personal data was erased (UTC); empty: not erased.",
            ),
            sa.CheckConstraint(
                "member_kind IN ('person', 'group', 'business')",
                name=op.f("ck_time_bank_members_member_kind"),
            ),
            sa.ForeignKeyConstraint(
                ["bank_id"], ["time_banks.id"], name=op.f("fk_time_bank_members_bank_id_time_banks")
            ),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_time_bank_members")),
            sa.UniqueConstraint("member_code", name=op.f("uq_time_bank_members_member_code")),
            comment="Members: people, voluntary groups and businesses (004).",
        )
    )
    op.create_index(
        op.f("ix_time_bank_members_bank_id"), "time_bank_members", ["bank_id"], unique=False
    )
    tables.append(
        op.create_table(
            "time_transfer_notes",
            sa.Column(
                "transfer_id",
                sa.Integer(),
                nullable=False,
                comment="The transfer (time_transfers.id).",
            ),
            sa.Column("note", sa.Text(), nullable=False, comment="The note."),
            sa.ForeignKeyConstraint(
                ["transfer_id"],
                ["time_transfers.id"],
                name=op.f("fk_time_transfer_notes_transfer_id_time_transfers"),
            ),
            sa.PrimaryKeyConstraint("transfer_id", name=op.f("pk_time_transfer_notes")),
            comment="Free-text notes of transfers; may name people, so erasable.",
        )
    )
    tables.append(
        op.create_table(
            "member_availability",
            sa.Column("id", sa.Integer(), nullable=False, comment="Row number."),
            sa.Column(
                "member_id",
                sa.Integer(),
                nullable=False,
                comment="The member (time_bank_members.id).",
            ),
            sa.Column(
                "weekdays",
                sa.String(length=27),
                nullable=False,
                comment="Comma-separated days, mon..sun.",
            ),
            sa.Column(
                "from_time", sa.String(length=5), nullable=False, comment="Start time HH:MM."
            ),
            sa.Column(
                "until_time",
                sa.String(length=5),
                nullable=False,
                comment="End time HH:MM (24:00 is the end of the day).",
            ),
            sa.ForeignKeyConstraint(
                ["member_id"],
                ["time_bank_members.id"],
                name=op.f("fk_member_availability_member_id_time_bank_members"),
            ),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_member_availability")),
            comment="When a member will help; no rows means any time (004: weekends only).",
        )
    )
    op.create_index(
        op.f("ix_member_availability_member_id"), "member_availability", ["member_id"], unique=False
    )
    tables.append(
        op.create_table(
            "member_balances",
            sa.Column(
                "member_id",
                sa.Integer(),
                nullable=False,
                comment="The member (time_bank_members.id).",
            ),
            sa.Column(
                "balance_minutes",
                sa.BigInteger(),
                nullable=False,
                comment="Balance in minutes (negative: overdraft).",
            ),
            sa.ForeignKeyConstraint(
                ["member_id"],
                ["time_bank_members.id"],
                name=op.f("fk_member_balances_member_id_time_bank_members"),
            ),
            sa.PrimaryKeyConstraint("member_id", name=op.f("pk_member_balances")),
            comment="Running balance of every member; always the sum of their ledger entries.",
        )
    )
    tables.append(
        op.create_table(
            "member_opt_outs",
            sa.Column("id", sa.Integer(), nullable=False, comment="Row number."),
            sa.Column(
                "member_id",
                sa.Integer(),
                nullable=False,
                comment="The member (time_bank_members.id).",
            ),
            sa.Column("first_day", sa.Date(), nullable=False, comment="First day of the period."),
            sa.Column(
                "last_day", sa.Date(), nullable=False, comment="Last day of the period (included)."
            ),
            sa.ForeignKeyConstraint(
                ["member_id"],
                ["time_bank_members.id"],
                name=op.f("fk_member_opt_outs_member_id_time_bank_members"),
            ),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_member_opt_outs")),
            comment="Periods a member is not asked at all (004: annual leave).",
        )
    )
    op.create_index(
        op.f("ix_member_opt_outs_member_id"), "member_opt_outs", ["member_id"], unique=False
    )
    tables.append(
        op.create_table(
            "time_offers",
            sa.Column("id", sa.Integer(), nullable=False, comment="Row number."),
            sa.Column(
                "offer_code", sa.String(length=100), nullable=False, comment="The offer's code."
            ),
            sa.Column(
                "member_id",
                sa.Integer(),
                nullable=False,
                comment="The member offering (time_bank_members.id).",
            ),
            sa.Column(
                "category",
                sa.String(length=400),
                nullable=False,
                comment="Category, '/'-separated from broad to narrow (housework/ironing).",
            ),
            sa.Column(
                "area", sa.String(length=80), nullable=False, comment="Area the help is given in."
            ),
            sa.Column(
                "also_covers",
                sa.Text(),
                nullable=False,
                comment="Other areas covered, ';'-separated.",
            ),
            sa.Column(
                "anywhere",
                sa.Boolean(),
                nullable=False,
                comment="Help that needs no travel (an internet search).",
            ),
            sa.Column(
                "capability_level",
                sa.String(length=20),
                nullable=False,
                comment="does-now or could-do.",
            ),
            sa.Column(
                "capacity",
                sa.Integer(),
                nullable=False,
                comment="How many requests it can take at once (0: paused).",
            ),
            sa.Column(
                "created_at",
                sa.DateTime(timezone=True),
                nullable=False,
                comment="When the offer was recorded (UTC).",
            ),
            sa.Column(
                "withdrawn_at",
                sa.DateTime(timezone=True),
                nullable=True,
                comment="When the offer was withdrawn (UTC); empty: open.",
            ),
            sa.ForeignKeyConstraint(
                ["member_id"],
                ["time_bank_members.id"],
                name=op.f("fk_time_offers_member_id_time_bank_members"),
            ),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_time_offers")),
            sa.UniqueConstraint("offer_code", name=op.f("uq_time_offers_offer_code")),
            comment="What members offer (People it capabilities, 002/004).",
        )
    )
    op.create_index(op.f("ix_time_offers_member_id"), "time_offers", ["member_id"], unique=False)
    tables.append(
        op.create_table(
            "time_requests",
            sa.Column("id", sa.Integer(), nullable=False, comment="Row number."),
            sa.Column(
                "request_code", sa.String(length=100), nullable=False, comment="The request's code."
            ),
            sa.Column(
                "member_id",
                sa.Integer(),
                nullable=False,
                comment="The member asking (time_bank_members.id).",
            ),
            sa.Column(
                "category",
                sa.String(length=400),
                nullable=False,
                comment="Category, as for offers.",
            ),
            sa.Column(
                "area", sa.String(length=80), nullable=False, comment="Where the help is needed."
            ),
            sa.Column("wanted_on", sa.Date(), nullable=False, comment="Day the help is wanted."),
            sa.Column(
                "from_time",
                sa.String(length=5),
                nullable=True,
                comment="Start time HH:MM, if known.",
            ),
            sa.Column(
                "until_time",
                sa.String(length=5),
                nullable=True,
                comment="End time HH:MM, if known.",
            ),
            sa.Column(
                "frequency", sa.String(length=20), nullable=False, comment="one-off or regular."
            ),
            sa.Column(
                "involves",
                sa.String(length=20),
                nullable=False,
                comment="nobody-at-risk, children or vulnerable-adults (PVG for regular help).",
            ),
            sa.Column(
                "home_visit",
                sa.Boolean(),
                nullable=False,
                comment="Whether the help is in the requester's home.",
            ),
            sa.Column(
                "helpers_needed",
                sa.Integer(),
                nullable=False,
                comment="1, or 2 when two people are to be sent (004).",
            ),
            sa.Column(
                "needs_reliability",
                sa.Boolean(),
                nullable=False,
                comment="Whether only a referenced, reliable helper may go.",
            ),
            sa.Column(
                "priority",
                sa.String(length=20),
                nullable=False,
                comment="low, normal, high or urgent.",
            ),
            sa.Column(
                "request_status",
                sa.String(length=20),
                nullable=False,
                comment="open, met or withdrawn.",
            ),
            sa.Column(
                "created_at",
                sa.DateTime(timezone=True),
                nullable=False,
                comment="When the request was recorded (UTC).",
            ),
            sa.CheckConstraint(
                "request_status IN ('open', 'met', 'withdrawn')",
                name=op.f("ck_time_requests_request_status"),
            ),
            sa.ForeignKeyConstraint(
                ["member_id"],
                ["time_bank_members.id"],
                name=op.f("fk_time_requests_member_id_time_bank_members"),
            ),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_time_requests")),
            sa.UniqueConstraint("request_code", name=op.f("uq_time_requests_request_code")),
            comment="What members ask for (People it needs with a day, 004).",
        )
    )
    op.create_index(
        op.f("ix_time_requests_member_id"), "time_requests", ["member_id"], unique=False
    )
    tables.append(
        op.create_table(
            "time_transfer_entries",
            sa.Column("id", sa.Integer(), nullable=False, comment="Row number."),
            sa.Column(
                "transfer_id",
                sa.Integer(),
                nullable=False,
                comment="The transfer (time_transfers.id).",
            ),
            sa.Column(
                "member_id",
                sa.Integer(),
                nullable=False,
                comment="The member (time_bank_members.id).",
            ),
            sa.Column(
                "minutes",
                sa.BigInteger(),
                nullable=False,
                comment="Minutes added to (positive) or taken from (negative) the member.",
            ),
            sa.CheckConstraint(
                "minutes <> 0", name=op.f("ck_time_transfer_entries_minutes_not_zero")
            ),
            sa.ForeignKeyConstraint(
                ["member_id"],
                ["time_bank_members.id"],
                name=op.f("fk_time_transfer_entries_member_id_time_bank_members"),
            ),
            sa.ForeignKeyConstraint(
                ["transfer_id"],
                ["time_transfers.id"],
                name=op.f("fk_time_transfer_entries_transfer_id_time_transfers"),
            ),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_time_transfer_entries")),
            sa.UniqueConstraint("transfer_id", "member_id", name="uq_time_transfer_entries_member"),
            comment="The ledger's double entries; each transfer's minutes sum to zero.",
        )
    )
    op.create_index(
        op.f("ix_time_transfer_entries_member_id"),
        "time_transfer_entries",
        ["member_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_time_transfer_entries_transfer_id"),
        "time_transfer_entries",
        ["transfer_id"],
        unique=False,
    )

    rows = []
    for table in tables:
        rows.append(
            {"table_name": table.name, "column_name": "", "description": table.comment or ""}
        )
        for column in table.columns:
            rows.append(
                {
                    "table_name": table.name,
                    "column_name": column.name,
                    "description": column.comment or "",
                }
            )
    descriptions = next(t for t in tables if t.name == "schema_descriptions")
    op.bulk_insert(descriptions, rows)
    _append_only_triggers()


def _append_only_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in _LEDGER:
            for event in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
                )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION coprod_ledger_is_append_only() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{_MESSAGE}'; END $$"
        )
        for table in _LEDGER:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION coprod_ledger_is_append_only()"
            )


def downgrade() -> None:
    """Drop everything this revision created."""
    dialect = op.get_bind().dialect.name
    for table in _LEDGER:
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        elif dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS coprod_ledger_is_append_only()")
    for table in (
        "time_transfer_notes",
        "time_transfer_entries",
        "time_transfers",
        "time_requests",
        "time_offers",
        "member_balances",
        "member_opt_outs",
        "member_availability",
        "time_bank_members",
        "time_banks",
        "schema_descriptions",
    ):
        op.drop_table(table)
