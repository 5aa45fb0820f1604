"""Staff who asked for it get an email about newly silent sources, through a real SMTP
server, in their own language; nobody else does; each silence is told once, and a new
silence after the feed spoke again is told again."""

from datetime import timedelta

import pytest
from django.db import connection

from newsmonitor.workbench import notices, silence
from newsmonitor.workbench.models import AlertPreference, SilenceNotice
from tests.support.mailing import SITE
from tests.support.smtp import header, parts
from tests.support.worker import WorkerProcess, wait_for
from tests.workbench.feed_history import entries, every, feed, staff, this_hour

HOUR, DAY = timedelta(hours=1), timedelta(days=1)


def asks(user, language, wanted=True):
    AlertPreference.objects.create(user=user, silent_sources=wanted, language=language)
    return user


def fell_silent(title, now):
    """A feed that published every six hours for a month and stopped two days ago."""
    made = feed(title)
    entries(made, every(6 * HOUR, until=now - 2 * DAY, span=30 * DAY))
    return made


@pytest.mark.django_db
@pytest.mark.core
def test_who_asked_is_told_once_in_their_language(mail_settings, smtp_server):
    now = this_hour()
    alice = asks(staff("alice", "feeds.view_feed"), "en")
    badr = asks(staff("badr", "feeds.view_feed"), "ar")
    asks(staff("carol", "feeds.view_feed"), "en", wanted=False)  # asked not to be
    staff("dina", "feeds.view_feed")  # never said
    asks(staff("eve"), "en")  # may not see feeds
    asks(staff("frank", "feeds.view_feed", email=""), "en")  # no address
    quiet = fell_silent("نشرة الحدود", now)
    silence.check_all(now)

    assert sorted(notices.send_due(now).values()) == ["sent", "sent"]

    assert sorted(to for _sender, [to] in smtp_server.envelopes) == [alice.email, badr.email]
    [english] = smtp_server.to(alice.email)
    text, html = parts(english)
    assert header(english, "Subject") == "Silent source: نشرة الحدود"
    assert english["Content-Language"] == "en" and '<html lang="en" dir="ltr">' in html
    assert "These sources" not in text and "This source has published nothing" in text
    quiet.refresh_from_db()
    assert f"Silent since: {quiet.silent_since:%Y-%m-%d %H:%M} UTC" in text
    assert f"{SITE}/admin/feeds/feed/{quiet.pk}/change/" in text and quiet.url in text
    assert "Usual longest quiet spell: 6" in text
    assert f"{SITE}/admin/workbench/alertpreference/" in text  # how to stop them

    [arabic] = smtp_server.to(badr.email)
    text, html = parts(arabic)
    assert header(arabic, "Subject") == "مصدر صامت: نشرة الحدود"
    assert arabic["Content-Language"] == "ar" and '<html lang="ar" dir="rtl">' in html
    assert "صامتة منذ" in text and "Silent since" not in text

    # Told once: later runs, and later checks of the same silence, send nothing.
    assert notices.send_due(now + HOUR) == {}
    silence.check_all(now + 3 * HOUR)
    assert notices.send_due(now + 3 * HOUR) == {}
    assert len(smtp_server.messages) == 2

    # The feed speaks again, then falls silent again: a new silence, told again.
    entries(quiet, every(6 * HOUR, until=now + 4 * DAY, span=DAY))
    silence.check_all(now + 4 * DAY + HOUR)
    quiet.refresh_from_db()
    assert quiet.silent_since is None
    silence.check_all(now + 6 * DAY)
    assert sorted(notices.send_due(now + 6 * DAY).values()) == ["sent", "sent"]
    assert len(smtp_server.messages) == 4
    assert SilenceNotice.objects.filter(status="sent").count() == 4


@pytest.mark.django_db
@pytest.mark.core
def test_several_silences_go_in_one_email_and_an_old_one_is_not_news(mail_settings, smtp_server):
    now = this_hour()
    alice = asks(staff("alice", "feeds.view_feed"), "en")
    fell_silent("نشرة أولى", now)
    fell_silent("نشرة ثانية", now)
    ancient = feed("نشرة قديمة")
    entries(ancient, every(6 * HOUR, until=now - 90 * DAY, span=30 * DAY))  # silent for months: not news
    silence.check_all(now)

    notices.send_due(now)

    [message] = smtp_server.to(alice.email)
    text, _html = parts(message)
    assert header(message, "Subject") == "2 silent sources"
    assert "نشرة أولى" in text and "نشرة ثانية" in text and "نشرة قديمة" not in text


@pytest.mark.core
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_hourly_task_finds_and_tells_through_a_real_worker(mail_settings, smtp_server):
    from newsmonitor.tasks import check_silence

    now = this_hour()
    alice = asks(staff("alice", "feeds.view_feed"), "en")
    fell_silent("نشرة الحدود", now)
    worker = WorkerProcess(queues=("tag", "mail"), extra_env={
        "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_server.port), "EMAIL_USE_TLS": "false", "SITE_ROOT": SITE})
    worker.start()
    try:
        connection.close()  # the worker's processes have their own connections
        check_silence.delay()
        wait_for(lambda: smtp_server.to(alice.email), message="the email about the silent feed")
        wait_for(lambda: SilenceNotice.objects.filter(status="sent").exists(), message="the notice recorded")
    finally:
        worker.stop()
    assert len(smtp_server.messages) == 1
