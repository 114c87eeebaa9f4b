"""The staff texts: every key the desk builds exists (their words are read for both languages in
``tests/conversations/test_words.py``)."""

from __future__ import annotations

import pytest

from bot.app.reminders import ChangeKind
from bot.perfectgym import CancelationStatus, ContractStatus, CustomerStatus
from conversations import texts
from conversations.staff import OfferOutcome


@pytest.mark.parametrize(
    "key",
    [
        *(f"staff_status_{s.value}" for s in (*ContractStatus, *CustomerStatus)),
        *(f"staff_cancelation_{s.value}" for s in CancelationStatus),
        *(f"staff_offer_{o.value}" for o in OfferOutcome),
        *(f"feed_change_{c.value}" for c in ChangeKind),
        *(
            f"feed_problem_{p}{suffix}"
            for p in (
                "unclear_purchase",
                "unclear_cancel",
                "unclear_withdraw",
                "api_access",
                "receipt_not_logged",
            )
            for suffix in ("", "_title")
        ),
        *(f"feed_option_{o}" for o in ("daily", "weekly", "monthly", "yearly", "every", "once")),
        *(f"staff_stats_col_{c}" for c in ("module", "shown", "bought", "conversion", "monthly")),
        *(f"staff_help_{t}" for t in ("campaigns", "campaign_cancel")),
        *(
            f"staff_reason_{r}"
            for r in (
                "no_chat",
                "blocked",
                "blocked_or_left",
                "not_opted_in",
                "opted_out",
                "preferences_unreadable",
                "preferences_failed",
                "already_booked",
                "no_longer_offered",
                "perfectgym_failed",
                "busy",
                "delivery_unknown",
                "not_taken",
            )
        ),
    ],
)
def test_every_key_the_desk_builds_exists(key: str) -> None:
    assert texts.has_text(key), key
