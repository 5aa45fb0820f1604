"""The Arabic tagger: which states an article names, which pairs of them it reports
relations between, and its topics. A pure library (no Django, no Celery).

    from newsmonitor.tagging import Tagger, TAGGER_VERSION
    tagger = Tagger.load()                 # built once per process from data/*.json
    result = tagger.tag(title, body)

`result` is a TagResult (result.py): countries (ISO 3166-1 alpha-2 codes, sorted; PS,
XK, TW, EH, HK too), pairs (sorted (a, b) tuples of the states whose relations the article
reports), primary_pair (the strongest, or None), topics (taxonomy slugs, sorted), and
their details: per country its mentions, first_position (the index of the word where
it is first named, title words first), salience (0..1) and forms as printed; per pair
its score, evidence (up to 3 sentences as printed) and the cues that fired; per topic
its score and the terms that matched. language is "ar", or the other language the
article is in (Persian, Urdu...), which is left untagged: its country names are not
Arabic ones. `tag(title, body, language=...)` takes the language when the caller knows it.

The public contract, which every other part of the project imports from here and
nowhere else: `Tagger`, `TAGGER_VERSION`, `TagResult` (and its details), `normalize`
(the one normalisation of Arabic text for matching and search), `word_forms`,
`words` and `word_spans` (the forms search indexes and matches), `countries()` (names of every state
the tagger knows) and `TOPICS` (the taxonomy: slug, names, fixed bit).

The gazetteer, the topic lexicons and the pair cues are JSON files in data/, meant to
be read and edited by people; see their "about" fields. `python -m newsmonitor.tagging`
tags JSON lines on stdin; `python -m newsmonitor.bench.tagger_speed` measures speed.
"""

from .countries import Country, countries
from .normalize import normalize
from .result import CountryDetail, PairDetail, TagResult, TopicDetail
from .search import word_forms, word_spans, words
from .tagger import Tagger
from .taxonomy import TOPIC_BY_SLUG, TOPIC_SLUGS, TOPICS, Topic

# Bump when the tagger's behaviour changes, so stored articles can be re-tagged.
# The data files' own hash is Tagger.load().data_version.
TAGGER_VERSION = "1.4.0"

__all__ = ["TAGGER_VERSION", "TOPICS", "TOPIC_BY_SLUG", "TOPIC_SLUGS", "Country", "CountryDetail", "PairDetail",
           "TagResult", "Tagger", "Topic", "TopicDetail", "countries", "normalize", "word_forms", "word_spans", "words"]
