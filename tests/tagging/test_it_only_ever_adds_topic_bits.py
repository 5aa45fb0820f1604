"""The roll-up tables store an article's topics as a bitmask, so a topic's bit is fixed
for ever: the taxonomy may only grow, each new topic taking a bit never used before.
BITS_GIVEN is the record of every bit given so far; adding a topic means adding it here
too, and nothing else in it may change."""

from newsmonitor.tagging import TOPICS
from newsmonitor.tagging.topics import Topics
from newsmonitor.tagging.tagger import DATA_DIR

BITS_GIVEN = {
    "defence-industry": 0, "military-cooperation": 1, "trade-economy": 2, "energy": 3, "diplomacy-visits": 4,
    "security-terrorism": 5, "conflict": 6, "migration": 7, "health": 8, "culture-education": 9, "sports": 10,
    "domestic-politics": 11,
}


def test_no_topic_given_a_bit_is_removed_or_renumbered():
    bits = {topic.slug: topic.bit for topic in TOPICS}
    assert {slug: bits.get(slug) for slug in BITS_GIVEN} == BITS_GIVEN


def test_a_new_topic_takes_a_bit_never_used():
    bits = [topic.bit for topic in TOPICS]
    assert len(set(bits)) == len(bits)
    new = [topic for topic in TOPICS if topic.slug not in BITS_GIVEN]
    assert all(topic.bit > max(BITS_GIVEN.values()) for topic in new)
    assert all(topic.mask == 1 << topic.bit for topic in TOPICS)


def test_every_topic_has_its_names_and_a_lexicon():
    assert all(topic.ar and topic.en for topic in TOPICS)
    assert Topics(DATA_DIR / "topics.json").slugs == [topic.slug for topic in TOPICS]
