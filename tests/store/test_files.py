"""The database file: WAL, busy waiting, transactions, and clear errors for unusable files."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import tempfile
import threading
import warnings
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.store import (
    ChatLink,
    ChatUpdate,
    SqliteStore,
    Store,
    StoreBusy,
    StoreCorrupt,
    StoreError,
    StoreReadOnly,
    StoreUnavailable,
)
from tests.store.conftest import OpenStore, raw_sql

NOBODY = 65534


def _link(now: datetime, chat_id: str = "42") -> ChatLink:
    return ChatLink(
        platform="telegram",
        chat_id=chat_id,
        studio="berlin",
        customer_id=7,
        contract_id=1000,
        linked_at=now,
        updated_at=now,
    )


def test_wal_mode_is_on_and_recorded_in_the_file(store: Store, db_path: Path) -> None:
    assert raw_sql(db_path, "PRAGMA journal_mode") == [("wal",)]
    assert db_path.with_name(db_path.name + "-wal").exists()


def test_connection_enforces_foreign_keys_and_waits_when_busy(store: Store) -> None:
    conn = store._conn.db.conn  # the pragmas are per connection, so look at ours
    assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert conn.execute("PRAGMA busy_timeout").fetchone() == (5000,)


@pytest.fixture
def other_writer(db_path: Path, store: Store) -> Iterator[sqlite3.Connection]:
    """A plain connection holding the write lock, like another process mid-transaction."""
    conn = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")
    yield conn
    if conn.in_transaction:
        conn.execute("ROLLBACK")
    conn.close()


def test_writer_waits_for_another_process(
    store: Store, other_writer: sqlite3.Connection, now: datetime
) -> None:
    threading.Timer(0.2, other_writer.execute, ("COMMIT",)).start()
    assert store.mark_processed("telegram", "1", now) is True


@pytest.fixture
def impatient(open_store: OpenStore, store: Store) -> Store:
    return open_store(busy_timeout_ms=50)


def test_lock_held_too_long_is_a_retryable_store_busy(
    db_path: Path, impatient: Store, other_writer: sqlite3.Connection, now: datetime
) -> None:
    with pytest.raises(StoreBusy) as info:
        impatient.mark_processed("telegram", "1", now)
    assert info.value.retryable and str(db_path) in str(info.value)
    other_writer.execute("COMMIT")
    assert impatient.mark_processed("telegram", "1", now) is True


def test_transaction_rolls_back_everything_on_error(store: Store, now: datetime) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.save_link(_link(now))
        store.mark_processed("telegram", "1", now)
        raise RuntimeError("boom")
    assert store.get_link("telegram", "42") is None
    assert store.mark_processed("telegram", "1", now) is True


def test_nested_failure_rolls_back_only_the_inner_block(store: Store, now: datetime) -> None:
    with store.transaction():
        store.save_link(_link(now, "1"))
        with pytest.raises(RuntimeError), store.transaction():
            store.save_link(_link(now, "2"))
            raise RuntimeError("inner")
    assert store.get_link("telegram", "1") is not None
    assert store.get_link("telegram", "2") is None


def test_one_store_is_safe_to_share_between_threads(store: Store, now: datetime) -> None:
    results: list[bool] = []
    lock = threading.Lock()

    def worker() -> None:
        for key in range(20):
            first = store.mark_processed("telegram", str(key), now)
            with lock:
                results.append(first)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 20 and len(results) == 80


def test_naive_times_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="time zone"):
        store.mark_processed("telegram", "1", datetime(2026, 11, 26, 10, 0))


def test_random_bytes_are_reported_as_corrupt_and_kept(db_path: Path) -> None:
    garbage = os.urandom(16384)
    db_path.write_bytes(garbage)
    with pytest.raises(StoreCorrupt) as info:
        Store.open(db_path)
    assert str(db_path) in str(info.value) and "backup" in str(info.value)
    assert db_path.read_bytes() == garbage


def test_damaged_pages_are_reported_as_corrupt(db_path: Path, now: datetime) -> None:
    with Store.open(db_path) as store:
        store.save_link(_link(now))
    data = bytearray(db_path.read_bytes())
    data[4096:] = os.urandom(len(data) - 4096)
    db_path.write_bytes(bytes(data))
    with pytest.raises(StoreCorrupt, match="damaged"):
        with Store.open(db_path) as store:
            store.all_links()


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda tmp: tmp / "missing" / "bot.db", "does not exist"),
        (lambda tmp: _file(tmp / "a-file") / "bot.db", "is not a directory"),
        (lambda tmp: tmp, "is a directory"),
    ],
    ids=["missing-directory", "parent-is-a-file", "path-is-a-directory"],
)
def test_unusable_paths_name_the_path_and_the_fix(tmp_path: Path, make: object, says: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(StoreUnavailable, match=says) as info:
        Store.open(path)
    assert str(path) in str(info.value)


def _file(path: Path) -> Path:
    path.write_text("not a directory")
    return path


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory an unprivileged user can enter (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="store-ro-"))
    path.chmod(0o755)
    yield path
    path.chmod(0o755)
    for child in path.iterdir():
        child.chmod(0o644)
        child.unlink()
    path.rmdir()


def _open_without_privileges(path: Path) -> str:
    """Try Store.open as a user without rights (root ignores modes, so drop to nobody)."""
    if os.geteuid() != 0:
        try:
            Store.open(path).close()
        except StoreError as exc:
            return f"{type(exc).__name__}: {exc}"
        return "opened"
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():  # 3.12+ warns on fork with threads; the child only opens
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        outcome = "child failed"
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            try:
                Store.open(path).close()
                outcome = "opened"
            except StoreError as exc:
                outcome = f"{type(exc).__name__}: {exc}"
        finally:
            os.write(write_end, outcome.encode())
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        outcome = pipe.read().decode()
    os.waitpid(pid, 0)
    return outcome


def test_read_only_file_is_reported(shared_dir: Path) -> None:
    path = shared_dir / "bot.db"
    Store.open(path).close()
    path.chmod(0o444)
    shared_dir.chmod(0o777)
    outcome = _open_without_privileges(path)
    assert outcome.startswith(f"{StoreReadOnly.__name__}: ")
    assert str(path) in outcome and "permissions" in outcome


def test_read_only_directory_is_reported(shared_dir: Path) -> None:
    shared_dir.chmod(0o555)
    path = shared_dir / "bot.db"
    outcome = _open_without_privileges(path)
    assert outcome.startswith(f"{StoreReadOnly.__name__}: ")
    assert str(path) in outcome and "directory" in outcome
    assert not path.exists()


async def test_a_small_write_runs_without_a_thread_and_waits_its_turn_when_the_lock_is_taken(
    db_path: Path, store: Store, now: datetime
) -> None:
    """A turn's final write skips the writer thread while the lock is free; while another
    process holds it, the write neither fails at once nor blocks the event loop: it waits on
    the writer thread, and lands once the lock is released."""
    backend = SqliteStore.open(db_path)
    other_writer = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other_writer.execute("BEGIN IMMEDIATE")
    threads: list[int] = []
    inline = backend._inline
    assert inline is not None
    inline[1].db.conn.set_trace_callback(lambda _: threads.append(threading.get_ident()))
    try:
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        ticker = asyncio.create_task(tick())
        threading.Timer(0.3, other_writer.execute, ("COMMIT",)).start()
        await backend.receive_updates([_update("1")], now, timedelta(seconds=30))
        assert ticks >= 10  # the loop ran on while the write waited for the lock
        assert backend.sync.update_done("telegram", "1") is False
        threads.clear()
        await backend.end_update("telegram", "1", "done", now)
        ticker.cancel()
        assert backend.sync.update_done("telegram", "1") is True
        assert set(threads) == {threading.get_ident()}  # on the loop's thread, no hop
    finally:
        backend.close()
        other_writer.close()


def _update(key: str) -> ChatUpdate:
    return ChatUpdate(platform="telegram", key=key, chat_id="42", body={"update_id": int(key)})
