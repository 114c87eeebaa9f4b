"""validate: every validationStatus from seeded data; strict bodies with a field reference."""

from __future__ import annotations

import httpx
import pytest


def validate(contract_id: int | str) -> str:
    return f"/v1/memberships/{contract_id}/self-service/additional-modules/validate"


def module_request(module: int, frequency: int, trial: bool = False) -> dict[str, object]:
    return {"additionalModuleId": module, "paymentFrequencyId": frequency, "bookTrialPeriod": trial}


@pytest.mark.parametrize(
    ("contract_id", "body", "status"),
    [
        (5001, module_request(201, 2011, trial=True), "ADDITIONAL_MODULE_PURCHASABLE"),
        (5001, module_request(202, 2022), "ADDITIONAL_MODULE_PURCHASABLE"),
        (5004, module_request(201, 2011), "ADDITIONAL_MODULE_CONTRACT_ALREADY_PURCHASED"),
        (5007, module_request(201, 2011), "ADDITIONAL_MODULE_CONTRACT_INVALID_STATUS"),
        (5006, module_request(201, 2011), "ADDITIONAL_MODULE_CONTRACT_INVALID_STATUS"),
        (5001, module_request(999, 1), "ADDITIONAL_MODULE_NOT_FOUND"),
        (5001, module_request(207, 2071), "ADDITIONAL_MODULE_NOT_FOUND"),  # inactive
        (5001, module_request(208, 2081), "ADDITIONAL_MODULE_NOT_ONLINE_PURCHASABLE"),
        (5001, module_request(209, 1), "ADDITIONAL_MODULE_NOT_ONLINE_PURCHASABLE"),  # no price
        # towels offer no trial
        (
            5001,
            module_request(202, 2021, trial=True),
            "ADDITIONAL_MODULE_TRIAL_PERIOD_NOT_BOOKABLE",
        ),
        # Ben used a sauna trial on his other contract before: once per customer
        (
            5003,
            module_request(201, 2011, trial=True),
            "ADDITIONAL_MODULE_TRIAL_PERIOD_NOT_BOOKABLE",
        ),
        (5003, module_request(201, 2011), "ADDITIONAL_MODULE_PURCHASABLE"),
    ],
)
async def test_every_validation_status_is_reachable(
    api: httpx.AsyncClient, contract_id: int, body: dict[str, object], status: str
) -> None:
    response = await api.post(validate(contract_id), json=body)
    assert response.status_code == 200
    assert response.json() == {"validationStatus": status}


@pytest.mark.parametrize(
    ("body", "code", "reference"),
    [
        ({}, "FIELD_REQUIRED", "additionalModuleId"),
        ({"additionalModuleId": 201, "bookTrialPeriod": False}, "FIELD_REQUIRED",
         "paymentFrequencyId"),
        ({"additionalModuleId": 201, "paymentFrequencyId": 2011}, "FIELD_REQUIRED",
         "bookTrialPeriod"),
        (module_request("201", 2011), "FIELD_INVALID", "additionalModuleId"),  # type: ignore[arg-type]
        (module_request(True, 2011), "FIELD_INVALID", "additionalModuleId"),
        (module_request(201, 20.11), "FIELD_INVALID", "paymentFrequencyId"),  # type: ignore[arg-type]
        ({**module_request(201, 2011), "bookTrialPeriod": "yes"}, "FIELD_INVALID",
         "bookTrialPeriod"),
        (module_request(201, 2021), "PAYMENT_FREQUENCY_NOT_FOUND", "paymentFrequencyId"),
    ],
)  # fmt: skip
async def test_bad_bodies_get_400_naming_the_field(
    api: httpx.AsyncClient, body: dict[str, object], code: str, reference: str
) -> None:
    for operation in ("validate", "purchase"):
        response = await api.post(validate(5001).replace("validate", operation), json=body)
        assert response.status_code == 400
        assert (response.json()["errorCode"], response.json()["reference"]) == (code, reference)


@pytest.mark.parametrize("content", [b"{", b"[1, 2]", b"", b"\xff\xfe", b"null"])
async def test_malformed_json_is_400(api: httpx.AsyncClient, content: bytes) -> None:
    response = await api.post(
        validate(5001), content=content, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["errorCode"] == "MALFORMED_REQUEST_BODY"


@pytest.mark.parametrize("contract_id", ["abc", "1.5", "99999999999999999999", "--1"])
async def test_non_integer_contract_id_is_400(api: httpx.AsyncClient, contract_id: str) -> None:
    response = await api.post(validate(contract_id), json=module_request(201, 2011))
    assert response.status_code == 400
    assert response.json()["reference"] == "contractId"


@pytest.mark.parametrize("contract_id", [4242, 6001, -5001, -(2**63)])
async def test_unknown_or_foreign_contract_is_404(api: httpx.AsyncClient, contract_id: int) -> None:
    response = await api.post(validate(contract_id), json=module_request(201, 2011))
    assert response.status_code == 404
    assert response.json()["errorCode"] == "CONTRACT_NOT_FOUND"


@pytest.mark.parametrize(
    "body",
    [
        {**module_request(201, 2011), "channel": "telegram", "note": {"any": [1, None]}},
        {"additionalModuleId": 201.0, "paymentFrequencyId": 2011.0, "bookTrialPeriod": False},
    ],
    ids=["unknown-properties", "integral-floats"],
)
async def test_bodies_the_vendor_schema_allows_are_accepted(
    api: httpx.AsyncClient, body: dict[str, object]
) -> None:
    """The schemas allow extra properties, and JSON Schema counts 201.0 as an integer."""
    response = await api.post(validate(5001), json=body)
    assert response.json() == {"validationStatus": "ADDITIONAL_MODULE_PURCHASABLE"}
