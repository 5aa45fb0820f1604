"""An editor's split and merge of stories (the admin's actions). Both leave pinned
stories, which grouping never changes again; both run under the grouping lock, so they
never interleave with a worker's grouping."""

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from . import grouping, members
from .models import Story, StoryMember

How = StoryMember.How


def split(story, article_ids):
    """Moves these members of `story` into a new pinned story; returns it (None when the
    choice is empty or would take every member)."""
    with transaction.atomic():
        grouping.lock()
        chosen = set(StoryMember.objects.filter(story=story, article_id__in=article_ids)
                     .values_list("article_id", flat=True))
        if not chosen or chosen == set(StoryMember.objects.filter(story=story).values_list("article_id", flat=True)):
            return None
        new = Story.objects.create(first_at=story.first_at, last_at=story.last_at, pinned=True)
        StoryMember.objects.filter(article_id__in=chosen).update(story=new, how=How.EDITOR, similarity=0)
        _resummarise([story, new])
        transaction.on_commit(lambda: changed(chosen))
    return new


def merge(stories):
    """Moves every member of these stories into the earliest (by its first article),
    pinned; returns it (None for fewer than two stories)."""
    stories = sorted(stories, key=members.rank)
    if len(stories) < 2:
        return None
    target, others = stories[0], stories[1:]
    with transaction.atomic():
        grouping.lock()
        moved = set(StoryMember.objects.filter(story__in=others).values_list("article_id", flat=True))
        StoryMember.objects.filter(article_id__in=moved).update(story=target, how=How.EDITOR, similarity=0)
        Story.objects.filter(pk__in=[s.pk for s in others]).delete()
        target.pinned = True
        _resummarise([target])
        transaction.on_commit(lambda: changed(moved))
    return target


def changed(article_ids):
    """Hands the moved articles to what settings.NEWSMONITOR_STORIES_CHANGED names (the
    project's refresh of the read models, which this part, below the timelines, cannot
    import), after the commit."""
    path = getattr(settings, "NEWSMONITOR_STORIES_CHANGED", "")
    if path and article_ids:
        import_string(path)(sorted(article_ids))


def _resummarise(stories):
    members.summarise(stories)
    for story in stories:
        story.save()
