"""The application: the composition root and the processes that run the bot.

Everything below it (adapters, the conversation heart, the infrastructure in ``bot``) is
built here once and passed in explicitly; nothing imports this package but the entry points.
"""
