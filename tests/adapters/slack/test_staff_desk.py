"""The platform-neutral parts the Slack desk stands on: studios, notices, consent."""

from __future__ import annotations

import pytest

from bot.perfectgym import CommunicationPreference
from conversations.consent import Purpose, preferences_refusal
from conversations.staff import StaffDesk, StaffNotice, UnknownStudio
from tests.adapters.slack.conftest import Desk


@pytest.mark.parametrize("studio_names", [["Berlin Mitte", "Hamburg Altona"]])
@pytest.mark.parametrize("name", ["Berlin Mitte", "berlin mitte", "Berlin-Mitte", "BERLIN_MITTE"])
async def test_studio_names_match_loosely(desk: Desk, name: str) -> None:
    assert desk.runtime.desk.studio(name).name == "Berlin Mitte"


@pytest.mark.parametrize("studio_names", [["Berlin Mitte", "Hamburg Altona"]])
async def test_an_unknown_or_missing_studio_names_the_choices(desk: Desk) -> None:
    with pytest.raises(UnknownStudio, match="configured: Berlin Mitte, Hamburg Altona"):
        desk.runtime.desk.studio("Atlantis")
    with pytest.raises(UnknownStudio, match="Several studios"):
        desk.runtime.desk.studio(None)


async def test_notices_without_a_sink_are_only_logged(desk: Desk) -> None:
    lonely = StaffDesk(desk.runtime.services)
    assert await lonely.post_notice(StaffNotice("Berlin Mitte", "hello", "-")) == 0


async def test_a_failing_sink_does_not_stop_the_others(desk: Desk) -> None:
    seen: list[str] = []

    async def broken(notice: StaffNotice) -> None:
        raise RuntimeError("sink down")

    async def working(notice: StaffNotice) -> None:
        seen.append(notice.title)

    lonely = StaffDesk(desk.runtime.services)
    lonely.add_notice_sink(broken)
    lonely.add_notice_sink(working)
    assert await lonely.post_notice(StaffNotice("Berlin Mitte", "hello", "-")) == 1
    assert seen == ["hello"]


def preference(category: str, **channels: bool | None) -> CommunicationPreference:
    return CommunicationPreference.model_validate(
        {
            "messageCategory": category,
            "channels": [
                {"communicationChannel": name, "active": active}
                for name, active in channels.items()
            ],
        }
    )


@pytest.mark.parametrize(
    ("preferences", "opted_out"),
    [
        ([], False),
        ([preference("GENERAL", CHAT=True)], False),
        ([preference("GENERAL", CHAT=None)], False),
        ([preference("GENERAL", EMAIL=True)], False),
        ([preference("CONTRACT", CHAT=False)], False),
        ([preference("NEWSLETTER", CHAT=False)], True),
        ([preference("GENERAL", EMAIL=True, CHAT=False)], True),
    ],
)
def test_only_an_explicit_chat_switch_off_counts_as_opt_out_of_offers(
    preferences: list[CommunicationPreference], opted_out: bool
) -> None:
    assert (preferences_refusal(preferences, Purpose.MARKETING) is not None) is opted_out
