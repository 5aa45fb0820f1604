"""1,000 feeds answering 304, polled by a real worker process, against polling the
same feeds one after another in this process."""

import os
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.conf import settings
from django.utils import timezone

from newsmonitor.bench.report import write_section
from newsmonitor.feeds.models import Feed, FetchLog
from newsmonitor import pipeline, tasks
from newsmonitor.feeds.polling import claim_due_feeds

FEEDS = 1000
ETAG = '"bench-1"'


class NotModifiedHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.headers.get("If-None-Match") == ETAG:
            self.send_response(304)
            self.send_header("ETag", ETAG)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>b</title></channel></rss>'
        self.send_response(200)
        self.send_header("ETag", ETAG)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def start_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), NotModifiedHandler)
    server.daemon_threads = True
    server.request_queue_size = 256
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"127.0.0.1:{server.server_address[1]}"


def reset_feeds(host_port):
    FetchLog.objects.all().delete()
    Feed.objects.all().delete()
    Feed.objects.bulk_create(
        Feed(url=f"http://{host_port}/feeds/{i}.xml", etag=ETAG, next_check_at=timezone.now())
        for i in range(FEEDS)
    )


def polled_since(start):
    return Feed.objects.filter(last_checked_at__gte=start).count()


def run_worker(host_port, pool, concurrency):
    env = dict(os.environ, NEWSMONITOR_FETCH_ALLOW_PRIVATE=host_port, PYTHONUNBUFFERED="1")
    argv = [sys.executable, "-m", "celery", "-A", "newsmonitor", "worker", "-Q", "poll", "-P", pool,
            "-c", str(concurrency), "-l", "warning", "--without-gossip", "--without-mingle"]
    worker = subprocess.Popen(argv, cwd=settings.BASE_DIR, env=env)
    time.sleep(6)  # let it connect before the clock starts

    start = timezone.now()
    clock = time.perf_counter()
    for feed_id in claim_due_feeds(FEEDS):
        tasks.poll_feed.delay(feed_id)
    while polled_since(start) < FEEDS:
        time.sleep(0.1)
    elapsed = time.perf_counter() - clock
    worker.terminate()
    worker.wait(30)
    return elapsed


def run_inline(host_port):
    settings.NEWSMONITOR_FETCH_ALLOW_PRIVATE = [host_port]
    clock = time.perf_counter()
    for feed_id in Feed.objects.values_list("id", flat=True):
        pipeline.poll(feed_id)
    return time.perf_counter() - clock


def run(rounds=3):
    server, host_port = start_server()
    results = {"worker (threads, 32)": [], "worker (prefork, 2)": [], "one process, sequential": []}
    for _ in range(rounds):
        reset_feeds(host_port)
        results["worker (threads, 32)"].append(run_worker(host_port, "threads", 32))
        reset_feeds(host_port)
        results["worker (prefork, 2)"].append(run_worker(host_port, "prefork", 2))
        reset_feeds(host_port)
        results["one process, sequential"].append(run_inline(host_port))
    assert Feed.objects.filter(last_error_kind="").count() == FEEDS, "some bench polls failed"
    server.shutdown()
    rows = ["| how | median s for 1,000 feeds | feeds/s | runs (s) |", "| --- | ---: | ---: | --- |"]
    for name, times in results.items():
        median = statistics.median(times)
        rows.append(f"| {name} | {median:.1f} | {FEEDS / median:.0f} | {', '.join(f'{t:.1f}' for t in times)} |")
    body = (f"1,000 feeds, each answering 304 Not Modified to its stored ETag from a local server; "
            f"the dispatcher claims them all and queues one poll task each on Redis; the clock stops "
            f"when every feed row has its new last_checked_at in PostgreSQL. Target: under 60 s. "
            f"Median of {rounds} runs.\n\n" + "\n".join(rows))
    write_section("polling", "Polling: 1,000 feeds answering 304", "make bench (python -m newsmonitor.bench polling)", body)
