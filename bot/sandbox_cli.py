"""``upsell-bot sandbox``: the PerfectGym stand-in alone on a port."""

from __future__ import annotations

import asyncio
import signal

from bot.sandbox import Sandbox, demo_text, serve_sandbox


async def run_sandbox(host: str, port: int, webhook_url: str | None) -> int:
    sandbox = Sandbox.demo(webhook_url=webhook_url)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with serve_sandbox(sandbox, host, port) as base_url:
        print(demo_text(sandbox, base_url), flush=True)
        print(f"Serving the PerfectGym sandbox at {base_url} (Ctrl-C stops it).", flush=True)
        if webhook_url:
            print(f"Webhooks go to {webhook_url}.", flush=True)
        await stop.wait()
    await sandbox.aclose()
    return 0
