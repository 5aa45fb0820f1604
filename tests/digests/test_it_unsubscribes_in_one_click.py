"""One-click unsubscribe (RFC 8058): a POST of "List-Unsubscribe=One-Click" to the
link unsubscribes, with no login, cookie or CSRF token, and answers 200 however often
it comes; a GET or HEAD (a mail scanner following the link) changes nothing; an
altered link is refused. After it, nothing is due and no unsent digest goes out."""

from datetime import datetime, timezone
from urllib.parse import urlsplit

import pytest

from newsmonitor.digests import links
from newsmonitor.digests.models import Delivery, Subscription
from tests.support.subscribing import browser, confirmed

Status = Subscription.Status
ONE_CLICK = "List-Unsubscribe=One-Click"


@pytest.fixture
def subscription(sample, mailoutbox):
    subscription, _manage = confirmed(browser(), mailoutbox, "?pair=EG-PK&topic=defence-industry")
    return subscription


def one_click(path, body=ONE_CLICK):
    """The mail provider's POST: its own client, no cookies, no token."""
    return browser("203.0.113.200").post(path, body, content_type="application/x-www-form-urlencoded")


def path_of(subscription):
    url = links.url(subscription, links.UNSUBSCRIBE)
    assert url.startswith(("http://", "https://")) and "/subscriptions/unsubscribe/" in url
    return urlsplit(url).path


def test_a_post_unsubscribes_without_a_csrf_token_and_again_is_harmless(subscription):
    waiting = Delivery.objects.create(subscription=subscription, kind=Delivery.Kind.DIGEST,
                                      period_end=datetime.now(timezone.utc))
    path = path_of(subscription)
    first = one_click(path)
    assert first.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Status.UNSUBSCRIBED and subscription.next_due_at is None
    waiting.refresh_from_db()
    assert waiting.status == Delivery.Status.CANCELLED  # the digest not yet sent never goes
    changed = subscription.changed_at
    second = one_click(path)
    assert second.status_code == 200 and "You are unsubscribed" in second.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Status.UNSUBSCRIBED and subscription.changed_at == changed


def test_any_post_body_unsubscribes(subscription):
    """A client that posts nothing, or something else, meant it all the same."""
    assert one_click(path_of(subscription), body="").status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Status.UNSUBSCRIBED


def test_a_get_or_head_changes_nothing(subscription):
    path = path_of(subscription)
    scanner = browser("203.0.113.201")
    page = scanner.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<form method="post" action="%s">' % path in html and 'name="List-Unsubscribe" value="One-Click"' in html
    assert "csrfmiddlewaretoken" not in html.split("<main", 1)[1]  # the button works without a token too
    assert scanner.head(path).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Status.ACTIVE


def test_the_pages_button_unsubscribes(subscription):
    path = path_of(subscription)
    reader = browser("192.0.2.77")
    reader.get(path)
    done = reader.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "Nothing more is sent to" in done.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Status.UNSUBSCRIBED


def test_everything_for_the_address_can_stop_from_the_same_link(subscription, mailoutbox):
    other, _ = confirmed(browser(), mailoutbox, "?country=SA")
    elsewhere, _ = confirmed(browser("192.0.2.9"), mailoutbox, "?pair=EG-PK", email="someone@example.org")
    path = path_of(subscription)
    assert "This address follows 1 other view." in browser().get(path).content.decode()
    done = browser().post(path, {"scope": "all"})
    assert done.status_code == 200
    for s in (subscription, other):
        s.refresh_from_db()
        assert s.status == Status.UNSUBSCRIBED
    elsewhere.refresh_from_db()
    assert elsewhere.status == Status.ACTIVE


@pytest.mark.parametrize("alter", ["signature", "purpose", "garbage"])
def test_an_altered_link_is_refused(subscription, alter):
    signed = links.sign(subscription, links.UNSUBSCRIBE)
    if alter == "signature":
        signed = signed[:-1] + ("A" if signed[-1] != "A" else "B")
    elif alter == "purpose":
        signed = links.sign(subscription, links.MANAGE)
    else:
        signed = "not-a-link"
    path = f"/subscriptions/unsubscribe/{signed}/"
    assert one_click(path).status_code == 400
    assert browser().get(path).status_code == 400
    subscription.refresh_from_db()
    assert subscription.status == Status.ACTIVE


def test_a_deleted_subscription_answers_that_nothing_will_be_sent(subscription):
    path = path_of(subscription)
    Subscription.objects.filter(pk=subscription.pk).delete()
    response = one_click(path)
    assert response.status_code == 200 and "Nothing more will be sent" in response.content.decode()
