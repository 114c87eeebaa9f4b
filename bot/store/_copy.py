"""Moving a SQLite database to PostgreSQL: every table, row for row, ids kept.

``upsell-bot migrate --copy-from FILE``. The source must be at this bot's schema version (the
bot migrates its file at start, so a file it last ran on is); it is read inside one write
transaction, so nothing changes under the copy. The target is migrated, must hold no rows,
and receives everything in one transaction (``COPY``), after which each identity sequence
continues after the highest id copied.
"""

from __future__ import annotations

from pathlib import Path

from bot.store._connection import SqliteConnection
from bot.store._migrations import LATEST_VERSION, created_tables
from bot.store._pg_connection import PgConnection
from bot.store._store import Store


class CopyRefused(Exception):
    """The copy was not started: the source or the target is not as it must be."""


def copy_sqlite_to_postgres(source: Path, url: str) -> list[tuple[str, int]]:
    """Copy every table of the SQLite file into the empty PostgreSQL database at ``url``.

    Returns (table, rows copied) in copy order. Raises ``CopyRefused`` or a ``StoreError``.
    """
    if not source.is_file():
        raise CopyRefused(f"{source} is no SQLite database file")
    origin = Store.open(source, migrate=False)
    try:
        version = origin.schema_version()
        if version != LATEST_VERSION:
            raise CopyRefused(
                f"{source} is at schema version {version}, not {LATEST_VERSION}: bring it up to "
                f"date first (UPSELL_DB={source} upsell-bot migrate), then copy"
            )
        target = Store.connect(url)
        try:
            assert isinstance(origin._conn, SqliteConnection)
            assert isinstance(target._conn, PgConnection)
            return _copy(origin._conn, target._conn)
        finally:
            target.close()
    finally:
        origin.close()


def _copy(origin: SqliteConnection, target: PgConnection) -> list[tuple[str, int]]:
    tables = [name for name in created_tables() if name != "schema_migrations"]
    copied: list[tuple[str, int]] = []
    with origin.write(), target.write():
        target.execute(f"LOCK TABLE {', '.join(tables)} IN EXCLUSIVE MODE")
        for table in tables:
            row = target.query_one(f"SELECT count(*) AS n FROM {table}")
            if row and row["n"]:
                raise CopyRefused(
                    f"the target database is not empty ({table} has {row['n']} rows); "
                    "copy into a new, empty database"
                )
        for table in tables:
            columns = ", ".join(_columns(target, table))
            rows = 0
            cursor = origin.db.conn.execute(f"SELECT {columns} FROM {table}")
            with target.raw.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in cursor:
                    copy.write_row(values)
                    rows += 1
            copied.append((table, rows))
        for found in target.query(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND is_identity = 'YES'"
        ):
            table, column = found["table_name"], found["column_name"]
            target.execute(
                f"SELECT setval(pg_get_serial_sequence(?, ?), "
                f"(SELECT COALESCE(max({column}), 0) + 1 FROM {table}), false)",
                (table, column),
            )
    return copied


def _columns(target: PgConnection, table: str) -> list[str]:
    """The table's columns as PostgreSQL has them (SQLite answers to each, ``rowid`` too)."""
    rows = target.query(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
        (table,),
    )
    return [str(row["column_name"]) for row in rows]


__all__ = ["CopyRefused", "copy_sqlite_to_postgres"]
