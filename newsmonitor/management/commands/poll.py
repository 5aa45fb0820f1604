from django.core.management.base import BaseCommand, CommandError

from newsmonitor import pipeline
from newsmonitor.feeds.models import Feed
from newsmonitor.tasks import queue_polls


class Command(BaseCommand):
    help = ("Poll feeds now: queue them (a task per batch of feeds), or with --sync run the whole pipeline here "
            "(poll, extract, tag, timelines) with no broker.")

    def add_arguments(self, parser):
        parser.add_argument("--feed", type=int, action="append", help="feed id (repeatable); default: all active")
        parser.add_argument("--sync", action="store_true", help="no broker: poll, extract and tag here")

    def handle(self, **opts):
        feeds = Feed.objects.filter(active=True)
        if opts["feed"]:
            feeds = Feed.objects.filter(pk__in=opts["feed"])
            missing = set(opts["feed"]) - set(feeds.values_list("id", flat=True))
            if missing:
                raise CommandError(f"no feed with id {', '.join(map(str, sorted(missing)))}")
        ids = list(feeds.order_by("id").values_list("id", flat=True))
        if opts["sync"]:
            self.run_here(ids)
        else:
            queue_polls(ids)
            self.stdout.write(f"queued {len(ids)} feed(s)")

    def run_here(self, ids):
        for report in pipeline.run_inline(ids, on_wait=lambda message: self.stdout.write(f"  {message}")):
            outcome = report.outcome
            self.stdout.write(
                f"feed #{outcome.feed_id}: {outcome.status}, {outcome.entries_seen} entries, "
                f"{len(outcome.new_article_ids)} new {outcome.error}".rstrip()
            )
            if outcome.held_back:
                self.stdout.write(f"  {outcome.held_back} more new entries wait for the next poll")
            for article_id, status, tagged in report.articles:
                self.stdout.write(f"  article #{article_id}: {status}{', tagged' if tagged else ''}")
