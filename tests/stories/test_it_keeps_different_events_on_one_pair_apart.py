"""Two events on one pair (two visits a month apart, two exhibitions two days apart, two
visits two days apart, ...) are never one story, nor is any copy of one grouped with the other."""

import pytest

from tests.stories import gold

pytestmark = [pytest.mark.core]


@pytest.mark.parametrize("split", ["dev", "test"])
def test_no_story_holds_two_events(split):
    labels = gold.grouped(split)
    events_of = {}
    for row in gold.rows(split):
        events_of.setdefault(labels[row["id"]], set()).add(row["story"])
    mixed = {story: events for story, events in events_of.items() if len(events) > 1}
    assert not mixed


def test_the_two_exhibitions_on_one_pair_two_days_apart_stay_apart():
    labels = gold.grouped("dev")
    assert labels["pk-tr-ideas-karachi/original"] != labels["pk-tr-saha-istanbul/original"]
    assert labels["pk-tr-ideas-karachi/follow-up"] != labels["pk-tr-saha-istanbul/follow-up"]
