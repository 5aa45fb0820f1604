"""Topics: weighted Arabic lexicons (data/topics.json) scored over an article.

The terms go into the same Aho-Corasick automaton as the country forms (one pass over
the text finds both); this module builds their keys and turns the counts into scores.
A term's contribution is weight x (1 + ln(count)), so repetition helps but with
diminishing returns; a term in the title counts `title_factor` times. An article gets
every topic whose score reaches that topic's threshold.

Long articles (more than long_article.words words) mention many topics in passing: there
a topic none of whose terms is in the title must also rest on at least
long_article.min_terms distinct terms (التجارة and تجارة are one) and make at least
min_share x sqrt(words / share_at_words) of the article's summed topic score.
"""

import json
import math
import re
from collections import Counter
from itertools import chain
from operator import itemgetter
from pathlib import Path

from .normalize import phrase, with_prefixes
from .taxonomy import TOPIC_SLUGS

_LATIN = re.compile("[a-z]")


class Term:
    __slots__ = ("topic", "text", "weight", "stem", "base")

    def __init__(self, topic, text, weight, stem, base=None):
        self.topic, self.text, self.weight, self.stem = topic, text, weight, stem
        self.base = text if base is None else base  # without ال: التجارة and تجارة are one term


def _base(normalised):
    """A term's text without a leading article, for counting distinct terms."""
    return normalised[2:] if normalised.startswith("ال") and len(normalised) > 4 else normalised


class Topics:
    def __init__(self, path):
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        self.title_factor = float(data.get("title_factor", 2.0))
        self.length_unit = float(data.get("length_unit", 100))
        default = float(data.get("default_threshold", 4.0))
        long_article = data.get("long_article", {})
        self.long_words = float(long_article.get("words", math.inf))
        self.min_terms = int(long_article.get("min_terms", 0))
        self.min_share = float(long_article.get("min_share", 0.0))
        self.share_at_words = float(long_article.get("share_at_words", 250))
        lexicons = {topic["slug"]: topic for topic in data["topics"]}
        if set(lexicons) != set(TOPIC_SLUGS):
            # The taxonomy is the one list of topics: a lexicon for a topic it lacks would
            # tag articles no page shows, and a topic without one would never be given.
            raise ValueError(f"{path}: topics {sorted(lexicons)} are not the taxonomy's {sorted(TOPIC_SLUGS)}")
        self.slugs, self.thresholds = list(TOPIC_SLUGS), []
        self.terms = []
        self.topic_of = []
        self.keys = {}  # automaton key -> [term index]
        for index, slug in enumerate(self.slugs):
            topic = lexicons[slug]
            self.thresholds.append(float(topic.get("threshold", default)))
            for raw, weight in topic["terms"].items():
                stem = raw.endswith("*")
                text = raw.rstrip("*").strip()
                normalised = phrase(text)
                if not normalised:
                    continue
                term_id = len(self.terms)
                self.terms.append(Term(index, text, float(weight), stem, _base(normalised)))
                self.topic_of.append(index)
                variants = {normalised}
                if _LATIN.search(normalised):  # EDEX, Edex: the text is not lower-cased
                    variants.update({normalised.upper(), normalised.title()})
                for variant in variants:
                    for _prefix, surface in with_prefixes(variant, article_too=True):
                        # One term per key and topic: تجاري* and التجاري* both give
                        # the key التجاري, which must count once (the heavier wins).
                        by_topic = self.keys.setdefault(" " + surface, {})
                        old = by_topic.get(index)
                        if old is None or self.terms[old].weight < weight:
                            by_topic[index] = term_id
        self.keys = {key: sorted(by_topic.values()) for key, by_topic in self.keys.items()}

    def stems(self):
        return [t.stem for t in self.terms]

    @staticmethod
    def totals(kept, title_end):
        """({term id: times counted}, {term id: times in the title}) from each topic's
        kept hits, (start, end, term id) in text order: the tagger's scan finds the
        terms and keeps, within a topic, one of overlapping hits (the leftmost, then
        longest: التبادل التجاري is one term, not also التجاري). Each topic's terms are
        listed in the order they were first found: the order their scores are summed
        in, always the same, so that the floating-point sums never change."""
        totals = Counter(map(itemgetter(2), chain.from_iterable(kept)))
        title = {}
        for mine in kept:  # a topic's hits are in text order: the title's come first
            for _start, end, term_id in mine:
                if end >= title_end:
                    break
                title[term_id] = title.get(term_id, 0) + 1
        return totals, title

    def _sums(self, totals, title):
        """Each topic's raw score (weight x (1 + ln count), title hits counting
        title_factor times) and the terms found for it."""
        scores = [0.0] * len(self.slugs)
        matched = [[] for _slug in self.slugs]
        terms, log, title_factor = self.terms, math.log, self.title_factor
        for term_id, n in totals.items():
            in_title = title.get(term_id, 0)
            term = terms[term_id]
            scores[term.topic] += term.weight * (1.0 + log(n - in_title + title_factor * in_title))
            matched[term.topic].append(term)
        return scores, matched

    @staticmethod
    def _listed(matched):
        """The terms found, heaviest first (then alphabetically), each once."""
        return list(dict.fromkeys(text for _w, text in sorted((-term.weight, term.text) for term in matched)))

    def score(self, totals, title, words=0):
        """[(slug, score, [terms])] for every topic with a score that can be chosen, in
        taxonomy order. Long articles gather more incidental terms, so the sum is divided
        by sqrt(words / length_unit) past length_unit, and in an article of more than
        long_article.words words a topic mentioned only in passing (see _passing) is
        left out, whatever its score."""
        scores, matched = self._sums(totals, title)
        scale = 1.0 / math.sqrt(max(1.0, words / self.length_unit))
        passing = self._passing(scores, matched, title, words) if words > self.long_words else ()
        return [(slug, round(scores[i] * scale, 3), self._listed(matched[i]))
                for i, slug in enumerate(self.slugs) if scores[i] > 0 and i not in passing]

    def chosen_slugs(self, totals, title, words=0):
        """(chosen slugs, [(slug, score, terms)] of the chosen) in one go: scores for
        all topics, matched terms only for those chosen."""
        scores, matched = self._sums(totals, title)
        scale = 1.0 / math.sqrt(max(1.0, words / self.length_unit))
        out = []
        for i, slug in enumerate(self.slugs):
            score = round(scores[i] * scale, 3)
            if score > 0 and score >= self.thresholds[i]:
                out.append((i, score))
        if out and words > self.long_words:
            passing = self._passing(scores, matched, title, words)
            out = [(i, score) for i, score in out if i not in passing]
        out = [(self.slugs[i], score, self._listed(matched[i])) for i, score in out]
        return {slug for slug, _s, _t in out}, out

    def _passing(self, scores, matched, title, words):
        """The topics a long article mentions only in passing: none of their terms is in
        the title, and they rest on fewer than min_terms distinct terms or make less than
        min_share x sqrt(words / share_at_words) of the summed topic score."""
        titled = {self.terms[term_id].topic for term_id in title}
        least = self.min_share * math.sqrt(words / self.share_at_words) * sum(scores)
        return {i for i, score in enumerate(scores)
                if score > 0 and i not in titled
                and (score < least or len({term.base for term in matched[i]}) < self.min_terms)}

    def chosen(self, scored):
        """The slugs whose score reaches their threshold."""
        index = {slug: i for i, slug in enumerate(self.slugs)}
        return [slug for slug, score, _terms in scored if score >= self.thresholds[index[slug]]]
