"""An OPML file declaring entities (a billion-laughs bomb, an external entity reading a
local file) is refused whole and clearly, in the admin and by the command, before any
parser expands anything; so is a file that is not OPML at all. Nothing is stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from newsmonitor.feeds.models import Feed, Outlet
from newsmonitor.lib.opml import OpmlError, UnsafeOpml, parse_opml
from tests.support.paths import FIXTURES

pytestmark = pytest.mark.django_db
HOSTILE = FIXTURES / "opml" / "hostile-entities.opml"


def test_entity_declarations_are_refused_by_the_parser():
    with pytest.raises(UnsafeOpml, match="DOCTYPE or ENTITY declaration"):
        parse_opml(HOSTILE.read_bytes())
    # Hidden in UTF-16, or after the root element, it is found all the same.
    with pytest.raises(UnsafeOpml):
        parse_opml(HOSTILE.read_text(encoding="utf-8").replace('encoding="utf-8"', 'encoding="utf-16"')
                   .encode("utf-16"))
    with pytest.raises(UnsafeOpml):
        parse_opml(b'<opml version="2.0"><body/></opml><!ENTITY x "y">')


def test_the_admin_refuses_it_with_a_clear_message(admin_client):
    upload = SimpleUploadedFile("hostile.opml", HOSTILE.read_bytes())
    page = admin_client.post(reverse("admin:feeds_feed_import_opml"), {"file": upload}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and page.context["report"] is None
    [error] = page.context["form"].errors["file"]
    assert error.startswith("This file cannot be imported: the file holds a DOCTYPE or ENTITY declaration")
    assert "entities are never expanded" in page.content.decode()
    assert Feed.objects.count() == 0 and Outlet.objects.count() == 0


def test_the_command_refuses_it(tmp_path):
    with pytest.raises(CommandError, match="cannot be imported: the file holds a DOCTYPE"):
        call_command("importopml", str(HOSTILE))
    assert Feed.objects.count() == 0


@pytest.mark.parametrize("content, reason", [
    (b"", "the file is empty"),
    (b"<rss version='2.0'><channel/></rss>", "not an OPML document: its root element is <rss>, not <opml>"),
    (b"<opml version='2.0'><head/></opml>", "not an OPML document: it has no <body>"),
    (b"<opml><body><outline text='x'></body></opml>", "not well-formed XML"),
])
def test_what_is_no_opml_says_why(content, reason):
    with pytest.raises(OpmlError) as refused:
        parse_opml(content)
    assert str(refused.value).startswith(reason)
