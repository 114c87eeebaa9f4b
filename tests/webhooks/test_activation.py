"""``upsell-bot activate-webhooks``: confirmActivation per studio, against the sandbox."""

from __future__ import annotations

from bot.app.webhooks import activate_webhooks
from bot.config import Settings, StudioSettings
from bot.sandbox import BERLIN_MITTE_API_KEY, HAMBURG_ALTONA_API_KEY, Sandbox


async def test_activation_is_confirmed_for_each_studio_and_failures_are_named(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    studios = [
        StudioSettings(name="Berlin Mitte", base_url=sandbox_url, api_key=BERLIN_MITTE_API_KEY),
        StudioSettings(name="Hamburg Altona", base_url=sandbox_url, api_key=HAMBURG_ALTONA_API_KEY),
        StudioSettings(name="Typo", base_url=sandbox_url, api_key="not-a-key"),
    ]
    settings = Settings(studios=studios)

    results = await activate_webhooks(settings, ["Berlin Mitte", "Typo"])
    assert [(r.studio, r.ok) for r in results] == [("Berlin Mitte", True), ("Typo", False)]
    assert results[1].error is not None and results[1].error.startswith("AuthenticationFailed")
    assert [s.activation_confirmed for s in sandbox.studios.values()] == [True, False]

    everyone = await activate_webhooks(settings)
    assert [r.studio for r in everyone if r.ok] == ["Berlin Mitte", "Hamburg Altona"]
    assert all(s.activation_confirmed for s in sandbox.studios.values())
