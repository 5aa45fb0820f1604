"""An outlet's page: name, homepage, country, language and notes, editable, with its
feeds listed under it (each linking to its own page); the outlet list counts them."""

import pytest
from django.urls import reverse

from newsmonitor.adminkit import history
from newsmonitor.feeds.models import Outlet
from tests.workbench.feed_history import feed, outlet

pytestmark = [pytest.mark.django_db, pytest.mark.core]
EN = {"accept-language": "en"}


def test_the_outlet_page_lists_its_feeds_and_keeps_notes(admin_client, admin_user):
    coast = outlet("صحيفة الساحل", homepage="https://coast.example/", language="ar")
    politics = feed("سياسة", outlet=coast)
    economy = feed("اقتصاد", outlet=coast, active=False)
    elsewhere = feed("رياضة", outlet=outlet("Another Daily", country="JO"))
    url = reverse("admin:feeds_outlet_change", args=[coast.pk])

    page = admin_client.get(url, headers=EN).content.decode()
    listed = page[page.index('id="feeds-group"'):]
    assert "سياسة" in listed and "اقتصاد" in listed and "رياضة" not in listed
    for shown in (politics, economy):
        assert reverse("admin:feeds_feed_change", args=[shown.pk]) in listed
    assert 'name="feeds-0-url"' not in listed  # listed, edited on their own pages

    form = {"name": coast.name, "homepage": coast.homepage, "country": "EG", "language": "ar",
            "notes": "تنشر ملحقاً اقتصادياً كل خميس", "feeds-TOTAL_FORMS": 2, "feeds-INITIAL_FORMS": 2,
            "feeds-MIN_NUM_FORMS": 0, "feeds-MAX_NUM_FORMS": 0,
            "feeds-0-id": economy.pk, "feeds-0-outlet": coast.pk, "feeds-1-id": politics.pk, "feeds-1-outlet": coast.pk}
    assert admin_client.post(url, form).status_code == 302
    assert Outlet.objects.get(pk=coast.pk).notes == "تنشر ملحقاً اقتصادياً كل خميس"
    assert history(coast)[0].user == admin_user
    assert elsewhere.outlet.name == "Another Daily"

    listing = admin_client.get(reverse("admin:feeds_outlet_changelist"), headers=EN).content.decode()
    assert f'?outlet__id__exact={coast.pk}">2</a>' in listing
    feeds_of_coast = admin_client.get(reverse("admin:feeds_feed_changelist") + f"?outlet__id__exact={coast.pk}")
    assert "سياسة" in feeds_of_coast.content.decode() and "رياضة" not in feeds_of_coast.content.decode()
