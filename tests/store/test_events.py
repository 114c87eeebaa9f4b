"""Audit trail and the funnel figures staff ask for."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from bot.store import FunnelEvent, Store


def test_audit_events_newest_first_and_filtered(store: Store, now: datetime) -> None:
    store.audit("slack:U1", "link_code.issued", studio="berlin", subject="customer:7", now=now)
    later = now + timedelta(minutes=1)
    store.audit("system", "reconciled", studio="hamburg", detail={"operation": 3}, now=later)
    events = store.audit_events()
    assert [e.action for e in events] == ["reconciled", "link_code.issued"]
    assert events[0].detail == {"operation": 3} and events[0].at == later
    assert [e.actor for e in store.audit_events(studio="berlin")] == ["slack:U1"]
    assert store.audit_events(since=later + timedelta(seconds=1)) == []


def _funnel(store: Store, event: str, at: datetime, **kw: object) -> None:
    store.record_funnel(event, studio="berlin", now=at, **kw)  # type: ignore[arg-type]


def test_funnel_counts_events_modules_and_revenue(store: Store, now: datetime) -> None:
    sauna = {"module_id": 203, "module_name": "Sauna"}
    towel = {"module_id": 204, "module_name": "Towel flat"}
    for _ in range(4):
        _funnel(store, FunnelEvent.OFFERS_SHOWN, now)
    _funnel(store, "validated", now, validation_status="ADDITIONAL_MODULE_PURCHASABLE", **sauna)
    _funnel(store, "validated", now, validation_status="ADDITIONAL_MODULE_PURCHASABLE", **towel)
    _funnel(
        store,
        "validated",
        now,
        validation_status="ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED",
        **sauna,
    )
    _funnel(store, "purchased", now, amount=Decimal("9.90"), currency="EUR", **sauna)
    _funnel(store, "purchased", now, amount="4.95", currency="EUR", **towel)
    _funnel(store, "purchased", now, amount=Decimal("0.10"), currency="EUR", **sauna)
    _funnel(store, "canceled", now, **towel)
    _funnel(store, "withdrawn", now, **towel)
    _funnel(store, "purchased", now - timedelta(days=40), amount="100", currency="EUR", **sauna)
    store.record_funnel("purchased", studio="hamburg", now=now, amount="50", currency="EUR")

    counts = store.funnel_counts("berlin", now - timedelta(days=30))

    assert (counts.offers_shown, counts.validations, counts.purchases) == (4, 3, 3)
    assert (counts.cancelations, counts.withdrawals) == (1, 1)
    assert counts.conversion == pytest.approx(0.75)
    assert counts.revenue == {"EUR": Decimal("14.95")}
    assert counts.validation_statuses == {
        "ADDITIONAL_MODULE_PURCHASABLE": 2,
        "ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED": 1,
    }
    first, second = counts.by_module
    assert (first.module_id, first.module_name, first.counts) == (
        203,
        "Sauna",
        {"validated": 2, "purchased": 2},
    )
    assert first.revenue == {"EUR": Decimal("10.00")}
    assert second.counts == {"validated": 1, "purchased": 1, "canceled": 1, "withdrawn": 1}


def test_funnel_window_end_and_empty_period(store: Store, now: datetime) -> None:
    _funnel(store, "offers_shown", now)
    _funnel(store, "purchased", now + timedelta(days=1), amount="9.90", currency="EUR")
    counts = store.funnel_counts("berlin", now, until=now + timedelta(days=1))
    assert (counts.offers_shown, counts.purchases, counts.revenue) == (1, 0, {})
    empty = store.funnel_counts("berlin", now + timedelta(days=2))
    assert empty.conversion is None and empty.by_module == []


@pytest.mark.parametrize("amount", [9.9, "nine", "NaN"])
def test_amount_must_be_an_exact_decimal(store: Store, now: datetime, amount: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        store.record_funnel("purchased", studio="berlin", now=now, amount=amount)  # type: ignore[arg-type]
    assert store.funnel_counts("berlin", now).purchases == 0
