"""A change's preview, made in the admin before saving, gives the figures a real re-tag
then stores: the same tags added and removed on the same articles (countries, pairs,
topics), the same totals, and the same primary pairs; the page links each article and
shows the evidence."""

from collections import Counter

import pytest
from django.urls import reverse

from newsmonitor import retagging
from newsmonitor.articles.models import Article, ArticlePair
from newsmonitor.rules.models import RetagJob
from newsmonitor.tagging import TAGGER_VERSION
from tests.rules.conftest import add_form, add_url, change_form, change_url, shipped_row, tags_of

pytestmark = [pytest.mark.django_db]


def take_out_egypt():
    egypt = shipped_row("country", "EG", "names", "مصر")
    return change_url(egypt), change_form(egypt, active=False)


def add_a_diplomacy_term():
    return add_url(), add_form(kind="topic", target="diplomacy-visits", term="وزير", weight="3")


def primary_pairs(ids):
    found = {pk: "" for pk in ids}
    for pk, a, b in ArticlePair.objects.filter(article_id__in=ids, primary=True, source="machine").values_list(
            "article_id", "a", "b"):
        found[pk] = f"{a}-{b}"
    return found


@pytest.mark.parametrize("change", [take_out_egypt, add_a_diplomacy_term])
def test_the_preview_gives_what_the_retag_stores(admin_client, demo_articles, change):
    ids = [a.pk for a in demo_articles]
    before = {pk: tags_of(pk) for pk in ids}
    primary_before = primary_pairs(ids)
    url, form = change()

    response = admin_client.post(url, {**form, "_preview": "Preview"})
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.examined == len(ids) and preview.changed > 0

    assert admin_client.post(url, form).status_code == 302
    job = RetagJob.objects.get()
    assert retagging.run(job.pk) == (retagging.DONE, None)
    assert set(Article.objects.values_list("tagger_version", flat=True)) == {f"{TAGGER_VERSION}+r1"}

    after = {pk: tags_of(pk) for pk in ids}
    stored = {pk: (after[pk] - before[pk], before[pk] - after[pk]) for pk in ids if after[pk] != before[pk]}
    previewed = {c.article.pk: ({(t.kind, t.tag) for t in c.added}, {(t.kind, t.tag) for t in c.removed})
                 for c in preview.articles if c.added or c.removed}
    assert stored == previewed

    totals = Counter()
    for added, removed in stored.values():
        totals.update((kind, "added") for kind, _ in added)
        totals.update((kind, "removed") for kind, _ in removed)
    assert {(kind, way): n for kind, ways in preview.totals.items() for way, n in ways.items() if n} == dict(totals)

    primary_after = primary_pairs(ids)
    moved = {pk: (primary_before[pk], primary_after[pk]) for pk in ids if primary_before[pk] != primary_after[pk]}
    assert moved == {c.article.pk: c.primary for c in preview.articles if c.primary}

    page = response.content.decode()
    for c in preview.shown:
        assert reverse("timelines:article", args=[c.article.pk]) in page
    for kind, ways in preview.totals.items():
        for way, n in ways.items():
            assert f'data-kind="{kind}" data-change="{way}">{n}<' in page


def test_the_evidence_is_shown(admin_client, demo_articles):
    url, form = take_out_egypt()
    response = admin_client.post(url, {**form, "_preview": "Preview"})
    preview, page = response.context["preview"], response.content.decode()
    egypt = [tag for c in preview.articles for tag in c.removed if tag.kind == "country" and tag.tag == "EG"]
    assert egypt and all(any("مصر" in form for form in tag.evidence) for tag in egypt)
    pairs = [tag for c in preview.articles for tag in c.removed if tag.kind == "pair"]
    assert pairs and all(tag.evidence for tag in pairs)
    assert f'<li dir="rtl" lang="ar">{pairs[0].evidence[0]}</li>' in page
    assert 'data-kind="country" data-tag="EG"' in page


def test_the_number_of_articles_is_bounded(admin_client, demo_articles):
    url, form = take_out_egypt()
    response = admin_client.post(url, {**form, "preview_size": "5", "_preview": "Preview"})
    assert response.context["preview"].examined == 5
    response = admin_client.post(url, {**form, "preview_size": "1000000", "_preview": "Preview"})
    assert "preview" not in response.context and "preview_size" in response.context["adminform"].form.errors
