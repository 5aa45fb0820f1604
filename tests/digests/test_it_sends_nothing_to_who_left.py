"""A subscriber who pauses or unsubscribes gets nothing more: not when they left before
the digest was made, and not when they left after it was claimed and before it went
out (the status is read again after the claim and just before each message)."""

import pytest
from django.utils import timezone

from newsmonitor.digests import content as contents, sending
from newsmonitor.digests.models import Delivery, Subscription
from newsmonitor.digests.schedule import next_due
from tests.support.mailing import subscriber, tagged

pytestmark = [pytest.mark.core, pytest.mark.django_db]


def leave_while_composing(monkeypatch, email, status):
    """The subscriber leaves while the digest is being composed: after the claim."""
    compose = contents.compose_many

    def compose_and_leave(*args, **kwargs):
        Subscription.objects.filter(email=email).update(status=status)
        return compose(*args, **kwargs)

    monkeypatch.setattr(contents, "compose_many", compose_and_leave)


@pytest.mark.parametrize("status", [Subscription.Status.UNSUBSCRIBED, Subscription.Status.PAUSED])
def test_who_leaves_between_claim_and_send_gets_nothing(mail_settings, smtp_server, monkeypatch, status):
    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    sub = subscriber("leaving@example.net")
    [pk] = sending.due_deliveries(timezone.now())
    leave_while_composing(monkeypatch, sub.email, status)
    assert sending.send(pk) == "cancelled"
    assert smtp_server.messages == []
    assert Delivery.objects.get().status == "cancelled"
    # Nothing waits to be sent later: resumed (as the manage page resumes), the next
    # digest starts from then.
    monkeypatch.undo()
    now = timezone.now()
    sub.refresh_from_db()
    sub.status, sub.sent_through, sub.next_due_at = Subscription.Status.ACTIVE, now, next_due(sub, now)
    sub.save()
    assert sending.due_deliveries(now) == []
    assert Delivery.objects.exclude(status="cancelled").count() == 0


def test_in_a_batch_only_who_left_is_skipped(mail_settings, smtp_server, monkeypatch):
    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    stay, leave = subscriber("stays@example.net"), subscriber("leaves@example.net")
    ids = sending.due_deliveries(timezone.now())
    leave_while_composing(monkeypatch, leave.email, Subscription.Status.UNSUBSCRIBED)
    results = sending.send_batch(ids)
    assert sorted(results.values()) == ["cancelled", "sent"]
    assert [m["To"] for m in smtp_server.messages] == [stay.email]


def test_who_left_before_the_digest_was_due_gets_no_delivery(mail_settings, smtp_server):
    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    subscriber(status=Subscription.Status.UNSUBSCRIBED)
    subscriber(status=Subscription.Status.PAUSED)
    subscriber(status=Subscription.Status.PENDING)  # never confirmed
    assert sending.due_deliveries(timezone.now()) == []
    assert Delivery.objects.count() == 0


def test_a_claimed_delivery_of_who_already_left_is_cancelled(mail_settings, smtp_server):
    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    sub = subscriber()
    [pk] = sending.due_deliveries(timezone.now())
    Subscription.objects.filter(pk=sub.pk).update(status=Subscription.Status.UNSUBSCRIBED)  # queued, then left
    assert sending.send(pk) == "cancelled"
    assert smtp_server.messages == []
