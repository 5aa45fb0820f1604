from django.conf import settings
from django.core.management.base import BaseCommand

from newsmonitor import pipeline
from newsmonitor.management.commands.retag import parse_day
from newsmonitor.stories import regroup


class Command(BaseCommand):
    help = ("Group stored articles into stories again, in time order, as the pipeline would have (pinned "
            "stories are kept as the editors left them); the timelines follow each batch. Safe to interrupt: "
            "run it again and it resumes where it stopped (a checkpoint under var/).")

    def add_arguments(self, parser):
        parser.add_argument("--since", help="only articles published (or found) on or after YYYY-MM-DD")
        parser.add_argument("--batch", type=int, default=200)
        parser.add_argument("--restart", action="store_true", help="forget the checkpoint of an interrupted run")

    def handle(self, **opts):
        since = parse_day(opts["since"]) if opts["since"] else None
        checkpoint = settings.VAR_DIR / "regroup-checkpoint.json"
        done, resumed = regroup.run(since, checkpoint, batch=opts["batch"], restart=opts["restart"],
                                    on_batch=pipeline.refresh)
        if resumed:
            self.stdout.write("resumed an interrupted run")
        self.stdout.write(f"grouped {done} article(s) into stories")
