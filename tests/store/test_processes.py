"""Real processes on one new file: they migrate it together, then a tap from each makes one
purchase and one conversation save."""

from __future__ import annotations

import multiprocessing
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.store import OperationInFlight, StaleConversation, Store

WORKERS = 4


def _tap(path: str, now: datetime, barrier: Any, results: Any) -> None:
    barrier.wait(timeout=20)
    with Store.open(path) as store:
        try:
            op = store.begin_operation(
                "purchase", studio="berlin", contract_id=1000, subject=203, request={}, now=now
            )
            purchase = f"op{op.id}"
        except OperationInFlight:
            purchase = "in-flight"
        try:
            store.save_conversation("telegram", "42", "done", {}, None, expected_version=0, now=now)
            saved = "saved"
        except StaleConversation:
            saved = "stale"
        results.put((purchase, saved))


def test_processes_serialize_on_the_file(db_path: Path, now: datetime) -> None:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(WORKERS)
    results = context.Queue()
    workers = [
        context.Process(target=_tap, args=(str(db_path), now, barrier, results))
        for _ in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=30) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    purchases = [p for p, _ in outcomes]
    assert purchases.count("in-flight") == WORKERS - 1
    assert [s for _, s in outcomes].count("saved") == 1
    with Store.open(db_path) as store:
        assert store.schema_version() == Store.LATEST_SCHEMA_VERSION
        assert len(store.open_operations()) == 1
        conversation = store.load_conversation("telegram", "42")
        assert conversation is not None and conversation.version == 1
