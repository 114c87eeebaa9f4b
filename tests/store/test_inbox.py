"""Webhook inbox: duplicates refused, claims exclusive, work of a dead process requeued."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.store import DeliveryStatus, Store

BODY = {
    "entityId": 7,
    "uuid": "7b1f",
    "payload": [{"timestamp": 1, "type": "CONTRACT_UPDATED", "content": {"contractId": 1000}}],
}


def _store(store: Store, uuid: str, now: datetime) -> bool:
    return store.store_delivery(uuid, "berlin", 7, "CONTRACT_UPDATED", BODY, now)


def test_duplicate_uuid_is_refused(store: Store, now: datetime) -> None:
    assert _store(store, "7b1f", now) is True
    assert _store(store, "7b1f", now) is False
    (row,) = store.deliveries()
    assert (row.body, row.entity_id, row.status) == (BODY, 7, DeliveryStatus.RECEIVED)


def test_claim_and_finish(store: Store, now: datetime) -> None:
    for uuid in ("a", "b", "c"):
        _store(store, uuid, now)
    claimed = store.claim_deliveries(2, now)
    assert [d.uuid for d in claimed] == ["a", "b"]
    assert all(d.status is DeliveryStatus.PROCESSING and d.attempts == 1 for d in claimed)
    assert [d.uuid for d in store.claim_deliveries(5, now)] == ["c"]
    assert store.finish_delivery(claimed[0].id, "processed", None, now) is True
    assert store.finish_delivery(claimed[0].id, "failed", None, now) is False
    assert store.finish_delivery(claimed[1].id, DeliveryStatus.DROPPED, "unknown type", now)
    done = store.get_delivery(claimed[1].id)
    assert done is not None and (done.status, done.detail, done.processed_at) == (
        DeliveryStatus.DROPPED,
        "unknown type",
        now,
    )


def test_finish_as_received_retries_later(store: Store, now: datetime) -> None:
    _store(store, "a", now)
    (claimed,) = store.claim_deliveries(1, now)
    assert store.finish_delivery(claimed.id, "received", "API 503", now)
    (again,) = store.claim_deliveries(1, now)
    assert again.attempts == 2 and again.processed_at is None


def test_finish_cannot_claim(store: Store, now: datetime) -> None:
    with pytest.raises(ValueError):
        store.finish_delivery(1, "processing", None, now)


def test_stuck_rows_of_a_dead_process_are_requeued(store: Store, now: datetime) -> None:
    _store(store, "old", now)
    store.claim_deliveries(1, now)
    _store(store, "young", now)
    store.claim_deliveries(1, now + timedelta(minutes=9))
    assert store.requeue_stuck(now + timedelta(minutes=10), timedelta(minutes=5)) == 1
    assert [d.uuid for d in store.deliveries("received")] == ["old"]
    assert [d.uuid for d in store.deliveries("processing")] == ["young"]


def test_a_delivery_that_keeps_crashing_is_given_up(store: Store, now: datetime) -> None:
    _store(store, "poison", now)
    moment = now
    for _ in range(3):
        store.claim_deliveries(1, moment)
        moment += timedelta(minutes=10)
        store.requeue_stuck(moment, timedelta(minutes=5), max_attempts=3)
    (row,) = store.deliveries()
    assert row.status is DeliveryStatus.FAILED and row.attempts == 3
    assert row.detail is not None and "gave up" in row.detail
