"""``SandboxTransport``: the sandbox in-process, with the client's read timeout kept.

On the virtual-time loop (conftest.py): a held request times out without the wait.
"""

from __future__ import annotations

import httpx
import pytest

from bot.perfectgym import RequestTimeout
from bot.sandbox import BERLIN_MITTE_API_KEY, Sandbox
from testing.sandbox import SANDBOX_URL, SandboxTransport, sandbox_client, studio_settings

PURCHASE = "/v1/memberships/5001/self-service/additional-modules/purchase"
SAUNA = {"additionalModuleId": 201, "paymentFrequencyId": 2011, "bookTrialPeriod": False}


async def test_a_held_request_ends_in_a_read_timeout_and_the_sandbox_finishes_it(
    sandbox: Sandbox,
) -> None:
    sandbox.faults.add("purchaseAdditionalModuleContract", hang=True, after_commit=True)
    headers = {"X-API-KEY": BERLIN_MITTE_API_KEY}
    async with httpx.AsyncClient(
        transport=SandboxTransport(sandbox), base_url=SANDBOX_URL, headers=headers, timeout=5.0
    ) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.post(PURCHASE, json=SAUNA)
    assert len(sandbox.module_contracts_of(5001)) == 1, "received, so it was made"


async def test_the_client_sees_the_timeout_as_sent_and_reads_are_answered(
    sandbox: Sandbox,
) -> None:
    client = sandbox_client(sandbox, BERLIN_MITTE_API_KEY, timeout=5.0, max_retries=0)
    async with client:
        studio = await client.studio_information()
        assert studio.name == "Berlin Mitte"
        sandbox.faults.add("getStudioInformation", hang=True)
        with pytest.raises(RequestTimeout) as caught:
            await client.studio_information()
    assert caught.value.request_sent


def test_studio_settings_name_the_studios_asked_for(sandbox: Sandbox) -> None:
    settings = studio_settings(sandbox, ["Hamburg Altona"])
    assert [s.name for s in settings] == ["Hamburg Altona"]
    assert str(settings[0].base_url).rstrip("/") == SANDBOX_URL
