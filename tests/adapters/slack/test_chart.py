"""``/upsell stats`` posts a chart, ``/upsell export`` a CSV file; text alone without
``files:write`` or without matplotlib.

The figures come from real bookings in the engine over four weeks; the files reach the fake
Slack Web API the way ``files_upload_v2`` sends them (upload URL, bytes, complete).
"""

from __future__ import annotations

import csv
import io
import struct
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.slack._chart import render_chart
from bot.metrics import REGISTRY
from testing.slack import (
    DEFAULT_SCOPES,
    FakeSlackApi,
    answer_text,
    serve_fake_slack,
)
from tests.adapters.slack.conftest import BOT_TOKEN, STAFF_CHANNEL, TEAM, Desk
from tests.adapters.slack.test_feed import cancel_sauna

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WITHOUT_FILES = tuple(scope for scope in DEFAULT_SCOPES if scope != "files:write")


@pytest.fixture
def scopes() -> tuple[str, ...]:
    return DEFAULT_SCOPES


@pytest.fixture
async def slack(scopes: tuple[str, ...]) -> AsyncIterator[FakeSlackApi]:
    async with serve_fake_slack(BOT_TOKEN, TEAM) as fake:
        fake.scopes = scopes
        yield fake


async def four_weeks_of_sales(desk: Desk) -> None:
    """Towels in week one, a sauna trial in week two, a cancelation in week three; the trial
    turns paid in week four."""
    clara = desk.chat("clara")
    await clara.link("1-1003", "05.11.1979")
    await clara.book("Handtuch-Flat")  # €4.90/month, paid from the start
    desk.clock.advance(timedelta(days=7))
    anna = desk.chat("anna")
    await anna.link("1-1001", "12.03.1994")
    await anna.book("Sauna", trial=True)  # 14 days free, then €9.90/month
    await anna.book("Getränke-Flat")  # €19.90/month for three months
    desk.clock.advance(timedelta(days=7))
    await cancel_sauna(desk, "1-1003", "05.11.1979", chat_id="clara-phone")  # −€9.90/month
    desk.clock.advance(timedelta(days=9))  # the sauna trial's first paid day has passed


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


async def files_done(desk: Desk) -> None:
    await desk.component.handlers.background.wait(30)


async def test_stats_posts_the_chart_as_a_png_with_the_numbers_beside_it(
    desk: Desk, tmp_path: Path
) -> None:
    await four_weeks_of_sales(desk)
    response = await desk.command("stats 30")
    assert "Upsell figures · Berlin Mitte · last 30 days" in answer_text(response.json())

    (chart,) = await desk.slack.wait_for_files()
    (tmp_path / "chart.png").write_bytes(chart.data)
    assert chart.filename == "upsell-berlin-mitte-30d.png"
    assert chart.channel == STAFF_CHANNEL
    assert png_size(chart.data) == (1210, 528)
    assert 20_000 < len(chart.data) < 1_000_000
    comment = chart.comment or ""
    assert comment.startswith("*Upsell figures · Berlin Mitte · last 30 days*")
    assert "Offers shown 3 → validated 3 → booked 3" in comment
    assert "Monthly recurring revenue added: €24.80" in comment  # 4.90 + 19.90 − 9.90 + 9.90
    assert "Week of " in comment and "(Handtuch-Flat €4.90)" in comment
    assert "Sauna -€9.90" in comment and "Sauna €9.90" in comment
    assert chart.alt_text == "Offers shown 3 → validated 3 → booked 3"
    assert [c.method for c in desk.slack.calls if c.method.startswith("files.")] == [
        "files.getUploadURLExternal",
        "files.completeUploadExternal",
    ]


async def test_the_answer_lists_the_weeks_too(desk: Desk) -> None:
    await four_weeks_of_sales(desk)
    text = answer_text((await desk.command("stats 30")).json())
    assert "*Monthly recurring revenue added per week*" in text
    assert text.count("• Week of ") == 4
    await files_done(desk)


@pytest.mark.parametrize("studio_locale", ["de_DE"])
async def test_the_chart_speaks_the_studios_language(desk: Desk) -> None:
    await four_weeks_of_sales(desk)
    await desk.command("stats 30")
    (chart,) = await desk.slack.wait_for_files()
    assert "Angebote gezeigt 3 → Buchbarkeit geprüft 3 → gebucht 3" in (chart.comment or "")
    assert "Woche ab " in (chart.comment or "")


@pytest.mark.parametrize("scopes", [WITHOUT_FILES])
async def test_without_files_write_stats_is_text_alone(desk: Desk) -> None:
    await four_weeks_of_sales(desk)
    text = answer_text((await desk.command("stats 30")).json())
    await files_done(desk)
    assert "Upsell figures · Berlin Mitte" in text and "• Week of " in text
    assert desk.slack.files == [] and desk.slack.to("files.getUploadURLExternal") == []


async def test_without_matplotlib_stats_is_text_alone(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib fails
    text = answer_text((await desk.command("stats 30")).json())
    await files_done(desk)
    assert "Upsell figures · Berlin Mitte" in text
    assert desk.slack.files == []


def test_render_chart_without_matplotlib_is_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    assert render_chart(None, "title", "en") is None  # type: ignore[arg-type]


async def test_a_refused_upload_is_explained_to_the_staff_member(desk: Desk) -> None:
    desk.slack.scopes = WITHOUT_FILES  # taken away after the desk started and read its scopes
    before = REGISTRY.get_sample_value(
        "upsell_chat_api_requests_total",
        {"platform": "slack", "method": "files.getUploadURLExternal", "status": "missing_scope"},
    )
    await desk.command("stats 7")
    answer = await desk.answer()
    assert "`upsell-berlin-mitte-7d.png` could not be posted in this channel" in answer
    assert "(Slack said `missing_scope`)" in answer
    assert "`files:write`" in answer
    after = REGISTRY.get_sample_value(
        "upsell_chat_api_requests_total",
        {"platform": "slack", "method": "files.getUploadURLExternal", "status": "missing_scope"},
    )
    assert (after or 0) == (before or 0) + 1


async def test_export_posts_the_figures_as_a_csv_file(desk: Desk) -> None:
    await four_weeks_of_sales(desk)
    text = answer_text((await desk.command("export 30")).json())
    assert "posted to this channel as `upsell-berlin-mitte-30d.csv`" in text
    (shared,) = await desk.slack.wait_for_files()
    assert shared.filename == "upsell-berlin-mitte-30d.csv" and shared.channel == STAFF_CHANNEL
    rows = list(csv.DictReader(io.StringIO(shared.data.decode())))
    figures = {(r["figure"], r["module"], r["currency"]): r["value"] for r in rows}
    assert figures[("offers_shown", "", "")] == "3"
    assert figures[("purchases", "", "")] == "3"
    assert figures[("recurring_net", "", "EUR")] == "24.80"
    assert figures[("module_purchases", "Getränke-Flat", "")] == "1"
    weeks = [r for r in rows if r["figure"] == "week_recurring"]
    assert {(r["module"], r["value"]) for r in weeks} >= {("Handtuch-Flat", "4.90")}
    assert {r["studio"] for r in rows} == {"Berlin Mitte"}


@pytest.mark.parametrize("scopes", [WITHOUT_FILES])
async def test_without_files_write_export_shows_the_csv(desk: Desk) -> None:
    await four_weeks_of_sales(desk)
    text = answer_text((await desk.command("export 30")).json())
    await files_done(desk)
    assert "as CSV, to paste into a spreadsheet" in text
    assert "studio,since,until,figure,module,week,detail,currency,value" in text
    assert "Berlin Mitte," in text and desk.slack.files == []
