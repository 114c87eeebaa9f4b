"""The operations ledger: at most one open money action per subject, in every process."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest

from bot.store import (
    Operation,
    OperationClosed,
    OperationInFlight,
    OperationKind,
    OperationNotFound,
    OperationStatus,
    Store,
)
from tests.store.conftest import OpenStore

REQUEST = {"additionalModuleId": 203, "paymentFrequencyId": 5, "bookTrialPeriod": False}


def _begin(store: Store, now: datetime, **overrides: object) -> Operation:
    values: dict[str, object] = {
        "studio": "berlin",
        "contract_id": 1000,
        "subject": 203,
        "request": REQUEST,
        "now": now,
        "platform": "telegram",
        "chat_id": "42",
        "customer_id": 7,
    }
    values.update(overrides)
    kind = values.pop("kind", OperationKind.PURCHASE)
    return store.begin_operation(kind, **values)  # type: ignore[arg-type]


def test_begin_records_an_intent(store: Store, now: datetime) -> None:
    op = _begin(store, now)
    assert op.status is OperationStatus.INTENT and op.is_open
    assert (op.kind, op.subject, op.request) == (OperationKind.PURCHASE, "203", REQUEST)
    assert store.get_operation(op.id) == op


def test_second_open_operation_is_in_flight_across_processes(
    open_store: OpenStore, now: datetime
) -> None:
    first, second = open_store(), open_store()
    op = _begin(first, now)
    with pytest.raises(OperationInFlight) as info:
        _begin(second, now, chat_id="43")
    assert info.value.operation == op


@pytest.mark.parametrize(
    "other",
    [{"subject": 204}, {"contract_id": 1001}, {"studio": "hamburg"}, {"kind": "cancel"}],
)
def test_different_subjects_do_not_collide(
    store: Store, now: datetime, other: dict[str, object]
) -> None:
    _begin(store, now)
    assert _begin(store, now, **other).is_open


def test_unclear_stays_open_and_blocks(store: Store, now: datetime) -> None:
    op = _begin(store, now)
    store.mark_operation(op.id, "sent", now=now)
    store.mark_operation(op.id, OperationStatus.UNCLEAR, outcome={"error": "timeout"}, now=now)
    with pytest.raises(OperationInFlight):
        _begin(store, now)


def test_a_finished_operation_frees_the_subject(store: Store, now: datetime) -> None:
    op = _begin(store, now)
    later = now + timedelta(seconds=3)
    done = store.mark_operation(
        op.id, "succeeded", outcome={"id": 1001}, module_contract_id=1001, now=later
    )
    assert (done.status, done.module_contract_id, done.outcome) == ("succeeded", 1001, {"id": 1001})
    assert done.updated_at == later and not done.is_open
    assert _begin(store, now).id != op.id


def test_outcome_is_kept_when_not_given_again(store: Store, now: datetime) -> None:
    op = _begin(store, now)
    store.mark_operation(op.id, "unclear", outcome={"error": "timeout"}, now=now)
    done = store.mark_operation(op.id, "reconciled", module_contract_id=1001, now=now)
    assert done.outcome == {"error": "timeout"} and done.module_contract_id == 1001


def test_a_closed_operation_cannot_change(store: Store, now: datetime) -> None:
    op = _begin(store, now)
    store.mark_operation(op.id, "failed", now=now)
    with pytest.raises(OperationClosed) as info:
        store.mark_operation(op.id, "succeeded", now=now)
    assert info.value.operation.status is OperationStatus.FAILED


def test_unknown_operation_and_status(store: Store, now: datetime) -> None:
    with pytest.raises(OperationNotFound):
        store.mark_operation(999, "failed", now=now)
    op = _begin(store, now)
    with pytest.raises(ValueError):
        store.mark_operation(op.id, "done", now=now)


def test_open_operations_for_reconciliation(store: Store, now: datetime) -> None:
    stale = _begin(store, now)
    fresh = _begin(store, now + timedelta(minutes=5), subject=204, chat_id="7")
    closed = _begin(store, now, subject=205)
    store.mark_operation(closed.id, "succeeded", now=now)
    assert [op.id for op in store.open_operations()] == [stale.id, fresh.id]
    assert [op.id for op in store.open_operations(chat_id="7")] == [fresh.id]
    cutoff = now + timedelta(minutes=1)
    assert [op.id for op in store.open_operations(updated_before=cutoff)] == [stale.id]
    assert store.open_operations(studio="hamburg") == []
    assert [op.id for op in store.operations_for_chat("telegram", "42")] == [closed.id, stale.id]
    assert [op.id for op in store.operations_for_chat("telegram", "42", open_only=True)] == [
        stale.id
    ]


def test_concurrent_taps_make_one_operation(open_store: OpenStore, now: datetime) -> None:
    stores = [open_store() for _ in range(4)]
    barrier = threading.Barrier(len(stores))
    results: list[object] = []
    lock = threading.Lock()

    def tap(store: Store) -> None:
        barrier.wait()
        try:
            result: object = _begin(store, now)
        except OperationInFlight as exc:
            result = exc
        with lock:
            results.append(result)

    threads = [threading.Thread(target=tap, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(isinstance(r, Operation) for r in results) == 1
    assert sum(isinstance(r, OperationInFlight) for r in results) == 3
