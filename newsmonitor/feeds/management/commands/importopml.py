import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, no_translations

from newsmonitor.feeds.opml import import_opml
from newsmonitor.lib.opml import OpmlError


class Command(BaseCommand):
    help = ("Import feeds and outlets from an OPML file (newsmonitor's export or another reader's). "
            "Idempotent: feeds already stored (by canonical address) and outlets (by name) are only filled in.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the OPML file, or - for standard input")
        parser.add_argument("--user", default="", help="sign the changes in the admin log as this username")

    # In English, as the command's own words are: the reasons and notes (and the admin log's
    # entries) would otherwise be in the default language, Arabic.
    @no_translations
    def handle(self, file, **opts):
        user = self._user(opts["user"])
        try:
            data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror or exc}")
        try:
            report = import_opml(data, user=user)
        except OpmlError as exc:
            raise CommandError(f"{file} cannot be imported: {exc}")
        for url, why in report.refused:
            self.stderr.write(f"refused {url}: {why}")
        for note in report.notes:
            self.stderr.write(f"note: {note}")
        self.stdout.write(f"added {len(report.added)}, updated {len(report.updated)}, "
                          f"unchanged {len(report.unchanged)}, refused {len(report.refused)}; outlets added "
                          f"{len(report.outlets_added)}, updated {len(report.outlets_updated)}")

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"no user named {username}")
