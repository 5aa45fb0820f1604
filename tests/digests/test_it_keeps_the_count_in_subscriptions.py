"""What a view counts goes with it into a subscription: "Email me this view" on a
view counting articles leads to the form with articles chosen, the stored query keeps
count=articles, the manage page shows and changes it, and the emails say it."""

from urllib.parse import parse_qsl, urlsplit

import pytest

from newsmonitor.digests import selection
from tests.support.subscribing import browser, confirmed, form_values, submit

pytestmark = [pytest.mark.django_db]


def test_the_view_link_carries_the_count_into_the_form(client, sample):
    html = client.get("/pairs/EG-PK/?count=articles&topic=energy").content.decode()
    href = html.split('" data-subscribe-link>')[0].rsplit('href="', 1)[1].replace("&amp;", "&")
    assert parse_qsl(urlsplit(href).query) == [("pair", "EG-PK"), ("topic", "energy"), ("count", "articles")]
    form = dict(form_values(client.get(href).content))
    assert form["count"] == "articles"
    assert dict(form_values(client.get("/subscribe/?pair=EG-PK").content))["count"] == "stories"


def test_a_subscription_keeps_the_count_and_the_manage_page_changes_it(sample, mailoutbox):
    reader = browser(language="en")
    subscription, manage = confirmed(reader, mailoutbox, "?pair=EG-PK&count=articles")
    assert subscription.query == "count=articles"
    assert selection.filters_of(subscription).count == "articles"
    lines = dict(selection.describe(subscription, "en"))
    assert lines["Count and list"] == "articles: every copy"
    page = reader.get(manage)
    assert dict(form_values(page.content))["count"] == "articles"
    assert submit(reader, page, path=manage, button=("action", "save"), count="stories").status_code == 302
    subscription.refresh_from_db()
    assert subscription.query == ""  # stories, the default, is not written
    assert dict(selection.describe(subscription, "ar"))["العدّ والعرض"] == "القصص: نسخ الحدث الواحد مرة واحدة"
