"""A paragraph becomes its outlet's furniture once it is in MIN_ARTICLES distinct articles
of the outlet and a real share of its latest ones; a story's own sentence that a couple
of follow-ups quote does not, nor one that comes back rarely, nor what another outlet
prints."""

import pytest

from newsmonitor.articles import boilerplate
from newsmonitor.articles.models import OutletLearner, OutletParagraph

from .conftest import COMMENT_POLICY, story

pytestmark = [pytest.mark.core, pytest.mark.django_db]


def row(outlet, text):
    return OutletParagraph.objects.get(outlet=outlet, key=boilerplate.paragraph_key(text))


def test_it_learns_a_paragraph_in_enough_articles_and_strips_it_from_then_on(nile, read):
    assert boilerplate.MIN_ARTICLES == 5
    for n in range(4):
        article = read(nile, story(n) + [COMMENT_POLICY])
        assert COMMENT_POLICY in article.body  # not yet known as furniture
    assert not row(nile, COMMENT_POLICY).learned and row(nile, COMMENT_POLICY).articles == 4
    fifth = read(nile, story(4) + [COMMENT_POLICY])
    learned = row(nile, COMMENT_POLICY)
    assert learned.learned and learned.furniture and learned.learned_at and learned.articles == 5
    assert COMMENT_POLICY not in fifth.body and story(4)[0] in fifth.body
    assert COMMENT_POLICY not in read(nile, story(5) + [COMMENT_POLICY]).body
    # The story paragraphs, each in one article, are counted and nothing more; a paragraph's
    # text is kept once it recurs.
    assert not OutletParagraph.objects.filter(outlet=nile, learned=True).exclude(pk=learned.pk).exists()
    assert row(nile, story(0)[0]).articles == 1 and row(nile, story(0)[0]).example == ""
    assert learned.example == COMMENT_POLICY
    assert OutletLearner.objects.get(outlet=nile).articles == 6


def test_a_sentence_quoted_by_two_follow_ups_stays_in_the_story(nile, read):
    quoted = "وكانت الوزارة قد أعلنت في وقت سابق أن المرحلة الأولى من المشروع ستكتمل خلال عامين."
    for n in range(10):
        # The original (article 3) and two follow-ups (5 and 8) repeat its background sentence.
        article = read(nile, story(n) + ([quoted] if n in (3, 5, 8) else []))
        if n in (3, 5, 8):
            assert quoted in article.body
    assert not row(nile, quoted).learned and row(nile, quoted).articles == 3


def test_a_paragraph_that_comes_back_rarely_is_not_furniture(nile, read):
    # Five articles carry it, but one in twenty of the outlet's: no real share of them.
    background = "ويعود تاريخ التعاون بين الجانبين في هذا المجال إلى منتصف القرن الماضي."
    for n in range(100):
        read(nile, story(n) + ([background] if n % 20 == 19 else []))
    seen = row(nile, background)
    assert seen.articles == 5 and not seen.learned
    assert boilerplate.share(seen, 100) < boilerplate.MIN_SHARE


def test_each_outlet_learns_from_its_own_articles(nile, gulf, read):
    for n in range(8):
        read(nile if n % 2 else gulf, story(n) + [COMMENT_POLICY])
    assert row(nile, COMMENT_POLICY).articles == row(gulf, COMMENT_POLICY).articles == 4
    assert not OutletParagraph.objects.filter(learned=True).exists()
    assert COMMENT_POLICY not in read(gulf, story(9) + [COMMENT_POLICY]).body
    assert row(gulf, COMMENT_POLICY).learned and not row(nile, COMMENT_POLICY).learned


def test_an_article_counts_a_paragraph_once_however_often_it_prints_it(nile, read):
    for n in range(4):
        read(nile, story(n) + [COMMENT_POLICY, COMMENT_POLICY])
    assert row(nile, COMMENT_POLICY).articles == 4 and not row(nile, COMMENT_POLICY).learned
