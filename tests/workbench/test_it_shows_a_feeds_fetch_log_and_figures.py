"""A feed's page shows its figures, its last error whole, and its latest 50 polls,
read-only; saving the page still works with the log under it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsmonitor.feeds.models import FetchLog
from tests.workbench.feed_history import entries, feed, polls

pytestmark = [pytest.mark.django_db, pytest.mark.core]
EN = {"accept-language": "en"}


def test_the_page_shows_the_latest_fifty_polls(admin_client):
    long_error = "HTTP 502 from the upstream server " + "and some more words about it " * 5 + "TAIL-OF-ERROR"
    watched = feed("نشرة الظهيرة", last_error_kind="http-error", last_error=long_error, error_count=1)
    polls(watched, [7777], ago=timedelta(days=3))  # the oldest: not among the latest 50
    polls(watched, [100 + i for i in range(50)], error_kind="http-error", error="HTTP 502 at poll")
    entries(watched, [timezone.now() - timedelta(hours=1)] * 3)

    page = admin_client.get(reverse("admin:feeds_feed_change", args=[watched.pk]), headers=EN).content.decode()

    log = page[page.index('id="fetch_logs-group"'):]
    assert log.count('class="field-duration_ms"') == 50
    assert "<p>149</p>" in log and "<p>100</p>" in log and "7777" not in log
    assert 'name="fetch_logs-0-duration_ms"' not in log  # shown, not editable
    assert "TAIL-OF-ERROR" in page  # the last error, whole
    assert "3 new articles in 30 days" in page and "124 ms" in page  # figures: median of 100..149 is 124.5


def test_saving_the_feed_keeps_its_log(admin_client):
    watched = feed("نشرة", poll_interval=900)
    polls(watched, [120, 130, 140])
    url = reverse("admin:feeds_feed_change", args=[watched.pk])
    form = {"outlet": watched.outlet_id, "url": watched.url, "title": "نشرة معدلة", "language": "ar",
            "active": "on", "poll_interval": 600, "next_check_at_0": "2030-01-01", "next_check_at_1": "00:00:00",
            "fetch_logs-TOTAL_FORMS": 3, "fetch_logs-INITIAL_FORMS": 3, "fetch_logs-MIN_NUM_FORMS": 0,
            "fetch_logs-MAX_NUM_FORMS": 0}
    for i, log in enumerate(FetchLog.objects.filter(feed=watched)):
        form[f"fetch_logs-{i}-id"] = log.pk
        form[f"fetch_logs-{i}-feed"] = watched.pk
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    watched.refresh_from_db()
    assert (watched.title, watched.poll_interval) == ("نشرة معدلة", 600)
    assert FetchLog.objects.filter(feed=watched).count() == 3
