"""Console adapter: prints replies, shows buttons as numbered options.

The member answers with a button's number, its label, a ``/command`` or free text. Works
interactively and with piped stdin, so a whole conversation can be scripted:
``printf '1-1001\\n12.04.1990\\n1\\n' | upsell-bot demo``.
"""

from __future__ import annotations

import asyncio
import sys
from functools import partial
from typing import Any, TextIO

from conversations import Engine
from conversations.types import Button, Command, Incoming, Outgoing

_COMMANDS = {command.value: command for command in Command}


def to_incoming(
    line: str,
    buttons: list[Button],
    *,
    platform: str,
    chat_id: str,
    user_id: str,
    language_hint: str | None,
) -> Incoming:
    """Map one typed line to an engine event: number or label -> button, /x -> command."""
    typed = line.strip()
    event = partial(
        Incoming, platform=platform, chat_id=chat_id, user_id=user_id, language_hint=language_hint
    )
    if typed.isdigit() and 1 <= int(typed) <= len(buttons):
        return event(button=buttons[int(typed) - 1].token)
    for button in buttons:
        if typed.casefold() == button.label.casefold():
            return event(button=button.token)
    if typed.startswith("/"):
        name, _, argument = typed[1:].partition(" ")
        command = _COMMANDS.get(name.lower())
        if command is not None:
            return event(command=command, argument=argument.strip() or None)
    return event(text=typed)


class ConsoleChat:
    """One member chatting with the engine through a terminal (or a pipe)."""

    def __init__(
        self,
        engine: Engine,
        *,
        chat_id: str = "console",
        language_hint: str | None = None,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
    ) -> None:
        self.engine = engine
        self.chat_id = chat_id
        self.language_hint = language_hint
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.buttons: list[Button] = []
        self._echo = not self.stdin.isatty()

    async def run(self, *, start: bool = True) -> None:
        """Chat until end of input (Ctrl-D, or the end of a piped script)."""
        if start:
            await self.send(self._event(command=Command.START))
        while True:
            self.stdout.write("> ")
            self.stdout.flush()
            line = await asyncio.to_thread(self.stdin.readline)
            if not line:
                self.stdout.write("\n")
                return
            if self._echo:
                self.stdout.write(line if line.endswith("\n") else line + "\n")
            if not line.strip():
                continue
            incoming = to_incoming(
                line,
                self.buttons,
                platform="console",
                chat_id=self.chat_id,
                user_id=self.chat_id,
                language_hint=self.language_hint,
            )
            await self.send(incoming)

    async def send(self, incoming: Incoming) -> list[Outgoing]:
        replies = await self.engine.handle(incoming)
        self.render(replies)
        return replies

    def render(self, replies: list[Outgoing]) -> None:
        """Print each message; number the buttons of this answer from 1."""
        if not replies:
            return
        self.buttons = []
        for reply in replies:
            self.stdout.write("\n" + reply.text + "\n")
            for row in reply.buttons:
                labels = []
                for button in row:
                    self.buttons.append(button)
                    labels.append(f"[{len(self.buttons)}] {button.label}")
                self.stdout.write("   " + "   ".join(labels) + "\n")
        self.stdout.flush()

    def _event(self, **kind: Any) -> Incoming:
        return Incoming(
            platform="console",
            chat_id=self.chat_id,
            user_id=self.chat_id,
            language_hint=self.language_hint,
            **kind,
        )
