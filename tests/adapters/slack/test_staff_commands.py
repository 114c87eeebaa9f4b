"""Every ``/upsell`` subcommand, signed and posted through the bot's app into Bolt."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from testing.slack import answer_text
from tests.adapters.slack.conftest import BOT_USERNAME, STAFF, TEAM, Desk


async def test_help_is_the_acknowledgement_itself(desk: Desk) -> None:
    response = await desk.command("")
    assert response.status_code == 200
    body = response.json()
    assert body["response_type"] == "ephemeral"
    assert "/upsell customer <number or id>" in answer_text(body)
    assert "/upsell offer <customer> <module>" in answer_text(body)


async def test_a_mistake_gets_the_help_with_what_went_wrong(desk: Desk) -> None:
    response = await desk.command("customer")
    text = answer_text(response.json())
    assert "needs one customer number" in text and "/upsell link" in text


async def test_customer_overview_arrives_after_a_quick_ack(desk: Desk) -> None:
    response = await desk.command("customer 1-1004")
    assert "Looking up 1-1004" in answer_text(response.json())
    text = await desk.answer()
    assert "David Krüger (1-1004) · Berlin Mitte" in text
    assert "Not linked" in text
    assert "Basic Flex" in text and "Handtuch-Flat · active · €4.90/month" in text
    assert "cancellation requested for" in text and "(PENDING_VERIFICATION)" in text
    assert "Staff decision needed in PerfectGym" in text
    (body,) = desk.slack.responded()
    assert body["response_type"] == "ephemeral" and body["replace_original"] is False
    (audit,) = desk.store.audit_events(action="customer_viewed")
    assert audit.actor == f"slack:{TEAM}:{STAFF}" and audit.subject == "1004"


async def test_customer_overview_shows_the_chat_link(desk: Desk) -> None:
    await desk.chat().link("1-1001", "12.03.1994")
    await desk.command("customer 1001")
    text = await desk.answer()
    assert "Linked:* Telegram since 26 Nov 2026 (offers: has not opted in)" in text
    assert "agreed" not in text, "nobody said yes"


async def test_customer_overview_says_when_the_member_opted_in(desk: Desk) -> None:
    chat = desk.chat()
    await chat.link("1-1001", "12.03.1994", offers=True)
    await desk.command("customer 1001")
    text = await desk.answer()
    assert "Linked:* Telegram since 26 Nov 2026 (offers: opted in on 26 Nov 2026)" in text
    await chat.say("unsubscribe")
    await desk.command("customer 1001")
    assert "(offers: has not opted in)" in await desk.answer(count=2)


async def test_unknown_customer_is_said_plainly(desk: Desk) -> None:
    await desk.command("customer 9-9999")
    assert "There is no customer “9-9999” in Berlin Mitte." in await desk.answer()


async def test_link_code_is_shown_only_to_the_asker_and_stored_hashed(desk: Desk) -> None:
    await desk.command("link 1-1001")
    (body,) = await desk.slack.wait_for_response()
    assert body["response_type"] == "ephemeral"
    text = answer_text(body)
    assert "Link code for Anna Neumann (1-1001)" in text
    code = text.split("`")[1]
    assert f"https://t.me/{BOT_USERNAME}?start={code}" in text
    assert "Valid until 27 Nov 2026, 11:00 (Europe/Berlin), once" in text
    assert desk.store.find_link_code(code, desk.clock.now()) is not None
    assert not desk.slack.to("chat.postMessage")  # never in a channel
    assert code not in desk.store.path.read_bytes().decode("latin-1")


async def test_modules_lists_the_online_catalogue_with_prices(desk: Desk) -> None:
    await desk.command("modules")
    text = await desk.answer()
    assert "Modules · Berlin Mitte" in text
    assert "✅ *Sauna* (id 201)" in text and "€9.90/month" in text and "trial 14 days" in text
    assert "€4.90/month or €49.00 every 12 months" in text
    assert "Kinderbetreuung" not in text  # desk-only: PerfectGym does not list it
    assert "desk-only modules do not appear here" in text
    assert desk.store.audit_events(action="catalogue_viewed")


async def test_stats_count_the_funnel_and_answer_at_once(desk: Desk) -> None:
    chat = desk.chat()
    await chat.link("1-1001", "12.03.1994")
    await chat.press("Discover modules")
    await chat.press("Sauna")
    await chat.press("Book")
    await chat.press("without trial")
    await chat.press("Book and pay")
    assert "Booked!" in chat.text
    response = await desk.command("stats 7")
    text = answer_text(response.json())
    assert "Upsell figures · Berlin Mitte · last 7 days" in text
    assert "*Offers shown*\n1" in text and "*Purchases*\n1\npaid 1 · trial 0" in text
    assert "*Validations*\n1" in text and "*Conversion*\n100%" in text
    assert "*Monthly recurring revenue added*\n€9.90\n" in text
    assert "Sauna" in text and "████████████" in text
    assert not desk.slack.responded()  # the ack was the whole answer


async def test_stats_of_a_quiet_studio(desk: Desk) -> None:
    text = answer_text((await desk.command("stats")).json())
    assert "last 30 days" in text and "*Conversion*\n–" in text and "€0.00" in text


@pytest.mark.parametrize("studio_names", [["Berlin Mitte", "Hamburg Altona"]])
async def test_several_studios_take_the_channel_or_an_explicit_name(desk: Desk) -> None:
    await desk.command("modules", channel="C0HAMBURG", channel_name="upsell-hamburg")
    assert "Modules · Hamburg Altona" in await desk.answer(count=1)
    await desk.command("modules")  # the general staff channel belongs to no studio
    assert "Which studio?" in await desk.answer(count=2)
    await desk.command('modules --studio "berlin mitte"')
    assert "Modules · Berlin Mitte" in await desk.answer(count=3)
    await desk.command("modules studio:Atlantis")
    assert "There is no studio “Atlantis”" in await desk.answer(count=4)
    help_text = answer_text((await desk.command("help")).json())
    assert "studio:Berlin-Mitte" in help_text


async def test_a_mention_is_answered_ephemerally(desk: Desk) -> None:
    response = await desk.mention("customer 1-1003", event_id="Ev0001")
    assert response.status_code == 200
    (call,) = await desk.slack.wait_for("chat.postEphemeral")
    assert call.args["user"] == STAFF and call.args["channel"] == "C0STAFF"
    assert "Clara Weber (1-1003)" in call.text()


async def test_the_ack_does_not_wait_for_perfectgym(desk: Desk) -> None:
    hang = desk.sandbox.faults.add("getCustomerBy", hang=True)
    response = await desk.command("customer 1-1001")  # answered while PerfectGym hangs
    assert response.status_code == 200 and "Looking up 1-1001" in answer_text(response.json())
    async with asyncio.timeout(5):
        while not hang.fired:  # noqa: ASYNC110 (the sandbox offers no event to wait on)
            await asyncio.sleep(0.01)
    assert not desk.slack.responded()
    desk.sandbox.faults.release_hangs()  # 503, then the client's retry gets through
    assert "Anna Neumann (1-1001)" in await desk.answer()


async def test_stop_finishes_acknowledged_work_first(desk: Desk) -> None:
    hang = desk.sandbox.faults.add("getCustomerBy", hang=True)
    await desk.command("customer 1-1001")
    async with asyncio.timeout(5):
        while not hang.fired:  # noqa: ASYNC110 (the sandbox offers no event to wait on)
            await asyncio.sleep(0.01)
    stopping = asyncio.create_task(desk.component.stop())
    await asyncio.sleep(0)  # stop() has begun: it waits for the acknowledged look-up
    response = await desk.command("customer 1-1003")
    assert "restarting" in answer_text(response.json())
    desk.sandbox.faults.release_hangs()
    await stopping
    (answer,) = desk.slack.responded()
    assert "Anna Neumann (1-1001)" in answer_text(answer)


async def test_campaign_is_scheduled_from_slack(desk: Desk) -> None:
    await desk.chat().link("1-1001", "12.03.1994", offers=True)
    await desk.chat("778").link("1-1003", "05.11.1979")  # did not say yes
    await desk.command('campaign Sauna "2026-12-01 18:00"')
    text = await desk.answer()
    assert "Campaign #1 scheduled: Sauna on 1 Dec 2026, 18:00 (Berlin Mitte)" in text
    assert "Members it could reach now: 1." in text and "Text: the bot's standard offer" in text
    (campaign,) = desk.store.campaigns()
    assert campaign.module_id == 201 and campaign.actor == f"slack:{TEAM}:{STAFF}"
    (audit,) = desk.store.audit_events(action="campaign_scheduled")
    assert audit.actor == f"slack:{TEAM}:{STAFF}"


async def test_campaign_in_the_past_or_of_an_unknown_module_is_refused(desk: Desk) -> None:
    await desk.command("campaign Sauna 2020-01-01")
    assert "in the past" in await desk.answer()
    await desk.command("campaign Bowling now")
    assert "Bowling" in await desk.answer(count=2)
    assert desk.store.campaigns() == []


async def test_campaign_needs_a_module_and_a_time(desk: Desk) -> None:
    response = await desk.command("campaign Sauna")
    assert "`campaign` needs a module and a time" in answer_text(response.json())


async def test_the_look_up_shows_every_price_with_its_schedule_and_start(desk: Desk) -> None:
    anna = desk.chat("anna")
    await anna.link("1-1001", "12.03.1994")
    await anna.book("Sauna", trial=True)
    await anna.book("Getränke-Flat")
    await anna.book("Trainingsplan-App Premium")
    await anna.book("Personal-Training Start")
    await desk.command("customer 1-1001")
    text = await desk.answer()
    assert (
        "• Sauna · active · free trial until 10 Dec 2026, then €9.90/month · starts on 27 Nov 2026"
        in text
    )
    assert "• Getränke-Flat · active · €19.90/month until 26 Feb 2027, then €24.90/month" in text
    assert "• Trainingsplan-App Premium · active · free of charge · starts on 27 Nov 2026" in text
    assert "• Personal-Training Start · active · €49.00 once · starts on 27 Nov 2026" in text
    assert "€0.00" not in text and "since 27 Nov 2026" not in text
    desk.clock.advance(timedelta(days=2))
    await desk.command("customer 1-1001")
    assert "• Trainingsplan-App Premium · active · free of charge · since 27 Nov 2026" in (
        await desk.answer(count=2)
    )


@pytest.mark.parametrize("studio_locale", ["de_DE"])
async def test_the_look_up_in_german(desk: Desk) -> None:
    await desk.command("customer 1-1004")
    text = await desk.answer()
    assert "*Basic Flex* (Vertrag 5005) · aktiv · seit 01.04.2026" in text
    assert "• Handtuch-Flat · aktiv · 4,90\u00a0€/Monat · seit 01.06.2026" in text
    assert "⚠️ Kündigung zum 31.12.2026 beantragt; das Studio muss sie noch bestätigen" in text
    assert "· das Mitglied kann sie noch zurücknehmen" in text
    assert "⚠️ *Bitte in PerfectGym entscheiden:* Handtuch-Flat (9002)." in text
    assert "Mitglieds-ID 1004 · Mitglied" in text


@pytest.mark.parametrize("studio_locale", ["de_DE"])
async def test_help_working_notes_and_catalogue_in_german(desk: Desk) -> None:
    help_text = answer_text((await desk.command("hilfe")).json())
    assert "Den Unterbefehl `hilfe` kenne ich nicht." in help_text
    assert "*/upsell*: die Team-Befehle des Upsell-Bots" in help_text
    response = await desk.command("modules")
    assert "Ich lade den Modulkatalog" in answer_text(response.json())
    text = await desk.answer()
    assert "Module · Berlin Mitte" in text and "✅ *Sauna* (ID 201)" in text
    assert "Preis: 4,90\u00a0€/Monat oder 49,00\u00a0€ alle 12 Monate" in text
    assert (
        "Mindestlaufzeit 1 Monat · Kündigungsfrist 14 Tage · kostenlose Testphase 14 Tage" in text
    )
