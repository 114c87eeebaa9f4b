"""``upsell-bot migrate``: bring the database's schema up to date, or move a SQLite file into
an empty PostgreSQL database (``--copy-from FILE``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from bot.app.runtime import open_sync_store
from bot.config import ConfigError, Settings


def migrate_command(
    settings: Settings, *, copy_from: Path | None = None, out: TextIO | None = None
) -> int:
    """Migrate (the schema version is printed), or copy and print the rows per table."""
    out = out or sys.stdout
    if copy_from is not None:
        return _copy(settings, copy_from, out)
    store = open_sync_store(settings)
    try:
        print(f"{settings.database_label}: schema version {store.schema_version()}", file=out)
    finally:
        store.close()
    return 0


def _copy(settings: Settings, source: Path, out: TextIO) -> int:
    url = settings.postgres_url
    if url is None:
        raise ConfigError(
            "--copy-from copies a SQLite file into PostgreSQL: set UPSELL_DB (or DATABASE_URL) "
            "to the postgresql:// URL of an empty database"
        )
    from bot.store import CopyRefused, StoreError, copy_sqlite_to_postgres

    try:
        copied = copy_sqlite_to_postgres(source, url)
    except CopyRefused as exc:
        raise ConfigError(f"copy refused: {exc}") from None
    except StoreError as exc:
        raise ConfigError(settings.redact(str(exc))) from None
    width = max(len(table) for table, _ in copied)
    print(f"copied {source} into {settings.database_label}:", file=out)
    for table, rows in copied:
        print(f"  {table:<{width}}  {rows:>9} rows", file=out)
    print(f"{sum(rows for _, rows in copied)} rows in {len(copied)} tables", file=out)
    return 0
