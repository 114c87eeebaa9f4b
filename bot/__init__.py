"""Gym upsell bot: sells and manages PerfectGym Next additional modules in chat."""

__version__ = "0.1.0"
