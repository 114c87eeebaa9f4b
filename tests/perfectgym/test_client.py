"""Client behaviour a caller notices: language, logging without secrets, set-up checks."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

import httpx
import pytest
from pydantic import SecretStr

from bot.perfectgym import Forbidden, NotFound, PerfectGymClient, VoidResult

from .conftest import API_KEY, Recorder, error_body

MODULE_CONTRACT = {
    "name": "Sauna",
    "price": {"amount": 9.9, "currency": "EUR"},
    "startDate": "2026-12-01",
    "contractCancelationCanBeWithdrawn": False,
    "availableCancelationDates": ["2027-01-31", "2027-02-28"],
}


def localized(request: httpx.Request) -> httpx.Response:
    """Answers 404 in the language the caller asked for, like the vendor does."""
    german = request.headers.get("Accept-Language") == "de"
    message = "Vertrag nicht gefunden" if german else "Contract not found"
    return httpx.Response(404, json=error_body(message, "contract.not.found", "tr-9"))


async def test_language_is_sent_as_accept_language(
    make_client: Callable[..., PerfectGymClient], recorder: Recorder
) -> None:
    client = make_client(lambda r: httpx.Response(200, json=MODULE_CONTRACT))
    await client.module_contract(1000, 1001, language="de")
    await client.module_contract(1000, 1001)
    assert recorder.requests[0].headers["Accept-Language"] == "de"
    assert "Accept-Language" not in recorder.requests[1].headers


async def test_errors_come_back_in_the_members_language(
    make_client: Callable[..., PerfectGymClient],
) -> None:
    client = make_client(localized)
    with pytest.raises(NotFound, match="Vertrag nicht gefunden"):
        await client.withdraw_cancelation(1000, 1001, language="de")


async def test_module_contract_reads_back_with_exact_money(
    make_client: Callable[..., PerfectGymClient],
) -> None:
    client = make_client(lambda r: httpx.Response(200, json=MODULE_CONTRACT))
    contract = await client.module_contract(1000, 1001)
    assert str(contract.price.amount) == "9.9"
    assert contract.availableCancelationDates[0] == date(2027, 1, 31)


async def test_cancel_returns_the_void_result(
    make_client: Callable[..., PerfectGymClient],
) -> None:
    client = make_client(lambda r: httpx.Response(200, json={"success": "true"}))
    result = await client.cancel_module_contract(1000, 1001, date(2027, 1, 31), 7)
    assert result == VoidResult(success="true")


async def test_confirm_activation_accepts_an_empty_body(
    make_client: Callable[..., PerfectGymClient], recorder: Recorder
) -> None:
    client = make_client(lambda r: httpx.Response(200))
    await client.confirm_activation()
    assert recorder.requests[0].method == "POST"


async def test_check_key_raises_on_anything_but_200_or_401(
    make_client: Callable[..., PerfectGymClient],
) -> None:
    client = make_client(lambda r: httpx.Response(403), max_retries=0)
    with pytest.raises(Forbidden):
        await client.check_key()


async def test_one_log_line_per_request_and_never_the_key(
    make_client: Callable[..., PerfectGymClient], caplog: pytest.LogCaptureFixture
) -> None:
    answers = iter(
        [
            httpx.Response(503, json=error_body(f"busy {API_KEY}", trace="tr-503")),
            httpx.Response(200, json=MODULE_CONTRACT),
            httpx.Response(404, json=error_body(trace="tr-404")),
        ]
    )
    client = make_client(lambda r: next(answers))
    caplog.set_level(logging.DEBUG)  # httpx and httpcore too
    await client.module_contract(1000, 1001)
    with pytest.raises(NotFound):
        await client.customer(5)
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.perfectgym"]
    requests = [line for line in lines if "->" in line]
    template = "/v1/memberships/{contractId}/self-service/additional-module-contracts/"
    assert len(requests) == 3
    assert requests[0].startswith(f"GET {template}") and "-> 503" in requests[0]
    assert "traceId=tr-503" in requests[0] and " ms " in requests[0]
    assert "-> 200" in requests[1] and "traceId=-" in requests[1]
    assert requests[2].startswith("GET /v1/customers/{customerId} -> 404")
    assert any("retry 1" in line for line in lines)
    for record in caplog.records:
        assert API_KEY not in record.getMessage()
        assert API_KEY not in str(record.args)


async def test_secret_str_key_is_sent_and_hidden(recorder: Recorder) -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        recorder.requests.append(request)
        return httpx.Response(200)

    client = PerfectGymClient(
        "https://demo.open-api.perfectgym.com/v1/",
        SecretStr(API_KEY),
        transport=httpx.MockTransport(handle),
    )
    async with client:
        assert await client.check_key()
    assert recorder.requests[0].headers["X-API-KEY"] == API_KEY
    assert (
        str(recorder.requests[0].url)
        == "https://demo.open-api.perfectgym.com/v1/studios/information"
    )
    assert API_KEY not in repr(client)


@pytest.mark.parametrize(
    ("base_url", "api_key"),
    [("ftp://demo.example", "k"), ("demo.open-api.perfectgym.com", "k"), ("https://x", "  ")],
)
def test_bad_configuration_fails_at_construction(base_url: str, api_key: str) -> None:
    with pytest.raises(ValueError):
        PerfectGymClient(base_url, api_key)


async def test_path_values_are_escaped(
    make_client: Callable[..., PerfectGymClient], recorder: Recorder
) -> None:
    client = make_client(lambda r: httpx.Response(200, json=[]))
    await client.purchasable_modules("12/../../studios")  # type: ignore[arg-type]
    assert recorder.requests[0].url.raw_path.startswith(b"/v1/memberships/12%2F..%2F..%2Fstudios/")
