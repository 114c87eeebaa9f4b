"""A Telegram Bot API stand-in that catches PTB's real HTTP calls (respx) and enforces limits.

PTB checks none of Telegram's limits; this fake does, so a test fails when the bot would be
refused by the real Telegram:

- text 1..4096 characters (UTF-16 code units, as Telegram counts), callback_data 1..64 bytes;
- at most ``overall_per_second`` messages in any one-second window, one message per
  ``chat_interval`` per chat (sends and edits), nothing sent during a ``retry_after`` wait;
- every callback query answered exactly once.

Breaking a limit gets Telegram's own answer (400, or 429 with ``retry_after``) and is
recorded in ``violations``; a test asserts that list stays empty. Time comes from ``now``
(seconds; pass ``SimulatedClock.monotonic`` to judge on a simulated clock).

Use::

    fake = FakeBotApi(now=timer.monotonic)
    with fake.installed():              # respx patches httpx; loopback passes through
        app = build_application(fake.token, base_url=fake.base_url, ...)
        update = fake.message(42, "/start")         # realistic Update JSON
        ...                                          # feed it to the Application
        fake.bot_messages(42)[-1].text               # what the member saw
        fake.press(42, "Discover modules")           # the callback update for a button

Failure knobs: ``fail_next`` (any status, e.g. 400 or 429 with ``retry_after``), ``block``
(403 "bot was blocked by the user"), ``disconnect_next`` (a connection error before the
request arrives, or a read timeout after Telegram took it). Polling: ``queue_update`` feeds
``getUpdates``.
"""

from ._fake import FakeBotApi
from ._shapes import ApiCall, ChatMessage

__all__ = ["ApiCall", "ChatMessage", "FakeBotApi"]
