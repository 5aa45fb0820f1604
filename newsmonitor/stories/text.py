"""What grouping reads in an article's text, with the tagger's one normaliser
(newsmonitor.tagging.words: diacritics, tatweel and invisible characters gone, letter
variants folded, digits made ASCII).

- shingles: every run of SHINGLE words of the title and of the body (never across the
  two), the unit of near-duplicate text. A changed title, a dropped paragraph or another
  footer changes a few of them; added diacritics change none.
- the lead: the first LEAD_WORDS words of the body, what a trimmed wire copy keeps.
- facts: the distinctive words of the title and the body's first FACT_WORDS words
  (never from its last paragraph, where furniture sits, when it has several), each reduced to one stem (proclitics and suffixes off), without function words, the
  generic words of news reports (stopwords.py) or the names of states (the pair says
  those): the names, places, numbers and things an event report is about.
"""

from functools import lru_cache

from newsmonitor.tagging import countries, word_forms, words

from .stopwords import STOPWORDS

SHINGLE = 3
LEAD_WORDS = 50
FACT_WORDS = 40
MIN_FACT_LETTERS = 3


def parts(title, body):
    """The normalised words of the title and of the body: shingles never cross them."""
    return [words(title or ""), words(body or "")]


def shingles(title, body):
    """The title's and the body's word shingles (tuples), in order, repeats kept (a part
    shorter than a shingle is one)."""
    out = []
    for part in parts(title, body):
        if part:
            out.extend(zip(*(part[i:] for i in range(SHINGLE))) if len(part) >= SHINGLE else [tuple(part)])
    return out


def facts(title, body):
    """The stems of the distinctive words of the title and the lead (a frozenset)."""
    found = set()
    paragraphs = [p for p in (body or "").split("\n") if p.strip()]
    lead = "\n".join(paragraphs[:-1] if len(paragraphs) > 1 else paragraphs)
    for word in words(title or "") + words(lead)[:FACT_WORDS]:
        stem = fact_stem(word)
        if stem:
            found.add(stem)
    return frozenset(found)


@lru_cache(maxsize=200_000)
def fact_stem(word):
    """One stem of a normalised word (its shortest clitic-stripped form), or None when
    it says nothing distinctive."""
    if word.isdigit():
        return word if word not in _YEARS else None
    if len(word) < MIN_FACT_LETTERS or not any("\u0600" <= c <= "\u06ff" or c.isalpha() for c in word):
        return None
    forms = word_forms(word)
    if forms & _IGNORED:
        return None
    return min(forms, key=lambda form: (len(form), form))


def _ignored():
    """Every form of a stopword or of a state's name or nisba."""
    out = set()
    names = [name for country in countries().values() for name in (*country.names, *country.adjectives)]
    for phrase in [*STOPWORDS, *names]:
        for word in words(phrase):
            out |= word_forms(word)
    return frozenset(out)


_IGNORED = _ignored()
# Years name no event: a report of 2026 and one of 2027 are not told apart by them.
_YEARS = frozenset(str(year) for year in range(1990, 2041))
