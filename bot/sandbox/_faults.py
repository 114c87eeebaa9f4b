"""Fault injection: make an operation fail, lag or hang, before or after it commits.

`after_commit=True` applies the change first and only then fails or hangs: the client
cannot know whether its purchase happened, which is what reconciliation has to cope with.
A latency before the commit delays the change but does not prevent it, even if the client
gives up meanwhile; a hang before the commit ends in an error without the change.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass

from bot.sandbox._errors import VendorError

OPERATION_IDS = (
    "getContractData",
    "getPurchasableAdditionalModules",
    "validateAdditionalModuleContractRequest",
    "purchaseAdditionalModuleContract",
    "getAdditionalModuleContract",
    "createModuleContractCancelationAmendment",
    "withdrawAdditionalModuleContractCancelation",
    "confirmActivation",
    "getAdditionalModules",
    "getCustomerById",
    "getCustomerBy",
    "searchCustomers",
    "getCustomersContracts",
    "getContractCancelationReasonData",
    "getStudioInformation",
    "getCommunicationPreferences",
    "createCommunicationInNewCommunicationThread",
)
ANY_OPERATION = "*"


@dataclass
class Fault:
    """One injected fault; `times=None` fires on every matching request."""

    id: int
    operation_id: str
    status: int | None
    latency: float
    hang: bool
    after_commit: bool
    times: int | None
    fired: int = 0

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.fired >= self.times

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "operationId": self.operation_id,
            "status": self.status,
            "latency": self.latency,
            "hang": self.hang,
            "afterCommit": self.after_commit,
            "times": self.times,
            "fired": self.fired,
        }


class Faults:
    """The faults waiting to fire, in the order they were added."""

    def __init__(self, hang_seconds: float = 300.0) -> None:
        self.hang_seconds = hang_seconds
        self._faults: list[Fault] = []
        self._ids = itertools.count(1)
        self._release: asyncio.Event | None = None

    def add(
        self,
        operation_id: str,
        *,
        status: int | None = None,
        latency: float = 0.0,
        hang: bool = False,
        after_commit: bool = False,
        times: int | None = 1,
    ) -> Fault:
        """Arm a fault for the next `times` requests of `operation_id` ("*" = any)."""
        if operation_id not in OPERATION_IDS and operation_id != ANY_OPERATION:
            raise ValueError(f"unknown operationId {operation_id!r}")
        if status is not None and not 400 <= status <= 599:
            raise ValueError("a fault status must be 4xx or 5xx")
        if latency < 0 or (times is not None and times < 1):
            raise ValueError("latency must be >= 0 and times >= 1 (or None)")
        if status is None and not hang and latency == 0:
            raise ValueError("a fault needs a status, a latency or hang=True")
        fault = Fault(next(self._ids), operation_id, status, latency, hang, after_commit, times)
        self._faults.append(fault)
        return fault

    def clear(self) -> None:
        """Disarm every fault (requests already hanging keep hanging until released)."""
        self._faults.clear()

    @property
    def armed(self) -> list[Fault]:
        return list(self._faults)

    def take(self, operation_id: str, *, after_commit: bool) -> Fault | None:
        """The fault that fires now for this request, counted as fired.

        Before-faults are taken before the operation runs; after-commit faults only once it
        has succeeded, so a refused request does not use them up.
        """
        for fault in self._faults:
            if (
                fault.operation_id in (operation_id, ANY_OPERATION)
                and fault.after_commit == after_commit
            ):
                fault.fired += 1
                if fault.exhausted:
                    self._faults.remove(fault)
                return fault
        return None

    def release_hangs(self) -> None:
        """Let every hanging request finish (with its status, or 503)."""
        if self._release is not None:
            self._release.set()
            self._release = None

    async def strike(self, fault: Fault) -> None:
        """Wait, hang and/or raise as the fault says."""
        if fault.latency:
            await asyncio.sleep(fault.latency)
        if fault.hang:
            if self._release is None:
                self._release = asyncio.Event()
            try:
                await asyncio.wait_for(self._release.wait(), timeout=self.hang_seconds)
            except TimeoutError:
                pass
            raise VendorError.for_status(fault.status or 503)
        if fault.status is not None:
            raise VendorError.for_status(fault.status)
