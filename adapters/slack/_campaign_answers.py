"""Campaign answers for staff: scheduled, the list, canceled; in the studio's language."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from adapters.slack._blocks import Answer, clip, context, esc, header, section
from bot.store import Campaign, CampaignCancelation
from conversations.formatting import moment
from conversations.staff import CampaignList, CampaignResult
from conversations.texts import text

TEXT_PREVIEW = 80


def when(at: datetime, zone: ZoneInfo, language: str) -> str:
    """A moment in the studio's zone: ``1 Dec 2026, 18:00`` / ``01.12.2026, 18:00``."""
    return moment(at, zone.key, language)


def scheduled(result: CampaignResult, zone: ZoneInfo, language: str) -> Answer:
    headline = "📣 " + text(
        "staff_campaign_scheduled",
        language,
        id=result.campaign_id,
        module=esc(result.module_name),
        when=when(result.at, zone, language),
        studio=esc(result.studio),
    )
    if result.starts_in_quiet_hours:
        headline += " " + text("staff_campaign_quiet", language)
    lines = [_text_line(result.text, language)]
    lines.append(text("staff_campaign_reach", language, members=result.members))
    return Answer(headline.replace("*", ""), [section(headline), context(*lines)])


def listing(campaigns: CampaignList, zone: ZoneInfo, command: str, language: str) -> Answer:
    title = text("staff_campaigns_title", language, studio=campaigns.studio)
    blocks = [header(title)]
    if not campaigns.upcoming:
        blocks.append(section(text("staff_campaigns_none", language)))
    else:
        lines = [_line(c, zone, language) for c in campaigns.upcoming]
        blocks.append(section("\n".join(lines)))
    if campaigns.recent:
        lines = [_line(c, zone, language) for c in campaigns.recent]
        blocks.append(section(f"*{text('staff_campaigns_recent', language)}*\n" + "\n".join(lines)))
    blocks.append(context(text("staff_campaigns_hint", language, command=command)))
    return Answer(title, blocks)


def canceled(result: CampaignCancelation, zone: ZoneInfo, language: str) -> Answer:
    campaign = result.campaign
    values = {
        "id": campaign.id,
        "module": esc(campaign.module_name),
        "when": when(campaign.at, zone, language),
        "stopped": result.stopped,
        "sent": result.sent,
    }
    if result.canceled:
        key = "staff_campaign_canceled_partly" if result.sent else "staff_campaign_canceled"
        emoji = "🛑"
    elif campaign.canceled_at is not None:
        key, emoji = "staff_campaign_was_canceled", "ℹ️"
    else:
        key, emoji = "staff_campaign_gone_out", "ℹ️"
    words = f"{emoji} " + text(key, language, **values)
    return Answer(words.replace("*", ""), [section(words)])


def _line(campaign: Campaign, zone: ZoneInfo, language: str) -> str:
    if campaign.canceled_at is not None:
        state = text("staff_campaign_state_canceled", language)
    elif campaign.expanded_at is not None:
        state = text("staff_campaign_state_sent", language, count=campaign.targets or 0)
    else:
        state = text("staff_campaign_state_planned", language)
    line = text(
        "staff_campaign_line",
        language,
        id=campaign.id,
        module=esc(campaign.module_name),
        when=when(campaign.at, zone, language),
        state=state,
    )
    if campaign.text:
        line += "\n    " + _text_line(campaign.text, language)
    return line


def _text_line(own: str | None, language: str) -> str:
    if not own:
        return text("staff_campaign_standard_text", language)
    return text("staff_campaign_own_text", language, text=esc(clip(own, TEXT_PREVIEW)))
