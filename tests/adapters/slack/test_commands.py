"""Parsing ``/upsell`` text: subcommands, arguments, the studio, and what is wrong."""

from __future__ import annotations

import pytest

from adapters.slack import Subcommand, parse
from adapters.slack._commands import help_text


@pytest.mark.parametrize(
    ("text", "name", "args", "studio"),
    [
        ("", Subcommand.HELP, (), None),
        ("help", Subcommand.HELP, (), None),
        ("customer 1-1001", Subcommand.CUSTOMER, ("1-1001",), None),
        ("CUSTOMER 1001", Subcommand.CUSTOMER, ("1001",), None),
        (
            'customer 1-1001 --studio "Berlin Mitte"',
            Subcommand.CUSTOMER,
            ("1-1001",),
            "Berlin Mitte",
        ),
        (
            "customer 1-1001 --studio “Berlin Mitte”",
            Subcommand.CUSTOMER,
            ("1-1001",),
            "Berlin Mitte",
        ),
        ("studio:Berlin-Mitte link 1-1001", Subcommand.LINK, ("1-1001",), "Berlin-Mitte"),
        ("modules --studio=Hamburg", Subcommand.MODULES, (), "Hamburg"),
        ("stats", Subcommand.STATS, (), None),
        ("stats 7", Subcommand.STATS, ("7",), None),
        (
            "offer 1-1001 Personal Training",
            Subcommand.OFFER,
            ("1-1001", "Personal", "Training"),
            None,
        ),
    ],
)
def test_commands_parse(
    text: str, name: Subcommand, args: tuple[str, ...], studio: str | None
) -> None:
    command = parse(text)
    assert (command.name, command.args, command.studio, command.problem) == (
        name,
        args,
        studio,
        None,
    )


def test_offer_joins_the_module_name_and_stats_defaults_to_30_days() -> None:
    assert parse("offer 1-1001 Personal Training").module == "Personal Training"
    assert parse("stats").days == 30 and parse("stats 7").days == 7


@pytest.mark.parametrize(
    ("text", "trouble"),
    [
        ("frobnicate", "I don't know the subcommand `frobnicate`"),
        ("customer", "needs one customer number"),
        ("link 1-1001 1-1002", "needs one customer number"),
        ("modules sauna", "takes no arguments"),
        ("stats soon", "takes a number of days"),
        ("stats 400", "1 to 366 days"),
        ("offer 1-1001", "needs a customer and a module"),
        ("customer 1-1001 --studio", "needs a studio name"),
        ("campaign Sauna", "needs a module and a time"),
        ("campaign cancel", "needs the campaign's number"),
        ("campaign cancel soon", "needs the campaign's number"),
        ("campaigns all", "takes no arguments"),
    ],
)
def test_mistakes_are_named(text: str, trouble: str) -> None:
    problem = parse(text).problem
    assert problem is not None and trouble in problem.words("en")


def test_mistakes_are_named_in_german_too() -> None:
    problem = parse("stats bald").problem
    assert problem is not None
    assert problem.words("de") == "`stats` erwartet eine Anzahl von Tagen, z. B. `stats 7`."


@pytest.mark.parametrize(
    ("text", "name", "args"),
    [
        ("campaigns", Subcommand.CAMPAIGNS, ()),
        ("campaign list", Subcommand.CAMPAIGNS, ()),
        ("campaign cancel 3", Subcommand.CAMPAIGN_CANCEL, ("3",)),
        ("campaign cancel #3", Subcommand.CAMPAIGN_CANCEL, ("#3",)),
        (
            'campaign Sauna 2026-12-20 18:00 "Winter special: 20% off"',
            Subcommand.CAMPAIGN,
            ("Sauna", "2026-12-20", "18:00", "Winter special: 20% off"),
        ),
        (
            "campaign Trainingsplan-App Premium now",
            Subcommand.CAMPAIGN,
            ("Trainingsplan-App", "Premium", "now"),
        ),
        (
            "campaign Sauna now Don't miss it",  # an apostrophe: the words as they are
            Subcommand.CAMPAIGN,
            ("Sauna", "now", "Don't", "miss", "it"),
        ),
    ],
)
def test_campaign_commands_parse(text: str, name: Subcommand, args: tuple[str, ...]) -> None:
    command = parse(text)
    assert (command.name, command.args, command.problem) == (name, args, None)


def test_campaign_cancel_takes_the_number() -> None:
    assert parse("campaign cancel #12").campaign_id == 12


@pytest.mark.parametrize("language", ["de", "en"])
def test_help_explains_studios_only_when_there_are_several(language: str) -> None:
    assert "--studio" not in help_text("/upsell", ["Berlin Mitte"], language)
    several = help_text("/upsell", ["Berlin Mitte", "Hamburg Altona"], language)
    assert '--studio "Berlin Mitte"' in several and "studio:Berlin-Mitte" in several


@pytest.mark.parametrize("language", ["de", "en"])
def test_help_keeps_the_keywords_in_both_languages(language: str) -> None:
    shown = help_text("/upsell", ["Berlin Mitte"], language)
    for keyword in ("customer", "link", "modules", "stats", "offer", "campaign", "help"):
        assert f"`/upsell {keyword}" in shown
    assert "`/upsell campaigns`" in shown and "`/upsell campaign cancel" in shown
