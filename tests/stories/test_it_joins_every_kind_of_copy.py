"""Each way a copy differs from its original (another title, a paragraph dropped,
diacritics, another footer, trimmed to two paragraphs, a wire copy changing all of these)
still joins the original's story, for every event of the test set."""

import pytest

from newsmonitor.stories.gold.events import EVENTS
from tests.stories import gold

pytestmark = [pytest.mark.core]
KINDS = ("title", "dropped", "diacritics", "footer", "trimmed", "wire")


@pytest.mark.parametrize("split", ["dev", "test"])
@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_copy_joins_its_original(split, kind):
    labels = gold.grouped(split)
    keys = [e["key"] for e in EVENTS if e["split"] == split]
    assert keys
    for key in keys:
        assert labels[f"{key}/{kind}"] == labels[f"{key}/original"], f"{key}: the {kind} copy stands apart"


@pytest.mark.parametrize("split", ["dev", "test"])
def test_most_follow_ups_join_the_event_they_report(split):
    labels = gold.grouped(split)
    keys = [e["key"] for e in EVENTS if e["split"] == split]
    joined = [key for key in keys if labels[f"{key}/follow-up"] == labels[f"{key}/original"]]
    assert len(joined) >= len(keys) - 2, f"only {joined} joined"
