"""Linking a chat to a membership: customer number + date of birth, or a staff link code.

Failure answers are the same whether or not a customer number exists, and attempts are
throttled per chat and per number, so the bot cannot be used to probe the member list.
"""

from __future__ import annotations

from typing import Any

from bot.perfectgym import BadRequest, NotFound
from bot.store import ChatLink
from conversations import consent, throttle
from conversations.events import StaffEvent, StaffEventKind
from conversations.flows import settings
from conversations.formatting import day, term
from conversations.parsing import birth_date, customer_number
from conversations.states import Action, State
from conversations.turn import Turn


async def start(turn: Turn) -> State:
    """``/start`` and ``/start CODE``: link with a code, greet a linked member, or begin."""
    code = (turn.incoming.argument or "").strip()
    if code:
        return await _link_with_code(turn, code)
    if turn.link is not None:
        turn.data = {}
        turn.say(turn.t("welcome_back", studio=turn.studio.name), turn.menu_rows())
        return State.IDLE
    return await begin(turn)


async def begin(turn: Turn) -> State:
    """Ask for the studio (if several), then for the customer number."""
    turn.data = {}
    intro = turn.t("welcome_unlinked") if turn.link is None else turn.t("relink_intro")
    studios = turn.services.studios
    if len(studios) > 1:
        rows = [[turn.button(name, Action.STUDIO, studio=name)] for name in studios]
        rows.append([turn.abort_button()])
        turn.say(f"{intro}\n\n{turn.t('choose_studio')}", rows)
        return State.LINK_CHOOSE_STUDIO
    turn.data["studio"] = turn.studio.name
    turn.say(f"{intro}\n\n{turn.t('ask_number')}", [[turn.abort_button()]])
    return State.LINK_AWAIT_NUMBER


async def choose_studio(turn: Turn) -> State:
    name = turn.payload.get("studio")
    if name not in turn.services.studios:
        return await begin(turn)
    turn.data = {"studio": name}
    turn.say(turn.t("ask_number"), [[turn.abort_button()]])
    return State.LINK_AWAIT_NUMBER


async def receive_number(turn: Turn) -> State:
    number = customer_number(turn.incoming.text or "")
    if number is None:
        turn.say(turn.t("bad_number"), [[turn.abort_button()]])
        return State.LINK_AWAIT_NUMBER
    turn.data["number"] = number
    turn.say(turn.t("ask_birthdate"), [[turn.abort_button()]])
    return State.LINK_AWAIT_BIRTHDATE


async def receive_birthdate(turn: Turn) -> State:
    born = birth_date(turn.incoming.text or "", today=turn.now.date())
    if born is None:
        turn.say(turn.t("bad_birthdate"), [[turn.abort_button()]])
        return State.LINK_AWAIT_BIRTHDATE
    number = turn.data.get("number")
    if not isinstance(number, str):
        return await begin(turn)
    if throttle.blocked(turn, number):
        turn.data = {}
        turn.say(_throttled(turn), turn.menu_rows())
        return State.IDLE
    client = turn.studio.client
    try:
        customer = await client.customer_by_number(number, language=turn.language)
    except (NotFound, BadRequest):
        customer = None
    if customer is None or customer.dateOfBirth != born:
        throttle.record_failure(turn, number)
        if throttle.blocked(turn, number):
            turn.data = {}
            turn.say(_throttled(turn), turn.menu_rows())
            return State.IDLE
        turn.data = {"studio": turn.studio.name}
        turn.say(turn.t("link_failed"), [[turn.abort_button()]])
        return State.LINK_AWAIT_NUMBER
    return await _link_customer(turn, customer.id, customer.customerNumber or number, via="self")


def _throttled(turn: Turn) -> str:
    """Too many attempts: "try again in 15 minutes" (German dative: "in 15 Minuten")."""
    wait = term(throttle.window_minutes(turn), "MINUTE", turn.language, dative=True)
    return turn.t("link_throttled", minutes=wait)


async def _link_with_code(turn: Turn, code: str) -> State:
    store = turn.services.store
    if throttle.blocked(turn):
        turn.say(_throttled(turn), turn.menu_rows())
        return State.IDLE
    found = store.find_link_code(code, turn.now)
    if found is None or found.studio not in turn.services.studios:
        throttle.record_failure(turn)
        turn.data = {}
        turn.say(turn.t("link_code_invalid"), turn.menu_rows())
        return State.IDLE
    turn.data = {"studio": found.studio}
    turn.link = None  # a staff code replaces whatever this chat was linked to
    customer = await turn.studio.client.customer(found.customer_id, language=turn.language)
    if store.consume_link_code(code, turn.platform, turn.chat_id, turn.now) is None:
        turn.data = {}
        turn.say(turn.t("link_code_invalid"), turn.menu_rows())
        return State.IDLE
    number = customer.customerNumber or str(customer.id)
    return await _link_customer(turn, customer.id, number, via="code")


async def _link_customer(turn: Turn, customer_id: int, number: str, *, via: str) -> State:
    """Identity is proven; pick the main contract and save the link."""
    client = turn.studio.client
    contracts = await client.customer_contracts(
        customer_id, status="ACTIVE", language=turn.language
    )
    active = [c for c in contracts if str(c.contractStatus) == "ACTIVE"]
    if not active:
        turn.data = {}
        turn.say(turn.t("no_active_contract"), turn.menu_rows())
        return State.IDLE
    if len(active) == 1:
        _save_link(turn, customer_id, number, active[0].id, active[0].rateName, via)
        return State.IDLE
    turn.data = {
        "studio": turn.studio.name,
        "customer_id": customer_id,
        "number": number,
        "via": via,
        "contracts": {str(c.id): c.rateName for c in active},
    }
    rows = [
        [
            turn.button(
                turn.t("contract_label", rate=c.rateName, since=day(c.startDate, turn.language)),
                Action.CONTRACT,
                contract_id=c.id,
            )
        ]
        for c in active
    ]
    turn.say(turn.t("choose_contract"), rows)
    return State.LINK_CHOOSE_CONTRACT


async def choose_contract(turn: Turn) -> State:
    contracts: dict[str, Any] = turn.data.get("contracts") or {}
    chosen = str(turn.payload.get("contract_id"))
    customer_id = turn.data.get("customer_id")
    if chosen not in contracts or not isinstance(customer_id, int):
        turn.data = {}
        turn.say(turn.t("button_stale"), turn.menu_rows())
        return State.IDLE
    number = str(turn.data.get("number") or customer_id)
    _save_link(turn, customer_id, number, int(chosen), str(contracts[chosen]), turn.data.get("via"))
    return State.IDLE


def _save_link(
    turn: Turn, customer_id: int, number: str, contract_id: int, rate: str, via: Any
) -> None:
    store = turn.services.store
    link = ChatLink(
        platform=turn.platform,
        chat_id=turn.chat_id,
        studio=turn.studio.name,
        customer_id=customer_id,
        customer_number=number,
        contract_id=contract_id,
        language=turn.language,
        unreachable=False,
        linked_at=turn.now,
        updated_at=turn.now,
    )
    link = consent.carry_over(store.get_link(turn.platform, turn.chat_id), link)
    store.save_link(link)
    store.clear_attempts(throttle.CHAT_SCOPE, f"{turn.platform}:{turn.chat_id}")
    store.audit(
        f"{turn.platform}:{turn.chat_id}",
        "chat_linked",
        studio=link.studio,
        subject=str(customer_id),
        detail={"via": str(via), "contract_id": contract_id},
        now=turn.now,
    )
    turn.link = link
    turn.data = {}
    turn.events.append(
        StaffEvent(
            kind=StaffEventKind.LINKED,
            studio=link.studio,
            at=turn.now,
            customer_id=customer_id,
            customer_number=number,
            contract_id=contract_id,
            detail={"platform": turn.platform, "via": str(via)},
        )
    )
    linked = turn.t(
        "linked_by_studio" if via == "code" else "linked", rate=rate, studio=link.studio
    )
    if link.consent_at is not None:  # the same member linked again: asked once is enough
        turn.say(linked, turn.menu_rows())
        return
    question = consent.question(turn.language, link.studio)
    turn.say(f"{linked}\n\n{question}", turn.menu_rows() + settings.consent_rows(turn))
