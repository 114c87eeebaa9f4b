"""Staff link codes: short, unambiguous, single-use, expiring, and never stored in the clear."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

from bot.store import CODE_ALPHABET, Store
from tests.store.conftest import OpenStore

TTL = timedelta(hours=24)


def _create(store: Store, now: datetime, customer_id: int = 7) -> str:
    return store.create_link_code("berlin", customer_id, "slack:U123", TTL, now)


def test_code_fits_a_deep_link_and_avoids_ambiguous_characters(store: Store, now: datetime) -> None:
    for _ in range(20):
        code = _create(store, now)
        assert re.fullmatch(r"[A-Za-z0-9_-]{8,10}", code)
        assert not set(code) & set("0O1I") and set(code) <= set(CODE_ALPHABET)


def test_code_links_once(open_store: OpenStore, now: datetime) -> None:
    first, second = open_store(), open_store()
    code = _create(first, now)
    used = second.consume_link_code(code, "telegram", "42", now + timedelta(minutes=1))
    assert used is not None
    assert (used.studio, used.customer_id, used.created_by) == ("berlin", 7, "slack:U123")
    assert (used.used_by_platform, used.used_by_chat) == ("telegram", "42")
    assert first.consume_link_code(code, "telegram", "43", now) is None


def test_find_checks_without_consuming(store: Store, now: datetime) -> None:
    code = _create(store, now)
    found = store.find_link_code(code, now)
    assert found is not None and found.customer_id == 7 and found.used_at is None
    assert store.consume_link_code(code, "telegram", "42", now) is not None
    assert store.find_link_code(code, now) is None
    assert store.find_link_code(_create(store, now), now + TTL) is None


def test_typed_code_may_differ_in_case_spaces_and_dashes(store: Store, now: datetime) -> None:
    code = _create(store, now)
    typed = f" {code[:4].lower()}-{code[4:]} "
    assert store.consume_link_code(typed, "telegram", "42", now) is not None


def test_expired_and_unknown_codes_get_the_same_answer(store: Store, now: datetime) -> None:
    code = _create(store, now)
    assert store.consume_link_code(code, "telegram", "42", now + TTL) is None
    assert store.consume_link_code("ABCDEFGHJK", "telegram", "42", now) is None
    assert store.consume_link_code("", "telegram", "42", now) is None


def test_revoked_codes_stop_working(store: Store, now: datetime) -> None:
    old, other = _create(store, now), _create(store, now, customer_id=8)
    assert store.revoke_link_codes("berlin", 7, now=now) == 1
    assert store.consume_link_code(old, "telegram", "42", now) is None
    assert store.consume_link_code(other, "telegram", "42", now) is not None


def _file_bytes(path: Path) -> bytes:
    parts = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    return b"".join(p.read_bytes() for p in parts if p.exists())


def test_only_a_keyed_hash_is_stored(db_path: Path, open_store: OpenStore, now: datetime) -> None:
    store = open_store(secret="pepper")
    code = _create(store, now)
    assert code.encode() not in _file_bytes(db_path)
    store.close()
    content = _file_bytes(db_path)
    assert code.encode() not in content and code.lower().encode() not in content
    assert store.hash_link_code(code).encode() in content


def test_a_different_secret_does_not_accept_the_code(open_store: OpenStore, now: datetime) -> None:
    code = _create(open_store(secret="pepper"), now)
    assert open_store(secret="other").consume_link_code(code, "telegram", "42", now) is None
    assert open_store(secret="pepper").consume_link_code(code, "telegram", "42", now) is not None
