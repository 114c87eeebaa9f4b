"""Three ``upsell-bot run`` processes on one PostgreSQL database (issue 11): real processes,
real HTTP, one sandbox, one fake Telegram that judges them all together."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bot.sandbox import (
    BERLIN_MITTE_API_KEY,
    BERLIN_MITTE_WEBHOOK_KEY,
    Sandbox,
    seed_members,
    serve_sandbox,
)
from bot.store import ChatLink, ReminderStatus, Store
from conversations.consent import CONSENT_VERSION
from testing.processes import command
from testing.replicas import Replica, bot_env, served_bot_api, until
from testing.telegram import FakeBotApi

CHAT = 5151
MEMBERS = 1000
FIRST_CHAT = 600_000


@dataclass
class Cluster:
    replicas: list[Replica]
    fake: FakeBotApi
    sandbox: Sandbox
    database: str
    env: dict[str, str]
    cwd: Path

    def store(self) -> Store:
        return Store.connect(self.database, migrate=False)

    def sent(self, chat: int) -> int:
        """Bot API calls that showed the member something (new messages and edits)."""
        return sum(
            1
            for call in self.fake.calls
            if call.method in ("sendMessage", "editMessageText")
            and str(call.params.get("chat_id")) == str(chat)
            and call.status == 200
        )

    async def deliver(self, replica: Replica, update: dict[str, Any], chat: int = CHAT) -> None:
        """One webhook delivery; returns once the member got the answer (and no more came)."""
        before = self.sent(chat)
        response = await replica.telegram(update)
        assert response.status_code == 200, response.text
        await until(lambda: self.sent(chat) > before, what=f"an answer from {replica.name}")
        await self.settled(chat)

    async def settled(self, chat: int, quiet: float = 0.3) -> None:
        seen = -1
        while seen != self.sent(chat):
            seen = self.sent(chat)
            await asyncio.sleep(quiet)

    def texts(self, chat: int = CHAT) -> list[str]:
        return [m.text for m in self.fake.bot_messages(chat)]


@contextlib.asynccontextmanager
async def cluster(
    sandbox: Sandbox,
    database: str,
    tmp_path: Path,
    *,
    replicas: int = 3,
    webhook: bool = True,
    extra: dict[str, str] | None = None,
    config: str | None = None,
) -> AsyncIterator[Cluster]:
    """``config``: TOML settings for ``upsell-bot.toml`` beside the studio's own table (the
    studio then comes from that file, not from ``PERFECTGYM_*``)."""
    fake = FakeBotApi()
    async with serve_sandbox(sandbox) as sandbox_url, served_bot_api(fake) as telegram_url:
        env = bot_env(
            database=database,
            sandbox_url=sandbox_url,
            api_key=BERLIN_MITTE_API_KEY,
            webhook_key=BERLIN_MITTE_WEBHOOK_KEY,
            telegram_url=telegram_url,
            token=fake.token,
            webhook=webhook,
            extra=extra,
        )
        if config is not None:
            studio = {k: env.pop(f"PERFECTGYM_{k.upper()}") for k in ("base_url", "studio_name")}
            env["STUDIO_API_KEY"] = env.pop("PERFECTGYM_API_KEY")
            env["STUDIO_WEBHOOK_KEY"] = env.pop("PERFECTGYM_WEBHOOK_KEY")
            (tmp_path / "upsell-bot.toml").write_text(
                f'{config}\n[[studios]]\nname = "{studio["studio_name"]}"\n'
                f'base_url = "{studio["base_url"]}"\napi_key_env = "STUDIO_API_KEY"\n'
                'webhook_key_env = "STUDIO_WEBHOOK_KEY"\n'
                'quiet_hours_start = "00:00"\nquiet_hours_end = "00:00"\n'
                "requests_per_minute = 6000\n"
            )
        started = await asyncio.gather(
            *(Replica.start(env, tmp_path, name=f"replica-{n}") for n in range(replicas))
        )
        running = Cluster(list(started), fake, sandbox, database, env, tmp_path)
        try:
            yield running
        finally:
            await asyncio.gather(*(r.kill() for r in running.replicas), return_exceptions=True)
            for replica in running.replicas:
                assert "Traceback" not in replica.log, replica.log


async def link_and_confirm(c: Cluster, chat: int = CHAT) -> dict[str, Any]:
    """Link, then walk to the booking confirmation, each step on the next replica; returns
    the update that taps "Book and pay" (not sent)."""
    steps: list[Callable[[], dict[str, Any]]] = [
        lambda: c.fake.message(chat, "/start"),
        lambda: c.fake.message(chat, "1-1001"),
        lambda: c.fake.message(chat, "12.03.1994"),
        lambda: c.fake.press(chat, "No, thanks"),
        lambda: c.fake.press(chat, "Discover modules"),
        lambda: c.fake.press(chat, "Sauna"),
        lambda: c.fake.press(chat, "Book"),
        lambda: c.fake.press(chat, "No, book without trial"),
    ]
    for index, step in enumerate(steps):
        await c.deliver(c.replicas[index % len(c.replicas)], step(), chat)
    return c.fake.press(chat, "Book and pay")


async def test_a_booking_dialog_over_three_replicas_and_a_double_tap_on_two_buys_once(
    sandbox: Sandbox, postgres_database: Callable[..., str], tmp_path: Path
) -> None:
    """Each turn of the dialog lands on the next replica; the confirm button is then tapped
    on two replicas at the same moment: exactly one purchase, one "Booked!"."""
    async with cluster(sandbox, postgres_database(), tmp_path) as c:
        confirm = await link_and_confirm(c)
        twice = c.fake.press(CHAT, "Book and pay")  # a second tap: its own callback query
        answers = await asyncio.gather(
            c.replicas[1].telegram(confirm), c.replicas[2].telegram(twice)
        )
        assert [a.status_code for a in answers] == [200, 200]
        await until(lambda: any("Booked!" in t for t in c.texts()), what="the booking")
        await c.settled(CHAT)
        healths = [await r.health() for r in c.replicas]
        with c.store() as store:
            (operation,) = store.operations_for_chat("telegram", str(CHAT))
    assert len(sandbox.module_contracts_of(5001)) == 1
    assert sum("Booked! Sauna starts on" in t for t in c.texts()) == 1
    assert operation.status == "succeeded"
    assert {h["backend"] for h in healths} == {"postgresql"}
    assert c.fake.violations == []


async def test_a_replica_killed_mid_purchase_the_member_still_hears_the_outcome_once(
    sandbox: Sandbox, postgres_database: Callable[..., str], tmp_path: Path
) -> None:
    """SIGKILL while PerfectGym holds the purchase: another replica tells the real outcome;
    the update is taken over after its lease and buys nothing twice."""
    short_lease = {"TELEGRAM_UPDATE_LEASE_SECONDS": "3"}
    async with cluster(sandbox, postgres_database(), tmp_path, extra=short_lease) as c:
        confirm = await link_and_confirm(c)
        sandbox.faults.add("purchaseAdditionalModuleContract", latency=2.0)
        victim = c.replicas[0]
        assert (await victim.telegram(confirm)).status_code == 200
        await until(lambda: len(sandbox.in_flight) > 0, what="the purchase at PerfectGym")
        await victim.kill()
        await until(lambda: len(sandbox.module_contracts_of(5001)) == 1, what="the purchase")
        await until(
            lambda: any("Booked! Sauna starts on" in t for t in c.texts()),
            seconds=30,
            what="the outcome from a surviving replica",
        )
        with c.store() as store:
            await until(
                lambda: store.update_done("telegram", str(confirm["update_id"])),
                seconds=20,
                what="the stranded update taken over",
            )
        await c.settled(CHAT, quiet=1.0)
        assert len(sandbox.module_contracts_of(5001)) == 1
        assert sum("Booked! Sauna starts on" in t for t in c.texts()) == 1
        assert not any("already used" in t for t in c.texts())


async def test_a_thousand_perfectgym_deliveries_over_three_replicas_are_each_processed_once(
    sandbox: Sandbox, postgres_database: Callable[..., str], tmp_path: Path
) -> None:
    async with cluster(sandbox, postgres_database(), tmp_path) as c:
        uuids = [str(uuid.uuid4()) for _ in range(1000)]
        limits = httpx.Limits(max_connections=30)
        async with httpx.AsyncClient(timeout=30, limits=limits) as http:
            gate = asyncio.Semaphore(30)

            async def post(index: int, key: str) -> int:
                body = {
                    "entityId": 1001,
                    "uuid": key,
                    "payload": [
                        {"timestamp": 1_764_151_200_000, "type": "CUSTOMER_CHECKIN", "content": {}}
                    ],
                }
                async with gate:
                    replica = c.replicas[index % 3]
                    answer = await http.post(
                        f"{replica.url}/perfectgym/webhook",
                        json=body,
                        headers={"x-api-key": BERLIN_MITTE_WEBHOOK_KEY},
                    )
                return answer.status_code

            codes = await asyncio.gather(*(post(i, key) for i, key in enumerate(uuids)))
            # PerfectGym delivers again what was not taken: one more round, at another replica
            again = await asyncio.gather(*(post(i + 1, key) for i, key in enumerate(uuids)))
        assert set(codes) <= {200, 503} and set(again) == {200}

        def counts() -> dict[str, int]:
            with c.store() as store:
                rows = store._conn.query(
                    "SELECT status, count(*) AS n, max(attempts) AS most FROM webhook_inbox "
                    "GROUP BY status"
                )
            return {str(r["status"]): int(r["n"]) for r in rows} | {
                f"{r['status']}-attempts": int(r["most"]) for r in rows
            }

        await until(
            lambda: counts().get("processed", 0) + counts().get("dropped", 0) == 1000,
            seconds=60,
            every=0.5,
            what="every delivery processed",
        )
        final = counts()
    assert final.get("processed", 0) + final.get("dropped", 0) == 1000
    assert final.get("processed-attempts", 1) == 1 and final.get("dropped-attempts", 1) == 1


async def test_the_polling_leader_killed_a_standby_polls_within_fifteen_seconds(
    sandbox: Sandbox, postgres_database: Callable[..., str], tmp_path: Path
) -> None:
    async with cluster(sandbox, postgres_database(), tmp_path, replicas=2, webhook=False) as c:

        async def leaders() -> list[Replica]:
            found = []
            for replica in c.replicas:
                if replica.alive and (await replica.health())["leader"]:
                    found.append(replica)
            return found

        await until(lambda: _one(leaders()), what="one leader")
        (leader,) = await leaders()
        c.fake.queue_update(c.fake.message(CHAT, "/start"))
        await until(lambda: c.sent(CHAT) == 1, what="the leader answering")
        await leader.kill()
        killed = asyncio.get_running_loop().time()
        c.fake.queue_update(c.fake.message(CHAT, "/help"))
        await until(lambda: c.sent(CHAT) == 2, seconds=15, what="a standby polling")
        took = asyncio.get_running_loop().time() - killed
        (standby,) = await leaders()
        assert standby is not leader and took < 15
        assert c.texts()[-1] != c.texts()[0]


async def test_a_campaign_to_a_thousand_members_over_three_replicas_reaches_each_once(
    sandbox: Sandbox, postgres_database: Callable[..., str], tmp_path: Path
) -> None:
    """Staff schedule a Sauna campaign for now; three replicas send it together: every one of
    the 1000 members who said yes gets exactly one message, and the replicas together never
    go above Telegram's 30 messages a second (the fake Telegram judges all three at once).
    PerfectGym granted this key 6000 a minute, so Telegram's pace is what limits the run."""
    members = seed_members(sandbox, MEMBERS)
    database = postgres_database()
    now = datetime.now(UTC)
    with Store.connect(database, migrate=False) as store:
        for index, member in enumerate(members):
            store.save_link(
                ChatLink(
                    platform="telegram",
                    chat_id=str(FIRST_CHAT + index),
                    studio="Berlin Mitte",
                    customer_id=member.id,
                    contract_id=1_000_000 + member.id,
                    linked_at=now,
                    updated_at=now,
                    customer_number=f"1-{member.id}",
                    language="en",
                    marketing_consent=True,
                    consent_at=now,
                    consent_version=CONSENT_VERSION,
                )
            )
    config = "[reminders]\ninterval_seconds = 0.5\napi_calls_per_minute = 5000\n"
    async with cluster(sandbox, database, tmp_path, config=config) as c:
        scheduled = await asyncio.create_subprocess_exec(
            *command(), "campaign", "--module", "Sauna", "--at", "now",
            cwd=tmp_path, env=c.env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        said, _ = await scheduled.communicate()
        assert scheduled.returncode == 0, said.decode()
        chats = [FIRST_CHAT + index for index in range(MEMBERS)]
        # The fake Telegram serves from this process's event loop and stamps each message
        # as it takes it: counting must stay cheap (one pass), or the loop stalls and the
        # messages that queued meanwhile look as if they came in one burst.
        await until(
            lambda: len(received(c.fake)) == MEMBERS, seconds=120, every=1.0, what="every member"
        )
        await asyncio.sleep(1.0)  # a second message to anyone would show now
        sends = [
            call.at for call in c.fake.calls if call.method == "sendMessage" and call.status == 200
        ]
        with c.store() as store:
            sent = store.reminders(ReminderStatus.SENT, limit=2 * MEMBERS)
    per_chat = received(c.fake)
    assert sorted(per_chat) == [str(chat) for chat in chats], len(per_chat)
    assert set(per_chat.values()) == {1}, sorted(set(per_chat.values()))
    assert all("Sauna" in c.texts(chat)[0] for chat in chats[:: MEMBERS // 10])
    assert len(sent) == MEMBERS
    assert c.fake.violations == []
    busiest = max(sum(1 for at in sends if start <= at < start + 1.0) for start in sends)
    assert busiest <= 30, f"{busiest} messages in one second"


def received(fake: FakeBotApi) -> Counter[str]:
    """Messages each chat got (sent or edited in), in one pass over the fake's calls."""
    return Counter(
        str(call.params.get("chat_id"))
        for call in fake.calls
        if call.method in ("sendMessage", "editMessageText") and call.status == 200
    )


async def _one(found: Any) -> bool:
    return len(await found) == 1
