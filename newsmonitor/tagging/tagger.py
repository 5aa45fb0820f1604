"""The Tagger: one Aho-Corasick pass over the normalised article finds country forms,
topic terms and pair anaphora; gazetteer, pair and topic rules do the rest.

Keys of the automaton start with a space, and the prepared text has exactly one space
before every word, so a key can only match at a word start; a match counts when the
next character ends the word too (stems excepted). Matching by word is what keeps مصرف
from being مصر and الهندسة from being الهند. Overlapping country matches are resolved
leftmost-longest, so جنوب السودان wins over السودان and مسقط رأسه (a block) over مسقط.
"""

import gc
import hashlib
import re
import threading
from bisect import bisect_right
from pathlib import Path

import ahocorasick

from .gazetteer import Gazetteer
from .normalize import _LETTERS, clean, fold, prepare, split_sentences
from .pairs import PairFinder
from .topics import Topics

DATA_DIR = Path(__file__).resolve().parent / "data"
_WORDS_RE = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+")
_TITLE_BREAKS = re.compile(r"[\n\r\u2028\u2029\x0b\x0c\x85]+")
MAX_FORMS = 6  # distinct surface forms reported per country
_cache = {}
_cache_lock = threading.Lock()


_STRIP = "،,.:;؛؟?!()[]{}«»\"'“”‘’-–—/…*%٪″′"


def _same(printed, expected):
    """Does the printed text normalise to the expected form?"""
    if printed == expected:
        return True
    quick = printed
    for variant, plain in _LETTERS:  # hamzas and taa marbuta: the usual difference
        if variant in quick:
            quick = quick.replace(variant, plain)
    return quick == expected or fold(printed).lower() == expected


class Tagger:
    """Load once with `Tagger.load()` (cached per data directory), then call `tag`."""

    def __init__(self, data_dir=DATA_DIR):
        data_dir = Path(data_dir)
        self.data_dir = data_dir
        self.gazetteer = Gazetteer(data_dir / "countries.json", data_dir / "stoplist.json")
        self.topics = Topics(data_dir / "topics.json")
        self.pairs = PairFinder(data_dir / "pair_cues.json")
        self._stems = self.topics.stems()
        self._automaton = self._build()
        digest = hashlib.sha1()
        for name in ("countries.json", "stoplist.json", "topics.json", "pair_cues.json"):
            digest.update((data_dir / name).read_bytes())
        self.data_version = digest.hexdigest()[:12]

    @classmethod
    def load(cls, data_dir=None):
        """The tagger for `data_dir` (default: the bundled data), built once per process."""
        key = str(Path(data_dir or DATA_DIR).resolve())
        tagger = _cache.get(key)
        if tagger is None:
            with _cache_lock:
                tagger = _cache.get(key)
                if tagger is None:
                    # Building makes ~100k small objects: without the cyclic collector
                    # running over and over meanwhile, it is a third faster.
                    enabled = gc.isenabled()
                    gc.disable()
                    try:
                        tagger = _cache[key] = cls(key)
                    finally:
                        if enabled:
                            gc.enable()
                    # The tagger's objects live as long as the process: moved to the
                    # permanent generation, full collections stop re-scanning them
                    # (about a tenth of the tagging time otherwise).
                    gc.freeze()
        return tagger

    def _build(self):
        values = {}  # key -> [form, term ids, anaphora kind]
        for key, form in self.gazetteer.forms.items():
            values.setdefault(key, [None, (), None])[0] = form
        for key, ids in self.topics.keys.items():
            values.setdefault(key, [None, (), None])[1] = tuple(ids)
        for word, kind in self.pairs.anaphora_words().items():
            values.setdefault(" " + word, [None, (), None])[2] = kind
        automaton = ahocorasick.Automaton()
        stems = self._stems
        for key, (form, ids, kind) in values.items():
            # Term ids that match whatever follows (stems), and all of them (for a
            # match that ends a word): the scan then needs no per-term test.
            stem_ids = tuple(i for i in ids if stems[i])
            automaton.add_word(key, (len(key), form, ids, stem_ids, kind))
        automaton.make_automaton()
        return automaton

    # --- tagging ---------------------------------------------------------------------
    def tag(self, title, body):
        """Countries, pairs and topics of one article (see the package docstring)."""
        title = _TITLE_BREAKS.sub(" ", clean(title if isinstance(title, str) else "")).strip()
        sentences = [title] + split_sentences(clean(body if isinstance(body, str) else ""))
        norm = prepare(sentences)
        starts = [0]
        i = norm.find("\n")
        while i != -1:
            starts.append(i)
            i = norm.find("\n", i + 1)
        title_end = starts[1] if len(starts) > 1 else len(norm)

        hits, counts, anaphora_at = self._scan(norm, title_end)

        words_cache = {}

        def printed(m):
            m.sent = bisect_right(starts, m.start) - 1
            return self._surface(m, norm, starts, sentences, words_cache)

        mentions = self.gazetteer.resolve(hits, norm, printed)
        for m in mentions:
            m.sent = bisect_right(starts, m.start) - 1
        anaphora = {}
        for position, kind in anaphora_at:
            anaphora.setdefault(bisect_right(starts, position) - 1, set()).add(kind)

        countries = self._countries(mentions, norm, starts, sentences, words_cache)
        chosen, scored = self.topics.chosen_slugs(counts, norm.count(" "))
        pair_details, pairs, primary = self._pairs(mentions, norm, starts, sentences, anaphora,
                                                   sports="sports" in chosen)
        topic_details = [{"topic": slug, "score": score, "terms": terms}
                         for slug, score, terms in scored if slug in chosen]
        return {
            "countries": sorted(countries),
            "pairs": pairs,
            "primary_pair": primary,
            "topics": sorted(chosen),
            "country_details": [countries[c] for c in sorted(countries)],
            "pair_details": pair_details,
            "topic_details": sorted(topic_details, key=lambda d: d["topic"]),
        }

    def topic_scores(self, title, body):
        """Every topic's score, chosen or not (for tuning thresholds)."""
        title = _TITLE_BREAKS.sub(" ", clean(title if isinstance(title, str) else "")).strip()
        norm = prepare([title] + split_sentences(clean(body if isinstance(body, str) else "")))
        i = norm.find("\n")
        _hits, counts, _anaphora = self._scan(norm, i if i != -1 else len(norm))
        return {slug: score for slug, score, _terms in self.topics.score(counts, norm.count(" "))}

    def _scan(self, norm, title_end):
        """Country hits (leftmost-longest), topic term counts, anaphora positions."""
        raw, topic_hits, anaphora = [], [], []
        add_topic = topic_hits.append
        for end, (length, form, ids, stem_ids, kind) in self._automaton.iter(norm):
            if norm[end + 1] in " \n":  # the match ends a word
                if form is not None:
                    raw.append((end - length + 1, end, form))
                for term_id in ids:
                    add_topic((end - length + 1, end, term_id))
                if kind is not None:
                    anaphora.append((end, kind))
            else:
                for term_id in stem_ids:
                    add_topic((end - length + 1, end, term_id))
        counts = self.topics.count(topic_hits, title_end) if topic_hits else {}
        hits = []
        if raw:
            raw.sort(key=lambda h: (h[0], -h[1]))
            last = -1
            for hit in raw:
                if hit[0] > last:
                    hits.append(hit)
                    last = hit[1]
        return hits, counts, anaphora

    def _countries(self, mentions, norm, starts, sentences, words_cache):
        by_code = {}
        for m in mentions:  # mentions are in text order
            ms = by_code.get(m.code)
            if ms is None:
                by_code[m.code] = [m]
            else:
                ms.append(m)
        if not by_code:
            return {}
        most = max(len(ms) for ms in by_code.values())
        n_sent = max(len(sentences) - 1, 1)
        # Word index of each state's first mention, counted once along the text.
        word_at, pos, words = {}, 0, 0
        for code, ms in sorted(by_code.items(), key=lambda item: item[1][0].start):
            start = ms[0].start
            words += norm.count(" ", pos, start) - norm.count("\n", pos, start)
            pos = start
            word_at[code] = words
        out = {}
        for code, ms in by_code.items():
            first = ms[0]
            first_body = first.sent if first.sent > 0 else next((m.sent for m in ms if m.sent > 0), n_sent + 1)
            # Salience in [0, 1]: named in the title, named often, named early.
            salience = 0.45 * (first.sent == 0) + 0.35 * len(ms) / most + 0.2 * max(0.0, 1 - (first_body - 1) / n_sent)
            forms, seen = [], set()
            for m in ms:
                if m.form not in seen:  # one Form object per (proclitic, surface)
                    seen.add(m.form)
                    forms.append(self._surface(m, norm, starts, sentences, words_cache))
                    if len(seen) == MAX_FORMS:
                        break
            out[code] = {
                "code": code,
                "mentions": len(ms),
                "first_position": word_at[code],
                "salience": round(min(salience, 1.0), 3),
                "forms": list(dict.fromkeys(forms)),
            }
        return out

    @staticmethod
    def _surface(m, norm, starts, sentences, cache=None):
        """The mention as printed (with its diacritics, hamzas, proclitic). The printed
        sentence's words line up one to one with the normalised ones (normalising only
        deletes marks and maps letters); if they do not, the normalised form is given."""
        a = starts[m.sent] + (1 if m.sent else 0)
        index = norm.count(" ", a, m.start)
        expected = m.form.clitic + m.form.base
        key = (m.sent, index)
        if cache is not None and key in cache:
            return cache[key]
        # Usually the printed words are the whitespace-separated ones with punctuation
        # stripped (fast); when a sentence has free-standing or glued punctuation the
        # regex split is the exact one.
        words = cache.get(m.sent) if cache is not None else None
        if words is None:
            words = sentences[m.sent].split()
            if cache is not None:
                cache[m.sent] = words
        surface = " ".join(w.strip(_STRIP) for w in words[index:index + m.form.ntok])
        if surface != expected and not _same(surface, expected):
            words = _WORDS_RE.findall(sentences[m.sent])
            surface = " ".join(words[index:index + m.form.ntok])
            if not _same(surface, expected):
                surface = expected
        if cache is not None:
            cache[key] = surface
        return surface


    def _pairs(self, mentions, norm, starts, sentences, anaphora, sports=False):
        found = self.pairs.find(mentions, norm, starts, sentences, anaphora)
        # In a sports article two states meet on the field: only an agreement between
        # them (a memorandum on sport, say) is a relation.
        kept = [(pair, info) for pair, info in found.items()
                if info["score"] >= self.pairs.threshold and (info["agreement"] or not sports)]
        if not kept:
            return [], [], None
        # The strongest pair; on a tie, the one whose states the article names most.
        weight = {}
        for m in mentions:
            weight[m.code] = weight.get(m.code, 0) + 1
        best = max(kept, key=lambda item: (item[1]["score"], weight.get(item[0][0], 0) + weight.get(item[0][1], 0),
                                           -min(item[1]["sentences"]), item[0]))[0]
        details = []
        for pair, info in sorted(kept):
            details.append({
                "pair": list(pair),
                "score": info["score"],
                "primary": pair == best,
                "evidence": [sentences[s] for s in sorted(info["sentences"])[:3]],
                "cues": info["cues"],
            })
        return details, [list(p) for p, _info in sorted(kept)], list(best)
