"""The sandbox as an outside fuzzer sees it: schemathesis over the vendor's OpenAPI excerpt.

The schemathesis CLI runs every check and every phase (examples, coverage, fuzzing, stateful)
against the sandbox on 127.0.0.1, as a third-party tool would, so the stand-in can neither refuse
what the vendor's description allows nor answer what it does not declare. Bounded and
deterministic: at most `MAX_EXAMPLES` cases per operation and phase, no random seed, no example
database. A failure prints schemathesis's report, with a curl line that reproduces each finding.

The run takes about ten seconds of one core and needs nothing from the other tests, so it
starts in a process of its own as soon as the test is collected (`Background`): the sandbox
on a fresh FakeClock and the CLI use the second core while the rest of the suite runs, and
`test_schemathesis_finds_nothing` collects the verdict. `python -m tests.sandbox.fuzzing`
runs it by hand.

Liberties taken with the vendor's description, and nothing else:
- `FORMAT_QUIRKS`: the vendor's own examples break a `format` of its schemas (API.md §10); the
  sandbox sends the example's shape, so that format is not checked for that one property.
- `ABSENT_IN_FACT`: required by the schema, absent where there is nothing to say (API.md §4);
  the same deviation tests/sandbox/test_conformance.py normalises.
- `BUSINESS_RULES`: writes the vendor refuses with a 400 naming the rule although the request
  is schema-valid (README: a refused purchase is a 400 whose errorCode names the status).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bot.clock import FakeClock
from bot.sandbox import BERLIN_MITTE_API_KEY, Sandbox, serve_sandbox

MAX_EXAMPLES = 25
TIMEOUT = 300.0  # seconds; a run takes about ten on two busy cores
REPO_ROOT = Path(__file__).resolve().parent.parent.parent

# (schema, property, format): the vendor's example value for the property fails the format.
FORMAT_QUIRKS = [
    # "06:00:00": RFC 3339 full-time, which `format: time` means, needs a UTC offset
    ("StudioOpeningHours", "timeFrom", "time"),
    ("StudioOpeningHours", "timeTo", "time"),
    # "...+02:00[Europe/Berlin]": Java's zone id suffix is not RFC 3339
    ("Customer", "createdDateTime", "date-time"),
]
# (schema, property): a main contract nobody canceled has no cancelationStatus
ABSENT_IN_FACT = [("MembershipSelfServiceContractData", "cancelationStatus")]
# a frequency of another module, a purchase validate refuses, a cancelation date not on offer,
# a cancelation that cannot be withdrawn: 400 with the rule's errorCode
BUSINESS_RULES = [
    "validateAdditionalModuleContractRequest",
    "purchaseAdditionalModuleContract",
    "createModuleContractCancelationAmendment",
    "withdrawAdditionalModuleContractCancelation",
]

CONFIG = f"""
workers = 1
headers = {{ "X-API-KEY" = "{BERLIN_MITTE_API_KEY}" }}

[generation]
max-examples = {MAX_EXAMPLES}
deterministic = true
database = "none"

[cache]
enabled = false

[checks]
enabled = true

[phases]
examples.enabled = true
coverage.enabled = true
fuzzing.enabled = true
stateful.enabled = true

[[operations]]
include-operation-id = {json.dumps(BUSINESS_RULES)}
checks.positive_data_acceptance.expected-statuses = [
    "2XX", "3XX", 400, 401, 403, 404, 409, 429, "5XX"
]
"""


def without_quirks(description: dict[str, Any]) -> dict[str, Any]:
    """The description minus `FORMAT_QUIRKS` and `ABSENT_IN_FACT`, and nothing else changed."""
    schemas = description["components"]["schemas"]
    for schema, name, format_ in FORMAT_QUIRKS:
        assert schemas[schema]["properties"][name].pop("format") == format_, (schema, name)
    for schema, name in ABSENT_IN_FACT:
        schemas[schema]["required"].remove(name)
    return description


def prepare(workdir: Path, vendor_openapi: Path) -> Path:
    """Write the adjusted description and the schemathesis configuration into `workdir`."""
    description = json.loads(vendor_openapi.read_text(encoding="utf-8"))
    (workdir / "openapi.json").write_text(json.dumps(without_quirks(description)), "utf-8")
    (workdir / "schemathesis.toml").write_text(CONFIG, encoding="utf-8")
    return workdir


async def schemathesis_run(workdir: Path, base_url: str) -> tuple[int, str]:
    """Run the schemathesis CLI in `workdir` against `base_url`: exit status and report."""
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "schemathesis.cli", "--config-file", "schemathesis.toml"),
        *("--no-color", "run", "openapi.json", "--url", base_url),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        cwd=workdir,
        env={**os.environ, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"},
    )
    try:
        output, _ = await asyncio.wait_for(process.communicate(), TIMEOUT)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode is not None
    return process.returncode, output.decode(errors="replace")


async def fuzz_a_fresh_sandbox(workdir: Path) -> tuple[int, str]:
    """The demo sandbox on its own FakeClock, served on a free port, fuzzed by the CLI."""
    sandbox = Sandbox.demo(clock=FakeClock())
    try:
        async with serve_sandbox(sandbox) as url:
            return await schemathesis_run(workdir, url)
    finally:
        await sandbox.aclose()


class Background:
    """The whole run (`python -m tests.sandbox.fuzzing`) in a process started now."""

    def __init__(self, vendor_openapi: Path) -> None:
        self._scratch = tempfile.TemporaryDirectory(prefix="fuzzing-")
        self._log = Path(self._scratch.name) / "report.txt"
        with self._log.open("wb") as log:  # a file, not a pipe nobody reads while tests run
            self._process = subprocess.Popen(
                [sys.executable, "-m", "tests.sandbox.fuzzing", str(vendor_openapi)],
                cwd=REPO_ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait(self) -> tuple[int, str]:
        """Its exit status and report, once it has ended (killed after `TIMEOUT` seconds)."""
        try:
            status = self._process.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.stop()
            raise
        return status, self._log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """End it if it still runs (the session is over) and remove its scratch directory."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._scratch.cleanup()


def main(vendor_openapi: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="fuzzing-") as scratch:
        workdir = prepare(Path(scratch), vendor_openapi)
        status, report = asyncio.run(fuzz_a_fresh_sandbox(workdir))
    print(report)
    return status


if __name__ == "__main__":
    default = REPO_ROOT / "tests" / "vendor" / "openapi-excerpt.json"
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
