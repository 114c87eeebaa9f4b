"""Consent that is real: asked once at linking, default no, stored as proof, stopped at once."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.cli import main
from bot.perfectgym import CommunicationPreference
from conversations import Command, consent
from conversations.consent import CONSENT_VERSION, Purpose
from conversations.states import State
from conversations.texts import text
from tests.conversations.conftest import Bot
from tests.conversations.member import Member

WORDING = {"offers-1": "bb82503d", "offers-2": "86f953c1"}
"""The first 8 hex digits of sha256(en + de consent_question) per version: a changed
wording must come with a new CONSENT_VERSION (the stored answers name the version)."""


def code(bot: Bot, customer_id: int) -> str:
    """A staff link code, the way a linked chat links again."""
    now = bot.clock.now()
    return bot.store.create_link_code("Berlin Mitte", customer_id, "staff", timedelta(hours=1), now)


def test_the_wording_of_a_version_never_changes() -> None:
    wording = text("consent_question", "en") + text("consent_question", "de")
    digest = hashlib.sha256(wording.encode()).hexdigest()[:8]
    assert WORDING.get(CONSENT_VERSION) == digest, (
        "the consent wording changed: give it a new CONSENT_VERSION and pin its digest here"
    )


async def test_linking_asks_once_with_yes_and_no_and_the_default_is_no(
    bot: Bot, member: Member
) -> None:
    await member.link()
    (linked,) = member.last
    assert "now linked" in linked.text
    assert "\n\nMay Berlin Mitte send you offers in this chat" in linked.text
    assert linked.text.endswith(
        "You'll get messages about your own bookings and cancellations either way."
    )
    assert [b.label for b in linked.flat_buttons] == [
        "Discover modules",
        "My modules",
        "Cancel a module",
        "Settings",
        "Yes, send me offers",
        "No, thanks",
    ]
    link = bot.store.get_link("test", "m1")
    assert link is not None and not link.marketing_consent and link.consent_at is None
    await member.press("Discover modules")  # ignoring the question is a no
    link = bot.store.get_link("test", "m1")
    assert link is not None and not link.marketing_consent


async def test_a_yes_is_stored_with_its_time_wording_and_version(bot: Bot, member: Member) -> None:
    await member.link()
    await member.answer_offers(True)
    assert "You'll get offers now and then. /stop ends them at any time." in member.text
    assert "Discover modules" in member.labels
    link = bot.store.get_link("test", "m1")
    assert link is not None and link.marketing_consent
    assert (link.consent_at, link.consent_version) == (bot.clock.now(), CONSENT_VERSION)
    (proof,) = bot.store.consent_history(studio="Berlin Mitte", customer_id=1001)
    assert (proof.actor, proof.at) == ("test:m1", bot.clock.now())
    assert proof.detail == {
        "given": True,
        "version": CONSENT_VERSION,
        "via": "linking",
        "language": "en",
        "wording": consent.question("en", "Berlin Mitte"),
    }


async def test_a_no_is_stored_too_and_nobody_asks_again(bot: Bot, member: Member) -> None:
    await member.link()
    await member.answer_offers(False)
    assert "Okay, no offers." in member.text
    link = bot.store.get_link("test", "m1")
    assert link is not None and not link.marketing_consent and link.consent_at is not None
    await member.command(Command.START, code(bot, 1001))  # the same member links again
    assert "linked this chat to your membership" in member.text
    assert "May Berlin Mitte send you offers" not in member.text


async def test_another_customer_on_the_same_chat_does_not_inherit_the_yes(
    bot: Bot, member: Member
) -> None:
    await member.link(offers=True)
    await member.command(Command.START, code(bot, 1003))
    assert "linked this chat to your membership" in member.text
    assert "May Berlin Mitte send you offers" in member.text
    link = bot.store.get_link("test", "m1")
    assert link is not None and link.customer_id == 1003 and not link.marketing_consent


async def test_german_members_are_asked_in_german(bot: Bot) -> None:
    member = bot.member(language="de")
    await member.link()
    assert "Darf dir Berlin Mitte in diesem Chat ab und zu Angebote schicken" in member.text
    await member.press("Ja, schick mir Angebote")
    assert "Danke! Du bekommst ab und zu Angebote." in member.text
    (proof,) = bot.store.consent_history(customer_id=1001)
    assert proof.detail is not None and proof.detail["language"] == "de"
    assert proof.detail["wording"].startswith("Darf dir Berlin Mitte")


async def test_stop_command_switches_offers_off_at_once(bot: Bot, member: Member) -> None:
    await member.link(offers=True)
    await member.command(Command.STOP)
    assert "no more offers from me" in member.text
    assert "bookings and cancellations still come" in member.text
    link = bot.store.get_link("test", "m1")
    assert link is not None and not link.marketing_consent
    last = bot.store.consent_history(customer_id=1001)[-1]
    assert last.detail is not None and (last.detail["given"], last.detail["via"]) == (
        False,
        "stop_command",
    )


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("de", "Stopp"),
        ("de", "stop!"),
        ("de", "Keine Werbung mehr bitte"),
        ("de", "abmelden"),
        ("en", "unsubscribe"),
        ("en", "STOP please"),
        ("en", "no more offers"),
    ],
)
async def test_stop_in_the_members_words_works_even_while_a_dialog_waits(
    bot: Bot, language: str, said: str
) -> None:
    member = bot.member(language=language)
    await member.link()
    await member.answer_offers(True)
    await member.press("Settings" if language == "en" else "Einstellungen")
    await member.press("Delete my data" if language == "en" else "Meine Daten löschen")
    assert bot.store.load_conversation("test", "m1").state == State.FORGET_CONFIRM  # type: ignore[union-attr]
    await member.say(said)
    link = bot.store.get_link("test", "m1")
    assert link is not None and not link.marketing_consent, "off at once"
    assert bot.store.load_conversation("test", "m1").state == State.IDLE  # type: ignore[union-attr]
    last = bot.store.consent_history(customer_id=1001)[-1]
    assert last.detail is not None and last.detail["via"] == "stop_text"


async def test_stop_during_a_booking_question_is_stop_too(bot: Bot, member: Member) -> None:
    await member.link(offers=True)
    await member.press("Discover modules")
    await member.press("Sauna")
    await member.press("Book")  # the trial question is open
    await member.say("halt")
    assert "no more offers from me" in member.text
    link = bot.store.get_link("test", "m1")
    assert link is not None and not link.marketing_consent


@pytest.mark.parametrize(
    "said",
    [
        "I can't stop going to the sauna",
        "ich weiß halt nicht",
        "Sauna kündigen",
        "stop my sauna contract next month",
        "what modules can I book?",
        "",
    ],
)
def test_words_that_are_not_a_stop(said: str) -> None:
    assert not consent.is_stop_request(said)


def _preferences(category: str, active: bool) -> list[CommunicationPreference]:
    return [
        CommunicationPreference.model_validate(
            {
                "messageCategory": category,
                "channels": [{"communicationChannel": "CHAT", "active": active}],
            }
        )
    ]


@pytest.mark.parametrize(
    ("category", "marketing", "service"),
    [
        ("CONTRACT", True, False),
        ("NEWSLETTER", False, True),
        ("GENERAL", False, True),
        ("APPOINTMENT", True, True),
    ],
)
def test_perfectgym_categories_stop_their_own_purpose_only(
    category: str, marketing: bool, service: bool
) -> None:
    switched_off = _preferences(category, False)
    assert (consent.preferences_refusal(switched_off, Purpose.MARKETING) is None) is marketing
    assert (consent.preferences_refusal(switched_off, Purpose.SERVICE) is None) is service
    switched_on = _preferences(category, True)
    assert consent.preferences_refusal(switched_on, Purpose.MARKETING) is None


def test_what_is_marketing() -> None:
    assert consent.purpose_of("campaign") is Purpose.MARKETING
    assert consent.purpose_of("viewed") is Purpose.MARKETING
    assert consent.purpose_of("staff_offer") is Purpose.MARKETING
    for service in ("cancelation", "trial", "contract_change", "cancel_confirmed", "added"):
        assert consent.purpose_of(service) is Purpose.SERVICE


async def test_stop_while_the_bot_waits_for_a_customer_number_is_no_number(
    bot: Bot, member: Member
) -> None:
    await member.command(Command.START)
    assert bot.store.load_conversation("test", "m1").state == State.LINK_AWAIT_NUMBER  # type: ignore[union-attr]
    await member.say("STOPP")
    assert "I don't send you any offers" in member.text
    assert bot.store.load_conversation("test", "m1").state == State.IDLE  # type: ignore[union-attr]


async def test_consent_export_prints_the_proof_as_json(
    bot: Bot,
    member: Member,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    await member.link(offers=True)
    bot.clock.advance(days=2)
    await member.say("keine Werbung")
    other = bot.member("m2")
    await other.link("1-1003", "05.11.1979")
    for name in list(os.environ):
        if name.startswith(("PERFECTGYM_", "TELEGRAM_", "SLACK_", "UPSELL_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("UPSELL_DB", str(bot.store.path))
    monkeypatch.chdir(tmp_path)
    assert await asyncio.to_thread(main, ["consent-export", "--customer", "1001"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["current_wording_version"] == CONSENT_VERSION
    (link,) = exported["links"]
    assert (link["customer_id"], link["marketing_consent"]) == (1001, False)
    assert link["consent_at"] == "2026-11-28T10:00:00+00:00"
    given, withdrawn = exported["history"]
    assert (given["at"], given["detail"]["given"]) == ("2026-11-26T10:00:00+00:00", True)
    assert given["detail"]["wording"] == consent.question("en", "Berlin Mitte")
    assert (withdrawn["detail"]["given"], withdrawn["detail"]["via"]) == (False, "stop_text")
