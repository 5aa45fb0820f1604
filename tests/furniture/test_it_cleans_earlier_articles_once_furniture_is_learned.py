"""When a paragraph becomes furniture, the outlet's latest articles that were stored with
it are cleaned from their raw extraction and re-tagged, and their read models follow
(the pipeline's reclean step): a state named only in the furniture leaves their tags.
The step is bounded to the outlet's latest RECLEAN_LIMIT articles."""

import pytest

from newsmonitor import pipeline
from newsmonitor.articles import boilerplate
from newsmonitor.articles.models import ArticleCountry, OutletLearner
from newsmonitor.timelines.models import ArticleDoc

from .conftest import APP_PROMOTION, COMMENT_POLICY, body_of, story

pytestmark = [pytest.mark.core, pytest.mark.django_db]


def stored_and_tagged(read, outlet, n):
    article = read(outlet, story(n) + [APP_PROMOTION, COMMENT_POLICY])
    pipeline.tag([article.pk])
    return article


def countries(article):
    return set(ArticleCountry.objects.filter(article=article).values_list("code", flat=True))


def test_the_earlier_articles_are_cleaned_and_re_tagged(nile, read):
    earlier = [stored_and_tagged(read, nile, n) for n in range(4)]
    assert all({"TN", "MA"} <= countries(a) for a in earlier)  # the app promotion names them
    assert " TN " in ArticleDoc.objects.get(article=earlier[0]).countries
    fifth = stored_and_tagged(read, nile, 4)  # teaches the outlet both paragraphs
    assert OutletLearner.objects.get(outlet=nile).reclean_due
    assert {"TN", "MA"}.isdisjoint(countries(fifth))

    changed = pipeline.reclean(nile.pk)  # what the extract step runs next

    assert sorted(changed) == sorted(a.pk for a in earlier)
    assert not OutletLearner.objects.get(outlet=nile).reclean_due
    for n, article in enumerate(earlier):
        article.refresh_from_db()
        assert article.body == body_of(story(n))
        assert article.raw_body == body_of(story(n) + [APP_PROMOTION, COMMENT_POLICY])
        assert countries(article) == {"EG"}
        doc = ArticleDoc.objects.get(article=article)
        assert "TN" not in doc.countries and "تونس" not in doc.search_text
    assert pipeline.reclean(nile.pk) == []  # nothing left to do: a second run changes nothing


def test_it_looks_at_no_more_than_the_outlets_latest_articles(nile, read, monkeypatch):
    monkeypatch.setattr(boilerplate, "RECLEAN_LIMIT", 6)
    older = [stored_and_tagged(read, nile, n) for n in range(4)]
    other = [read(nile, story(n)) for n in range(4, 8)]
    stored_and_tagged(read, nile, 8)
    changed = boilerplate.reclean_outlet(nile.pk)
    # The latest six are articles 3 to 8: of those, only article 3 carried the furniture.
    assert changed == [older[3].pk]
    older[0].refresh_from_db()
    assert COMMENT_POLICY in older[0].body and older[0].raw_body == ""
    assert all(a.body == body_of(story(4 + i)) for i, a in enumerate(other))


def test_the_extract_step_hands_the_outlet_on_when_it_is_due(nile, read):
    from newsmonitor.articles import extraction
    from newsmonitor.lib.pages import Extracted
    from newsmonitor.articles.models import Article

    for n in range(4):
        stored_and_tagged(read, nile, n)
    article = Article.objects.create(url="https://nile.example/fifth", outlet=nile, title="خبر خامس",
                                     extraction_status="running")
    status, due = extraction.save_extraction(article, Extracted(body=body_of(story(4) + [COMMENT_POLICY]),
                                                                 ok=True, language="ar"))
    assert (status, due) == ("done", True)
    # A later article of the outlet, while a re-clean is still due (a lost one), hands it on again.
    later = Article.objects.create(url="https://nile.example/sixth", outlet=nile, extraction_status="running")
    assert extraction.save_extraction(later, Extracted(body=body_of(story(5)), ok=True, language="ar"))[1]
    pipeline.reclean(nile.pk)
    last = Article.objects.create(url="https://nile.example/seventh", outlet=nile, extraction_status="running")
    assert extraction.save_extraction(last, Extracted(body=body_of(story(6)), ok=True, language="ar")) == ("done", False)
