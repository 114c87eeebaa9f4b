"""Settings: language, reminders on/off, and forgetting the member entirely."""

from __future__ import annotations

from dataclasses import replace

from conversations.states import Action, State
from conversations.texts import LANGUAGES, text
from conversations.turn import Turn


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
        lines.append(
            turn.t("settings_reminders_on" if link.reminders_enabled else "settings_reminders_off")
        )
        rows.append(
            [
                turn.button(
                    turn.t("btn_reminders_off" if link.reminders_enabled else "btn_reminders_on"),
                    Action.REMINDERS,
                    enabled=not link.reminders_enabled,
                )
            ]
        )
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


async def reminders(turn: Turn) -> State:
    turn.require_link()
    enabled = bool(turn.payload.get("enabled"))
    turn.services.store.set_reminders(turn.platform, turn.chat_id, enabled, now=turn.now)
    assert turn.link is not None
    turn.link = replace(turn.link, reminders_enabled=enabled)
    turn.say(turn.t("reminders_now_on" if enabled else "reminders_now_off"), replace=True)
    _show(turn)
    return turn.state


async def stop_reminders(turn: Turn) -> State:
    """``/stop``: no more reminders or offers, effective at once."""
    turn.data = {}
    if turn.link is None:
        turn.say(turn.t("reminders_now_off"), turn.menu_rows())
        return State.IDLE
    turn.services.store.set_reminders(turn.platform, turn.chat_id, False, now=turn.now)
    turn.link = replace(turn.link, reminders_enabled=False)
    rows = [[turn.button(turn.t("btn_reminders_on"), Action.REMINDERS, enabled=True)]]
    turn.say(turn.t("reminders_now_off"), rows + turn.menu_rows())
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
