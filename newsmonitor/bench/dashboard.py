"""Dashboard benchmark: server time of the researcher pages and the API over a large
synthetic corpus on PostgreSQL, counting stories (the default) and counting articles
(count=articles) in the same run, requests of the two alternating; the EXPLAIN plans
they rely on; and search recall.

    python -m newsmonitor.bench dashboard     (part of `make bench`) runs the command
                                              below in a process of its own and writes
                                              its output into BENCHMARKS.md
    python -m newsmonitor.bench.dashboard [--articles 1000000] [--runs 30] [--no-recall]

The latter uses DATABASE_URL (default: a database of its own, newsmonitor_dash_bench,
created if missing); generates the synthetic corpus (dashboard_corpus.py) up to
--articles when it holds fewer. Prints a Markdown section for BENCHMARKS.md on stdout;
writes nothing else. Server time is measured in-process (Django's test client: URL
routing, views, queries, templates), so network and browser time are out of it.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

from newsmonitor.bench.report import write_section
from newsmonitor.bench.setup import ROOT


def run():
    """`python -m newsmonitor.bench dashboard`: this benchmark in a process of its own
    (its own database holds the synthetic million-article corpus, which the other
    benchmarks would wipe), its output written into BENCHMARKS.md."""
    out = subprocess.run([sys.executable, "-m", "newsmonitor.bench.dashboard"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    write_section("dashboard", "Dashboard at a million articles", "make bench (python -m newsmonitor.bench.dashboard)",
                  out)


def configure():
    from newsmonitor.bench.setup import configure as setup

    setup("newsmonitor_dash_bench", "bench-dashboard")


def article_count():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM timelines_articledoc")
        return cursor.fetchone()[0]


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def timed(client, url, runs, warmup=3):
    """Milliseconds of each of `runs` requests after `warmup` ones (caches warm)."""
    return [ms for ms in (one_request(client, url) for _ in range(warmup + runs))][warmup:]


def one_request(client, url, partial=False):
    headers = {"HTTP_X_PARTIAL": "1"} if partial else {"HTTP_ACCEPT_LANGUAGE": "ar"}
    started = time.perf_counter()
    response = client.get(url, **headers)
    if response.streaming:
        b"".join(response.streaming_content)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def timed_both(client, url, runs, partial=False, warmup=3):
    """({"stories": [ms], "articles": [ms]}) of the URL counting stories and counting
    articles, their requests alternating: a busy moment of the machine falls on both."""
    urls = {"stories": url, "articles": with_count(url)}
    out = {"stories": [], "articles": []}
    for i in range(warmup + runs):
        for unit in (("stories", "articles") if i % 2 else ("articles", "stories")):
            elapsed = one_request(client, urls[unit], partial)
            if i >= warmup:
                out[unit].append(elapsed)
    return out


def with_count(url):
    return url + ("&" if "?" in url else "?") + "count=articles"


def scenarios():
    from datetime import timedelta

    from django.db.models import Sum

    from newsmonitor.timelines.models import PairDay

    ranked = list(PairDay.objects.values("a", "b").annotate(n=Sum("n")).order_by("-n")[:60])
    top, mid = ranked[0], ranked[min(49, len(ranked) - 1)]
    last = PairDay.objects.order_by("-day").values_list("day", flat=True).first()
    since = (last - timedelta(days=89)).isoformat()
    pair, middle = f"{top['a']}-{top['b']}", f"{mid['a']}-{mid['b']}"
    country = top["a"]
    return [
        ("Pair timeline, most covered pair, all time", f"/pairs/{pair}/", top["n"]),
        ("Pair timeline, last 90 days", f"/pairs/{pair}/?from={since}", None),
        ("Pair timeline, topic + primary filter", f"/pairs/{pair}/?topic=defence-industry&topic=energy&primary=1", None),
        ("Pair timeline, split by topic, monthly", f"/pairs/{pair}/?mode=split&interval=month", None),
        ("Pair timeline, text filter", f"/pairs/{pair}/?q=الطاقة", None),
        ("Pair timeline, text filter from a start date (exact count)", f"/pairs/{pair}/?q=الطاقة&from={since}", None),
        ("Pair timeline, outlet country filter", f"/pairs/{pair}/?outlet_country=EG", None),
        ("Pair timeline, language filter (stories read the pair's rows)", f"/pairs/{pair}/?language=ar", None),
        ("Pair timeline, 50th pair", f"/pairs/{middle}/", mid["n"]),
        ("Pair timeline, results fragment (filter script)", f"/pairs/{pair}/?topic=trade-economy&x=1", None),
        ("Home", "/", None),
        (f"Country page ({country})", f"/countries/{country}/", None),
        ("Search, common word (باكستان)", "/search/?q=باكستان", None),
        ("Search, two words", "/search/?q=الطاقة+السعودية", None),
        ("Search, rare word", "/search/?q=الموريتانية", None),
        ("API timeline", f"/api/pairs/{pair}/timeline/", None),
        ("API timeline, filtered", f"/api/pairs/{pair}/timeline/?topic=energy&from={since}", None),
        ("API articles of the pair (50)", f"/api/articles/?pair={pair}", None),
        ("API pairs ranking", "/api/pairs/", None),
    ], pair, since


def explain(client, url, slowest=2):
    """EXPLAIN (ANALYZE, BUFFERS) of the slowest queries one request makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:slowest]
    plans = []
    with connection.cursor() as cursor:
        for query in queries:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + query["sql"])
            plans.append((query["sql"], "\n".join(row[0] for row in cursor.fetchall())))
    return plans


def vacuum():
    """VACUUM ANALYZE the dashboard's tables: quick when nothing changed, and after a
    migration that filled a table (0004) or a bulk load it sets the visibility map the
    index-only scans need, as autovacuum would in time on a live database."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in ("timelines_articledoc", "timelines_pairentry", "timelines_pairday", "timelines_pairtopicday",
                      "timelines_topicday"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")


def run_timings(runs):
    from django.test import Client

    client = Client()
    rows, pair, since = scenarios()
    lines = ["| view | URL | stories p50 ms | stories p95 ms | articles p50 ms | articles p95 ms | runs |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for label, url, n in rows:
        partial = "x=1" in url
        url = url.replace("&x=1", "")
        values = timed_both(client, url, runs, partial)
        label = f"{label} ({n:,} articles)" if n else label
        figures = " | ".join(f"{statistics.median(values[unit]):.1f} | {percentile(values[unit], 95):.1f}"
                             for unit in ("stories", "articles"))
        lines.append(f"| {label} | `{url}` | {figures} | {runs} |")
    plans = []
    for title, url in [("Pair timeline (chart, list)", f"/pairs/{pair}/"),
                       ("Pair timeline counting articles", f"/pairs/{pair}/?count=articles"),
                       ("Pair timeline with a date range", f"/pairs/{pair}/?from={since}"),
                       ("Pair timeline with topics and primary", f"/pairs/{pair}/?topic=defence-industry&topic=energy"
                                                                  "&primary=1"),
                       ("Pair timeline with words", f"/pairs/{pair}/?q=الطاقة"),
                       ("Pair timeline by outlet country", f"/pairs/{pair}/?outlet_country=EG"),
                       ("API timeline", f"/api/pairs/{pair}/timeline/"),
                       ("Search", "/search/?q=باكستان"), ("Home", "/")]:
        for sql, plan in explain(client, url):
            plans.append(f"**{title}** — `{url}`\n\n```sql\n{sql[:1500]}\n```\n\n```\n{plan}\n```\n")
    return "\n".join(lines), "\n".join(plans)


def corpus_stories():
    """What the corpus's stories are like: (stories, articles, share of copies, the largest story's size)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), SUM(CASE WHEN lead THEN 1 ELSE 0 END) FROM timelines_articledoc")
        articles, stories = cursor.fetchone()
        cursor.execute("SELECT COALESCE(MAX(size), 1) FROM stories_story")
        largest = cursor.fetchone()[0]
    return stories, articles, 1 - stories / max(articles, 1), largest


# --- search recall ------------------------------------------------------------------------
def demo_articles():
    """(title, body) of the bundled demo site's articles (its _content files)."""
    content = ROOT / "newsmonitor" / "demo" / "site" / "_content"
    out = []
    for path in sorted(content.glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n=== ")[1:]:
            head, _, body = block.partition("\n---\n")
            title = next((line[7:].strip() for line in head.splitlines() if line.startswith("title: ")), "")
            out.append((title, body.strip()))
    return out


def recall():
    """For every country the tagger finds in a demo article, is the article found by a
    search for the country's name? Ours against PostgreSQL's stock configurations."""
    from django.db import connection

    from newsmonitor.tagging import Tagger
    from newsmonitor.timelines.names import country_name
    from newsmonitor.tagging import word_forms, words
    from newsmonitor.timelines.search import fulltext
    from newsmonitor.timelines.search.text import search_text

    tagger = Tagger.load()
    articles = demo_articles()
    total = ours = 0
    stock = {"arabic": 0, "simple": 0}
    mentions = mention_hits = 0
    postgres = connection.vendor == "postgresql"
    for title, body in articles:
        result = tagger.tag(title, body)
        forms_index = set(search_text(title, body).split())
        for detail in result.country_details:
            name = country_name(detail.code, "ar")
            total += 1
            groups, _none = fulltext.parse(name)
            ours += all(any(all(w in forms_index for w in alt) for alt in group) for group in groups)
            for form in detail.forms:
                mentions += 1
                forms = set().union(*[word_forms(w) for w in words(form)] or [set()])
                mention_hits += any(all(w in forms for w in alt) for group in groups for alt in group)
            if postgres:
                with connection.cursor() as cursor:
                    for config in stock:
                        cursor.execute(f"SELECT to_tsvector('{config}', %s) @@ plainto_tsquery('{config}', %s)",
                                       [title + "\n" + body, name])
                        stock[config] += cursor.fetchone()[0]
    lines = [f"Demo corpus: {len(articles)} articles, {total} (article, country) pairs found by the tagger.", "",
             "| search | articles found by the country's name | recall |", "| --- | ---: | ---: |",
             f"| newsmonitor (normalised, clitic-split forms, `simple`) | {ours} / {total} | {ours / max(total, 1):.3f} |"]
    if postgres:
        for config, hits in stock.items():
            lines.append(f"| PostgreSQL `{config}` configuration | {hits} / {total} | {hits / max(total, 1):.3f} |")
    if mentions:
        lines += ["", f"Mentions (each surface form the tagger matched) that the name's query matches by "
                      f"themselves: {mention_hits} / {mentions} ({mention_hits / mentions:.3f}); the rest are "
                      "capitals and official names (القاهرة، المملكة), which a word search does not claim to find."]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--no-recall", action="store_true")
    args = parser.parse_args(argv)
    configure()
    from django.db import connection

    have = article_count()
    if have < args.articles and connection.vendor == "postgresql":
        from newsmonitor.bench import dashboard_corpus

        print(f"generating {args.articles - have} articles", file=sys.stderr)
        dashboard_corpus.generate(args.articles - have, seed=have + 1, progress=lambda m: print(m, file=sys.stderr))
        have = article_count()
    vacuum()
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(",")[0]
        cursor.execute("SELECT COUNT(*) FROM timelines_pairentry")
        pair_rows = cursor.fetchone()[0]
    stories, articles, copies, largest = corpus_stories()
    load_before = os.getloadavg()
    table, plans = run_timings(args.runs)
    load_after = os.getloadavg()
    out = [f"## Dashboard server time over {have:,} articles ({pair_rows:,} pair rows)", "",
           f"Command: `python -m newsmonitor.bench.dashboard --runs {args.runs}` · {version} · "
           f"corpus: `python -m newsmonitor.bench.dashboard_corpus` · in-process client, warm caches, "
           f"{os.cpu_count()} cores", "",
           f"Stories: {stories:,} ({copies:.0%} of the articles are copies of an earlier article of their story; "
           f"the largest story has {largest} articles). Each view is timed counting stories (the default) and "
           "counting articles (`count=articles`), the two requests alternating, so both meet the same load; "
           "every page shows both counts either way.", "",
           "Charts of dates, primary and topics are sums over the PairTopicDay roll-up in both counts (its rows "
           "carry the story columns that say which article stands for a story); a language, outlet, outlet-country "
           "or word filter reads the pair's rows, with a window over each story's rows in the same query.", "",
           "Load average (1, 5, 15 min) before the timings: {:.2f} {:.2f} {:.2f}; after: {:.2f} {:.2f} {:.2f}. "
           "On a shared machine read the medians.".format(*load_before, *load_after), "",
           "Target: p95 under 200 ms for the pair timeline page and the timeline API, counting stories.", "",
           table, ""]
    if not args.no_recall:
        out += ["### Search recall against the tagger's matcher", "", recall(), ""]
    out += ["### EXPLAIN plans relied on", "", plans]
    print("\n".join(out))


if __name__ == "__main__":
    main()
