"""`make bench`: the project's benchmarks, each against its obvious alternative in the
same run, written to BENCHMARKS.md.

    python -m newsmonitor.bench [polling] [extraction] [tagging] [accuracy]

Polling and extraction run in production mode, on PostgreSQL and Redis (DATABASE_URL
and CELERY_BROKER_URL, defaulting to the local servers and a separate bench database)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def configure():
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsmonitor_bench")
    os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/14")
    os.environ.setdefault("NEWSMONITOR_VAR_DIR", str(ROOT / "var" / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsmonitor.settings")
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def ensure_database(url):
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main(argv):
    wanted = set(argv) or {"polling", "extraction", "tagging", "accuracy"}
    if wanted & {"polling", "extraction"}:
        configure()
    if "polling" in wanted:
        from newsmonitor.bench import polling

        polling.run()
    if "extraction" in wanted:
        from newsmonitor.bench import extraction

        extraction.run()
    if "accuracy" in wanted:
        from newsmonitor.bench import accuracy

        accuracy.run()
    if "tagging" in wanted:
        from newsmonitor.bench import tagging

        tagging.run()


if __name__ == "__main__":
    main(sys.argv[1:])
