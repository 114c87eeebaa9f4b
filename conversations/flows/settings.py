"""Settings: language, consent to offers (asked at linking, /stop), and forgetting the member.

Whether a message may go out is decided in ``conversations.consent``; these flows only ask
the member, record the answer there and show it.
"""

from __future__ import annotations

from dataclasses import replace

from conversations import consent
from conversations.formatting import day
from conversations.payloads import ConsentChoice, LanguageChoice
from conversations.states import Action, State
from conversations.texts import LANGUAGES, text
from conversations.turn import Turn
from conversations.types import Button


async def show(turn: Turn) -> State:
    turn.draft = None
    _show(turn)
    return State.IDLE


def _show(turn: Turn) -> None:
    link = turn.link
    lines = [
        turn.t("settings_intro"),
        turn.t("settings_language", language=turn.t("language_name")),
    ]
    rows = [
        [
            turn.out.button(text_name(other), Action.LANGUAGE, LanguageChoice(language=other))
            for other in LANGUAGES
            if other != turn.language
        ]
    ]
    if link is not None:
        if link.marketing_consent and link.consent_at is not None:
            zone = turn.studio.settings.zone
            since = day(link.consent_at.astimezone(zone).date(), turn.language)
            lines.append(turn.t("settings_offers_on", studio=link.studio, date=since))
            off = ConsentChoice(given=False)
            rows.append([turn.out.button(turn.t("btn_offers_off"), Action.CONSENT, off)])
        else:
            lines.append(turn.t("settings_offers_off", studio=link.studio))
            lines.append("\n" + consent.question(turn.language, link.studio))
            rows.append([_yes(turn, "settings")])
        rows.append([turn.out.button(turn.t("btn_forget"), Action.FORGET)])
    rows.append([turn.out.button(turn.t("btn_menu"), Action.MENU)])
    turn.out.say("\n".join(lines), rows)


def text_name(language: str) -> str:
    return text("language_name", language)


async def language(turn: Turn) -> State:
    chosen = turn.payload_as(LanguageChoice).language
    if chosen in LANGUAGES:
        if turn.link is not None:
            await turn.services.store.set_language(
                turn.platform, turn.chat_id, chosen, now=turn.now
            )
            turn.link = replace(turn.link, language=chosen)
        turn.dialog.language = chosen
    _show(turn)
    return turn.state


# --- consent to offers ------------------------------------------------------------------


def consent_rows(turn: Turn) -> list[list[Button]]:
    """Yes and no to the question asked once, right after linking; ignoring it means no."""
    return [[_yes(turn, "linking"), _no(turn, "linking")]]


def _yes(turn: Turn, via: str) -> Button:
    answer = ConsentChoice(given=True, via=via, language=turn.language)
    return turn.out.button(turn.t("btn_consent_yes"), Action.CONSENT, answer)


def _no(turn: Turn, via: str) -> Button:
    answer = ConsentChoice(given=False, via=via, language=turn.language)
    return turn.out.button(turn.t("btn_consent_no"), Action.CONSENT, answer)


async def consent_answer(turn: Turn) -> State:
    """A yes or no button: record it with its time and wording version, and confirm."""
    link = turn.link
    assert link is not None  # the edge needs a link
    answer = turn.payload_as(ConsentChoice)
    given = answer.given
    via = answer.via or "settings"
    shown_in = answer.language
    language = shown_in if shown_in in LANGUAGES else turn.language
    turn.link = await consent.record(
        turn.services.store, link, given, now=turn.now, via=via, language=language
    )
    said = turn.t("consent_given" if given else "consent_declined")
    if via == "settings":
        turn.out.say(said, replace=True)
        _show(turn)
    else:
        turn.out.say(said, turn.out.menu_rows(), replace=True)
    return turn.state


async def stop_offers(turn: Turn) -> State:
    """``/stop``, or "stop" in the member's words: no more offers, at once, in any state."""
    turn.draft = None
    link = turn.link
    if link is None:
        turn.out.say(turn.t("offers_stopped_unlinked"), turn.out.menu_rows())
        return State.IDLE
    if link.marketing_consent or link.consent_at is None:
        via = "stop_command" if turn.incoming.command is not None else "stop_text"
        turn.link = await consent.record(
            turn.services.store, link, False, now=turn.now, via=via, language=turn.language
        )
    turn.out.say(turn.t("offers_stopped"), turn.out.menu_rows())
    return State.IDLE


async def ask_forget(turn: Turn) -> State:
    turn.draft = None
    rows = [
        [turn.out.button(turn.t("btn_confirm_forget"), Action.CONFIRM_FORGET)],
        [turn.out.button(turn.t("btn_no"), Action.ABORT)],
    ]
    turn.out.say(turn.t("forget_confirm"), rows)
    return State.FORGET_CONFIRM


async def forget(turn: Turn) -> State:
    """Erase the link and everything this chat told us; the money ledger keeps no names."""
    store = turn.services.store
    language = turn.language
    link = await store.delete_link(turn.platform, turn.chat_id)
    await store.delete_conversation(turn.platform, turn.chat_id)
    await store.audit(
        f"{turn.platform}:{turn.chat_id}",
        "chat_forgotten",
        studio=link.studio if link else None,
        subject=str(link.customer_id) if link else None,
        now=turn.now,
    )
    turn.link = None
    turn.erased = True
    turn.out.say(text("forgotten", language))
    return State.IDLE
