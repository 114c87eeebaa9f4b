"""The schema as numbered steps, applied in order, each in its own transaction, exactly once.

Never edit or renumber a released step: add a new one. ``schema_migrations`` records which
steps a file has; a file that records a step this code does not know is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.store._codec import time_text
from bot.store._connection import Connection, Params
from bot.store._errors import SchemaTooNew, SchemaUnknown


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


_OPEN = "('intent', 'sent', 'unclear')"

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "chat links, conversations, button tokens, processed deliveries",
        (
            """CREATE TABLE chat_links (
                platform TEXT NOT NULL,
                chat_id TEXT NOT NULL,
                studio TEXT NOT NULL,
                customer_id INTEGER NOT NULL,
                customer_number TEXT,
                contract_id INTEGER,
                language TEXT,
                reminders_enabled INTEGER NOT NULL DEFAULT 0 CHECK (reminders_enabled IN (0, 1)),
                unreachable INTEGER NOT NULL DEFAULT 0 CHECK (unreachable IN (0, 1)),
                linked_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (platform, chat_id)
            )""",
            "CREATE INDEX chat_links_customer ON chat_links (studio, customer_id)",
            """CREATE TABLE conversations (
                platform TEXT NOT NULL,
                chat_id TEXT NOT NULL,
                state TEXT NOT NULL,
                data TEXT NOT NULL DEFAULT '{}',
                version INTEGER NOT NULL CHECK (version >= 1),
                expires_at TEXT,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (platform, chat_id)
            )""",
            "CREATE INDEX conversations_expires ON conversations (expires_at)",
            """CREATE TABLE button_tokens (
                token TEXT PRIMARY KEY,
                platform TEXT NOT NULL,
                chat_id TEXT NOT NULL,
                action TEXT NOT NULL,
                payload TEXT NOT NULL DEFAULT '{}',
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                used_at TEXT
            )""",
            "CREATE INDEX button_tokens_chat ON button_tokens (platform, chat_id)",
            "CREATE INDEX button_tokens_expires ON button_tokens (expires_at)",
            """CREATE TABLE processed_deliveries (
                source TEXT NOT NULL,
                key TEXT NOT NULL,
                processed_at TEXT NOT NULL,
                PRIMARY KEY (source, key)
            )""",
            "CREATE INDEX processed_deliveries_at ON processed_deliveries (processed_at)",
        ),
    ),
    Migration(
        2,
        "operations ledger",
        (
            """CREATE TABLE operations (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL CHECK (kind IN ('purchase', 'cancel', 'withdraw')),
                studio TEXT NOT NULL,
                platform TEXT,
                chat_id TEXT,
                customer_id INTEGER,
                contract_id INTEGER NOT NULL,
                subject TEXT NOT NULL,
                request TEXT NOT NULL DEFAULT '{}',
                status TEXT NOT NULL CHECK (status IN
                    ('intent', 'sent', 'succeeded', 'failed', 'unclear', 'reconciled')),
                outcome TEXT,
                module_contract_id INTEGER,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            f"""CREATE UNIQUE INDEX operations_one_open
                ON operations (studio, contract_id, kind, subject) WHERE status IN {_OPEN}""",
            f"CREATE INDEX operations_open ON operations (updated_at) WHERE status IN {_OPEN}",
            "CREATE INDEX operations_chat ON operations (platform, chat_id)",
        ),
    ),
    Migration(
        3,
        "link codes and attempt counters",
        (
            """CREATE TABLE link_codes (
                code_hash TEXT PRIMARY KEY,
                studio TEXT NOT NULL,
                customer_id INTEGER NOT NULL,
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                used_at TEXT,
                used_by_platform TEXT,
                used_by_chat TEXT
            )""",
            "CREATE INDEX link_codes_customer ON link_codes (studio, customer_id)",
            "CREATE INDEX link_codes_used_by ON link_codes (used_by_platform, used_by_chat)",
            """CREATE TABLE attempts (
                id INTEGER PRIMARY KEY,
                scope TEXT NOT NULL,
                key TEXT NOT NULL,
                at TEXT NOT NULL
            )""",
            "CREATE INDEX attempts_scope_key_at ON attempts (scope, key, at)",
            "CREATE INDEX attempts_at ON attempts (at)",
        ),
    ),
    Migration(
        4,
        "reminder outbox and webhook inbox",
        (
            """CREATE TABLE reminder_outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                key TEXT NOT NULL UNIQUE,
                rule TEXT NOT NULL,
                studio TEXT NOT NULL,
                platform TEXT,
                chat_id TEXT,
                customer_id INTEGER,
                due_at TEXT NOT NULL,
                payload TEXT NOT NULL DEFAULT '{}',
                status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
                    ('pending', 'sending', 'sent', 'skipped', 'failed', 'abandoned')),
                attempts INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                sent_at TEXT,
                detail TEXT
            )""",
            "CREATE INDEX reminder_outbox_due ON reminder_outbox (status, due_at)",
            "CREATE INDEX reminder_outbox_chat ON reminder_outbox (platform, chat_id)",
            """CREATE TABLE webhook_inbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                uuid TEXT NOT NULL UNIQUE,
                studio TEXT NOT NULL,
                entity_id INTEGER,
                event_type TEXT,
                body TEXT NOT NULL,
                received_at TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'received' CHECK (status IN
                    ('received', 'processing', 'processed', 'dropped', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                claimed_at TEXT,
                processed_at TEXT,
                detail TEXT
            )""",
            "CREATE INDEX webhook_inbox_status ON webhook_inbox (status, id)",
        ),
    ),
    Migration(
        5,
        "audit and funnel events",
        (
            """CREATE TABLE audit_events (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                studio TEXT,
                subject TEXT,
                detail TEXT
            )""",
            "CREATE INDEX audit_events_at ON audit_events (at)",
            "CREATE INDEX audit_events_studio_at ON audit_events (studio, at)",
            """CREATE TABLE funnel_events (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL,
                studio TEXT NOT NULL,
                platform TEXT,
                chat_id TEXT,
                customer_id INTEGER,
                contract_id INTEGER,
                event TEXT NOT NULL,
                module_id INTEGER,
                module_name TEXT,
                validation_status TEXT,
                amount TEXT,
                currency TEXT,
                detail TEXT
            )""",
            "CREATE INDEX funnel_events_studio_at ON funnel_events (studio, at)",
            "CREATE INDEX funnel_events_chat ON funnel_events (platform, chat_id)",
        ),
    ),
    Migration(
        6,
        "module contract snapshots and campaigns",
        (
            # What the bot last saw of a linked contract's module contracts, per chat; erased
            # with the chat's link (ON DELETE CASCADE), like every other personal row.
            """CREATE TABLE contract_snapshots (
                platform TEXT NOT NULL,
                chat_id TEXT NOT NULL,
                studio TEXT NOT NULL,
                customer_id INTEGER NOT NULL,
                contract_id INTEGER NOT NULL,
                taken_at TEXT NOT NULL,
                PRIMARY KEY (platform, chat_id),
                FOREIGN KEY (platform, chat_id) REFERENCES chat_links (platform, chat_id)
                    ON DELETE CASCADE
            )""",
            "CREATE INDEX contract_snapshots_taken ON contract_snapshots (taken_at)",
            """CREATE TABLE module_snapshots (
                platform TEXT NOT NULL,
                chat_id TEXT NOT NULL,
                module_contract_id INTEGER NOT NULL,
                name TEXT NOT NULL,
                contract_status TEXT NOT NULL,
                start_date TEXT,
                end_date TEXT,
                cancelation_status TEXT,
                cancelation_date TEXT,
                withdrawable INTEGER NOT NULL DEFAULT 0 CHECK (withdrawable IN (0, 1)),
                trial_end TEXT,
                fingerprint TEXT NOT NULL,
                changed_at TEXT NOT NULL,
                PRIMARY KEY (platform, chat_id, module_contract_id),
                FOREIGN KEY (platform, chat_id) REFERENCES contract_snapshots (platform, chat_id)
                    ON DELETE CASCADE
            )""",
            """CREATE TABLE campaigns (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                studio TEXT NOT NULL,
                module_id INTEGER NOT NULL,
                module_name TEXT NOT NULL,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                language TEXT,
                text TEXT,
                created_at TEXT NOT NULL,
                expanded_at TEXT,
                targets INTEGER
            )""",
            "CREATE INDEX campaigns_due ON campaigns (expanded_at, at)",
        ),
    ),
    Migration(
        7,
        "marketing consent with its time and wording version",
        (
            # reminders_enabled was switched on at linking without asking (an opt-out): it is
            # no consent (UWG § 7, GDPR Art. 7). Each chat where it was on gets an audit row
            # saying so, then everybody starts at "not asked"; the bot asks again.
            """INSERT INTO audit_events (at, actor, action, studio, subject, detail)
            SELECT :now, 'migration:7', 'marketing_consent_reset', studio,
                CAST(customer_id AS TEXT),
                json_object('platform', platform, 'chat_id', chat_id, 'given', json('false'),
                    'reason', 'reminders were on by default at linking; nobody was asked')
            FROM chat_links WHERE reminders_enabled = 1""",
            "ALTER TABLE chat_links RENAME COLUMN reminders_enabled TO marketing_consent",
            "UPDATE chat_links SET marketing_consent = 0",
            "ALTER TABLE chat_links ADD COLUMN consent_at TEXT",
            "ALTER TABLE chat_links ADD COLUMN consent_version TEXT",
        ),
    ),
    Migration(
        8,
        "campaigns can be canceled",
        (
            "ALTER TABLE campaigns ADD COLUMN canceled_at TEXT",
            "ALTER TABLE campaigns ADD COLUMN canceled_by TEXT",
        ),
    ),
)

LATEST_VERSION = MIGRATIONS[-1].version

_BOOTSTRAP = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""


def applied_versions(conn: Connection) -> dict[int, str]:
    """The steps the file records, after checking it is ours and not from a newer bot."""
    tables = {
        row["name"]
        for row in conn.query("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not row["name"].startswith("sqlite_")
    }
    if "schema_migrations" not in tables:
        if tables:
            raise SchemaUnknown(
                conn.path,
                "the file holds tables of another application and no schema_migrations table; "
                "give the bot a database file of its own",
            )
        return {}
    applied = {
        int(row["version"]): str(row["name"])
        for row in conn.query("SELECT version, name FROM schema_migrations")
    }
    top = max(applied, default=0)
    if top > LATEST_VERSION:
        raise SchemaTooNew(conn.path, top, LATEST_VERSION)
    known = {step.version: step.name for step in MIGRATIONS}
    for version, name in sorted(applied.items()):
        if known.get(version) != name:
            raise SchemaUnknown(
                conn.path,
                f"schema step {version} is recorded as {name!r} but this bot calls it "
                f"{known.get(version)!r}; the file comes from a diverged version of the bot",
            )
    return applied


def apply_migrations(conn: Connection, now: datetime, target: int | None = None) -> list[int]:
    """Apply the missing steps up to ``target`` (default: all); return the versions applied."""
    goal = LATEST_VERSION if target is None else target
    if not 0 <= goal <= LATEST_VERSION:
        raise ValueError(f"migration target must be between 0 and {LATEST_VERSION}, got {goal}")
    applied_now: list[int] = []
    for step in MIGRATIONS:
        if step.version > goal:
            break
        with conn.write():
            # Checked again under the write lock: another process may have migrated meanwhile.
            if step.version in applied_versions(conn):
                continue
            conn.execute(_BOOTSTRAP)
            for statement in step.statements:
                params: Params = {"now": time_text(now)} if ":now" in statement else ()
                conn.execute(statement, params)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (step.version, step.name, time_text(now)),
            )
        applied_now.append(step.version)
    return applied_now


def current_version(conn: Connection) -> int:
    return max(applied_versions(conn), default=0)
