"""manage.py synthcorpus N: a synthetic corpus of N tagged articles in PostgreSQL, for
the dashboard benchmark (see newsmonitor/timelines/synth.py and bench.py). It adds to
what is there; use a database of its own (the benchmark's, by default)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from newsmonitor.timelines import synth


class Command(BaseCommand):
    help = "Generate a synthetic corpus of tagged articles (PostgreSQL, bulk COPY)."

    def add_arguments(self, parser):
        parser.add_argument("articles", type=int, nargs="?", default=1_000_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--days", type=int, default=3 * 365, help="span of publication days, ending today")
        parser.add_argument("--batch", type=int, default=20000)

    def handle(self, articles, seed, days, batch, **options):
        if connection.vendor != "postgresql":
            raise CommandError("synthcorpus needs PostgreSQL: set DATABASE_URL")
        started = time.monotonic()

        def progress(message):
            self.stdout.write(f"[{time.monotonic() - started:7.1f} s] {message}")

        made = synth.generate(articles, seed=seed, batch=batch, days=days, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"{made} articles in {time.monotonic() - started:.0f} s"))
