"""What free text is about: plain keyword lists in German and English, no language model.

``intent`` finds the flow a member's words ask for ("Sauna kündigen" is a cancelation);
``mentioned`` finds the module contracts a text names ("cancel my towels" -> Handtuch-Flat).
"Stop" in the member's words lives with consent (``conversations.consent``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.perfectgym import SubContract

_WORDS = frozenset[str]
INTENTS: tuple[tuple[str, _WORDS], ...] = (
    (
        "cancel",
        frozenset(
            "kündigen kuendigen kündige kündigung kuendigung beenden abbestellen cancel "
            "cancellation cancelation terminate".split()
        ),
    ),
    (
        "offers",
        frozenset(
            "modul module modules angebot angebote book buchen buy kaufen offer offers extras "
            "sauna".split()
        ),
    ),
    ("mine", frozenset("mine meine my gebucht booked withdraw widerruf zurücknehmen".split())),
    ("help", frozenset({"help", "hilfe", "?", "what", "was"})),
    ("menu", frozenset("hi hallo hello hey menu menü start moin servus".split())),
)
"""First match wins, so a cancelation beats the module it names."""

_SYNONYMS = {
    "towel": "handtuch",
    "towels": "handtuch",
    "handtücher": "handtuch",
    "drink": "getränke",
    "drinks": "getränke",
    "beverages": "getränke",
}
"""English words members use for the studios' German module names."""


def intent(message: str) -> str | None:
    """``cancel``, ``offers``, ``mine``, ``help``, ``menu`` or None."""
    words = set(re.sub(r"[^\w?]+", " ", message.lower()).replace("?", " ? ").split())
    return next((name for name, keywords in INTENTS if words & keywords), None)


def mentioned(subs: Sequence[SubContract], message: str) -> list[SubContract]:
    """The module contracts whose name the text mentions (word stems of 4+ letters)."""
    said = _stems(message)
    return [s for s in subs if said & _stems(s.rateName)]


def _stems(words: str) -> set[str]:
    found = set()
    for word in re.sub(r"[^\w]+", " ", words.casefold()).split():
        word = _SYNONYMS.get(word, word)
        if len(word) >= 4:
            found.add(word[:5])
    return found


__all__ = ["INTENTS", "intent", "mentioned"]
