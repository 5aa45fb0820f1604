"""The health page lists the feeds that need a look — silent, flagged, failing — with
their figures, and nothing else; it is for those who may view feeds, and only reads."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsmonitor.workbench import silence
from tests.workbench.feed_history import entries, every, feed, polls, staff, this_hour

pytestmark = [pytest.mark.django_db, pytest.mark.core]
HEALTH = reverse("admin:feeds_feed_health")
EN = {"accept-language": "en"}


def section(page, key):
    start = page.index(f'id="health-{key}"')
    return page[start:page.index("</section>", start)]


def test_the_page_lists_silent_flagged_and_failing_feeds(client):
    client.force_login(staff("editor", "feeds.view_feed"))
    now = this_hour()
    quiet = feed("نشرة صامتة")
    entries(quiet, every(6 * timedelta(hours=1), until=now - timedelta(days=2), span=timedelta(days=30)))
    polls(quiet, [250, 350])
    silence.check_all(now)
    flagged = feed("نشرة معطوبة", needs_attention=True, error_count=9, last_error_kind="dns-error",
                   last_error="no such host: broken.example")
    failing = feed("نشرة متعثرة", error_count=2, last_error_kind="timeout", last_error="deadline exceeded")
    healthy = feed("نشرة سليمة", last_success_at=timezone.now())

    response = client.get(HEALTH, headers=EN)
    assert response.status_code == 200
    page = response.content.decode()

    silent_part = section(page, "silent")
    assert quiet.title in silent_part and "Silent (1)" in silent_part
    assert "6\xa0hours" in silent_part and "300 ms" in silent_part and 'class="sparkline"' in silent_part
    assert reverse("admin:feeds_feed_change", args=[quiet.pk]) in silent_part
    assert flagged.title in section(page, "flagged") and "Host name not found: no such host" in section(page, "flagged")
    assert failing.title in section(page, "failing") and flagged.title not in section(page, "failing")
    assert healthy.title not in page
    assert reverse("admin:workbench_alertpreference_changelist") in page


def test_the_page_is_for_those_who_may_view_feeds_and_writes_nothing(client):
    client.force_login(staff("stranger"))
    assert client.get(HEALTH).status_code == 403
    client.force_login(staff("editor", "feeds.view_feed"))
    assert client.post(HEALTH).status_code == 405
