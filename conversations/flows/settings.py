"""Settings: language, consent to offers (asked at linking, /stop), and forgetting the member.

Whether a message may go out is decided in ``conversations.consent``; these flows only ask
the member, record the answer there and show it.
"""

from __future__ import annotations

from dataclasses import replace

from conversations import consent
from conversations.formatting import day
from conversations.states import Action, State
from conversations.texts import LANGUAGES, text
from conversations.turn import Turn
from conversations.types import Button


async def show(turn: Turn) -> State:
    turn.data = {k: v for k, v in turn.data.items() if k == "language"}
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
            turn.button(text_name(other), Action.LANGUAGE, language=other)
            for other in LANGUAGES
            if other != turn.language
        ]
    ]
    if link is not None:
        if link.marketing_consent and link.consent_at is not None:
            zone = turn.studio.settings.zone
            since = day(link.consent_at.astimezone(zone).date(), turn.language)
            lines.append(turn.t("settings_offers_on", studio=link.studio, date=since))
            rows.append([turn.button(turn.t("btn_offers_off"), Action.CONSENT, given=False)])
        else:
            lines.append(turn.t("settings_offers_off", studio=link.studio))
            lines.append("\n" + consent.question(turn.language, link.studio))
            rows.append([_yes(turn, "settings")])
        rows.append([turn.button(turn.t("btn_forget"), Action.FORGET)])
    rows.append([turn.button(turn.t("btn_menu"), Action.MENU)])
    turn.say("\n".join(lines), rows)


def text_name(language: str) -> str:
    return text("language_name", language)


async def language(turn: Turn) -> State:
    chosen = turn.payload.get("language")
    if chosen in LANGUAGES:
        if turn.link is not None:
            turn.services.store.set_language(turn.platform, turn.chat_id, chosen, now=turn.now)
            turn.link = replace(turn.link, language=chosen)
        turn.data["language"] = chosen
    _show(turn)
    return turn.state


# --- consent to offers ------------------------------------------------------------------


def consent_rows(turn: Turn) -> list[list[Button]]:
    """Yes and no to the question asked once, right after linking; ignoring it means no."""
    return [[_yes(turn, "linking"), _no(turn, "linking")]]


def _yes(turn: Turn, via: str) -> Button:
    label = turn.t("btn_consent_yes")
    return turn.button(label, Action.CONSENT, given=True, via=via, language=turn.language)


def _no(turn: Turn, via: str) -> Button:
    label = turn.t("btn_consent_no")
    return turn.button(label, Action.CONSENT, given=False, via=via, language=turn.language)


async def consent_answer(turn: Turn) -> State:
    """A yes or no button: record it with its time and wording version, and confirm."""
    turn.require_link()
    link = turn.link
    assert link is not None
    given = turn.payload.get("given") is True
    via = str(turn.payload.get("via") or "settings")
    shown_in = turn.payload.get("language")
    language = shown_in if shown_in in LANGUAGES else turn.language
    turn.link = consent.record(
        turn.services.store, link, given, now=turn.now, via=via, language=language
    )
    answer = turn.t("consent_given" if given else "consent_declined")
    if via == "settings":
        turn.say(answer, replace=True)
        _show(turn)
    else:
        turn.say(answer, turn.menu_rows(), replace=True)
    return turn.state


async def stop_offers(turn: Turn) -> State:
    """``/stop``, or "stop" in the member's words: no more offers, at once, in any state."""
    turn.data = {}
    link = turn.link
    if link is None:
        turn.say(turn.t("offers_stopped_unlinked"), turn.menu_rows())
        return State.IDLE
    if link.marketing_consent or link.consent_at is None:
        via = "stop_command" if turn.incoming.command is not None else "stop_text"
        turn.link = consent.record(
            turn.services.store, link, False, now=turn.now, via=via, language=turn.language
        )
    turn.say(turn.t("offers_stopped"), turn.menu_rows())
    return State.IDLE


async def ask_forget(turn: Turn) -> State:
    turn.data = {}
    rows = [
        [turn.button(turn.t("btn_confirm_forget"), Action.CONFIRM_FORGET)],
        [turn.button(turn.t("btn_no"), Action.ABORT)],
    ]
    turn.say(turn.t("forget_confirm"), rows)
    return State.FORGET_CONFIRM


async def forget(turn: Turn) -> State:
    """Erase the link and everything this chat told us; the money ledger keeps no names."""
    store = turn.services.store
    language = turn.language
    link = store.delete_link(turn.platform, turn.chat_id)
    store.delete_conversation(turn.platform, turn.chat_id)
    store.audit(
        f"{turn.platform}:{turn.chat_id}",
        "chat_forgotten",
        studio=link.studio if link else None,
        subject=str(link.customer_id) if link else None,
        now=turn.now,
    )
    turn.link = None
    turn.erased = True
    turn.say(text("forgotten", language))
    return State.IDLE
