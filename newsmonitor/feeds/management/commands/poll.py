import time

from django.core.management.base import BaseCommand, CommandError

from newsmonitor.feeds.models import Feed


class Command(BaseCommand):
    help = "Poll feeds now: queue a task per feed, or with --sync poll and extract in this process."

    def add_arguments(self, parser):
        parser.add_argument("--feed", type=int, action="append", help="feed id (repeatable); default: all active")
        parser.add_argument("--sync", action="store_true", help="no broker: poll and extract here")

    def handle(self, **opts):
        feeds = Feed.objects.filter(active=True)
        if opts["feed"]:
            feeds = Feed.objects.filter(pk__in=opts["feed"])
            missing = set(opts["feed"]) - set(feeds.values_list("id", flat=True))
            if missing:
                raise CommandError(f"no feed with id {', '.join(map(str, sorted(missing)))}")
        ids = list(feeds.order_by("id").values_list("id", flat=True))
        if opts["sync"]:
            self.poll_here(ids)
        else:
            from newsmonitor.feeds.tasks import poll_feed

            for feed_id in ids:
                poll_feed.delay(feed_id)
            self.stdout.write(f"queued {len(ids)} feed(s)")

    def poll_here(self, ids):
        from newsmonitor.feeds.polling import poll_feed

        for feed_id in ids:
            outcome = poll_feed(feed_id)
            self.stdout.write(
                f"feed #{feed_id}: {outcome.status}, {outcome.entries_seen} entries, "
                f"{len(outcome.new_article_ids)} new {outcome.error}".rstrip()
            )
            if outcome.held_back:
                self.stdout.write(f"  {outcome.held_back} more new entries wait for the next poll")
            for article_id in outcome.new_article_ids:
                self.stdout.write(f"  article #{article_id}: {self.extract_here(article_id)}")

    def extract_here(self, article_id):
        from newsmonitor.articles.extraction import HostBusy, TransientFetchError, extract_article

        while True:
            try:
                return extract_article(article_id)
            except HostBusy as exc:
                # No broker to carry the article to later: wait for the host's turn here.
                self.stdout.write(f"  {exc}")
                time.sleep(exc.wait)
            except TransientFetchError as exc:
                return f"will retry later ({exc})"
