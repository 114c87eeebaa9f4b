"""The database corrupt, full or read-only (issue 12 #2's neighbours), in-process.

Through the bot's real HTTP app (``/healthz``, the Telegram webhook, the PerfectGym
webhook), PTB's Application and the engine on the ordinary loop; the database made corrupt
by garbage written into its file, full by a 1 MiB tmpfs filled up, read-only by a read-only
bind mount (root and ``mount`` needed: ``chmod`` does not stop root). Expected, by DESIGN
§8 and §9: nothing lost (Telegram and PerfectGym are answered 503 and deliver again), a clear
line for the operator, and every update answered once when the database is back.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.app.cli import main
from bot.sandbox import BERLIN_MITTE_API_KEY
from testing.disks import MountRefused, fill, read_only
from testing.store import open_store
from tests.faults.conftest import Telegram
from tests.faults.drive import post_perfectgym, post_update, until
from tests.faults.facts import count, said_texts
from tests.faults.matrix import Observation

pytestmark = pytest.mark.wall_clock  # the store's writer thread and the webhooks' timeouts

AREA = "The database locked, read-only, full or corrupt (issue 12 #2)"
CHAT = 4242
HELP = "/cancel"  # the help lists the commands


def corrupt(database: Path) -> Path:
    """Everything in the file (the WAL checkpointed into it first), then garbage over its
    first pages; returns a copy of the good file (the operator's backup)."""
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    backup = database.with_name("backup.sqlite3")
    shutil.copyfile(database, backup)
    with database.open("r+b") as handle:
        handle.write(b"not a database! " * 1024)
    return backup


@pytest.mark.fault(
    AREA,
    "garbage written into the database file while the bot runs; then the operator restores "
    "the backup and restarts",
    "operator: Telegram and PerfectGym webhooks 503 (both deliver again), /healthz 503 "
    "'error', a log line saying to restore a backup; member: nothing lost: after the restore "
    "and restart, Telegram's redelivery is answered once",
)
async def test_a_corrupt_database(
    telegram: Telegram, observe: Observation, caplog: pytest.LogCaptureFixture
) -> None:
    await telegram.member(CHAT).link()
    update = telegram.fake.message(CHAT, "/help")
    before = len(telegram.texts(CHAT))
    async with telegram.serving() as (_, http):
        backup = corrupt(telegram.database)
        refused = await post_update(http, update)
        health = await http.get("/healthz")
        vendor = await post_perfectgym(http)
    shutil.copyfile(backup, telegram.database)
    await telegram.restart()
    async with telegram.serving() as (_, http):
        again = await post_update(http, update)
        await until(lambda: telegram.store.update_done("telegram", str(update["update_id"])))
        await until(lambda: len(telegram.texts(CHAT)) > before)
    texts = telegram.texts(CHAT)[before:]
    told = "restore it from a backup" in caplog.text
    observe.operator(
        f"while corrupt: Telegram {refused.status_code}, PerfectGym {vendor.status_code}, "
        f"/healthz {health.status_code} {health.json()['status']}; the log says to restore a "
        f"backup: {told}"
    )
    observe.member(f"after the restore and restart: {said_texts(texts)}")
    assert (refused.status_code, vendor.status_code, health.status_code) == (503, 503, 503)
    assert health.json()["status"] == "error" and told
    assert again.status_code == 200
    assert count(texts, HELP) == 1 and len(texts) == 1, texts


@pytest.mark.fault(
    AREA,
    "the disk holding the database fills up while the bot runs; then space is freed",
    "operator: Telegram and PerfectGym webhooks 503 (both deliver again), a log line saying "
    "the disk is full; member: nothing lost: once there is space, Telegram's redelivery is "
    "answered once, without a restart",
)
@pytest.mark.small_disk
async def test_a_full_disk(
    telegram: Telegram, observe: Observation, caplog: pytest.LogCaptureFixture
) -> None:
    await telegram.member(CHAT).link()
    update = telegram.fake.message(CHAT, "/help")
    before = len(telegram.texts(CHAT))
    async with telegram.serving() as (_, http):
        filler = fill(telegram.database.parent)
        refused = await post_update(http, update)
        vendor = await post_perfectgym(http)
        filler.unlink()
        again = await post_update(http, update)
        await until(lambda: telegram.store.update_done("telegram", str(update["update_id"])))
        await until(lambda: len(telegram.texts(CHAT)) > before)
    texts = telegram.texts(CHAT)[before:]
    told = "the disk is full" in caplog.text
    observe.operator(
        f"while full: Telegram {refused.status_code}, PerfectGym {vendor.status_code}; the log "
        f"says the disk is full: {told}"
    )
    observe.member(f"after space was freed: {said_texts(texts)}")
    assert (refused.status_code, vendor.status_code, again.status_code) == (503, 503, 200)
    assert told
    assert count(texts, HELP) == 1 and len(texts) == 1, texts


@pytest.mark.fault(
    AREA,
    "/healthz while the disk holding the database is full",
    "operator: /healthz says the database cannot take writes (503 'degraded', the reason), "
    "as it does for a lock; 'ok' once a write lands again",
)
@pytest.mark.small_disk
async def test_health_while_the_disk_is_full(telegram: Telegram, observe: Observation) -> None:
    async with telegram.serving() as (_, http):
        filler = fill(telegram.database.parent)
        # Space the WAL file already has may still take a write or two, the intake's or the
        # inbox worker's, and health rightly says "ok" after each that lands: ask after each
        # refused update until one is the latest write.
        for _ in range(10):
            refused = await post_update(http, telegram.fake.message(CHAT, "/help"))
            health = await http.get("/healthz")
            if refused.status_code == 503 and health.status_code == 503:
                break
        assert refused.status_code == 503  # a write failed
        filler.unlink()
        await post_update(http, telegram.fake.message(CHAT, "/help"))  # a write that lands
        after = await http.get("/healthz")
    body = health.json()
    observe.operator(
        f"/healthz {health.status_code} {body['status']}, writes: {body['database']['writes']}"
        f"; after space was freed and a write landed: {after.json()['status']}"
    )
    assert health.status_code == 503 and body["status"] == "degraded"
    assert "disk is full" in body["database"]["writes"]
    assert str(telegram.database) not in health.text  # probes see no paths
    assert after.status_code == 200 and after.json()["database"]["writes"] == "ok"


@pytest.mark.fault(
    AREA,
    "`upsell-bot run` on a database behind a read-only mount",
    "operator: start-up stops with exit 2 and one line naming the file and that it cannot be "
    "written; no traceback; the file untouched",
)
def test_a_read_only_database_stops_start_up(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    observe: Observation,
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    open_store(data / "bot.sqlite3").close()
    before = (data / "bot.sqlite3").read_bytes()
    with contextlib.ExitStack() as stack:
        try:
            where = stack.enter_context(read_only(data, tmp_path / "mounted"))
        except MountRefused as exc:
            pytest.skip(f"a read-only database needs a read-only mount: {exc}")
        database = where / "bot.sqlite3"
        monkeypatch.setenv("UPSELL_DB", str(database))
        monkeypatch.setenv("PERFECTGYM_BASE_URL", "http://127.0.0.1:9")
        monkeypatch.setenv("PERFECTGYM_API_KEY", BERLIN_MITTE_API_KEY)
        monkeypatch.chdir(tmp_path)
        code = main(["run"])
        captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    shown = lines[0].replace(str(database), "<database>") if lines else "(nothing)"
    observe.operator(f"exit {code}; {len(lines)} line(s): {shown}")
    assert code == 2 and len(lines) == 1, captured.err
    assert str(database) in lines[0] and "Traceback" not in captured.err + captured.out
    assert (data / "bot.sqlite3").read_bytes() == before
