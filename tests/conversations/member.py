"""A scripted member for engine tests: sends text, commands and presses buttons by label."""

from __future__ import annotations

from conversations import Command, Engine, Incoming, Outgoing
from conversations.types import Button


class Member:
    """One chat talking to the engine; remembers the last replies and their buttons."""

    def __init__(
        self, engine: Engine, chat_id: str = "m1", *, language: str = "en", platform: str = "test"
    ) -> None:
        self.engine = engine
        self.chat_id = chat_id
        self.language = language
        self.platform = platform
        self.last: list[Outgoing] = []
        self.history: list[Outgoing] = []
        self.taps = 0
        """Buttons pressed so far: "as easy as booking" is counted in taps."""

    def _incoming(self, **kind: object) -> Incoming:
        return Incoming(
            platform=self.platform,
            chat_id=self.chat_id,
            user_id=self.chat_id,
            language_hint=self.language,
            **kind,  # type: ignore[arg-type]
        )

    async def _run(self, incoming: Incoming) -> list[Outgoing]:
        self.last = await self.engine.handle(incoming)
        self.history.extend(self.last)
        return self.last

    async def say(self, text: str) -> list[Outgoing]:
        return await self._run(self._incoming(text=text))

    async def command(self, command: Command, argument: str | None = None) -> list[Outgoing]:
        return await self._run(self._incoming(command=command, argument=argument))

    async def tap(self, token: str) -> list[Outgoing]:
        self.taps += 1
        return await self._run(self._incoming(button=token))

    def button(self, label: str) -> Button:
        """The button on the last replies whose label contains ``label`` (case-insensitive)."""
        found = [
            b for reply in self.last for b in reply.flat_buttons if label.lower() in b.label.lower()
        ]
        if not found:
            labels = [b.label for reply in self.last for b in reply.flat_buttons]
            raise AssertionError(f"no button like {label!r} in {labels}; text: {self.text!r}")
        return found[0]

    async def press(self, label: str) -> list[Outgoing]:
        return await self.tap(self.button(label).token)

    @property
    def text(self) -> str:
        return "\n".join(reply.text for reply in self.last)

    @property
    def labels(self) -> list[str]:
        return [b.label for reply in self.last for b in reply.flat_buttons]

    async def link(
        self, number: str = "1-1001", born: str = "12.03.1994", *, offers: bool | None = None
    ) -> None:
        """Link the chat; ``offers`` answers the consent question (None: ignore it)."""
        await self.command(Command.START)
        if any("Berlin Mitte" == label for label in self.labels):
            await self.press("Berlin Mitte")
        await self.say(number)
        await self.say(born)
        assert "linked" in self.text or "verbunden" in self.text, self.text
        if offers is not None:
            await self.answer_offers(offers)

    async def answer_offers(self, yes: bool) -> list[Outgoing]:
        """Answer the consent question shown last (at linking or in the settings)."""
        if self.language.startswith("de"):
            return await self.press("Ja, schick mir Angebote" if yes else "Nein, danke")
        return await self.press("Yes, send me offers" if yes else "No, thanks")
