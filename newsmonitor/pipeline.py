"""The pipeline, in one place: what happens to a feed's news, step by step.

    poll a feed ─▶ extract each new article ─▶ tag it ─▶ refresh the read models
                                                        (─▶ stories, ─▶ alerts: later steps
                                                         plug in after `tag`, see below)

Each step is a plain function of ids, owned by the part that knows how (feeds,
articles, timelines); this module only says which step follows which. Two runners use
it: the Celery tasks of newsmonitor/tasks.py (each task runs one step and queues the
next by its task name) and `manage.py poll --sync` (run_inline below: every step in
this process, no broker). A new step is a function here and a line in `after_tag`
(or wherever it belongs), and a task of the same name in tasks.py.

Layers: this module may import any app; no app imports it (the apps are lower)."""

import time
from dataclasses import dataclass, field

from newsmonitor.articles import boilerplate, extraction, tags
from newsmonitor.articles.store import store_entries
from newsmonitor.feeds import polling
from newsmonitor.stories import grouping
from newsmonitor.timelines.readmodels import rollups

HostBusy = extraction.HostBusy
TransientFetchError = extraction.TransientFetchError


# --- the steps -----------------------------------------------------------------------------
def poll(feed_id, *, fetcher=None, on_new_articles=None):
    """Fetch one feed and store its new entries as pending articles (a PollOutcome).
    `on_new_articles(ids)` runs after the commit that stored them."""
    return polling.poll_feed(feed_id, store=store_entries, fetcher=fetcher, on_new_articles=on_new_articles)


def extract(article_id, *, fetcher=None):
    """Fetch and read one article's page: its final extraction status, or "skipped"
    when another worker has it or it is done. Raises HostBusy (try later, no attempt
    used) or TransientFetchError (retry with backoff). When the page taught its outlet
    new furniture, the outlet's latest articles are cleaned of it here too (reclean)."""
    return extraction.extract_article(article_id, fetcher=fetcher, on_new_furniture=reclean)


def reclean(outlet_id):
    """Clean an outlet's latest articles of its learned furniture, from their raw
    extraction (at most boilerplate.RECLEAN_LIMIT), and re-tag and refresh those whose
    body changed: their ids."""
    changed = boilerplate.reclean_outlet(outlet_id)
    return tag(changed) if changed else []


def tag(article_ids):
    """Tag these articles, group them into stories, and bring their read models in step
    (theirs and those of the articles whose story a merge or split changed), so a tagged
    article is on its timelines as soon as this returns. The ids of those that had text to tag."""
    tagged = tags.tag_articles(tags.taggable(article_ids))
    changed = grouping.group(tagged)
    refresh(set(tagged) | changed)
    return tagged


def refresh(article_ids):
    """Rebuild these articles' rows in the read models (timelines, search, roll-ups)."""
    if article_ids:
        rollups.refresh_for_articles(article_ids)


# --- what follows each step ----------------------------------------------------------------
def after_extract(status):
    """Whether an extraction's article goes on to tagging."""
    return status != "skipped"


def after_tag(article_ids):
    """The steps that follow tagging: none yet (stories and alerts will plug in here;
    the read models are refreshed inside `tag` itself, in the same call)."""
    return []


# --- the inline runner (poll --sync) -------------------------------------------------------
@dataclass
class FeedReport:
    """What one feed's run through the whole pipeline did, for the command to print."""

    outcome: polling.PollOutcome
    articles: list = field(default_factory=list)  # (article id, extraction status, tagged)


def run_inline(feed_ids, *, on_wait=print):
    """Every step for each feed in this process: poll, then extract and tag each new
    article. Yields a FeedReport per feed. With no broker to carry an article to later,
    a busy host is waited for here (`on_wait(message)` is told)."""
    for feed_id in feed_ids:
        outcome = poll(feed_id)
        report = FeedReport(outcome)
        for article_id in outcome.new_article_ids:
            status = extract_waiting(article_id, on_wait)
            tagged = bool(after_extract(status) and tag([article_id]))
            report.articles.append((article_id, status, tagged))
        yield report


def extract_waiting(article_id, on_wait):
    while True:
        try:
            return extract(article_id)
        except HostBusy as exc:
            on_wait(str(exc))
            time.sleep(exc.wait)
        except TransientFetchError as exc:
            return f"will retry later ({exc})"
