"""Reminder outcomes for ``/metrics``: sent, skipped by reason, postponed by reason."""

from __future__ import annotations

from datetime import datetime

from bot.metrics import REGISTRY
from bot.store import ReminderStatus
from tests.webhooks.harness import Stack, at_berlin

REMINDERS = "upsell_reminders_total"


def count(rule: str, outcome: str, reason: str = "") -> float:
    labels = {"rule": rule, "outcome": outcome, "reason": reason}
    return REGISTRY.get_sample_value(REMINDERS, labels) or 0.0


async def test_sent_and_postponed_reminders_are_counted(stack: Stack) -> None:
    sent = count("cancelation", "sent")
    quiet = count("cancelation", "postponed", "quiet_hours")
    david = stack.member("david")
    await david.link("1-1004", "20.01.1985")  # towels, cancelation pending verification
    await stack.settle()
    await stack.hub.plan()
    (row,) = stack.rows(ReminderStatus.PENDING, rule="cancelation")
    at_berlin(stack.clock, datetime(2026, 12, 24, 22, 30))  # due, but in the quiet hours
    await stack.hub.send_due()
    assert count("cancelation", "postponed", "quiet_hours") == quiet + 1
    stack.clock.set(row.due_at.replace(day=25, hour=10))
    assert (await stack.hub.send_due()).sent == 1
    assert count("cancelation", "sent") == sent + 1


async def test_skipped_reminders_are_counted_by_reason(stack: Stack) -> None:
    taken_back = count("cancelation", "skipped", "the_cancelation_was_taken_back")
    david = stack.member("david")
    await david.link("1-1004", "20.01.1985")  # towels, cancelation pending
    await stack.settle()
    await stack.hub.plan()
    (row,) = stack.rows(ReminderStatus.PENDING, rule="cancelation")
    (towels,) = stack.sandbox.module_contracts_of(5005)
    stack.sandbox.withdraw(stack.sandbox.studios[1], towels)  # at the desk, after planning
    stack.clock.set(row.due_at)
    await stack.hub.send_due()
    assert count("cancelation", "skipped", "the_cancelation_was_taken_back") == taken_back + 1
