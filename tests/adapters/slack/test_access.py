"""Only signed, fresh requests from the studio team get through; each delivery is handled once."""

from __future__ import annotations

import json
import logging
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from adapters.slack import build_component
from bot.app.runtime import build
from bot.sandbox import Sandbox
from bot.store import SqliteStore, Store, StoreBusy
from testing.slack import FakeSlackApi, answer_text
from tests.adapters.slack.conftest import Desk, slack_settings, studio_settings


async def test_a_wrong_signature_is_refused(desk: Desk) -> None:
    response = await desk.command("link 1-1001", secret="not-the-signing-secret")
    assert response.status_code == 401
    assert not desk.store.audit_events(action="link_code_issued")


async def test_a_stale_request_is_refused(desk: Desk) -> None:
    six_minutes_ago = int(time.time()) - 6 * 60
    response = await desk.command("link 1-1001", timestamp=six_minutes_ago)
    assert response.status_code == 401
    four_minutes_ago = int(time.time()) - 4 * 60
    assert (await desk.command("help", timestamp=four_minutes_ago)).status_code == 200


async def test_another_workspace_is_turned_away_politely(desk: Desk) -> None:
    response = await desk.command("customer 1-1001", team="T0ELSEWHERE")
    assert response.status_code == 200
    assert "belongs to another Slack workspace" in answer_text(response.json())
    (refusal,) = desk.store.audit_events(action="slack_access_refused")
    assert refusal.actor == "slack:T0ELSEWHERE:U0STAFF"
    assert not desk.store.audit_events(action="customer_viewed")


@pytest.mark.parametrize("slack_extra", [{"slack_allowed_users": ["U0STAFF", "U0BOSS"]}])
async def test_only_listed_users_may_use_the_desk(desk: Desk, slack_extra: dict[str, Any]) -> None:
    response = await desk.command("link 1-1001", user="U0VISITOR")
    text = answer_text(response.json())
    assert "Sorry, the staff desk is only open to the studio team" in text
    assert not desk.store.audit_events(action="link_code_issued")
    await desk.command("link 1-1001", user="U0BOSS")
    assert "Link code for Anna Neumann" in await desk.answer()


@pytest.mark.parametrize("slack_extra", [{"slack_allowed_usergroups": ["S0DESK"]}])
async def test_user_groups_are_asked_once_and_cached(
    desk: Desk, slack_extra: dict[str, Any]
) -> None:
    desk.slack.usergroups["S0DESK"] = ["U0GROUPIE"]
    await desk.command("customer 1-1003", user="U0GROUPIE")
    assert "Clara Weber" in await desk.answer(count=1)
    refused = await desk.command("customer 1-1003", user="U0VISITOR")  # cached: in the ack
    assert "only open to the studio team" in answer_text(refused.json())
    response = await desk.command("stats", user="U0GROUPIE")
    assert "Upsell figures" in answer_text(response.json())
    (lookup,) = desk.slack.to("usergroups.users.list")
    assert lookup.args["usergroup"] == "S0DESK"
    assert len(desk.slack.responded()) == 1


@pytest.mark.parametrize("slack_extra", [{"slack_allowed_usergroups": ["S0DESK"]}])
async def test_an_outsider_hears_back_after_the_group_check(
    desk: Desk, slack_extra: dict[str, Any]
) -> None:
    desk.slack.usergroups["S0DESK"] = ["U0GROUPIE"]
    response = await desk.command("customer 1-1003", user="U0VISITOR")
    assert "Looking up" in answer_text(response.json())
    assert "only open to the studio team" in await desk.answer()
    assert not desk.store.audit_events(action="customer_viewed")


@pytest.mark.parametrize("slack_extra", [{"slack_allowed_channels": ["upsell-staff"]}])
async def test_commands_work_only_in_allowed_channels(
    desk: Desk, slack_extra: dict[str, Any]
) -> None:
    response = await desk.command("stats", channel="C0RANDOM", channel_name="random")
    assert "only in the studio team's staff channels" in answer_text(response.json())
    response = await desk.command("stats")
    assert "Upsell figures" in answer_text(response.json())


async def test_a_retried_command_is_acknowledged_but_not_run_again(desk: Desk) -> None:
    first = await desk.command("link 1-1001", trigger="trigger-retried")
    assert "Issuing a link code" in answer_text(first.json())
    retry = await desk.command(
        "link 1-1001", trigger="trigger-retried", headers={"X-Slack-Retry-Num": "1"}
    )
    assert retry.status_code == 200 and retry.content == b""
    await desk.slack.wait_for_response()
    await desk.command("help")  # a later request: the retried one had its chance to answer
    assert len(desk.slack.responded()) == 1
    assert len(desk.store.audit_events(action="link_code_issued")) == 1


async def test_a_duplicate_event_is_handled_once(desk: Desk) -> None:
    await desk.mention("stats", event_id="Ev0042")
    again = await desk.mention(
        "stats",
        event_id="Ev0042",
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    assert again.status_code == 200
    await desk.slack.wait_for("chat.postEphemeral")
    await desk.mention("help", event_id="Ev0043")
    calls = await desk.slack.wait_for("chat.postEphemeral", 2)
    assert len(calls) == 2 and "Upsell figures" in calls[0].text() and "/upsell" in calls[1].text()


async def test_slack_rate_limit_on_an_answer_is_waited_out(desk: Desk) -> None:
    desk.slack.rate_limit("chat.postEphemeral", retry_after=7)
    await desk.mention("stats", event_id="Ev0050")
    calls = await desk.slack.wait_for("chat.postEphemeral", 2)
    assert "Upsell figures" in calls[1].text()
    assert desk.sleeps == [7.0]


async def test_link_codes_stay_out_of_debug_logs(
    desk: Desk, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await desk.command("link 1-1001", hook="secret-hook")
    code = answer_text((await desk.slack.wait_for_response("secret-hook"))[0]).split("`")[1]
    await desk.mention("link 1-1002", event_id="Ev0099")
    (ephemeral,) = await desk.slack.wait_for("chat.postEphemeral")
    logged = caplog.text
    assert caplog.records  # debug logging is really on
    assert code not in logged and "secret-hook" not in logged
    assert ephemeral.text().split("`")[1] not in logged


CLOSED: dict[str, Any] = {"slack_allowed_users": []}
OPEN: dict[str, Any] = {"slack_allowed_users": [], "slack_open_to_workspace": True}


@pytest.mark.parametrize("slack_extra", [CLOSED])
async def test_the_desk_refuses_everyone_until_staff_are_listed(
    desk: Desk, slack_extra: dict[str, Any]
) -> None:
    response = await desk.command("link 1-1001", user="U0ANYONE")
    text = answer_text(response.json())
    assert "Sorry, the staff desk stays closed until the operator names the studio team" in text
    assert "(SLACK_ALLOWED_USERS or SLACK_ALLOWED_USERGROUPS)" in text
    await desk.mention("customer 1-1001", event_id="Ev0200")
    (ephemeral,) = await desk.slack.wait_for("chat.postEphemeral")
    assert "stays closed" in ephemeral.text()
    value = json.dumps({"studio": "Berlin Mitte", "customer_id": 1001})
    await desk.click(value, user="U0ANYONE")
    assert "stays closed" in answer_text((await desk.slack.wait_for_response("click"))[0])
    assert not desk.store.audit_events(action="link_code_issued")
    assert not desk.store.audit_events(action="customer_viewed")
    verdicts = {e.detail["verdict"] for e in desk.store.audit_events(action="slack_access_refused")}
    assert verdicts == {"closed"}


@pytest.mark.parametrize("slack_extra", [OPEN])
async def test_the_operator_can_open_the_desk_to_the_whole_workspace(
    desk: Desk, slack_extra: dict[str, Any]
) -> None:
    await desk.command("link 1-1001", user="U0ANYONE")
    assert "Link code for Anna Neumann (1-1001)" in await desk.answer()


@pytest.mark.parametrize("studio_locale", ["de_DE"])
async def test_refusals_speak_the_studio_language(desk: Desk) -> None:
    response = await desk.command("link 1-1001", user="U0VISITOR")
    text = answer_text(response.json())
    assert text.startswith("Tut mir leid, diese Befehle sind nur für das Studioteam freigegeben.")
    response = await desk.command("stats", team="T0ELSEWHERE")
    assert "Tut mir leid, dieser Zugang gehört zu einem anderen Slack-Workspace." in answer_text(
        response.json()
    )


@pytest.mark.parametrize(
    ("extra", "level", "says"),
    [
        (CLOSED, logging.WARNING, "Slack staff desk closed: nobody is listed"),
        ({}, logging.INFO, "Slack staff desk open to 1 listed user(s) and the members of 0"),
        (OPEN, logging.INFO, "open to everyone in the workspace (SLACK_OPEN_TO_WORKSPACE=true)"),
    ],
)
async def test_start_up_logs_who_may_use_the_desk(
    sandbox: Sandbox,
    slack: FakeSlackApi,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    extra: dict[str, Any],
    level: int,
    says: str,
) -> None:
    caplog.set_level(logging.INFO, logger="adapters.slack")
    studios = studio_settings(sandbox, "http://sandbox.test", ["Berlin Mitte"])
    store = SqliteStore.open(tmp_path / "start.sqlite3")
    runtime = build(slack_settings(slack, studios, **extra), store).runtime
    component = build_component(runtime)
    assert component is not None
    await component.start()
    try:
        (line,) = [r for r in caplog.records if "Slack staff desk" in r.getMessage()]
        assert line.levelno == level and says in line.getMessage()
    finally:
        await component.stop()
        await runtime.services.aclose()
        store.close()


async def test_an_event_the_database_could_not_take_is_refused_and_the_retry_runs(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not acknowledged unless taken: Slack delivers it again, and then it runs once."""
    real = Store.mark_processed
    failures = [StoreBusy(desk.store.path, "database is locked")]

    def flaky(self: Store, source: str, key: str, now: datetime) -> bool:
        if failures:
            raise failures.pop()
        return real(self, source, key, now)

    monkeypatch.setattr(Store, "mark_processed", flaky)
    refused = await desk.mention("stats", event_id="Ev0077")
    assert refused.status_code == 503
    again = await desk.mention("stats", event_id="Ev0077", headers={"X-Slack-Retry-Num": "1"})
    assert again.status_code == 200
    (answer,) = await desk.slack.wait_for("chat.postEphemeral")
    assert "Upsell figures" in answer.text()
