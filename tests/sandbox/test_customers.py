"""Customer lookups, contracts, contract data, communication preferences and threads."""

from __future__ import annotations

import re

import httpx
import pytest

from bot.sandbox import Sandbox

ZONED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d\[Europe/Berlin\]")


async def test_customer_by_id_has_the_vendor_fields(api: httpx.AsyncClient) -> None:
    customer = (await api.get("/v1/customers/1001")).json()
    assert customer["customerNumber"] == "1-1001"
    assert customer["dateOfBirth"] == "1994-03-12"
    assert (customer["firstName"], customer["lastName"]) == ("Anna", "Neumann")
    assert customer["status"] == "MEMBER"
    assert customer["accessRefusal"] is False
    assert customer["studioId"] == 1
    assert ZONED.fullmatch(customer["createdDateTime"])


async def test_customer_by_number(api: httpx.AsyncClient) -> None:
    found = await api.get("/v1/customers/by", params={"customerNumber": "1-1004"})
    assert found.json()["id"] == 1004
    missing = await api.get("/v1/customers/by", params={"customerNumber": "1-9999"})
    assert missing.status_code == 404
    foreign = await api.get("/v1/customers/by", params={"customerNumber": "2-2001"})
    assert foreign.status_code == 404


@pytest.mark.parametrize(
    ("params", "customer_id"),
    [
        ({"debtorId": "70001004"}, 1004),
        ({"pin": "001003"}, 1003),
        ({"barcode": "4711001002"}, 1002),
        ({"cardNumber": "", "pin": "001001"}, 1001),  # empty identifiers are no identifiers
    ],
)
async def test_customer_by_every_vendor_identifier(
    api: httpx.AsyncClient, params: dict[str, str], customer_id: int
) -> None:
    found = await api.get("/v1/customers/by", params=params)
    assert (found.status_code, found.json()["id"]) == (200, customer_id)


@pytest.mark.parametrize(
    "params",
    [{}, {"cardNumber": "", "pin": ""}, {"pin": "999999"}, {"debtorId": "70002001"}],
    ids=["none", "empty", "unknown-pin", "other-studio"],
)
async def test_lookup_matching_no_one_is_404(
    api: httpx.AsyncClient, params: dict[str, str]
) -> None:
    """Every identifier is optional in the vendor's description; no match is its 404."""
    response = await api.get("/v1/customers/by", params=params)
    assert (response.status_code, response.json()["errorCode"]) == (404, "CUSTOMER_NOT_FOUND")


@pytest.mark.parametrize(
    ("card_format", "card_number"),
    [("DECIMAL", "4711001001"), ("HEX_MSB", "0118CC2BA9"), ("HEX_LSB", "A92BCC1801")],
)
async def test_card_numbers_in_every_format(
    api: httpx.AsyncClient, card_format: str, card_number: str
) -> None:
    params = {"cardNumber": card_number, "cardNumberFormat": card_format}
    customer = (await api.get("/v1/customers/by", params=params)).json()
    assert customer["id"] == 1001
    assert customer["accessMediums"][0]["value"] == card_number


async def test_search_matches_email_and_birth_date_exactly_names_by_prefix(
    api: httpx.AsyncClient,
) -> None:
    search = "/v1/customers/search"
    by_mail = await api.post(
        search, json={"email": "ANNA.NEUMANN@example.com", "dateOfBirth": "1994-03-12"}
    )
    assert [c["id"] for c in by_mail.json()] == [1001]
    wrong_birthday = await api.post(
        search, json={"email": "anna.neumann@example.com", "dateOfBirth": "1994-03-13"}
    )
    assert wrong_birthday.json() == []
    assert [c["id"] for c in (await api.post(search, json={"lastName": "wag"})).json()] == [1006]


@pytest.mark.parametrize(
    ("body", "reference"),
    [
        ({"dateOfBirth": "12.03.1994"}, "dateOfBirth"),
        ({"firstName": 7}, "firstName"),
        ({"dateOfBirth": ""}, "dateOfBirth"),
        ({"lastName": "W", "cardNumberFormat": None}, "cardNumberFormat"),  # nothing is nullable
    ],
)
async def test_search_refuses_bad_fields(
    api: httpx.AsyncClient, body: dict[str, object], reference: str
) -> None:
    response = await api.post("/v1/customers/search", json=body)
    assert (response.status_code, response.json()["reference"]) == (400, reference)


@pytest.mark.parametrize("body", [{}, {"lastName": ""}, {"nickname": "Anni"}])
async def test_search_without_criteria_lists_the_whole_studio(
    api: httpx.AsyncClient, body: dict[str, object]
) -> None:
    """Every criterion is optional in the vendor's description; unknown ones are ignored."""
    response = await api.post("/v1/customers/search", json=body)
    assert response.status_code == 200
    assert [c["id"] for c in response.json()] == [1001, 1002, 1003, 1004, 1005, 1006]


@pytest.mark.parametrize(
    "path",
    [
        "/v1/customers/-1001",
        "/v1/customers/-9223372036854775808/contracts",
        "/v1/memberships/-1001/self-service/contract-data",
        "/v1/communications/-1/communication-preferences",
    ],
)
async def test_negative_ids_are_unknown_not_invalid(api: httpx.AsyncClient, path: str) -> None:
    """An int64 may be negative: the vendor answers an id nobody has with 404."""
    response = await api.get(path)
    assert (response.status_code, response.json()["errorCode"]) == (404, "CUSTOMER_NOT_FOUND")


async def test_contracts_filtered_by_status(api: httpx.AsyncClient) -> None:
    path = "/v1/customers/1005/contracts"
    assert [c["id"] for c in (await api.get(path)).json()] == [5006]
    assert (await api.get(path, params={"status": "ACTIVE"})).json() == []
    inactive = (await api.get(path, params={"status": "INACTIVE"})).json()
    assert inactive[0]["contractStatus"] == "INACTIVE"
    assert inactive[0]["moduleContracts"][0]["contractStatus"] == "INACTIVE"
    bad = await api.get(path, params={"status": "SOMETIMES"})
    assert (bad.status_code, bad.json()["reference"]) == (400, "status")
    two = (await api.get("/v1/customers/1002/contracts", params={"status": "ACTIVE"})).json()
    assert [c["id"] for c in two] == [5002, 5003]


async def test_contract_lists_its_module_contracts_as_sub_contracts(
    api: httpx.AsyncClient,
) -> None:
    contract = (await api.get("/v1/customers/1003/contracts")).json()[0]
    assert contract["rateName"] == "Premium 12"
    assert contract["cancelled"] is False
    (sauna,) = contract["moduleContracts"]
    assert sauna["id"] == 9001
    assert sauna["rateName"] == "Sauna"
    assert sauna["paymentFrequency"] == "RECURRING"
    assert sauna["priceDetails"]["currentPrice"] == {"amount": 9.9, "currency": "EUR"}
    assert sauna["contractStatus"] == "ACTIVE"


async def test_contract_data_shows_cancelation_of_the_main_contract(
    api: httpx.AsyncClient,
) -> None:
    (canceled,) = (await api.get("/v1/memberships/1006/self-service/contract-data")).json()
    assert canceled["cancelationStatus"] == "CANCELED"
    assert canceled["cancelationDate"] == "2026-12-31"
    (running,) = (await api.get("/v1/memberships/1001/self-service/contract-data")).json()
    assert running["contractStatus"] == "ACTIVE"
    assert "cancelationStatus" not in running
    assert running["availableCancelationDates"][0] == "2027-08-31"  # end of the 12-month term


async def test_communication_preferences_show_the_chat_opt_out(api: httpx.AsyncClient) -> None:
    def chat(preferences: list[dict[str, object]]) -> object:
        general = next(p for p in preferences if p["messageCategory"] == "GENERAL")
        channels = general["channels"]
        assert isinstance(channels, list)
        return next(c["active"] for c in channels if c["communicationChannel"] == "CHAT")

    path = "/v1/communications/{}/communication-preferences"
    assert chat((await api.get(path.format(1002))).json()) is False
    assert chat((await api.get(path.format(1001))).json()) is True


async def test_communication_thread_is_logged_on_the_customer(
    sandbox: Sandbox, api: httpx.AsyncClient
) -> None:
    body = {
        "communicationThreadStatus": "CLOSED",
        "subject": "Sauna gebucht",
        "content": "Per Telegram-Bot gebucht.",
        "communicationDirection": "INCOMING",
        "communicationChannel": "CHAT",
        "agent": "upsell-bot",
    }
    response = await api.post("/v1/communications/1001/threads", json=body)
    assert response.status_code == 200
    assert response.json()["customerId"] == 1001
    assert response.json()["threadId"] == sandbox.communications[0].thread_id
    bad = await api.post("/v1/communications/1001/threads", json={**body, "subject": None})
    assert (bad.status_code, bad.json()["reference"]) == (400, "subject")
    bad = await api.post(
        "/v1/communications/1001/threads", json={**body, "communicationChannel": "PIGEON"}
    )
    assert (bad.status_code, bad.json()["reference"]) == (400, "communicationChannel")
    assert len(sandbox.communications) == 1


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        ("2026-11-26T10:15:30+01:00", 200),
        ("2026-11-26T10:15:30.123+01:00[Europe/Berlin]", 200),  # the vendor's own style
        ("2026-11-26t09:15:30z", 200),
        ("2026-11-26T10:15:30", 400),  # no offset
        ("26.11.2026 10:15", 400),
        ("", 400),
        (None, 400),
    ],
)
async def test_communication_date_time_must_be_a_date_time(
    api: httpx.AsyncClient, moment: str | None, status: int
) -> None:
    body = {
        "communicationThreadStatus": "CLOSED",
        "subject": "Sauna gebucht",
        "content": "Per Telegram-Bot gebucht.",
        "communicationDirection": "INCOMING",
        "communicationChannel": "CHAT",
        "communicationDateTime": moment,
    }
    response = await api.post("/v1/communications/1001/threads", json=body)
    assert response.status_code == status, response.text


@pytest.mark.parametrize("action", ["delete_customer", "disable_access"])
async def test_deleted_or_disabled_customer_disappears_from_the_api(
    sandbox: Sandbox, api: httpx.AsyncClient, action: str
) -> None:
    getattr(sandbox, action)(1001)
    for path in (
        "/v1/customers/1001",
        "/v1/customers/1001/contracts",
        "/v1/memberships/1001/self-service/contract-data",
        "/v1/memberships/5001/self-service/additional-modules/purchasable",
    ):
        assert (await api.get(path)).status_code == 404, path
    by_number = await api.get("/v1/customers/by", params={"customerNumber": "1-1001"})
    assert by_number.status_code == 404
