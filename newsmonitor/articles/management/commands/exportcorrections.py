import json

from django.core.management.base import BaseCommand

from newsmonitor.articles.corrections import gold_records


class Command(BaseCommand):
    help = ("Write the corrected articles as gold data, one JSON object a line in the tagger's gold format "
            "(newsmonitor/tagging/gold/README.md): their tags as they stand, corrections laid over, and the "
            "corrections themselves. Score a tagger on it with python -m newsmonitor.tagging.gold.evaluate FILE "
            "or NEWSMONITOR_CORRECTIONS=FILE python -m newsmonitor.bench accuracy.")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write (default: standard output)")

    def handle(self, **opts):
        out = open(opts["file"], "w", encoding="utf-8") if opts["file"] else self.stdout
        n = 0
        try:
            for record in gold_records():
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
        finally:
            if opts["file"]:
                out.close()
        self.stderr.write(f"{n} corrected article(s) written")
