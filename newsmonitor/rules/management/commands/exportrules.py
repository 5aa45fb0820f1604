from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsmonitor.rules.materialise import files_for, write_files
from newsmonitor.rules.models import Revision


class Command(BaseCommand):
    help = ("Write the tag rules in force (the shipped data files with the admin's edits applied) to DIR as the "
            "tagger's five data files, in their own format: what `Tagger(DIR)` loads, and what can replace "
            "newsmonitor/tagging/data in a release.")

    def add_arguments(self, parser):
        parser.add_argument("dir", help="folder to write countries.json, stoplist.json, topics.json, "
                                        "pair_cues.json and pair_model.json to (made if missing)")
        parser.add_argument("--revision", type=int, help="a past revision's rules (default: the latest)")

    def handle(self, **opts):
        revisions = Revision.objects.order_by("-number")
        if opts["revision"] is not None:
            revisions = revisions.filter(number=opts["revision"])
            if not revisions.exists():
                raise CommandError(f"there is no revision r{opts['revision']}")
        revision = revisions.first()
        edits = revision.edits if revision else []
        folder = write_files(Path(opts["dir"]), files_for(edits))
        what = f"revision r{revision.number}, {len(edits)} edit(s)" if revision else "the shipped files, unedited"
        self.stdout.write(f"wrote the rules of {what} to {folder}")
