"""Extractions of one outlet's articles at once (workers side by side) count each article
once and clean in turn: the outlet's learner row is locked while an article is learned
from, so no count is lost and an article saved after a paragraph was learned is clean."""

import itertools

import pytest

from newsmonitor.articles.boilerplate import paragraph_key
from newsmonitor.articles.extraction import save_extraction
from newsmonitor.articles.models import Article, OutletLearner, OutletParagraph
from newsmonitor.lib.pages import Extracted
from tests.support.threads import race

from .conftest import COMMENT_POLICY, body_of, story

pytestmark = [pytest.mark.core]


@pytest.mark.django_db(transaction=True)
def test_racing_extractions_lose_no_count(nile):
    articles = [Article.objects.create(url=f"https://nile.example/race/{n}", outlet=nile, extraction_status="running")
                for n in range(8)]
    queue = itertools.count()

    def extract_next():
        n = next(queue)
        save_extraction(articles[n], Extracted(body=body_of(story(n) + [COMMENT_POLICY]), ok=True, language="ar"))

    race(extract_next, times=8)

    assert OutletLearner.objects.get(outlet=nile).articles == 8
    policy = OutletParagraph.objects.get(outlet=nile, key=paragraph_key(COMMENT_POLICY))
    assert policy.articles == 8 and policy.learned
    stored = Article.objects.filter(outlet=nile)
    # Those saved after the fifth are clean; the first four wait for the re-clean.
    assert sum(COMMENT_POLICY in a.body for a in stored) == 4
    assert all(COMMENT_POLICY in a.raw_text for a in stored)
