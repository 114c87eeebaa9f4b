"""Many webhook deliveries at once over plain HTTP/1.1 keep-alive connections.

httpx's pool costs more CPU per request than the receiver itself when a thousand requests
wait in one event loop, so bursts are sent with this small client: ``connections``
concurrent sockets, each posting its share back to back, as a busy vendor would.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit


async def post_all(
    url: str, bodies: Sequence[Any], headers: dict[str, str], *, connections: int = 100
) -> list[int]:
    """POST every body (JSON) to ``url``; the status codes, in the order of ``bodies``."""
    statuses: list[int] = [0] * len(bodies)
    lanes = [list(range(lane, len(bodies), connections)) for lane in range(connections)]
    await asyncio.gather(*(_lane(url, bodies, lane, headers, statuses) for lane in lanes if lane))
    return statuses


async def _lane(
    url: str, bodies: Sequence[Any], indexes: list[int], headers: dict[str, str], out: list[int]
) -> None:
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    extra = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    try:
        for index in indexes:
            data = json.dumps(bodies[index]).encode()
            head = (
                f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n{extra}\r\n"
            )
            writer.write(head.encode() + data)
            await writer.drain()
            status_line = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            out[index] = int(status_line.split()[1])
    finally:
        writer.close()
        await writer.wait_closed()
