"""A digest holds what the subscription's view on the dashboard would show for the
period: the sender filters a period's rows in Python (one read for many
subscriptions), so these tests hold its filters to Filters.apply, the timeline's SQL,
for every filter a subscription can carry."""

from datetime import timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from newsmonitor.digests import content as contents
from newsmonitor.feeds.models import Outlet
from newsmonitor.timelines.models import ArticleDoc, PairEntry
from tests.support.mailing import tagged
from tests.support.story_rows import make_story

pytestmark = [pytest.mark.core, pytest.mark.django_db]

QUERIES = ["", "topic=energy", "topic=defence-industry&topic=trade-economy", "outlet_country=SA",
           "outlet_country=EG&outlet_country=AE", "language=en", "primary=1", "q=الغاز",
           "topic=energy&outlet_country=SA&primary=1", "OUTLET", "from=2000-01-01", "to=2000-01-01"]


@pytest.fixture
def period():
    now = timezone.now()
    topics = [[("energy", 0.9)], [("defence-industry", 0.9), ("energy", 0.4)], [("trade-economy", 0.8)],
              [("sports", 0.7)]]
    made = []
    for i in range(24):
        pair = [("EG", "PK"), ("PK", "SA"), ("EG", "SA")][i % 3]
        words = "الغاز الطبيعي" if i % 4 == 0 else "التعاون الثنائي"
        made.append(tagged(f"خبر {i} عن {words}", pair=pair, topics=topics[i % 4], outlet=i % 3,
                           primary=i % 5 != 0, language="en" if i % 7 == 0 else "ar",
                           body=f"نص الخبر {i} عن {words}",
                           tagged_at=now - timedelta(hours=30 if i % 6 == 0 else 2)))
    return now - timedelta(days=1), now


def sql_ids(selection, start, end):
    """What the timeline's SQL filters give for the selection over the period."""
    filters = selection.filters
    window = {"article__first_tagged_at__gt": start, "article__first_tagged_at__lte": end}
    ids = set()
    if selection.pairs:
        cond = Q()
        for a, b in selection.pairs:
            cond |= Q(a=a, b=b)
        ids |= set(filters.apply(PairEntry.objects.filter(cond, **window)).values_list("article_id", flat=True))
    for code in selection.countries:
        qs = ArticleDoc.objects.filter(countries__contains=f" {code} ", **window)
        ids |= set(filters.apply(qs, pair_rows=False).values_list("pk", flat=True))
    if selection.everything:
        ids |= set(filters.apply(ArticleDoc.objects.filter(**window), pair_rows=False).values_list("pk", flat=True))
    return ids


def shown_ids(content):
    ids = set()
    for item in content.items():
        ids.add(item.article_id)
    return ids


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("follows", [{"pairs": ("EG-PK", "PK-SA")}, {"countries": ("SA",)}, {},
                                     {"pairs": ("EG-SA",), "countries": ("PK",)}])
def test_a_digest_holds_what_the_filtered_timeline_holds(period, query, follows):
    if query == "OUTLET":
        query = f"outlet={Outlet.objects.order_by('pk').first().pk}"
    start, end = period

    class Sub:
        pairs = list(follows.get("pairs", ()))
        countries = list(follows.get("countries", ()))

    Sub.query = query
    selection = contents.Selection.of(Sub)
    assert selection.filters.errors == []
    content = contents.compose_many([selection], start, end)[selection]
    expected = sql_ids(selection, start, end)
    # Every matching article counted in its groups; none shown that does not match.
    # (Titles differ, so no story folds into another here.)
    assert shown_ids(content) == expected
    assert sum(g.count for g in content.groups) >= len(expected)


def test_many_selections_are_composed_in_a_fixed_number_of_queries(period, django_assert_max_num_queries):
    start, end = period
    selections = [contents.Selection(pairs=(pair,), query=q) for pair in [("EG", "PK"), ("PK", "SA"), ("EG", "SA")]
                  for q in ["", "topic=energy", "primary=1", "outlet_country=SA"]]
    selections += [contents.Selection(countries=("SA",)), contents.Selection(query="q=الغاز")]
    with django_assert_max_num_queries(5):  # pairs, countries, everything (for the q one), q, evidence
        composed = contents.compose_many(selections, start, end)
    assert all(c.total == len(sql_ids(s, start, end)) for s, c in composed.items() if not s.countries)


def test_copies_of_a_story_are_one_item_naming_the_other_outlets():
    # A story is the grouping step's (StoryMember), shown by its first article in the
    # period; the same title or text in no common story is not folded in any more.
    now = timezone.now()
    first = tagged("نص منقول حرفيا", outlet=2, when=now - timedelta(hours=3), content_hash="same")
    second = tagged("مصر وباكستان توقعان اتفاقية", outlet=1, when=now - timedelta(hours=2))
    third = tagged("مصر وباكستان توقعان اتفاقية", outlet=0, when=now - timedelta(hours=1), content_hash="same")
    make_story(first, second, third)
    alone = tagged("مصر وباكستان توقعان اتفاقية", outlet=0, when=now - timedelta(hours=4), content_hash="same")
    selection = contents.Selection(pairs=(("EG", "PK"),))
    content = contents.compose(selection, now - timedelta(days=1), now)
    story, other = content.items()
    assert (story.article_id, other.article_id) == (first.pk, alone.pk)
    assert [name for name, _c in story.copies] == ["صحيفة الرياض اليوم", "وكالة النيل للأنباء"]
    assert (content.total, content.stories, content.articles, content.more) == (2, 2, 4, 0)
