"""Reminder outbox: unique keys, atomic claims, at-most-once after a crash."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest

from bot.store import Reminder, ReminderStatus, Store
from tests.store.conftest import OpenStore


def _enqueue(store: Store, key: str, due_at: datetime, now: datetime) -> bool:
    return store.enqueue_reminder(
        key,
        rule="cancelation_soon",
        studio="berlin",
        platform="telegram",
        chat_id="42",
        customer_id=7,
        due_at=due_at,
        payload={"moduleContractId": 1001},
        now=now,
    )


def test_same_key_is_queued_once_even_after_sending(store: Store, now: datetime) -> None:
    assert _enqueue(store, "cancel:1001:2026-12-31", now, now) is True
    assert _enqueue(store, "cancel:1001:2026-12-31", now, now) is False
    (claimed,) = store.claim_due_reminders(now)
    store.finish_reminder(claimed.id, "sent", None, now)
    assert _enqueue(store, "cancel:1001:2026-12-31", now, now) is False
    assert len(store.reminders()) == 1


def test_claim_takes_due_rows_in_order_and_only_once(store: Store, now: datetime) -> None:
    _enqueue(store, "late", now + timedelta(hours=1), now)
    _enqueue(store, "second", now - timedelta(minutes=1), now)
    _enqueue(store, "first", now - timedelta(minutes=2), now)
    claimed = store.claim_due_reminders(now)
    assert [r.key for r in claimed] == ["first", "second"]
    assert all(r.status is ReminderStatus.SENDING and r.attempts == 1 for r in claimed)
    assert store.claim_due_reminders(now) == []
    assert [r.key for r in store.claim_due_reminders(now + timedelta(hours=1))] == ["late"]


def test_claim_respects_the_limit(store: Store, now: datetime) -> None:
    for n in range(5):
        _enqueue(store, f"k{n}", now, now)
    assert len(store.claim_due_reminders(now, limit=2)) == 2
    assert len(store.reminders(ReminderStatus.PENDING)) == 3


def test_concurrent_claimers_never_share_a_row(open_store: OpenStore, now: datetime) -> None:
    seed = open_store()
    for n in range(40):
        _enqueue(seed, f"k{n}", now, now)
    stores = [open_store() for _ in range(4)]
    claimed: list[Reminder] = []
    lock = threading.Lock()

    def work(store: Store) -> None:
        while batch := store.claim_due_reminders(now, limit=3):
            with lock:
                claimed.extend(batch)

    threads = [threading.Thread(target=work, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.key for r in claimed) == sorted(f"k{n}" for n in range(40))


def test_finish_records_the_outcome_once(store: Store, now: datetime) -> None:
    _enqueue(store, "k", now, now)
    (claimed,) = store.claim_due_reminders(now)
    later = now + timedelta(seconds=2)
    assert store.finish_reminder(claimed.id, ReminderStatus.SENT, "message 77", later) is True
    assert store.finish_reminder(claimed.id, "failed", "again?", later) is False
    done = store.get_reminder("k")
    assert done is not None
    assert (done.status, done.sent_at, done.detail) == (ReminderStatus.SENT, later, "message 77")


def test_finish_needs_a_final_status(store: Store, now: datetime) -> None:
    _enqueue(store, "k", now, now)
    with pytest.raises(ValueError):
        store.finish_reminder(1, "pending", None, now)


def test_pending_reminder_can_be_skipped(store: Store, now: datetime) -> None:
    _enqueue(store, "k", now + timedelta(days=1), now)
    reminder = store.get_reminder("k")
    assert reminder is not None
    assert store.finish_reminder(reminder.id, "skipped", "member booked", now)
    assert store.claim_due_reminders(now + timedelta(days=2)) == []


def test_postponed_reminder_comes_back_later(store: Store, now: datetime) -> None:
    _enqueue(store, "k", now, now)
    (claimed,) = store.claim_due_reminders(now)
    morning = now + timedelta(hours=10)
    assert store.postpone_reminder(claimed.id, morning, now=now, detail="quiet hours")
    assert store.claim_due_reminders(now + timedelta(hours=1)) == []
    (again,) = store.claim_due_reminders(morning)
    assert again.attempts == 2 and again.detail == "quiet hours"


def test_crash_leftovers_are_reported_not_resent(store: Store, now: datetime) -> None:
    _enqueue(store, "crashed", now, now)
    _enqueue(store, "recent", now + timedelta(minutes=9), now)
    store.claim_due_reminders(now)
    store.claim_due_reminders(now + timedelta(minutes=9))
    stale = store.stale_sending(now + timedelta(minutes=10), timedelta(minutes=5))
    assert [r.key for r in stale] == ["crashed"]
    assert store.claim_due_reminders(now + timedelta(hours=1)) == []
    store.finish_reminder(stale[0].id, "abandoned", "crash while sending", now)
    assert [r.key for r in store.reminders("abandoned")] == ["crashed"]
