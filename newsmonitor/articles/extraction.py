"""Extracting one article's page. A plain function: the Celery task, `poll --sync`
and the tests call it. The body stored is the page's text without its outlet's
learned furniture (boilerplate.py); the text as extracted is kept beside it."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from newsmonitor.articles import boilerplate
from newsmonitor.articles.models import Article
from newsmonitor.db import unflushed_commit
from newsmonitor.feeds import politeness
from newsmonitor.feeds.http import get_fetcher
from newsmonitor.lib.pages import content_hash, extract_page
from newsmonitor.lib.fetch import FetchError
from newsmonitor.lib.language import detect_language

log = logging.getLogger(__name__)

# Longer than the extract task's hard time limit (150 s): 5 minutes unless the fault
# tests shorten it (settings.NEWSMONITOR_EXTRACTION_LEASE_SECONDS).
LEASE = timedelta(seconds=settings.NEWSMONITOR_EXTRACTION_LEASE_SECONDS)
MAX_ATTEMPTS = 4
Status = Article.Extraction
# Worth another try later: the server or the network may be better then.
TRANSIENT_KINDS = {"timeout", "connection-error", "dns-error", "rate-limited"}


class TransientFetchError(Exception):
    def __init__(self, error, retry_after=None):
        super().__init__(str(error))
        self.retry_after = retry_after


class HostBusy(Exception):
    """The page's host had its share of fetches this minute: try in `wait` seconds.
    Not a failure: it costs the article no attempt."""

    def __init__(self, host, wait):
        super().__init__(f"politeness: {host} fetched enough this minute, next slot in {wait}s")
        self.wait = wait


def claim(article_id, now):
    """Conditional UPDATE: only a pending article, or one whose extractor died (lease
    expired), is claimed, so a retried or duplicated task never extracts twice."""
    with unflushed_commit():  # a claim lost in a crash leaves the article pending
        return Article.objects.filter(pk=article_id).filter(
            Q(extraction_status=Status.PENDING)
            | Q(extraction_status=Status.RUNNING, extraction_lease_until__lt=now)
        ).update(
            extraction_status=Status.RUNNING,
            extraction_lease_until=now + LEASE,
            extraction_attempts=F("extraction_attempts") + 1,
        )


def extract_article(article_id, *, fetcher=None, on_new_furniture=None):
    """Returns the final status, or "skipped" when there was nothing to do.
    Raises TransientFetchError when a later retry may succeed. When the article's outlet
    has furniture its latest articles were not yet cleaned of (this page taught it some),
    `on_new_furniture(outlet_id)` runs after the article is saved."""
    if not claim(article_id, timezone.now()):
        return "skipped"
    article = Article.objects.get(pk=article_id)
    url = article.original_url or article.url
    wait = politeness.take_slot(url)
    if wait:
        release(article_id)
        raise HostBusy(politeness.host_of(url), wait)
    try:
        page = (fetcher or get_fetcher()).get(
            url,
            max_bytes=settings.NEWSMONITOR_PAGE_MAX_BYTES,
            accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
        )
    except FetchError as exc:
        return fetch_failed(article, exc)
    extracted = extract_page(page.text, url=page.url, min_chars=settings.NEWSMONITOR_MIN_BODY_CHARS)
    status, reclean_due = save_extraction(article, extracted)
    if reclean_due and on_new_furniture:
        on_new_furniture(article.outlet_id)
    return status


def release(article_id):
    """Undo a claim that fetched nothing: pending again, the attempt not counted."""
    Article.objects.filter(pk=article_id, extraction_status=Status.RUNNING).update(
        extraction_status=Status.PENDING, extraction_lease_until=None,
        extraction_attempts=F("extraction_attempts") - 1,
    )


def fetch_failed(article, exc):
    transient = exc.kind in TRANSIENT_KINDS or (exc.status or 0) >= 500
    if transient and article.extraction_attempts < MAX_ATTEMPTS:
        # Back to pending so the retry can claim it again.
        Article.objects.filter(pk=article.pk).update(
            extraction_status=Status.PENDING, extraction_lease_until=None, extraction_error=str(exc)[:2000]
        )
        raise TransientFetchError(exc, exc.retry_after)
    keep_summary(article, f"page fetch failed: {exc}")
    return Status.SUMMARY


def keep_summary(article, error):
    article.extraction_status = Status.SUMMARY
    article.extraction_error = error[:2000]
    article.body = article.raw_body = ""
    finish(article)


@transaction.atomic
def save_extraction(article, extracted):
    """Saves what was read (status, whether the outlet's latest articles are to be
    cleaned of new furniture), learning from it in the same transaction: a task that
    dies before the commit has counted nothing."""
    if not extracted.ok:
        keep_summary(article, f"extraction: {extracted.error}")
        return Status.SUMMARY, False
    article.body, reclean_due = boilerplate.learn_and_clean(article, extracted.body)
    article.raw_body = extracted.body if article.body != extracted.body else ""
    article.title = article.title or extracted.title
    article.author = article.author or extracted.author[:300]
    if extracted.published_at:
        # The page's own metadata beats the feed's date, which is often the time
        # the feed was generated rather than the story published.
        article.published_at = extracted.published_at
        article.published_source = "page"
    article.extraction_status = Status.DONE
    article.extraction_error = ""
    finish(article, extracted.language)
    return Status.DONE, reclean_due


def finish(article, language=""):
    text = article.body or article.summary or article.title
    article.language = language or detect_language(text)
    article.date_unreadable = article.published_at is None
    article.content_hash = content_hash(article.title, text)
    article.extracted_at = timezone.now()
    article.extraction_lease_until = None
    with transaction.atomic():
        article.save()


def stale_article_ids(older_than=None, limit=1000):
    now = timezone.now()
    older_than = older_than or timedelta(seconds=settings.NEWSMONITOR_LOST_AFTER_SECONDS)
    return list(
        Article.objects.filter(
            Q(extraction_status=Status.PENDING, discovered_at__lt=now - older_than)
            | Q(extraction_status=Status.RUNNING, extraction_lease_until__lt=now)
        ).values_list("id", flat=True)[:limit]
    )
