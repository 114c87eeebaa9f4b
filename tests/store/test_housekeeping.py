"""Purging: old rows go after the grace period; recent and still-needed rows stay."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.store import Store, TokenExpired

HOUR = timedelta(hours=1)


def test_purge_removes_only_what_is_past_the_grace(store: Store, now: datetime) -> None:
    old = now - timedelta(days=10)
    store.issue_token("telegram", "42", "buy", {}, old + HOUR, old)
    recent = store.issue_token("telegram", "42", "buy", {}, now - HOUR, now - 2 * HOUR)
    store.create_link_code("berlin", 7, "slack:U1", HOUR, old)
    store.save_conversation("telegram", "1", "confirm", {}, old + HOUR, expected_version=0, now=old)
    store.save_conversation("telegram", "2", "menu", {}, None, expected_version=0, now=old)
    store.mark_processed("telegram", "1", old)
    store.mark_processed("telegram", "2", now)
    store.record_attempt("link.chat", "telegram:42", old)
    for uuid, status in (("done", "processed"), ("broken", "failed")):
        store.store_delivery(uuid, "berlin", 7, "CONTRACT_UPDATED", {}, old)
        (row,) = store.claim_deliveries(1, old)
        store.finish_delivery(row.id, status, None, old)

    purged = store.purge_expired(now)

    assert (purged.button_tokens, purged.link_codes, purged.conversations) == (1, 1, 1)
    assert (purged.processed_deliveries, purged.attempts, purged.webhook_deliveries) == (1, 1, 1)
    with pytest.raises(TokenExpired):
        store.redeem_token(recent, "telegram", "42", now)
    assert store.load_conversation("telegram", "2") is not None
    assert store.mark_processed("telegram", "2", now) is False
    assert [d.uuid for d in store.deliveries()] == ["broken"]
