"""The feed list shows each feed's health at a glance, from its known history: last
success and error, errors in a row, new articles a day (a sparkline), the median poll
time of its latest polls, the share of articles kept from the summary only — and its
figures cost the same few queries whatever the number of feeds on the page."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from newsmonitor.articles.models import Article
from tests.workbench.feed_history import entries, feed, outlet, polls

pytestmark = [pytest.mark.django_db, pytest.mark.core]
LIST = reverse("admin:feeds_feed_changelist")
EN = {"accept-language": "en"}


def start_of_today():
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


def test_the_list_shows_each_feeds_figures(admin_client):
    now = timezone.now()
    today = max(now - timedelta(minutes=5), start_of_today())  # today, whatever the hour
    busy = feed("نشرة الصباح", last_success_at=now - timedelta(hours=3), error_count=2, last_error_kind="timeout",
                last_error="deadline of 30s exceeded " + "while reading the body of the answer " * 4 + "END-OF-IT")
    # Four articles this month whose extraction ended: one kept only the summary.
    entries(busy, [now - timedelta(days=5)], Article.Extraction.DONE)
    entries(busy, [today], Article.Extraction.DONE)
    entries(busy, [today], Article.Extraction.SUMMARY)
    entries(busy, [today], Article.Extraction.FAILED)
    entries(busy, [today], Article.Extraction.PENDING)
    entries(busy, [now - timedelta(days=40)], Article.Extraction.SUMMARY)  # before the 30 days
    # The median is of the latest 50 polls: the ten slow ones before them do not count.
    polls(busy, [9000] * 10, ago=timedelta(days=2))
    polls(busy, [100] * 25 + [300] * 25)
    quiet = feed("نشرة المساء", active=False)

    page = admin_client.get(LIST, headers=EN).content.decode()

    assert "نشرة الصباح" in page and "نشرة المساء" in page
    assert "5 new articles in 30 days, at most 4 a day" in page  # the sparkline's label
    assert page.count('<svg class="sparkline"') == 2
    assert "200 ms" in page  # median of 25 × 100 ms and 25 × 300 ms
    assert "25%" in page and "1 of 4 articles of the last 30 days" in page
    assert "Timed out: deadline of 30s exceeded" in page
    assert "END-OF-IT</span>" not in page and "END-OF-IT" in page  # cut in the cell, whole in its tooltip
    assert 'class="field-error_count">2<' in page
    assert "disabled" in page and quiet.title in page


def test_the_figures_cost_the_same_queries_for_two_feeds_or_twelve(admin_client):
    def queries_for_list():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(LIST).status_code == 200
        return len(queries)

    for _ in range(2):
        made = feed()
        entries(made, [timezone.now() - timedelta(hours=2)])
        polls(made, [120, 140])
    few = queries_for_list()
    for _ in range(10):
        made = feed()
        entries(made, [timezone.now() - timedelta(hours=2)])
        polls(made, [120, 140])
    assert queries_for_list() == few


def test_the_list_filters_by_state_outlet_country_and_language_and_searches(admin_client):
    flagged = feed("عاجل", needs_attention=True, error_count=6, last_error_kind="http-error")
    silent = feed("ثقافة", silent_since=timezone.now() - timedelta(days=1))
    english = feed("Morning news", language="en")
    abroad = feed("أخبار المهجر", outlet=outlet("Diaspora Weekly", country="GB"))

    def shown(query):
        page = admin_client.get(LIST + query).content.decode()
        return {f.title for f in (flagged, silent, english, abroad) if f.title in page}

    assert shown("?needs_attention__exact=1") == {"عاجل"}
    assert shown("?silent=yes") == {"ثقافة"}
    assert shown("?last_error_kind=http-error") == {"عاجل"}
    assert shown("?language=en") == {"Morning news"}
    assert shown("?outlet__country=GB") == {"أخبار المهجر"}
    assert shown("?q=Diaspora") == {"أخبار المهجر"}
