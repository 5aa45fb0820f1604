"""A small crawl for the fault tests (tests/reliability/): a local site of generated
Arabic feeds and article pages, and the check that a crawl lost and doubled nothing.

    from tests.support.crawl import QUICK_LEASES, FeedSite, all_tagged, nothing_lost_or_doubled, real_services

    with FeedSite(feeds=2, per_feed=4) as site:     # real HTTP on 127.0.0.1, random port
        site.register()                             # Feed rows pointing at it
        site.links                                  # canonical URLs every entry announces
        site.pages[0]                               # path of one article page ("/news/1-1.html")
        site.stall(site.pages[0])                   # that page now hangs (up to 10 minutes)...
        site.fetches(site.pages[0])                 # ...requests it had (wait for >= 1, then kill)
        site.unstall(site.pages[0])                 # answered at once again
        site.stall_feeds() / site.unstall_feeds()   # the same for every feed
        WorkerProcess(allow_private=[site.host_port])
        wait_for(lambda: all_tagged(site.links))
        tally = nothing_lost_or_doubled(site.links) # AssertionError naming what is wrong
        tally.lost, tally.doubled                   # for tests.support.faults.Recovery

    QUICK_LEASES   env for WorkerProcess/BeatProcess extra_env: leases and sweeps of seconds,
                   so that what a killed worker held is taken again within a test
    real_services  pytest mark: skips unless PostgreSQL and Redis (the concurrency the
                   fault tests need); CI's full pass has both, so it never skips there

Every article names two countries (Egypt and Pakistan, or Saudi Arabia and Jordan), so
tagging gives it a pair and it lands on a pair timeline. Each feed announces its own
articles plus, from the second feed on, the first feed's first article (a syndicated
story: two FeedEntry rows, one Article).
"""

from dataclasses import dataclass, field
from email.utils import format_datetime

import pytest
from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from newsmonitor.articles.models import Article, ArticlePair, FeedEntry
from newsmonitor.lib.urls import canonical_url
from newsmonitor.timelines.models import ArticleDoc, PairEntry
from tests.support.httpserver import LocalHTTPServer

STALL_SECONDS = 600  # a stalled request ends when the site stops, or after this
# Production: a 2-minute poll lease, a 5-minute extraction lease, 15 minutes for a digest
# being sent, a sweep every 5 minutes of what has waited 10. Shortened so a test sees the recovery: the extraction
# lease still outlasts one extraction on a busy machine (a shorter one would let a
# second worker take an article still being read: harmless, but not this test's fault).
QUICK_LEASES = {
    "NEWSMONITOR_POLL_LEASE_SECONDS": "8",
    "NEWSMONITOR_EXTRACTION_LEASE_SECONDS": "10",
    "NEWSMONITOR_LOST_AFTER_SECONDS": "6",
    "NEWSMONITOR_SWEEP_SECONDS": "3",
    "NEWSMONITOR_DIGEST_LEASE_SECONDS": "10",
    "NEWSMONITOR_DIGEST_DISPATCH_SECONDS": "3",
}

real_services = pytest.mark.skipif(
    not (settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
         and settings.CELERY_BROKER_URL.startswith("redis://")),
    reason="a fault test with concurrent processes: PostgreSQL and Redis only")

# Invented news, written for these tests: (country pair, lead sentence, paragraph).
STORIES = (
    ("مصر وباكستان", "بحث وزير الدفاع المصري مع نظيره الباكستاني في القاهرة سبل التعاون في التصنيع العسكري.",
     "وقال بيان مشترك إن الجانبين اتفقا على تبادل الخبرات في صيانة المعدات وتدريب الكوادر الفنية، "
     "وعلى عقد اجتماع للجنة العسكرية المشتركة في إسلام آباد قبل نهاية العام."),
    ("السعودية والأردن", "وقعت السعودية والأردن في عمّان مذكرة تفاهم لربط شبكتي الكهرباء بين البلدين.",
     "وأوضح وزير الطاقة الأردني أن المشروع يسمح بتبادل فائض الإنتاج في ساعات الذروة، وأن الرياض "
     "ستمول جزءا من خطوط النقل عبر الحدود، على أن يبدأ التشغيل التجريبي خلال عامين."),
)


@dataclass
class Tally:
    """What nothing_lost_or_doubled found: counts, and a line per problem."""
    lost: int = 0
    doubled: int = 0
    problems: list = field(default_factory=list)


class FeedSite:
    def __init__(self, feeds=2, per_feed=4):
        self.server = LocalHTTPServer()
        self.feed_count, self.per_feed = feeds, per_feed

    # -- lifecycle --------------------------------------------------------------------
    def start(self):
        self.server.start()
        for path, body, kind in self._documents():
            self._serve(path, body, kind)
        return self

    def stop(self):
        self.server.stop()  # also ends every stalled request

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def host_port(self):
        return self.server.host_port

    # -- what it serves ---------------------------------------------------------------
    @property
    def feeds(self):
        return [f"/feeds/{f}.xml" for f in range(1, self.feed_count + 1)]

    @property
    def pages(self):
        return [f"/news/{f}-{n}.html" for f in range(1, self.feed_count + 1) for n in range(1, self.per_feed + 1)]

    @property
    def links(self):
        """The canonical URL of every article the feeds announce (the expected Articles)."""
        return {canonical_url(self.server.url(page)) for page in self.pages}

    def register(self):
        """One outlet and feed per generated feed, due now."""
        from newsmonitor.feeds.feedlist import add_feed

        return [add_feed(self.server.url(path), outlet=f"وكالة الاختبار {n}", country="EG", check=False)[0]
                for n, path in enumerate(self.feeds, 1)]

    # -- faults -----------------------------------------------------------------------
    def stall(self, path):
        """Requests for `path` hang from now on (counted by fetches()) until unstall()
        or the site stops; the one already hanging stays so."""
        body, kind = self._docs[path]
        self.server.route(path, 200, body, {"Content-Type": kind}, delay=STALL_SECONDS)

    def unstall(self, path):
        self._serve(path, *self._docs[path])

    def stall_feeds(self):
        for path in self.feeds:
            self.stall(path)

    def unstall_feeds(self):
        for path in self.feeds:
            self.unstall(path)

    def fetches(self, path):
        return self.server.hits(path)

    # -- internals --------------------------------------------------------------------
    def _serve(self, path, body, kind):
        self._docs = getattr(self, "_docs", {})
        self._docs[path] = (body, kind)
        self.server.route(path, 200, body, {"Content-Type": kind})

    def _documents(self):
        now = timezone.now()
        for f, feed_path in enumerate(self.feeds, 1):
            items = []
            for n in range(1, self.per_feed + 1):
                page = f"/news/{f}-{n}.html"
                items.append(self._item(page, f, n, now))
                yield page, self._page(f, n), "text/html; charset=utf-8"
            if f > 1:
                items.append(self._item(self.pages[0], 1, 1, now))  # the syndicated copy
            yield feed_path, self._feed(f, items), "application/rss+xml"

    def _story(self, f, n):
        pair, lead, paragraph = STORIES[(f + n) % len(STORIES)]
        return f"{pair}: خبر رقم {n} من الخلاصة {f}", lead, paragraph

    def _item(self, page, f, n, now):
        title, lead, _ = self._story(f, n)
        return (f"<item><title>{title}</title><link>{self.server.url(page)}</link>"
                f"<guid>{self.server.url(page)}</guid><pubDate>{format_datetime(now, usegmt=True)}</pubDate>"
                f"<description>{lead}</description></item>")

    def _feed(self, f, items):
        return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
                f"<title>خلاصة الاختبار {f}</title><link>{self.server.url('/')}</link>"
                "<description>أخبار مولدة للاختبار</description>\n" + "\n".join(items) + "\n</channel></rss>\n")

    def _page(self, f, n):
        title, lead, paragraph = self._story(f, n)
        return ('<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
                f"<title>{title}</title></head><body><header><a href=\"/\">الرئيسية</a></header>"
                f"<article><h1>{title}</h1><p>{lead}</p><p>{paragraph}</p>"
                f"<p>{lead} {paragraph}</p></article><footer>جميع الحقوق محفوظة</footer></body></html>")


def all_tagged(expected_links):
    """For wait_for: every expected article is tagged and has its timeline document."""
    urls = list(expected_links)
    return ArticleDoc.objects.filter(article__url__in=urls, article__tagged_at__isnull=False).count() >= len(urls)


def tally(expected_links):
    """Lost: an expected link with no Article, or one not extracted, tagged or on the
    timelines. Doubled: a URL stored twice, or an article or feed entry with more rows
    than it may have (search documents, pair timeline rows, a feed's GUID)."""
    found = Tally()
    urls = set(expected_links)
    articles = Article.objects.filter(url__in=urls)
    stored = set(articles.values_list("url", flat=True))
    missing = urls - stored
    not_done = list(articles.exclude(extraction_status="done").values_list("url", "extraction_status"))
    untagged = list(articles.filter(tagged_at__isnull=True).values_list("url", flat=True))
    off_timeline = list(articles.filter(doc__isnull=True).values_list("url", flat=True))
    found.lost = len(missing | {u for u, _ in not_done} | set(untagged) | set(off_timeline))
    for label, rows in (("no article", sorted(missing)), ("not extracted", not_done), ("not tagged", untagged),
                        ("not on the timelines", off_timeline)):
        if rows:
            found.problems.append(f"{label}: {rows}")
    doubles = {
        "articles per url": _over(Article.objects.filter(url__in=urls), ("url",)),
        "search documents per article": _over(ArticleDoc.objects.filter(article__url__in=urls), ("article",)),
        "pair rows per article and pair": _over(PairEntry.objects.filter(article__url__in=urls), ("article", "a", "b")),
        "feed entries per feed and guid": _over(FeedEntry.objects.filter(article__url__in=urls), ("feed", "guid")),
    }
    found.doubled = sum(len(rows) for rows in doubles.values())
    found.problems += [f"doubled {label}: {rows}" for label, rows in doubles.items() if rows]
    # Each tagged pair is on its pair timeline once (more than once is caught above).
    tagged_pairs = ArticlePair.objects.filter(article__url__in=urls).count()
    timeline_rows = PairEntry.objects.filter(article__url__in=urls).count()
    if tagged_pairs != timeline_rows:
        found.problems.append(f"{tagged_pairs} tagged pairs but {timeline_rows} pair timeline rows")
    return found


def nothing_lost_or_doubled(expected_links):
    """Asserts every expected link is one Article, extracted, tagged and on the timelines
    once; returns the Tally (lost and doubled are then 0)."""
    found = tally(expected_links)
    assert not found.problems, "\n".join(found.problems)
    return found


def _over(queryset, fields):
    return list(queryset.values(*fields).annotate(n=Count("pk")).filter(n__gt=1).values_list(*fields, "n"))
