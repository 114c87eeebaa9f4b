"""A personal offer from the studio: one module's details with the member's booking buttons.

Staff send it from the desk (``StaffDesk.send_offer`` -> ``send``), which checks consent and
runs ``show_offer`` through ``Engine.push`` for the member's linked chat. The member then
books with exactly the buttons, checks and confirmation they would get from the offers list
(``booking.module``). A member in the middle of another dialog is not interrupted.

A personal offer is marketing: ``conversations.consent`` decides, as for campaigns. The chat
is linked and reachable, the member said yes to offers in the chat, and PerfectGym does not
list CHAT as switched off for NEWSLETTER or GENERAL messages. When PerfectGym cannot show
preferences at all (403: the API key lacks the scope; 404), the member's own yes decides;
when it fails for now (429, 5xx, timeout) nothing is sent and staff may try again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.perfectgym import AdditionalModule, Customer, PerfectGymError
from bot.store import ChatLink
from conversations.consent import (
    BLOCKED,
    NO_CHAT,
    NOT_OPTED_IN,
    Purpose,
    chat_refusal,
    perfectgym_verdict,
)
from conversations.drafts import BookingDraft
from conversations.flows import booking
from conversations.payloads import ModuleChoice
from conversations.services import Services, StudioRuntime
from conversations.states import Action, State
from conversations.texts import Phrase
from conversations.turn import Turn
from conversations.types import Outgoing, PushResult

if TYPE_CHECKING:
    from conversations.engine import Engine
    from conversations.ports import Channels

OFFER_SENT = "offer_sent"
"""Funnel event of a personal offer that reached a member's chat."""


class OfferOutcome(StrEnum):
    """What became of a personal offer, for the staff member who sent it."""

    SENT = "sent"
    NOT_LINKED = "not_linked"
    NO_CONSENT = "no_consent"
    OPTED_OUT = "opted_out"
    """Said yes in the chat, but PerfectGym lists chat messages as switched off."""
    UNREACHABLE = "unreachable"
    NOT_PURCHASABLE = "not_purchasable"
    BUSY = "busy"
    FAILED = "failed"


@dataclass(frozen=True)
class OfferResult:
    outcome: OfferOutcome
    studio: str
    customer_id: int
    customer_name: str
    module_id: int
    module_name: str
    platform: str | None = None
    reason: Phrase | None = None
    """Why, in a few words for staff (which consent is missing, what failed): worded in the
    studio's language by the desk, ``str(reason)`` in English for the audit log."""

    @property
    def sent(self) -> bool:
        return self.outcome is OfferOutcome.SENT


class OfferShown(StrEnum):
    """What ``show_offer`` did with the chat."""

    SHOWN = "shown"
    NOT_LINKED = "not_linked"
    BUSY = "busy"
    NOT_PURCHASABLE = "not_purchasable"


@dataclass
class OfferReport:
    """Filled in by ``show_offer`` so the desk can tell staff what happened."""

    outcome: OfferShown | None = None
    module_name: str | None = None


async def show_offer(turn: Turn, module_id: int, report: OfferReport) -> State | None:
    """Show module ``module_id`` as a personal offer, or leave the chat be; ``report`` says
    which (run through ``Engine.push``)."""
    if turn.link is None:
        report.outcome = OfferShown.NOT_LINKED
        return None
    if turn.state is not State.IDLE:
        report.outcome = OfferShown.BUSY
        return None
    turn.action, turn.payload = Action.MODULE, ModuleChoice(module_id=module_id)
    state = await booking.module(turn)
    if state is not State.BOOK_CHOOSE_FREQUENCY or not turn.out.messages:
        turn.out.messages.clear()  # "no longer available" is for a member who asked, not for a push
        report.outcome = OfferShown.NOT_PURCHASABLE
        return None
    draft = turn.draft
    report.module_name = draft.module.name if isinstance(draft, BookingDraft) else None
    first = turn.out.messages[0]
    intro = turn.t("staff_offer_intro", studio=turn.studio.name)
    turn.out.messages[0] = Outgoing(
        text=f"{intro}\n\n{first.text}\n\n{turn.t('offers_footer')}",
        buttons=first.buttons,
        replace=False,
    )
    report.outcome = OfferShown.SHOWN
    return state


async def send(
    services: Services,
    studio: StudioRuntime,
    customer: Customer,
    module: AdditionalModule,
    *,
    actor: str,
    engine: Engine,
    channels: Channels,
) -> OfferResult:
    """Check consent, show the offer in the member's chat and deliver it; say what happened."""
    name = " ".join(p for p in (customer.firstName, customer.lastName) if p) or f"#{customer.id}"

    def result(
        outcome: OfferOutcome, reason: Phrase | None, platform: str | None = None
    ) -> OfferResult:
        return OfferResult(
            outcome, studio.name, customer.id, name, module.id, module.name, platform, reason
        )

    links = await services.store.links_for_customer(studio.name, customer.id)
    if not links:
        return result(OfferOutcome.NOT_LINKED, NO_CHAT)
    willing = [link for link in links if link.marketing_consent]
    if not willing:
        return result(OfferOutcome.NO_CONSENT, NOT_OPTED_IN)
    reachable = [link for link in willing if chat_refusal(link, Purpose.MARKETING) is None]
    if not reachable:
        return result(OfferOutcome.UNREACHABLE, _why("blocked_or_left"))
    try:
        verdict = await perfectgym_verdict(studio.client, customer.id, Purpose.MARKETING)
    except PerfectGymError as exc:
        return result(OfferOutcome.FAILED, _why("preferences_failed", error=type(exc).__name__))
    if not verdict.allowed:
        return result(OfferOutcome.OPTED_OUT, verdict.reason)
    note = verdict.reason
    try:
        target = await _target(studio, reachable, module)
        if target is None:
            return result(OfferOutcome.NOT_PURCHASABLE, _why("already_booked"))
        report = OfferReport()
        delivered = await channels.push_turn(
            engine,
            target.platform,
            target.chat_id,
            lambda turn: show_offer(turn, module.id, report),
        )
    except PerfectGymError as exc:
        return result(OfferOutcome.FAILED, _why("perfectgym_failed", error=type(exc).__name__))
    if report.outcome is OfferShown.BUSY:
        return result(OfferOutcome.BUSY, _why("busy"))
    if report.outcome is not OfferShown.SHOWN:
        return result(OfferOutcome.NOT_PURCHASABLE, _why("no_longer_offered"))
    if delivered is PushResult.UNREACHABLE:
        return result(OfferOutcome.UNREACHABLE, BLOCKED, target.platform)
    platform = target.platform.capitalize()
    if delivered is PushResult.UNKNOWN:
        note = _why("delivery_unknown", platform=platform)
    elif delivered is not PushResult.SENT:
        failed = _why("not_taken", platform=platform)
        return result(OfferOutcome.FAILED, failed, target.platform)
    await services.store.record_funnel(
        OFFER_SENT,
        studio=studio.name,
        platform=target.platform,
        chat_id=target.chat_id,
        customer_id=customer.id,
        contract_id=target.contract_id,
        module_id=module.id,
        module_name=module.name,
        detail={"by": actor},
        now=services.clock.now(),
    )
    return result(OfferOutcome.SENT, note, target.platform)


def _why(reason: str, **values: str) -> Phrase:
    """A reason for staff from the catalogue (``staff_reason_<reason>``)."""
    return Phrase(f"staff_reason_{reason}", values)


async def _target(
    studio: StudioRuntime, links: Sequence[ChatLink], module: AdditionalModule
) -> ChatLink | None:
    """The most recently linked chat whose contract may book the module."""
    for link in sorted(links, key=lambda link: link.linked_at, reverse=True):
        if link.contract_id is None:
            continue
        purchasable = await studio.client.purchasable_modules(link.contract_id)
        if any(candidate.id == module.id for candidate in purchasable):
            return link
    return None


__all__ = [
    "OFFER_SENT",
    "OfferOutcome",
    "OfferReport",
    "OfferResult",
    "OfferShown",
    "send",
    "show_offer",
]
