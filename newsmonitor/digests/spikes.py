"""Spike alerts: a followed pair's day with far more coverage than usual.

A day is a spike for a subscriber when its count is above the pair's mean over the 30
days before it plus k standard deviations (the subscriber's spike_k), and at least
the subscriber's floor (spike_floor), so a pair that is usually silent does not
alert on two articles. Days are complete days (UTC, the timelines' days): the day
checked is yesterday, read from the PairDay roll-up; days with no row count as 0.

A day's count is of stories, as the timelines count them (the stories first reported
on the pair that day: ten copies of one wire story are one), unless the subscription
counts articles (count=articles).

    spike(count, history, k, floor) -> Spike   the statistics, a pure function
    pair_stats(pairs, day, unit) -> {pair: (count, history)}   one query for all pairs
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from newsmonitor.timelines.models import PairDay

HISTORY_DAYS = 30


@dataclass(frozen=True)
class Spike:
    count: int
    mean: float
    std: float
    k: float
    floor: int

    @property
    def threshold(self):
        """The count the day must exceed (the floor it must reach is separate)."""
        return self.mean + self.k * self.std

    @property
    def is_spike(self):
        return self.count > self.threshold and self.count >= self.floor


def spike(count, history, k, floor):
    """The day's `count` against `history`, the counts of the days before it (a
    missing day is 0; the mean and the population standard deviation are over
    len(history) days, HISTORY_DAYS in use)."""
    history = [max(int(n), 0) for n in history]
    days = len(history)
    mean = sum(history) / days if days else 0.0
    std = math.sqrt(sum((n - mean) ** 2 for n in history) / days) if days else 0.0
    return Spike(int(count), mean, std, float(k), int(floor))


def pair_stats(pairs, day, unit="stories"):
    """{(a, b): (the day's count, [the 30 days before, oldest first])} for these pairs,
    in `unit` (stories or articles), from one query of the roll-up."""
    pairs = {tuple(p) for p in pairs}
    if not pairs:
        return {}
    first = day - timedelta(days=HISTORY_DAYS)
    counts = {pair: [0] * (HISTORY_DAYS + 1) for pair in pairs}
    rows = PairDay.objects.filter(day__gte=first, day__lte=day, a__in={a for a, _b in pairs},
                                  b__in={b for _a, b in pairs}).values_list("a", "b", "day",
                                                                            "s" if unit == "stories" else "n")
    for a, b, when, n in rows:
        series = counts.get((a, b))
        if series is not None:
            series[(when - first).days] = n
    return {pair: (series[-1], series[:-1]) for pair, series in counts.items()}


def alert_key(pair, day):
    """The Delivery key of a pair's spike on a day: one alert per pair-day."""
    return f"{pair[0]}-{pair[1]} {day.isoformat()}"
