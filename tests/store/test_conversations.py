"""Conversation state survives restarts and a lost race is refused, never merged."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest

from bot.store import StaleConversation, Store
from tests.store.conftest import OpenStore


def test_new_conversation_round_trips(store: Store, now: datetime) -> None:
    expires = now + timedelta(minutes=10)
    data = {"module": 203, "frequency": 5, "label": "Sauna – 9,90 €"}
    version = store.save_conversation(
        "telegram", "42", "confirm", data, expires, expected_version=0, now=now
    )
    saved = store.load_conversation("telegram", "42")
    assert version == 1 and saved is not None
    assert (saved.state, saved.data, saved.version) == ("confirm", data, 1)
    assert saved.expires_at == expires and saved.updated_at == now
    assert not saved.is_expired(now) and saved.is_expired(expires)


def test_each_save_bumps_the_version(store: Store, now: datetime) -> None:
    store.save_conversation("telegram", "42", "a", {}, None, expected_version=0, now=now)
    assert (
        store.save_conversation("telegram", "42", "b", {}, None, expected_version=1, now=now) == 2
    )
    assert (
        store.save_conversation("telegram", "42", "c", {}, None, expected_version=2, now=now) == 3
    )
    saved = store.load_conversation("telegram", "42")
    assert saved is not None and (saved.state, saved.version) == ("c", 3)


def test_insert_over_an_existing_row_is_stale(store: Store, now: datetime) -> None:
    store.save_conversation("telegram", "42", "a", {"x": 1}, None, expected_version=0, now=now)
    with pytest.raises(StaleConversation) as info:
        store.save_conversation("telegram", "42", "b", {}, None, expected_version=0, now=now)
    assert (info.value.expected_version, info.value.current_version) == (0, 1)
    saved = store.load_conversation("telegram", "42")
    assert saved is not None and saved.data == {"x": 1}


def test_update_of_a_deleted_conversation_is_stale(store: Store, now: datetime) -> None:
    store.save_conversation("telegram", "42", "a", {}, None, expected_version=0, now=now)
    assert store.delete_conversation("telegram", "42") is True
    with pytest.raises(StaleConversation) as info:
        store.save_conversation("telegram", "42", "b", {}, None, expected_version=1, now=now)
    assert info.value.current_version is None
    assert store.load_conversation("telegram", "42") is None


def test_two_processes_racing_one_wins(open_store: OpenStore, now: datetime) -> None:
    first, second = open_store(), open_store()
    first.save_conversation("telegram", "42", "menu", {}, None, expected_version=0, now=now)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def turn(name: str, store: Store) -> None:
        loaded = store.load_conversation("telegram", "42")
        assert loaded is not None
        barrier.wait()
        try:
            outcomes[name] = store.save_conversation(
                "telegram", "42", name, {"by": name}, None, expected_version=loaded.version, now=now
            )
        except StaleConversation as exc:
            outcomes[name] = exc

    threads = [
        threading.Thread(target=turn, args=("first", first)),
        threading.Thread(target=turn, args=("second", second)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [name for name, result in outcomes.items() if result == 2]
    losers = [r for r in outcomes.values() if isinstance(r, StaleConversation)]
    assert len(winners) == 1 and len(losers) == 1
    saved = second.load_conversation("telegram", "42")
    assert saved is not None and saved.state == winners[0] and saved.version == 2


def test_data_that_json_cannot_hold_is_refused_before_writing(store: Store, now: datetime) -> None:
    with pytest.raises(TypeError, match="JSON"):
        store.save_conversation(
            "telegram", "42", "a", {"at": now}, None, expected_version=0, now=now
        )
    assert store.load_conversation("telegram", "42") is None
