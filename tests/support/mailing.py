"""Fixtures and helpers of the sending tests (tests/digests/test_it_sends_*, _alerts_*):
a real SMTP server, Django's SMTP backend pointed at it, subscribers and tagged
articles in a digest period. The fixtures (smtp_server, mail_settings) are a plugin of
tests/conftest.py; a test module imports only the helpers it calls.
"""

import re
from datetime import timedelta
from itertools import count
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from django.utils import timezone

from newsmonitor.articles.models import Article
from newsmonitor.digests import links
from newsmonitor.digests.models import Subscription
from newsmonitor.timelines.readmodels.rollups import refresh_for_articles
from tests.support.factory import make_article, outlets
from tests.support.smtp import SMTPServer

SITE = "https://news.example.org"
_serial = count(1)


@pytest.fixture
def smtp_server():
    with SMTPServer() as server:
        yield server


@pytest.fixture
def mail_settings(settings, smtp_server):
    """Django's own SMTP backend, talking to the test server; periods read at once
    (no settling time); links on an https site."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.NEWSMONITOR_DIGEST_SETTLE_SECONDS = 0
    settings.SITE_ROOT = SITE
    return settings


def subscriber(email=None, *, pairs=("EG-PK",), countries=(), query="", frequency="daily", language="ar",
               status=Subscription.Status.ACTIVE, since=None, due=None, **fields):
    """An active (confirmed) subscription whose last digest went out at `since`
    (default: a day ago) and whose next one is due at `due` (default: a minute ago)."""
    now = timezone.now()
    since = since or now - timedelta(days=1)
    return Subscription.objects.create(
        email=email or f"reader{next(_serial)}@example.net", pairs=list(pairs), countries=list(countries),
        query=query, frequency=frequency, language=language, status=status,
        confirmed_at=since - timedelta(days=7), sent_through=since,
        next_due_at=due or now - timedelta(minutes=1), **fields)


def tagged(title, *, pair=("EG", "PK"), topics=(("defence-industry", 0.9),), outlet=0, when=None, tagged_at=None,
           evidence=None, primary=True, content_hash="", body=None, language="ar", url=None):
    """A tagged article of `pair` first tagged at `tagged_at` (default: an hour ago),
    in the timeline tables."""
    now = timezone.now()
    when = when or now - timedelta(hours=2)
    a, b = pair
    article = make_article(title, body or title, outlet=outlets()[outlet], published=when, countries=[a, b],
                           pairs=[(a, b, primary, evidence if evidence is not None else f"جملة الدليل: {title}")],
                           topics=list(topics), language=language,
                           url=url or f"http://news.example/{next(_serial)}")
    Article.objects.filter(pk=article.pk).update(first_tagged_at=tagged_at or now - timedelta(hours=1),
                                                 content_hash=content_hash)
    refresh_for_articles([article.pk])
    article.refresh_from_db()
    return article


SIGNED = re.compile(r"https?://[^\s\"'<>]+/subscriptions/(?:manage|unsubscribe)/[^\s\"'<>/]+/")


def signed_links(text, purpose):
    """{URL: the subscription token it is for} of the `purpose` links in a text (a
    signed link carries its time, so it is read back rather than compared)."""
    found = {}
    for url in SIGNED.findall(text):
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        if match.url_name == purpose:
            found[url] = links.read(match.kwargs["signed"], purpose)
    return found
