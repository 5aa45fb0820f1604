"""When to check a feed next. Pure arithmetic on numbers and datetimes."""

import random
from datetime import timedelta


def backoff_seconds(error_count, base, cap, rng=random):
    """Doubling from the normal interval with each consecutive failure, capped, with
    +-20% jitter so feeds that failed together do not come back together."""
    delay = min(base * 2 ** max(error_count - 1, 0), cap)
    return max(1, int(delay * rng.uniform(0.8, 1.2)))


def adaptive_interval(current, published_times, *, new_count, minimum, maximum):
    """Feeds that publish often are polled more often, within bounds.

    With dated entries the interval is half the mean gap between the newest ones, so
    on average a new item waits half a gap at most; without dates it drifts: shorter
    after a poll that found something, longer after one that did not."""
    dated = sorted((t for t in published_times if t), reverse=True)[:10]
    if len(dated) >= 3:
        gaps = [(a - b).total_seconds() for a, b in zip(dated, dated[1:])]
        target = sum(gaps) / len(gaps) / 2
    elif new_count:
        target = current * 0.75
    else:
        target = current * 1.25
    return int(min(max(target, minimum), maximum))


def after(now, seconds):
    return now + timedelta(seconds=seconds)
