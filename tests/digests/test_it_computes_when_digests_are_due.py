"""When a digest is next due (digests/schedule.py): instant ones at once, daily ones at
the next local hour, weekly ones on the next chosen day, strictly after the moment
given, and at the same local hour across changes of clocks."""

from datetime import UTC, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from newsmonitor.digests.schedule import next_due


def sub(frequency="daily", hour=7, weekday=0, time_zone="UTC"):
    return SimpleNamespace(frequency=frequency, hour=hour, weekday=weekday, time_zone=time_zone)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_instant_is_due_at_once():
    now = utc(2026, 5, 4, 12, 34, 56)
    assert next_due(sub("instant"), now) == now


@pytest.mark.parametrize("after, expected", [
    (utc(2026, 5, 4, 3, 0), utc(2026, 5, 4, 4, 0)),   # 06:00 in Cairo (UTC+3 in summer): today at 07:00
    (utc(2026, 5, 4, 4, 0), utc(2026, 5, 5, 4, 0)),   # exactly 07:00: the next one is tomorrow
    (utc(2026, 5, 4, 22, 30), utc(2026, 5, 5, 4, 0)),  # 01:30 on the 5th in Cairo
])
def test_daily_is_the_next_local_hour(after, expected):
    assert next_due(sub("daily", 7, time_zone="Africa/Cairo"), after) == expected


def test_weekly_is_the_next_chosen_day():
    karachi = sub("weekly", 9, weekday=4, time_zone="Asia/Karachi")  # Friday 09:00, UTC+5
    assert next_due(karachi, utc(2026, 5, 4, 12)) == utc(2026, 5, 8, 4)  # Monday -> Friday
    assert next_due(karachi, utc(2026, 5, 8, 4)) == utc(2026, 5, 15, 4)  # on the dot -> a week on
    assert next_due(karachi, utc(2026, 5, 8, 3, 59)) == utc(2026, 5, 8, 4)


def test_the_local_hour_holds_across_a_change_of_clocks():
    berlin = sub("daily", 7, time_zone="Europe/Berlin")
    # The night of 28-29 March 2026 loses an hour: 07:00 CET is 06:00 UTC, 07:00 CEST 05:00 UTC.
    assert next_due(berlin, utc(2026, 3, 28, 7)) == utc(2026, 3, 29, 5)
    assert next_due(berlin, utc(2026, 10, 24, 7)) == utc(2026, 10, 25, 6)  # and back in October


def test_an_hour_the_clocks_skip_or_repeat():
    skipped = sub("daily", 2, time_zone="Europe/Berlin")
    # 02:00 does not exist on 29 March: the digest comes at 03:00 summer time, just after the change.
    due = next_due(skipped, utc(2026, 3, 28, 12))
    assert due == utc(2026, 3, 29, 1) and due.astimezone(ZoneInfo("Europe/Berlin")).hour == 3
    # 02:00 happens twice on 25 October: the first time (summer time, 00:00 UTC).
    assert next_due(skipped, utc(2026, 10, 24, 12)) == utc(2026, 10, 25, 0)


def test_an_unknown_time_zone_counts_as_utc():
    assert next_due(sub("daily", 7, time_zone="Mars/Base"), utc(2026, 5, 4, 8)) == utc(2026, 5, 5, 7)


def test_the_answer_is_in_utc():
    assert next_due(sub("daily", 7, time_zone="Asia/Tokyo"), utc(2026, 5, 4)).utcoffset().total_seconds() == 0
