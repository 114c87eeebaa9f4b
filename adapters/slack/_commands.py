"""The ``/upsell`` command line: subcommands, arguments, the studio to act for, and help.

Parsing is pure (no Slack, no I/O), so it is cheap to run before acknowledging a request.
The subcommand keywords are the same in every language; what is wrong with a command is a
catalogue key (``Trouble``), worded later in the studio's language.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from conversations.staff import MAX_STATS_DAYS
from conversations.texts import text

DEFAULT_STATS_DAYS = 30


class Subcommand(StrEnum):
    HELP = "help"
    CUSTOMER = "customer"
    LINK = "link"
    MODULES = "modules"
    STATS = "stats"
    EXPORT = "export"
    OFFER = "offer"
    CAMPAIGN = "campaign"
    CAMPAIGNS = "campaigns"
    CAMPAIGN_CANCEL = "campaign cancel"


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
    "export": Subcommand.EXPORT,
    "csv": Subcommand.EXPORT,
    "offer": Subcommand.OFFER,
    "campaign": Subcommand.CAMPAIGN,
    "campaigns": Subcommand.CAMPAIGNS,
}


@dataclass(frozen=True)
class Trouble:
    """What is wrong with a command: a catalogue key and its values."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)

    def words(self, language: str) -> str:
        return text(self.key, language, **self.values)


@dataclass(frozen=True)
class StaffCommand:
    """One parsed command; ``problem`` says what is wrong with it (then help is shown)."""

    name: Subcommand
    args: tuple[str, ...] = ()
    studio: str | None = None
    problem: Trouble | None = None

    @property
    def customer(self) -> str:
        return self.args[0]

    @property
    def module(self) -> str:
        return " ".join(self.args[1:])

    @property
    def campaign_id(self) -> int:
        return int(self.args[0].lstrip("#"))

    @property
    def days(self) -> int:
        return int(self.args[0]) if self.args else DEFAULT_STATS_DAYS


def parse(text: str) -> StaffCommand:
    """``customer 1-1001 --studio "Berlin Mitte"`` -> a CUSTOMER command for that studio."""
    text = text.translate(_SMART_QUOTES)
    try:
        tokens = shlex.split(text)
    except ValueError:  # an unbalanced quote or an apostrophe: take the words as they are
        tokens = text.split()
    tokens, studio, problem = _take_studio(tokens)
    if not tokens:
        return StaffCommand(Subcommand.HELP, studio=studio, problem=problem)
    word, args = tokens[0].lower(), tuple(tokens[1:])
    name = _ALIASES.get(word)
    if name is None:
        return StaffCommand(
            Subcommand.HELP, problem=Trouble("staff_unknown_subcommand", {"word": word})
        )
    if name is Subcommand.CAMPAIGN and args and args[0].lower() == "cancel":
        name, args = Subcommand.CAMPAIGN_CANCEL, args[1:]
    elif name is Subcommand.CAMPAIGN and [a.lower() for a in args] == ["list"]:
        name, args = Subcommand.CAMPAIGNS, ()
    problem = problem or _check(name, args)
    return StaffCommand(name, args, studio, problem)


def _take_studio(tokens: list[str]) -> tuple[list[str], str | None, Trouble | None]:
    """Pull ``--studio NAME``, ``--studio=NAME`` or ``studio:NAME`` out of the words."""
    rest: list[str] = []
    studio: str | None = None
    words = iter(tokens)
    for token in words:
        lowered = token.lower()
        if lowered == "--studio":
            studio = next(words, None)
            if studio is None:
                return rest, None, Trouble("staff_studio_needs_name")
        elif prefix := next((p for p in _STUDIO_PREFIXES if lowered.startswith(p)), None):
            studio = token[len(prefix) :]
        else:
            rest.append(token)
    return rest, (studio.strip() or None) if studio else None, None


def _check(name: Subcommand, args: tuple[str, ...]) -> Trouble | None:
    if name in (Subcommand.CUSTOMER, Subcommand.LINK) and len(args) != 1:
        return Trouble("staff_needs_customer", {"name": name.value})
    if name in (Subcommand.MODULES, Subcommand.CAMPAIGNS) and args:
        return Trouble("staff_no_arguments", {"name": name.value})
    if name in (Subcommand.STATS, Subcommand.EXPORT):
        if len(args) > 1 or (args and not args[0].isdigit()):
            return Trouble("staff_stats_days")
        if args and not 1 <= int(args[0]) <= MAX_STATS_DAYS:
            return Trouble("staff_days_range", {"most": MAX_STATS_DAYS})
    if name is Subcommand.OFFER and len(args) < 2:
        return Trouble("staff_offer_args")
    if name is Subcommand.CAMPAIGN and len(args) < 2:
        return Trouble("staff_campaign_args")
    if name is Subcommand.CAMPAIGN_CANCEL and (len(args) != 1 or not args[0].lstrip("#").isdigit()):
        return Trouble("staff_campaign_cancel_args")
    return None


def help_text(command: str, studios: list[str], language: str) -> str:
    """The help, in Slack mrkdwn."""
    lines = [
        text("staff_help_title", language, command=command),
        *(
            "• " + text(f"staff_help_{topic}", language, command=command, days=DEFAULT_STATS_DAYS)
            for topic in (
                "customer",
                "link",
                "modules",
                "stats",
                "export",
                "offer",
                "campaign",
                "campaigns",
                "campaign_cancel",
                "help",
            )
        ),
    ]
    if len(studios) > 1:
        names = ", ".join(f"`{name}`" for name in studios)
        lines.append(
            text(
                "staff_help_studios",
                language,
                studios=names,
                example=studios[0],
                short=studios[0].replace(" ", "-"),
            )
        )
    return "\n".join(lines)
