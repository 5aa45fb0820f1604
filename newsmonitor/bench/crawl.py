"""A steady-state crawl: FEEDS feeds on loopback, each with a new entry every minute
for MINUTES minutes, crawled through the production layout (a threaded worker for
poll and mail, a prefork worker of two processes for extract and tag, beat with its
real schedule) on Redis and PostgreSQL, and the same again with the extract/tag
worker killed (SIGKILL, children too) halfway and started again a few seconds later,
as a process manager would. Then: was every entry extracted and tagged, once, and how
long from its appearing in its feed to its timeline rows.

    python -m newsmonitor.bench crawl
    python -m newsmonitor.bench.crawl --minutes 2 [--runs plain|killed|both]

Politeness is left at its production setting: each feed is on a host of its own
(crawl_site.py), so one page a minute per host is far under it."""

import argparse
import os
import time

from django.conf import settings

from newsmonitor.bench.crawl_report import report
from newsmonitor.bench.crawl_site import Sites
from newsmonitor.bench.processes import cpu_seconds, kill, spawn, stop

FEEDS = 500
MINUTES = 10
BOOT = 30  # seconds for the processes to start before the first entries appear
FIRST_POLL = 60  # the feeds' first polls begin a minute in, when each has an entry
RESTART_AFTER = 5
# After the last entry appeared, the longest wait for the rest: a backlog to work off,
# and after a kill the articles the worker held wait for the sweep (every 5 minutes:
# an extraction lease of 5 minutes, 10 for a lost pending or untagged article).
DRAIN_MINUTES = 20


def worker_env(sites):
    env = dict(os.environ, NEWSMONITOR_FETCH_ALLOW_PRIVATE=sites.allow_list(), PYTHONUNBUFFERED="1")
    # The benches' set-up lifts the politeness limit for their one host; here every
    # feed has its own, so the production default holds.
    env.pop("NEWSMONITOR_HOST_FETCHES_PER_MINUTE", None)
    return env


class Run:
    """One crawl: the sites, the three processes, and what was seen while it ran."""

    def __init__(self, minutes, killing, drain=DRAIN_MINUTES):
        # Models are imported here: `python -m newsmonitor.bench.crawl` sets Django up in main().
        from newsmonitor.bench import crawl_rows

        self.rows = crawl_rows
        self.minutes, self.killing, self.drain = minutes, killing, drain
        self.cpu = {}  # (worker, pid): CPU seconds (a killed one's last reading)
        self.left = {}  # queue depths once the workers stopped
        self.sites = Sites(FEEDS, None, minutes).serve()
        self.killed = None
        self.samples = []  # (time, visible, queue depths, load average)
        self.log = settings.VAR_DIR / f"crawl-{'killed' if killing else 'plain'}.log"

    def start(self):
        self.rows.clear()
        self.sites.start = time.time() + BOOT
        self.end = self.sites.start + 60 * self.minutes
        self.kill_at = self.sites.start + 30 * self.minutes if self.killing else None
        self.rows.add_feeds(self.sites, FIRST_POLL)
        self.log.unlink(missing_ok=True)
        schedule = settings.VAR_DIR / "crawl-beat-schedule"
        schedule.unlink(missing_ok=True)
        env = worker_env(self.sites)
        self.poller = spawn(["worker", "-Q", "poll,mail", "-P", "threads", "-c", "32", "-n", "crawl-poll@%h"],
                            env, self.log)
        self.extractor = self.start_extractor(env)
        self.beat = spawn(["beat", "-s", str(schedule)], env, self.log)
        self.env = env

    def start_extractor(self, env):
        # As docker-compose.yml's extractor: two processes per core.
        return spawn(["worker", "-Q", "extract,tag", "-c", "4", "-n", "crawl-extract@%h"], env, self.log)

    def watch(self):
        watch, published = self.rows.Watch(), None
        deadline = self.end + 60 * self.drain
        last_sample = 0
        while time.time() < deadline:
            self.maybe_kill()
            seen = watch.look()
            now = time.time()
            if now - last_sample >= 10:
                last_sample = now
                self.count_cpu()
                self.samples.append((now, seen, self.rows.queue_depths(), os.getloadavg()[0]))
                print(f"crawl: {now - self.sites.start:6.0f} s, {seen} visible, {self.samples[-1][2]}, "
                      f"load {self.samples[-1][3]:.1f}", flush=True)
            if now > self.end + 60:
                published = published or self.sites.published(self.end + 60)
                if seen >= len(published):
                    break
            time.sleep(2)
        watch.look()
        return watch

    def maybe_kill(self):
        now = time.time()
        if self.kill_at and not self.killed and now >= self.kill_at:
            kill(self.extractor)
            self.killed = now
        if self.killed and self.extractor.poll() is not None and now >= self.killed + RESTART_AFTER:
            self.extractor = self.start_extractor(self.env)

    def count_cpu(self):
        for name, proc in (("extract", self.extractor), ("poll", self.poller)):
            self.cpu[(name, proc.pid)] = cpu_seconds(proc)

    def stop(self):
        self.count_cpu()
        for proc in (self.beat, self.poller, self.extractor):
            stop(proc)
        self.left = self.rows.queue_depths()
        self.sites.shutdown()

    def go(self):
        self.start()
        try:
            watch = self.watch()
        finally:
            self.stop()
        return self.rows.outcome(self.sites.published(self.end + 60), watch)


def run(minutes=MINUTES, runs=("plain", "killed"), drain=DRAIN_MINUTES):
    results = {}
    for name in runs:
        crawl = Run(minutes, killing=name == "killed", drain=drain)
        results[name] = (crawl, crawl.go())
    report(results, minutes, FEEDS)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m newsmonitor.bench.crawl")
    parser.add_argument("--minutes", type=int, default=MINUTES)
    parser.add_argument("--runs", choices=["plain", "killed", "both"], default="both")
    parser.add_argument("--drain", type=int, default=DRAIN_MINUTES, help="minutes to wait for the rest at most")
    args = parser.parse_args(argv)
    from newsmonitor.bench.__main__ import configure

    configure()
    run(args.minutes, ("plain", "killed") if args.runs == "both" else (args.runs,), args.drain)


if __name__ == "__main__":
    main()
