"""What the rules take from the layers above them, handed in by the project.

The rules sit below the articles (the articles' tagging imports them), so they cannot
read articles or queue the pipeline's tasks themselves. The module named by the
setting NEWSMONITOR_RULES_RUNNER (newsmonitor/retagging.py) provides:

    recent_articles(limit)  the latest taggable articles, newest first, as objects with
                            pk, title, text, language (what the tagger is given) and link
    queue(job_id, waiting=True)
                            runs the re-tag job in the background, after the commit,
                            for a person waiting on the page (not kept waiting for a
                            broker that is away)

as the pipeline hands polling its `store`. Unset (a part tested alone), a preview has
no articles and a job waits, queued, for a runner."""

from importlib import import_module

from django.conf import settings


def runner():
    path = getattr(settings, "NEWSMONITOR_RULES_RUNNER", "")
    return import_module(path) if path else None


def recent_articles(limit):
    found = runner()
    return found.recent_articles(limit) if found else []


def queue(job_id):
    found = runner()
    if found:
        found.queue(job_id, waiting=True)
