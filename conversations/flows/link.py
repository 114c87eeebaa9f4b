"""Linking a chat to a membership: customer number + date of birth, or a staff link code.

Failure answers are the same whether or not a customer number exists, and attempts are
throttled per chat and per number, so the bot cannot be used to probe the member list.
"""

from __future__ import annotations

from typing import Any

from bot.perfectgym import BadRequest, NotFound
from bot.store import ChatLink
from conversations import consent, throttle
from conversations.drafts import LinkDraft
from conversations.events import StaffEvent, StaffEventKind
from conversations.flows import settings
from conversations.formatting import day, term
from conversations.parsing import birth_date, customer_number
from conversations.payloads import ContractChoice, StudioChoice
from conversations.states import Action, State
from conversations.turn import StaleAnswer, Turn


async def start(turn: Turn) -> State:
    """``/start`` and ``/start CODE``: link with a code, greet a linked member, or begin."""
    code = (turn.incoming.argument or "").strip()
    if code:
        return await _link_with_code(turn, code)
    if turn.link is not None:
        turn.draft = None
        turn.out.say(turn.t("welcome_back", studio=turn.studio.name), turn.out.menu_rows())
        return State.IDLE
    return await begin(turn)


async def begin(turn: Turn) -> State:
    """Ask for the studio (if several), then for the customer number."""
    turn.draft = LinkDraft()
    intro = turn.t("welcome_unlinked") if turn.link is None else turn.t("relink_intro")
    studios = turn.services.studios
    if len(studios) > 1:
        rows = [
            [turn.out.button(name, Action.STUDIO, StudioChoice(studio=name))] for name in studios
        ]
        rows.append([turn.out.abort_button()])
        turn.out.say(f"{intro}\n\n{turn.t('choose_studio')}", rows)
        return State.LINK_CHOOSE_STUDIO
    turn.draft = LinkDraft(studio=turn.studio.name)
    turn.out.say(f"{intro}\n\n{turn.t('ask_number')}", [[turn.out.abort_button()]])
    return State.LINK_AWAIT_NUMBER


async def choose_studio(turn: Turn) -> State:
    name = turn.payload_as(StudioChoice).studio
    if name not in turn.services.studios:
        return await begin(turn)
    turn.draft = LinkDraft(studio=name)
    turn.out.say(turn.t("ask_number"), [[turn.out.abort_button()]])
    return State.LINK_AWAIT_NUMBER


async def receive_number(turn: Turn) -> State:
    number = customer_number(turn.incoming.text or "")
    if number is None:
        turn.out.say(turn.t("bad_number"), [[turn.out.abort_button()]])
        return State.LINK_AWAIT_NUMBER
    turn.draft = LinkDraft(studio=turn.studio.name, number=number)
    turn.out.say(turn.t("ask_birthdate"), [[turn.out.abort_button()]])
    return State.LINK_AWAIT_BIRTHDATE


async def receive_birthdate(turn: Turn) -> State:
    born = birth_date(turn.incoming.text or "", today=turn.now.date())
    if born is None:
        turn.out.say(turn.t("bad_birthdate"), [[turn.out.abort_button()]])
        return State.LINK_AWAIT_BIRTHDATE
    draft = turn.draft
    number = draft.number if isinstance(draft, LinkDraft) else None
    if number is None:
        return await begin(turn)
    refusal = await throttle.reserve(turn, number)
    if refusal is not None:
        turn.draft = None
        turn.out.say(_refused(turn, refusal), turn.out.menu_rows())
        return State.IDLE
    client = turn.studio.client
    try:
        customer = await client.customer_by_number(number, language=turn.language)
    except (NotFound, BadRequest):
        customer = None
    if customer is None or customer.dateOfBirth != born:
        if await throttle.used_up(turn, number):  # that was the last try: say so now
            turn.draft = None
            turn.out.say(_refused(turn, throttle.Refusal.CHAT_OR_NUMBER), turn.out.menu_rows())
            return State.IDLE
        turn.draft = LinkDraft(studio=turn.studio.name)
        turn.out.say(turn.t("link_failed"), [[turn.out.abort_button()]])
        return State.LINK_AWAIT_NUMBER
    return await _link_customer(turn, customer.id, customer.customerNumber or number, via="self")


def _refused(turn: Turn, refusal: throttle.Refusal) -> str:
    """Too many attempts: "try again in 15 minutes" (German dative: "in 15 Minuten")."""
    if refusal is throttle.Refusal.STUDIO:
        return turn.t("link_busy")
    wait = term(throttle.window_minutes(turn), "MINUTE", turn.language, dative=True)
    return turn.t("link_throttled", minutes=wait)


async def _link_with_code(turn: Turn, code: str) -> State:
    store = turn.services.store
    refusal = await throttle.reserve(turn)
    if refusal is not None:
        turn.out.say(_refused(turn, refusal), turn.out.menu_rows())
        return State.IDLE
    found = await store.find_link_code(code, turn.now)
    if found is None or found.studio not in turn.services.studios:
        turn.draft = None
        turn.out.say(turn.t("link_code_invalid"), turn.out.menu_rows())
        return State.IDLE
    turn.draft = LinkDraft(studio=found.studio)
    turn.link = None  # a staff code replaces whatever this chat was linked to
    customer = await turn.studio.client.customer(found.customer_id, language=turn.language)
    if await store.consume_link_code(code, turn.platform, turn.chat_id, turn.now) is None:
        turn.draft = None
        turn.out.say(turn.t("link_code_invalid"), turn.out.menu_rows())
        return State.IDLE
    number = customer.customerNumber or str(customer.id)
    return await _link_customer(turn, customer.id, number, via="code")


async def _link_customer(turn: Turn, customer_id: int, number: str, *, via: str) -> State:
    """Identity is proven; pick the main contract and save the link."""
    client = turn.studio.client
    # All of them, not only ACTIVE: the same read the offers list makes next (read cache).
    contracts = await client.customer_contracts(customer_id, language=turn.language)
    active = [c for c in contracts if str(c.contractStatus) == "ACTIVE"]
    if not active:
        turn.draft = None
        turn.out.say(turn.t("no_active_contract"), turn.out.menu_rows())
        return State.IDLE
    if len(active) == 1:
        await _save_link(turn, customer_id, number, active[0].id, active[0].rateName, via)
        return State.IDLE
    turn.draft = LinkDraft(
        studio=turn.studio.name,
        customer_id=customer_id,
        number=number,
        via=via,
        contracts={c.id: c.rateName for c in active},
    )
    rows = [
        [
            turn.out.button(
                turn.t("contract_label", rate=c.rateName, since=day(c.startDate, turn.language)),
                Action.CONTRACT,
                ContractChoice(contract_id=c.id),
            )
        ]
        for c in active
    ]
    turn.out.say(turn.t("choose_contract"), rows)
    return State.LINK_CHOOSE_CONTRACT


async def choose_contract(turn: Turn) -> State:
    draft = turn.draft_as(LinkDraft)
    chosen = turn.payload_as(ContractChoice).contract_id
    customer_id = draft.customer_id
    if chosen not in draft.contracts or customer_id is None:
        raise StaleAnswer("no such contract to choose")
    number = draft.number or str(customer_id)
    await _save_link(turn, customer_id, number, chosen, draft.contracts[chosen], draft.via)
    return State.IDLE


async def _save_link(
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
    link = consent.carry_over(await store.get_link(turn.platform, turn.chat_id), link)
    records = turn.records  # saved with the turn's final write, all at once
    records.new_link = link
    records.cleared_attempts.append((throttle.CHAT_SCOPE, throttle.chat_key(turn)))
    records.audit(
        "chat_linked",
        studio=link.studio,
        subject=str(customer_id),
        detail={"via": str(via), "contract_id": contract_id},
    )
    turn.link = link
    turn.draft = None
    turn.records.tell_staff(
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
        turn.out.say(linked, turn.out.menu_rows())
        return
    question = consent.question(turn.language, link.studio)
    turn.out.say(f"{linked}\n\n{question}", turn.out.menu_rows() + settings.consent_rows(turn))
