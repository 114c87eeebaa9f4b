"""PerfectGym failing on the three writes a member confirms: buy, cancel, take a cancelation
back. 429, 500, 503 and no answer at all, before PerfectGym carried the write out and after.

Through PTB's real Application (the fake Bot API shows what the member reads), the engine and
the sandbox in-process with its fault injection. Expected, by DESIGN §8: a clear message;
never a second write; a write that did not happen can be tried again from where the member
was; one that happened is confirmed with its receipt, at once or as soon as it is known.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest

from bot.sandbox import Sandbox
from bot.store import Operation
from tests.adapters.telegram.conftest import Member
from tests.faults.conftest import Telegram
from tests.faults.facts import chat_ledger, said, staff_saw
from tests.faults.matrix import Observation

AREA = "PerfectGym failures on writes"
CHAT = 4242


async def buy_sauna(member: Member) -> None:
    await member.press("Discover modules")
    await member.press("Sauna")
    await member.press("Book")
    await member.press("No, book without trial")


async def cancel_sauna(member: Member) -> None:
    await member.press("My modules")
    await member.press("Sauna")
    await member.press("Cancel this module")
    await member.press("Next possible date")


async def keep_towels(member: Member) -> None:
    await member.press("My modules")
    await member.press("Handtuch-Flat")
    await member.press("Keep Handtuch-Flat")


def bought(sandbox: Sandbox) -> str:
    return f"{len(sandbox.module_contracts_of(5001))} module contract(s) on 1-1001's contract"


def canceled(sandbox: Sandbox, module_contract_id: int = 9001) -> str:
    cancelation = sandbox.module_contracts[module_contract_id].cancelation
    return "Sauna of 1-1003: " + (f"cancelation {cancelation.status}" if cancelation else "active")


def withdrawn(sandbox: Sandbox, module_contract_id: int = 9002) -> str:
    cancelation = sandbox.module_contracts[module_contract_id].cancelation
    state = f"cancelation {cancelation.status}" if cancelation else "no cancelation"
    return f"Handtuch-Flat of 1-1004: {state}"


@dataclass(frozen=True)
class Write:
    name: str
    customer: tuple[str, str]
    navigate: Callable[[Member], Awaitable[None]]
    """From the menu to the confirmation."""
    button: str
    operation: str
    done: str
    """What the member reads when it went through."""
    state: Callable[[Sandbox], str]
    before: str
    after: str


WRITES = {
    "purchase": Write(
        "purchase",
        ("1-1001", "12.03.1994"),
        buy_sauna,
        "Book and pay",
        "purchaseAdditionalModuleContract",
        "Booked!",
        bought,
        "0 module contract(s) on 1-1001's contract",
        "1 module contract(s) on 1-1001's contract",
    ),
    "cancel": Write(
        "cancel",
        ("1-1003", "05.11.1979"),
        cancel_sauna,
        "Cancel now",
        "createModuleContractCancelationAmendment",
        "Receipt: cancellation of Sauna",
        canceled,
        "Sauna of 1-1003: active",
        "Sauna of 1-1003: cancelation PENDING_VERIFICATION",
    ),
    "withdraw": Write(
        "withdraw",
        ("1-1004", "20.01.1985"),
        keep_towels,
        "Yes, keep",
        "withdrawAdditionalModuleContractCancelation",
        "continues as before",
        withdrawn,
        "Handtuch-Flat of 1-1004: cancelation PENDING_VERIFICATION",
        "Handtuch-Flat of 1-1004: no cancelation",
    ),
}

FAULTS = {
    "429": {"status": 429},
    "500": {"status": 500},
    "503": {"status": 503},
    "timeout": {"hang": True},
}

NOT_DONE = "member: 'did not go through' with 'Try again', which then works"
BUSY = "member: 'busy right now, try again' with 'Try again', which then works"
UNCLEAR = (
    "member: 'couldn't confirm yet, will let you know' at once; once PerfectGym could have "
    "landed it (2 minutes), the reconciler says 'did not go through'; doing it again works"
)
DONE = "member: confirmed at once with the receipt"
LIED = (
    "(not PerfectGym's contract: 429 means 'not carried out') member: 'busy, try again'; "
    "the retry is refused by PerfectGym ('already done'): no second write"
)


def _expected(fault: str, after_commit: bool) -> str:
    if after_commit and fault == "429":
        return f"{LIED}; PerfectGym: written once"
    if after_commit:
        return f"{DONE}; PerfectGym: written once; staff: told once; store: ledger succeeded"
    member = {"429": BUSY, "timeout": UNCLEAR}.get(fault, NOT_DONE)
    return (
        f"{member}; PerfectGym: written once, by the second try; staff: told once; store: "
        "ledger failed, then succeeded"
    )


CASES = [
    pytest.param(
        write,
        fault,
        after_commit,
        marks=pytest.mark.fault(
            AREA,
            f"{write}: PerfectGym answers {fault} "
            + ("after carrying it out" if after_commit else "without carrying it out"),
            _expected(fault, after_commit),
        ),
        id=f"{write}-{fault}-{'after' if after_commit else 'before'}-commit",
    )
    for write in WRITES
    for after_commit in (False, True)
    for fault in FAULTS
]


@pytest.mark.parametrize(("write_name", "fault", "after_commit"), CASES)
async def test_a_write_perfectgym_fails(
    telegram: Telegram, observe: Observation, write_name: str, fault: str, after_commit: bool
) -> None:
    write = WRITES[write_name]
    sandbox = telegram.sandbox
    member = telegram.member(CHAT)
    await member.link(*write.customer)
    await write.navigate(member)
    assert write.state(sandbox) == write.before
    sandbox.faults.add(write.operation, after_commit=after_commit, **FAULTS[fault])  # type: ignore[arg-type]
    staff_before = len(telegram.staff)

    first = said(await member.press(write.button))
    sandbox.faults.release_hangs()
    await sandbox.in_flight.drain()
    story = [first]
    if not after_commit and fault == "timeout":
        telegram.clock.advance(minutes=3)  # past the landing grace: "not there" is "not done"
        story.append("reconciler: " + said(await _reconcile(telegram)))
        await write.navigate(member)
        story.append("again: " + said(await member.press(write.button)))
    elif not after_commit or fault == "429":
        story.append("Try again: " + said(await member.press("Try again")))

    observe.member(" ; ".join(story))
    observe.staff(staff_saw(telegram.staff[staff_before:]))
    observe.store(chat_ledger(telegram.store, "telegram", str(CHAT)))
    observe.perfectgym(write.state(sandbox))

    texts = telegram.texts(CHAT)
    assert write.state(sandbox) == write.after, "written exactly once"
    assert not any("went wrong" in text for text in texts)
    statuses = [o.status for o in _ledger(telegram) if o.kind == write_name]
    if after_commit and fault == "429":
        assert "busy right now" in first, first
        assert set(statuses) == {"failed"}, statuses
        return
    assert sum(write.done in text for text in texts) == 1, texts
    assert statuses == (["succeeded"] if after_commit else ["failed", "succeeded"])
    assert len(telegram.staff[staff_before:]) == 1, telegram.staff[staff_before:]
    if after_commit:
        assert write.done in texts[-2] + texts[-1], texts[-2:]
    else:
        expected = {"429": "busy right now", "timeout": "couldn't confirm yet"}.get(
            fault, "did not go through"
        )
        assert expected in first, first
        assert "[Try again]" in first or fault == "timeout"


def _ledger(telegram: Telegram) -> list[Operation]:
    operations = telegram.store.operations_for_chat("telegram", str(CHAT))
    return sorted(operations, key=lambda operation: operation.id)


async def _reconcile(telegram: Telegram) -> list[object]:
    """One round of the reconciler: what it pushes reaches the member through the channel."""
    before = len(telegram.fake.bot_messages(CHAT))

    async def deliver(platform: str, chat_id: str, replies: list[object]) -> None:
        await telegram.channel.push(chat_id, replies)  # type: ignore[arg-type]

    await telegram.engine.reconcile_open_operations(deliver)
    return telegram.fake.bot_messages(CHAT)[before:]  # type: ignore[return-value]
