"""``upsell-bot consent-export``: the proof of consent, as JSON, for a member or a studio.

What the bot stores as proof (GDPR Art. 7(1)): on each chat link the current answer to the
offers question with its time and wording version, and in the audit log every answer ever
given (yes or no, when, how, in which language and with the very wording the member saw).
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import Any, TextIO

from bot.app.runtime import open_sync_store
from bot.config import Settings
from bot.store import AuditEvent, ChatLink, Store
from conversations.consent import CONSENT_VERSION


def export(
    store: Store, *, studio: str | None = None, customer_id: int | None = None
) -> dict[str, Any]:
    """The consent state of every matching chat link and the whole answer history."""
    links = [
        link
        for link in store.all_links(studio)
        if customer_id is None or link.customer_id == customer_id
    ]
    history = store.consent_history(studio=studio, customer_id=customer_id)
    return {
        "current_wording_version": CONSENT_VERSION,
        "links": [_link(link) for link in links],
        "history": [_event(event) for event in history],
    }


def _link(link: ChatLink) -> dict[str, Any]:
    return {
        "studio": link.studio,
        "customer_id": link.customer_id,
        "customer_number": link.customer_number,
        "platform": link.platform,
        "chat_id": link.chat_id,
        "linked_at": _iso(link.linked_at),
        "marketing_consent": link.marketing_consent,
        "consent_at": _iso(link.consent_at),
        "consent_version": link.consent_version,
        "unreachable": link.unreachable,
    }


def _event(event: AuditEvent) -> dict[str, Any]:
    return {
        "at": _iso(event.at),
        "action": event.action,
        "actor": event.actor,
        "studio": event.studio,
        "customer_id": int(event.subject) if event.subject and event.subject.isdigit() else None,
        "detail": event.detail,
    }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def consent_export_command(
    settings: Settings,
    *,
    studio: str | None = None,
    customer_id: int | None = None,
    out: TextIO | None = None,
) -> int:
    """Print the export; reads the database only."""
    store = open_sync_store(settings)
    try:
        document = export(store, studio=studio, customer_id=customer_id)
    finally:
        store.close()
    json.dump(document, out or sys.stdout, ensure_ascii=False, indent=2)
    (out or sys.stdout).write("\n")
    return 0
