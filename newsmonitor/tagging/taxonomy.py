"""The topic taxonomy of DESIGN.md: the one list of topics in the project.

Every other part reads it from here (the tagger's lexicons in data/topics.json are
keyed by these slugs, the timelines' roll-ups by these bits, the gold sets' checks,
the dashboard's names and colours). A topic's bit is fixed for ever: the roll-up
tables store topic sets as bitmasks, so a topic is only ever appended with the next
free bit, never removed or renumbered (tests/tagging/test_it_only_ever_adds_topic_bits.py
holds the bits given so far)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    slug: str
    ar: str  # the interface's names
    en: str
    bit: int  # its place in a stored topic bitmask: 1 << bit

    @property
    def mask(self):
        return 1 << self.bit


TOPICS = (
    Topic("defence-industry", "التصنيع العسكري", "Defence industry", 0),
    Topic("military-cooperation", "التعاون العسكري", "Military cooperation", 1),
    Topic("trade-economy", "التجارة والاقتصاد", "Trade and economy", 2),
    Topic("energy", "الطاقة", "Energy", 3),
    Topic("diplomacy-visits", "الدبلوماسية والزيارات", "Diplomacy and visits", 4),
    Topic("security-terrorism", "الأمن ومكافحة الإرهاب", "Security and counter-terrorism", 5),
    Topic("conflict", "النزاعات", "Conflict", 6),
    Topic("migration", "الهجرة", "Migration", 7),
    Topic("health", "الصحة", "Health", 8),
    Topic("culture-education", "الثقافة والتعليم", "Culture and education", 9),
    Topic("sports", "الرياضة", "Sports", 10),
    Topic("domestic-politics", "السياسة الداخلية", "Domestic politics", 11),
)
TOPIC_SLUGS = tuple(topic.slug for topic in TOPICS)
TOPIC_BY_SLUG = {topic.slug: topic for topic in TOPICS}
