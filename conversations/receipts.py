"""Receipts: what the member declared, when it was received, and what it now says.

A booking, a cancelation and a withdrawal each end with a receipt: its own new message
without buttons (so no later tap edits it away) that the member can keep, and the same text
logged on the customer in PerfectGym (``POST /v1/communications/{customerId}/threads``,
channel CHAT, direction OUTGOING), so the studio sees what the member agreed to. Logging
never blocks the member's receipt: when PerfectGym refuses it (missing
``COMMUNICATION_WRITE`` scope, an outage), staff are told instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.perfectgym import (
    CommunicationChannel,
    CommunicationDirection,
    CommunicationThreadRequest,
    CommunicationThreadStatus,
    PerfectGymError,
)
from conversations.events import StaffEvent, StaffEventKind
from conversations.formatting import moment
from conversations.turn import Turn
from conversations.types import Button

log = logging.getLogger("conversations.receipts")


class ReceiptKind(StrEnum):
    PURCHASE = "purchase"
    CANCELATION = "cancelation"
    WITHDRAWAL = "withdrawal"


@dataclass(frozen=True)
class Receipt:
    """One declaration of the member and its result, ready to word.

    ``lines`` are the detail lines, already in the member's language (price schedule,
    payment option, dates, terms); ``outcome`` is the sentence saying what happened.
    """

    kind: ReceiptKind
    module: str
    received_at: datetime
    """When the member's declaration (the confirming tap) reached the bot."""
    outcome: str
    lines: tuple[str, ...] = ()
    module_contract_id: int | None = None
    customer_id: int | None = None
    rows: tuple[tuple[Button, ...], ...] = field(default=())


def word(turn: Turn, receipt: Receipt) -> str:
    """The receipt's text in the member's language, with the studio's local time."""
    zone = turn.studio.settings.time_zone
    parts = [turn.t(f"receipt_title_{receipt.kind.value}", module=receipt.module), receipt.outcome]
    details = list(receipt.lines)
    if receipt.module_contract_id is not None:
        details.append(turn.t("receipt_contract_id", id=receipt.module_contract_id))
    received = moment(receipt.received_at, zone, turn.language)
    details.append(turn.t("receipt_received", at=received))
    parts.append("\n".join(details))
    return "\n\n".join(part for part in parts if part)


async def issue(turn: Turn, receipt: Receipt) -> None:
    """Send the receipt as its own message and log it on the customer in PerfectGym.

    The receipt carries no buttons: a button under it would edit it away when tapped. Its
    ``rows`` come in a short message of their own right after it.
    """
    message = word(turn, receipt)
    turn.out.say(message, replace=False)
    if receipt.rows:
        turn.out.say(turn.t("receipt_next"), receipt.rows, replace=False)
    if receipt.customer_id is not None:
        await _log_on_customer(turn, receipt, message)


async def _log_on_customer(turn: Turn, receipt: Receipt, message: str) -> None:
    assert receipt.customer_id is not None
    thread = CommunicationThreadRequest(
        communicationThreadStatus=CommunicationThreadStatus.CLOSED,
        subject=turn.t(f"receipt_title_{receipt.kind.value}", module=receipt.module)[:255],
        content=message,
        communicationDirection=CommunicationDirection.OUTGOING,
        communicationChannel=CommunicationChannel.CHAT,
        agent="upsell-bot",
        communicationDateTime=receipt.received_at,
    )
    try:
        await turn.studio.client.create_communication_thread(receipt.customer_id, thread)
    except PerfectGymError as exc:
        log.warning("receipt not logged in PerfectGym: %s", type(exc).__name__)
        turn.records.tell_staff(
            StaffEvent(
                kind=StaffEventKind.NEEDS_HUMAN,
                studio=turn.studio.name,
                at=turn.now,
                customer_id=receipt.customer_id,
                customer_number=turn.link.customer_number if turn.link else None,
                module_name=receipt.module,
                module_contract_id=receipt.module_contract_id,
                detail={
                    "problem": "receipt_not_logged",
                    "error": type(exc).__name__,
                    "receipt": receipt.kind.value,
                },
            )
        )


__all__ = ["Receipt", "ReceiptKind", "issue", "word"]
