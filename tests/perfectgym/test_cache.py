"""The client's read cache: bounded in size and age, dropped by what changes it."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FakeClock
from bot.perfectgym import ReadCache
from bot.perfectgym._cache import CONTRACTS, PREFERENCES, PURCHASABLE


def test_entries_expire_after_their_age_limit() -> None:
    clock = FakeClock()
    cache = ReadCache(clock, seconds=60, preference_seconds=600)
    cache.put((PURCHASABLE, 5001, "en"), ("sauna",), contracts=frozenset({5001}))
    cache.put((PREFERENCES, 1001, None), ("chat on",), customer=1001)
    clock.advance(timedelta(seconds=59))
    assert cache.purchasable(5001, "en") == ["sauna"]
    clock.advance(timedelta(seconds=1))
    assert cache.purchasable(5001, "en") is None
    assert cache.preferences(1001) == ["chat on"]
    clock.advance(timedelta(seconds=540))
    assert cache.preferences(1001) is None


def test_the_least_recently_used_entry_goes_first() -> None:
    cache = ReadCache(FakeClock(), max_entries=2)
    for contract in (1, 2):
        cache.put((PURCHASABLE, contract, None), (contract,), contracts=frozenset({contract}))
    assert cache.purchasable(1) == [1]  # now the most recently used
    cache.put((PURCHASABLE, 3, None), (3,), contracts=frozenset({3}))
    assert len(cache) == 2 and cache.purchasable(2) is None and cache.purchasable(1) == [1]


def test_a_zero_age_keeps_nothing() -> None:
    cache = ReadCache(FakeClock(), seconds=0)
    cache.put((PURCHASABLE, 1, None), (1,))
    assert len(cache) == 0


def test_changes_drop_what_they_touch_and_nothing_else() -> None:
    cache = ReadCache(FakeClock())
    cache.put((CONTRACTS, 1001, None, "en"), ("c",), customer=1001, contracts=frozenset({5001}))
    cache.put((PURCHASABLE, 5001, "en"), ("m",), contracts=frozenset({5001}))
    cache.put((PURCHASABLE, 5002, "en"), ("m",), contracts=frozenset({5002}))
    cache.put((PREFERENCES, 1001, None), ("p",), customer=1001)
    cache.forget_customer(1001)  # a CONTRACT_* webhook naming no contract
    assert cache.contracts(1001, "en") is None and cache.purchasable(5001, "en") is None
    assert cache.purchasable(5002, "en") == ["m"] and cache.preferences(1001) == ["p"]
    cache.forget_contract(5002)  # a write on that contract
    assert cache.purchasable(5002, "en") is None
    cache.forget_preferences(1001)
    assert len(cache) == 0
