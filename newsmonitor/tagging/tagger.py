"""The Tagger: one Aho-Corasick pass over the normalised article finds country forms,
topic terms and pair anaphora; gazetteer, pair and topic rules do the rest.

Keys of the automaton start with a space, and the prepared text has exactly one space
before and after every word, so a key can only match at a word start; and they end with
a space too, so a match ends a word (stem terms excepted: their keys have no final
space). Matching by word is what keeps مصرف from being مصر and الهندسة from being الهند;
ending keys with the space, rather than testing the next character after each match,
keeps the automaton from reporting word beginnings at all. Overlapping country matches
are resolved leftmost-longest, so جنوب السودان wins over السودان and مسقط رأسه (a
block) over مسقط.

Each mention's sentence and word position are computed once (`_locate`) and shared by
the printed forms, the country details and the pair rules.
"""

import copy
import gc
import hashlib
import re
import threading
from bisect import bisect_right
from pathlib import Path

import ahocorasick

from newsmonitor.lib.language import detect_language, is_arabic

from .furniture import story_text
from .gazetteer import Gazetteer
from .normalize import _LETTERS, body_sentences, clean, fold, prepare
from .pairs import PairFinder
from .pairs.features import candidate_features, shared_sentences
from .pairs.model import PairModel
from .result import CountryDetail, PairDetail, TagResult, TopicDetail, untagged
from .topics import Topics

DATA_DIR = Path(__file__).resolve().parent / "data"
_WORDS_RE = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+")
_TITLE_BREAKS = re.compile(r"[\n\r\u2028\u2029\x0b\x0c\x85]+")
MAX_FORMS = 6  # distinct surface forms reported per country
_cache = {}
_cache_lock = threading.Lock()


_STRIP = "،,.:;؛؟?!()[]{}«»\"'“”‘’-–—/…*%٪″′"


# Hamzas and taa marbuta, the usual difference between a printed word and its key. A
# translate table: on a word of a few letters it is cheaper than a check per letter.
_QUICK_FOLD = str.maketrans(dict(_LETTERS))


def _same(printed, expected):
    """Does the printed text normalise to the expected form?"""
    return (printed == expected or printed.translate(_QUICK_FOLD) == expected
            or fold(printed).lower() == expected)


class Tagger:
    """Load once with `Tagger.load()` (cached per data directory), then call `tag`."""

    def __init__(self, data_dir=DATA_DIR):
        data_dir = Path(data_dir)
        self.data_dir = data_dir
        self.gazetteer = Gazetteer(data_dir / "countries.json", data_dir / "stoplist.json")
        self.topics = Topics(data_dir / "topics.json")
        self.pairs = PairFinder(data_dir / "pair_cues.json")
        self.pair_model = PairModel.load(data_dir / "pair_model.json")
        self._stems = self.topics.stems()
        self._automaton = self._build()
        digest = hashlib.sha1()
        for name in ("countries.json", "stoplist.json", "topics.json", "pair_cues.json", "pair_model.json"):
            if (data_dir / name).exists():
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
                    # Building makes ~250k small objects: with the cyclic collector
                    # running over and over meanwhile (full collections included, over
                    # every object of the process), it takes 0.8-1 s instead of 0.3 s.
                    # So it is off for the build (only), and back on as it was after.
                    enabled = gc.isenabled()
                    gc.disable()
                    try:
                        tagger = _cache[key] = cls(key)
                    finally:
                        if enabled:
                            gc.enable()
        return tagger
    # No gc.freeze() after the build, as there used to be: it moves every object of the
    # host process (a Celery worker, Django) to the permanent generation for good, so
    # cycles that become garbage later are never collected, and it defeats a host's own
    # use of freeze before forking. Measured, it bought nothing: once the tagger's
    # objects are in the oldest generation, a full collection waits for a quarter as many
    # new long-lived objects (none in 5,000 articles), and tagging itself triggers no
    # collection at all (its objects are freed as they go).

    def _build(self):
        values = {}  # word (with its leading space) -> [form, term ids, anaphora kind]
        for key, form in self.gazetteer.forms.items():
            values.setdefault(key, [None, (), None])[0] = form
        for key, ids in self.topics.keys.items():
            values.setdefault(key, [None, (), None])[1] = tuple(ids)
        for word, kind in self.pairs.anaphora_words().items():
            values.setdefault(" " + word, [None, (), None])[2] = kind
        automaton = ahocorasick.Automaton()
        stems, topic_of = self._stems, self.topics.topic_of
        shared = {}  # term ids -> (first term, further terms): one tuple per distinct list
        for key, (form, ids, kind) in values.items():
            # A match of `key + " "` is a whole word: it carries the form, the anaphora
            # and every term (stems too: a stem that is the whole word is reported
            # there). Stem terms also go under `key` alone, which matches whatever
            # follows (a word end excepted, reported by the whole-word key). So the
            # automaton, which reports matches by their last character and the longest
            # first, gives the terms in order of their end, then start: the order the
            # topic count needs. Values: (start offset back from the match's last
            # character, end offset back, first (topic, term id) or None, further
            # (topic, term id) pairs, (form, anaphora kind) or None).
            size = len(key)
            extra = (form, kind) if form is not None or kind is not None else None
            automaton.add_word(key + " ", (size, 1, *self._terms(ids, shared, topic_of), extra))
            stem_ids = tuple(i for i in ids if stems[i])
            if stem_ids:
                automaton.add_word(key, (size - 1, 0, *self._terms(stem_ids, shared, topic_of), None))
        automaton.make_automaton()
        return automaton

    @staticmethod
    def _terms(ids, shared, topic_of):
        """(first (topic, term id) or None, the others): most keys carry one term."""
        terms = shared.get(ids)
        if terms is None:
            pairs = tuple((topic_of[i], i) for i in ids)
            terms = shared[ids] = (pairs[0] if pairs else None, pairs[1:])
        return terms

    def rules_only(self):
        """This tagger with pairs decided by the rules' weights alone, not the model: for
        the rules' own tests, and to compare the two."""
        if self.pair_model is None:
            return self
        other = copy.copy(self)
        other.pair_model = None
        return other

    # --- tagging ---------------------------------------------------------------------
    def tag(self, title, body, language=None):
        """Countries, pairs and topics of one article (see the package docstring).
        `language`: the article's, when known; otherwise told from its letters."""
        language = language or language_of(title, body)
        if language != "ar" and not is_arabic(language):
            # Persian and Urdu share the script but not the names: read as Arabic they
            # give wrong countries, so they are left untagged, and say so.
            return untagged(language)
        sentences, norm, pieces, offsets = _prepared(title, story_text(body))
        hits, kept, anaphora_at = self._scan(norm)
        printed_cache = {}  # (sentence, word index) -> printed form; sentence -> its words

        def printed(m):  # for ambiguous forms, whose vowels may decide (عُمان، عَمّان)
            _locate(m, norm, offsets)
            return self._surface(m, sentences, printed_cache)

        mentions = self.gazetteer.resolve(hits, norm, printed)
        count = norm.count
        by_sentence, by_code = {}, {}  # the mentions, in text order, of each sentence, state
        for m in mentions:  # _locate, inline (this runs for every mention), and the groups
            s = m.sent = bisect_right(offsets, m.start) - 1
            m.wi = count(" ", offsets[s], m.start)
            group = by_sentence.get(s)
            if group is None:
                by_sentence[s] = [m]
            else:
                group.append(m)
            group = by_code.get(m.code)
            if group is None:
                by_code[m.code] = [m]
            else:
                group.append(m)
        anaphora = {}
        for position, kind in anaphora_at:
            s = bisect_right(offsets, position) - 1
            kinds = anaphora.get(s)
            if kinds is None:
                anaphora[s] = {kind}
            else:
                kinds.add(kind)

        countries = self._countries(by_code, norm, sentences, printed_cache)
        totals, in_title = self.topics.totals(kept, offsets[1] - 1 if len(offsets) > 1 else len(norm))
        chosen, scored = self.topics.chosen_slugs(totals, in_title, norm.count(" "))
        pair_details, primary = self._pairs(by_sentence, pieces, sentences, anaphora, countries,
                                            sports="sports" in chosen)
        return TagResult(
            countries=tuple(sorted(countries)),
            pairs=tuple(detail.pair for detail in pair_details),
            primary_pair=primary,
            topics=tuple(sorted(chosen)),
            country_details=tuple(CountryDetail(**countries[code]) for code in sorted(countries)),
            pair_details=pair_details,
            topic_details=tuple(TopicDetail(slug, score, tuple(terms))
                                for slug, score, terms in sorted(scored) if slug in chosen),
            language="ar",
        )

    def topic_scores(self, title, body):
        """Every topic's score, chosen or not (for tuning thresholds)."""
        _sentences, norm, _pieces, offsets = _prepared(title, body)
        _hits, kept, _anaphora = self._scan(norm)
        totals, in_title = self.topics.totals(kept, offsets[1] - 1 if len(offsets) > 1 else len(norm))
        return {slug: score for slug, score, _terms in self.topics.score(totals, in_title, norm.count(" "))}

    def _scan(self, norm):
        """Country hits (leftmost-longest), the topic terms that count (per topic, in
        text order), anaphora positions."""
        found, anaphora = [], []
        kept = [[] for _slug in self.topics.slugs]  # per topic: the (start, end, term id) kept
        for pos, (back, tail, first, more, extra) in self._automaton.iter(norm):
            # pos is the match's last character: the space after the word, or a stem's
            # last letter (see _build).
            if first is not None:
                if tail:
                    end = pos - 1
                elif norm[pos + 1] == " ":
                    continue  # a stem that is the whole word: its word key reports it
                else:
                    end = pos
                start = pos - back
                # Within a topic overlapping terms count once, the leftmost (then
                # longest) winning: التبادل التجاري is one term, not also التجاري.
                # Hits come in order of their end, then start (see _build).
                topic, term_id = first
                mine = kept[topic]
                if not mine or start > mine[-1][1]:
                    mine.append((start, end, term_id))
                elif start <= mine[-1][0]:
                    # Overlap: a hit that starts no later than the ones it overlaps
                    # replaces them (_replace, inline: a stem inside a phrase is common).
                    while mine and mine[-1][1] >= start and start <= mine[-1][0]:
                        mine.pop()
                    if not mine or mine[-1][1] < start:
                        mine.append((start, end, term_id))
                for topic, term_id in more:
                    mine = kept[topic]
                    if not mine or start > mine[-1][1]:
                        mine.append((start, end, term_id))
                    elif start <= mine[-1][0]:
                        _replace(mine, start, end, term_id)
            if extra is not None:
                form, kind = extra
                if form is not None:
                    found.append((pos - back, 1 - pos, form))  # (start, -end): sorts leftmost-longest
                if kind is not None:
                    anaphora.append((pos - 1, kind))
        hits = []
        if found:
            found.sort()  # by start, longest first (no two keys have the same span)
            last = -1
            for start, neg_end, form in found:
                if start > last:
                    last = -neg_end
                    hits.append((start, last, form))
        return hits, kept, anaphora

    def _countries(self, by_code, norm, sentences, printed_cache):
        if not by_code:
            return {}
        most = max(len(ms) for ms in by_code.values())
        n_sent = max(len(sentences) - 1, 1)
        # Word index of each state's first mention, counted once along the text (by
        # words, not by spaces: an empty title leaves spaces and no word).
        word_at, pos, words = {}, 0, 0
        for code, ms in by_code.items():  # (in the order of their first mentions)
            start = ms[0].start
            words += len(norm[pos:start].split())
            pos = start
            word_at[code] = words
        out = {}
        surface = self._surface
        for code, ms in by_code.items():
            first = ms[0]
            first_body = first.sent if first.sent > 0 else next((m.sent for m in ms if m.sent > 0), n_sent + 1)
            # Salience in [0, 1]: named in the title, named often, named early.
            salience = 0.45 * (first.sent == 0) + 0.35 * len(ms) / most + 0.2 * max(0.0, 1 - (first_body - 1) / n_sent)
            forms, seen = [], set()
            for m in ms:
                if m.form not in seen:  # one Form object per (proclitic, surface)
                    seen.add(m.form)
                    forms.append(surface(m, sentences, printed_cache))
                    if len(seen) == MAX_FORMS:
                        break
            out[code] = {
                "code": code,
                "mentions": len(ms),
                "first_position": word_at[code],
                "salience": round(min(salience, 1.0), 3),
                "forms": tuple(dict.fromkeys(forms)),
            }
        return out

    @staticmethod
    def _surface(m, sentences, cache):
        """The mention as printed (with its diacritics, hamzas, proclitic). The printed
        sentence's words line up one to one with the normalised ones (normalising only
        deletes marks and maps letters); if they do not, the normalised form is given."""
        key = (m.sent, m.wi)
        surface = cache.get(key)
        if surface is not None:
            return surface
        # Usually the printed words are the whitespace-separated ones with punctuation
        # stripped (fast); when a sentence has free-standing or glued punctuation the
        # regex split is the exact one.
        words = cache.get(m.sent)
        if words is None:
            words = cache[m.sent] = sentences[m.sent].split()
        index, ntok = m.wi, m.form.ntok
        expected = m.form.clitic + m.form.base
        if ntok == 1:
            surface = words[index].strip(_STRIP) if index < len(words) else ""
        else:
            surface = " ".join(w.strip(_STRIP) for w in words[index:index + ntok])
        if not _same(surface, expected):
            words = _WORDS_RE.findall(sentences[m.sent])
            surface = " ".join(words[index:index + ntok])
            if not _same(surface, expected):
                surface = expected
        cache[key] = surface
        return surface

    def _pairs(self, by_sentence, pieces, sentences, anaphora, countries, sports=False):
        found, read = self.pairs.find(by_sentence, pieces, sentences, anaphora)
        shared = shared_sentences(read)
        scores = self.pair_scores(found, shared, countries)
        # In a sports article two states meet on the field: only an agreement between
        # them (a memorandum on sport, say) is a relation.
        if sports:
            scores = {pair: score for pair, score in scores.items()
                      if (found[pair]["agreement"] if pair in found else any(s.agreement for s in shared[pair]))}
        if not scores:
            return (), None
        evidence = {pair: sorted(found[pair]["sentences"]) if pair in found else [s.index for s in shared[pair]]
                    for pair in scores}
        # The strongest pair; on a tie, the one whose states the article names most.
        weight = {code: details["mentions"] for code, details in countries.items()}
        best = max(scores, key=lambda pair: (scores[pair], weight.get(pair[0], 0) + weight.get(pair[1], 0),
                                             -evidence[pair][0], pair))
        details = tuple(PairDetail(pair, scores[pair], pair == best, tuple(sentences[s] for s in evidence[pair][:3]),
                                   tuple(found[pair]["cues"]) if pair in found else ())
                        for pair in sorted(scores))
        return details, best

    def pair_scores(self, found, shared, countries):
        """{pair: score} of the pairs reported: the model's probability when there is a
        model, else the rules' summed weights, each at or above its threshold."""
        if self.pair_model is None:
            return {pair: info["score"] for pair, info in found.items() if info["score"] >= self.pairs.threshold}
        model, scores, threshold = self.pair_model, {}, self.pairs.threshold
        vetoed = {pair for sentences in shared.values() for sentence in sentences for pair in sentence.vetoed}
        for pair, features in candidate_features(found, shared, countries, self.pairs.cues).items():
            rules_pass = pair in found and found[pair]["score"] >= threshold
            # What the rules read as no relation (a venue, a patron, parallel statements,
            # co-objects, a third party beside "between") the model may not add.
            if not rules_pass and (pair in vetoed or features.get("venue-only") or features.get("patron-only")):
                continue
            probability = model.probability(features)
            if probability >= model.threshold:
                scores[pair] = round(probability, 3)
        return scores


# Letters Arabic never writes (Persian, Urdu, Pashto, Kurdish, Uyghur): only a text that
# has some is worth the language identifier's time.
_OTHER_SCRIPT_LETTERS = frozenset("پچژگکیٹڈڑںہےۓټډړږښګڼۍځڅۇۈۋڕڵۆێە")


def language_of(title, body):
    """"ar" unless the text holds letters Arabic does not write and the identifier of
    newsmonitor.lib.language calls it another language (or cannot tell: "")."""
    sample = (title if isinstance(title, str) else "") + " " + (body if isinstance(body, str) else "")[:3000]
    if _OTHER_SCRIPT_LETTERS.isdisjoint(sample):
        return "ar"
    return detect_language(sample) or "ar"


def _prepared(title, body):
    """(printed sentences, the title first; the matcher's text; that text cut at its
    sentence breaks; where each of those pieces starts in it)."""
    title = _TITLE_BREAKS.sub(" ", clean(title if isinstance(title, str) else "")).strip()
    sentences = [title] + body_sentences(body if isinstance(body, str) else "")
    norm = prepare(sentences)
    pieces = norm.split("\n")
    offsets, pos = [], 0
    for piece in pieces:
        offsets.append(pos)
        pos += len(piece) + 1
    return sentences, norm, pieces, offsets


def _locate(m, norm, offsets):
    """Set the mention's sentence and the index of its first word in that sentence."""
    s = m.sent = bisect_right(offsets, m.start) - 1
    m.wi = norm.count(" ", offsets[s], m.start)


def _replace(mine, start, end, term_id):
    """A topic's hit that overlaps the last one kept and starts no later: it replaces
    the hits it overlaps (see _scan)."""
    while mine and mine[-1][1] >= start and start <= mine[-1][0]:
        mine.pop()
    if not mine or mine[-1][1] < start:
        mine.append((start, end, term_id))
