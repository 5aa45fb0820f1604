"""Storing what the tagger (the pure library newsmonitor.tagging) says of stored
articles. The pipeline step that calls this and then refreshes the read models is
newsmonitor.pipeline.tag."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsmonitor.articles import corrections
from newsmonitor.articles.models import Article, ArticleCountry, ArticlePair, ArticleTopic
from newsmonitor.rules import current_tagger, tagger_version

TAGGABLE = [Article.Extraction.DONE, Article.Extraction.SUMMARY]
__all__ = ["TAGGABLE", "tag_articles", "taggable", "tagger_version", "untagged_article_ids"]


def text_of(article):
    return article.body or article.summary


def taggable(article_ids):
    """Those of these articles that have text to tag (extracted, or kept the summary)."""
    return list(Article.objects.filter(pk__in=article_ids, extraction_status__in=TAGGABLE).order_by("pk"))


def tag_articles(articles):
    """Tags a batch and replaces its tags in one transaction: readers see the old tags
    or the new ones, never a mixture. Editors' corrections are laid over the tagger's
    answer (corrections.py), so they survive every re-tag. Returns the articles' ids."""
    engine = current_tagger()
    results = [(article, engine.tag(article.title, text_of(article), language=article.language or None))
               for article in articles]
    now = timezone.now()
    ids = [article.pk for article, _ in results]
    fixes = corrections.overlays(ids)
    countries, pairs, topics = [], [], []
    for article, result in results:
        rows = country_rows(article, result), pair_rows(article, result), topic_rows(article, result)
        if article.pk in fixes:
            rows = fixes[article.pk].apply(article, *rows)
        countries += rows[0]
        pairs += rows[1]
        topics += rows[2]
    with transaction.atomic():
        for model in (ArticleCountry, ArticlePair, ArticleTopic):
            model.objects.filter(article_id__in=ids).delete()
        ArticleCountry.objects.bulk_create(countries, ignore_conflicts=True)
        ArticlePair.objects.bulk_create(pairs, ignore_conflicts=True)
        ArticleTopic.objects.bulk_create(topics, ignore_conflicts=True)
        Article.objects.filter(pk__in=ids).update(tagged_at=now, tagger_version=tagger_version(engine))
        Article.objects.filter(pk__in=ids, first_tagged_at__isnull=True).update(first_tagged_at=now)
    return ids


def country_rows(article, result):
    return [ArticleCountry(article=article, day=article.day, code=d.code, mentions=d.mentions,
                           first_position=d.first_position, score=d.salience, forms=list(d.forms[:20]))
            for d in result.country_details]


def pair_rows(article, result):
    return [ArticlePair(article=article, day=article.day, a=d.pair[0], b=d.pair[1], score=d.score, primary=d.primary,
                        evidence=list(d.evidence[:5]), cues=list(d.cues[:20]))
            for d in result.pair_details]


def topic_rows(article, result):
    return [ArticleTopic(article=article, day=article.day, topic=d.topic, score=d.score, terms=list(d.terms[:30]))
            for d in result.topic_details]


def untagged_article_ids(older_than_seconds=None, limit=1000):
    """Articles whose tagging task was lost (a worker killed between extraction and
    tagging): found again by the periodic sweep (after settings.NEWSMONITOR_LOST_AFTER_SECONDS)."""
    older_than_seconds = older_than_seconds or settings.NEWSMONITOR_LOST_AFTER_SECONDS
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    return list(
        Article.objects.filter(extraction_status__in=TAGGABLE, tagged_at__isnull=True, extracted_at__lt=cutoff)
        .values_list("id", flat=True)[:limit]
    )
