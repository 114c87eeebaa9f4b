"""Processed-delivery dedupe and attempt counters, both shared across Store handles."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.store import Store
from tests.store.conftest import OpenStore


def test_delivery_is_new_only_once_across_processes(open_store: OpenStore, now: datetime) -> None:
    first, second = open_store(), open_store()
    assert first.mark_processed("telegram", "1001", now) is True
    assert second.mark_processed("telegram", "1001", now) is False
    assert first.mark_processed("telegram", "1001", now) is False
    assert second.mark_processed("slack", "1001", now) is True


def test_forgotten_delivery_can_be_handled_again(store: Store, now: datetime) -> None:
    store.mark_processed("telegram", "1", now)
    assert store.forget_processed("telegram", "1") is True
    assert store.mark_processed("telegram", "1", now) is True


def test_attempts_are_counted_in_a_window(store: Store, now: datetime) -> None:
    for minutes in (0, 5, 10):
        store.record_attempt("link.chat", "telegram:42", now + timedelta(minutes=minutes))
    store.record_attempt("link.chat", "telegram:7", now)
    store.record_attempt("link.number", "telegram:42", now)
    assert store.count_attempts("link.chat", "telegram:42", now) == 3
    assert store.count_attempts("link.chat", "telegram:42", now + timedelta(minutes=5)) == 2
    assert store.count_attempts("link.chat", "telegram:42", now + timedelta(hours=1)) == 0


def test_clear_and_prune_attempts(store: Store, now: datetime) -> None:
    store.record_attempt("link.chat", "a", now - timedelta(days=2))
    store.record_attempt("link.chat", "a", now)
    store.record_attempt("link.chat", "b", now)
    assert store.prune_attempts(now - timedelta(days=1)) == 1
    assert store.clear_attempts("link.chat", "a") == 1
    assert store.count_attempts("link.chat", "a", now - timedelta(days=9)) == 0
    assert store.count_attempts("link.chat", "b", now - timedelta(days=9)) == 1
