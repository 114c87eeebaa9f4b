"""Replicas (issue 11): booking turns/s and latency with 1, 2 and 4 ``upsell-bot run``
processes on one PostgreSQL beside one process on SQLite, and PerfectGym calls per minute
per endpoint, summed over the replicas, under a burst.

Everything is real but the vendors: real processes (``testing.replicas``), real HTTP, a
throwaway PostgreSQL cluster (``testing.postgres``: a Unix socket only, fsync off), the
PerfectGym sandbox and the fake Telegram served over HTTP by this process, which also drives
the members. Each member runs the same booking dialog (/start, customer number, date of
birth, "No, thanks" to offers, Discover modules, Sauna, Book, without trial, Book and pay),
pausing ``think`` seconds after each answer as a person does (and as Telegram's one message
a second per chat needs: the bot paces each chat); each turn goes to the next replica, as
behind a load balancer. Every configuration gets a fresh database and a fresh sandbox.

Printed per configuration: turns/s (updates answered per second of wall time), p50 and p99
of webhook POST -> the member's answer at the fake Telegram, purchases (asserted: one per
member), and the CPU seconds per turn of the bot processes, PostgreSQL and this process
(sandbox, fake Telegram, members), which say what one core carries.

    .venv/bin/python bench/replicas_bench.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.clock import Clock
from bot.sandbox import (
    BERLIN_MITTE_API_KEY,
    BERLIN_MITTE_WEBHOOK_KEY,
    Customer,
    RateLimit,
    Sandbox,
    seed_members,
    serve_sandbox,
)
from testing.postgres import PostgresServer, running_postgres
from testing.replicas import Replica, bot_env, served_bot_api
from testing.telegram import FakeBotApi

SHOWN = ("sendMessage", "editMessageText")
"""Bot API calls that show the member something: the answer of a turn."""
PACED = (*SHOWN, "editMessageReplyMarkup")
"""Bot API calls Telegram's message limits count."""
PACE_AFTER_MESSAGE = 2.1
"""A typed answer is followed a second later by the removal of the previous keyboard, and
the chat's next message may go 1 s after that: members pausing this long never wait."""
BIRTH_DATE = "01.01.1990"  # every member of ``seed_members``
BUTTONS = ("No, thanks", "Discover modules", "Sauna", "Book", "No, book without trial")
CONFIRM = "Book and pay"
TURNS = 3 + len(BUTTONS) + 1
CONFIGURATIONS = (("sqlite", 1), ("postgresql", 1), ("postgresql", 2), ("postgresql", 4))
BURST_REPLICAS = 4
TELEGRAM_PACE = 25
"""Messages a second the bot allows itself for one token on PostgreSQL (all replicas)."""
VENDOR_LIMIT = 1000
"""PerfectGym's limit: requests per minute per endpoint and API key."""
ENV = {
    "LINK_ATTEMPTS_PER_STUDIO_MINUTE": "10000",  # the studio's guard against guessing: lifted
    "LOG_LEVEL": "WARNING",  # INFO logs every HTTP request: what is timed is the bot
}
ANSWER_TIMEOUT = 60.0
CHAT_INTERVAL = 0.95
TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Size:
    members: int
    think: float
    burst: int


FULL = Size(members=60, think=2.2, burst=150)
QUICK = Size(members=8, think=1.1, burst=30)


class WatchedBotApi(FakeBotApi):
    """The fake Telegram, noting when each chat is shown something (a turn's answer)."""

    def __init__(self) -> None:
        super().__init__()
        # A chat's messages leave the bot a second apart but cross a loaded machine over
        # HTTP: arrivals 0.996 s apart were seen. Judged with 50 ms of slack (see the report).
        self.limits.chat_interval = CHAT_INTERVAL
        self.shown: dict[int, list[float]] = defaultdict(list)
        self._news: dict[int, asyncio.Event] = {}

    async def handle(self, request: httpx.Request) -> httpx.Response:
        count = len(self.calls)
        response = await super().handle(request)
        if len(self.calls) > count:  # the call just recorded (no await after recording)
            call = self.calls[-1]
            if call.method in SHOWN and call.status == 200:
                chat = int(call.params["chat_id"])
                self.shown[chat].append(time.perf_counter())
                if chat in self._news:
                    self._news[chat].set()
        return response

    async def answer(self, chat: int, count: int) -> float:
        """When the chat was shown its ``count``-th message (waits for it)."""
        deadline = time.perf_counter() + ANSWER_TIMEOUT
        while len(self.shown[chat]) < count:
            news = self._news.setdefault(chat, asyncio.Event())
            news.clear()
            left = deadline - time.perf_counter()
            if left <= 0:
                raise RuntimeError(
                    f"chat {chat}: no answer in {ANSWER_TIMEOUT} s: {self.texts(chat)[-2:]}"
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(news.wait(), left)
        return self.shown[chat][count - 1]


class RecordingLimit(RateLimit):
    """The sandbox's rate limit (off), noting when each request to an endpoint came."""

    def __init__(self, clock: Clock) -> None:
        super().__init__(clock)
        self.stamps: dict[str, list[float]] = defaultdict(list)

    def admit(self, studio_id: int, operation_id: str) -> bool:
        self.stamps[operation_id].append(time.monotonic())
        return super().admit(studio_id, operation_id)


def most_in_window(stamps: list[float], seconds: float) -> int:
    """The most requests in any window of ``seconds`` (sliding)."""
    ordered, most, first = sorted(stamps), 0, 0
    for last, at in enumerate(ordered):
        while at - ordered[first] >= seconds:
            first += 1
        most = max(most, last - first + 1)
    return most


# -- CPU time, from /proc --------------------------------------------------------------


def _stat(pid: int) -> list[str]:
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()  # fields from the third (state) on


def process_cpu(pid: int, *, reaped: bool = False) -> float:
    """CPU seconds of a process (and of its children it has waited for, if ``reaped``)."""
    try:
        fields = _stat(pid)
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if reaped:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / TICK


def postgres_cpu(server: PostgresServer) -> float:
    """CPU seconds of the whole cluster: the postmaster, its ended backends and the living."""
    postmaster = int((server.datadir / "postmaster.pid").read_text().split()[0])
    total = process_cpu(postmaster, reaped=True)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                if int(_stat(int(entry.name))[1]) == postmaster:
                    total += process_cpu(int(entry.name))
    return total


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Cpu:
    """CPU seconds spent while a run was timed, by whom."""

    bot: float = 0.0
    database: float = 0.0
    harness: float = 0.0

    @property
    def total(self) -> float:
        return self.bot + self.database + self.harness


class CpuMeter:
    def __init__(self, replicas: list[Replica], server: PostgresServer | None) -> None:
        self.replicas = replicas
        self.server = server
        self._start = self._read()

    def _read(self) -> Cpu:
        return Cpu(
            bot=sum(process_cpu(r.process.pid) for r in self.replicas),
            database=postgres_cpu(self.server) if self.server else 0.0,
            harness=own_cpu(),
        )

    def spent(self) -> Cpu:
        now = self._read()
        return Cpu(
            now.bot - self._start.bot,
            now.database - self._start.database,
            now.harness - self._start.harness,
        )


# -- a cluster and its members ---------------------------------------------------------


@dataclass
class Cluster:
    replicas: list[Replica]
    fake: WatchedBotApi
    sandbox: Sandbox
    limit: RecordingLimit
    people: list[Customer]
    turn: int = 0

    def next_replica(self) -> Replica:
        """Round robin over the replicas, as a load balancer spreads the webhook calls."""
        self.turn += 1
        return self.replicas[self.turn % len(self.replicas)]

    async def say(self, chat: int, update: dict[str, Any]) -> float:
        """Deliver one update; returns the seconds until the member was answered."""
        before = len(self.fake.shown[chat])
        sent = time.perf_counter()
        response = await self.next_replica().telegram(update)
        if response.status_code != 200:
            raise RuntimeError(f"webhook answered {response.status_code}: {response.text}")
        return await self.fake.answer(chat, before + 1) - sent


@contextlib.asynccontextmanager
async def cluster(database: str, replicas: int, members: int, cwd: Path) -> AsyncIterator[Cluster]:
    sandbox = Sandbox.demo()
    limit = RecordingLimit(sandbox.clock)
    sandbox.rate_limit = limit
    people = seed_members(sandbox, members)
    fake = WatchedBotApi()
    try:
        async with serve_sandbox(sandbox) as sandbox_url, served_bot_api(fake) as telegram_url:
            env = bot_env(
                database=database,
                sandbox_url=sandbox_url,
                api_key=BERLIN_MITTE_API_KEY,
                webhook_key=BERLIN_MITTE_WEBHOOK_KEY,
                telegram_url=telegram_url,
                token=fake.token,
                extra=ENV,
            )
            started = await asyncio.gather(
                *(Replica.start(env, cwd, name=f"replica-{n}") for n in range(replicas))
            )
            try:
                yield Cluster(list(started), fake, sandbox, limit, people)
            finally:
                await asyncio.gather(*(r.kill() for r in started), return_exceptions=True)
                for replica in started:
                    if "Traceback" in replica.log:
                        raise RuntimeError(f"{replica.name} logged a traceback:\n{replica.log}")
    finally:
        await sandbox.aclose()


def chat_of(person: Customer) -> int:
    return 10_000_000 + person.id


async def booking_dialog(
    c: Cluster, person: Customer, think: float, delay: float, latencies: list[float]
) -> None:
    chat = chat_of(person)
    steps: list[Callable[[], dict[str, Any]]] = [
        lambda: c.fake.message(chat, "/start"),
        lambda: c.fake.message(chat, person.customer_number),
        lambda: c.fake.message(chat, BIRTH_DATE),
        *(lambda label=label: c.fake.press(chat, label) for label in (*BUTTONS, CONFIRM)),
    ]
    await asyncio.sleep(delay)
    for index, step in enumerate(steps):
        if index:
            await asyncio.sleep(think)
        latencies.append(await c.say(chat, step()))
    if not any("Booked!" in text for text in c.fake.texts(chat)):
        raise RuntimeError(f"chat {chat} did not book: {c.fake.texts(chat)[-2:]!r}")


@dataclass
class Run:
    backend: str
    replicas: int
    turns: int
    seconds: float
    latencies: list[float]
    purchases: int
    cpu: Cpu
    busiest_minute: int
    """The most PerfectGym requests to one endpoint in any 60 s window of the run."""
    violations: list[str]
    """Telegram's limits broken, as the fake Telegram saw it."""
    messages: int
    """Messages Telegram took from the bot while the run was timed (sends and edits)."""
    busiest_per_dialog: float
    """PerfectGym requests of a dialog to the endpoint it asks most."""

    @property
    def rate(self) -> float:
        return self.turns / self.seconds

    @property
    def message_rate(self) -> float:
        return self.messages / self.seconds

    def percentile(self, share: float) -> float:
        """Milliseconds."""
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    def per_turn(self, seconds: float) -> float:
        """Milliseconds of CPU per turn."""
        return seconds / self.turns * 1000


async def booking_run(
    backend: str, replicas: int, size: Size, server: PostgresServer, scratch: Path, n: int
) -> Run:
    if backend == "sqlite":
        database = str(scratch / f"bot-{n}.sqlite3")
    else:
        database = server.migrated_database(f"bench_replicas_{n}")
    async with cluster(database, replicas, size.members, scratch) as c:
        meter = CpuMeter(c.replicas, server if backend != "sqlite" else None)
        latencies: list[float] = []
        began = time.monotonic()  # the fake Telegram's clock
        started = time.perf_counter()
        spread = size.think / len(c.people)
        await asyncio.gather(
            *(
                booking_dialog(c, person, size.think, i * spread, latencies)
                for i, person in enumerate(c.people)
            )
        )
        seconds = time.perf_counter() - started
        ended = time.monotonic()
        cpu = meter.spent()
        messages = sum(
            1
            for call in c.fake.calls
            if call.method in PACED and call.status == 200 and began <= call.at <= ended
        )
        # the last answer of each dialog is followed by the menu a second later
        for person in c.people:
            await c.fake.answer(chat_of(person), TURNS + 1)
        purchases = sum(len(c.sandbox.module_contracts_of(1_000_000 + p.id)) for p in c.people)
        unanswered = c.fake.unanswered_callbacks()
        if purchases != size.members or unanswered:
            raise RuntimeError(f"{purchases} purchases for {size.members} members; {unanswered}")
        violations = list(c.fake.violations)
        busiest = max(most_in_window(s, 60.0) for s in c.limit.stamps.values())
        per_dialog = max(len(s) for s in c.limit.stamps.values()) / size.members
    if backend != "sqlite":
        server.drop_database(f"bench_replicas_{n}")
    return Run(
        backend,
        replicas,
        len(latencies),
        seconds,
        latencies,
        purchases,
        cpu,
        busiest,
        violations,
        messages,
        per_dialog,
    )


@dataclass
class Burst:
    members: int
    replicas: int
    seconds: float
    stamps: dict[str, list[float]] = field(default_factory=dict)
    started: float = 0.0
    violations: list[str] = field(default_factory=list)


async def link_burst(size: Size, server: PostgresServer, scratch: Path) -> Burst:
    """``size.burst`` members who have given their customer number all send their date of
    birth at the same moment: each link asks PerfectGym for the customer and contracts."""
    database = server.migrated_database("bench_replicas_burst")
    async with cluster(database, BURST_REPLICAS, size.burst, scratch) as c:

        async def ready(i: int, person: Customer) -> None:
            chat = chat_of(person)
            await asyncio.sleep(i * 1.0 / 20)  # the bot answers 20 messages a second at most
            await c.say(chat, c.fake.message(chat, "/start"))
            await asyncio.sleep(1.1)
            await c.say(chat, c.fake.message(chat, person.customer_number))

        await asyncio.gather(*(ready(i, p) for i, p in enumerate(c.people)))
        await asyncio.sleep(2.2)  # each chat's pace (the removed keyboard, then 1 s)
        started = time.monotonic()
        await asyncio.gather(
            *(c.say(chat_of(p), c.fake.message(chat_of(p), BIRTH_DATE)) for p in c.people)
        )
        seconds = time.monotonic() - started
        linked = sum(any(t.startswith("Done!") for t in c.fake.texts(chat_of(p))) for p in c.people)
        if linked != size.burst:
            raise RuntimeError(f"{linked} of {size.burst} linked; {c.fake.texts(10)[-1:]}")
        violations = list(c.fake.violations)
        stamps = {k: list(v) for k, v in c.limit.stamps.items()}
    server.drop_database("bench_replicas_burst")
    return Burst(size.burst, BURST_REPLICAS, seconds, stamps, started, violations)


# -- printing --------------------------------------------------------------------------


def kinds(violations: list[str]) -> str:
    """Telegram's limits broken, counted by kind."""
    counted = {
        "over 30 messages in a second": sum("messages in a second" in v for v in violations),
        "a chat within 0.95 s": sum("after the previous message" in v for v in violations),
        "during a retry_after wait": sum("retry_after wait" in v for v in violations),
    }
    found = [f"{n} {kind}" for kind, n in counted.items() if n]
    return ", ".join(found) or "none"


def print_header(size: Size, scratch: Path) -> None:
    print(
        f"== replicas: {size.members} members each run the booking dialog ({TURNS} turns), "
        f"pausing {size.think} s after each answer, started {size.think / size.members:.2f} s "
        "apart; each turn to the next replica (webhooks); every configuration on a fresh "
        "database and sandbox"
    )
    print(
        "   PostgreSQL: one throwaway cluster listening on a Unix socket only "
        "(listen_addresses='', fsync=off, synchronous_commit=off); "
        f"SQLite: a file in {scratch.parent} (WAL); {os.cpu_count()} cores for everything: "
        "the bot processes, PostgreSQL and this process (sandbox, fake Telegram, members); "
        "bot logs at WARNING"
    )
    print(
        "   the bot paces Telegram for all its replicas: 20 messages/s (2 at once) shared in "
        "PostgreSQL, 28/s in the one SQLite process; each chat about 1/s. The fake Telegram "
        f"judges 30/s overall and each chat with {CHAT_INTERVAL} s (50 ms for the HTTP hop)"
    )


def print_runs(runs: list[Run], size: Size) -> None:
    offered = size.members / (size.think + 0.05)
    print(f"   offered: about {offered:.0f} turns/s once every member is in a dialog")
    print(
        "   configuration  turns  seconds turns/s msgs/s  p50 ms  p99 ms bought"
        "  CPU ms/turn: bot   db harness  cores busy"
    )
    for run in runs:
        name = f"{run.backend} x{run.replicas}"
        print(
            f"   {name:14} {run.turns:5} {run.seconds:8.1f} {run.rate:7.1f} "
            f"{run.message_rate:6.1f} {run.percentile(0.5):7.0f} {run.percentile(0.99):7.0f} "
            f"{run.purchases:6}  {run.per_turn(run.cpu.bot):15.1f} "
            f"{run.per_turn(run.cpu.database):4.1f} {run.per_turn(run.cpu.harness):8.1f} "
            f"{run.cpu.total / run.seconds:11.2f}"
        )
    print("   Telegram's limits broken, as the fake Telegram saw them:")
    for run in runs:
        print(f"     {run.backend} x{run.replicas}: {kinds(run.violations)}")
    print("   per core: CPU of the bot and its database per turn -> turns one core carries")
    for run in runs:
        cost = run.per_turn(run.cpu.bot + run.cpu.database)
        print(
            f"     {run.backend} x{run.replicas}: {cost:5.1f} ms/turn -> {1000 / cost:4.0f} "
            f"turns/s per core (busiest PerfectGym endpoint: {run.busiest_minute} requests "
            "in a minute)"
        )


def print_burst(burst: Burst) -> None:
    print(
        f"== PerfectGym under a burst: {burst.members} members on {burst.replicas} replicas "
        "(PostgreSQL) send their date of birth at the same moment; requests per endpoint, "
        f"all replicas together, counted at the sandbox (all answered in {burst.seconds:.1f} s)"
    )
    print(
        "   endpoint                 in burst  busiest 1 s  busiest 60 s  spread over"
        "  beyond 50 at once"
    )
    for endpoint, stamps in sorted(burst.stamps.items()):
        during = sorted(at for at in stamps if at >= burst.started)
        if not during:
            continue
        span = during[-1] - during[0]
        after = (
            f"{(len(during) - 50) / span * 60:6.0f}/min"
            if len(during) > 51 and span > 0
            else "         -"
        )
        print(
            f"   {endpoint:24} {len(during):8} {most_in_window(stamps, 1.0):12}"
            f" {most_in_window(stamps, 60.0):13} {span:10.1f} s  {after:>18}"
        )
    print(f"   Telegram's limits broken: {kinds(burst.violations)}")
    worst = max(most_in_window(s, 60.0) for s in burst.stamps.values())
    assert worst < VENDOR_LIMIT, f"{worst} requests to one endpoint in a minute"


def print_meaning(runs: list[Run], burst: Burst, size: Size) -> None:
    by = {(r.backend, r.replicas): r for r in runs}
    sqlite, one, four = by[("sqlite", 1)], by[("postgresql", 1)], by[("postgresql", 4)]
    pg = [r for r in runs if r.backend == "postgresql"]
    cores = os.cpu_count() or 1
    print("== what the figures mean")
    paced = min(r.message_rate for r in pg) >= 0.85 * TELEGRAM_PACE
    bound = (
        f"the bound is Telegram's pace for one bot token ({TELEGRAM_PACE} messages/s, kept "
        "in the database for all replicas)"
        if paced
        else f"the members offered no more (about {size.members / size.think:.0f} turns/s)"
    )
    print(
        f"   - turns/s: with replicas on PostgreSQL the bot answered "
        f"{min(r.rate for r in pg):.1f}-{max(r.rate for r in pg):.1f} turns/s "
        f"({min(r.message_rate for r in pg):.1f}-{max(r.message_rate for r in pg):.1f} "
        f"messages/s) whatever the number of replicas: {bound}, not the CPU "
        f"(cores busy {max(r.cpu.total / r.seconds for r in pg):.2f} of {cores}). More "
        "replicas add availability, not Telegram throughput."
    )
    if sqlite.violations:
        print(
            f"   - SQLite x1 answered {sqlite.rate:.1f} turns/s at {sqlite.message_rate:.1f} "
            f"messages/s; Telegram refused some of its messages ({kinds(sqlite.violations)}): "
            "its limiter paces 28/s, and the fake Telegram shares this process's event loop "
            "with the sandbox and the members: it stamps a message when it gets to it, so a "
            "stall here bunches messages that left the bot evenly, and the 429s stall the bot."
        )
    cost_one = one.per_turn(one.cpu.bot + one.cpu.database)
    cost_four = four.per_turn(four.cpu.bot + four.cpu.database)
    print(
        f"   - per core: a turn costs the bot and its database "
        f"{sqlite.per_turn(sqlite.cpu.bot):.0f} ms of CPU on SQLite, {cost_one:.0f} ms on "
        f"PostgreSQL with one replica and {cost_four:.0f} ms with four, so one core carries "
        f"about {1000 / sqlite.per_turn(sqlite.cpu.bot):.0f} turns/s on SQLite and "
        f"{1000 / cost_one:.0f} on PostgreSQL; Telegram's pace (about "
        f"{one.rate:.0f} turns/s) needs {one.rate * cost_one / 1000:.2f} of a core. This "
        f"machine has {cores} cores for the replicas, PostgreSQL, the sandbox, the fake "
        f"Telegram and the members (this process: {one.per_turn(one.cpu.harness):.0f} ms a "
        f"turn), so no run here could show more than {cores}x whatever the replicas; with a "
        "core per replica the CPU per turn is what adds up."
    )
    waits = (
        "never waits (members pause after each answer)"
        if size.think >= PACE_AFTER_MESSAGE
        else f"waits up to 1 s after a typed answer ({size.think} s pauses, --quick)"
    )
    print(
        "   - latency: p50/p99 run from the webhook POST to the answer at Telegram: the "
        "hop, the turn, PerfectGym (the sandbox) and the wait in the bot's Telegram pace, "
        f"which grows once the members offer more than it allows; each chat's own pace {waits}."
    )
    print(
        f"   - PerfectGym: {burst.members} link checks arrived at once over "
        f"{burst.replicas} replicas; the budget they share in the database (950 a minute "
        "per endpoint and API key, 50 at once) "
        + (
            "let 50 through and spread the rest at about 950 a minute"
            if burst.members > 50
            else "let them all through (no more than 50 at once)"
        )
        + ", so no endpoint came near 1000 in any minute. What a short run cannot "
        "show is a whole minute at the limit: Telegram's pace bounds members' turns at about "
        f"{one.rate:.0f} a second, and a booking dialog asks one endpoint "
        f"{one.busiest_per_dialog:.0f} times at most, so dialogs alone reach about "
        f"{one.rate / TURNS * one.busiest_per_dialog * 60:.0f} requests a minute; the pace "
        "over whole minutes is covered by the tests of SharedBudget."
    )


async def main(quick: bool = False) -> None:
    size = QUICK if quick else FULL
    with (
        tempfile.TemporaryDirectory(prefix="replicas-bench-") as directory,
        running_postgres() as server,
    ):
        scratch = Path(directory)
        print_header(size, scratch)
        runs = [
            await booking_run(backend, replicas, size, server, scratch, n)
            for n, (backend, replicas) in enumerate(CONFIGURATIONS)
        ]
        print_runs(runs, size)
        burst = await link_burst(size, server, scratch)
        print_burst(burst)
        print_meaning(runs, burst, size)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="toy size (a smoke run)")
    asyncio.run(main(parser.parse_args().quick))
