"""`/_sandbox/...`: knobs for another process (benchmarks, manual tries); not vendor API.

Authenticated with a studio's `X-API-KEY` like the vendor API. Staff actions act on that
studio's data only; faults, the webhook URL and the rate limit apply to the whole sandbox.

  GET    /_sandbox/faults                       armed faults
  POST   /_sandbox/faults                       {operationId, status?, latency?, hang?,
                                                 afterCommit?, times? (null = always)}
  DELETE /_sandbox/faults                       disarm all and release hanging requests
  PUT    /_sandbox/webhook                      {url: "http://..." | null}
  GET    /_sandbox/webhook-deliveries           the delivery log
  PUT    /_sandbox/rate-limit                   {requestsPerMinute: int | null}
  POST   /_sandbox/module-contracts/{id}/confirm-cancelation
  POST   /_sandbox/desk/additional-modules      {contractId, additionalModuleId,
                                                 paymentFrequencyId?}
  POST   /_sandbox/customers/{customerId}/delete
  POST   /_sandbox/customers/{customerId}/disable-access
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.sandbox._errors import VendorError, invalid
from bot.sandbox._http import language_of
from bot.sandbox._model import Studio
from bot.sandbox._parse import bool_field, int_field, json_object, path_id
from bot.sandbox._sandbox import Sandbox

AdminHandler = Callable[[Request, Sandbox, Studio], Awaitable[Any]]


def admin_routes(sandbox: Sandbox) -> list[Route]:
    def route(path: str, method: str, handler: AdminHandler) -> Route:
        async def endpoint(request: Request) -> Response:
            try:
                result = await handler(request, sandbox, request.state.studio)
            except VendorError as error:
                return error.response(language_of(request))
            except ValueError as exc:  # a knob set to something the sandbox cannot do
                body = VendorError(400, "FIELD_INVALID").body(language_of(request))
                return JSONResponse({**body, "errorMessage": str(exc)}, 400)
            return JSONResponse(result)

        return Route(path, endpoint, methods=[method])

    return [
        route("/_sandbox/faults", "GET", _list_faults),
        route("/_sandbox/faults", "POST", _add_fault),
        route("/_sandbox/faults", "DELETE", _clear_faults),
        route("/_sandbox/webhook", "PUT", _set_webhook),
        route("/_sandbox/webhook-deliveries", "GET", _deliveries),
        route("/_sandbox/rate-limit", "PUT", _set_rate_limit),
        route("/_sandbox/module-contracts/{moduleContractId}/confirm-cancelation", "POST",
              _confirm_cancelation),
        route("/_sandbox/desk/additional-modules", "POST", _add_module_at_desk),
        route("/_sandbox/customers/{customerId}/delete", "POST", _delete_customer),
        route("/_sandbox/customers/{customerId}/disable-access", "POST", _disable_access),
    ]  # fmt: skip


async def _list_faults(request: Request, sandbox: Sandbox, studio: Studio) -> Any:
    return [f.as_json() for f in sandbox.faults.armed]


async def _add_fault(request: Request, sandbox: Sandbox, studio: Studio) -> Any:
    body = await json_object(request)
    operation_id = body.get("operationId")
    if not isinstance(operation_id, str):
        raise invalid("operationId")
    status = int_field(body, "status") if body.get("status") is not None else None
    latency = body.get("latency", 0.0)
    if isinstance(latency, bool) or not isinstance(latency, int | float):
        raise invalid("latency")
    if "times" not in body:
        times: int | None = 1
    else:
        times = None if body["times"] is None else int_field(body, "times")
    fault = sandbox.faults.add(
        operation_id,
        status=status,
        latency=float(latency),
        hang=bool_field(body, "hang") if "hang" in body else False,
        after_commit=bool_field(body, "afterCommit") if "afterCommit" in body else False,
        times=times,
    )
    return fault.as_json()


async def _clear_faults(request: Request, sandbox: Sandbox, studio: Studio) -> Any:
    count = len(sandbox.faults.armed)
    sandbox.faults.clear()
    sandbox.faults.release_hangs()
    return {"cleared": count}


async def _set_webhook(request: Request, sandbox: Sandbox, studio: Studio) -> Any:
    body = await json_object(request)
    url = body.get("url")
    if url is not None and (
        not isinstance(url, str) or not url.startswith(("http://", "https://"))
    ):
        raise invalid("url")
    sandbox.webhook_url = url
    return {"url": url}


async def _deliveries(request: Request, sandbox: Sandbox, studio: Studio) -> Any:
    return [
        {
            "url": d.url,
            "studioId": d.studio_id,
            "eventType": d.event_type,
            "body": d.body,
            "statusCode": d.status_code,
            "error": d.error,
        }
        for d in sandbox.webhooks.deliveries
    ]


async def _set_rate_limit(request: Request, sandbox: Sandbox, studio: Studio) -> Any:
    body = await json_object(request)
    limit = None if body.get("requestsPerMinute") is None else int_field(body, "requestsPerMinute")
    if limit is not None and limit < 1:
        raise invalid("requestsPerMinute")
    sandbox.rate_limit.requests_per_minute = limit
    sandbox.rate_limit.reset()
    return {"requestsPerMinute": limit}


async def _confirm_cancelation(request: Request, sandbox: Sandbox, studio: Studio) -> Any:
    module_contract_id = path_id(request, "moduleContractId")
    module_contract = sandbox.module_contracts.get(module_contract_id)
    if module_contract is None:
        raise VendorError(404, "ADDITIONAL_MODULE_CONTRACT_NOT_FOUND")
    sandbox.module_contract_on(studio, module_contract.contract_id, module_contract_id)
    sandbox.confirm_cancelation(module_contract_id)
    return {"success": "true"}


async def _add_module_at_desk(request: Request, sandbox: Sandbox, studio: Studio) -> Any:
    body = await json_object(request)
    contract = sandbox.contract_of(studio, int_field(body, "contractId"))
    frequency_id = None
    if body.get("paymentFrequencyId") is not None:
        frequency_id = int_field(body, "paymentFrequencyId")
    module_contract = sandbox.add_module_at_desk(
        contract.id, int_field(body, "additionalModuleId"), frequency_id
    )
    return {"id": module_contract.id}


async def _delete_customer(request: Request, sandbox: Sandbox, studio: Studio) -> Any:
    customer = sandbox.customer_of(studio, path_id(request, "customerId"))
    sandbox.delete_customer(customer.id)
    return {"success": "true"}


async def _disable_access(request: Request, sandbox: Sandbox, studio: Studio) -> Any:
    customer = sandbox.customer_of(studio, path_id(request, "customerId"))
    sandbox.disable_access(customer.id)
    return {"success": "true"}
