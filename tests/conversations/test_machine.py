"""The transition table: consistent, drawn in the README, enforced at run time.

Each check is a function of the table, so a broken table given to it shows that it can fail.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import pytest

from conversations import machine
from conversations.machine import Edge
from conversations.states import STEP_ACTIONS, Action, State
from conversations.types import Command
from tests.conftest import REPO_ROOT

WAITING = [state for state in State if state is not State.IDLE]


def stuck_states(edges: Sequence[Edge]) -> list[str]:
    """States never entered, and waiting states nothing answers or nothing leaves."""
    found = []
    targets = {t for edge in edges for t in edge.targets}
    found += [f"{state}: never entered" for state in State if state not in targets]
    own = {edge.source for edge in edges if edge.source is not None}
    found += [f"{state}: no edge answers it" for state in WAITING if state not in own]
    for state in WAITING:
        abort = edge_in(edges, state, Action.ABORT.value)
        if abort is None or State.IDLE not in abort.targets:
            found.append(f"{state}: abort does not lead back to idle")
    return found


def missing_edges(edges: Sequence[Edge]) -> list[str]:
    """Commands, menu actions and link-needing actions that no edge takes."""
    found = [
        f"/{command}"
        for command in Command
        if edge_in(edges, State.IDLE, f"/{command.value}") is None
    ]
    for action in Action:
        states = STEP_ACTIONS.get(action, {State.IDLE})
        found += [f"{action} in {s}" for s in states if edge_in(edges, s, action.value) is None]
    if edge_in(edges, State.IDLE, machine.NEEDS_LINK) is None:
        found.append(machine.NEEDS_LINK)
    return found


def edge_in(edges: Sequence[Edge], state: State, trigger: str) -> Edge | None:
    """``machine.edge_for`` over any table: the state's own edge first, then the ANY edge."""
    own = [e for e in edges if e.trigger == trigger and e.source == state]
    fallback = [e for e in edges if e.trigger == trigger and e.source is machine.ANY]
    return (own or fallback or [None])[0]


def without(predicate: Callable[[Edge], bool]) -> tuple[Edge, ...]:
    """The table minus the edges ``predicate`` picks: a broken table for the checks above."""
    return tuple(edge for edge in machine.EDGES if not predicate(edge))


def test_every_waiting_state_can_be_reached_answered_and_left() -> None:
    assert stuck_states(machine.EDGES) == []


def test_every_step_action_has_an_edge_from_its_state() -> None:
    for action, states in STEP_ACTIONS.items():
        for state in states:
            edge = machine.edge_for(state, action.value)
            assert edge is not None, f"{action} in {state}"


def test_every_action_and_command_has_an_edge() -> None:
    assert missing_edges(machine.EDGES) == []


def test_edge_in_agrees_with_the_engines_lookup() -> None:
    triggers = [f"/{c.value}" for c in Command] + [a.value for a in Action]
    triggers += [machine.TEXT, machine.NEEDS_LINK]
    for state in State:
        for trigger in triggers:
            assert edge_in(machine.EDGES, state, trigger) == machine.edge_for(state, trigger)


def test_every_action_needing_a_link_is_sent_to_linking_when_unlinked() -> None:
    needs_link = machine.edge_for(State.IDLE, machine.NEEDS_LINK)
    assert needs_link is not None and needs_link.targets == machine.LINKING
    for action in (Action.LINK, Action.STUDIO, Action.MENU, Action.ABORT):
        for state in State:
            edge = machine.edge_for(state, action.value)
            assert edge is None or not edge.linked, f"{action} must work before linking"


@pytest.mark.parametrize(
    ("broken", "found"),
    [
        (without(lambda e: e.source is State.FORGET_CONFIRM), ["forget_confirm: no edge answers"]),
        (without(lambda e: State.WITHDRAW_CONFIRM in e.targets), ["withdraw_confirm: never"]),
        (without(lambda e: e.trigger == Action.ABORT.value), ["abort does not lead back"] * 12),
    ],
    ids=["unanswered", "unreachable", "no-abort"],
)
def test_a_stuck_state_is_found(broken: tuple[Edge, ...], found: list[str]) -> None:
    problems = stuck_states(broken)
    assert len(problems) == len(found), problems
    assert all(part in problem for part, problem in zip(found, problems, strict=True)), problems


@pytest.mark.parametrize(
    ("trigger", "found"),
    [
        ("/forget", ["/forget"]),
        ("/help", ["/help"]),
        ("confirm_booking", ["confirm_booking in book_confirm"]),
        ("offers", ["offers in idle"]),
        ("needs link", ["needs link"]),
    ],
)
def test_a_command_or_action_without_an_edge_is_found(trigger: str, found: list[str]) -> None:
    assert missing_edges(without(lambda e: e.trigger == trigger)) == found


def test_readme_diagram_matches_the_table() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"```mermaid\n(stateDiagram-v2.*?)```", readme, re.S)
    assert match, "README.md has no mermaid state diagram"
    assert match.group(1).strip() == machine.mermaid().strip()


def test_every_ledgered_write_has_an_announcer() -> None:
    from conversations import operations

    for kind in (operations.PURCHASE, operations.CANCEL, operations.WITHDRAW):
        assert callable(operations.announcer_for(kind))
