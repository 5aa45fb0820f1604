"""A period with no matching article sends nothing (a setting can change that), and
still moves on; an instant subscription is not even given a delivery until there is
something to send."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsmonitor.digests import sending
from newsmonitor.digests.models import Delivery
from tests.support.mailing import subscriber, tagged
from tests.support.smtp import header, parts

pytestmark = [pytest.mark.core, pytest.mark.django_db]


def test_an_empty_period_sends_nothing_and_moves_on(mail_settings, smtp_server):
    tagged("الهند وباكستان: توتر على الحدود", pair=("IN", "PK"))  # not followed
    tagged("مصر وباكستان: خبر قديم", tagged_at=timezone.now() - timedelta(days=3))  # before the period
    sub = subscriber()
    [pk] = sending.due_deliveries(timezone.now())
    assert sending.send(pk) == "empty"
    assert smtp_server.messages == []
    delivery = Delivery.objects.get()
    assert delivery.status == "empty" and delivery.articles == 0
    sub.refresh_from_db()
    assert sub.sent_through == delivery.period_end and sub.next_due_at > timezone.now()


def test_a_setting_sends_empty_periods_too(mail_settings, smtp_server):
    mail_settings.NEWSMONITOR_DIGEST_SEND_EMPTY = True
    subscriber(language="en")
    [pk] = sending.due_deliveries(timezone.now())
    assert sending.send(pk) == "sent"
    [message] = smtp_server.messages
    text, html = parts(message)
    assert header(message, "Subject") == "No new articles: Egypt – Pakistan"
    assert "No new article matched this view in this period." in text
    assert header(message, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"


def test_an_instant_subscription_gets_a_delivery_only_when_there_is_news(mail_settings, smtp_server):
    tagged("الهند وباكستان: توتر على الحدود", pair=("IN", "PK"))
    sub = subscriber(frequency="instant", since=timezone.now() - timedelta(minutes=30))
    assert sending.due_deliveries(timezone.now()) == []
    assert Delivery.objects.count() == 0
    article = tagged("مصر وباكستان تبحثان التصنيع العسكري", tagged_at=timezone.now() - timedelta(minutes=2))
    [pk] = sending.due_deliveries(timezone.now())
    assert sending.send(pk) == "sent"
    assert article.title in parts(smtp_server.messages[0])[0]
    sub.refresh_from_db()
    assert sub.next_due_at <= timezone.now()  # instant: looked at again next minute
    assert sending.due_deliveries(timezone.now()) == []  # nothing new since
