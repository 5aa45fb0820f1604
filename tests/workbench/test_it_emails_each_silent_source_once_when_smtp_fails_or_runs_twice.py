"""A silence is told to each person once, whatever happens on the way: a refused email
is tried again later and then sent once; notices another worker holds are left to it
until its lease ends; a person who stops asking, or a feed that speaks again before
the email goes out, gets nothing sent."""

from datetime import timedelta

import pytest

from newsmonitor.workbench import notices, silence
from newsmonitor.workbench.models import AlertPreference, SilenceNotice
from tests.workbench.feed_history import entries, every, feed, staff, this_hour

pytestmark = [pytest.mark.django_db, pytest.mark.core]
HOUR, DAY = timedelta(hours=1), timedelta(days=1)


@pytest.fixture
def alice():
    user = staff("alice", "feeds.view_feed")
    AlertPreference.objects.create(user=user, silent_sources=True, language="en")
    return user


def silent_feed(now):
    made = feed()
    entries(made, every(6 * HOUR, until=now - 2 * DAY, span=30 * DAY))
    silence.check_all(now)
    return made


def test_a_refused_email_is_sent_once_on_a_later_run(mail_settings, smtp_server, alice):
    now = this_hour()
    silent_feed(now)
    smtp_server.fail_next(1, code=451)

    assert notices.send_due(now) == {alice.pk: "failed"}
    notice = SilenceNotice.objects.get()
    assert notice.status == "failed" and "451" in notice.error and notice.next_attempt_at > now
    assert notices.send_due(now + timedelta(seconds=10)) == {}  # not before its wait

    assert notices.send_due(now + DAY) == {alice.pk: "sent"}
    assert notices.send_due(now + 2 * DAY) == {}
    assert len(smtp_server.to(alice.email)) == 1 and smtp_server.attempts == 2


def test_notices_another_worker_holds_are_left_to_it_until_its_lease_ends(mail_settings, smtp_server, alice):
    now = this_hour()
    silent_feed(now)
    notices.make_notices(now)
    held = notices.claim(alice.pk, now)  # a worker took them, then died before sending

    assert held and notices.send_due(now + timedelta(minutes=1)) == {}
    assert smtp_server.messages == []
    assert notices.send_due(now + notices.LEASE + timedelta(seconds=1)) == {alice.pk: "sent"}
    assert notices.send_due(now + 2 * notices.LEASE) == {}
    assert len(smtp_server.messages) == 1


def test_nothing_is_sent_to_who_stopped_asking_or_about_a_feed_that_spoke_again(mail_settings, smtp_server, alice):
    now = this_hour()
    talkative = silent_feed(now)
    notices.make_notices(now)
    entries(talkative, [now + HOUR])
    silence.check_all(now + 2 * HOUR)  # it spoke again before the email went out
    assert notices.send_due(now + 2 * HOUR) == {alice.pk: "cancelled"}

    other = silent_feed(now + 2 * HOUR)
    notices.make_notices(now + 2 * HOUR)
    AlertPreference.objects.filter(user=alice).update(silent_sources=False)
    assert notices.send_due(now + 3 * HOUR) == {alice.pk: "cancelled"}
    assert smtp_server.messages == []
    assert set(SilenceNotice.objects.values_list("feed_id", "status")) == {(talkative.pk, "cancelled"),
                                                                           (other.pk, "cancelled")}
