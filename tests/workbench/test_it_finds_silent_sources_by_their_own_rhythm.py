"""A feed that has published nothing for much longer than its own usual rhythm is
flagged silent, from its own history of new entries; an irregular, new or rare feed is
not; a feed that publishes again is cleared; a silence keeps its start while it lasts."""

from datetime import timedelta

import pytest

from newsmonitor.feeds.models import Feed
from newsmonitor.workbench import silence
from tests.workbench.feed_history import entries, every, feed, this_hour

pytestmark = [pytest.mark.django_db, pytest.mark.core]
HOUR, DAY = timedelta(hours=1), timedelta(days=1)


def state(made):
    made.refresh_from_db()
    return made.usual_gap, made.silent_since


def test_a_regular_feed_that_stops_is_silent_and_cleared_when_it_resumes():
    now = this_hour()
    last = now - 2 * DAY
    regular = feed()
    entries(regular, every(6 * HOUR, until=last, span=30 * DAY))

    checked = silence.check_all(now)

    gap, since = state(regular)
    assert gap == 6 * 3600 and since == last + 12 * HOUR  # twice its usual gap of 6 hours
    assert checked.newly_silent == [regular.pk]

    # Checked again later, still quiet: the same episode, the same start.
    assert silence.check_all(now + 5 * HOUR).newly_silent == []
    assert state(regular) == (gap, since)

    entries(regular, [now + 6 * HOUR])
    checked = silence.check_all(now + 7 * HOUR)
    assert state(regular)[1] is None and checked.cleared == [regular.pk]


def test_a_feed_that_publishes_on_its_rhythm_is_not_silent():
    now = this_hour()
    lively = feed()
    entries(lively, every(6 * HOUR, until=now - 10 * HOUR, span=30 * DAY))
    silence.check_all(now)
    assert state(lively) == (6 * 3600, None)


def test_an_irregular_feed_is_not_flagged_for_a_quiet_spell_it_has_had_before():
    now = this_hour()
    irregular = feed()
    # Bursts of a few entries, then pauses of up to four days, again and again.
    times, when = [], now - 3 * DAY
    for pause in [4 * DAY, 1 * DAY, 3 * DAY, 2 * DAY, 4 * DAY, 1 * DAY, 3 * DAY, 4 * DAY, 2 * DAY]:
        times += [when, when - 2 * HOUR, when - 5 * HOUR]
        when -= pause
    entries(irregular, times)

    silence.check_all(now)  # three days quiet: usual for it

    gap, since = state(irregular)
    assert since is None and gap >= 3 * 24 * 3600


def test_one_outage_does_not_teach_a_feed_that_silence_is_normal():
    now = this_hour()
    steady = feed()
    before = every(4 * HOUR, until=now - 20 * DAY, span=20 * DAY)
    after = every(4 * HOUR, until=now - 2 * DAY, span=8 * DAY)  # a ten-day outage between them
    entries(steady, before + after)
    silence.check_all(now)
    gap, since = state(steady)
    assert gap == 4 * 3600 and since is not None


def test_a_new_or_rare_feed_is_never_flagged():
    now = this_hour()
    new = feed()
    entries(new, every(HOUR, until=now - 3 * DAY, span=5 * DAY))  # hourly, but only for five days
    rare = feed()
    entries(rare, every(7 * DAY, until=now - 20 * DAY, span=8 * 7 * DAY))  # weekly: too few gaps
    empty = feed()
    silence.check_all(now)
    assert state(new) == (None, None) and state(rare) == (None, None) and state(empty) == (None, None)


def test_a_feed_silent_for_months_is_found_from_its_older_history_and_stays_silent():
    now = this_hour()
    last = now - 200 * DAY
    gone = feed()
    entries(gone, every(12 * HOUR, until=last, span=30 * DAY))
    silence.check_all(now)
    assert state(gone) == (12 * 3600, last + DAY)
    assert silence.check_all(now + DAY).newly_silent == []
    assert state(gone) == (12 * 3600, last + DAY)


def test_a_disabled_feed_is_not_silent():
    now = this_hour()
    regular = feed()
    entries(regular, every(6 * HOUR, until=now - 3 * DAY, span=30 * DAY))
    silence.check_all(now)
    assert state(regular)[1] is not None
    Feed.objects.filter(pk=regular.pk).update(active=False)
    assert silence.check_all(now).cleared == [regular.pk]
    assert state(regular)[1] is None


def test_the_rule_on_plain_values():
    start = this_hour()
    hourly = [start + i * HOUR for i in range(24 * 15)]
    assert silence.usual_gap(hourly) == 3600
    assert silence.quiet_limit(3600) == silence.FLOOR  # never less than the floor
    assert silence.quiet_limit(2 * 86400) == 4 * DAY
    assert silence.usual_gap(hourly[:24 * 10]) is None  # ten days of history: too little
    assert silence.silence_start(start, 3600, start + 11 * HOUR) is None
    assert silence.silence_start(start, 3600, start + 12 * HOUR) == start + 12 * HOUR
