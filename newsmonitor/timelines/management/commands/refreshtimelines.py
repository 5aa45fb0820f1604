"""manage.py refreshtimelines: brings the dashboard's read-side tables up to date.

    refreshtimelines              articles tagged since their rows were built (a sweep)
    refreshtimelines --all        every article (after changing the search normaliser)
    refreshtimelines --ids 1 2 3  these articles
    refreshtimelines --rollups    recount PairDay, PairTopicDay and TopicDay from scratch
    refreshtimelines --stories    every row's story and lead columns from StoryMember, then
                                  the roll-ups (after stories were changed in bulk)
"""

from django.core.management.base import BaseCommand

from newsmonitor.articles.models import Article
from newsmonitor.timelines.readmodels import rollups


class Command(BaseCommand):
    help = "Refresh the timeline, search and roll-up tables from articles and tags."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true")
        parser.add_argument("--ids", type=int, nargs="+")
        parser.add_argument("--rollups", action="store_true")
        parser.add_argument("--stories", action="store_true")
        parser.add_argument("--batch", type=int, default=5000)

    def handle(self, all=False, ids=None, rollups_only=False, batch=5000, **options):
        if options.get("stories"):
            rollups.rebuild_leads()
            rollups.rebuild_rollups()
            self.stdout.write("story columns and roll-ups rebuilt")
            return
        if options.get("rollups"):
            rollups.rebuild_rollups()
            self.stdout.write("roll-ups rebuilt")
            return
        if ids:
            done = rollups.refresh_for_articles(ids)
        elif all:
            done, last = 0, 0
            while True:
                chunk = list(Article.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch])
                if not chunk:
                    break
                done += rollups.refresh_for_articles(chunk)
                last = chunk[-1]
                self.stdout.write(f"{done} articles")
        else:
            done = 0
            while True:
                n = rollups.refresh_stale(limit=batch)
                done += n
                if n < batch:
                    break
        self.stdout.write(self.style.SUCCESS(f"{done} articles refreshed"))
