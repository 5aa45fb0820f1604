import json
from io import StringIO

import pytest
from django.core.management import call_command

from newsmonitor.articles.corrections import correct
from newsmonitor.articles.models import Article, ArticleCountry, ArticlePair, ArticleTopic
from newsmonitor import pipeline
from newsmonitor.articles.tags import tagger_version
from newsmonitor.demo import SITE_DIR
from newsmonitor.lib.pages import extract_page
from newsmonitor.lib.fetch import decode_body
from newsmonitor.tagging import Tagger

pytestmark = [pytest.mark.core, pytest.mark.django_db]

PAGE = "nile/2025-10-05-egypt-pakistan-military-production.html"


def demo_article(path=PAGE, **fields):
    page = extract_page(decode_body((SITE_DIR / path).read_bytes())[0])
    return Article.objects.create(url=f"https://nile.example/{path}", title=page.title, body=page.body,
                                  published_at=page.published_at, extraction_status="done", **fields)


def test_it_stores_countries_pairs_and_topics_with_their_evidence():
    # Storage, not accuracy (the gold set measures that): the rows say what the tagger said.
    article = demo_article()
    expected = Tagger.load().tag(article.title, article.body).as_dict()
    assert pipeline.tag([article.pk]) == [article.pk]
    assert sorted(ArticleCountry.objects.filter(article=article).values_list("code", flat=True)) == expected["countries"]
    pairs = {(p.a, p.b): p for p in ArticlePair.objects.filter(article=article)}
    assert sorted(map(list, pairs)) == expected["pairs"] and ("EG", "PK") in pairs
    assert pairs[("EG", "PK")].primary and sum(p.primary for p in pairs.values()) == 1
    assert pairs[("EG", "PK")].evidence and all(isinstance(s, str) for s in pairs[("EG", "PK")].evidence)
    topics = set(ArticleTopic.objects.filter(article=article).values_list("topic", flat=True))
    assert sorted(topics) == expected["topics"] and {"defence-industry", "diplomacy-visits"} <= topics
    article.refresh_from_db()
    assert article.tagger_version == tagger_version() and article.tagged_at
    assert {p.day for p in pairs.values()} == {article.published_at.date()}


def test_it_replaces_machine_tags_and_keeps_an_editors_correction(settings):
    article = demo_article()
    pipeline.tag([article.pk])
    correct(article, "pair", "SA-EG", "add")
    ArticleTopic.objects.filter(article=article).update(score=-1)
    pipeline.tag([article.pk])
    assert ArticleTopic.objects.filter(article=article, score=-1).count() == 0
    assert ArticlePair.objects.filter(article=article, source="editor", a="EG", b="SA").exists()
    assert ArticlePair.objects.filter(article=article, a="EG", b="PK").count() == 1


def test_it_does_not_tag_an_article_before_extraction():
    article = Article.objects.create(url="https://x.example/1", title="مصر وباكستان")
    assert pipeline.tag([article.pk]) == []
    assert not ArticleCountry.objects.exists()


def test_retag_tags_what_the_current_tagger_has_not_and_resumes(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    done = demo_article(tagger_version=tagger_version())
    stale = [demo_article(path, tagger_version="0.0.1") for path in (
        "najd/2025-09-18-saudi-pakistan-strategic-defence-agreement.html",
        "khaleej/2025-09-16-egypt-turkey-strategic-council.html",
    )]
    # An interrupted earlier run left a checkpoint after the first stale article.
    key = {"since": None, "all": False, "version": tagger_version()}
    (tmp_path / "retag-checkpoint.json").write_text(json.dumps({**key, "last_id": stale[0].pk}))
    out = StringIO()
    call_command("retag", "--batch", "1", stdout=out, stderr=StringIO())
    assert "resuming after article" in out.getvalue() and "re-tagged 1 article" in out.getvalue()
    assert ArticlePair.objects.filter(article=stale[1], a="EG", b="TR").exists()
    assert not ArticlePair.objects.filter(article__in=[done, stale[0]]).exists()
    assert not (tmp_path / "retag-checkpoint.json").exists()
    call_command("retag", stdout=out, stderr=StringIO())
    assert ArticlePair.objects.filter(article=stale[0]).exists()


def test_retag_all_since_a_date(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    article = demo_article(tagger_version=tagger_version())
    out = StringIO()
    call_command("retag", "--all", "--since", "2025-10-01", stdout=out, stderr=StringIO())
    assert "re-tagged 1 article" in out.getvalue()
    call_command("retag", "--all", "--since", "2025-10-06", stdout=out, stderr=StringIO())
    assert "re-tagged 0 article" in out.getvalue()
    assert ArticlePair.objects.filter(article=article).exists()


def test_retag_all_after_a_tagger_change_moves_the_timelines():
    """A new tagger release re-tags what an older one stored: the old pairs leave the
    pair timelines and the new ones arrive, through the command, not a test shortcut."""
    from newsmonitor.timelines.models import PairEntry

    article = demo_article(tagger_version="1.2.0")
    pipeline.tag([article.pk])
    # What an older release said and the read model still shows: a pair the tagger
    # does not find in this article.
    ArticlePair.objects.filter(article=article).delete()
    ArticlePair.objects.create(article=article, a="FR", b="GB", day=article.day, score=1.0)
    PairEntry.objects.filter(article=article, a="EG", b="PK").update(a="FR", b="GB")
    Article.objects.filter(pk=article.pk).update(tagger_version="1.2.0")
    call_command("retag", "--all", stdout=StringIO(), stderr=StringIO())
    machine = set(ArticlePair.objects.filter(article=article).values_list("a", "b"))
    shown = set(PairEntry.objects.filter(article=article).values_list("a", "b"))
    assert ("EG", "PK") in machine and ("FR", "GB") not in machine
    assert shown == machine
    article.refresh_from_db()
    assert article.tagger_version == tagger_version()
