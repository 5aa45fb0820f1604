"""When a subscription's next digest is due: a pure function of its settings and a moment.

    instant   due at once: the sender looks every minute and sends when there are articles
    daily     the next `hour`:00 in the subscriber's time zone
    weekly    the next `weekday` (0 Monday .. 6 Sunday) at `hour`:00 there

"Next" is strictly after the moment given, so a digest sent at 07:00 is next due at
07:00 tomorrow, not again now. Days are counted on the local calendar, so a daily
digest stays at 07:00 local time across a change of clocks (23 or 25 hours apart).
An hour the clocks skip (02:00 on a spring-forward night) is read as the same time
before the change, so it lands just after it (03:00 summer time); an hour that occurs
twice (autumn) is its first occurrence. An unknown time zone counts as UTC."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

INSTANT, DAILY, WEEKLY = "instant", "daily", "weekly"


def zone(name):
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def next_due(subscription, after):
    """The aware UTC time the subscription's next digest is due, after `after` (aware)."""
    frequency = subscription.frequency
    if frequency == INSTANT:
        return after.astimezone(UTC)
    tz = zone(subscription.time_zone)
    hour = min(max(int(subscription.hour), 0), 23)
    day = after.astimezone(tz).date()
    if frequency == WEEKLY:
        day += timedelta(days=(int(subscription.weekday) - day.weekday()) % 7)
        step = 7
    else:
        step = 1
    while True:
        # fold=0: a skipped hour is read with the offset before the change, an hour
        # that occurs twice is its first occurrence (PEP 495).
        due = datetime.combine(day, time(hour), tzinfo=tz).astimezone(UTC)
        if due > after:
            return due
        day += timedelta(days=step)
