"""Button tokens: every outcome of a tap, and that only a good tap consumes the token."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.store import (
    Store,
    TokenExpired,
    TokenForeign,
    TokenRejected,
    TokenUnknown,
    TokenUsed,
)

LATER = timedelta(minutes=15)


def _issue(store: Store, now: datetime, chat_id: str = "42") -> str:
    return store.issue_token("telegram", chat_id, "buy", {"module": 203}, now + LATER, now)


def test_token_is_short_and_url_safe(store: Store, now: datetime) -> None:
    tokens = {_issue(store, now) for _ in range(50)}
    assert len(tokens) == 50
    for token in tokens:
        assert len(token.encode()) <= 22
        assert token.replace("-", "").replace("_", "").isalnum()


def test_redeem_returns_the_meaning_and_consumes(store: Store, now: datetime) -> None:
    token = _issue(store, now)
    redeemed = store.redeem_token(token, "telegram", "42", now + timedelta(minutes=1))
    assert (redeemed.action, redeemed.payload) == ("buy", {"module": 203})
    assert redeemed.used_at == now + timedelta(minutes=1)
    peeked = store.peek_token(token)
    assert peeked is not None and peeked.used_at == redeemed.used_at


def test_replay_is_used(store: Store, now: datetime) -> None:
    token = _issue(store, now)
    store.redeem_token(token, "telegram", "42", now)
    with pytest.raises(TokenUsed):
        store.redeem_token(token, "telegram", "42", now)


@pytest.mark.parametrize("forged", ["AAAAAAAAAAAAAAAAAAAAAA", "", "x" * 5000, "' OR 1=1 --"])
def test_forged_token_is_unknown(store: Store, now: datetime, forged: str) -> None:
    _issue(store, now)
    with pytest.raises(TokenUnknown):
        store.redeem_token(forged, "telegram", "42", now)


def test_foreign_token_is_refused_and_stays_usable(store: Store, now: datetime) -> None:
    token = _issue(store, now, chat_id="42")
    with pytest.raises(TokenForeign):
        store.redeem_token(token, "telegram", "666", now)
    with pytest.raises(TokenForeign):
        store.redeem_token(token, "slack", "42", now)
    assert store.redeem_token(token, "telegram", "42", now).chat_id == "42"


def test_expired_token_is_refused(store: Store, now: datetime) -> None:
    token = _issue(store, now)
    with pytest.raises(TokenExpired):
        store.redeem_token(token, "telegram", "42", now + LATER)
    peeked = store.peek_token(token)
    assert peeked is not None and peeked.used_at is None


def test_voided_tokens_expire_but_others_live(store: Store, now: datetime) -> None:
    mine, used, other = _issue(store, now), _issue(store, now), _issue(store, now, chat_id="7")
    store.redeem_token(used, "telegram", "42", now)
    assert store.void_tokens("telegram", "42", now=now) == 1
    with pytest.raises(TokenExpired):
        store.redeem_token(mine, "telegram", "42", now)
    with pytest.raises(TokenUsed):
        store.redeem_token(used, "telegram", "42", now)
    assert store.redeem_token(other, "telegram", "7", now).token == other


def test_every_rejection_shares_one_base(store: Store, now: datetime) -> None:
    with pytest.raises(TokenRejected):
        store.redeem_token("nope", "telegram", "42", now)


@pytest.mark.parametrize("forged", ["\ud800", "a\udfffb", "token with spaces", "x" * 65, ""])
def test_a_token_no_issue_could_make_is_unknown_without_a_query(
    store: Store, now: datetime, forged: str
) -> None:
    """A lone surrogate used to reach SQLite, which cannot encode it (UnicodeEncodeError)."""
    with pytest.raises(TokenUnknown):
        store.redeem_token(forged, "telegram", "42", now)
    assert store.peek_token(forged) is None


def test_token_must_expire_after_issue(store: Store, now: datetime) -> None:
    with pytest.raises(ValueError):
        store.issue_token("telegram", "42", "buy", {}, now, now)
