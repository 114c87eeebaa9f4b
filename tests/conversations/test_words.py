"""Words a German gym would use: every catalogue text rendered in both languages and read.

Each text is rendered with plausible values for its placeholders (by placeholder name, in the
text's language). Checked: nothing left unfilled or empty; no English word in German and no
German word in English (the placeholder values themselves, code spans, commands and vendor
codes aside); the gym's own words ("Button", "Testphase", British "cancellation"); typographic
quotes; German dative plurals after "nach", "von", "seit", "in den ersten", "in".
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bot.perfectgym import AdditionalModule, PaymentFrequency
from conversations import Command, texts
from conversations.commitments import Commitment, term_lines
from conversations.formatting import day, moment, money, term
from conversations.pricing import Schedule, schedule_text
from tests.conversations.conftest import Bot

KEYS = texts.keys()
CASES = [(key, language) for key in KEYS for language in texts.LANGUAGES]

DATIVE = frozenset({"ask_trial", "line_no_renewal", "price_until_term", "link_throttled"})
"""German texts with a duration after a dative preposition: the code renders their ``term``
(or ``minutes``) with ``formatting.term(..., dative=True)``."""

_DAY = date(2026, 12, 31)
_AT = datetime(2026, 12, 6, 11, 42, tzinfo=UTC)


def _sample(name: str, key: str, language: str) -> str:
    """A plausible value for placeholder ``name`` of ``key``, as the code would put it in."""
    de = language == "de"
    dative = key in DATIVE
    durations = {
        "term": term(3, "MONTH", language, dative=dative),
        "minutes": term(15, "MINUTE", language, dative=dative),
    }
    if name in durations:
        return durations[name]
    if name in ("date", "start", "end", "deadline", "paid_from", "since"):
        return day(_DAY, language)
    if name in ("at", "until", "when"):
        return moment(_AT, "Europe/Berlin", language)
    if name in ("amount", "monthly", "net") or (name == "price" and key.startswith("price_")):
        return money(Decimal("9.90"), "EUR", language)
    if name == "price":
        return money(Decimal("9.90"), "EUR", language) + ("/Monat" if de else "/month")
    words: dict[str, tuple[str, str]] = {
        "module": ("Sauna", "Sauna"),
        "modules": ("Sauna (9001), Handtuch-Flat (9002)", "Sauna (9001), Handtuch-Flat (9002)"),
        "studio": ("Berlin Mitte", "Berlin Mitte"),
        "studios": ("Berlin Mitte, Hamburg Altona", "Berlin Mitte, Hamburg Altona"),
        "rate": ("Premium 12", "Premium 12"),
        "name": ("Anna Neumann", "Anna Neumann"),
        "who": ("Customer 1-1001", "Mitglied 1-1001"),
        "how": ("monthly", "monatlich"),
        "option": ("monthly", "monatlich"),
        "unit": ("month", "Monat"),
        "status": ("active", "aktiv"),
        "state": ("scheduled", "geplant"),
        "reason": ("Moving away", "Umzug"),
        "detail": ("the sweep found a gap", "beim Abgleich fehlt etwas"),
        "period": ("last 30 days", "letzte 30 Tage"),
        "title": ("Upsell figures", "Upsell-Zahlen"),
        "language": ("English", "Deutsch"),
        "known": ("de, en", "de, en"),
        "flags": ("offers: has not opted in", "Angebote: keine Einwilligung"),
        "links": ("Telegram since 6 Dec 2026", "Telegram seit 06.12.2026"),
        "via": ("a staff link code", "Verknüpfungscode vom Team"),
        "platform": ("Telegram", "Telegram"),
        "words": ("14 Tage kostenlos testen", "14 Tage kostenlos testen"),
        "text": ("Sauna week: try it now!", "Saunawoche: jetzt testen!"),
        "contact": ("030 1234567", "030 1234567"),
        "category": ("GENERAL", "GENERAL"),
        "error": ("Forbidden", "Forbidden"),
        "event": ("CustomerDeleted", "CustomerDeleted"),
        "command": ("/upsell", "/upsell"),
        "code": ("K7QX-2M9P", "K7QX-2M9P"),
        "url": ("https://t.me/gym_bot?start=K7QX2M9P", "https://t.me/gym_bot?start=K7QX2M9P"),
        "arg": ("1-1001", "1-1001"),
        "reference": ("1-1001", "1-1001"),
        "number": ("1-1001", "1-1001"),
        "example": ("Berlin Mitte", "Berlin Mitte"),
        "short": ("berlin", "berlin"),
        "word": ("frobnicate", "frobnicate"),
        "value": ("tomorrowish", "morgenish"),
    }
    if name in words:
        return words[name][1 if de else 0]
    return "9001" if name == "id" else "3"  # counts: days, count, sent, members, ...


def render(key: str, language: str) -> str:
    values = {name: _sample(name, key, language) for name in texts.placeholders(key, language)}
    return texts.text(key, language, **values)


def bare(key: str, language: str) -> str:
    """The text's own words: placeholders blank, code spans, commands and vendor codes out."""
    values = {name: " " for name in texts.placeholders(key, language)}
    words = texts.text(key, language, **values)
    words = re.sub(r"`[^`]*`", " ", words)
    words = re.sub(r"(?<!\w)/[a-z]+", " ", words)
    words = re.sub(r"\b[A-Z][A-Z_]+[A-Z]\b", " ", words)
    return re.sub(r"\b(PerfectGym|Slack|Telegram)\b", " ", words)


ENGLISH = re.compile(
    r"\b((?i:the|and|or|your|you|please|sorry|thanks|booking|bookings|booked|book|cancel\w*|"
    r"trial|trials|price|month|months|with|without|from|until|once|customer|member|campaign|"
    r"offers?|here|this|that|not|now|has|have|is|are|of|to|for|my|it|on|at|by|yes|done|after|"
    r"before|when|which|what)|modules?)\b"
)
"""English words; "module" only in lower case (German writes its plural "Module")."""
GERMAN = re.compile(
    r"\b(der|die|das|den|dem|des|und|oder|bitte|du|dich|dir|dein\w*|mit|ohne|bis|nicht|ist|"
    r"sind|wird|wurde|noch|schon|jetzt|zum|zur|vom|bei|für|auf|ein|eine|einen|kein\w*|modul|"
    r"modulen|kündig\w*|gekündigt|kampagne\w*|testphase|mitglied\w*|buchung\w*|gebucht|preis|monat\w*|angebot\w*|"
    r"einmalig|kostenlos|kostenpflichtig\w*|vertrag|empfang|einstellungen|danke|nein|ja|"
    r"hallo|knopf|probezeit)\b|[äöüßÄÖÜ„]",
    re.IGNORECASE,
)
NOT_GERMAN_GYM_WORDS = re.compile(
    r"knopf|knöpf|probezeit|probephase|schaltfläche|\babo\b|abonnement|\bextras?\b|bezahlt|"
    r"\b(Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer)\b",
)
NOT_BRITISH = re.compile(
    r"\b(cancel(?:ation|ed|ing)s?|catalog|color|center|favorite|enroll\w*|extras?|agreed to)\b",
    re.IGNORECASE,
)
DATIVE_PREPOSITION = r"\b(?:nach|von|seit|in den ersten|in|mit|aus|bei|vor|zu)\s+"
NOMINATIVE_AFTER_DATIVE = re.compile(DATIVE_PREPOSITION + r"\d+\s+(?:Tage|Monate|Jahre)\b")


@pytest.mark.parametrize(("key", "language"), CASES)
def test_every_text_renders_whole(key: str, language: str) -> None:
    shown = render(key, language)
    assert shown.strip(), key
    assert "{" not in shown and "}" not in shown, shown


@pytest.mark.parametrize("key", KEYS)
def test_no_english_word_in_german_and_no_german_word_in_english(key: str) -> None:
    german, english = bare(key, "de"), bare(key, "en")
    assert not ENGLISH.search(german), (key, german)
    assert not GERMAN.search(english), (key, english)


@pytest.mark.parametrize("key", KEYS)
def test_the_words_a_german_gym_and_a_british_reader_expect(key: str) -> None:
    """Button, Testphase, du; cancellation, cancelled, and "opted in" rather than "agreed"."""
    assert not NOT_GERMAN_GYM_WORDS.search(bare(key, "de")), render(key, "de")
    assert not NOT_BRITISH.search(bare(key, "en")), render(key, "en")


@pytest.mark.parametrize(("key", "language"), CASES)
def test_typographic_quotes_and_spacing(key: str, language: str) -> None:
    own = re.sub(r"`[^`]*`", " ", texts.text(key, language))
    if language == "de":
        assert '"' not in own and "”" not in own, own
        assert own.count("„") == own.count("“"), own
    else:
        assert '"' not in own and "„" not in own, own
        assert own.count("“") == own.count("”"), own
    shown = render(key, language)
    assert "  " not in shown and not re.search(r" [.,;:!?]", shown), repr(shown)
    if not key.endswith("_join"):
        assert shown == shown.strip() and "\n " not in shown and " \n" not in shown, repr(shown)


@pytest.mark.parametrize("key", KEYS)
def test_german_durations_after_a_dative_preposition_take_the_dative(key: str) -> None:
    assert not NOMINATIVE_AFTER_DATIVE.search(render(key, "de")), render(key, "de")


def test_the_dative_texts_are_exactly_those_with_a_duration_after_a_dative_preposition() -> None:
    duration = re.compile(DATIVE_PREPOSITION + r"\{(?:term|minutes)\}")
    found = {key for key in KEYS if duration.search(texts.text(key, "de"))}
    assert found == DATIVE


# --- the dative through the code that fills it in ---------------------------------------


def test_a_price_step_after_a_shorter_one_reads_in_den_ersten_3_monaten() -> None:
    eur = {"currency": "EUR"}
    frequency = PaymentFrequency.model_validate(
        {
            "id": 1,
            "type": "TERM_BASED",
            "term": {"value": 1, "unit": "MONTH"},
            "termsToPrices": [
                {"term": {"value": 0, "unit": "DAY"}, "price": {"amount": 9.9, **eur}},
                {"term": {"value": 14, "unit": "DAY"}, "price": {"amount": 19.9, **eur}},
                {"term": {"value": 3, "unit": "MONTH"}, "price": {"amount": 24.9, **eur}},
            ],
        }
    )
    shown = schedule_text(Schedule.of(frequency), "de")
    assert "19,90\u00a0€/Monat in den ersten 3 Monaten, dann" in shown
    english = schedule_text(Schedule.of(frequency), "en")
    assert "€19.90/month for the first 3 months, then" in english


def test_a_module_that_does_not_renew_ends_nach_3_monaten() -> None:
    course = AdditionalModule.model_validate(
        {
            "id": 210,
            "name": "Rückenkurs",
            "imageUrl": "https://example.invalid/210.jpg",
            "paymentFrequencies": [
                {
                    "id": 2101,
                    "type": "RECURRING",
                    "term": {"value": 1, "unit": "MONTH"},
                    "price": {"amount": 19, "currency": "EUR"},
                }
            ],
            "termInformation": {"term": {"value": 3, "unit": "MONTH"}},
        }
    )
    commitment = Commitment.of(course, course.paymentFrequencies[0], trial=False)
    lines = term_lines(commitment, "de")
    assert "Verlängerung: keine, das Modul endet nach 3 Monaten von selbst" in lines
    assert "Renewal: none, it ends by itself after 3 months" in term_lines(commitment, "en")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "Zu viele Versuche. Bitte versuch es in 15 Minuten noch einmal"),
        ("en", "Too many attempts. Please try again in 15 minutes, or ask"),
    ],
)
async def test_too_many_link_attempts_say_how_long_to_wait(
    bot: Bot, language: str, expected: str
) -> None:
    member = bot.member("throttled", language=language)
    await member.command(Command.START)
    for _ in range(5):
        await member.say("1-1001")
        await member.say("01.01.1990")
    assert expected in member.text


# --- three things, three words ------------------------------------------------------------


@pytest.mark.parametrize("language", texts.LANGUAGES)
def test_abort_mute_and_cancel_are_three_different_words(language: str) -> None:
    """'Never mind' leaves a dialog, /stop ends offers, 'Cancel a module' ends a module."""
    abort = texts.text("btn_abort", language)
    mute = texts.text("btn_offers_off", language)
    cancel = texts.text("btn_cancel", language)
    assert len({abort.casefold(), mute.casefold(), cancel.casefold()}) == 3
    assert not re.search(r"cancel|kündig|stop|angebot|offer", abort, re.IGNORECASE)
    assert not re.search(r"cancel|kündig", mute, re.IGNORECASE)
    help_text = texts.text("help_linked", language)
    assert f"/stop ({mute.casefold()})" in help_text.casefold()
    assert f"/cancel ({cancel.casefold()})" in help_text.casefold()
    assert abort in texts.text("use_buttons", language), "the hint names the way out"
