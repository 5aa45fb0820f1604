"""Arabic-aware search: a word finds its clitic-prefixed and nisba forms, hamza/alef
and yaa/alef-maqsura spellings match, results are highlighted; on PostgreSQL the
GIN index serves it."""

import os
from datetime import datetime, timezone

import pytest
from django.db import connection

from newsmonitor.tagging import normalize, word_forms
from newsmonitor.timelines.search import fulltext as search
from newsmonitor.timelines.models import ArticleDoc
from newsmonitor.timelines.readmodels.rollups import refresh_for_articles
from tests.support.factory import load_sample, make_article

IN_CI = os.getenv("CI", "").lower() == "true"


def require_postgres():
    if connection.vendor != "postgresql":
        if IN_CI:
            pytest.fail("this test needs PostgreSQL (DATABASE_URL) in CI")
        pytest.skip("needs PostgreSQL")


@pytest.mark.parametrize("word, form", [
    ("وباكستان", "باكستان"), ("لباكستان", "باكستان"), ("الباكستانية", "باكستان"), ("الباكستاني", "باكستان"),
    ("بالسعودية", "السعوديه"), ("والمصريين", "مصر"), ("للإمارات", "الامارات"),
])
def test_a_word_contributes_its_stripped_forms(word, form):
    assert form in word_forms(normalize(word))


@pytest.mark.parametrize("one, two", [("أنقرة", "انقرة"), ("إسلام", "اسلام"), ("آباد", "اباد"),
                                      ("مصطفى", "مصطفي"), ("القاهرة", "القاهره"), ("مُؤتمر", "مؤتمر")])
def test_spelling_variants_normalise_alike(one, two):
    assert normalize(one) == normalize(two)


def test_short_words_are_not_stripped_to_noise():
    assert word_forms("بلد") == frozenset({"بلد"})


@pytest.fixture
def corpus(db):
    load_sample()
    outlet = None
    when = datetime(2025, 10, 5, 9, tzinfo=timezone.utc)
    texts = {
        "hamza": ("مؤتمر في أنقرة", "عقد مؤتمر في أنقرة حضره وزير الدفاع."),
        "maqsura": ("تصريح مصطفى", "قال المهندس محمد صلاح الدين مصطفي إن التعاون مستمر."),
    }
    made = {key: make_article(title, body, outlet=outlet, published=when, url=f"http://x.example/{key}")
            for key, (title, body) in texts.items()}
    refresh_for_articles([a.pk for a in made.values()])
    return made


def found(query):
    return set(search.filter_queryset(ArticleDoc.objects.all(), query).values_list("article__title", flat=True))


def test_a_search_for_pakistan_finds_every_form(corpus):
    titles = found("باكستان")
    assert "لباكستان دور في أمن الخليج بحسب مسؤول سعودي" in titles          # لباكستان
    assert "مصر وباكستان تبحثان تعزيز التعاون في مجال التصنيع العسكري" in titles  # وباكستان
    assert "وزير الخارجية المصري يستقبل نظيره الباكستاني" in titles           # الباكستاني
    assert "تدريبات عسكرية مشتركة بين القوات المصرية والباكستانية" in titles   # والباكستانية
    assert "مصر والسعودية تبحثان مشروعات الطاقة المتجددة" not in titles


def test_hamza_and_alef_maqsura_variants_match(corpus):
    assert "مؤتمر في أنقرة" in found("انقره")
    assert found("أنقرة") == found("انقره")
    assert "تصريح مصطفى" in found("مصطفى") and "تصريح مصطفى" in found("مصطفي")


def test_every_word_must_match_and_minus_excludes(corpus):
    assert found("باكستان تدريبات") == {"تدريبات عسكرية مشتركة بين القوات المصرية والباكستانية"}
    assert "تدريبات عسكرية مشتركة بين القوات المصرية والباكستانية" not in found("باكستان -تدريبات")
    assert found("!!!") == set()


def test_the_search_page_highlights_results(client, corpus):
    html = client.get("/search/", {"q": "باكستان"}).content.decode()
    assert '<mark class="hit">لباكستان</mark>' in html
    assert '<mark class="hit">والباكستانية</mark>' in html
    assert 'class="snippet" dir="rtl" lang="ar"' in html


def test_search_combines_with_filters(client, corpus):
    response = client.get("/search/", {"q": "باكستان", "topic": "conflict"})
    assert [row.article.title for row in response.context["rows"]] == ["الهند وباكستان: توتر على الحدود"]
    assert response.context["count"] == {"n": 1, "more": False}


def test_search_page_queries_are_bounded(client, corpus, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        client.get("/search/", {"q": "مصر"})


def test_postgres_uses_the_gin_index(corpus):
    require_postgres()
    sql, params = search.doc_condition("باكستان")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(f'EXPLAIN SELECT article_id FROM timelines_articledoc WHERE {sql}', params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "timelines_doc_vector_gin" in plan


def test_postgres_stock_arabic_stemmer_misses_what_ours_finds(corpus):
    """Why the search column exists (issue 4): the `arabic` configuration stems
    باكستان and لباكستان to different words."""
    require_postgres()
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('arabic', 'لباكستان') @@ plainto_tsquery('arabic', 'باكستان')")
        assert cursor.fetchone()[0] is False
    assert "لباكستان دور في أمن الخليج بحسب مسؤول سعودي" in found("باكستان")


def test_a_country_name_also_finds_its_adjective(db):
    from newsmonitor.timelines.names import country_adjectives

    if not country_adjectives():
        pytest.skip("the tagger's gazetteer (countries.json) is not there")
    article = make_article("وفد من الخارجية الروسية في القاهرة", "زار وفد من الخارجية الروسية القاهرة أمس.",
                           published=datetime(2025, 10, 5, 9, tzinfo=timezone.utc), url="http://x.example/ru")
    refresh_for_articles([article.pk])
    assert found("روسيا") == {"وفد من الخارجية الروسية في القاهرة"}
    assert search.terms_for_highlight("روسيا")[:2] == ["روسيا", "روسي"]
