"""A database that looks lived in: linked members, open conversations and a full outbox.

Written with bulk SQL into a freshly migrated store, so 100,000 members take a second or
two instead of 100,000 turns. Chats of the population are ``telegram`` chats from
``POPULATION_CHAT``, far from the benchmark dialogs' own chats.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.store import Store

POPULATION_CHAT = 50_000_000
POPULATION_CUSTOMER = 5_000_000


@dataclass(frozen=True)
class Population:
    linked: int = 0
    """Members whose chat is linked (chat_links rows)."""
    conversations: int = 0
    """Of those, members in the middle of a dialog (conversations not idle, not expired)."""
    outbox: int = 0
    """Reminder rows waiting in the outbox (a campaign due tomorrow)."""

    def describe(self) -> str:
        return (
            f"{self.linked:,} linked members, {self.conversations:,} open conversations, "
            f"{self.outbox:,} queued reminders"
        )


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def seed_population(path: Path, population: Population, *, now: datetime | None = None) -> None:
    """Migrate ``path`` (if new) and fill it with ``population``, in one transaction."""
    Store.open(path).close()
    moment = now or datetime.now(UTC)
    at, soon, tomorrow = (
        _stamp(moment),
        _stamp(moment + timedelta(minutes=25)),
        _stamp(moment + timedelta(days=1)),
    )
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            "INSERT INTO chat_links (platform, chat_id, studio, customer_id, customer_number,"
            " contract_id, language, marketing_consent, unreachable, linked_at, updated_at)"
            " VALUES ('telegram', ?, 'Berlin Mitte', ?, ?, ?, 'en', 1, 0, ?, ?)",
            (
                (
                    str(POPULATION_CHAT + i),
                    POPULATION_CUSTOMER + i,
                    f"1-{POPULATION_CUSTOMER + i}",
                    1_000_000 + POPULATION_CUSTOMER + i,
                    at,
                    at,
                )
                for i in range(population.linked)
            ),
        )
        connection.executemany(
            "INSERT INTO conversations (platform, chat_id, state, data, version, expires_at,"
            " updated_at) VALUES ('telegram', ?, 'link_await_number', '{}', 1, ?, ?)",
            ((str(POPULATION_CHAT + i), soon, at) for i in range(population.conversations)),
        )
        connection.executemany(
            "INSERT INTO reminder_outbox (key, rule, studio, platform, chat_id, customer_id,"
            " due_at, payload, status, created_at, updated_at)"
            " VALUES (?, 'campaign', 'Berlin Mitte', 'telegram', ?, ?, ?, ?, 'pending', ?, ?)",
            (
                (
                    f"campaign:1:{POPULATION_CUSTOMER + i}",
                    str(POPULATION_CHAT + i),
                    POPULATION_CUSTOMER + i,
                    tomorrow,
                    json.dumps(
                        {
                            "campaign_id": 1,
                            "module_id": 201,
                            "contract_id": 1_000_000 + POPULATION_CUSTOMER + i,
                        }
                    ),
                    at,
                    at,
                )
                for i in range(population.outbox)
            ),
        )
        connection.execute("COMMIT")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


__all__ = ["POPULATION_CHAT", "Population", "seed_population"]
