"""OPML round trip: the feed list exported by `exportopml` (a real file) and imported by
`importopml` into an empty database gives back the same feeds and outlets (an outlet
with no feed, a feed with no outlet, a disabled feed, notes on two lines, Arabic names);
a second import changes nothing. The admin's export downloads the same document, and its
import page reports what it did and logs it."""

import io

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from newsmonitor.feeds.models import Feed, Outlet
from newsmonitor.lib.opml import parse_opml

pytestmark = [pytest.mark.django_db, pytest.mark.core]


def feed_list():
    nile = Outlet.objects.create(name="وكالة النيل للأنباء", homepage="https://nile.example/", country="EG",
                                 language="ar", notes="تديرها الدولة\nتنشر بالعربية والإنجليزية")
    indus = Outlet.objects.create(name="Indus Herald", homepage="https://indus.example/", country="PK", language="en")
    Outlet.objects.create(name="منصة بلا خلاصات", country="JO")
    Feed.objects.create(url="https://nile.example/rss/politics.xml", title="النيل: سياسة", outlet=nile)
    Feed.objects.create(url="https://nile.example/rss/all.xml?lang=ar&section=1", title="النيل: كل الأخبار",
                        outlet=nile)
    Feed.objects.create(url="https://indus.example/feed/", title="", outlet=indus, language="en", active=False)
    Feed.objects.create(url="https://orphan.example.org/atom.xml", title="Orphan & Sons <news>", language="fr")


def snapshot():
    outlets = {(o.name, o.homepage, o.country, o.language, o.notes) for o in Outlet.objects.all()}
    feeds = {(f.url, f.title, f.language, f.active, f.outlet.name if f.outlet else None)
             for f in Feed.objects.select_related("outlet")}
    return outlets, feeds


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_then_import_into_an_empty_database_gives_the_same_feeds_and_outlets(tmp_path):
    feed_list()
    before = snapshot()
    exported = tmp_path / "feeds.opml"
    run("exportopml", str(exported))
    # It is OPML 2.0 that names each outlet as an outline holding its feeds.
    document = parse_opml(exported.read_bytes())
    assert {o.name for o in document.outlets} == {"وكالة النيل للأنباء", "Indus Herald", "منصة بلا خلاصات"}
    assert exported.read_bytes().startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<opml")

    Feed.objects.all().delete()
    Outlet.objects.all().delete()
    out, err = run("importopml", str(exported))
    assert out.strip() == "added 4, updated 0, unchanged 0, refused 0; outlets added 3, updated 0"
    assert err == ""
    assert snapshot() == before

    out, _ = run("importopml", str(exported))
    assert out.strip() == "added 0, updated 0, unchanged 4, refused 0; outlets added 0, updated 0"
    assert snapshot() == before


def test_exportopml_writes_to_standard_output_by_default():
    feed_list()
    out, _ = run("exportopml")
    assert 'xmlUrl="https://nile.example/rss/all.xml?lang=ar&amp;section=1"' in out
    assert 'nm:active="false"' in out and "Orphan &amp; Sons &lt;news&gt;" in out


def test_the_admin_exports_and_imports_the_same_list(admin_client, admin_user):
    feed_list()
    before = snapshot()
    download = admin_client.get(reverse("admin:feeds_feed_export_opml"))
    assert download.status_code == 200
    assert download["Content-Type"] == "text/x-opml; charset=utf-8"
    assert download["Content-Disposition"].startswith('attachment; filename="newsmonitor-feeds-')
    Feed.objects.all().delete()
    Outlet.objects.all().delete()

    url = reverse("admin:feeds_feed_import_opml")
    upload = SimpleUploadedFile("feeds.opml", download.content, content_type="text/x-opml")
    page = admin_client.post(url, {"file": upload}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    report = page.context["report"]
    assert (len(report.added), len(report.outlets_added), report.refused) == (4, 3, [])
    assert "4 added, 0 updated, 0 unchanged, 0 refused" in page.content.decode()
    assert snapshot() == before
    logged = LogEntry.objects.filter(user=admin_user, change_message="Added by OPML import")
    assert logged.count() == 7  # four feeds, three outlets

    again = admin_client.post(url, {"file": SimpleUploadedFile("feeds.opml", download.content)},
                              HTTP_ACCEPT_LANGUAGE="en")
    assert not again.context["report"].changed
    assert "4 feeds were already in the list, unchanged." in again.content.decode()
    assert LogEntry.objects.count() == 7 and snapshot() == before


def test_export_needs_view_and_import_add_permission(client, django_user_model):
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user("guest", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:feeds_feed_export_opml")).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_feed"))
    assert client.get(reverse("admin:feeds_feed_export_opml")).status_code == 200
    upload = SimpleUploadedFile("feeds.opml", b"<opml version='2.0'><body/></opml>")
    assert client.post(reverse("admin:feeds_feed_import_opml"), {"file": upload}).status_code == 403
