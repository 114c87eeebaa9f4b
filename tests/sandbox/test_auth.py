"""API keys pick the studio; HEAD only checks the key; errors speak the asked language."""

from __future__ import annotations

import httpx
import pytest

from bot.sandbox import BERLIN_MITTE_API_KEY, HAMBURG_ALTONA_API_KEY, Sandbox
from tests.sandbox.conftest import client_for


@pytest.mark.parametrize("headers", [{}, {"X-API-KEY": "wrong"}, {"X-API-KEY": ""}])
async def test_missing_or_wrong_key_gets_401_error_response(
    sandbox_url: str, headers: dict[str, str]
) -> None:
    async with httpx.AsyncClient(base_url=sandbox_url, headers=headers) as client:
        response = await client.get("/v1/studios/information")
    assert response.status_code == 401
    body = response.json()
    assert body["errorCode"] == "UNAUTHORIZED"
    assert body["errorMessage"] and body["traceId"]


@pytest.mark.parametrize("header_name", ["X-API-KEY", "x-api-key", "X-Api-Key"])
async def test_key_header_name_is_case_insensitive(sandbox_url: str, header_name: str) -> None:
    async with httpx.AsyncClient(base_url=sandbox_url) as client:
        response = await client.get(
            "/v1/studios/information", headers={header_name: HAMBURG_ALTONA_API_KEY}
        )
    assert response.status_code == 200
    assert response.json()["name"] == "Hamburg Altona"


@pytest.mark.parametrize(
    ("key", "status"), [(BERLIN_MITTE_API_KEY, 200), ("wrong", 401), (None, 401)]
)
async def test_head_on_any_path_only_checks_the_key(
    sandbox_url: str, sandbox: Sandbox, key: str | None, status: int
) -> None:
    before = len(sandbox.module_contracts)
    headers = {"X-API-KEY": key} if key else {}
    async with httpx.AsyncClient(base_url=sandbox_url, headers=headers) as client:
        for path in (
            "/v1/memberships/5001/self-service/additional-modules/purchase",
            "/no/such/path",
        ):
            response = await client.head(path)
            assert response.status_code == status
            assert response.content == b""
    assert len(sandbox.module_contracts) == before


async def test_each_key_sees_only_its_own_studio(
    api: httpx.AsyncClient, hamburg: httpx.AsyncClient
) -> None:
    assert (await api.get("/v1/customers/2001")).status_code == 404
    assert (await api.get("/v1/memberships/6001/self-service/contract-data")).status_code == 404
    assert (await hamburg.get("/v1/customers/2001")).json()["customerNumber"] == "2-2001"
    assert (await hamburg.get("/v1/customers/1001")).status_code == 404
    berlin_info = (await api.get("/v1/studios/information")).json()
    assert (berlin_info["studioId"], berlin_info["name"]) == (1, "Berlin Mitte")


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("de-DE,de;q=0.9", "Der Kunde existiert nicht."),
        ("de-CH", "Der Kunde existiert nicht."),
        ("en-US", "The customer does not exist."),
        ("fr", "The customer does not exist."),
        (None, "Der Kunde existiert nicht."),  # no header: the studio's language
    ],
)
async def test_error_message_language_follows_accept_language(
    api: httpx.AsyncClient, accept_language: str | None, expected: str
) -> None:
    headers = {"Accept-Language": accept_language} if accept_language else {}
    response = await api.get("/v1/customers/4242", headers=headers)
    assert response.status_code == 404
    assert response.json()["errorMessage"] == expected
    assert response.json()["errorCode"] == "CUSTOMER_NOT_FOUND"


async def test_unknown_path_and_wrong_method_are_error_responses(api: httpx.AsyncClient) -> None:
    missing = await api.get("/v1/nothing-here")
    assert (missing.status_code, missing.json()["errorCode"]) == (404, "NOT_FOUND")
    wrong = await api.delete("/v1/studios/information")
    assert (wrong.status_code, wrong.json()["errorCode"]) == (405, "METHOD_NOT_ALLOWED")


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("TRACE", "/v1/studios/information", {"GET", "HEAD"}),
        ("DELETE", "/v1/customers/1001", {"GET", "HEAD"}),
        ("GET", "/v1/memberships/5001/self-service/additional-modules/purchase", {"POST"}),
        ("GET", "/v1/customers/search", {"POST"}),  # not the customer with id "search"
    ],
)
async def test_wrong_method_names_the_allowed_ones(
    api: httpx.AsyncClient, method: str, path: str, allowed: set[str]
) -> None:
    """RFC 9110: a 405 carries `Allow`."""
    response = await api.request(method, path)
    assert response.status_code == 405
    assert set(response.headers["allow"].replace(" ", "").split(",")) == allowed


async def test_huge_body_is_refused_without_touching_state(
    sandbox: Sandbox, api: httpx.AsyncClient
) -> None:
    before = len(sandbox.module_contracts)
    response = await api.post(
        "/v1/memberships/5001/self-service/additional-modules/purchase",
        content=b"{" + b" " * 2_000_000 + b"}",
    )
    assert response.status_code == 413
    assert len(sandbox.module_contracts) == before


async def test_unauthenticated_client_cannot_use_the_admin_surface(sandbox: Sandbox) -> None:
    async with client_for(sandbox, None) as anonymous:
        response = await anonymous.post(
            "/_sandbox/faults", json={"operationId": "getAdditionalModules", "status": 500}
        )
    assert response.status_code == 401
    assert sandbox.faults.armed == []
