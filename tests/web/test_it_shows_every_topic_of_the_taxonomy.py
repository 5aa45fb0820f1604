"""One topic list: every topic of the tagger's taxonomy reaches the timelines (its bit
in the pair rows' masks, its own filter, the API's list), and a topic the taxonomy
lacks is refused loudly rather than dropped from a mask."""

import pytest

from newsmonitor.tagging import TOPICS
from newsmonitor.timelines.models import PairEntry
from newsmonitor.timelines.readmodels.rollups import refresh_for_articles, topic_mask
from tests.support.factory import make_article

pytestmark = pytest.mark.django_db


def test_each_topic_is_on_the_timeline_and_in_the_api(client):
    made = [make_article(f"مصر وباكستان: {topic.ar}", "تعاون بين مصر وباكستان.", countries=["EG", "PK"],
                         pairs=[("EG", "PK", True, "تعاون بين مصر وباكستان.")], topics=[(topic.slug, 0.9)])
            for topic in TOPICS]
    refresh_for_articles([article.pk for article in made])
    for article, topic in zip(made, TOPICS):
        assert PairEntry.objects.get(article=article).topics == topic.mask
        listed = client.get(f"/api/articles/?pair=EG-PK&topic={topic.slug}").json()["results"]
        assert [row["id"] for row in listed] == [article.pk], topic.slug
    slugs = [row["slug"] for row in client.get("/api/topics/").json()["results"]]
    assert slugs == [topic.slug for topic in TOPICS]


def test_a_topic_the_taxonomy_lacks_fails_loudly():
    with pytest.raises(KeyError):
        topic_mask(["astrology"])
