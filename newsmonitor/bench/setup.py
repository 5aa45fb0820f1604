"""Django set-up for a benchmark process: its own PostgreSQL database (created if
missing, then migrated) and its own var/ directory, unless the environment says
otherwise. Benchmarks wipe or fill their database, so each gets one of its own."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def configure(database, var_name, broker=None):
    os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{database}")
    os.environ.setdefault("NEWSMONITOR_VAR_DIR", str(ROOT / "var" / var_name))
    if broker:
        os.environ.setdefault("CELERY_BROKER_URL", broker)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsmonitor.settings")
    # Benchmarks fetch hundreds of pages from one local host: politeness would pace
    # them, so it is set out of reach (still counted, so its cost is measured).
    os.environ.setdefault("NEWSMONITOR_HOST_FETCHES_PER_MINUTE", "1000000")
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
