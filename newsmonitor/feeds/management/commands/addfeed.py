from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator
from django.core.exceptions import ValidationError

from newsmonitor.feeds.feedlist import add_feed
from newsmonitor.lib.feedparse import NotAFeed, UnsafeFeed
from newsmonitor.lib.fetch import FetchError


class Command(BaseCommand):
    help = "Add a feed after checking that its URL answers with an RSS or Atom feed."

    def add_arguments(self, parser):
        parser.add_argument("url")
        parser.add_argument("--outlet", default="", help="outlet name (created if new)")
        parser.add_argument("--country", default="", help="outlet's country, ISO 3166-1 alpha-2")
        parser.add_argument("--language", default="ar")
        parser.add_argument("--homepage", default="")
        parser.add_argument("--no-check", action="store_true", help="add without fetching it first")

    def handle(self, url, **opts):
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise CommandError(f"not an http(s) URL: {url}")
        country = opts["country"].upper()
        if country and (len(country) != 2 or not country.isalpha()):
            raise CommandError(f"--country takes an ISO 3166-1 alpha-2 code such as EG, not {opts['country']!r}")
        try:
            feed, created, entries = add_feed(
                url, outlet=opts["outlet"], country=country, language=opts["language"],
                homepage=opts["homepage"], check=not opts["no_check"],
            )
        except FetchError as exc:
            raise CommandError(f"could not fetch {url}: {exc}")
        except NotAFeed as exc:
            raise CommandError(f"{url} is not an RSS or Atom feed: {exc}")
        except UnsafeFeed as exc:
            raise CommandError(f"{url} refused: {exc}")
        verb = "added" if created else "already present:"
        seen = f", {entries} entries" if entries is not None else ""
        self.stdout.write(f"{verb} feed #{feed.pk} {feed.title or feed.url}{seen}")
