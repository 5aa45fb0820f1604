"""The Arabic tagger: which states an article names, which pairs of them it reports
relations between, and its topics. A pure library (no Django, no Celery).

    from newsmonitor.tagging import Tagger, TAGGER_VERSION
    tagger = Tagger.load()                 # built once per process from data/*.json
    result = tagger.tag(title, body)

`result` has:

- countries: ISO 3166-1 alpha-2 codes, sorted (PS Palestine, XK Kosovo, TW, EH, HK too);
- pairs: sorted [a, b] lists of the states whose relations the article reports;
- primary_pair: the strongest pair, or None;
- topics: slugs of the DESIGN.md taxonomy, sorted;
- country_details: per country (sorted by code) {code, mentions, first_position (index
  of the word where it is first named, title words first), salience (0..1), forms
  (surface forms as printed)};
- pair_details: per pair {pair, score, primary, evidence (up to 3 sentences as printed),
  cues (the rules that fired)};
- topic_details: per topic {topic, score, terms (the lexicon terms that matched)};
- language: "ar", or the other language the article is in (Persian, Urdu...), which is
  left untagged (empty lists): its country names are not Arabic ones. `tag(title, body,
  language=...)` takes the language when the caller knows it.

The gazetteer, the topic lexicons and the pair cues are JSON files in data/, meant to
be read and edited by people; see their "about" fields. `python -m newsmonitor.tagging`
tags JSON lines on stdin; `python -m newsmonitor.tagging.bench` measures speed.
"""

from . import normalize  # noqa: F401  the module: normalize.normalize(text) is the matcher's normalisation
from .tagger import Tagger

# Bump when the tagger's behaviour changes, so stored articles can be re-tagged.
# The data files' own hash is Tagger.load().data_version.
TAGGER_VERSION = "1.4.0"

__all__ = ["Tagger", "TAGGER_VERSION"]
