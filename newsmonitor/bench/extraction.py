"""Articles/s through the extraction pipeline (fetch from a local server, trafilatura,
dates, language, store in PostgreSQL) against bare trafilatura.extract on the same
pages already in memory, in the same run."""

import os
import statistics
import subprocess
import sys
import time

import trafilatura
from django.conf import settings

from newsmonitor.articles.extraction import extract_article
from newsmonitor.articles.models import Article
from newsmonitor.bench.report import write_section
from newsmonitor.demo import SITE_DIR
from newsmonitor.demo.server import StaticServer
from newsmonitor.lib.pages import extract_page
from newsmonitor.lib.fetch import Fetcher


def pages(root=SITE_DIR):
    return sorted(p.relative_to(root).as_posix() for p in root.glob("*/*.html") if p.name != "index.html")


def heavy_site(target):
    """The demo pages weighed down to what real news sites serve (~150-250 KB: a mega
    menu, dozens of teasers, inline state and scripts, ad slots), same article text.
    Written under var/ at bench time, never committed."""
    teaser = ('<li class="teaser"><a href="/x/{i}"><img src="/img/{i}.jpg" alt="صورة {i}" loading="lazy">'
              '<span class="kicker">سياسة</span><h3>عنوان خبر ذي صلة رقم {i} في قسم الأخبار</h3></a>'
              '<time datetime="2025-10-01">منذ {i} ساعات</time></li>')
    menu = "".join(f'<li><a href="/section/{i}">قسم {i}</a><ul>' + "".join(
        f'<li><a href="/section/{i}/{j}">فرع {j}</a></li>' for j in range(12)) + "</ul></li>" for i in range(20))
    furniture = (
        f'<nav class="mega-menu"><ul>{menu}</ul></nav>'
        f'<section class="most-read"><ul>{"".join(teaser.format(i=i) for i in range(60))}</ul></section>'
        + "".join(f'<div class="ad-slot" id="ad-{i}" data-size="300x250"></div>' for i in range(12))
        + '<script>window.__STATE__ = {"items": [' + ",".join(f'{{"id": {i}, "t": "x{i}"}}' for i in range(3000))
        + "]};</script>" + "<style>" + ".c{margin:0;padding:0}" * 3000 + "</style>"
    )
    target.mkdir(parents=True, exist_ok=True)
    for path in pages():
        html = (SITE_DIR / path).read_bytes()
        out = target / path
        out.parent.mkdir(parents=True, exist_ok=True)
        encoding = "cp1256" if b"windows-1256" in html[:600] else "utf-8"
        out.write_bytes(html.replace(b"</body>", furniture.encode(encoding, "xmlcharrefreplace") + b"</body>", 1))
    return target


def pipeline_round(server, paths):
    Article.objects.all().delete()
    ids = [Article.objects.create(url=server.url(p)).pk for p in paths]
    clock = time.perf_counter()
    statuses = [extract_article(article_id) for article_id in ids]
    elapsed = time.perf_counter() - clock
    assert statuses.count("done") == len(ids), statuses
    return elapsed


def unpaced(round_, *args):
    limit, settings.NEWSMONITOR_HOST_FETCHES_PER_MINUTE = settings.NEWSMONITOR_HOST_FETCHES_PER_MINUTE, 0
    try:
        return round_(*args)
    finally:
        settings.NEWSMONITOR_HOST_FETCHES_PER_MINUTE = limit


def worker_round(server, paths, copies=4, concurrency=2):
    """The real thing: a Celery worker (prefork, one process per core) draining the
    extract queue on Redis, as deployed. Distinct URLs (?copy=k) so every task works."""
    from newsmonitor.tasks import extract_article as extract_task

    Article.objects.all().delete()
    ids = [Article.objects.create(url=server.url(p) + f"?copy={k}").pk for k in range(copies) for p in paths]
    env = dict(os.environ, NEWSMONITOR_FETCH_ALLOW_PRIVATE=server.host_port)
    worker = subprocess.Popen([sys.executable, "-m", "celery", "-A", "newsmonitor", "worker", "-Q", "extract",
                               "-c", str(concurrency), "-l", "warning", "--without-gossip", "--without-mingle"],
                              cwd=settings.BASE_DIR, env=env)
    time.sleep(6)  # connected and forked before the clock starts
    clock = time.perf_counter()
    for article_id in ids:
        extract_task.delay(article_id)
    while Article.objects.filter(extraction_status="done").count() < len(ids):
        time.sleep(0.05)
    elapsed = time.perf_counter() - clock
    worker.terminate()
    worker.wait(30)
    return elapsed * len(paths) / len(ids)  # seconds per len(paths) articles, like the other rows


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
    "library": "`lib.pages.extract_page` (trafilatura + dates + language), in memory",
    "pipeline": "`extract_article` in one process, one after another: claim, politeness count, HTTP fetch, "
                "extract, save to PostgreSQL",
    "pipeline-unpaced": "the same without the per-host politeness count (`NEWSMONITOR_HOST_FETCHES_PER_MINUTE=0`)",
    "worker": "the pipeline as deployed: tasks on Redis, a Celery worker with 2 processes (2 cores)",
}


def run(rounds=3):
    measure(SITE_DIR, "demo pages as bundled (~270 words, 10-20 KB of HTML each)", rounds)
    heavy = heavy_site(settings.VAR_DIR / "heavy-site")
    measure(heavy, "the same pages with the weight of real news sites (~200 KB of HTML each)", rounds, "extraction-heavy")


def measure(root, label, rounds, section="extraction"):
    server = StaticServer(root).start()
    settings.NEWSMONITOR_FETCH_ALLOW_PRIVATE = [server.host_port]
    paths = pages(root)
    docs = documents(server, paths)
    runs = {name: [] for name in ROWS}
    for _ in range(rounds):
        runs["bare"].append(timed(trafilatura.extract, docs))
        runs["bare+metadata"].append(timed(lambda html: trafilatura.extract(html, with_metadata=True), docs))
        runs["library"].append(timed(extract_page, docs))
        runs["pipeline"].append(pipeline_round(server, paths))
        runs["pipeline-unpaced"].append(unpaced(pipeline_round, server, paths))
        runs["worker"].append(worker_round(server, paths))
    server.shutdown()
    n = len(paths)
    medians = {name: statistics.median(times) for name, times in runs.items()}
    bare = medians["bare"]
    rows = [f"| {ROWS[name]} | {m:.2f} | {n / m:.0f} | {1000 * m / n:.1f} | {100 * (m / bare - 1):+.0f}% |"
            for name, m in medians.items()]
    size = sum(len(d.encode()) for d in docs) // n // 1024
    body = (
        f"{n} {label}; measured mean {size} KB. {rounds} rounds, medians. "
        f"Target: pipeline overhead under 25% over bare `trafilatura.extract`.\n\n"
        f"| how | s per round | articles/s | ms/article | vs bare |\n| --- | ---: | ---: | ---: | ---: |\n"
        + "\n".join(rows)
    )
    title = "Extraction: pipeline vs bare trafilatura" + (" (heavy pages)" if section != "extraction" else "")
    write_section(section, title, "make bench (python -m newsmonitor.bench extraction)", body)
