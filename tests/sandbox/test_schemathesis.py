"""schemathesis finds nothing in the sandbox; the liberties it is given are the vendor's own.

The run itself and the liberties are described in tests/sandbox/fuzzing.py; it starts in the
background as soon as this test is collected (tests/sandbox/conftest.py).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from tests.sandbox.fuzzing import FORMAT_QUIRKS, Background


async def test_schemathesis_finds_nothing(fuzzing: Background) -> None:
    status, report = await asyncio.to_thread(fuzzing.wait)
    assert status == 0, report


def test_format_quirks_are_the_vendors_own_examples(vendor_openapi_path: Path) -> None:
    """Each dropped format is broken by the vendor's example, as schemathesis validates it."""
    import jsonschema_rs

    schemas = json.loads(vendor_openapi_path.read_text(encoding="utf-8"))["components"]["schemas"]
    for schema, name, _ in FORMAT_QUIRKS:
        prop = schemas[schema]["properties"][name]
        validator = jsonschema_rs.validator_for(prop, validate_formats=True)
        assert not validator.is_valid(prop["example"]), (schema, name, prop["example"])
