"""Helpers that read the vendor's OpenAPI excerpt: example bodies, routing, request adapter."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

SERVER = "https://open-api-demo.open-api.magicline.com"

_FALLBACK_BY_FORMAT = {
    "date": "2022-01-15",
    "date-time": "2022-06-15T23:59:59.999+02:00[Europe/Berlin]",
    "time": "06:00:00",
}
_FALLBACK_BY_TYPE: dict[str, Any] = {"integer": 1, "number": 1.5, "boolean": True, "string": "text"}


def load_spec(path: Path) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return spec


@cache
def openapi_for(path: Path) -> OpenAPI:
    """Building the validator checks the whole spec (about a second): do it once per run."""
    return OpenAPI.from_file_path(str(path))


def operations(spec: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """operationId -> (METHOD, path template, operation object)."""
    found = {}
    for template, item in spec["paths"].items():
        for method, operation in item.items():
            found[operation["operationId"]] = (method.upper(), template, operation)
    return found


def example(spec: dict[str, Any], schema: dict[str, Any]) -> Any:
    """An instance built from the ``example`` values of a schema tree, every property filled.

    Where the vendor gives no example, a plain value of the declared type stands in.
    """
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return example(spec, spec["components"]["schemas"][name])
    if "example" in schema:
        return schema["example"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {name: example(spec, sub) for name, sub in props.items()}
    if kind == "array":
        return [example(spec, schema["items"])]
    if schema.get("format") in _FALLBACK_BY_FORMAT:
        return _FALLBACK_BY_FORMAT[schema["format"]]
    return _FALLBACK_BY_TYPE[str(kind)]


def ok_schema(operation: dict[str, Any]) -> dict[str, Any] | None:
    content = operation["responses"]["200"].get("content")
    return None if content is None else content["application/json"]["schema"]


def route(spec: dict[str, Any], method: str, path: str) -> str | None:
    """The operationId the vendor would run for ``method path`` (concrete paths win)."""
    candidates = []
    for template, item in spec["paths"].items():
        pattern = "^" + re.sub(r"\{[^/]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in item:
            candidates.append((template.count("{"), item[method.lower()]["operationId"]))
    return min(candidates)[1] if candidates else None


class OpenAPIRequest:
    """An httpx request seen through openapi-core's request protocol."""

    def __init__(self, request: httpx.Request) -> None:
        self.host_url = f"{request.url.scheme}://{request.url.netloc.decode()}"
        self.path = request.url.path
        self.method = request.method.lower()
        self.body: bytes | None = request.content or None
        self.content_type = request.headers.get("content-type", "")
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(list(request.url.params.multi_items())),
            header=Headers(list(request.headers.items())),
            cookie=ImmutableMultiDict(),
        )
