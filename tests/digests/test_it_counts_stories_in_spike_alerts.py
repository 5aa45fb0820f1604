"""Spike alerts count stories by default, as the timelines do: a day when ten outlets
carry one event is one story, no spike; a subscription that counts articles
(count=articles) is told of it. A day of many new stories is a spike either way."""

from datetime import datetime, time, timedelta, timezone as dt_timezone

import pytest
from django.utils import timezone

from newsmonitor.digests import sending, spikes
from newsmonitor.digests.models import Delivery
from tests.support.mailing import subscriber, tagged
from tests.support.smtp import header, parts
from tests.support.story_rows import make_story

pytestmark = [pytest.mark.core, pytest.mark.django_db]


def at(day, hour=10, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=dt_timezone.utc)


@pytest.fixture
def quiet_month():
    yesterday = timezone.now().date() - timedelta(days=1)
    for days in range(1, 31):
        tagged(f"خبر عادي {days} عن مصر وباكستان", when=at(yesterday - timedelta(days=days), 8))
    return yesterday


def alerted(**fields):
    return subscriber(spike_alerts=True, spike_k=3, spike_floor=5, due=timezone.now() + timedelta(hours=5), **fields)


def test_ten_copies_of_one_event_are_no_spike_of_stories(mail_settings, smtp_server, quiet_month):
    yesterday = quiet_month
    copies = [tagged(f"مصر وباكستان: زيارة تاريخية {i}", when=at(yesterday, 6, 5 * i), outlet=i % 3) for i in range(10)]
    make_story(*copies)
    assert spikes.pair_stats([("EG", "PK")], yesterday)[("EG", "PK")][0] == 1
    assert spikes.pair_stats([("EG", "PK")], yesterday, "articles")[("EG", "PK")][0] == 10
    alerted(email="stories@example.net", language="en")
    counter = alerted(email="articles@example.net", language="en", query="count=articles")
    sending.due_deliveries(timezone.now())
    [delivery] = Delivery.objects.all()
    assert delivery.subscription == counter and delivery.kind == "alert"
    assert sending.send(delivery.pk) == "sent"
    [message] = smtp_server.messages
    text, _html = parts(message)
    assert header(message, "Subject") == f"Spike in coverage: Egypt – Pakistan, {yesterday} (10 articles)"
    assert f"had 10 articles on {yesterday}" in text
    assert all(f"/articles/{copy.pk}/" in text for copy in copies)


def test_a_day_of_many_new_stories_is_a_spike_of_stories(mail_settings, smtp_server, quiet_month):
    yesterday = quiet_month
    events = [tagged(f"مصر وباكستان: حدث {i}", when=at(yesterday, 6 + i), outlet=i % 3) for i in range(6)]
    copy = tagged("مصر وباكستان: نسخة من الحدث 0", when=at(yesterday, 20), outlet=2)
    make_story(events[0], copy)
    reader = alerted(email="reader@example.net", language="en")
    sending.due_deliveries(timezone.now())
    [delivery] = Delivery.objects.all()
    assert delivery.subscription == reader
    sending.send(delivery.pk)
    [message] = smtp_server.messages
    text, html = parts(message)
    assert header(message, "Subject") == f"Spike in coverage: Egypt – Pakistan, {yesterday} (6 stories)"
    assert f"Egypt – Pakistan had 6 new stories on {yesterday} (UTC)" in text
    assert "== Egypt – Pakistan · 6 stories · 7 articles ==" in text
    assert f"/articles/{events[0].pk}/" in html and f"/articles/{copy.pk}/" not in html
    assert "Also in: الخليج الإخبارية" in text
