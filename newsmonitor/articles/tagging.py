"""Tagging stored articles with the pure tagger library (newsmonitor.tagging)."""

from django.db import transaction
from django.utils import timezone

from newsmonitor.articles.models import Article, ArticleCountry, ArticlePair, ArticleTopic, Tag

MACHINE = Tag.Source.MACHINE
TAGGABLE = [Article.Extraction.DONE, Article.Extraction.SUMMARY]


def tagger():
    from newsmonitor.tagging import Tagger

    return Tagger.load()


def tagger_version():
    from newsmonitor.tagging import TAGGER_VERSION

    return TAGGER_VERSION


def text_of(article):
    return article.body or article.summary


def tag_article(article_id):
    """Tags one article; returns False when it has no text yet."""
    article = Article.objects.filter(pk=article_id, extraction_status__in=TAGGABLE).first()
    if article is None:
        return False
    tag_articles([article])
    return True


def tag_articles(articles):
    """Tags a batch and replaces its machine tags in one transaction: readers see the
    old tags or the new ones, never a mixture, and editors' tags are left alone."""
    engine = tagger()
    results = [(article, engine.tag(article.title, text_of(article), language=article.language or None))
               for article in articles]
    now = timezone.now()
    countries, pairs, topics = [], [], []
    for article, result in results:
        countries += country_rows(article, result)
        pairs += pair_rows(article, result)
        topics += topic_rows(article, result)
    ids = [article.pk for article, _ in results]
    with transaction.atomic():
        for model in (ArticleCountry, ArticlePair, ArticleTopic):
            model.objects.filter(article_id__in=ids, source=MACHINE).delete()
        ArticleCountry.objects.bulk_create(countries, ignore_conflicts=True)
        ArticlePair.objects.bulk_create(pairs, ignore_conflicts=True)
        ArticleTopic.objects.bulk_create(topics, ignore_conflicts=True)
        Article.objects.filter(pk__in=ids).update(tagged_at=now, tagger_version=tagger_version())
    # The dashboard reads its own tables (newsmonitor.timelines.models): bring them in
    # step now, so a tagged article is on its timeline as soon as the task ends.
    from newsmonitor.timelines.readmodels.rollups import refresh_for_articles

    refresh_for_articles(ids)


def country_rows(article, result):
    return [
        ArticleCountry(article=article, day=article.day, code=d["code"], mentions=d.get("mentions", 0),
                       first_position=d.get("first_position", 0), score=d.get("salience", 0),
                       forms=d.get("forms", [])[:20])
        for d in result.get("country_details", []) if d["code"] in result["countries"]
    ]


def pair_rows(article, result):
    return [
        ArticlePair(article=article, day=article.day, a=d["pair"][0], b=d["pair"][1], score=d.get("score", 0),
                    primary=bool(d.get("primary")), evidence=d.get("evidence", [])[:5], cues=d.get("cues", [])[:20])
        for d in result.get("pair_details", []) if list(d["pair"]) in result["pairs"]
    ]


def topic_rows(article, result):
    return [
        ArticleTopic(article=article, day=article.day, topic=d["topic"], score=d.get("score", 0),
                     terms=d.get("terms", [])[:30])
        for d in result.get("topic_details", []) if d["topic"] in result["topics"]
    ]


def untagged_article_ids(older_than_minutes=10, limit=1000):
    """Articles whose tagging task was lost (a worker killed between extraction and
    tagging): found again by the periodic sweep."""
    cutoff = timezone.now() - timezone.timedelta(minutes=older_than_minutes)
    return list(
        Article.objects.filter(extraction_status__in=TAGGABLE, tagged_at__isnull=True, extracted_at__lt=cutoff)
        .values_list("id", flat=True)[:limit]
    )
