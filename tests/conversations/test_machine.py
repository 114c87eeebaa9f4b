"""The transition table: consistent, drawn in the README, enforced at run time."""

from __future__ import annotations

import re

from conversations import machine
from conversations.states import STEP_ACTIONS, Action, State
from tests.conftest import REPO_ROOT


def test_every_waiting_state_can_be_reached_and_left() -> None:
    targets = {t for edge in machine.EDGES for t in edge.targets}
    sources = {edge.source for edge in machine.EDGES if edge.source is not None}
    for state in State:
        assert state in targets, f"{state} is never entered"
        if state is not State.IDLE:
            assert state in sources or any(
                edge.source is None and edge.trigger == Action.ABORT.value for edge in machine.EDGES
            )


def test_every_step_action_has_an_edge_from_its_state() -> None:
    for action, states in STEP_ACTIONS.items():
        for state in states:
            edge = machine.edge_for(state, action.value)
            assert edge is not None, f"{action} in {state}"


def test_every_action_and_command_has_an_edge() -> None:
    for action in Action:
        assert machine.edge_for(State.IDLE, action.value) or action in STEP_ACTIONS
    assert machine.edge_for(State.IDLE, machine.NEEDS_LINK) is not None


def test_readme_diagram_matches_the_table() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"```mermaid\n(stateDiagram-v2.*?)```", readme, re.S)
    assert match, "README.md has no mermaid state diagram"
    assert match.group(1).strip() == machine.mermaid().strip()


def test_every_ledgered_write_has_an_announcer() -> None:
    from conversations import operations

    for kind in (operations.PURCHASE, operations.CANCEL, operations.WITHDRAW):
        assert callable(operations.announcer_for(kind))
