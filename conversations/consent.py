"""Consent: who may get which message from the bot, decided in one place.

Two kinds of message the bot starts itself (UWG § 7, GDPR Art. 6 and 7):

- MARKETING (campaigns, "you looked at it" follow-ups, personal offers from staff): only to
  a member who said yes in the chat (asked once at linking, default no), who has not blocked
  the bot, and for whom PerfectGym does not list CHAT as switched off in the NEWSLETTER or
  GENERAL category. A yes in PerfectGym is no consent for the bot: only the member's own
  answer in the chat is, stored with its time and the version of the wording.
- SERVICE (receipts, contract news, the cancelation-takes-effect and trial-end notices): to
  every linked member who has not blocked the bot, unless PerfectGym lists CHAT as switched
  off in the CONTRACT category. The offers switch does not touch them.

When PerfectGym cannot show preferences (403: the key lacks the scope; 404) the chat decides;
other errors propagate, so the caller tries again later instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.perfectgym import CommunicationPreference, Forbidden, NotFound, PerfectGymClient
from bot.store import ChatLink
from bot.store.protocols import BatchStore
from conversations.formatting import day
from conversations.texts import Phrase, text

CONSENT_VERSION = "offers-2"
"""The version of the consent wording (text ``consent_question``), stored with every answer.

Change the wording, change the version: ``tests/conversations/test_consent.py`` pins it.
"""

CONSENT_ACTION = "marketing_consent"
"""The audit action of every answer: who, when, yes or no, which wording, how."""


NOT_OPTED_IN = Phrase("staff_reason_not_opted_in")
NO_CHAT = Phrase("staff_reason_no_chat")
BLOCKED = Phrase("staff_reason_blocked")


class Purpose(StrEnum):
    MARKETING = "marketing"
    SERVICE = "service"


MARKETING_KINDS = frozenset({"viewed", "campaign", "staff_offer"})
"""Messages that advertise: reminder rules and notice kinds by name, and staff offers."""

PREFERENCE_CATEGORIES: dict[Purpose, frozenset[str]] = {
    Purpose.MARKETING: frozenset({"NEWSLETTER", "GENERAL"}),
    Purpose.SERVICE: frozenset({"CONTRACT"}),
}
"""PerfectGym message categories whose CHAT switch stops a purpose."""


def purpose_of(kind: str) -> Purpose:
    """A reminder rule's or a notice's purpose, by its name."""
    return Purpose.MARKETING if str(kind) in MARKETING_KINDS else Purpose.SERVICE


@dataclass(frozen=True)
class Verdict:
    """May the bot write? ``reason`` says why not, or notes how it decided (staff read it in
    their studio's language, logs in English: ``str(reason)``)."""

    allowed: bool
    reason: Phrase | None = None


def chat_refusal(link: ChatLink | None, purpose: Purpose) -> Phrase | None:
    """Why this chat must not get a message of this purpose, from the database alone."""
    if link is None:
        return NO_CHAT
    if link.unreachable:
        return BLOCKED
    if purpose is Purpose.MARKETING and not link.marketing_consent:
        return NOT_OPTED_IN
    return None


def preferences_refusal(
    preferences: Iterable[CommunicationPreference], purpose: Purpose
) -> Phrase | None:
    """Why PerfectGym's communication preferences stop this purpose; None if they do not.

    A channel that is not listed, or listed without ``active``, stops nothing.
    """
    categories = PREFERENCE_CATEGORIES[purpose]
    for preference in preferences:
        category = str(preference.messageCategory)
        if category not in categories:
            continue
        for channel in preference.channels:
            if str(channel.communicationChannel) == "CHAT" and channel.active is False:
                return Phrase("staff_reason_opted_out", {"category": category})
    return None


async def perfectgym_verdict(
    client: PerfectGymClient, customer_id: int, purpose: Purpose, *, cached: bool = False
) -> Verdict:
    """Ask PerfectGym; 403/404 leave it to the chat (noted), other errors propagate.

    ``cached``: preferences read recently may answer (dropped by PerfectGym's
    ``CUSTOMER_COMMUNICATION_PREFERENCES_UPDATED`` webhook, else after their age limit).
    """
    try:
        preferences = await client.communication_preferences(customer_id, cached=cached)
    except (Forbidden, NotFound) as exc:
        unreadable = Phrase("staff_reason_preferences_unreadable", {"error": type(exc).__name__})
        return Verdict(True, unreadable)
    refusal = preferences_refusal(preferences, purpose)
    return Verdict(refusal is None, refusal)


# --- the member's answer ----------------------------------------------------------------


def question(language: str, studio: str) -> str:
    """The consent question exactly as the member reads it (version ``CONSENT_VERSION``)."""
    return text("consent_question", language, studio=studio)


async def record(
    store: BatchStore,
    link: ChatLink,
    given: bool,
    *,
    now: datetime,
    via: str,
    language: str,
) -> ChatLink:
    """Store the answer on the link and, as proof, in the audit log (GDPR Art. 7(1)).

    ``via`` says how it was given: ``linking``, ``settings``, ``stop_command``, ``stop_text``.
    """
    await store.record_consent(
        link.platform,
        link.chat_id,
        given,
        version=CONSENT_VERSION,
        actor=f"{link.platform}:{link.chat_id}",
        action=CONSENT_ACTION,
        studio=link.studio,
        subject=str(link.customer_id),
        detail={
            "given": given,
            "version": CONSENT_VERSION,
            "via": via,
            "language": language,
            "wording": question(language, link.studio),
        },
        now=now,
    )
    return replace(
        link,
        marketing_consent=given,
        consent_at=now,
        consent_version=CONSENT_VERSION,
        updated_at=now,
    )


def carry_over(previous: ChatLink | None, link: ChatLink) -> ChatLink:
    """A new link keeps the same member's answer in the same studio, never another's."""
    if (
        previous is None
        or previous.customer_id != link.customer_id
        or previous.studio != link.studio
    ):
        return link
    return replace(
        link,
        marketing_consent=previous.marketing_consent,
        consent_at=previous.consent_at,
        consent_version=previous.consent_version,
    )


def staff_summary(link: ChatLink, zone: ZoneInfo, language: str) -> str:
    """For the desk: "offers: opted in on 3 Dec 2026" or "offers: has not opted in"."""
    if link.marketing_consent and link.consent_at is not None:
        when = day(link.consent_at.astimezone(zone).date(), language)
        return text("staff_consent_given", language, date=when)
    return text("staff_consent_none", language)


# --- "stop" in the member's words -------------------------------------------------------

_FILLER = frozenset(
    "bitte please pls jetzt now sofort danke thanks thank you mehr more mal doch einfach "
    "it all alles endlich".split()
)
_ALONE = frozenset({"stop", "stopp", "halt", "end", "ende", "aus", "off", "schluss"})
"""Words that mean "stop" only when they are (nearly) the whole message."""
_ANYWHERE = (
    "unsubscribe",
    "abmelden",
    "austragen",
    "opt out",
    "optout",
    "keine werbung",
    "keine angebote",
    "keine nachrichten",
    "werbung stoppen",
    "werbung abbestellen",
    "angebote stoppen",
    "angebote abbestellen",
    "no more offers",
    "no offers",
    "no more messages",
    "no advertising",
    "stop offers",
    "stop the offers",
    "stop messages",
    "stop sending",
    "stop advertising",
    "stopp werbung",
)
"""Phrases that mean "no more offers" wherever they stand."""


def _words(message: str) -> list[str]:
    return re.sub(r"[^\w]+", " ", message.casefold()).split()


def is_stop_request(message: str) -> bool:
    """True for "stop", "Stopp!", "abmelden", "keine Werbung mehr", "unsubscribe please"...

    A plain keyword list in German and English; no language model, no guessing beyond it.
    """
    words = _words(message)
    if not words or len(words) > 12:
        return False
    core = [w for w in words if w not in _FILLER]
    if len(core) == 1 and core[0] in _ALONE:
        return True
    padded = f" {' '.join(words)} "
    return any(f" {phrase} " in padded for phrase in _ANYWHERE)


__all__ = [
    "BLOCKED",
    "CONSENT_ACTION",
    "CONSENT_VERSION",
    "MARKETING_KINDS",
    "NOT_OPTED_IN",
    "NO_CHAT",
    "PREFERENCE_CATEGORIES",
    "Purpose",
    "Verdict",
    "carry_over",
    "chat_refusal",
    "is_stop_request",
    "perfectgym_verdict",
    "preferences_refusal",
    "purpose_of",
    "question",
    "record",
    "staff_summary",
]
