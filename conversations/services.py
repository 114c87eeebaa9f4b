"""What the engine stands on: the store, one API client per studio, a clock, options, events."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from bot.clock import Clock, SystemClock
from bot.config import Settings, StudioSettings
from bot.perfectgym import PerfectGymClient, RequestLimiter, pace
from bot.store.protocols import StoreAPI
from conversations.events import EventBus


@dataclass(frozen=True)
class StudioRuntime:
    """A configured studio and the API client that speaks for it."""

    settings: StudioSettings
    client: PerfectGymClient

    @property
    def name(self) -> str:
        return self.settings.name


@dataclass(frozen=True)
class EngineOptions:
    """Tunables of the member dialogs; defaults suit production."""

    conversation_timeout: timedelta = timedelta(minutes=30)
    button_ttl: timedelta = timedelta(days=7)
    link_attempts: int = 5
    link_window: timedelta = timedelta(minutes=15)
    link_ceiling: int = 30
    """Self-service link checks per studio per minute, all chats together."""
    link_code_ttl: timedelta = timedelta(hours=24)
    landing_grace: timedelta = timedelta(minutes=2)
    """How long a write PerfectGym received but never answered may still land there: until
    then "not there (yet)" means "not known yet", afterwards "not done"."""
    recheck_unclear: timedelta = timedelta(minutes=1)
    """How often the reconciler asks again about a write whose outcome is unknown."""
    telegram_bot_username: str | None = None
    max_text_length: int = 1000
    double_tap_window: timedelta = timedelta(seconds=30)
    """A second tap on the button pressed last, this soon after, is ignored quietly."""

    @classmethod
    def from_settings(cls, settings: Settings) -> EngineOptions:
        return cls(
            conversation_timeout=timedelta(minutes=settings.conversation_timeout_minutes),
            link_code_ttl=timedelta(minutes=settings.link_code_ttl_minutes),
            link_ceiling=settings.link_attempts_per_studio_minute,
            telegram_bot_username=settings.telegram_bot_username,
        )


@dataclass
class Services:
    """Everything flows may use; built once per process."""

    store: StoreAPI
    studios: dict[str, StudioRuntime]
    clock: Clock = field(default_factory=SystemClock)
    options: EngineOptions = field(default_factory=EngineOptions)
    events: EventBus = field(default_factory=EventBus)

    def studio(self, name: str) -> StudioRuntime:
        return self.studios[name]

    async def aclose(self) -> None:
        for studio in self.studios.values():
            await studio.client.aclose()

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        store: StoreAPI,
        *,
        clock: Clock | None = None,
        events: EventBus | None = None,
        limiter_for: Callable[[StudioSettings], RequestLimiter | None] | None = None,
    ) -> Services:
        """``limiter_for``: a studio's request limiter when not the client's own (replicas
        share one budget per API key through the database)."""
        studios = {
            studio.name: StudioRuntime(
                settings=studio,
                client=PerfectGymClient(
                    str(studio.base_url),
                    studio.api_key,
                    requests_per_minute=pace(studio.requests_per_minute).per_minute,
                    limiter=limiter_for(studio) if limiter_for is not None else None,
                    cache_seconds=settings.perfectgym_cache_seconds,
                    preference_cache_seconds=settings.perfectgym_preferences_cache_seconds,
                ),
            )
            for studio in settings.studios
        }
        return cls(
            store=store,
            studios=studios,
            clock=clock or SystemClock(),
            options=EngineOptions.from_settings(settings),
            events=events or EventBus(),
        )
