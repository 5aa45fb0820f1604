"""The text search indexes, the terms a query asks for, and highlighting.

A search for باكستان must find وباكستان، لباكستان، الباكستانية. PostgreSQL's `arabic`
stemmer does not do that (it stems باكستان and لباكستان to different words), so the
search column holds the tagger's word forms (newsmonitor.tagging.word_forms: each word
normalised, with its proclitics and nisba/plural suffixes stripped), indexed with the
plain `simple` configuration. A query word is normalised the same way and must equal
one of those forms. What a word is and how it is normalised belong to the tagger; this
module only lays them out for the index and the page."""

from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

from newsmonitor.tagging import word_forms, word_spans, words


def search_text(*texts):
    """The indexed text: every distinct form of every word, space-separated, with a
    space at both ends so the SQLite fallback can match ' form ' with LIKE."""
    seen = []
    known = set()
    for text in texts:
        for word in words(text):
            for form in sorted(word_forms(word)):
                if form not in known:
                    known.add(form)
                    seen.append(form)
    return " " + " ".join(seen) + " " if seen else ""


def query_terms(query):
    """Normalised query words, at most 8, duplicates removed. A word is matched as
    written (after normalisation): its forms are on the document side."""
    terms = []
    for word in words(query):
        if word not in terms:
            terms.append(word)
    return terms[:8]


def first_match(text, terms):
    """(start, end) of the first word of `text` one of whose forms is a term, or None."""
    for start, end, word in word_spans(text):
        if not terms.isdisjoint(word_forms(word)):
            return start, end
    return None


def highlight(text, terms, css="hit"):
    """HTML of `text` with every word whose forms include one of `terms` marked.
    Terms may be phrases (country names of several words)."""
    phrases = [_phrase(term) for term in terms if term]
    phrases = [phrase for phrase in phrases if phrase]
    if not text:
        return ""
    if not phrases:
        return escape(text)
    spans = list(word_spans(text))
    normal = [word for _start, _end, word in spans]
    firsts = {phrase[0] for phrase in phrases}
    marks = []
    i = 0
    while i < len(spans):
        length = _match_at(normal, i, phrases) if not firsts.isdisjoint(word_forms(normal[i])) else 0
        if length:
            marks.append((spans[i][0], spans[i + length - 1][1]))
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
    return tuple(words(term))


def _match_at(normal, i, phrases):
    best = 0
    for phrase in phrases:
        n = len(phrase)
        if n <= best or i + n > len(normal):
            continue
        if phrase[0] not in word_forms(normal[i]):
            continue
        # After the first word a phrase continues word for word (middle words carry
        # no clitics in practice), except that the last may carry a suffix.
        if all(phrase[k] in word_forms(normal[i + k]) for k in range(1, n)):
            best = n
    return best
