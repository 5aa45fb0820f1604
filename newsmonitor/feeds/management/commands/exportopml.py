from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsmonitor.feeds.opml import export_opml


class Command(BaseCommand):
    help = "Export every feed as OPML 2.0, grouped by outlet (to FILE, or standard output)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default="-", help="where to write (default: standard output)")

    def handle(self, file, **opts):
        data = export_opml()
        if file == "-":
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        try:
            Path(file).write_bytes(data)
        except OSError as exc:
            raise CommandError(f"cannot write {file}: {exc.strerror or exc}")
        self.stdout.write(f"wrote {file}")
