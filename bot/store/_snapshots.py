"""Module contract snapshots: what the bot last saw of each linked contract's module contracts.

Comparing PerfectGym's current ``moduleContracts`` with the snapshot tells what changed (a
cancelation the studio confirmed, a module added at the desk). ``replace_contract_snapshot``
swaps a chat's snapshot atomically and returns the one it replaced, so when two refreshes
race exactly one of them sees each change; a refresh that read PerfectGym earlier than the
stored snapshot is refused. Rows belong to the chat's link and go with it (ON DELETE CASCADE).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.store._codec import as_bool, parse_time, time_text
from bot.store._connection import Connection
from bot.store._links import _link
from bot.store._models import ChatLink


@dataclass(frozen=True, slots=True, kw_only=True)
class ModuleSnapshot:
    """One module contract as last seen; ``changed_at`` is when its current state was first seen."""

    module_contract_id: int
    name: str
    contract_status: str
    fingerprint: str
    changed_at: datetime
    start_date: date | None = None
    end_date: date | None = None
    cancelation_status: str | None = None
    cancelation_date: date | None = None
    withdrawable: bool = False
    trial_end: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ContractSnapshot:
    """A chat's linked contract and its module contracts as PerfectGym showed them then."""

    platform: str
    chat_id: str
    studio: str
    customer_id: int
    contract_id: int
    taken_at: datetime
    modules: tuple[ModuleSnapshot, ...] = ()

    def module(self, module_contract_id: int) -> ModuleSnapshot | None:
        return next((m for m in self.modules if m.module_contract_id == module_contract_id), None)


@dataclass(frozen=True, slots=True)
class SnapshotSwap:
    """The outcome of ``replace_contract_snapshot``: applied or not, and what was there before."""

    applied: bool
    previous: ContractSnapshot | None


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _day_text(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _module(row: dict[str, Any]) -> ModuleSnapshot:
    return ModuleSnapshot(
        module_contract_id=row["module_contract_id"],
        name=row["name"],
        contract_status=row["contract_status"],
        fingerprint=row["fingerprint"],
        changed_at=parse_time(row["changed_at"]),
        start_date=_day(row["start_date"]),
        end_date=_day(row["end_date"]),
        cancelation_status=row["cancelation_status"],
        cancelation_date=_day(row["cancelation_date"]),
        withdrawable=as_bool(row["withdrawable"]),
        trial_end=_day(row["trial_end"]),
    )


def _snapshot(row: dict[str, Any], modules: Sequence[ModuleSnapshot]) -> ContractSnapshot:
    return ContractSnapshot(
        platform=row["platform"],
        chat_id=row["chat_id"],
        studio=row["studio"],
        customer_id=row["customer_id"],
        contract_id=row["contract_id"],
        taken_at=parse_time(row["taken_at"]),
        modules=tuple(sorted(modules, key=lambda m: m.module_contract_id)),
    )


class ContractSnapshots:
    _conn: Connection

    def contract_snapshot(self, platform: str, chat_id: str) -> ContractSnapshot | None:
        row = self._conn.query_one(
            "SELECT * FROM contract_snapshots WHERE platform = ? AND chat_id = ?",
            (platform, chat_id),
        )
        if row is None:
            return None
        modules = self._conn.query(
            "SELECT * FROM module_snapshots WHERE platform = ? AND chat_id = ?",
            (platform, chat_id),
        )
        return _snapshot(row, [_module(m) for m in modules])

    def contract_snapshots(self, studio: str | None = None) -> list[ContractSnapshot]:
        """Every chat's snapshot (of one studio), for planning reminders; two queries in all."""
        where = "WHERE c.studio = ?" if studio is not None else ""
        params: tuple[str, ...] = (studio,) if studio is not None else ()
        rows = self._conn.query(
            f"SELECT c.* FROM contract_snapshots c {where} ORDER BY c.platform, c.chat_id", params
        )
        modules: dict[tuple[str, str], list[ModuleSnapshot]] = {}
        for row in self._conn.query(
            f"""SELECT m.* FROM module_snapshots m JOIN contract_snapshots c
                ON c.platform = m.platform AND c.chat_id = m.chat_id {where}""",
            params,
        ):
            modules.setdefault((row["platform"], row["chat_id"]), []).append(_module(row))
        return [_snapshot(row, modules.get((row["platform"], row["chat_id"]), [])) for row in rows]

    def replace_contract_snapshot(
        self,
        platform: str,
        chat_id: str,
        *,
        customer_id: int,
        contract_id: int,
        taken_at: datetime,
        modules: Sequence[ModuleSnapshot],
    ) -> SnapshotSwap:
        """Store what PerfectGym showed at ``taken_at`` for the chat's linked contract.

        Not applied when the chat is no longer linked to that customer and contract, or when
        the stored snapshot was taken after ``taken_at`` (a later refresh won the race).
        """
        conn = self._conn
        with conn.write():
            link = conn.query_one(
                "SELECT studio, customer_id, contract_id FROM chat_links "
                "WHERE platform = ? AND chat_id = ?",
                (platform, chat_id),
            )
            if link is None or (link["customer_id"], link["contract_id"]) != (
                customer_id,
                contract_id,
            ):
                return SnapshotSwap(False, None)
            previous = self.contract_snapshot(platform, chat_id)
            if previous is not None and previous.taken_at > taken_at:
                return SnapshotSwap(False, previous)
            conn.execute(
                """INSERT INTO contract_snapshots
                    (platform, chat_id, studio, customer_id, contract_id, taken_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (platform, chat_id) DO UPDATE SET studio = excluded.studio,
                    customer_id = excluded.customer_id, contract_id = excluded.contract_id,
                    taken_at = excluded.taken_at""",
                (platform, chat_id, link["studio"], customer_id, contract_id, time_text(taken_at)),
            )
            conn.execute(
                "DELETE FROM module_snapshots WHERE platform = ? AND chat_id = ?",
                (platform, chat_id),
            )
            for module in modules:
                conn.execute(
                    """INSERT INTO module_snapshots (platform, chat_id, module_contract_id, name,
                        contract_status, start_date, end_date, cancelation_status,
                        cancelation_date, withdrawable, trial_end, fingerprint, changed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    (
                        platform,
                        chat_id,
                        module.module_contract_id,
                        module.name,
                        module.contract_status,
                        _day_text(module.start_date),
                        _day_text(module.end_date),
                        module.cancelation_status,
                        _day_text(module.cancelation_date),
                        int(module.withdrawable),
                        _day_text(module.trial_end),
                        module.fingerprint,
                        time_text(module.changed_at),
                    ),
                )
        return SnapshotSwap(True, previous)

    def links_to_refresh(self, older_than: datetime, limit: int) -> list[ChatLink]:
        """Linked chats without a snapshot, then those with the oldest one before ``older_than``."""
        rows = self._conn.query(
            """SELECT l.* FROM chat_links l LEFT JOIN contract_snapshots c
                ON c.platform = l.platform AND c.chat_id = l.chat_id
            WHERE l.contract_id IS NOT NULL AND (c.taken_at IS NULL OR c.taken_at < ?)
            ORDER BY c.taken_at IS NOT NULL, c.taken_at, l.linked_at LIMIT ?""",
            (time_text(older_than), limit),
        )
        return [_link(row) for row in rows]
