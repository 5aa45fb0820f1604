"""Word forms for search: what the dashboard indexes and how a query word matches.

A search for باكستان must find وباكستان، لباكستان، الباكستانية. Every word is normalised
as the tagger normalises (normalize.normalize), then each form of it is listed with its
proclitics (the tagger's own list: و ف ب ل ك, the article, لل) and its nisba, plural
and pronoun suffixes stripped. A document is indexed under all its words' forms; a
query word, normalised, must equal one of them."""

import re
from functools import lru_cache

from .normalize import ARTICLE_L_PREFIXES, ARTICLE_PREFIXES, PLAIN_PREFIXES, normalize

# Letters and digits (\w) plus the Arabic combining marks (harakat), so a vowelled word
# stays one word; not the whole Arabic block, which holds punctuation (، ؛ ؟).
WORD = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+")
# Every proclitic the matcher knows, alone or before the article; longest first, so
# وبال is stripped before و.
PREFIXES = tuple(sorted({p for p in PLAIN_PREFIXES if p} | {"ال"} | {p + "ال" for p in ARTICLE_PREFIXES if p}
                        | {p + "ل" for p in ARTICLE_L_PREFIXES}, key=lambda p: (-len(p), p)))
SUFFIXES = tuple(sorted(("يه", "يين", "يون", "يات", "ي", "ات", "ين", "ون", "ان", "ها", "هم", "هما", "كم", "نا",
                         "ه"), key=lambda s: (-len(s), s)))
MIN_STEM = 3  # shorter leftovers are mostly noise (بلد -> لد)
ARABIC = re.compile("[\u0600-\u06ff]")


@lru_cache(maxsize=65536)
def normal_word(word):
    """normalize() of one word, remembered: highlighting a page of articles normalises
    thousands of words, most of them the same few hundred."""
    return normalize(word)


@lru_cache(maxsize=65536)
def word_forms(word):
    """A normalised word and its clitic-stripped forms (a frozenset)."""
    if not ARABIC.search(word):
        return frozenset([word])
    stems = {word}
    for prefix in PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM:
            stems.add(word[len(prefix):])
            if prefix.endswith("لل"):
                # لل is ل + ال with the alef elided: للإمارات is also "الإمارات".
                stems.add("ال" + word[len(prefix):])
    for stem in list(stems):
        for suffix in SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= MIN_STEM:
                stems.add(stem[: -len(suffix)])
    return frozenset(stems)


def words(text):
    """The normalised words of a text, in order."""
    return WORD.findall(normalize(text))


def word_spans(text):
    """(start, end, normalised word) of every word of `text` as written: for marking
    or quoting the words a search matched."""
    for match in WORD.finditer(text):
        yield match.start(), match.end(), normal_word(match.group())
