"""Campaigns from Slack: their own text, module names with spaces, listed and canceled."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.app.reminders import Planner
from bot.store import ReminderStatus
from testing.slack import answer_text
from tests.adapters.slack.conftest import Desk

BERLIN = ZoneInfo("Europe/Berlin")


async def campaign(desk: Desk, words: str, count: int = 1) -> str:
    response = await desk.command(f"campaign {words}")
    assert "Scheduling the campaign" in answer_text(response.json())
    return await desk.answer(count=count)


async def test_a_campaign_takes_its_text_after_the_time(desk: Desk) -> None:
    text = await campaign(desk, 'Sauna 2026-12-20 18:00 "Winter special: 20% off in December"')
    assert "Campaign #1 scheduled: *Sauna* on 20 Dec 2026, 18:00 (Berlin Mitte)." in text
    assert "Text: “Winter special: 20% off in December”" in text
    await campaign(desk, "Solarium now Don't miss the winter sun", count=2)
    first, second = sorted(desk.store.campaigns(), key=lambda c: c.id)
    assert (first.module_id, first.text, first.language) == (
        201,
        "Winter special: 20% off in December",
        "en",
    )
    assert first.at == datetime(2026, 12, 20, 18, 0, tzinfo=BERLIN)
    assert (second.module_id, second.text) == (206, "Don't miss the winter sun")


@pytest.mark.parametrize(
    ("words", "module_id"),
    [
        ("Trainingsplan-App Premium now", 205),
        ('"Personal-Training Start" 2026-12-01', 204),
        ("personal training start 01.12.2026 09:30 Start the year strong", 204),
        ("Trainingsplan now", 205),  # a unique beginning
        ("206 now", 206),
    ],
)
async def test_module_names_with_spaces_work_quoted_or_matched(
    desk: Desk, words: str, module_id: int
) -> None:
    text = await campaign(desk, words)
    assert "Campaign #1 scheduled" in text
    (stored,) = desk.store.campaigns()
    assert stored.module_id == module_id


async def test_an_offer_names_a_module_with_spaces(desk: Desk) -> None:
    await desk.chat("777").link("1-1001", "12.03.1994", offers=True)
    await desk.command("offer 1-1001 Personal-Training Start")
    assert "Offer for *Personal-Training Start* sent to Anna Neumann" in await desk.answer()


async def test_a_campaign_without_a_readable_time_says_what_to_write(desk: Desk) -> None:
    text = await campaign(desk, "Trainingsplan-App Premium soon")
    assert "I cannot read the time “soon”" in text
    assert desk.store.campaigns() == []


async def test_campaigns_are_listed_and_canceled_before_they_go_out(desk: Desk) -> None:
    await campaign(desk, 'Sauna 2026-12-20 18:00 "Winter special"')
    listed = answer_text((await desk.command("campaigns")).json())
    assert "#1 · *Sauna* · 20 Dec 2026, 18:00 · scheduled" in listed
    assert "Text: “Winter special”" in listed
    canceled = answer_text((await desk.command("campaign cancel 1")).json())
    assert "Campaign #1 (*Sauna*, 20 Dec 2026, 18:00) cancelled; nothing of it will be sent." in (
        canceled
    )
    (stored,) = desk.store.campaigns()
    assert stored.canceled_at is not None and stored.canceled_by == "slack:T0STUDIO:U0STAFF"
    assert desk.store.due_campaigns(datetime(2027, 1, 1, tzinfo=BERLIN)) == []
    again = answer_text((await desk.command("campaign cancel 1")).json())
    assert "was cancelled already" in again
    listed = answer_text((await desk.command("campaigns")).json())
    assert "No campaign is scheduled." in listed and "#1 · *Sauna*" in listed
    assert "cancelled" in listed
    (audit,) = desk.store.audit_events(action="campaign_canceled")
    assert audit.detail == {"campaign_id": 1, "stopped": 0, "sent": 0}


async def test_canceling_a_campaign_under_way_stops_what_is_still_queued(desk: Desk) -> None:
    await desk.chat("anna").link("1-1001", "12.03.1994", offers=True)
    await desk.chat("ben").link("1-1004", "20.01.1985", offers=True)
    await campaign(desk, "Sauna now")
    now = desk.clock.now()
    assert await Planner(desk.runtime.services.store, desk.runtime.settings).plan(now) == 2
    (first,) = desk.store.claim_due_reminders(now, limit=1)
    desk.store.finish_reminder(first.id, ReminderStatus.SENT, None, now)
    canceled = answer_text((await desk.command("campaign cancel #1")).json())
    assert "Campaign #1 (*Sauna*" in canceled
    assert "messages stopped: 1; already sent before: 1." in canceled
    assert desk.store.claim_due_reminders(now) == []
    gone = answer_text((await desk.command("campaign cancel 1")).json())
    assert "was cancelled already" in gone


async def test_a_campaign_that_went_out_completely_cannot_be_canceled(desk: Desk) -> None:
    await desk.chat("anna").link("1-1001", "12.03.1994", offers=True)
    await campaign(desk, "Sauna now")
    now = desk.clock.now()
    await Planner(desk.runtime.services.store, desk.runtime.settings).plan(now)
    (row,) = desk.store.claim_due_reminders(now)
    desk.store.finish_reminder(row.id, ReminderStatus.SENT, None, now)
    answer = answer_text((await desk.command("campaign cancel 1")).json())
    assert "has gone out completely (recipients: 1); there is nothing left to cancel." in answer
    listed = answer_text((await desk.command("campaigns")).json())
    assert "#1 · *Sauna* · 26 Nov 2026, 11:00 · went out (recipients: 1)" in listed


async def test_an_unknown_campaign_is_said_plainly(desk: Desk) -> None:
    answer = answer_text((await desk.command("campaign cancel 7")).json())
    assert "There is no campaign #7 in Berlin Mitte." in answer


@pytest.mark.parametrize("studio_locale", ["de_DE"])
async def test_campaigns_in_german(desk: Desk) -> None:
    response = await desk.command('campaign Sauna 20.12.2026 18:00 "Winter-Special"')
    assert "Ich plane die Kampagne" in answer_text(response.json())
    text = await desk.answer()
    assert "Kampagne #1 geplant: *Sauna* am 20.12.2026, 18:00 (Berlin Mitte)." in text
    assert "Text: „Winter-Special“" in text
    listed = answer_text((await desk.command("campaigns")).json())
    assert "#1 · *Sauna* · 20.12.2026, 18:00 · geplant" in listed
    canceled = answer_text((await desk.command("campaign cancel 1")).json())
    assert "Kampagne #1 (*Sauna*, 20.12.2026, 18:00) abgesagt" in canceled
    (stored,) = desk.store.campaigns()
    assert stored.language == "de"
