"""`make bench`: the project's benchmarks, each against its obvious alternative in the
same run, written to BENCHMARKS.md.

    python -m newsmonitor.bench [polling] [extraction] [freshness] [crawl] [tagging] [accuracy] [dashboard] [digests] [feeds] [furniture] [stories] [reliability] [load]

Polling and extraction run in production mode, on PostgreSQL and Redis (DATABASE_URL
and CELERY_BROKER_URL, defaulting to the local servers and a separate bench database)."""

import importlib
import sys


def configure():
    from newsmonitor.bench.setup import configure as setup

    setup("newsmonitor_bench", "bench", broker="redis://127.0.0.1:6379/14")


# In the order they run; the first four need production mode (configure()).
BENCHES = ("polling", "extraction", "freshness", "crawl", "accuracy", "dashboard", "digests", "tagging", "feeds", "furniture", "stories", "reliability", "load")
PRODUCTION = {"polling", "extraction", "freshness", "crawl"}


def main(argv):
    wanted = set(argv) or set(BENCHES)
    unknown = wanted - set(BENCHES)
    if unknown:
        sys.exit(f"no benchmark named {', '.join(sorted(unknown))}; there are: {', '.join(BENCHES)}")
    if wanted & PRODUCTION:
        configure()
    for name in BENCHES:
        if name in wanted:
            importlib.import_module(f"newsmonitor.bench.{name}").run()


if __name__ == "__main__":
    main(sys.argv[1:])
