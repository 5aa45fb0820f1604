"""An SMTP failure never loses a period: the delivery stays open with the server's
error for the admin, is tried again after a growing wait, and the subscription's
period does not move until it is sent. Against a real SMTP server that refuses,
then recovers (or is not there at all)."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from newsmonitor.digests import sending
from newsmonitor.digests.models import Delivery
from tests.support.mailing import subscriber, tagged
from tests.support.smtp import parts

pytestmark = [pytest.mark.core, pytest.mark.django_db]


def test_a_refused_digest_is_kept_and_sent_when_the_server_recovers(mail_settings, smtp_server):
    first = tagged("مصر وباكستان تبحثان التصنيع العسكري")
    sub = subscriber()
    before = (sub.sent_through, sub.next_due_at)
    smtp_server.fail_next(2, code=451)

    now = timezone.now()
    [pk] = sending.due_deliveries(now)
    assert sending.send(pk, now=now) == "failed"
    delivery = Delivery.objects.get()
    assert delivery.status == "failed" and delivery.attempts == 1
    assert "451" in delivery.last_error and "try again later" in delivery.last_error
    wait = delivery.next_attempt_at - now
    assert timedelta(seconds=40) < wait < timedelta(seconds=80)  # the first wait, with jitter
    sub.refresh_from_db()
    assert (sub.sent_through, sub.next_due_at) == before  # the period has not moved

    # Not before its time: neither the dispatcher nor a stray task sends it early.
    assert sending.due_deliveries(now + timedelta(seconds=20)) == []
    assert sending.send(pk, now=now + timedelta(seconds=20)) == "skipped"

    # Its time comes: queued again, refused again, and the wait doubles.
    later = delivery.next_attempt_at + timedelta(seconds=1)
    assert sending.due_deliveries(later) == [pk]
    assert sending.send(pk, now=later) == "failed"
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and timedelta(seconds=90) < delivery.next_attempt_at - later < timedelta(seconds=150)

    # An article that arrives meanwhile belongs to the next period, not this one.
    second = tagged("مصر وباكستان: معرض للصناعات الدفاعية", tagged_at=timezone.now() + timedelta(minutes=5))

    # The server recovers: the same period, once, with its articles.
    again = delivery.next_attempt_at + timedelta(seconds=1)
    assert sending.due_deliveries(again) == [pk]
    assert sending.send(pk, now=again) == "sent"
    [message] = smtp_server.messages
    text, _html = parts(message)
    assert first.title in text and second.title not in text
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.attempts == 3 and delivery.last_error  # the history stays
    assert smtp_server.attempts == 3
    sub.refresh_from_db()
    assert sub.sent_through == delivery.period_end and sub.next_due_at > delivery.period_end


def test_a_permanent_refusal_is_retried_too_never_skipped(mail_settings, smtp_server):
    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    subscriber()
    smtp_server.fail_next(1, code=550)
    now = timezone.now()
    [pk] = sending.due_deliveries(now)
    assert sending.send(pk, now=now) == "failed"
    assert "550" in Delivery.objects.get().last_error
    # No new period is made while this one is open.
    assert sending.due_deliveries(now + timedelta(days=2)) == [pk]
    assert Delivery.objects.count() == 1
    assert sending.send(pk, now=now + timedelta(days=2)) == "sent"


def test_a_server_that_is_not_there_fails_the_batch_at_once_with_its_error(mail_settings, smtp_server,
                                                                            monkeypatch):
    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    for _ in range(3):
        subscriber()
    smtp_server.stop()
    tries = []
    open_connection = sending.get_connection().__class__.open
    monkeypatch.setattr("django.core.mail.backends.smtp.EmailBackend.open",
                        lambda self: tries.append(1) or open_connection(self))
    results = sending.send_batch(sending.due_deliveries(timezone.now()))
    assert list(results.values()) == ["failed"] * 3
    assert len(tries) == 1  # one try at connecting, not one per subscriber
    assert {d.last_error.split(":")[0] for d in Delivery.objects.all()} == {"ConnectionRefusedError"}
    assert all(d.next_attempt_at > timezone.now() for d in Delivery.objects.all())


def test_one_refusal_in_a_batch_holds_back_only_its_own_digest(mail_settings, smtp_server):
    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    subs = [subscriber() for _ in range(4)]
    smtp_server.fail_next(1, code=452)
    results = sending.send_batch(sending.due_deliveries(timezone.now()))
    assert sorted(results.values()) == ["failed", "sent", "sent", "sent"]
    assert len(smtp_server.messages) == 3
    failed = Delivery.objects.get(status="failed")
    assert failed.subscription == subs[0] and "452" in failed.last_error


def test_the_wait_grows_to_a_cap_with_jitter():
    rng = random.Random(7)
    waits = [sending.backoff(n, rng) for n in range(1, 20)]
    assert 48 <= waits[0] <= 72 and 96 <= waits[1] <= 144
    assert all(w <= sending.BACKOFF_MAX * 1.2 for w in waits)
    assert waits[-1] >= sending.BACKOFF_MAX * 0.8


def test_a_failed_confirmation_is_never_sent_by_the_digest_path(db):
    """A confirmation the subscribe form could not send stays failed for the admin to
    see; the digests' retries take only digests and alerts (a confirmation is sent again
    by subscribing again), so it never goes out as a digest."""
    from django.utils import timezone

    from newsmonitor.digests import sending
    from newsmonitor.digests.models import Delivery, Subscription

    subscription = Subscription.objects.create(email="late@example.org", pairs=["EG-PK"])
    failed = Delivery.objects.create(subscription=subscription, kind=Delivery.Kind.CONFIRM,
                                     period_end=timezone.now(), status=Delivery.Status.FAILED, last_error="421 busy")
    assert failed.pk not in sending.due_deliveries(timezone.now())
    assert sending.send(failed.pk) == "skipped"
    failed.refresh_from_db()
    assert failed.status == Delivery.Status.FAILED and failed.attempts == 0
