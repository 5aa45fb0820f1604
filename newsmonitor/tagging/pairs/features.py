"""What the pair model reads about each candidate pair of an article: which rules fired
for it and how strongly, and how its two states stand in the sentences they share
(how close, among how many others, near which kinds of word), and in the article
(salience, mentions), and the words around the closest two mentions of a shared
sentence (the words between them, two before and two after each: "between:قصف",
"before:ضد"). Candidates: the pairs the rules found, and every two states that share a
sentence (so each candidate has an evidence sentence). The trainer keeps the context
words seen often enough in the development half; the model ignores any other."""

import math
from itertools import combinations

# The word lists of pair_cues.json a shared sentence is tested against.
WORD_CLASSES = ("military", "pressure", "support", "relation_nouns", "interaction", "reaction_verbs",
                "statement_verbs", "agreement", "bloc_leaders", "group_nouns")
CUES = ("title", "title-interaction", "between", "dual-verb", "coordinated", "ambassador", "ambassador-host",
        "counterpart", "with", "attack", "visit", "lead", "same-sentence", "both-countries", "clause", "dual-name",
        "mediation", "reaction", "recognition", "nisba-pair", "trade", "address", "aid", "military", "support",
        "pressure", "bloc")
# The dense features, always present in the model; context words ("between:...",
# "before:...", "after:...") are added by the trainer from its vocabulary.
NAMES = (("rule-score", "rule-passes", "shared-sentences", "shares-title", "shares-lead", "gap-2", "gap-6",
          "gap-15", "crowd", "crowd-4", "venue-only", "salience-min", "salience-sum", "mentions-min",
          "top-two", "states", "listed", "nisba-neighbours", "patron-only")
         + tuple(f"cue:{cue}" for cue in CUES) + tuple(f"near:{name}" for name in WORD_CLASSES))


def shared_sentences(read):
    """{(a, b): the sentences (context.Sentence) naming both}."""
    shared = {}
    for sentence in read:
        codes = sorted({party.code for party in sentence.parties if not party.anaphor and not party.thing})
        for pair in combinations(codes, 2):
            shared.setdefault(pair, []).append(sentence)
    return shared


def candidate_features(found, shared, countries, cues):
    """{(a, b): {feature name: value}} for every candidate pair."""
    near = {}  # sentence index -> the word classes it holds, read once per sentence
    codes = sorted(countries)
    ranked = sorted(codes, key=lambda code: -countries[code]["salience"])
    top_two, states = set(ranked[:2]), math.log(max(len(codes), 1))
    out = {}
    for pair in set(shared) | set(found):
        info, sentences = found.get(pair), shared.get(pair, [])
        features = {"rule-score": min(info["score"], 6.0) / 3 if info else 0.0,
                    "rule-passes": 1.0 if info and info["score"] >= cues.threshold else 0.0,
                    "top-two": 1.0 if set(pair) <= top_two else 0.0, "states": states}
        for cue in info["cues"] if info else ():
            features[f"cue:{cue}"] = 1.0
        _sentence_features(features, pair, sentences, cues, near)
        details = [countries.get(code, {"salience": 0.0, "mentions": 0}) for code in pair]
        features["salience-min"] = min(d["salience"] for d in details)
        features["salience-sum"] = sum(d["salience"] for d in details)
        features["mentions-min"] = math.log1p(min(d["mentions"] for d in details))
        out[pair] = features
    return out


def _sentence_features(features, pair, sentences, cues, near):
    if not sentences:
        return
    a, b = pair
    features["shared-sentences"] = math.log1p(len(sentences))
    indexes = {sentence.index for sentence in sentences}
    features["shares-title"] = 1.0 if 0 in indexes else 0.0
    features["shares-lead"] = 1.0 if 1 in indexes else 0.0
    gap, crowd, crowd_least, venue_only, patron_only = 99, 0, 99, True, True
    for sentence in sentences:
        parties = [party for party in sentence.parties if not party.anaphor and not party.thing]
        first = [party for party in parties if party.code == a]
        second = [party for party in parties if party.code == b]
        closest = min(((x, y) for x in first for y in second), key=lambda two: abs(two[0].start - two[1].start))
        gap = min(gap, abs(closest[0].start - closest[1].start))
        _context_words(features, sentence.words, *closest)
        for chain in sentence.chains(parties):
            if len(chain) >= 3 and {a, b} <= {party.code for party in chain}:
                features["listed"] = 1.0  # one of a list of three or more
        if any(x.nisba and y.nisba and abs(x.start - y.start) <= 3 for x in first for y in second):
            features["nisba-neighbours"] = 1.0  # وطائرات بريطانية وأخرى فرنسية: side by side
        if not all(sentence.patron(party, cues) for party in first) and \
                not all(sentence.patron(party, cues) for party in second):
            patron_only = False  # each state acts somewhere, not only as a group's patron
        count = len({party.code for party in parties})
        crowd, crowd_least = max(crowd, count), min(crowd_least, count)
        if any(not party.venue for party in first) and any(not party.venue for party in second):
            venue_only = False
        classes = near.get(sentence.index)
        if classes is None:
            classes = near[sentence.index] = [f"near:{name}" for name in WORD_CLASSES
                                              if not getattr(cues, name).isdisjoint(sentence.words)]
        for name in classes:
            features[name] = 1.0
    features["gap-2"] = 1.0 if gap <= 2 else 0.0
    features["gap-6"] = 1.0 if gap <= 6 else 0.0
    features["gap-15"] = 1.0 if gap <= 15 else 0.0
    features["crowd"] = math.log(crowd)
    features["crowd-4"] = 1.0 if crowd_least >= 4 else 0.0
    features["venue-only"] = 1.0 if venue_only else 0.0
    features["patron-only"] = 1.0 if patron_only else 0.0


BETWEEN_WORDS, SIDE_WORDS = 12, 2


def _context_words(features, words, x, y):
    """The words between two mentions (the first BETWEEN_WORDS) and SIDE_WORDS on each
    side of each, as features."""
    first, second = (x, y) if x.start <= y.start else (y, x)
    for word in words[first.end:second.start][:BETWEEN_WORDS]:
        features["between:" + word] = 1.0
    for party in (x, y):
        for word in words[max(0, party.start - SIDE_WORDS):party.start]:
            features["before:" + word] = 1.0
        for word in words[party.end:party.end + SIDE_WORDS]:
            features["after:" + word] = 1.0
