"""``upsell-bot stats``: the figures ``/upsell stats`` shows, as text or ``--csv``, from the
database alone."""

from __future__ import annotations

import csv
import io
import os
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from bot.app.cli import main
from bot.store import FunnelEvent, PurchaseFacts, PurchaseKind, Store


@pytest.fixture(autouse=True)
def configured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in list(os.environ):
        if name.upper().startswith(("TELEGRAM_", "SLACK_", "PERFECTGYM_", "UPSELL_", "LOG_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PERFECTGYM_BASE_URL", "https://mygym.example")
    monkeypatch.setenv("PERFECTGYM_API_KEY", "an-api-key-never-used")
    monkeypatch.setenv("PERFECTGYM_STUDIO_NAME", "Berlin Mitte")
    monkeypatch.setenv("PERFECTGYM_LOCALE", "en_GB")
    db = tmp_path / "bot.sqlite3"
    monkeypatch.setenv("UPSELL_DB", str(db))
    now = datetime.now(UTC)
    with Store.open(db) as store:
        store.record_funnel(FunnelEvent.OFFERS_SHOWN, studio="Berlin Mitte", now=now)
        store.record_funnel(FunnelEvent.OFFERS_SHOWN, studio="Berlin Mitte", now=now)
        store.record_funnel(FunnelEvent.VALIDATED, studio="Berlin Mitte", now=now, module_id=202)
        store.record_funnel(
            FunnelEvent.PURCHASED,
            studio="Berlin Mitte",
            now=now - timedelta(days=8),
            module_id=202,
            module_name="Handtuch-Flat",
            amount=Decimal("4.90"),
            currency="EUR",
            purchase=PurchaseFacts(kind=PurchaseKind.PAID, payment_type="RECURRING"),
        )
    return db


def test_stats_as_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--csv", "--days", "30"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    figures = {(r["figure"], r["module"]): r["value"] for r in rows}
    assert figures[("offers_shown", "")] == "2"
    assert figures[("validations", "")] == "1"
    assert figures[("purchases", "")] == "1"
    assert figures[("purchases_paid", "")] == "1"
    assert figures[("recurring_net", "")] == "4.90"
    assert figures[("module_purchases", "Handtuch-Flat")] == "1"
    (week,) = [r for r in rows if r["figure"] == "week_recurring"]
    assert (week["module"], week["currency"], week["value"]) == ("Handtuch-Flat", "EUR", "4.90")
    assert datetime.fromisoformat(week["week"]).weekday() == 0, "weeks start on Monday"
    assert {r["studio"] for r in rows} == {"Berlin Mitte"}


def test_stats_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--studio", "Berlin Mitte"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == [
        "Upsell figures · Berlin Mitte · last 30 days",
        "Offers shown 2 → validated 1 → booked 1",
        "Monthly recurring revenue added: €4.90",
    ]
    assert lines[3].startswith("Week of ") and lines[3].endswith(": €4.90 (Handtuch-Flat €4.90)")


def test_an_unknown_studio_or_period_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--studio", "Hamburg"]) == 2
    assert main(["stats", "--days", "400"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all(line.startswith("upsell-bot: ") for line in err)
