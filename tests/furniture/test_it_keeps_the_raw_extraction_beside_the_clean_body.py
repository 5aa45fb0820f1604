"""The stored body is the extraction less its outlet's furniture, paragraph for
paragraph; the extraction itself is kept (Article.raw_body), so nothing is lost; an
article with no furniture is stored as extracted. A wire story carried by two outlets
under two footers has one content hash once each footer is learned."""

import pytest

from newsmonitor.articles.boilerplate import paragraphs, strip, paragraph_key

from .conftest import APP_PROMOTION, COMMENT_POLICY, body_of, story

pytestmark = [pytest.mark.core, pytest.mark.django_db]


def test_the_body_loses_the_furniture_and_nothing_else(nile, read):
    for n in range(5):
        read(nile, story(n)[:1] + [APP_PROMOTION] + story(n)[1:] + [COMMENT_POLICY])
    printed = story(9)[:1] + [APP_PROMOTION] + story(9)[1:] + [COMMENT_POLICY]
    article = read(nile, printed)
    assert article.raw_body == body_of(printed) == article.raw_text
    assert paragraphs(article.body) == story(9)  # in order, every one of the story's own
    assert article.body == body_of(story(9))


def test_an_article_without_furniture_is_stored_as_extracted(nile, read):
    for n in range(5):
        read(nile, story(n) + [COMMENT_POLICY])
    article = read(nile, story(7))
    assert article.body == body_of(story(7)) and article.raw_body == "" and article.raw_text == article.body


def test_stripping_keeps_the_layout_of_the_rest():
    body = "أ ب ج\n\nفقرة الأثاث هنا\n\nد هـ و\n\nفقرة الأثاث هنا"
    assert strip(body, {paragraph_key("فقرة الأثاث هنا")}) == "أ ب ج\n\nد هـ و"
    assert strip(body, {paragraph_key("فقرة أخرى")}) is body
    assert strip(body, set()) is body


def test_one_story_under_two_outlets_footers_has_one_content_hash(nile, gulf, read):
    other_footer = "جميع المواد المنشورة محمية بحقوق النشر ولا يجوز نقلها دون إذن مكتوب من إدارة الصحيفة."
    for n in range(5):
        read(nile, story(n) + [COMMENT_POLICY])
        read(gulf, story(n + 5) + [other_footer])
    wire = story(12)
    title = "وزير مصري يبحث مع وفد زائر سبل التعاون"
    here, there = read(nile, wire + [COMMENT_POLICY], title), read(gulf, wire + [other_footer], title)
    assert here.raw_body != there.raw_body
    assert here.body == there.body and here.content_hash == there.content_hash
