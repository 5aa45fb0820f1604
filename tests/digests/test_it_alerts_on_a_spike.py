"""Spike alerts: a followed pair's day far above its usual coverage (its 30-day mean
plus k standard deviations, and at least a floor of articles) is told once, with the
articles that made it. The statistics are a pure function, tested as such; the
alert is tested end to end over real SMTP."""

from datetime import datetime, time, timedelta, timezone as dt_timezone

import pytest
from django.utils import timezone

from newsmonitor.digests import sending, spikes
from newsmonitor.digests.models import Delivery
from tests.support.mailing import subscriber, tagged
from tests.support.smtp import header, parts


# --- the statistics ---------------------------------------------------------------------------
def test_a_day_above_mean_plus_k_deviations_and_the_floor_is_a_spike():
    history = [2, 3] * 15  # mean 2.5, deviation 0.5
    s = spikes.spike(5, history, k=3, floor=5)
    assert (s.mean, s.std, s.threshold) == (2.5, 0.5, 4.0)
    assert s.is_spike
    assert not spikes.spike(4, history, k=3, floor=3).is_spike   # not above mean + 3σ
    assert not spikes.spike(5, history, k=3, floor=6).is_spike   # under the floor


def test_a_silent_pair_needs_the_floor():
    assert not spikes.spike(2, [0] * 30, k=3, floor=5).is_spike
    assert spikes.spike(5, [0] * 30, k=3, floor=5).is_spike
    assert not spikes.spike(0, [0] * 30, k=0, floor=0).is_spike  # nothing is never a spike


def test_a_noisy_pair_needs_more():
    noisy = [0, 20] * 15  # mean 10, deviation 10
    assert not spikes.spike(35, noisy, k=3, floor=5).is_spike
    assert spikes.spike(41, noisy, k=3, floor=5).is_spike
    assert spikes.spike(21, noisy, k=1, floor=5).is_spike


def test_missing_days_count_as_none_and_negative_counts_as_none():
    assert spikes.spike(1, [], k=3, floor=1).mean == 0
    assert spikes.spike(1, [-4, 4], k=0, floor=0).mean == 2


@pytest.mark.django_db
def test_the_roll_up_gives_each_pair_its_day_and_30_days_before_one_query(django_assert_num_queries):
    yesterday = timezone.now().date() - timedelta(days=1)
    tagged("مصر وباكستان 1", when=at(yesterday))
    tagged("مصر وباكستان 2", when=at(yesterday))
    tagged("مصر وباكستان قبل أسبوع", when=at(yesterday - timedelta(days=7)))
    tagged("مصر وباكستان قبل شهرين", when=at(yesterday - timedelta(days=60)))
    with django_assert_num_queries(1):
        stats = spikes.pair_stats([("EG", "PK"), ("PK", "SA")], yesterday)
    count, history = stats[("EG", "PK")]
    assert count == 2 and len(history) == 30 and sum(history) == 1 and history[-7] == 1
    assert stats[("PK", "SA")] == (0, [0] * 30)


# --- the alert, end to end ---------------------------------------------------------------------
def at(day, hour=10):
    return datetime.combine(day, time(hour), tzinfo=dt_timezone.utc)


@pytest.mark.core
@pytest.mark.django_db
def test_a_spike_is_told_once_per_pair_and_day_with_its_articles(mail_settings, smtp_server):
    yesterday = timezone.now().date() - timedelta(days=1)
    usual = 0
    for days in range(1, 31):  # a usual month: one article a day, two on Mondays
        day = yesterday - timedelta(days=days)
        usual += 2 if day.weekday() == 0 else 1
        for i in range(2 if day.weekday() == 0 else 1):
            tagged(f"خبر عادي {days}-{i} عن مصر وباكستان", when=at(day, 8 + i))
    spike_titles = [f"زيارة تاريخية: خبر {i} عن مصر وباكستان" for i in range(9)]
    for i, title in enumerate(spike_titles):
        tagged(title, when=at(yesterday, 6 + i), outlet=i % 3)
    tagged("خبر اليوم عن مصر وباكستان", when=timezone.now())  # today: not yet a complete day

    alerted = subscriber("alerts@example.net", spike_alerts=True, spike_k=3, spike_floor=5, language="en",
                         due=timezone.now() + timedelta(hours=5))
    subscriber("high-floor@example.net", spike_alerts=True, spike_k=3, spike_floor=20,
               due=timezone.now() + timedelta(hours=5))
    subscriber("no-alerts@example.net", due=timezone.now() + timedelta(hours=5))
    subscriber("other-pair@example.net", pairs=["PK-SA"], spike_alerts=True, spike_floor=1,
               due=timezone.now() + timedelta(hours=5))

    ids = sending.due_deliveries(timezone.now())
    [delivery] = Delivery.objects.all()
    assert ids == [delivery.pk]
    assert (delivery.kind, delivery.key, delivery.subscription) == ("alert", f"EG-PK {yesterday}", alerted)
    assert sending.send(delivery.pk) == "sent"

    # Once: the next dispatches (every minute, all day) make no second alert.
    assert sending.due_deliveries(timezone.now()) == []
    assert sending.due_deliveries(timezone.now() + timedelta(hours=3)) == []
    assert Delivery.objects.count() == 1

    [message] = smtp_server.messages
    text, html = parts(message)
    assert message["To"] == alerted.email
    # Counted in stories by default (each article here is a story of its own).
    assert header(message, "Subject") == f"Spike in coverage: Egypt – Pakistan, {yesterday} (9 stories)"
    assert f"Egypt – Pakistan had 9 new stories on {yesterday} (UTC)" in text
    assert message["Message-ID"] == f"<alert.{alerted.pk}.EG-PK.{yesterday:%Y%m%d}@news.example.org>"
    assert header(message, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert f"against a mean of {usual / 30:.1f} a day" in text
    for title in spike_titles:
        assert title in html and title in text
    assert "خبر عادي" not in html and "خبر اليوم" not in html
    assert 'dir="rtl" lang="ar"' in html
    assert f"/pairs/EG-PK/?from={yesterday}" in html
