"""Finding a module in the studio's catalogue from what staff typed.

By id (``201``), by name (case, spaces and dashes do not count: ``personal-training start``),
or by a unique beginning (``trainingsplan``). Where more words follow the name (a campaign's
time and text), the longest catalogue name the words start with wins, so names with spaces
work without quotes: ``Trainingsplan-App Premium now``.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.perfectgym import AdditionalModule
from conversations.staff._errors import ModuleNotFound


def loose(name: str) -> str:
    """A name compared loosely: case, spaces, dashes and underscores do not count."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def find_module(
    modules: Sequence[AdditionalModule], reference: str, studio: str
) -> AdditionalModule:
    """The one module ``reference`` names; ``ModuleNotFound`` lists the catalogue otherwise."""
    found = _matches(modules, reference.strip())
    if len(found) != 1:
        raise _not_found(modules, reference.strip(), studio)
    return found[0]


def module_and_rest(
    modules: Sequence[AdditionalModule], words: Sequence[str], studio: str
) -> tuple[AdditionalModule, list[str]]:
    """The module the words start with (the longest name wins) and the words after it."""
    for exact in (True, False):
        for length in range(len(words), 0, -1):
            wanted = " ".join(words[:length])
            found = _matches(modules, wanted, beginning=not exact)
            if len(found) == 1:
                return found[0], list(words[length:])
    raise _not_found(modules, words[0] if words else "", studio)


def _matches(
    modules: Sequence[AdditionalModule], wanted: str, *, beginning: bool = True
) -> list[AdditionalModule]:
    if wanted.isdigit():
        return [m for m in modules if m.id == int(wanted)]
    key = loose(wanted)
    if not key:
        return []
    exact = [m for m in modules if loose(m.name) == key]
    if exact or not beginning:
        return exact
    return [m for m in modules if loose(m.name).startswith(key)]


def _not_found(modules: Sequence[AdditionalModule], wanted: str, studio: str) -> ModuleNotFound:
    names = ", ".join(f"{m.name} ({m.id})" for m in modules) or "–"
    return ModuleNotFound("staff_no_module", module=wanted, studio=studio, modules=names)
