"""Add by homepage, the whole way through the admin: a bare domain is tried over https,
then http; the home page's one announced feed (a relative link) is previewed with its
title, entry count, language and newest entry; ticked and saved under a new outlet made
from the site's name, it is in the feed list and the admin log."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.urls import reverse

from newsmonitor.feeds import discovery
from newsmonitor.feeds.models import Feed, Outlet

pytestmark = [pytest.mark.django_db, pytest.mark.core]
URL = reverse("admin:feeds_feed_discover")


def test_a_bare_domain_finds_the_announced_feed_with_its_preview(sites):
    one = sites("one")
    found = discovery.discover(one.host_port)  # no scheme: https first, then http

    assert found.page_url == one.url("/")
    assert found.site_name == "صحيفة الواحة"
    [candidate] = found.candidates
    assert candidate.url == one.url("/rss.xml")  # href="rss.xml", resolved against the page
    assert candidate.source == "page" and candidate.known_id is None and candidate.error == ""
    preview = candidate.preview
    assert preview.title == "صحيفة الواحة: آخر الأخبار"
    assert preview.entries == 3
    assert preview.language == "ar" and preview.declared_language == "ar"
    assert preview.newest_title == "وزيرا الزراعة يبحثان تبادل الخبرات في إدارة المياه الجوفية"
    assert preview.newest_at.isoformat() == "2025-10-08T11:15:00+00:00"
    # The page announces its feed, so no usual address was probed.
    assert found.probed is False and one.hits("/feed") == 0 and one.hits("/rss") == 0


def test_the_admin_previews_then_saves_the_ticked_feed_under_a_new_outlet(sites, admin_client, admin_user):
    one = sites("one")
    page = admin_client.post(URL, {"step": "discover", "address": one.url("/")})
    assert page.status_code == 200
    html = page.content.decode()
    assert "صحيفة الواحة: آخر الأخبار" in html and 'lang="ar" dir="rtl"' in html
    assert page.context["form"]["name"].value() == "صحيفة الواحة"  # the outlet, prefilled from the site
    assert page.context["form"]["homepage"].value() == one.url("/")
    assert Feed.objects.count() == 0  # a preview writes nothing

    saved = admin_client.post(URL, {
        "step": "save", "found": page.context["signed"], "feeds": [one.url("/rss.xml")],
        "outlet": "", "name": "صحيفة الواحة", "homepage": one.url("/"), "country": "om", "language": "ar"},
        HTTP_ACCEPT_LANGUAGE="en")
    assert saved.status_code == 302 and saved["Location"] == reverse("admin:feeds_feed_changelist")

    feed = Feed.objects.get()
    assert (feed.url, feed.title, feed.language) == (one.url("/rss.xml"), "صحيفة الواحة: آخر الأخبار", "ar")
    assert (feed.outlet.name, feed.outlet.country, feed.outlet.homepage) == ("صحيفة الواحة", "OM", one.url("/"))
    logged = LogEntry.objects.filter(action_flag=ADDITION, user=admin_user)
    assert {(e.content_type.model, e.object_id) for e in logged} == {("feed", str(feed.pk)),
                                                                    ("outlet", str(feed.outlet.pk))}
    listing = admin_client.get(saved["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert [str(m) for m in listing.context["messages"]] == ["Added 1 feed to صحيفة الواحة."]
    assert "صحيفة الواحة: آخر الأخبار" in listing.content.decode()  # the feed list shows it

    # Looked up again, the feed is marked as known and offered no more.
    again = admin_client.post(URL, {"step": "discover", "address": one.url("/")})
    [row] = again.context["rows"]
    assert row["candidate"].known_id == feed.pk
    assert reverse("admin:feeds_feed_change", args=[feed.pk]) in again.content.decode()
    assert 'name="feeds"' not in again.content.decode()


def test_saving_needs_a_ticked_feed_and_an_outlet_and_an_existing_outlet_can_be_chosen(sites, admin_client):
    one = sites("one")
    outlet = Outlet.objects.create(name="الواحة", homepage=one.url("/"))
    page = admin_client.post(URL, {"step": "discover", "address": one.url("/")})
    assert page.context["form"]["outlet"].value() == outlet.pk  # its homepage is on this site
    signed = page.context["signed"]

    nothing = admin_client.post(URL, {"step": "save", "found": signed, "outlet": str(outlet.pk)},
                                HTTP_ACCEPT_LANGUAGE="en")
    assert nothing.status_code == 200 and "Tick at least one feed to add." in nothing.content.decode()
    unnamed = admin_client.post(URL, {"step": "save", "found": signed, "feeds": [one.url("/rss.xml")], "name": ""},
                                HTTP_ACCEPT_LANGUAGE="en")
    assert "Name the new outlet, or choose one in the list." in unnamed.content.decode()
    assert Feed.objects.count() == 0

    admin_client.post(URL, {"step": "save", "found": signed, "feeds": [one.url("/rss.xml")], "outlet": str(outlet.pk)})
    assert Feed.objects.get().outlet == outlet and Outlet.objects.count() == 1


def test_only_what_was_previewed_can_be_saved(sites, admin_client):
    one = sites("one")
    page = admin_client.post(URL, {"step": "discover", "address": one.url("/")})
    # A URL that discovery never found is no choice; a list altered in the page is refused.
    other = admin_client.post(URL, {"step": "save", "found": page.context["signed"],
                                    "feeds": ["https://elsewhere.example/rss.xml"], "name": "X"})
    assert other.status_code == 200 and Feed.objects.count() == 0
    forged = admin_client.post(URL, {"step": "save", "found": page.context["signed"] + "x",
                                     "feeds": [one.url("/rss.xml")], "name": "X"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "expired or was altered" in forged.content.decode() and Feed.objects.count() == 0


def test_it_is_for_staff_who_may_add_feeds_and_saves_only_on_a_csrf_checked_post(
        sites, client, django_user_model, researcher_client, editor):
    from django.contrib.auth.models import Permission
    from django.test import Client

    one = sites("one")
    assert researcher_client.get(URL).status_code == 302  # not staff: to the admin's login
    viewer = django_user_model.objects.create_user("reader", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_feed"))
    client.force_login(viewer)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"step": "discover", "address": one.url("/")}).status_code == 403
    assert one.requests == []  # refused before anything was fetched

    checked = Client(enforce_csrf_checks=True)  # an editor (the role) may, with a CSRF token
    checked.force_login(editor)
    form = checked.get(URL)
    assert form.status_code == 200
    assert checked.post(URL, {"step": "discover", "address": one.url("/")}).status_code == 403  # no token
    token = form.cookies["csrftoken"].value
    found = checked.post(URL, {"step": "discover", "address": one.url("/"), "csrfmiddlewaretoken": token})
    assert found.status_code == 200 and len(found.context["rows"]) == 1
    assert Feed.objects.count() == 0
