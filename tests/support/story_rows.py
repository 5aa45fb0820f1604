"""Stories made by hand for the read side's tests: a Story and its StoryMember rows, as
the grouping step stores them, then the articles' read-model rows refreshed (as the
pipeline's tag step does after grouping). The read side only reads these rows, so its
tests do not depend on what the grouping engine decides."""

from newsmonitor.stories.models import Story, StoryMember
from newsmonitor.timelines.readmodels.rollups import refresh_for_articles


def make_story(*articles, how="copy", similarity=0.93, refresh=True):
    """One story of these articles (the first one started it, the others joined as
    `how`); an article already in a story is moved. Returns the Story."""
    times = [a.published_at or a.discovered_at for a in articles]
    story = Story.objects.create(first_article=articles[0], first_at=min(times), last_at=max(times),
                                 size=len(articles), outlets=sorted({a.outlet_id for a in articles if a.outlet_id}))
    for i, article in enumerate(articles):
        StoryMember.objects.update_or_create(article=article, defaults={
            "story": story, "how": "first" if i == 0 else how, "similarity": 0 if i == 0 else similarity})
    if refresh:
        refresh_for_articles([a.pk for a in articles])
    return story
