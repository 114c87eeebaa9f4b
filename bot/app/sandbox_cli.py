"""``upsell-bot sandbox``: the PerfectGym stand-in alone on a port."""

from __future__ import annotations

import asyncio
import contextlib
import signal

from bot.config import ConfigError
from bot.sandbox import Sandbox, demo_text, serve_sandbox


async def run_sandbox(host: str, port: int, webhook_url: str | None) -> int:
    """Serve until SIGINT/SIGTERM; a port in use or a bad host is one ConfigError line."""
    if webhook_url is not None and not webhook_url.startswith(("http://", "https://")):
        raise ConfigError(f"--webhook-url must start with http:// or https:// (got {webhook_url})")
    sandbox = Sandbox.demo(webhook_url=webhook_url)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        async with contextlib.AsyncExitStack() as stack:
            try:
                base_url = await stack.enter_async_context(serve_sandbox(sandbox, host, port))
            except OSError as exc:
                reason = exc.strerror or str(exc)
                raise ConfigError(
                    f"cannot serve the sandbox on {host}:{port}: {reason}; "
                    "choose another --port or --host"
                ) from None
            print(demo_text(sandbox, base_url), flush=True)
            print(f"Serving the PerfectGym sandbox at {base_url} (Ctrl-C stops it).", flush=True)
            if webhook_url:
                print(f"Webhooks go to {webhook_url}.", flush=True)
            await stop.wait()
    finally:
        await sandbox.aclose()
    return 0
