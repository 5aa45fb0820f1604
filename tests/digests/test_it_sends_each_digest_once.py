"""Exactly once: a digest is claimed before it is sent, so a task delivered twice, a
retried run or two dispatch-and-send runs at the same moment send each digest once,
over a real SMTP server."""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from newsmonitor.digests import sending
from newsmonitor.digests.models import Delivery
from tests.support.mailing import subscriber, tagged
from tests.support.threads import race

pytestmark = [pytest.mark.core]


@pytest.mark.django_db
def test_sending_a_delivery_twice_sends_it_once(mail_settings, smtp_server):
    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    subscriber()
    [pk] = sending.due_deliveries(timezone.now())
    assert sending.send(pk) == "sent"
    assert sending.send(pk) == "skipped"  # a task delivered twice
    assert len(smtp_server.messages) == 1
    delivery = Delivery.objects.get()
    assert delivery.status == "sent" and delivery.attempts == 1


@pytest.mark.django_db
def test_a_second_dispatch_makes_no_second_delivery(mail_settings, smtp_server):
    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    subscriber()
    now = timezone.now()
    first = sending.due_deliveries(now)
    again = sending.due_deliveries(now)  # before anything was sent
    assert len(first) == 1 and again == []
    for pk in first + again:
        sending.send(pk)
    assert sending.due_deliveries(timezone.now()) == []  # sent: the next period is tomorrow's
    assert Delivery.objects.count() == 1 and len(smtp_server.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_each_digest_once(mail_settings, smtp_server):
    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    tagged("السعودية وباكستان توقعان اتفاقية دفاع", pair=("PK", "SA"))
    subs = [subscriber(pairs=["EG-PK"] if i % 2 else ["PK-SA"]) for i in range(8)]
    subs += [subscriber(frequency="instant") for _ in range(2)]
    outcomes = []

    def run():  # what beat's dispatch and the workers do, at the same moment as the other
        now = timezone.now()
        ids = sending.due_deliveries(now)
        outcomes.append(("batch", sending.send_batch(ids, now=now)))
        outcomes.append(("one by one", {pk: sending.send(pk) for pk in ids}))

    race(run, times=3)
    received = Counter(message["To"] for message in smtp_server.messages)
    assert received == {sub.email: 1 for sub in subs}
    assert Delivery.objects.count() == len(subs)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    sent = Counter(pk for _how, results in outcomes for pk, status in results.items() if status == "sent")
    assert sorted(sent.values()) == [1] * len(subs)


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_for_the_same_batch_send_it_once(mail_settings, smtp_server):
    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    subs = [subscriber() for _ in range(30)]
    ids = sending.due_deliveries(timezone.now())
    assert len(ids) == len(subs)
    race(lambda: sending.send_batch(ids), times=2)
    assert sorted(Counter(m["To"] for m in smtp_server.messages).values()) == [1] * len(subs)
    assert sum(Delivery.objects.values_list("attempts", flat=True)) == len(subs)  # each claimed once


@pytest.mark.django_db
def test_a_delivery_held_by_a_dead_worker_is_sent_once_its_lease_ends(mail_settings, smtp_server):
    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    subscriber()
    now = timezone.now()
    [pk] = sending.due_deliveries(now)
    [held] = sending.claim([pk], now)  # a worker claims it, then dies before sending
    assert held.status == "sending"
    assert sending.send(pk, now=now + timedelta(minutes=1)) == "skipped"  # the lease holds
    assert sending.due_deliveries(now + timedelta(minutes=1)) == []
    later = held.lease_until + timedelta(seconds=1)
    assert sending.due_deliveries(later) == [pk]  # queued again
    assert sending.send(pk, now=later) == "sent"
    assert len(smtp_server.messages) == 1
    assert Delivery.objects.get().attempts == 2


@pytest.mark.django_db
def test_the_tasks_send_each_digest_once_even_when_dispatch_runs_twice(mail_settings, smtp_server, monkeypatch):
    from newsmonitor import tasks

    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    subs = [subscriber() for _ in range(5)]
    queued = []
    monkeypatch.setattr(tasks.send_deliveries, "delay", lambda ids: queued.append(("batch", list(ids))))
    monkeypatch.setattr(tasks.send_delivery, "delay", lambda pk: queued.append(("one", pk)))
    tasks.dispatch_digests()
    tasks.dispatch_digests()  # beat's next minute, or the same task delivered twice
    assert [how for how, _ids in queued] == ["batch"]
    for how, ids in queued + queued:  # and every send task delivered twice
        tasks.send_deliveries.run(ids) if how == "batch" else tasks.send_delivery.run(ids)
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(s.email for s in subs)
