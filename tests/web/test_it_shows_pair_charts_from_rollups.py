"""The pair timeline's chart comes from a roll-up (PairTopicDay) kept in step with the
tags, and the same numbers as counting the pair's rows; a word filter answers from the
newest articles first and says so, and its list is the list of an exhaustive search."""

import io
import random
import re
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from django.core.management import call_command
from django.http import QueryDict

from newsmonitor.articles.models import Article, ArticlePair, ArticleTopic
from newsmonitor.timelines.readmodels import queries
from newsmonitor.timelines.readmodels.filters import Filters
from newsmonitor.timelines.models import PairDay, PairEntry, PairTopicDay
from newsmonitor.tagging import TOPIC_SLUGS
from newsmonitor.timelines.names import TOPIC_BIT
from newsmonitor.timelines.readmodels.rollups import rebuild_rollups, recount_pair_days, refresh_for_articles
from tests.support.factory import make_article, outlets
from tests.support.story_rows import make_story

DEMO_PAGES = [
    "nile/2025-10-05-egypt-pakistan-military-production.html",
    "khaleej/2025-10-19-egypt-pakistan-foreign-ministers-call.html",
    "khaleej/2025-09-16-egypt-turkey-strategic-council.html",
    "indus/2025-09-02-pakistani-frigate-alexandria.html",
    "indus/2025-11-24-pakistan-pavilion-edex-cairo.html",
]


def recount():
    """PairTopicDay and PairDay as they should be, counted from scratch from the
    pair rows."""
    mixes, days = Counter(), Counter()
    for e in PairEntry.objects.all():
        key = (e.a, e.b, e.day, e.topics, e.main_topic, e.language)
        mixes[key + ("n",)] += 1
        mixes[key + ("n_primary",)] += int(e.primary)
        days[(e.a, e.b, e.day, "n")] += 1
        days[(e.a, e.b, e.day, "n_primary")] += int(e.primary)
    return +mixes, +days


def stored():
    mixes, days = Counter(), Counter()
    for r in PairTopicDay.objects.all():
        key = (r.a, r.b, r.day, r.topics, r.main_topic, r.language)
        assert r.n > 0, "no empty roll-up rows"
        mixes[key + ("n",)] += r.n
        mixes[key + ("n_primary",)] += r.n_primary
    for r in PairDay.objects.all():
        days[(r.a, r.b, r.day, "n")] += r.n
        days[(r.a, r.b, r.day, "n_primary")] += r.n_primary
    return +mixes, +days


def assert_rollups_match():
    expected = recount()
    assert expected[0], "the corpus has pair rows"
    assert stored() == expected
    return expected


def test_the_rollup_matches_a_recount_after_tagging_and_retagging(db):
    """Through the real tagging path: the pipeline's tag step stores the tags and refreshes the
    timeline tables; re-tagging one article after its text and date changed moves its
    counts (the old day's rows are recounted too)."""
    from newsmonitor import pipeline
    from newsmonitor.demo import SITE_DIR
    from newsmonitor.lib.pages import extract_page
    from newsmonitor.lib.fetch import decode_body

    made = []
    for path in DEMO_PAGES:
        page = extract_page(decode_body((SITE_DIR / path).read_bytes())[0])
        made.append(Article.objects.create(url=f"https://demo.example/{path}", title=page.title, body=page.body,
                                           published_at=page.published_at, extraction_status="done"))
    pipeline.tag([article.pk for article in made])
    before = assert_rollups_match()

    first = made[0]
    first.published_at = first.published_at - timedelta(days=3)
    first.title = "مصر والسعودية تبحثان مشروعات الطاقة والغاز"
    first.body = "بحث وزيرا الطاقة في مصر والسعودية مشروعات الغاز والربط الكهربائي بين البلدين."
    first.save()
    pipeline.tag([first.pk])
    after = assert_rollups_match()
    assert after != before
    assert PairEntry.objects.filter(article=first, a="EG", b="SA").exists()


def test_the_rollup_follows_every_kind_of_change(db):
    """Tag rows changed by hand (as an editor would) and refreshed: topics, primary,
    language, day, a pair dropped, an article deleted; then rebuilt from scratch."""
    place = outlets()[0]
    when = datetime(2025, 10, 5, 9, tzinfo=timezone.utc)
    articles = [make_article(f"خبر {i} عن مصر وباكستان", "مصر وباكستان والسعودية", outlet=place,
                             published=when - timedelta(days=i % 3, minutes=i), countries=["EG", "PK", "SA"],
                             pairs=[("EG", "PK", i % 2 == 0, "مصر وباكستان"), ("PK", "SA", i % 2 == 1, "")],
                             topics=[("energy", 0.9), ("trade-economy", 0.5)][: 1 + i % 2])
                for i in range(8)]
    refresh_for_articles([a.pk for a in articles])
    assert_rollups_match()

    one, two, three, four = articles[:4]
    ArticleTopic.objects.filter(article=one).delete()                       # no topic left
    ArticleTopic.objects.create(article=two, day=two.day, topic="sports", score=2.0)  # a new main topic
    ArticlePair.objects.filter(article=three, a="PK", b="SA").delete()      # a pair dropped
    ArticlePair.objects.filter(article=three, a="EG", b="PK").update(primary=False)
    Article.objects.filter(pk=four.pk).update(published_at=when - timedelta(days=40), language="en")
    refresh_for_articles([one.pk, two.pk, three.pk, four.pk])
    expected = assert_rollups_match()

    assert stored() == expected
    # Deleting an article deletes its rows with it (a cascade): the roll-ups are then
    # rebuilt from scratch, by the function or the command.
    Article.objects.filter(pk=articles[5].pk).delete()
    assert stored() != recount()
    rebuild_rollups()
    assert_rollups_match()
    PairTopicDay.objects.all().delete()
    PairDay.objects.filter(day=when.date()).delete()
    call_command("refreshtimelines", "--rollups", stdout=io.StringIO())
    assert_rollups_match()


@pytest.fixture
def corpus(db):
    """Sixty EG-PK articles with random topics, primary flags, languages and days."""
    rng = random.Random(7)
    places = outlets()
    made = []
    start = datetime(2025, 6, 1, 8, tzinfo=timezone.utc)
    for i in range(60):
        topics = rng.sample(TOPIC_SLUGS, rng.choice([0, 1, 1, 2, 3]))
        made.append(make_article(
            f"مصر وباكستان {'الطاقة' if i % 3 else 'التجارة'} رقم {i}", "مصر وباكستان", outlet=rng.choice(places),
            published=start + timedelta(days=rng.randrange(200), minutes=i), countries=["EG", "PK"],
            pairs=[("EG", "PK", rng.random() < 0.7, "مصر وباكستان")], language=rng.choice(["ar", "ar", "en"]),
            topics=[(slug, round(rng.uniform(0.2, 1), 2)) for slug in topics]))
    refresh_for_articles([a.pk for a in made])
    return made


def test_recounting_many_pairs_and_days_at_once(corpus):
    PairTopicDay.objects.all().delete()
    PairDay.objects.all().delete()
    days = [date(2025, 5, 1) + timedelta(days=i) for i in range(300)]
    recount_pair_days({(a, b, day) for a, b in [("EG", "PK"), ("AE", "EG"), ("IN", "PK")] for day in days})
    assert_rollups_match()


QUERIES = [
    "", "topic=energy", "topic=energy&topic=sports&topic=conflict", "topic=health,energy&primary=1", "primary=1",
    "from=2025-07-01&to=2025-09-30", "language=en", "language=ar&topic=trade-economy", "interval=day",
    "interval=week&topic=migration&topic=energy", "mode=split", "mode=split&topic=energy&topic=sports",
    "mode=split&primary=1&from=2025-08-01", "mode=split&language=en&interval=month",
]


@pytest.mark.parametrize("count", ["stories", "articles"])
@pytest.mark.parametrize("query", QUERIES)
def test_charts_from_the_rollup_equal_charts_from_the_pair_rows(corpus, query, count):
    # Some articles share a story, so story counts and article counts differ.
    for i in range(0, 30, 3):
        make_story(*corpus[i:i + 3], refresh=False)
    refresh_for_articles([a.pk for a in corpus[:30]])
    filters = Filters.from_query(QueryDict(f"{query}&count={count}"))
    from_rollup = queries.pair_series("EG", "PK", filters)
    from_rows = queries.pair_series("EG", "PK", filters, rows=True)
    assert from_rollup == from_rows
    assert from_rollup.total > 0 or "language=en" in query
    # Both against the rule itself, counted here row by row.
    articles, stories = by_the_rule(filters)
    assert from_rollup.totals == {"articles": sum(articles.values()), "stories": sum(stories.values())}
    if filters.mode != "split" and not filters.interval:
        assert {s["key"]: s["total"] for s in from_rollup.series} == (stories if count == "stories" else articles)


def by_the_rule(filters):
    """({stack: articles}, {stack: stories}) of the EG-PK chart, counted from the rows:
    a story is its first row (by time, then id) matching the filters other than the
    dates, counted when that row is within the dates, in that row's bar segment."""
    undated = replace(filters, start=None, end=None)
    rows = sorted(PairEntry.objects.filter(a="EG", b="PK").values(), key=lambda r: (r["time"], r["article_id"]))
    matching = [r for r in rows if undated.matches(r)]
    firsts = {}
    for row in matching:
        firsts.setdefault(row["story_key"], row)
    within = lambda row: not (filters.start and row["day"] < filters.start or filters.end and row["day"] > filters.end)  # noqa: E731
    articles, stories = Counter(), Counter()
    for row in matching:
        if within(row):
            articles[stack_of(row, filters.topics)] += 1
    for row in firsts.values():
        if within(row):
            stories[stack_of(row, filters.topics)] += 1
    return dict(articles), dict(stories)


def stack_of(row, selected):
    if not selected or row["main_topic"] in selected:
        return row["main_topic"] or "other"
    return next(slug for slug in selected if row["topics"] & TOPIC_BIT[slug])


def test_copies_make_fewer_stories_than_articles(corpus):
    make_story(*corpus[:10])
    chart = queries.pair_series("EG", "PK", Filters.from_query(QueryDict("")))
    assert chart.totals == {"articles": 60, "stories": 51} and chart.total == 51


def test_the_chart_reads_the_rollup_not_the_pair_rows(client, corpus):
    # Stories and articles both: the roll-up's story columns answer for the dates,
    # primary and topic filters; a language may choose another article to stand for a
    # story, so charts filtered by language read the pair's rows (stories.py), in one query.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_story(*corpus[:5])
    for url, table in [("/pairs/EG-PK/?topic=energy&primary=1", "timelines_pairtopicday"),
                       ("/pairs/EG-PK/?topic=energy&topic=sports&count=articles", "timelines_pairtopicday"),
                       ("/api/pairs/EG-PK/timeline/?mode=split&from=2025-07-01", "timelines_pairtopicday"),
                       ("/api/pairs/EG-PK/timeline/?mode=split&language=ar", "timelines_pairentry")]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        chart = [q["sql"] for q in captured.captured_queries
                 if "GROUP BY" in q["sql"] and "timelines_articledoc" not in q["sql"]]  # not the list's "also in"
        assert len(chart) == 1 and table in chart[0], url


# --- words within a pair ---------------------------------------------------------------------------
def titles(response):
    return re.findall(r'<h4 class="title" dir="rtl" lang="ar"><a href="/articles/\d+/">(.*?)</a>',
                      response.content.decode())


def every_page(client, url):
    shown, cursor = [], ""
    for _ in range(50):
        response = client.get(url, {"cursor": cursor} if cursor else {})
        shown += titles(response)
        cursor = response.context["next_cursor"]
        if not cursor:
            return shown
    raise AssertionError("endless pages")


def test_a_word_filter_counts_the_newest_articles_and_says_so(client, corpus, monkeypatch):
    exact = client.get("/pairs/EG-PK/?q=الطاقة")
    assert exact.context["searched_since"] is None
    everything = exact.context["total"]
    assert everything == 40 and "40+" not in exact.content.decode()

    monkeypatch.setattr(queries, "SEARCH_WINDOW", 12)
    bounded = client.get("/pairs/EG-PK/?q=الطاقة", HTTP_ACCEPT_LANGUAGE="en")
    since = bounded.context["searched_since"]
    assert since is not None
    html = bounded.content.decode()
    assert f"{bounded.context['total']}+ articles" in html
    assert f'data-searched-since="{since.isoformat()}"' in html
    newest = PairEntry.objects.filter(a="EG", b="PK", day__gte=since).order_by()
    assert bounded.context["total"] == sum(1 for e in newest.select_related("article") if "الطاقة" in e.article.title)
    assert bounded.context["buckets"][0] <= since
    # The list is not cut: the same articles as the exhaustive page.
    assert titles(bounded) == titles(exact)
    # A start date asks for an exact count from it.
    dated = client.get("/pairs/EG-PK/?q=الطاقة&from=2025-01-01")
    assert dated.context["searched_since"] is None and dated.context["total"] == everything


@pytest.mark.parametrize("rare", [0, 10**6], ids=["row by row", "word index"])
def test_a_word_filter_lists_what_an_exhaustive_search_lists(client, corpus, monkeypatch, rare):
    url = "/pairs/EG-PK/?q=التجارة"
    expected = every_page(client, url)
    assert len(expected) == 20
    monkeypatch.setattr(queries, "LIST_CHUNK", 4)
    monkeypatch.setattr(queries, "RARE", rare)
    monkeypatch.setattr(queries, "SEARCH_WINDOW", 5)
    for size in (3, 7):
        got, cursor = [], ""
        filters = Filters.from_query(QueryDict("q=التجارة"))
        _since, held = queries.search_span("EG", "PK", filters)
        while True:
            rows, cursor = queries.pair_page("EG", "PK", filters, cursor, size=size, held=held)
            got += [row.article.title for row in rows]
            if not cursor:
                break
        assert got == expected


def test_search_of_a_common_word_reads_the_newest_documents_first(client, corpus, monkeypatch):
    from newsmonitor.timelines.web.views import articles as views

    def every_result():
        shown, cursor = [], ""
        while True:
            response = client.get("/search/", {"q": "مصر", **({"cursor": cursor} if cursor else {})})
            shown += [row.article_id for row in response.context["rows"]]
            cursor = response.context["next_cursor"]
            if not cursor:
                return shown, response.context["count"]

    expected, count = every_result()
    assert len(expected) == 60 and count == {"n": 60, "more": False}
    monkeypatch.setattr(views, "CAP", 10)        # "مصر" is now a common word...
    monkeypatch.setattr(queries, "DOC_WINDOW", 7)  # ...searched in the newest 7 documents first
    got, count = every_result()
    assert count == {"n": 10, "more": True}
    assert got == expected
