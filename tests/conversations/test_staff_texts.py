"""The staff texts: every key the desk builds exists, and each language stays itself."""

from __future__ import annotations

import re

import pytest

from bot.app.reminders import ChangeKind
from bot.perfectgym import CancelationStatus, ContractStatus, CustomerStatus
from conversations import texts
from conversations.staff import OfferOutcome

STAFF_KEYS = [k for k in texts.keys() if k.startswith(("staff_", "feed_", "linked_by_studio"))]
ENGLISH = re.compile(
    r"\b(the|and|please|sorry|customer|member|booked|canceled|cancelation|trial|"
    r"price|month|campaign|offers?|with|without|from|until|once)\b",
    re.IGNORECASE,
)
GERMAN = re.compile(
    r"\b(der|die|das|und|bitte|mitglied|gebucht|gekündigt|kündigung|testphase|preis|"
    r"monat|kampagne|angebot|mit|ohne|bis|einmalig|nicht)\b",
    re.IGNORECASE,
)
ALLOWED = re.compile(r"`[^`]*`|\{[a-z_]+\}|\([A-Z_]+\)|SLACK_[A-Z_]+|PerfectGym|Slack|Telegram")


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
    ],
)
def test_every_key_the_desk_builds_exists(key: str) -> None:
    assert texts.has_text(key), key


@pytest.mark.parametrize("key", STAFF_KEYS)
def test_no_english_word_in_german_staff_texts_and_the_reverse(key: str) -> None:
    values = {name: "X" for name in texts.placeholders(key, "en")}
    german = ALLOWED.sub(" ", texts.text(key, "de", **values))
    english = ALLOWED.sub(" ", texts.text(key, "en", **values))
    assert not ENGLISH.search(german), german
    assert not GERMAN.search(english), english
