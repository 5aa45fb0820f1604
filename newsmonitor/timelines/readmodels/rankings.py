"""Rankings from the daily roll-ups (PairDay, TopicDay): pairs, partners, countries
and topics over a period, and their small timelines, counted in stories (a story on
the day of its first article of the pair; the default) or in articles. A fixed number
of queries each, whatever the period."""

from django.db.models import Q, Sum

from newsmonitor.timelines.models import PairDay, TopicDay
from newsmonitor.timelines.names import topic_colour, topic_name


# Roll-up columns by unit: (count, count with the pair primary).
UNITS = {"stories": ("s", "s_primary"), "articles": ("n", "n_primary")}


def top_pairs(start, end, limit=10, country=None, offset=0, unit="stories"):
    """Pairs by their count over the period in `unit` ("n", "n_primary"), with both
    units beside ("stories", "articles", "stories_primary", "articles_primary")."""
    qs = PairDay.objects.filter(day__gte=start, day__lte=end)
    if country:
        qs = qs.filter(Q(a=country) | Q(b=country))
    ranked = (qs.values("a", "b").annotate(stories=Sum("s"), articles=Sum("n"), stories_primary=Sum("s_primary"),
                                           articles_primary=Sum("n_primary"))
              .order_by(f"-{unit}", "a", "b"))
    rows = list(ranked[offset:offset + limit])
    for row in rows:
        row["n"], row["n_primary"] = row[unit], row[f"{unit}_primary"]
    return rows


def pair_counts(pairs, start, end, unit="stories"):
    """{(a, b): n} over a period for the given pairs, in one query."""
    if not pairs:
        return {}
    condition = Q()
    for a, b in pairs:
        condition |= Q(a=a, b=b)
    rows = (PairDay.objects.filter(condition, day__gte=start, day__lte=end).values("a", "b")
            .annotate(n=Sum(UNITS[unit][0])))
    return {(row["a"], row["b"]): row["n"] for row in rows}


def daily_series(pairs, start, end, step=1, unit="stories"):
    """{(a, b): [count per `step` days from start to end]} in one query: the
    sparklines. Rows are streamed, and only the points are held."""
    out = {pair: [0] * ((end - start).days // step + 1) for pair in pairs}
    if not pairs:
        return out
    condition = Q()
    for a, b in pairs:
        condition |= Q(a=a, b=b)
    rows = PairDay.objects.filter(condition, day__gte=start, day__lte=end).values_list("a", "b", "day",
                                                                                        UNITS[unit][0])
    for a, b, day, n in rows.iterator(chunk_size=2000):
        out[(a, b)][(day - start).days // step] += n
    return out


# A sparkline is ~120 pixels wide: a longer period sums several weeks per point.
MAX_POINTS = 104


def weekly_series(pairs, start, end, unit="stories"):
    """(lines, weeks): like daily_series but summed by week, or by `weeks` weeks when
    the period has more than MAX_POINTS weeks: the small timelines of a country page."""
    weeks = -(-((end - start).days // 7 + 1) // MAX_POINTS)
    return daily_series(pairs, start, end, step=7 * weeks, unit=unit), weeks


def top_topics(start, end, limit=12, unit="stories"):
    """Topics by their count over the period: articles with the topic, or stories
    counted on the day of their first article with it (TopicDay)."""
    rows = (TopicDay.objects.filter(day__gte=start, day__lte=end).values("topic")
            .annotate(stories=Sum("s"), articles=Sum("n")).order_by(f"-{unit}", "topic"))
    return [{"slug": row["topic"], "name": topic_name(row["topic"]), "n": row[unit], "stories": row["stories"],
             "articles": row["articles"], "colour": topic_colour(row["topic"])} for row in rows[:limit] if row[unit]]


def country_totals(start, end):
    """{code: {"stories": n, "articles": n}}: the pair mentions of each country over
    the period (a pair's story or article counts for both its countries)."""
    totals = {}
    for side in ("a", "b"):
        for row in (PairDay.objects.filter(day__gte=start, day__lte=end).values(side)
                    .annotate(articles=Sum("n"), stories=Sum("s"))):
            counts = totals.setdefault(row[side], {"stories": 0, "articles": 0})
            counts["stories"] += row["stories"] or 0
            counts["articles"] += row["articles"] or 0
    return totals


def partner_of(row, country):
    return row["b"] if row["a"] == country else row["a"]


def matrix(codes, start, end, unit="stories"):
    """{(a, b): n} for every pair within `codes` over the period (one query)."""
    rows = (PairDay.objects.filter(a__in=codes, b__in=codes, day__gte=start, day__lte=end)
            .values("a", "b").annotate(n=Sum(UNITS[unit][0])))
    return {(row["a"], row["b"]): row["n"] for row in rows}
