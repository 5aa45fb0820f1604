"""Topics: weighted Arabic lexicons (data/topics.json) scored over an article.

The terms go into the same Aho-Corasick automaton as the country forms (one pass over
the text finds both); this module builds their keys and turns the counts into scores.
A term's contribution is weight x (1 + ln(count)), so repetition helps but with
diminishing returns; a term in the title counts `title_factor` times. An article gets
every topic whose score reaches that topic's threshold.
"""

import json
import math
import re
from pathlib import Path

from .normalize import phrase, with_prefixes

_LATIN = re.compile("[a-z]")


class Term:
    __slots__ = ("topic", "text", "weight", "stem")

    def __init__(self, topic, text, weight, stem):
        self.topic, self.text, self.weight, self.stem = topic, text, weight, stem


class Topics:
    def __init__(self, path):
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        self.title_factor = float(data.get("title_factor", 2.0))
        self.length_unit = float(data.get("length_unit", 100))
        default = float(data.get("default_threshold", 4.0))
        self.slugs, self.names, self.thresholds = [], [], []
        self.terms = []
        self._topic_of = []
        self.keys = {}  # automaton key -> [term index]
        for index, topic in enumerate(data["topics"]):
            self.slugs.append(topic["slug"])
            self.names.append(topic.get("ar", ""))
            self.thresholds.append(float(topic.get("threshold", default)))
            for raw, weight in topic["terms"].items():
                stem = raw.endswith("*")
                text = raw.rstrip("*").strip()
                normalised = phrase(text)
                if not normalised:
                    continue
                term_id = len(self.terms)
                self.terms.append(Term(index, text, float(weight), stem))
                self._topic_of.append(index)
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

    def count(self, hits, title_end):
        """{term id: [in body, in title]} from (start, end, term id) hits, which come in
        order of their end. Within a topic overlapping hits count once, the leftmost
        (then longest) winning: التبادل التجاري is one term, not also التجاري."""
        topic_of = self._topic_of
        kept = {}  # topic -> [(start, end, term id)]
        for hit in hits:
            topic = topic_of[hit[2]]
            mine = kept.get(topic)
            if mine is None:
                kept[topic] = [hit]
                continue
            start = hit[0]
            if start > mine[-1][1]:
                mine.append(hit)
                continue
            # Overlap: a hit that starts no later than the ones it overlaps replaces them.
            if start <= mine[-1][0]:
                while mine and mine[-1][1] >= start and start <= mine[-1][0]:
                    mine.pop()
                if not mine or mine[-1][1] < start:
                    mine.append(hit)
        counts = {}
        for mine in kept.values():
            for _start, end, term_id in mine:
                c = counts.get(term_id)
                if c is None:
                    c = counts[term_id] = [0, 0]
                c[1 if end < title_end else 0] += 1
        return counts

    def score(self, counts, words=0, terms_for=None):
        """counts: {term id: [in body, in title]} -> [(slug, score, [terms])] for every
        topic with a score, in taxonomy order; the matched terms are listed only for the
        topics in `terms_for` (all when None). Long articles gather more incidental
        terms, so the sum is divided by sqrt(words / length_unit) past length_unit."""
        scores = [0.0] * len(self.slugs)
        terms = self.terms
        log = math.log
        title_factor = self.title_factor
        for term_id, (body, title) in counts.items():
            term = terms[term_id]
            scores[term.topic] += term.weight * (1.0 + log(body + title_factor * title))
        scale = 1.0 / math.sqrt(max(1.0, words / self.length_unit))
        out = []
        for i, slug in enumerate(self.slugs):
            if scores[i] > 0:
                listed = []
                if terms_for is None or slug in terms_for:
                    matched = sorted((-terms[t].weight, terms[t].text) for t in counts if terms[t].topic == i)
                    listed = list(dict.fromkeys(text for _w, text in matched))
                out.append((slug, round(scores[i] * scale, 3), listed))
        return out

    def chosen_slugs(self, counts, words=0):
        """(chosen slugs, [(slug, score, terms)] of the chosen) in one go: scores for
        all topics, matched terms only for those chosen."""
        terms = self.terms
        log = math.log
        title_factor = self.title_factor
        scores = [0.0] * len(self.slugs)
        for term_id, (body, title) in counts.items():
            term = terms[term_id]
            scores[term.topic] += term.weight * (1.0 + log(body + title_factor * title))
        scale = 1.0 / math.sqrt(max(1.0, words / self.length_unit))
        out = []
        for i, slug in enumerate(self.slugs):
            score = round(scores[i] * scale, 3)
            if score > 0 and score >= self.thresholds[i]:
                matched = sorted((-terms[t].weight, terms[t].text) for t in counts if terms[t].topic == i)
                out.append((slug, score, list(dict.fromkeys(text for _w, text in matched))))
        return {slug for slug, _s, _t in out}, out

    def chosen(self, scored):
        """The slugs whose score reaches their threshold."""
        index = {slug: i for i, slug in enumerate(self.slugs)}
        return [slug for slug, score, _terms in scored if score >= self.thresholds[index[slug]]]
