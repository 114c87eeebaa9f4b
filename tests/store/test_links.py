"""Chat links, member settings, and "forget me" erasing the chat's personal data."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.store import ChatLink, ReminderStatus, Store, TokenUnknown, chat_key
from tests.store.conftest import raw_sql


def _link(now: datetime, chat_id: str = "42", customer_id: int = 7, **kw: object) -> ChatLink:
    values: dict[str, object] = {
        "platform": "telegram",
        "chat_id": chat_id,
        "studio": "berlin",
        "customer_id": customer_id,
        "customer_number": "M-1007",
        "contract_id": 1000,
        "linked_at": now,
        "updated_at": now,
    }
    values.update(kw)
    return ChatLink(**values)  # type: ignore[arg-type]


def test_link_round_trips_and_replaces(store: Store, now: datetime) -> None:
    link = _link(
        now, language="de", marketing_consent=True, consent_at=now, consent_version="offers-1"
    )
    store.save_link(link)
    assert store.get_link("telegram", "42") == link
    relinked = replace(link, contract_id=2000, updated_at=now + timedelta(days=1))
    store.save_link(relinked)
    assert store.get_link("telegram", "42") == relinked
    assert store.get_link("slack", "42") is None


def test_links_by_customer_and_studio(store: Store, now: datetime) -> None:
    store.save_link(_link(now, "1"))
    store.save_link(_link(now + timedelta(seconds=1), "2", platform="slack"))
    store.save_link(_link(now, "3", customer_id=8))
    store.save_link(_link(now, "4", studio="hamburg"))
    assert [(link.platform, link.chat_id) for link in store.links_for_customer("berlin", 7)] == [
        ("telegram", "1"),
        ("slack", "2"),
    ]
    assert len(store.all_links()) == 4
    assert {link.chat_id for link in store.all_links("berlin")} == {"1", "2", "3"}


def test_settings_change_only_the_named_field(store: Store, now: datetime) -> None:
    store.save_link(_link(now))
    later = now + timedelta(hours=1)
    assert store.set_language("telegram", "42", "en", now=later)
    assert store.set_marketing_consent("telegram", "42", True, version="v9", now=later)
    assert store.set_unreachable("telegram", "42", True, now=later)
    link = store.get_link("telegram", "42")
    assert link is not None
    assert (link.language, link.marketing_consent, link.unreachable) == ("en", True, True)
    assert (link.consent_at, link.consent_version) == (later, "v9")
    assert (link.linked_at, link.updated_at, link.contract_id) == (now, later, 1000)
    assert store.set_language("telegram", "nobody", "en", now=later) is False


def test_settings_without_now_leave_updated_at(store: Store, now: datetime) -> None:
    store.save_link(_link(now))
    assert store.set_unreachable("telegram", "42", True)
    link = store.get_link("telegram", "42")
    assert link is not None and link.unreachable and link.updated_at == now


def test_consent_is_never_set_for_a_chat_without_a_link(store: Store, now: datetime) -> None:
    assert store.set_marketing_consent("telegram", "42", True, version="v1", now=now) is False


def _personal_rows(path: Path) -> list[tuple[object, ...]]:
    """Every row anywhere that still names the chat or carries its payloads."""
    checks = [
        "SELECT 'link' FROM chat_links WHERE chat_id = '42'",
        "SELECT 'conversation' FROM conversations WHERE chat_id = '42'",
        "SELECT 'token' FROM button_tokens WHERE chat_id = '42'",
        "SELECT 'reminder' FROM reminder_outbox WHERE chat_id = '42'",
        "SELECT 'payload' FROM reminder_outbox WHERE chat_id IS NULL AND payload != '{}'",
        "SELECT 'attempt' FROM attempts WHERE key = 'telegram:42'",
        "SELECT 'code' FROM link_codes WHERE used_by_chat = '42'",
        "SELECT 'operation' FROM operations WHERE chat_id = '42'",
        "SELECT 'funnel' FROM funnel_events WHERE chat_id = '42' OR customer_id = 7",
    ]
    return [row for sql in checks for row in raw_sql(path, sql)]


def _remind(store: Store, key: str, chat_id: str, due_at: datetime, now: datetime) -> bool:
    return store.enqueue_reminder(
        key,
        rule="trial_end",
        studio="berlin",
        platform="telegram",
        chat_id=chat_id,
        due_at=due_at,
        payload={"name": "Anna"},
        now=now,
    )


def _fill_chat_42(store: Store, now: datetime) -> tuple[str, int]:
    """Personal data of chat 42 in every table; returns its button token and operation id."""
    store.save_link(_link(now))
    store.save_link(_link(now, "43", customer_id=8))
    store.save_conversation(
        "telegram", "42", "menu", {"name": "Anna"}, None, expected_version=0, now=now
    )
    token = store.issue_token("telegram", "42", "buy", {}, now + timedelta(hours=1), now)
    _remind(store, "sent", "42", now - timedelta(minutes=1), now)
    (sent,) = store.claim_due_reminders(now, limit=1)
    store.finish_reminder(sent.id, "sent", None, now)
    _remind(store, "pending", "42", now, now)
    _remind(store, "someone-else", "43", now, now)
    store.record_attempt("link.chat", chat_key("telegram", "42"), now)
    code = store.create_link_code("berlin", 7, "slack:U1", timedelta(hours=1), now)
    store.consume_link_code(code, "telegram", "42", now)
    op = store.begin_operation(
        "purchase",
        studio="berlin",
        contract_id=1000,
        subject=203,
        request={"additionalModuleId": 203},
        now=now,
        platform="telegram",
        chat_id="42",
        customer_id=7,
    )
    store.record_funnel(
        "offers_shown", studio="berlin", now=now, platform="telegram", chat_id="42", customer_id=7
    )
    return token, op.id


def test_delete_link_erases_the_chats_personal_data(
    store: Store, db_path: Path, now: datetime
) -> None:
    token, _ = _fill_chat_42(store, now)
    erased = store.erase_chat("telegram", "42")
    assert erased.link is not None and erased.link.customer_id == 7
    assert erased.conversations == 1 and erased.button_tokens == 1
    assert (erased.reminders_deleted, erased.reminders_anonymised) == (1, 1)
    assert _personal_rows(db_path) == []
    with pytest.raises(TokenUnknown):
        store.redeem_token(token, "telegram", "42", now)
    assert store.get_link("telegram", "43") is not None
    assert [r.key for r in store.reminders("pending")] == ["someone-else"]


def test_delete_link_keeps_what_money_audit_and_dedupe_need(store: Store, now: datetime) -> None:
    _, operation_id = _fill_chat_42(store, now)
    removed = store.delete_link("telegram", "42")
    assert removed is not None and (removed.studio, removed.customer_id) == ("berlin", 7)
    assert store.delete_link("telegram", "42") is None
    kept = store.get_operation(operation_id)
    assert (kept.chat_id, kept.contract_id, kept.customer_id, kept.request) == (
        None,
        1000,
        7,
        {"additionalModuleId": 203},
    )
    finished = store.get_reminder("sent")
    assert finished is not None and finished.status is ReminderStatus.SENT
    assert finished.chat_id is None and finished.payload == {}
    assert _remind(store, "sent", "42", now, now) is False
    assert store.funnel_counts("berlin", now).offers_shown == 1


def test_delete_link_without_a_link_still_erases(store: Store, now: datetime) -> None:
    store.save_conversation("telegram", "42", "menu", {}, None, expected_version=0, now=now)
    erased = store.erase_chat("telegram", "42")
    assert erased.link is None and erased.conversations == 1
    assert store.load_conversation("telegram", "42") is None
