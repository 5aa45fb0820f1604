"""Subscribing from a pair timeline: the view's filters fill the form, one
confirmation email is sent (text and HTML, in the chosen language, with a signed
link), a GET of the link changes nothing, a POST confirms and schedules the first
digest, an expired or altered link is refused, and the page after subscribing is the
same whether the address is known or not."""

import re
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core import signing

from newsmonitor.digests import links
from newsmonitor.digests.models import Delivery, Subscription
from tests.support.subscribing import browser, csrf_post, link, parts, submit

VIEW = "/pairs/EG-PK/?topic=defence-industry&from=2025-01-01&interval=week&mode=split"


def subscribe_from_the_timeline(client, email="reporter@example.org", **changes):
    timeline = client.get(VIEW)
    href = re.search(r'<a href="([^"]+)" data-subscribe-link>', timeline.content.decode()).group(1)
    form = client.get(href.replace("&amp;", "&"))
    assert form.status_code == 200
    return submit(client, form, email=email, time_zone="Africa/Cairo", **changes)


def without_tokens(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_the_timeline_offers_its_view_by_email_without_dates_or_chart_settings(client, sample):
    html = client.get(VIEW).content.decode()
    href = re.search(r'<a href="([^"]+)" data-subscribe-link>', html).group(1).replace("&amp;", "&")
    assert urlsplit(href).path == "/subscribe/"
    assert parse_qsl(urlsplit(href).query) == [("pair", "EG-PK"), ("topic", "defence-industry")]
    form = client.get(href, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="pair" value="EG-PK"' in form and "Egypt – Pakistan" in form
    assert re.search(r'<input type="checkbox" name="topic" value="defence-industry"[^>]* checked', form)


def test_subscribing_sends_one_confirmation_and_nothing_else(sample, mailoutbox):
    client = browser(language="ar")
    response = subscribe_from_the_timeline(client)
    assert response.status_code == 200
    assert "reporter@example.org" in response.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.PENDING
    assert (subscription.pairs, subscription.countries, subscription.query) == (["EG-PK"], [], "topic=defence-industry")
    assert (subscription.frequency, subscription.hour, subscription.time_zone, subscription.language) == (
        "daily", 7, "Africa/Cairo", "ar")
    assert subscription.next_due_at is None and subscription.sent_through is None  # nothing is due before confirming
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["reporter@example.org"]
    text, html = parts(message)
    assert re.search(r'<html lang="ar" dir="rtl">', html)
    assert "مصر – باكستان" in text and "مصر – باكستان" in html  # the selection, in the email's language
    assert "<img" not in html and "<style" not in html  # readable without images, inline CSS only
    assert link(message, "confirm").startswith("/subscriptions/confirm/")
    assert "manage" not in links_of(text) and "unsubscribe" not in links_of(text)
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    mime = message.message()
    assert mime.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in mime.get_payload()] == ["text/plain", "text/html"]
    sent = Delivery.objects.get()
    assert (sent.subscription, sent.kind, sent.status, sent.message_id) == (
        subscription, Delivery.Kind.CONFIRM, Delivery.Status.SENT, message.extra_headers["Message-ID"])


def links_of(text):
    return {m.group(1) for m in re.finditer(r"/subscriptions/(\w+)/", text)}


def test_an_english_subscription_gets_an_english_left_to_right_email(sample, mailoutbox):
    subscribe_from_the_timeline(browser(language="ar"), email_language="en")
    text, html = parts(mailoutbox[0])
    assert mailoutbox[0].subject == "Confirm your newsmonitor subscription"
    assert re.search(r'<html lang="en" dir="ltr">', html)
    assert "Egypt – Pakistan" in text and "Defence industry" in text.replace("Defense", "Defence")


def test_a_get_of_the_link_changes_nothing_and_a_post_confirms(sample, mailoutbox):
    client = browser()
    subscribe_from_the_timeline(client)
    path = link(mailoutbox[0], "confirm")
    scanner = browser("198.51.100.7")  # a mail scanner following the link, no cookies
    for _ in range(2):
        page = scanner.get(path)
        assert page.status_code == 200 and "Cache-Control" in page and "no-store" in page["Cache-Control"]
        assert scanner.head(path).status_code == 200
    assert Subscription.objects.get().status == Subscription.Status.PENDING
    before = datetime.now(timezone.utc)
    confirmed = csrf_post(client, path)
    assert confirmed.status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.ACTIVE
    assert subscription.confirmed_at >= before and subscription.sent_through == subscription.confirmed_at
    # Daily at 07:00 in Cairo: the next such moment after confirming.
    due = subscription.next_due_at.astimezone(ZoneInfo("Africa/Cairo"))
    assert (due.hour, due.minute) == (7, 0) and timedelta(0) < subscription.next_due_at - before <= timedelta(days=1)
    manage = re.search(r'<a href="([^"]+)" data-manage-link>', confirmed.content.decode()).group(1)
    # A link carries the second it was signed: read it back rather than compare it.
    assert manage.startswith("/subscriptions/manage/")
    assert links.read(manage.rstrip("/").rsplit("/", 1)[1], links.MANAGE) == subscription.token
    # A second POST (a double click) changes nothing: the first digest still starts then.
    again = csrf_post(client, path)
    assert again.status_code == 200 and Subscription.objects.get().sent_through == subscription.sent_through
    assert len(mailoutbox) == 1  # confirming sends nothing more


def test_an_expired_link_is_refused_and_offers_to_subscribe_again(sample, mailoutbox, monkeypatch):
    client = browser()
    subscribe_from_the_timeline(client)
    subscription = Subscription.objects.get()
    four_days_ago = time.time() - 4 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: four_days_ago)
    old = links.url(subscription, links.CONFIRM)
    monkeypatch.undo()
    path = urlsplit(old).path
    page = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 410
    assert "This link has expired" in page.content.decode()
    assert 'href="/subscribe/?pair=EG-PK&amp;topic=defence-industry"' in page.content.decode()
    refused = client.post(path, {"csrfmiddlewaretoken": re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)})
    assert refused.status_code == 410
    assert Subscription.objects.get().status == Subscription.Status.PENDING


@pytest.mark.parametrize("alter", [
    lambda path: path[:-6] + ("A" if path[-6] != "A" else "B") + path[-5:],  # one character of the signature
    lambda path: path.replace("/confirm/", "/confirm/x"),
])
def test_an_altered_link_is_refused(sample, mailoutbox, alter):
    client = browser()
    subscribe_from_the_timeline(client)
    path = alter(link(mailoutbox[0], "confirm"))
    page = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400 and "This link is not valid" in page.content.decode()
    assert Subscription.objects.get().status == Subscription.Status.PENDING


def test_a_link_for_another_purpose_confirms_nothing(sample, mailoutbox):
    client = browser()
    subscribe_from_the_timeline(client)
    unsubscribe = links.sign(Subscription.objects.get(), links.UNSUBSCRIBE)
    assert client.get(f"/subscriptions/confirm/{unsubscribe}/").status_code == 400


def test_the_answer_is_the_same_for_a_known_address(sample, mailoutbox):
    client = browser()
    first = subscribe_from_the_timeline(client, email="known@example.org")
    csrf_post(client, link(mailoutbox[0], "confirm"))
    active = Subscription.objects.get()
    # Someone asks again for the same view, with other settings: the page is the same
    # as for an address never seen; the owner is told by email, nothing changes.
    stranger = browser("203.0.113.5")
    again = subscribe_from_the_timeline(stranger, email="known@example.org", frequency="instant", email_language="en")
    unknown = subscribe_from_the_timeline(browser("203.0.113.6"), email="known@example.net", frequency="instant")
    assert again.status_code == unknown.status_code == first.status_code == 200
    assert without_tokens(again).replace("known@example.org", "ADDRESS") == \
        without_tokens(unknown).replace("known@example.net", "ADDRESS")
    assert Subscription.objects.filter(email="known@example.org").count() == 1
    active.refresh_from_db()
    assert (active.status, active.frequency) == (Subscription.Status.ACTIVE, "daily")
    note = mailoutbox[1]
    assert note.to == ["known@example.org"] and note.subject == "You already follow this view on newsmonitor"
    assert link(note, "manage") and "confirm" not in links_of(parts(note)[0])


def test_asking_again_before_confirming_reuses_the_waiting_subscription(sample, mailoutbox):
    client = browser()
    subscribe_from_the_timeline(client)
    subscribe_from_the_timeline(client, email="Reporter@EXAMPLE.org", frequency="weekly")
    subscription = Subscription.objects.get()
    assert subscription.frequency == "weekly" and subscription.status == Subscription.Status.PENDING
    assert len(mailoutbox) == 2 and link(mailoutbox[0], "confirm") != "" and link(mailoutbox[1], "confirm")
    # Either link confirms the one subscription.
    csrf_post(client, link(mailoutbox[0], "confirm"))
    assert Subscription.objects.get().status == Subscription.Status.ACTIVE


def test_a_failed_confirmation_is_recorded_and_said(sample, mailoutbox, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    response = subscribe_from_the_timeline(browser())
    assert response.status_code == 503 and "could not be sent" in response.content.decode()
    failed = Delivery.objects.get()
    assert failed.kind == Delivery.Kind.CONFIRM and failed.status == Delivery.Status.FAILED
    assert "ConnectionRefusedError" in failed.last_error or "Errno" in failed.last_error
