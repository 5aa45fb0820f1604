import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from newsmonitor.feeds.models import Feed
from newsmonitor.feeds.polling import claim_due_feeds
from tests.support.threads import race

pytestmark = [pytest.mark.core]


def feeds(n, **fields):
    return [Feed.objects.create(url=f"https://feeds.example/{i}.xml", **fields) for i in range(n)]


@pytest.mark.django_db
def test_it_claims_only_active_due_feeds():
    now = timezone.now()
    due = feeds(2, next_check_at=now - timedelta(seconds=5))
    Feed.objects.create(url="https://feeds.example/later.xml", next_check_at=now + timedelta(hours=1))
    Feed.objects.create(url="https://feeds.example/off.xml", active=False, next_check_at=now)
    assert sorted(claim_due_feeds(100)) == sorted(f.pk for f in due)


@pytest.mark.django_db
def test_it_moves_the_next_check_forward_before_polling():
    (feed,) = feeds(1, next_check_at=timezone.now(), poll_interval=600)
    claim_due_feeds(10)
    feed.refresh_from_db()
    assert feed.next_check_at > timezone.now() + timedelta(seconds=590)
    assert claim_due_feeds(10) == []


@pytest.mark.django_db
def test_it_respects_the_batch_size_oldest_first():
    now = timezone.now()
    created = [Feed.objects.create(url=f"https://f.example/{i}", next_check_at=now - timedelta(minutes=i))
               for i in range(5)]
    assert claim_due_feeds(2) == [created[4].pk, created[3].pk]


@pytest.mark.django_db(transaction=True)
def test_it_never_hands_one_feed_to_two_dispatchers():
    feeds(40, next_check_at=timezone.now())
    claimed = []
    barrier = threading.Barrier(2)

    def dispatch():
        barrier.wait()
        claimed.extend(claim_due_feeds(100))

    race(dispatch)
    assert len(claimed) == 40 and len(set(claimed)) == 40
