"""The manage page, reached by the signed link every email carries: change what is
followed and when, pause, resume, unsubscribe, and delete the address with its
history. No login; every change is a POST with a CSRF token; a GET changes nothing."""

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from newsmonitor.digests import links
from newsmonitor.digests.models import Delivery, Subscription
from tests.support.subscribing import browser, confirmed, csrf_post, submit

Status = Subscription.Status


@pytest.fixture
def reader(sample, mailoutbox):
    client = browser(language="en")
    subscription, manage = confirmed(client, mailoutbox, "?pair=EG-PK&topic=defence-industry",
                                     time_zone="Africa/Cairo")
    return client, subscription, manage


def status_of(subscription):
    subscription.refresh_from_db()
    return subscription.status


def test_the_manage_link_is_the_one_emails_carry_and_shows_the_subscription(reader):
    client, subscription, manage = reader
    # A link carries the second it was signed: read it back rather than compare it.
    assert links.read(manage.rstrip("/").rsplit("/", 1)[1], links.MANAGE) == subscription.token
    stranger = browser("198.51.100.3", language="en")  # another browser: no session, no cookie
    page = stranger.get(manage)
    html = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"] and "noindex" in page["X-Robots-Tag"]
    assert "reporter@example.org" in html and 'data-status="active"' in html
    assert "Egypt – Pakistan" in html and "Defence industry" in html
    assert 'name="pair" value="EG-PK"' in html and 'value="Africa/Cairo"' in html
    assert status_of(subscription) == Status.ACTIVE


def test_changing_what_is_followed_and_when(reader):
    client, subscription, manage = reader
    page = client.get(manage)
    before = datetime.now(timezone.utc)
    response = submit(client, page, button=("action", "save"), pair="EG-PK, IN-PK", topic=["conflict"],
                      q="حدود", frequency="weekly", weekday="4", hour="9", time_zone="Asia/Karachi",
                      email_language="ar", spike_alerts="on", spike_k="2.5", spike_floor="8")
    assert response.status_code == 302 and response["Location"] == manage
    subscription.refresh_from_db()
    assert subscription.pairs == ["EG-PK", "IN-PK"]
    assert subscription.query == "topic=conflict&q=%D8%AD%D8%AF%D9%88%D8%AF"
    assert (subscription.frequency, subscription.weekday, subscription.hour, subscription.time_zone) == (
        "weekly", 4, 9, "Asia/Karachi")
    assert (subscription.language, subscription.spike_alerts, subscription.spike_k, subscription.spike_floor) == (
        "ar", True, 2.5, 8)
    due = subscription.next_due_at.astimezone(ZoneInfo("Asia/Karachi"))
    assert (due.weekday(), due.hour, due.minute) == (4, 9, 0) and timedelta(0) < subscription.next_due_at - before <= timedelta(days=7)
    assert subscription.status == Status.ACTIVE and subscription.sent_through < before  # what was sent stays sent
    # The page says so (in the subscription's language now, as no language was chosen on the site).
    shown = browser("198.51.100.3").get(manage).content.decode()
    assert "مصر – الهند" not in shown and "الهند – باكستان" in shown and 'lang="ar" dir="rtl"' in shown
    assert "Your changes are saved." in client.get(manage).content.decode()


def test_a_bad_change_is_refused_and_changes_nothing(reader):
    client, subscription, manage = reader
    response = submit(client, client.get(manage), button=("action", "save"), pair="XX-YY", time_zone="Nowhere")
    assert response.status_code == 400
    html = response.content.decode().replace("&#x27;", "'")
    assert "'XX-YY': not a pair of countries" in html and "'Nowhere' is not a time zone we know" in html
    subscription.refresh_from_db()
    assert subscription.pairs == ["EG-PK"] and subscription.time_zone == "Africa/Cairo"


def test_pause_and_resume(reader):
    client, subscription, manage = reader
    waiting = Delivery.objects.create(subscription=subscription, kind=Delivery.Kind.DIGEST,
                                      period_end=datetime.now(timezone.utc), status=Delivery.Status.FAILED)
    response = csrf_post(client, manage, {"action": "pause"})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.status == Status.PAUSED and subscription.next_due_at is None
    waiting.refresh_from_db()
    assert waiting.status == Delivery.Status.CANCELLED  # a failed digest is not retried while paused
    page = client.get(manage).content.decode()
    assert "Paused: nothing is sent until you resume." in page and 'data-status="paused"' in page
    assert csrf_post(client, manage, {"action": "pause"}).status_code == 302  # again: no harm
    before = datetime.now(timezone.utc)
    csrf_post(client, manage, {"action": "resume"})
    subscription.refresh_from_db()
    assert subscription.status == Status.ACTIVE
    assert subscription.sent_through >= before  # what appeared during the pause is not mailed in a heap
    assert subscription.next_due_at > before


def test_unsubscribe_and_subscribe_again_from_the_manage_page(reader):
    client, subscription, manage = reader
    csrf_post(client, manage, {"action": "unsubscribe"})
    assert status_of(subscription) == Status.UNSUBSCRIBED
    subscription.refresh_from_db()
    assert subscription.next_due_at is None
    page = client.get(manage).content.decode()
    assert "Unsubscribed: nothing more is sent for this view." in page and 'data-status="unsubscribed"' in page
    csrf_post(client, manage, {"action": "resume"})
    assert status_of(subscription) == Status.ACTIVE


def test_unsubscribe_from_everything(reader, mailoutbox):
    client, subscription, manage = reader
    other, _other_manage = confirmed(client, mailoutbox, "?country=SA&topic=energy")
    elsewhere, _ = confirmed(browser("198.51.100.4"), mailoutbox, "?pair=EG-PK", email="someone@example.org")
    page = client.get(manage).content.decode()
    assert "Other views this address follows" in page and "Saudi Arabia" in page
    csrf_post(client, manage, {"action": "unsubscribe_all"})
    assert status_of(subscription) == status_of(other) == Status.UNSUBSCRIBED
    assert status_of(elsewhere) == Status.ACTIVE
    assert "Unsubscribed from 2 views" in client.get(manage).content.decode()


def test_deleting_the_address_and_its_history(reader, mailoutbox):
    client, subscription, manage = reader
    second, _ = confirmed(client, mailoutbox, "?pair=IN-PK", email="Reporter@Example.org")
    elsewhere, _ = confirmed(browser("198.51.100.4"), mailoutbox, "?pair=EG-PK", email="someone@example.org")
    assert Delivery.objects.filter(subscription__in=[subscription, second]).count() == 2  # the confirmations
    # Without the box ticked: nothing is deleted, and the page says why.
    unsure = csrf_post(client, manage, {"action": "delete"})
    assert unsure.status_code == 302 and Subscription.objects.count() == 3
    assert "Tick the box" in client.get(manage).content.decode()
    done = csrf_post(client, manage, {"action": "delete", "sure": "1"})
    assert done.status_code == 200
    html = done.content.decode()
    assert "reporter@example.org" in html and "2 subscriptions are deleted" in html
    assert list(Subscription.objects.all()) == [elsewhere]
    assert list(Delivery.objects.values_list("subscription", flat=True)) == [elsewhere.pk]
    # The links of earlier emails lead nowhere now.
    gone = client.get(manage)
    assert gone.status_code == 410 and "This subscription no longer exists" in gone.content.decode()


def test_every_change_needs_the_csrf_token(reader):
    client, subscription, manage = reader
    forged = browser("203.0.113.66")
    for action in ("pause", "unsubscribe", "unsubscribe_all", "delete"):
        assert forged.post(manage, {"action": action, "sure": "1"}).status_code == 403
    assert status_of(subscription) == Status.ACTIVE


def test_a_get_changes_nothing(reader):
    client, subscription, manage = reader
    for query in ("", "?action=pause", "?action=delete&sure=1", "?action=unsubscribe"):
        assert client.get(manage + query).status_code == 200
    assert status_of(subscription) == Status.ACTIVE


def test_altered_and_borrowed_links_are_refused(reader):
    client, subscription, manage = reader
    signed = manage.rstrip("/").rsplit("/", 1)[1]
    altered = manage.replace(signed, signed[:-1] + ("A" if signed[-1] != "A" else "B"))
    assert client.get(altered).status_code == 400
    confirm_link = links.sign(subscription, links.CONFIRM)  # a link made for something else
    assert client.get(f"/subscriptions/manage/{confirm_link}/").status_code == 400
    made_up = re.sub(r"[A-Za-z]", "x", signed)
    assert client.get(f"/subscriptions/manage/{made_up}/").status_code == 400
