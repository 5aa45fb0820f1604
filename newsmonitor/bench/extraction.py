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
from newsmonitor.lib.fetch import Fetcher


def pages():
    return sorted(p.relative_to(SITE_DIR).as_posix() for p in SITE_DIR.glob("*/*.html"))


def pipeline_round(server, paths):
    Article.objects.all().delete()
    ids = [Article.objects.create(url=server.url(p)).pk for p in paths]
    clock = time.perf_counter()
    statuses = [extract_article(article_id) for article_id in ids]
    elapsed = time.perf_counter() - clock
    assert statuses.count("done") == len(ids), statuses
    return elapsed


def bare_round(server, paths):
    documents = [Fetcher(user_agent="bench", allow_private=[server.host_port]).get(server.url(p), max_bytes=10**7).text
                 for p in paths]
    clock = time.perf_counter()
    for html in documents:
        trafilatura.extract(html)
    return time.perf_counter() - clock


def run(rounds=5):
    server = StaticServer().start()
    settings.NEWSMONITOR_FETCH_ALLOW_PRIVATE = [server.host_port]
    paths = pages()
    pipeline, bare = [], []
    for _ in range(rounds):
        bare.append(bare_round(server, paths))
        pipeline.append(pipeline_round(server, paths))
    server.shutdown()
    n = len(paths)
    p, b = statistics.median(pipeline), statistics.median(bare)
    body = (
        f"{n} demo article pages, {rounds} rounds, medians. The pipeline is `extract_article` for each "
        f"article in turn: claim, fetch over HTTP from a local server, `bare_extraction` with metadata, "
        f"page date and language, save to PostgreSQL. The baseline is `trafilatura.extract` on the same "
        f"pages already decoded in memory. Target: overhead under 25%.\n\n"
        f"| how | median s per round | articles/s |\n| --- | ---: | ---: |\n"
        f"| pipeline | {p:.2f} | {n / p:.0f} |\n| bare trafilatura.extract | {b:.2f} | {n / b:.0f} |\n\n"
        f"Overhead of the pipeline: {100 * (p / b - 1):+.0f}%."
    )
    write_section("extraction", "Extraction: pipeline vs bare trafilatura", "make bench (python -m newsmonitor.bench extraction)", body)
