"""A terminal chat with the engine, for the demo and for trying flows by hand."""

from adapters.console._chat import ConsoleChat, to_incoming

__all__ = ["ConsoleChat", "to_incoming"]
