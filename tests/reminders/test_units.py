"""The small pure parts: quiet hours, what counts as a change, trial ends, texts, settings."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from pydantic import ValidationError

from bot.app.reminders import ChangeKind, diff, in_quiet_hours, quiet_hours_end, trial_last_day
from bot.config import ReminderSettings, StudioSettings
from bot.perfectgym import AdditionalModuleContractTrialPeriod
from bot.store import ModuleSnapshot

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def studio(start: time = time(21, 0), end: time = time(9, 0)) -> StudioSettings:
    return StudioSettings(
        name="S",
        base_url="http://pg.invalid",  # type: ignore[arg-type]
        api_key="k",  # type: ignore[arg-type]
        quiet_hours_start=start,
        quiet_hours_end=end,
    )


@pytest.mark.parametrize(
    ("utc", "quiet", "ends"),
    [
        (datetime(2026, 11, 26, 19, 59, tzinfo=UTC), False, None),  # 20:59 in Berlin (CET)
        (datetime(2026, 11, 26, 20, 0, tzinfo=UTC), True, datetime(2026, 11, 27, 8, 0, tzinfo=UTC)),
        (datetime(2026, 11, 27, 2, 0, tzinfo=UTC), True, datetime(2026, 11, 27, 8, 0, tzinfo=UTC)),
        (datetime(2026, 11, 27, 8, 0, tzinfo=UTC), False, None),
        (datetime(2026, 7, 1, 6, 30, tzinfo=UTC), True, datetime(2026, 7, 1, 7, 0, tzinfo=UTC)),
    ],
)
def test_quiet_hours_wrap_midnight_in_the_studios_zone(
    utc: datetime, quiet: bool, ends: datetime | None
) -> None:
    assert in_quiet_hours(utc, studio()) is quiet
    if ends is not None:
        assert quiet_hours_end(utc, studio()) == ends


def test_quiet_hours_within_a_day_and_none_at_all() -> None:
    lunch = studio(time(13, 0), time(15, 0))
    assert in_quiet_hours(datetime(2026, 11, 26, 12, 30, tzinfo=UTC), lunch)  # 13:30 local
    assert not in_quiet_hours(datetime(2026, 11, 26, 14, 0, tzinfo=UTC), lunch)
    never = studio(time(0, 0), time(0, 0))
    assert not in_quiet_hours(datetime(2026, 11, 26, 23, 0, tzinfo=UTC), never)


def snap(mc: int = 1, **fields: Any) -> ModuleSnapshot:
    values: dict[str, Any] = {
        "module_contract_id": mc,
        "name": "Sauna",
        "contract_status": "ACTIVE",
        "fingerprint": "",
        "changed_at": NOW,
    }
    values.update(fields)
    return ModuleSnapshot(**values)


DEC31 = date(2026, 12, 31)


@pytest.mark.parametrize(
    ("before", "after", "kind"),
    [
        (None, "PENDING_VERIFICATION", ChangeKind.CANCEL_PENDING),
        (None, "CANCELED", ChangeKind.CANCELED),
        ("PENDING_VERIFICATION", "CANCELED", ChangeKind.CANCEL_CONFIRMED),
        ("PENDING_VERIFICATION", None, ChangeKind.WITHDRAWN),
        ("CANCELED", "PENDING_WITHDRAWAL_VERIFICATION", ChangeKind.WITHDRAW_PENDING),
        ("PENDING_WITHDRAWAL_VERIFICATION", None, ChangeKind.WITHDRAWN),
        ("PENDING_WITHDRAWAL_VERIFICATION", "CANCELED", ChangeKind.WITHDRAW_REJECTED),
    ],
)
def test_cancelation_changes_in_the_members_terms(
    before: str | None, after: str | None, kind: ChangeKind
) -> None:
    was = snap(cancelation_status=before, cancelation_date=DEC31 if before else None)
    now = snap(cancelation_status=after, cancelation_date=DEC31 if after else None)
    (change,) = diff([was], [now])
    assert (change.kind, change.module, change.date) == (kind, "Sauna", DEC31)


def test_added_ended_removed_and_a_moved_date() -> None:
    before = [
        snap(1),
        snap(2, cancelation_status="CANCELED", cancelation_date=DEC31),
        snap(3),
    ]
    after = [
        snap(1, contract_status="INACTIVE"),
        snap(2, cancelation_status="CANCELED", cancelation_date=date(2027, 1, 31)),
        snap(4, name="Handtuch-Flat", start_date=date(2026, 11, 26)),
    ]
    kinds = [(c.module_contract_id, c.kind) for c in diff(before, after)]
    assert kinds == [
        (1, ChangeKind.ENDED),
        (2, ChangeKind.DATE_CHANGED),
        (4, ChangeKind.ADDED),
        (3, ChangeKind.REMOVED),
    ]
    assert [c.kind.told_to_member for c in diff(before, after)] == [False, True, True, False]
    assert diff(after, after) == []


@pytest.mark.parametrize(
    ("value", "unit", "last"),
    [
        (14, "DAY", date(2026, 12, 10)),
        (2, "WEEK", date(2026, 12, 10)),
        (1, "MONTH", date(2026, 12, 26)),
        (1, "YEAR", date(2027, 11, 26)),
    ],
)
def test_the_last_free_day_of_a_trial(value: int, unit: str, last: date) -> None:
    trial = AdditionalModuleContractTrialPeriod.model_validate(
        {"term": {"value": value, "unit": unit}, "startDate": "2026-11-27"}
    )
    assert trial_last_day(trial) == last
    assert trial_last_day(None) is None


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        ({"birthday": {"en": "x"}}, "unknown rule 'birthday'"),
        ({"trial": {"fr": "x"}}, "trial: unknown language 'fr'"),
        ({"trial": {"en": "Ends {when}"}}, "trial.en: unknown placeholder {when}"),
        ({"trial": {"en": "Ends {date"}}, "trial.en:"),
        ({"trial": {"de": "  "}}, "trial.de: must not be empty"),
    ],
)
def test_overriding_texts_are_checked_at_start_up(texts: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        ReminderSettings(texts=texts)
    assert message in str(raised.value)


def test_a_valid_override_is_kept() -> None:
    settings = ReminderSettings(texts={"viewed": {"de": "Noch Lust auf {module}?"}})
    assert settings.texts["viewed"]["de"] == "Noch Lust auf {module}?"
    assert settings.rule_enabled("viewed") and settings.rule_enabled("contract_change")
    assert not ReminderSettings(enabled=False).rule_enabled("trial")
    assert ReminderSettings(enabled=False).rule_enabled("contract_change")
