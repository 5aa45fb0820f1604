"""A digest shows a story once, by its first article in the period, with the other
outlets that carried it ("also in: …"), and counts stories beside articles; a
subscription that counts articles (count=articles) lists every article."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsmonitor.digests import content as contents, sending
from newsmonitor.digests.models import Delivery
from tests.support.mailing import subscriber, tagged
from tests.support.smtp import header, parts
from tests.support.story_rows import make_story

pytestmark = [pytest.mark.core, pytest.mark.django_db]

WIRE = "مصر وباكستان توقعان اتفاقية للتعاون الدفاعي"


@pytest.fixture
def wire():
    """Ten copies of one event by three outlets within the period, and one other event."""
    now = timezone.now()
    copies = [tagged(WIRE if i else f"عاجل: {WIRE}", outlet=i % 3, when=now - timedelta(hours=10) + timedelta(minutes=30 * i),
                     evidence="وقعت مصر وباكستان اتفاقية للتعاون الدفاعي") for i in range(10)]
    make_story(*copies)
    other = tagged("مباحثات تجارية بين مصر وباكستان", topics=[("trade-economy", 0.9)], outlet=1)
    return copies, other


def send_due():
    now = timezone.now()
    return [sending.send(pk, now=now) for pk in sending.due_deliveries(now)]


def test_ten_copies_are_one_story_with_the_other_outlets_named(mail_settings, smtp_server, wire):
    copies, _other = wire
    subscriber("reader@example.net", language="en")
    assert send_due() == ["sent"]
    [message] = smtp_server.messages
    text, html = parts(message)
    assert header(message, "Subject") == "2 new stories: Egypt – Pakistan"
    assert html.count(WIRE) == 1 and text.count(WIRE) == 1
    assert f"عاجل: {WIRE}" in html  # the story's first article
    assert "== Egypt – Pakistan · 2 stories · 11 articles ==" in text
    assert "-- Defence industry (1 story) --" in text
    assert "Also in: صحيفة الرياض اليوم (Saudi Arabia) · الخليج الإخبارية (United Arab Emirates)" in text
    assert "Also in: صحيفة الرياض اليوم (Saudi Arabia)" in html
    assert Delivery.objects.get().articles == 11


def test_in_arabic(mail_settings, smtp_server, wire):
    subscriber("qari@example.net")
    send_due()
    text, html = parts(smtp_server.messages[0])
    assert header(smtp_server.messages[0], "Subject") == "2 قصتان جديدتان: مصر – باكستان"
    assert "== مصر – باكستان · 2 قصتان · 11 مقالًا ==" in text
    assert "نُشر أيضًا في: صحيفة الرياض اليوم" in html


def test_counting_articles_lists_every_copy(mail_settings, smtp_server, wire):
    subscriber("counter@example.net", language="en", query="count=articles")
    send_due()
    [message] = smtp_server.messages
    text, html = parts(message)
    assert header(message, "Subject") == "11 new articles: Egypt – Pakistan"
    assert "== Egypt – Pakistan · 11 articles · 2 stories ==" in text
    assert text.count(WIRE) == 10 and "Also in:" not in text


def test_the_content_counts_each_story_once_in_a_fixed_number_of_queries(wire, django_assert_max_num_queries):
    now = timezone.now()
    selections = [contents.Selection(pairs=(("EG", "PK"),)), contents.Selection(pairs=(("EG", "PK"),),
                                                                                query="count=articles")]
    with django_assert_max_num_queries(2):
        composed = contents.compose_many(selections, now - timedelta(days=1), now)
    stories, articles = (composed[s] for s in selections)
    assert (stories.total, stories.stories, stories.articles, stories.shown) == (2, 2, 11, 2)
    assert (articles.total, articles.shown) == (11, 11)
    item = stories.items()[0]
    assert item.articles == 10 and len(item.copies) == 2
