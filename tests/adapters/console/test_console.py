"""The console adapter: a whole scripted conversation through piped input."""

from __future__ import annotations

import io

from adapters.console import ConsoleChat, to_incoming
from conversations import Command
from conversations.types import Button
from tests.conversations.conftest import Bot


class Script(io.StringIO):
    def isatty(self) -> bool:
        return False


async def test_a_scripted_booking_through_the_console(bot: Bot) -> None:
    script = Script("1-1001\n12.03.1994\nDiscover modules\n1\n1\n2\n1\n/mine\n")
    out = io.StringIO()
    await ConsoleChat(bot.engine, stdin=script, stdout=out, language_hint="en").run()
    transcript = out.getvalue()
    assert "Please send me your customer number" in transcript
    assert "> 1-1001\n" in transcript  # piped input is echoed, so the transcript reads well
    assert "[1] Book and pay · €9.90/month" in transcript
    assert "Booked! Sauna starts on 27 Nov 2026" in transcript
    assert "• Sauna – €9.90/month, starts on 27 Nov 2026" in transcript
    assert len(bot.sandbox.module_contracts_of(5001)) == 1


async def test_numbers_out_of_range_are_text() -> None:
    buttons = [Button("Sauna", "tok1"), Button("Menu", "tok2")]
    base = {"platform": "console", "chat_id": "c", "user_id": "c", "language_hint": None}
    assert to_incoming("2", buttons, **base).button == "tok2"  # type: ignore[arg-type]
    assert to_incoming("sauna", buttons, **base).button == "tok1"  # type: ignore[arg-type]
    assert to_incoming("7", buttons, **base).text == "7"  # type: ignore[arg-type]
    start = to_incoming("/start ABC123", buttons, **base)  # type: ignore[arg-type]
    assert (start.command, start.argument) == (Command.START, "ABC123")
    assert to_incoming("/nonsense", buttons, **base).text == "/nonsense"  # type: ignore[arg-type]
