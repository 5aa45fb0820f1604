"""Arabic text for search and highlighting: normalisation, clitic stripping, tokens.

A search for باكستان must find وباكستان، لباكستان، الباكستانية. PostgreSQL's `arabic`
stemmer does not do that (it stems باكستان and لباكستان to different words), so the
search column holds our own tokens: each word normalised, then every form of it with
its proclitics (و ف ب ل ك ال لل) and its nisba/plural suffixes stripped, indexed with
the plain `simple` configuration. A query word is normalised the same way and must
equal one of those forms.

Normalisation must be the tagger's, so what the tagger matches is what search finds:
when newsmonitor.tagging.normalize exists, its function is used.
"""

import re
import unicodedata
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # harakat, tatweel
_ALEFS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                        "ؤ": "و", "ئ": "ي", "ک": "ك", "ی": "ي"})


def _own_normalise(text):
    text = unicodedata.normalize("NFKC", text or "")
    text = _DIACRITICS.sub("", text)
    return text.translate(_ALEFS).lower()


def _tagger_normaliser():
    try:
        from newsmonitor.tagging import normalize as module
    except Exception:  # noqa: BLE001 - absent or half-written tagger: use our own
        return None
    for name in ("normalise", "normalize", "normalize_text", "normalise_text"):
        function = getattr(module, name, None)
        if callable(function):
            return function
    return None


_NORMALISER = _tagger_normaliser()


def normalise(text):
    """The tagger's normalisation when it exists, then ours on top: ours is idempotent,
    and applying it after guarantees the variants this module's search promises
    (hamza/alef, yaa/alef maqsura, taa marbuta) whatever the tagger chose."""
    if _NORMALISER is not None:
        try:
            text = _NORMALISER(text)
        except Exception:  # noqa: BLE001 - never let a tagger bug break search
            pass
    return _own_normalise(text)


@lru_cache(maxsize=65536)
def normal_word(word):
    """normalise() of one word, remembered: highlighting a page of articles normalises
    thousands of words, most of them the same few hundred."""
    return normalise(word)


# Letters and digits (\w) plus the Arabic combining marks (harakat), so a vowelled word
# stays one word; not the whole Arabic block, which holds punctuation (، ؛ ؟).
WORD = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+")
# Longest first, so وبال is stripped before و.
PREFIXES = sorted(["و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل",
                   "وب", "ول", "وك", "فب", "فل", "وبال", "وكال", "فبال"], key=len, reverse=True)
SUFFIXES = sorted(["يه", "يين", "يون", "يات", "ي", "ات", "ين", "ون", "ان", "ها", "هم", "هما", "كم", "نا", "ه"],
                  key=len, reverse=True)
MIN_STEM = 3  # shorter leftovers are mostly noise (بلد → لد)
ARABIC = re.compile("[\u0600-\u06ff]")


@lru_cache(maxsize=65536)
def word_forms(word):
    """The normalised word and its clitic-stripped forms (a set)."""
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


def tokens(text):
    return WORD.findall(normalise(text))


def search_text(*texts):
    """The indexed text: every distinct form of every word, space-separated, with a
    space at both ends so the SQLite fallback can match ' form ' with LIKE."""
    seen = []
    known = set()
    for text in texts:
        for word in tokens(text):
            for form in sorted(word_forms(word)):
                if form not in known:
                    known.add(form)
                    seen.append(form)
    return " " + " ".join(seen) + " " if seen else ""


def query_terms(query):
    """Normalised query words, at most 8, duplicates removed. A word is matched as
    written (after normalisation): its forms are on the document side."""
    terms = []
    for word in tokens(query):
        if word not in terms:
            terms.append(word)
    return terms[:8]


def highlight(text, terms, css="hit"):
    """HTML of `text` with every word whose forms include one of `terms` marked.
    Terms may be phrases (country names of several words)."""
    phrases = [_phrase(term) for term in terms if term]
    phrases = [phrase for phrase in phrases if phrase]
    if not text:
        return ""
    if not phrases:
        return escape(text)
    spans = list(WORD.finditer(text))
    words = [normal_word(match.group()) for match in spans]
    firsts = {phrase[0] for phrase in phrases}
    marks = []
    i = 0
    while i < len(spans):
        length = _match_at(words, i, phrases) if not firsts.isdisjoint(word_forms(words[i])) else 0
        if length:
            marks.append((spans[i].start(), spans[i + length - 1].end()))
            i += length
        else:
            i += 1
    out, last = [], 0
    for start, end in marks:
        out.append(escape(text[last:start]))
        out.append(f'<mark class="{css}">{escape(text[start:end])}</mark>')
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


@lru_cache(maxsize=4096)
def _phrase(term):
    return tuple(tokens(term))


def _match_at(words, i, phrases):
    best = 0
    for phrase in phrases:
        n = len(phrase)
        if n <= best or i + n > len(words):
            continue
        if phrase[0] not in word_forms(words[i]):
            continue
        # After the first word a phrase continues word for word (middle words carry
        # no clitics in practice), except that the last may carry a suffix.
        if all(phrase[k] in word_forms(words[i + k]) for k in range(1, n)):
            best = n
    return best
