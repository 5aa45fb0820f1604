"""`make bench`: the project's benchmarks, each against its obvious alternative in the
same run, written to BENCHMARKS.md.

    python -m newsmonitor.bench [polling] [extraction] [freshness] [tagging] [accuracy] [dashboard] [feeds]

Polling and extraction run in production mode, on PostgreSQL and Redis (DATABASE_URL
and CELERY_BROKER_URL, defaulting to the local servers and a separate bench database)."""

import sys


def configure():
    from newsmonitor.bench.setup import configure as setup

    setup("newsmonitor_bench", "bench", broker="redis://127.0.0.1:6379/14")


def main(argv):
    wanted = set(argv) or {"polling", "extraction", "freshness", "tagging", "accuracy", "dashboard", "feeds"}
    if wanted & {"polling", "extraction", "freshness"}:
        configure()
    if "polling" in wanted:
        from newsmonitor.bench import polling

        polling.run()
    if "extraction" in wanted:
        from newsmonitor.bench import extraction

        extraction.run()
    if "freshness" in wanted:
        from newsmonitor.bench import freshness

        freshness.run()
    if "accuracy" in wanted:
        from newsmonitor.bench import accuracy

        accuracy.run()
    if "dashboard" in wanted:
        from newsmonitor.bench import dashboard

        dashboard.run()
    if "tagging" in wanted:
        from newsmonitor.bench import tagging

        tagging.run()
    if "feeds" in wanted:
        from newsmonitor.bench import feeds

        feeds.run()


if __name__ == "__main__":
    main(sys.argv[1:])
