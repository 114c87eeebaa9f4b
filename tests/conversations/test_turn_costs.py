"""What a turn costs the database, counted (deterministic, so a test may assert it): the
booking dialog makes one write transaction per update (two on the confirm: the durable
intent before PerfectGym is asked, then the turn) and at most 15 SQL statements."""

from __future__ import annotations

from bot.store import SqliteStore
from testing.counting import SqlCounter
from tests.conversations.conftest import Bot
from tests.conversations.member import Member

STEPS = ["Discover modules", "Sauna", "Book", "without trial", "Book and pay"]


async def test_the_booking_dialog_costs_one_write_and_few_statements_per_update(
    bot: Bot, member: Member
) -> None:
    await member.link(offers=False)
    backend = bot.services.store
    assert isinstance(backend, SqliteStore)
    counter = SqlCounter.attach(backend, keep=True)
    per_step: dict[str, tuple[int, int]] = {}
    try:
        for label in STEPS:
            counter.reset()
            await member.press(label)
            per_step[label] = (counter.commits, counter.statements)
    finally:
        counter.detach()
    assert "Booked!" in member.text
    commits = sum(c for c, _ in per_step.values())
    statements = sum(s for _, s in per_step.values())
    assert commits / len(STEPS) <= 1.2, per_step
    assert statements / len(STEPS) <= 15, per_step
    assert all(c == 1 for label, (c, _) in per_step.items() if label != "Book and pay"), per_step
    assert per_step["Book and pay"][0] == 2, per_step
    assert counter.savepoints == 0
