"""Over SMTP, a batch builds each email's MIME once and puts each subscriber's links,
address and Message-ID into the bytes; any other backend (files in embedded mode)
gets a whole message built for each. Both are the same email: compared here byte for
byte (but for the Date and the MIME boundary), and the embedded mode's files hold it."""

import re
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from django.core import signing
from django.utils import timezone

from newsmonitor.digests import links, sending
from newsmonitor.digests.models import Delivery
from tests.support.mailing import signed_links, subscriber, tagged

pytestmark = [pytest.mark.core, pytest.mark.django_db]


def normalised(raw):
    raw = re.sub(rb"Date: [^\r\n]+", b"Date: -", raw)
    boundary = re.search(rb'boundary="([^"]+)"', raw).group(1)
    return raw.replace(boundary, b"BOUNDARY")


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_bytes_made_personal_are_the_message_built_whole(mail_settings, smtp_server, language, monkeypatch):
    # A signed link carries the second it was made: one second for both ways here.
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: "1xZB7f")
    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    tagged("السعودية وباكستان توقعان اتفاقية دفاع", pair=("PK", "SA"))
    since = timezone.now() - timedelta(days=1)  # one period for all three: one content
    due = timezone.now() - timedelta(minutes=1)
    subs = [subscriber(pairs=["EG-PK", "PK-SA"], language=language, time_zone=tz, since=since, due=due)
            for tz in ("Africa/Cairo", "Asia/Karachi", "Africa/Cairo")]
    ids = sending.due_deliveries(timezone.now())
    batch = sending.Batch(timezone.now())
    deliveries = list(Delivery.objects.filter(pk__in=ids).select_related("subscription"))
    batch.compose(deliveries)
    for delivery in deliveries:
        content = batch.content_of(delivery)
        sender, recipients, raw = batch.renderer.wire(delivery, content)
        whole = batch.renderer.message(delivery, content)
        assert recipients == whole.recipients() == [delivery.subscription.email]
        assert normalised(raw) == normalised(whole.message().as_bytes(linesep="\r\n"))
        parsed = message_from_bytes(raw, policy=policy.default)
        assert set(signed_links(str(parsed["List-Unsubscribe"]), links.UNSUBSCRIBE).values()) == {
            delivery.subscription.token}
    assert len({id(batch.renderer.localised(d, batch.content_of(d))) for d in deliveries}) == 2  # two zones
    assert len(subs) == 3


def test_an_address_mime_would_encode_is_built_whole(mail_settings, smtp_server):
    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    subscriber("o'brien+news@example.net")  # escaped in HTML: not put into the bytes as it is
    [pk] = sending.due_deliveries(timezone.now())
    delivery = Delivery.objects.select_related("subscription").get(pk=pk)
    batch = sending.Batch(timezone.now())
    batch.compose([delivery])
    assert batch.renderer.wire(delivery, batch.content_of(delivery)) is None
    assert sending.send(pk) == "sent"
    assert smtp_server.messages[0]["To"] == "o'brien+news@example.net"
    assert "o&#x27;brien+news@example.net" in smtp_server.messages[0].get_body(("html",)).get_content()


def test_embedded_mode_writes_each_digest_to_a_file(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.NEWSMONITOR_DIGEST_SETTLE_SECONDS = 0
    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    one, two = subscriber(), subscriber(language="en")
    results = sending.send_batch(sending.due_deliveries(timezone.now()))
    assert sorted(results.values()) == ["sent", "sent"]
    written = "".join(path.read_text() for path in (tmp_path / "mail").iterdir())
    assert written.count("List-Unsubscribe-Post: List-Unsubscribe=One-Click") == 2
    assert f"To: {one.email}" in written and f"To: {two.email}" in written
