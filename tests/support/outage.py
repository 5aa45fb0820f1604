"""A crawl that keeps going while a service is taken away from it (the Redis and
PostgreSQL fault tests of tests/reliability/).

    with PublishingSite(feeds=3) as site, Crawl(site, tmp_path, CELERY_BROKER_URL=redis.url()) as crawl:
        site.register(); crawl.start(); site.keep_publishing()
        crawl.wait_until_tagged(3)               # mid-crawl
        ...take the service away and give it back...
        site.publish_rounds(3)                   # some more news after it, then the site is done
        crawl.wait_until_done()
        tally = nothing_lost_or_doubled(site.links)

The worker and beat run with QUICK_LEASES (leases and sweeps of seconds), feeds polled
every second or two, and no per-host pacing (every page is on one local host). crawl.web
is the site under gunicorn in the same environment (started by the tests that need it);
django_database(url) points the test's own checks at a private database for a block."""

import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager

import dj_database_url
from django.db import DatabaseError, connection

from tests.support.crawl import QUICK_LEASES, FeedSite, all_tagged, tally
from tests.support.paths import ROOT
from tests.support.services import free_port
from tests.support.worker import BeatProcess, WorkerProcess, wait_for

CRAWL_ENV = {**QUICK_LEASES, "NEWSMONITOR_POLL_MIN_INTERVAL": "1", "NEWSMONITOR_HOST_FETCHES_PER_MINUTE": "1000000"}
PUBLISH_EVERY = 3.0
MOST_PER_FEED = 40  # a publisher left running stops here
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, whatever the environment says


class PublishingSite(FeedSite):
    """A FeedSite whose feeds keep publishing: every PUBLISH_EVERY seconds each feed
    announces one more article, until publish_rounds() says how many more to go. Three
    dated entries from the start, so the first poll already sets the shortest interval
    (with fewer, a feed's interval only drifts down from 15 minutes)."""

    def __init__(self, feeds=3, per_feed=3):
        super().__init__(feeds=feeds, per_feed=per_feed)
        self.until = MOST_PER_FEED
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._publish, daemon=True)

    def keep_publishing(self):
        self._thread.start()

    def publish_rounds(self, rounds):
        """This many more articles per feed, then no more."""
        self.until = min(self.per_feed + rounds, MOST_PER_FEED)

    def finished(self):
        return self.per_feed >= self.until

    def stop(self):
        self._stopped.set()
        super().stop()

    def _publish(self):
        while not self._stopped.wait(PUBLISH_EVERY) and not self.finished():
            self.per_feed += 1
            for path, body, kind in self._documents():
                self._serve(path, body, kind)


def tagged_count(links):
    from newsmonitor.articles.models import Article

    return Article.objects.filter(url__in=list(links), tagged_at__isnull=False).count()


class Crawl:
    """The worker and beat crawling `site`; env overrides what they would take from the
    test run (CELERY_BROKER_URL, DATABASE_URL). On a failure, their logs are attached."""

    def __init__(self, site, tmp_path, **env):
        self.site = site
        options = dict(allow_private=[site.host_port], extra_env={**CRAWL_ENV, **env})
        self.worker = WorkerProcess(**options)
        self.beat = BeatProcess(tmp_path / "beat-schedule", allow_private=[site.host_port])
        self.beat.extra_env.update(options["extra_env"])
        self.web = WebProcess(self.worker.env())

    def start(self):
        self.worker.start(purge=False)  # the private services start empty
        self.beat.start()
        return self

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.web.stop()
        self.beat.stop()
        self.worker.stop()
        if exc_type is AssertionError:
            raise AssertionError(f"{exc}\n{self.logs()}") from exc
        return False

    def logs(self):
        return f"worker log:\n{self.worker.log()}\nbeat log:\n{self.beat.log()}\nweb log:\n{self.web.log()}"

    def wait_until_tagged(self, count):
        wait_for(lambda: tagged_count(self.site.links) >= count, timeout=180, message=f"{count} articles tagged")

    def wait_until_done(self, timeout=240):
        try:
            wait_for(lambda: self.site.finished() and all_tagged(self.site.links), timeout=timeout,
                     message="every article the site published extracted and tagged")
        except AssertionError as exc:
            raise AssertionError(f"{exc}: " + "; ".join(tally(self.site.links).problems)) from exc

    def still_running(self):
        """Neither process died or was replaced: they came through the fault themselves."""
        return self.worker.proc.poll() is None and self.beat.proc.poll() is None

    def count(self, pattern):
        """Lines of the worker's and beat's logs that match `pattern`."""
        return sum(1 for line in self.worker.output + self.beat.output if re.search(pattern, line))


def reconnect_django():
    """The test's own connection after its server went away: closed, so the next query
    opens a new one."""
    try:
        connection.close()
    except DatabaseError:
        pass


class WebProcess:
    """The web site under gunicorn (one sync worker, production's server), in the
    crawl's environment; started only by the tests that need it."""

    def __init__(self, env):
        self.env = env
        self.port = free_port()
        self.proc = None
        self.output = []

    def start(self):
        argv = [sys.executable, "-m", "gunicorn", "newsmonitor.wsgi:application", "-b", f"127.0.0.1:{self.port}",
                "-w", "1", "--access-logfile", "-"]
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, start_new_session=True)
        threading.Thread(target=lambda: self.output.extend(self.proc.stdout), daemon=True).start()
        wait_for(lambda: self.status("/healthz") == 200, timeout=60, message="gunicorn answering")
        return self

    def status(self, path):
        """The HTTP status of GET path (None when nothing answers)."""
        try:
            with NO_PROXY.open(f"http://127.0.0.1:{self.port}{path}", timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code
        except OSError:
            return None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)

    def log(self):
        return "".join(self.output[-100:])


@contextmanager
def django_database(url):
    """The test's own default connection on URL for the block: the workers' private
    cluster, so the crawl's ORM checks (tests/support/crawl.py) read what they wrote.
    The test run's database is back after it (pytest-django flushes that one at the
    test's end). A second database alias would need pytest-django to know it at set-up."""
    keys = ("NAME", "USER", "PASSWORD", "HOST", "PORT")
    parsed = dj_database_url.parse(url)
    saved = {key: connection.settings_dict[key] for key in keys}
    connection.close()
    connection.settings_dict.update({key: parsed[key] for key in keys})
    try:
        yield
    finally:
        reconnect_django()
        connection.settings_dict.update(saved)
