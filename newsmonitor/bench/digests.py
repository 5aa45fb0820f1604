"""Digest benchmark: build and send the daily digests of 10,000 confirmed subscribers
over the dashboard benchmark's synthetic corpus (a million articles, PostgreSQL) to a
local SMTP sink, batched as the workers send them, against the obvious loop (one
subscriber at a time, each with its own queries) in the same run.

    python -m newsmonitor.bench digests        (part of `make bench`) runs the command
                                               below in a process of its own and writes
                                               its output into BENCHMARKS.md
    python -m newsmonitor.bench.digests [--subscribers 10000] [--loop 1000] [--articles 1000000]

Uses DATABASE_URL (default: the dashboard benchmark's database, newsmonitor_dash_bench,
whose corpus it generates there when short, as the dashboard benchmark does); its own
subscriptions (addresses @bench.invalid) are replaced on each run. The sink is aiosmtpd
in a process of its own that accepts and discards every message (and counts them).
Each way of sending runs in a fresh process (spawned), so its peak memory is its own;
digests/s is wall time from the first claim to the last message accepted, the
deliveries having been made by the dispatcher (timed apart).
"""

import argparse
import multiprocessing
import os
import random
import resource
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta

from newsmonitor.bench.report import write_section
from newsmonitor.bench.setup import ROOT

DOMAIN = "bench.invalid"


def run():
    """`python -m newsmonitor.bench digests`: this benchmark in a process of its own,
    its output written into BENCHMARKS.md."""
    out = subprocess.run([sys.executable, "-m", "newsmonitor.bench.digests"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    write_section("digests", "Digests: 10,000 subscribers to a local SMTP sink",
                  "make bench (python -m newsmonitor.bench.digests)", out)


def configure():
    from newsmonitor.bench.setup import configure as setup

    setup("newsmonitor_dash_bench", "bench-digests")


# --- the SMTP sink ---------------------------------------------------------------------------------
def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sink(port):
    """An SMTP server that accepts and discards: prints how many it took when stopped."""
    from aiosmtpd.controller import Controller

    class Count:
        n = 0

        async def handle_DATA(self, server, session, envelope):
            Count.n += 1
            return "250 OK"

    # SIGTERM is waited for, not acted on (blocked before the server's thread starts,
    # so it inherits the mask): then the count is printed.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    controller = Controller(Count(), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    signal.sigwait({signal.SIGTERM})
    controller.stop()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(Count.n, usage.ru_utime + usage.ru_stime, flush=True)


def start_sink():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "newsmonitor.bench.digests", "--sink", str(port)],
                               cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "ready"
    return port, process


def stop_sink(process):
    process.send_signal(signal.SIGTERM)
    out, _err = process.communicate(timeout=60)
    count, cpu = out.split()[-2:]
    return int(count), float(cpu)


# --- the subscribers ------------------------------------------------------------------------------------
def make_subscribers(n, now, seed=3):
    """`n` confirmed daily subscribers whose digest is due now, all following views a
    researcher would: mostly one pair, taken by how much the pair is covered (the
    corpus's own ranking), some with two pairs, a topic, primary articles only, an
    outlet country, a country, or words. Arabic and English, three time zones."""
    from newsmonitor.bench.dashboard_corpus import Generator
    from newsmonitor.digests.models import Delivery, Subscription

    Delivery.objects.filter(subscription__email__endswith="@" + DOMAIN).delete()
    Subscription.objects.filter(email__endswith="@" + DOMAIN).delete()
    gen = Generator(seed=1)  # the corpus's seed: its pair ranking
    rng = random.Random(seed)
    pairs = [f"{a}-{b}" for a, b in gen.pairs[:300]]
    weights = gen.pair_weights[:300]
    topics = ["energy", "defence-industry", "trade-economy", "conflict", "diplomacy-visits"]
    since = now - timedelta(days=1)
    rows = []
    for i in range(n):
        roll = rng.random()
        pair = rng.choices(pairs, weights)[0]
        selection = {"pairs": [pair], "countries": [], "query": ""}
        if roll < 0.15:
            selection["pairs"] = sorted({pair, rng.choices(pairs, weights)[0]})
        elif roll < 0.25:
            selection["query"] = f"topic={rng.choice(topics)}"
        elif roll < 0.30:
            selection["query"] = "primary=1"
        elif roll < 0.33:
            selection["query"] = f"outlet_country={rng.choice(['EG', 'SA', 'AE'])}"
        elif roll < 0.38:
            selection = {"pairs": [], "countries": [rng.choice(["EG", "SA", "PK", "TR", "IR"])], "query": ""}
        elif roll < 0.40:
            selection["query"] = f"q={rng.choice(['الطاقة', 'الغاز', 'الاستثمار'])}"
        rows.append(Subscription(
            email=f"reader{i}@{DOMAIN}", **selection, frequency="daily", hour=7,
            time_zone=rng.choices(["Africa/Cairo", "Asia/Riyadh", "UTC"], [60, 25, 15])[0],
            language="ar" if rng.random() < 0.7 else "en", status=Subscription.Status.ACTIVE,
            confirmed_at=since - timedelta(days=30), sent_through=since, next_due_at=now - timedelta(minutes=10)))
    Subscription.objects.bulk_create(rows, batch_size=2000)
    return rows


def reset(now):
    """Every bench subscriber due again, for the same period; no deliveries."""
    from newsmonitor.digests.models import Delivery, Subscription

    Delivery.objects.filter(subscription__email__endswith="@" + DOMAIN).delete()
    Subscription.objects.filter(email__endswith="@" + DOMAIN).update(
        sent_through=now - timedelta(days=1), next_due_at=now - timedelta(minutes=10))


class Counter:
    """A database execute wrapper that counts queries (keeps none, unlike
    CaptureQueriesContext, which holds the last 9,000 only)."""

    n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def dispatch(now):
    """The dispatcher (beat's digests.dispatch, run until nothing more is due) making
    the deliveries: (ids, seconds, queries)."""
    from django.db import connection

    from newsmonitor.digests import sending
    from newsmonitor.digests.models import Subscription

    started, ids, queries = time.perf_counter(), [], Counter()
    with connection.execute_wrapper(queries):
        while True:
            more = sending.due_deliveries(now, subscriptions=Subscription.objects.filter(email__endswith="@" + DOMAIN))
            if not more:
                break
            ids += more
    return ids, time.perf_counter() - started, queries.n


# --- the ways of sending, each in a process of its own -------------------------------------------------
def worker(how, ids, port, results):
    os.environ.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(port), EMAIL_USE_TLS="false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsmonitor.settings")
    import django

    django.setup()
    from django.db import connection

    from newsmonitor.digests import sending

    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = before.ru_utime + before.ru_stime
    queries = Counter()
    with connection.execute_wrapper(queries):
        started, clock = time.perf_counter(), time.time()
        statuses = {}
        if how == "loop":
            for pk in ids:
                statuses[pk] = sending.send(pk)
        else:
            for start in range(0, len(ids), sending.BATCH):
                statuses.update(sending.send_batch(ids[start:start + sending.BATCH]))
        seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    counts = {}
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    results.put({"seconds": seconds, "start": clock, "end": clock + seconds, "queries": queries.n, "statuses": counts,
                 "maxrss_mb": usage.ru_maxrss / 1024,
                 "cpu": usage.ru_utime + usage.ru_stime - cpu_before})


def measure(how, ids, port, processes=1):
    """Send `ids` the `how` way in `processes` fresh processes at once (ids shared out)."""
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    # As the dispatcher queues them: tasks of BATCH consecutive deliveries (ordered by
    # what they follow), taken by the processes in turn.
    from newsmonitor.digests.sending import BATCH

    chunks = [ids[i:i + BATCH] for i in range(0, len(ids), BATCH)]
    shares = [[pk for chunk in chunks[i::processes] for pk in chunk] for i in range(processes)]
    started = time.perf_counter()
    workers = [context.Process(target=worker, args=(how, share, port, results)) for share in shares]
    for process in workers:
        process.start()
    out = [results.get() for _ in workers]
    for process in workers:
        process.join()
    wall = time.perf_counter() - started
    statuses = {}
    for result in out:
        for status, n in result["statuses"].items():
            statuses[status] = statuses.get(status, 0) + n
    # From the first claim of any process to the last message of any (not the processes' start-up).
    seconds = max(r["end"] for r in out) - min(r["start"] for r in out)
    return {"how": how, "processes": processes, "digests": len(ids), "seconds": seconds, "wall": wall,
            "queries": sum(r["queries"] for r in out), "maxrss_mb": max(r["maxrss_mb"] for r in out),
            "cpu": sum(r["cpu"] for r in out),
            "statuses": statuses}


def prepare_corpus(articles):
    from django.db import connection

    from newsmonitor.bench.dashboard import article_count

    have = article_count()
    if have < articles:
        from newsmonitor.bench import dashboard_corpus

        print(f"generating {articles - have} articles", file=sys.stderr)
        dashboard_corpus.generate(articles - have, seed=have + 1, progress=lambda m: print(m, file=sys.stderr))
    with connection.cursor() as cursor:
        # The synthetic corpus predates first_tagged_at: an article was first tagged
        # when it was found (its publication time here).
        cursor.execute("UPDATE articles_article SET first_tagged_at = discovered_at WHERE first_tagged_at IS NULL")
        if cursor.rowcount:
            cursor.execute("VACUUM (ANALYZE) articles_article")
        cursor.execute("SELECT COUNT(*) FROM articles_article")
        return cursor.fetchone()[0]


def period_stats(now):
    """What the period holds: articles first tagged in it, and the digests' sizes."""
    from django.db.models import Avg, Max

    from newsmonitor.articles.models import Article
    from newsmonitor.digests.models import Delivery

    n = Article.objects.filter(first_tagged_at__gt=now - timedelta(days=1), first_tagged_at__lte=now).count()
    sizes = Delivery.objects.filter(subscription__email__endswith="@" + DOMAIN, status="sent").aggregate(
        mean=Avg("articles"), most=Max("articles"))
    return n, sizes


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--loop", type=int, default=1_000, help="subscribers sent by the one-at-a-time loop")
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--sink", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.sink:
        return sink(args.sink)
    configure()
    from django.db import connection
    from django.utils import timezone

    from newsmonitor.digests import content as contents, sending

    total_articles = prepare_corpus(args.articles)
    # The period ends a settling time ago (sending.settle): the dispatcher's view of now.
    now = timezone.now().replace(second=0, microsecond=0)
    make_subscribers(args.subscribers, now)
    port, sink_process = start_sink()
    rows, load_before = [], os.getloadavg()
    try:
        reset(now)
        ids, dispatch_s, dispatch_q = dispatch(now)
        loop_ids = sorted(random.Random(5).sample(ids, min(args.loop, len(ids))))
        rows.append(measure("loop", loop_ids, port))
        for processes in (1, 2):
            reset(now)
            ids, _s, _q = dispatch(now)
            rows.append(measure("batch", ids, port, processes))
        articles_in_period, sizes = period_stats(now)
    finally:
        received, sink_cpu = stop_sink(sink_process)
    load_after = os.getloadavg()
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(",")[0]
    sent = sum(r["statuses"].get("sent", 0) for r in rows)
    labels = {
        ("loop", 1): "one subscriber at a time (the obvious loop: `digests.send` per delivery, each composing "
                     "its own view with its own queries)",
        ("batch", 1): f"batched (`digests.send_batch` of {sending.BATCH}: one read of the period's rows for all "
                      "their views, one SMTP connection), one process",
        ("batch", 2): f"batched, 2 processes ({os.cpu_count()} cores), as a worker with concurrency 2",
    }
    lines = ["| how | digests | s | digests/s | queries per digest | sender CPU ms per digest | "
             "peak memory (RSS, MiB, per process) |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        rate, seconds = r["digests"] / r["seconds"], r["seconds"]
        lines.append(f"| {labels[(r['how'], r['processes'])]} | {r['digests']:,} | {seconds:.1f} | {rate:.0f} | "
                     f"{r['queries'] / r['digests']:.2f} | {1000 * r['cpu'] / r['digests']:.1f} | {r['maxrss_mb']:.0f} |")
    statuses = "; ".join(f"{labels[(r['how'], r['processes'])].split(' (')[0]}: "
                         + ", ".join(f"{n:,} {s}" for s, n in sorted(r["statuses"].items())) for r in rows)
    out = [
        f"{args.subscribers:,} confirmed subscribers, daily digests all due at once for the same 24 hours, over "
        f"the dashboard benchmark's synthetic corpus ({total_articles:,} articles; {articles_in_period:,} first "
        f"tagged in the period) on {version}; sent with Django's SMTP backend to an aiosmtpd sink on loopback "
        f"(a process of its own, discarding). Views followed: 60% one pair (by coverage), 15% two pairs, 10% a "
        "pair and a topic, 5% primary only, 3% an outlet country, 5% a country, 2% words; 70% Arabic, "
        "three time zones. Each way of sending ran in a fresh process; digests/s from the first claim to the "
        "last message accepted (2 processes: from the first claim of either to the last message of either); queries counted by a database execute wrapper. "
        f"Target: at least 200 digests/s on 2 cores.",
        "",
        "\n".join(lines),
        "",
        "Load average (1, 5, 15 min) before: {:.2f} {:.2f} {:.2f}; after: {:.2f} {:.2f} {:.2f} (the senders, the "
        "sink and PostgreSQL share the 2 cores; other work on a shared machine slows all three).".format(
            *load_before, *load_after),
        "",
        f"Making the {args.subscribers:,} deliveries (the dispatcher, `due_deliveries`): {dispatch_s:.1f} s, "
        f"{dispatch_q} queries. Digests sent: mean {sizes['mean'] or 0:.1f} articles, at most {sizes['most'] or 0} "
        f"(each email shows at most {contents.MAX_ITEMS} stories, the rest counted). The sink accepted "
        f"{received:,} messages, using {1000 * sink_cpu / max(received, 1):.1f} ms of CPU each (on the same "
        f"cores as the senders and PostgreSQL); outcomes: {statuses}.",
    ]
    print("\n".join(out))


if __name__ == "__main__":
    main()
