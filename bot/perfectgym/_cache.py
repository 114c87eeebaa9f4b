"""Recent answers of a few reads, kept per process so a dialog does not ask twice.

What may be served from here, and for how long, is the caller's choice (``cached=True`` on
the client's read); everything else always asks PerfectGym. Entries are bounded in number
(least recently used go first) and in age (``seconds``, ``preference_seconds``), and are
dropped when something says they changed: every write on a contract (purchase, cancel,
withdraw, whatever its outcome), a ``CONTRACT_*`` webhook for the customer, a
``CUSTOMER_COMMUNICATION_PREFERENCES_UPDATED`` webhook. Another process's cache learns of a
change only through its own webhooks or its age limit.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from bot.clock import Clock

CATALOGUE = "catalogue"
PURCHASABLE = "purchasable"
CONTRACTS = "contracts"
PREFERENCES = "preferences"


@dataclass(frozen=True)
class _Entry:
    value: Any
    expires: float
    customer: int | None
    contracts: frozenset[int]


class ReadCache:
    """An LRU of read answers with an age limit per kind; ``seconds=0`` keeps nothing."""

    def __init__(
        self,
        clock: Clock,
        *,
        seconds: float = 60.0,
        preference_seconds: float = 600.0,
        max_entries: int = 10_000,
    ) -> None:
        if seconds < 0 or preference_seconds < 0 or max_entries < 1:
            raise ValueError("cache ages must not be negative and max_entries at least 1")
        self._clock = clock
        self._seconds = seconds
        self._preference_seconds = preference_seconds
        self._max = max_entries
        self._entries: OrderedDict[tuple[Hashable, ...], _Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: tuple[Hashable, ...]) -> Any | None:
        """The value if it is young enough (it becomes the most recently used), else None."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.expires <= self._clock.monotonic():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return entry.value

    def put(
        self,
        key: tuple[Hashable, ...],
        value: Any,
        *,
        customer: int | None = None,
        contracts: frozenset[int] = frozenset(),
    ) -> None:
        """Keep ``value``; ``customer`` and ``contracts`` say which changes make it stale."""
        age = self._preference_seconds if key[0] == PREFERENCES else self._seconds
        if age <= 0:
            return
        self._entries[key] = _Entry(value, self._clock.monotonic() + age, customer, contracts)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)

    def purchasable(self, contract_id: int, language: str | None = None) -> list[Any] | None:
        """The purchasable list a cached read would answer with now (None: it would ask)."""
        hit = self.get((PURCHASABLE, contract_id, language))
        return None if hit is None else list(hit)

    def contracts(self, customer_id: int, language: str | None = None) -> list[Any] | None:
        """All of a customer's contracts as a cached read would answer now (None: it would ask)."""
        hit = self.get((CONTRACTS, customer_id, None, language))
        return None if hit is None else list(hit)

    def preferences(self, customer_id: int, language: str | None = None) -> list[Any] | None:
        """The preferences a cached read would answer with now (None: it would ask)."""
        hit = self.get((PREFERENCES, customer_id, language))
        return None if hit is None else list(hit)

    def forget_contract(self, contract_id: int) -> None:
        """A write on a main contract: its purchasable list and every contract list naming it."""
        self._drop(lambda key, entry: contract_id in entry.contracts)

    def forget_customer(self, customer_id: int) -> None:
        """A ``CONTRACT_*`` webhook: the customer's contracts and their purchasable lists."""
        theirs: set[int] = set()
        for key, entry in self._entries.items():
            if entry.customer == customer_id and key[0] != PREFERENCES:
                theirs |= entry.contracts
        self._drop(
            lambda key, entry: (
                key[0] != PREFERENCES
                and (entry.customer == customer_id or bool(entry.contracts & theirs))
            )
        )

    def forget_preferences(self, customer_id: int) -> None:
        self._drop(lambda key, entry: key[0] == PREFERENCES and entry.customer == customer_id)

    def clear(self) -> None:
        self._entries.clear()

    def _drop(self, stale: Any) -> None:
        for key in [key for key, entry in self._entries.items() if stale(key, entry)]:
            del self._entries[key]


__all__ = ["CATALOGUE", "CONTRACTS", "PREFERENCES", "PURCHASABLE", "ReadCache"]
