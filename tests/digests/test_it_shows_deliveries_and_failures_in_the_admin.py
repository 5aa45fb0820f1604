"""The admin shows subscriptions, deliveries and failed ones with the SMTP error, and
lets no one edit what the sending guarantees rest on."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsmonitor.digests import sending
from newsmonitor.digests.models import Delivery
from tests.support.mailing import subscriber, tagged

pytestmark = [pytest.mark.django_db]


def test_failures_are_listed_with_their_smtp_error(admin_client, mail_settings, smtp_server):
    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    sub = subscriber("refused@example.net")
    smtp_server.fail_next(1, code=550)
    [pk] = sending.due_deliveries(timezone.now())
    sending.send(pk)

    page = admin_client.get(reverse("admin:digests_delivery_changelist") + "?status__exact=failed").content.decode()
    assert "refused@example.net" in page and "550 5.1.1 Mailbox unavailable" in page

    page = admin_client.get(reverse("admin:digests_subscription_changelist") + "?q=refused").content.decode()
    assert "refused@example.net" in page and "EG-PK" in page

    # Read-only: a delivery cannot be changed, a subscription's period cannot be moved.
    detail = admin_client.get(reverse("admin:digests_delivery_change", args=[pk]))
    assert detail.status_code == 200 and 'name="status"' not in detail.content.decode()
    form = admin_client.get(reverse("admin:digests_subscription_change", args=[sub.pk])).content.decode()
    assert 'name="status"' in form and 'name="sent_through' not in form and 'name="next_due_at' not in form

    # "Try again now" brings the next attempt forward; the next dispatch queues it.
    admin_client.post(reverse("admin:digests_delivery_changelist"),
                      {"action": "retry_now", "_selected_action": [pk]})
    delivery = Delivery.objects.get(pk=pk)
    assert delivery.next_attempt_at <= timezone.now()
    assert sending.due_deliveries(timezone.now() + timedelta(seconds=1)) == [pk]


def test_pausing_in_the_admin_stops_and_resuming_starts_from_now(admin_client, mail_settings, smtp_server):
    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    sub = subscriber()
    url = reverse("admin:digests_subscription_change", args=[sub.pk])
    admin_client.post(url, {"status": "paused"})
    sub.refresh_from_db()
    assert sub.status == "paused" and sub.next_due_at is None
    assert sending.due_deliveries(timezone.now()) == []
    admin_client.post(url, {"status": "active"})
    sub.refresh_from_db()
    assert sub.status == "active" and sub.next_due_at > timezone.now() and sub.sent_through <= timezone.now()
    assert sending.due_deliveries(timezone.now()) == []  # the article before the pause is not owed
