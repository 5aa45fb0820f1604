"""A digest as a mail server receives it: over real SMTP (aiosmtpd on loopback),
parsed back from its MIME. Both parts, the direction, the one-click unsubscribe
headers, a deterministic Message-ID, the articles of its period grouped by pair and
then topic with counts (stories, and articles beside), copies of a story once, and
links that lead somewhere."""

import re
from zoneinfo import ZoneInfo
from datetime import timedelta, timezone as dt_timezone
from urllib.parse import urlsplit

import pytest
from django.urls import resolve
from django.utils import timezone

from newsmonitor.digests import content as contents, links, sending
from newsmonitor.digests.models import Delivery
from tests.support.mailing import SITE, signed_links, subscriber, tagged
from tests.support.smtp import header, parts
from tests.support.story_rows import make_story

pytestmark = [pytest.mark.core, pytest.mark.django_db]


def send_due():
    now = timezone.now()
    return {pk: sending.send(pk, now=now) for pk in sending.due_deliveries(now)}


def hrefs(html):
    return re.findall(r'href="([^"]+)"', html)


def corpus():
    now = timezone.now()
    found = {
        "defence": tagged("مصر وباكستان تبحثان التصنيع العسكري المشترك", evidence="بحث وزير الإنتاج الحربي المصري مع سفير باكستان",
                          content_hash="h-defence", outlet=0),
        "copy": tagged("مصرُ وباكستان تبحثان التصنيع العسكري المشترك", evidence="نسخة", content_hash="h-defence-2",
                       outlet=1, when=now - timedelta(hours=3)),
        "trade": tagged("مباحثات تجارية بين مصر وباكستان", topics=[("trade-economy", 0.9)], outlet=2),
        "defence2": tagged("مصر وباكستان: معرض للصناعات الدفاعية", outlet=1, when=now - timedelta(hours=4)),
        "gulf": tagged("السعودية وباكستان توقعان اتفاقية دفاع", pair=("PK", "SA"),
                       topics=[("military-cooperation", 0.9)], outlet=1),
        # Not in the digest: first tagged before the period began, and a pair not followed.
        "old": tagged("خبر قديم عن مصر وباكستان", tagged_at=now - timedelta(days=2)),
        "other": tagged("الهند وباكستان: توتر على الحدود", pair=("IN", "PK"), topics=[("conflict", 0.9)]),
    }
    make_story(found["copy"], found["defence"])  # another outlet's copy, three hours earlier
    return found


def test_it_sends_one_multipart_arabic_digest_grouped_by_pair_then_topic(mail_settings, smtp_server):
    a = corpus()
    sub = subscriber("reader@example.net", pairs=["EG-PK", "PK-SA"])
    assert list(send_due().values()) == ["sent"]

    [message] = smtp_server.messages
    assert message["To"] == "reader@example.net"
    assert message.get_content_type() == "multipart/alternative"
    text, html = parts(message)
    assert text and html

    # Headers: deterministic Message-ID, RFC 8058 one-click unsubscribe, no auto-replies.
    delivery = Delivery.objects.get()
    end = delivery.period_end.astimezone(dt_timezone.utc)
    assert message["Message-ID"] == f"<digest.{sub.pk}.{end:%Y%m%dT%H%M%S}@news.example.org>"
    assert delivery.message_id == message["Message-ID"]
    [(unsubscribe, token)] = signed_links(header(message, "List-Unsubscribe"), links.UNSUBSCRIBE).items()
    assert token == sub.token and unsubscribe.startswith("https://news.example.org/subscriptions/unsubscribe/")
    assert header(message, "List-Unsubscribe") == f"<{unsubscribe}>"
    # As it came over the wire: the URL as it is (a long header is folded, never encoded).
    assert f"List-Unsubscribe: \r\n <{unsubscribe}>\r\n".encode() in smtp_server.raw[0]
    assert header(message, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert header(message, "Auto-Submitted") == "auto-generated"
    # Stories by default: the copy and its story are one.
    assert header(message, "Subject") == "4 قصص جديدة: مصر – باكستان، باكستان – السعودية"

    # Right to left, with the CSS inline (no <style>, no stylesheet, no image needed).
    assert re.search(r'<html lang="ar" dir="rtl">', html)
    assert "<style" not in html and "<link" not in html and "<img" not in html
    assert 'dir="rtl" lang="ar"' in html  # the titles

    # Grouped by pair (most stories first), then topic (most first), with counts.
    headings = [line for line in text.splitlines() if line.startswith(("== ", "-- ")) and line.strip() != "--"]
    assert headings == ["== مصر – باكستان · 3 قصص · 4 مقالات ==", "-- التصنيع العسكري (2 قصتان) --",
                        "-- التجارة والاقتصاد (1 قصة) --", "== باكستان – السعودية · 1 قصة · 1 مقال ==",
                        "-- التعاون العسكري (1 قصة) --"]
    body = html[html.index("<table"):]  # past the head's title (the subject)
    eg_pk, pk_sa = body.index(">مصر – باكستان<"), body.index(">باكستان – السعودية<")
    assert eg_pk < body.index(">التصنيع العسكري <span") < body.index(">التجارة والاقتصاد <span") < pk_sa

    # Each story once, by its first article (the copy, three hours earlier), the other outlet named.
    assert html.count("التصنيع العسكري المشترك") == 1
    assert "مصرُ وباكستان تبحثان التصنيع العسكري المشترك" in html
    assert "نُشر أيضًا في: وكالة النيل للأنباء" in html[html.index("التصنيع العسكري المشترك"):]
    assert ">نسخة</div>" in html  # the evidence sentence of the article shown
    assert "بحث وزير الإنتاج الحربي المصري مع سفير باكستان" not in html
    for key in ("copy", "trade", "defence2", "gulf"):
        assert a[key].title in html and a[key].title in text
    assert a["old"].title not in html and a["other"].title not in html

    # Links: the article page, the filtered timeline, manage and unsubscribe.
    found = hrefs(html)
    article_url = f"{SITE}/articles/{a['trade'].pk}/"
    assert article_url in found and article_url in text
    timeline = [u for u in found if u.startswith(f"{SITE}/pairs/EG-PK/")]
    assert timeline and "from=" in timeline[0]
    assert set(signed_links(html, links.MANAGE).values()) == {sub.token} == set(signed_links(text, links.MANAGE).values())
    assert set(signed_links(text, links.UNSUBSCRIBE)) == {unsubscribe} == set(signed_links(html, links.UNSUBSCRIBE))
    for url in {u for u in found if u.startswith(SITE)}:
        match = resolve(urlsplit(url).path)
        assert match.namespace in ("timelines", "digests"), url

    # The period is closed and the next one is tomorrow's.
    sub.refresh_from_db()
    assert sub.sent_through == delivery.period_end
    assert sub.next_due_at > timezone.now()
    assert delivery.articles == 5 and delivery.status == "sent"


def test_an_english_digest_is_left_to_right_with_arabic_titles_right_to_left(mail_settings, smtp_server):
    a = corpus()
    subscriber(language="en", time_zone="Asia/Karachi")
    send_due()
    [message] = smtp_server.messages
    text, html = parts(message)
    # Times in the subscriber's time zone.
    local = a["trade"].published_at.astimezone(ZoneInfo("Asia/Karachi")).strftime("%Y-%m-%d %H:%M")
    assert local in text and local in html and "(Asia/Karachi)" in text
    assert "NMTIME" not in text + html
    assert '<html lang="en" dir="ltr">' in html
    assert "Egypt – Pakistan" in html and ">Defence industry <span" in html and "3 stories · 4 articles" in html
    assert re.search(r'<div dir="rtl" lang="ar"[^>]*><a href="[^"]+"[^>]*>مصر وباكستان', html)
    assert message["Content-Language"] == "en"
    assert header(message, "Subject") == "3 new stories: Egypt – Pakistan"


def test_each_subscriber_gets_their_own_links_from_one_rendering(mail_settings, smtp_server):
    corpus()
    one, two = subscriber("one@example.net"), subscriber("two@example.net")
    results = sending.send_batch(sending.due_deliveries(timezone.now()))
    assert sorted(results.values()) == ["sent", "sent"]
    for sub in (one, two):
        [message] = smtp_server.to(sub.email)
        text, html = parts(message)
        assert set(signed_links(html, links.UNSUBSCRIBE).values()) == {sub.token}
        assert set(signed_links(text, links.MANAGE).values()) == {sub.token}
        other = two if sub is one else one
        assert sub.email in text and other.email not in text
        assert "NMPERSONAL" not in text + html + message["Subject"]
    assert smtp_server.messages[0]["Message-ID"] != smtp_server.messages[1]["Message-ID"]


def test_a_large_period_is_cut_with_a_count_and_a_link_to_the_full_view(mail_settings, smtp_server, monkeypatch):
    monkeypatch.setattr(contents, "MAX_ITEMS", 3)
    now = timezone.now()
    for i in range(7):
        tagged(f"خبر رقم {i} عن مصر وباكستان", outlet=i % 3, when=now - timedelta(minutes=10 + i))
    tagged("مباحثات تجارية بين مصر وباكستان", topics=[("trade-economy", 0.9)], when=now - timedelta(hours=5))
    subscriber(language="en")
    send_due()
    [message] = smtp_server.messages
    text, html = parts(message)
    # The places are shared among the topics: the busy one does not crowd out the other.
    assert [i for i in range(7) if f"خبر رقم {i} " in html] == [0, 1]
    assert "مباحثات تجارية بين مصر وباكستان" in html
    assert "and 5 more stories" in text and "5 more stories are not shown here." in html
    assert "5 more stories are not shown here." in text
    assert f"The full view on the site: {SITE}/pairs/EG-PK/?from=" in text
