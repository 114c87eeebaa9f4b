"""The ``/upsell`` command line: subcommands, arguments, the studio to act for, and help.

Parsing is pure (no Slack, no I/O), so it is cheap to run before acknowledging a request.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from enum import StrEnum

from conversations.staff import MAX_STATS_DAYS

DEFAULT_STATS_DAYS = 30


class Subcommand(StrEnum):
    HELP = "help"
    CUSTOMER = "customer"
    LINK = "link"
    MODULES = "modules"
    STATS = "stats"
    OFFER = "offer"
    CAMPAIGN = "campaign"


_SMART_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})
_STUDIO_PREFIXES = ("--studio=", "studio:", "studio=")
_ALIASES = {
    "help": Subcommand.HELP,
    "?": Subcommand.HELP,
    "customer": Subcommand.CUSTOMER,
    "member": Subcommand.CUSTOMER,
    "lookup": Subcommand.CUSTOMER,
    "link": Subcommand.LINK,
    "code": Subcommand.LINK,
    "modules": Subcommand.MODULES,
    "catalogue": Subcommand.MODULES,
    "catalog": Subcommand.MODULES,
    "stats": Subcommand.STATS,
    "figures": Subcommand.STATS,
    "offer": Subcommand.OFFER,
    "campaign": Subcommand.CAMPAIGN,
}


@dataclass(frozen=True)
class StaffCommand:
    """One parsed command; ``problem`` says what is wrong with it (then help is shown)."""

    name: Subcommand
    args: tuple[str, ...] = ()
    studio: str | None = None
    problem: str | None = None

    @property
    def customer(self) -> str:
        return self.args[0]

    @property
    def module(self) -> str:
        return " ".join(self.args[1:])

    @property
    def campaign_module(self) -> str:
        return self.args[0]

    @property
    def campaign_time(self) -> str:
        return " ".join(self.args[1:])

    @property
    def days(self) -> int:
        return int(self.args[0]) if self.args else DEFAULT_STATS_DAYS


def parse(text: str) -> StaffCommand:
    """``customer 1-1001 --studio "Berlin Mitte"`` -> a CUSTOMER command for that studio."""
    text = text.translate(_SMART_QUOTES)
    try:
        tokens = shlex.split(text)
    except ValueError:  # an unbalanced quote: take the words as they are
        tokens = text.split()
    tokens, studio, problem = _take_studio(tokens)
    if not tokens:
        return StaffCommand(Subcommand.HELP, studio=studio, problem=problem)
    word, args = tokens[0].lower(), tuple(tokens[1:])
    name = _ALIASES.get(word)
    if name is None:
        return StaffCommand(Subcommand.HELP, problem=f"I don't know the subcommand `{word}`.")
    problem = problem or _check(name, args)
    return StaffCommand(name, args, studio, problem)


def _take_studio(tokens: list[str]) -> tuple[list[str], str | None, str | None]:
    """Pull ``--studio NAME``, ``--studio=NAME`` or ``studio:NAME`` out of the words."""
    rest: list[str] = []
    studio: str | None = None
    words = iter(tokens)
    for token in words:
        lowered = token.lower()
        if lowered == "--studio":
            studio = next(words, None)
            if studio is None:
                return rest, None, "`--studio` needs a studio name."
        elif prefix := next((p for p in _STUDIO_PREFIXES if lowered.startswith(p)), None):
            studio = token[len(prefix) :]
        else:
            rest.append(token)
    return rest, (studio.strip() or None) if studio else None, None


def _check(name: Subcommand, args: tuple[str, ...]) -> str | None:
    if name in (Subcommand.CUSTOMER, Subcommand.LINK) and len(args) != 1:
        return f"`{name}` needs one customer number or id, e.g. `{name} 1-1001`."
    if name is Subcommand.MODULES and args:
        return "`modules` takes no arguments."
    if name is Subcommand.STATS:
        if len(args) > 1 or (args and not args[0].isdigit()):
            return "`stats` takes a number of days, e.g. `stats 7`."
        if args and not 1 <= int(args[0]) <= MAX_STATS_DAYS:
            return f"`stats` covers 1 to {MAX_STATS_DAYS} days."
    if name is Subcommand.OFFER and len(args) < 2:
        return "`offer` needs a customer and a module, e.g. `offer 1-1001 Sauna`."
    if name is Subcommand.CAMPAIGN and len(args) < 2:
        return (
            "`campaign` needs a module and a time, e.g. `campaign Sauna 2026-12-01 18:00` "
            "(or a date, or `now`)."
        )
    return None


def help_text(command: str, studios: list[str]) -> str:
    """The help, in Slack mrkdwn."""
    lines = [
        f"*{command}*: the studio staff desk of the upsell bot",
        f"• `{command} customer <number or id>`: chat links, contracts, modules with status "
        "and price, pending cancelations",
        f"• `{command} link <number or id>`: a one-time link code and Telegram link for the "
        "member (only you see it; single use, it expires)",
        f"• `{command} modules`: the catalogue with prices",
        f"• `{command} stats [days]`: offers shown, validations, purchases, cancelations, "
        f"withdrawals, conversion and monthly revenue added (default {DEFAULT_STATS_DAYS} days)",
        f"• `{command} offer <customer> <module>`: send a linked member a personal offer in "
        "their chat (only with their consent)",
        f"• `{command} campaign <module> <when>`: offer a module to every linked member who "
        "can book it and does not have it, at a time (`2026-12-01 18:00`, a date, or `now`; "
        "studio time, never in quiet hours, only with consent)",
        f"• `{command} help`: this help",
    ]
    if len(studios) > 1:
        names = ", ".join(f"`{name}`" for name in studios)
        lines.append(
            f"Studios: {names}. In a studio's staff channel that studio is used; elsewhere add "
            f'`--studio "{studios[0]}"` or `studio:{studios[0].replace(" ", "-")}`.'
        )
    return "\n".join(lines)
