"""Quiet hours and local due times, in the studio's time zone (daylight saving included).

Quiet hours may wrap midnight (21:00-09:00, the default) or not (13:00-15:00); equal start
and end mean none. Times are aware datetimes in and out.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot.config import StudioSettings


def in_quiet_hours(moment: datetime, studio: StudioSettings) -> bool:
    start, end = studio.quiet_hours_start, studio.quiet_hours_end
    if start == end:
        return False
    local = moment.astimezone(studio.zone).timetz().replace(tzinfo=None)
    if start < end:
        return start <= local < end
    return local >= start or local < end


def quiet_hours_end(moment: datetime, studio: StudioSettings) -> datetime:
    """The first moment after ``moment`` (in quiet hours) when messages may go out again."""
    local = moment.astimezone(studio.zone)
    candidate = local_moment(local.date(), studio.quiet_hours_end, studio)
    if candidate <= moment:
        candidate = local_moment(local.date() + timedelta(days=1), studio.quiet_hours_end, studio)
    return candidate


def local_moment(day: date, at: time, studio: StudioSettings) -> datetime:
    """``day`` at ``at`` o'clock in the studio's zone (a time a clock change skips is moved on)."""
    return datetime.combine(day, at.replace(tzinfo=None)).replace(tzinfo=studio.zone)
