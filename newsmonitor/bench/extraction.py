"""Articles/s through the extraction pipeline (fetch from a local server, trafilatura,
dates, language, store in PostgreSQL) against bare trafilatura.extract on the same
pages already in memory, in the same run."""

import statistics
import time

import trafilatura
from django.conf import settings

from newsmonitor.articles.extraction import extract_article
from newsmonitor.articles.models import Article
from newsmonitor.bench.report import write_section
from newsmonitor.demo import SITE_DIR
from newsmonitor.demo.server import StaticServer
from newsmonitor.lib.extract import extract_page
from newsmonitor.lib.fetch import Fetcher


def pages():
    return sorted(p.relative_to(SITE_DIR).as_posix() for p in SITE_DIR.glob("*/*.html") if p.name != "index.html")


def pipeline_round(server, paths):
    Article.objects.all().delete()
    ids = [Article.objects.create(url=server.url(p)).pk for p in paths]
    clock = time.perf_counter()
    statuses = [extract_article(article_id) for article_id in ids]
    elapsed = time.perf_counter() - clock
    assert statuses.count("done") == len(ids), statuses
    return elapsed


def documents(server, paths):
    fetcher = Fetcher(user_agent="bench", allow_private=[server.host_port])
    return [fetcher.get(server.url(p), max_bytes=10**7).text for p in paths]


def timed(function, docs):
    clock = time.perf_counter()
    for html in docs:
        function(html)
    return time.perf_counter() - clock


ROWS = {
    "bare": "bare `trafilatura.extract(html)`, pages in memory",
    "bare+metadata": "`trafilatura.extract(html, with_metadata=True)`, in memory",
    "library": "`lib.extract.extract_page` (trafilatura + dates + language), in memory",
    "pipeline": "`extract_article`: claim, HTTP fetch, extract, save to PostgreSQL",
}


def run(rounds=5):
    server = StaticServer().start()
    settings.NEWSMONITOR_FETCH_ALLOW_PRIVATE = [server.host_port]
    paths = pages()
    docs = documents(server, paths)
    runs = {name: [] for name in ROWS}
    for _ in range(rounds):
        runs["bare"].append(timed(trafilatura.extract, docs))
        runs["bare+metadata"].append(timed(lambda html: trafilatura.extract(html, with_metadata=True), docs))
        runs["library"].append(timed(extract_page, docs))
        runs["pipeline"].append(pipeline_round(server, paths))
    server.shutdown()
    n = len(paths)
    medians = {name: statistics.median(times) for name, times in runs.items()}
    bare = medians["bare"]
    rows = [f"| {ROWS[name]} | {m:.2f} | {n / m:.0f} | {1000 * m / n:.1f} | {100 * (m / bare - 1):+.0f}% |"
            for name, m in medians.items()]
    body = (
        f"{n} demo article pages (~270 words each, 10–20 KB of HTML), {rounds} rounds, medians. "
        f"Target: pipeline overhead under 25% over bare `trafilatura.extract`.\n\n"
        f"| how | s per round | articles/s | ms/article | vs bare |\n| --- | ---: | ---: | ---: | ---: |\n"
        + "\n".join(rows)
    )
    write_section("extraction", "Extraction: pipeline vs bare trafilatura", "make bench (python -m newsmonitor.bench extraction)", body)
