import json
from datetime import datetime, time, timezone

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from tqdm import tqdm

from newsmonitor import pipeline
from newsmonitor.articles.models import Article
from newsmonitor.articles.tags import TAGGABLE, tagger_version


class Command(BaseCommand):
    help = ("Re-tag articles in batches, through the pipeline's tag step (the timelines follow), with a "
            "progress bar. Safe to interrupt: run it again and it resumes where it stopped (a checkpoint "
            "under var/ remembers the last id).")

    def add_arguments(self, parser):
        parser.add_argument("--since", help="only articles published (or found) on or after YYYY-MM-DD")
        parser.add_argument("--batch", type=int, default=200)
        parser.add_argument("--all", action="store_true",
                            help="re-tag even articles already tagged by this tagger version")
        parser.add_argument("--restart", action="store_true", help="forget the checkpoint of an interrupted run")

    def handle(self, **opts):
        since = parse_day(opts["since"]) if opts["since"] else None
        checkpoint = settings.VAR_DIR / "retag-checkpoint.json"
        key = {"since": opts["since"], "all": opts["all"], "version": tagger_version()}
        last_id = load_checkpoint(checkpoint, key, opts["restart"])
        articles = self.selection(since, opts["all"]).filter(pk__gt=last_id).order_by("pk")
        total = articles.count()
        if last_id:
            self.stdout.write(f"resuming after article #{last_id}")
        done = 0
        with tqdm(total=total, unit="article", disable=None) as bar:
            while True:
                batch = list(articles.filter(pk__gt=last_id).values_list("pk", flat=True)[: opts["batch"]])
                if not batch:
                    break
                pipeline.tag(batch)
                last_id = batch[-1]
                checkpoint.write_text(json.dumps({**key, "last_id": last_id}))
                done += len(batch)
                bar.update(len(batch))
        checkpoint.unlink(missing_ok=True)
        self.stdout.write(f"re-tagged {done} article(s) with tagger {tagger_version()}")

    def selection(self, since, everything):
        articles = Article.objects.filter(extraction_status__in=TAGGABLE)
        if since:
            articles = articles.filter(Q(published_at__gte=since) | Q(published_at__isnull=True, discovered_at__gte=since))
        if not everything:
            articles = articles.exclude(tagger_version=tagger_version())
        return articles


def parse_day(text):
    try:
        return datetime.combine(datetime.strptime(text, "%Y-%m-%d").date(), time.min, tzinfo=timezone.utc)
    except ValueError:
        raise CommandError(f"--since takes a date as YYYY-MM-DD, not {text!r}")


def load_checkpoint(path, key, restart):
    if restart or not path.exists():
        return 0
    try:
        saved = json.loads(path.read_text())
    except ValueError:
        return 0
    # A checkpoint of a different selection or tagger would skip the wrong articles.
    return saved.get("last_id", 0) if all(saved.get(k) == v for k, v in key.items()) else 0
