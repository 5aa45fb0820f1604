"""Country pairs: relations an article reports, not names that merely co-occur.

Rules read the words around the mentions of one sentence (word positions in the
normalised text); each adds a weight (data/pair_cues.json) to a pair for that sentence:

- title: the title names exactly two states;
- between: بين X و Y (العلاقات بين مصر وباكستان، اتفاقية ... بين باكستان والسعودية);
- dual-verb / coordinated: exactly two coordinated subjects (مصر وباكستان تبحثان،
  مسؤولون مصريون وباكستانيون) with a dual verb or an interaction word; not after a
  preposition (في سوريا وأنقرة), not after a statement verb (رحبت مصر والسعودية: two
  parallel statements), not when a new clause starts (... وأنقرة تدين);
- with: X ... مع Y, or X ... بـY وبـZ (objects: X pairs with each, not Y with Z);
- ambassador: سفير X في/لدى Y (the capital standing for its state); without في/لدى the
  nearest other state is the host (ambassador-host);
- counterpart: X ... ونظيره Y;  attack: هجوم/غارات/عقوبات X ... على Y;
- visit: the visitor's state and the destination of زيارة/وصل/أرسل ... إلى Y;
- mediation: بوساطة X pairs X with each side;  dual-name: الكوريتين;
- lead / same-sentence / clause: exactly two states, venues aside, in the first body
  sentence, another sentence, or a clause of a longer sentence, with an interaction word;
- both-countries: البلدين/الجانبين points back to the pair just evidenced;
- in pair_rules.py: nisba-pair (المباحثات المصرية الباكستانية), trade (X تستورد ... من Y،
  X تسدد مستحقات لشركات Y), aid (مساعدات إماراتية إلى Y، مركز الملك سلمان ... في Y), address
  (رحبت مصر والأردن بـ... في العراق: each speaker with the third, not with each other).

Venues (في القاهرة، a state that hosts), companies', teams' and currencies' nationalities
never make a state a party; in a sports article only agreements make pairs. A pair is
kept when its score reaches the threshold; the highest score is the primary pair.
"""

import json
from pathlib import Path

from .gazetteer import NISBA, _expanded_set, _norm_set
from .pair_rules import PairRules

_INTERACTION, _AGREEMENT, _TRIGGER, _REACTION, _RELATION = 1, 2, 4, 8, 16  # PairFinder.flags


class _Item:
    """An anaphor like بلاده as word positions in its sentence. Mentions are items too
    (gazetteer.Mention has these attributes): `_sentence` sets their span (ti, te) and
    `thing`, and may mark them as venues (nothing reads that after the pair rules)."""

    __slots__ = ("ti", "te", "code", "clitic", "kind", "venue", "thing")

    def __init__(self, ti, te, code, clitic, kind, venue, thing=False):
        self.ti, self.te, self.code, self.clitic, self.kind, self.venue = ti, te, code, clitic, kind, venue
        self.thing = thing  # a company's or medium's nationality: structural rules only


class PairFinder(PairRules):
    def __init__(self, path):
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        self.threshold = float(data["threshold"])
        self.cap = float(data["sentence_cap"])
        self.w = {k: float(v) for k, v in data["weights"].items()}
        self.pair_anaphora = _expanded_set(data["pair_anaphora"])
        self.self_anaphora = _expanded_set(data["self_anaphora"])
        self.interaction = _expanded_set(data["interaction"]) | self.pair_anaphora
        self.agreement = _expanded_set(data["agreement"])
        self.dual = _expanded_set(data["dual_verbs"])
        self.statement = _expanded_set(data["statement_verbs"])
        self.between = _expanded_set(data["between"])
        self.ambassador = _expanded_set(data["ambassador"])
        self.host_preps = _norm_set(data["host_preps"])
        self.counterpart = _expanded_set(data["counterpart"])
        self.with_ = _expanded_set(data["with"])
        self.attack = _expanded_set(data["attack"])
        self.against = _norm_set(data["against"])
        self.visit = _expanded_set(data["visit"])
        self.visit_objects = _expanded_set(data["visit_objects"])
        self.mediation = _expanded_set(data["mediation"])
        self.host_verbs = _expanded_set(data["host_verbs"])
        self.place_nouns = _expanded_set(data["place_nouns"])
        self.prepositions = _norm_set(data["prepositions"])
        self.topic_preps = _expanded_set(data["topic_preps"])
        self.reaction = _expanded_set(data["reaction_verbs"])
        self.venue_before = self.host_verbs | self.place_nouns | self.topic_preps
        self.recognition = _expanded_set(data["recognition"])
        self.to = _norm_set(["إلى", "الى"])
        self.relation_nouns = _expanded_set(data["relation_nouns"])
        self.relation_adjectives = _norm_set(data["relation_adjectives"])
        self.imports = _expanded_set(data["imports"])
        self.payments = _expanded_set(data["payments"])
        self.address = _expanded_set(data["address_verbs"])
        self.from_ = _norm_set(["من"])
        self.aid = _expanded_set(data["aid"])
        self.aid_to = _norm_set(["إلى", "الى", "في", "لصالح"])
        # Every word that starts a rule: the scan over a sentence skips all others.
        self.triggers = (self.between | self.ambassador | self.counterpart | self.with_ | self.attack
                         | self.visit | self.mediation | self.recognition | self.imports | self.payments
                         | self.address | self.aid)
        self.with_word = _norm_set(["مع"])
        # The word lists a sentence is tested against as a whole, in one dict of bit
        # flags: one lookup per word of the sentence instead of one per word and list.
        self.flags = {}
        for bit, words in ((_INTERACTION, self.interaction), (_AGREEMENT, self.agreement),
                           (_TRIGGER, self.triggers), (_REACTION, self.reaction),
                           (_RELATION, self.relation_nouns)):
            for word in words:
                self.flags[word] = self.flags.get(word, 0) | bit
        self.flagged = frozenset(self.flags)

    def anaphora_words(self):
        """{word: 'pair' | 'self'}: the matcher reports where these occur."""
        words = {w: "pair" for w in self.pair_anaphora}
        words.update({w: "self" for w in self.self_anaphora})
        return words

    def find(self, by_sent, pieces, sentences, anaphora):
        """{(a, b): {"score", "sentences": {s: weight}, "cues": [...], "agreement": bool}}
        for every pair with any evidence. `by_sent` is {sentence: its mentions, in text
        order}, in sentence order, the mentions knowing their word index (wi); `pieces`
        are the sentences as the matcher saw them; `anaphora` is
        {sentence: {'pair', 'self'}}."""
        found = {}
        last_pair, last_code = None, None
        pair_sentences = [s for s, kinds in anaphora.items() if "pair" in kinds]
        for s in sorted(by_sent.keys() | pair_sentences) if pair_sentences else by_sent:
            everyone = by_sent.get(s, ())
            kinds = anaphora.get(s, ())
            if len(everyone) == 1 and not kinds:  # most sentences: one state, no rule applies
                m = everyone[0]
                if not (m.currency or m.team or m.people):
                    last_code = m.code
                continue
            ms = [m for m in everyone if not (m.currency or m.team or m.people)]
            codes = {m.code for m in ms}
            if len(codes) >= 2 or (codes and "self" in kinds):
                fired, agreement = self._sentence(s, ms, pieces[s], sentences[s], last_code, kinds)
                for a, b, cue in fired:
                    last_pair = self._add(found, a, b, s, cue, agreement)
            if "pair" in kinds:
                every_code = {m.code for m in everyone}
                pair = tuple(sorted(every_code)) if len(every_code) == 2 else last_pair
                if pair is not None:
                    last_pair = self._add(found, pair[0], pair[1], s, "both-countries", False)
            if ms:
                last_code = ms[-1].code
        for info in found.values():
            info["score"] = round(sum(min(v, self.cap) for v in info["sentences"].values()), 3)
        return found

    def _add(self, found, a, b, s, cue, agreement):
        """Add a cue's weight to a pair for sentence s; the pair (sorted)."""
        pair = (a, b) if a < b else (b, a)
        info = found.get(pair)
        if info is None:
            found[pair] = {"sentences": {s: self.w[cue]}, "cues": [cue], "agreement": agreement}
            return pair
        by_sentence = info["sentences"]
        by_sentence[s] = by_sentence.get(s, 0.0) + self.w[cue]
        if agreement:
            info["agreement"] = True
        if cue not in info["cues"]:
            info["cues"].append(cue)
        return pair

    def _sentence(self, s, ms, piece, printed, last_code, kinds):
        toks = piece.split()
        n = len(toks)
        venue_before, host_verbs = self.venue_before, self.host_verbs
        for i in ms:  # mentions are their own items (see _Item)
            ti = i.ti = i.wi
            te = i.te = ti + i.form.ntok
            i.thing = i.company
            if (ti and toks[ti - 1] in venue_before) or (te < n and toks[te] in host_verbs):
                i.venue = True  # القاهرة تستضيف ...، قبالة سواحل نيجيريا، بشأن الضفة الغربية
        items = ms
        if "self" in kinds:
            items = list(ms)  # (the caller still reads ms)
            for j, t in enumerate(toks):
                if t in self.self_anaphora:
                    earlier = [i for i in items if i.ti < j and i.kind != "ana"]
                    code = earlier[-1].code if earlier else last_code
                    if code:
                        items.append(_Item(j, j + 1, code, "و" if t[0] == "و" else "", "ana", False))
            items.sort(key=lambda i: i.ti)
        cues = self.flagged.intersection(toks)
        flags = 0
        for word in cues:
            flags |= self.flags[word]
        interaction = bool(flags & _INTERACTION)
        agreement = bool(flags & _AGREEMENT)
        out = []
        fire = out.append

        def word_before(i):
            return toks[i.ti - 1] if i.ti > 0 else ""

        def first(lo, hi, test=None):
            for i in items:
                if lo <= i.ti <= hi and (test is None or test(i)):
                    return i
            return None

        def nearest_before(j, code, test=None):
            best = None
            for i in items:
                if i.te <= j and i.code != code and (test is None or test(i)):
                    best = i
            return best

        # Only the positions of trigger words are visited (found with list.index, in C).
        positions = []
        for t in (cues.intersection(self.triggers) if flags & _TRIGGER else ()):
            j = toks.index(t)
            positions.append(j)
            for _again in range(toks.count(t) - 1):
                j = toks.index(t, j + 1)
                positions.append(j)
        if len(positions) > 1:
            positions.sort()
        for j in positions:
            t = toks[j]
            if t in self.between:
                x = first(j + 1, j + 3)
                if x is not None:
                    y = first(x.te, x.te + 3, lambda i: i.code != x.code and (
                        i.clitic[:1] == "و" or (i.ti > x.te and toks[i.ti - 1][:1] == "و")))
                    if y is not None:
                        fire((x.code, y.code, "between"))
            if t in self.ambassador:
                x = first(j + 1, j + 2, lambda i: i.kind != "ana" and word_before(i) not in self.host_preps)
                if x is not None:
                    y = first(x.te, x.te + 4, lambda i: i.code != x.code and (
                        word_before(i) in self.host_preps or "ب" in i.clitic or "ل" in i.clitic))
                    if y is not None:
                        for member in self._chain_of(y, items):
                            if member.code != x.code:
                                fire((x.code, member.code, "ambassador"))
                    else:
                        host = nearest_before(j, x.code) or first(x.te, n, lambda i: i.code != x.code)
                        if host is not None:
                            fire((x.code, host.code, "ambassador-host"))
                else:
                    # استدعت الجزائر سفيرها لدى فرنسا: the sender is the subject before.
                    y = first(j + 1, j + 3, lambda i: word_before(i) in self.host_preps)
                    x = nearest_before(j, y.code, lambda i: not i.venue) if y is not None else None
                    if x is not None:
                        for sender in self._chain_of(x, items):
                            for host in self._chain_of(y, items):
                                if sender.code != host.code:
                                    fire((sender.code, host.code, "ambassador"))
            if t in self.counterpart:
                y = first(j + 1, j + 2)
                x = nearest_before(j, y.code) if y is not None else None
                if x is not None:
                    for member in self._chain_of(y, items):  # نظيريه الهندي والباكستاني
                        if member.code != x.code:
                            fire((x.code, member.code, "counterpart"))
            if t in self.with_ and interaction:
                y = first(j + 1, j + 3, lambda i: not i.venue)
                x = nearest_before(j, y.code, lambda i: not i.venue) if y is not None else None
                if x is not None:
                    fire((x.code, y.code, "with"))
            if t in self.attack:
                y, k = None, j + 1
                while k < min(j + 6, n):
                    if toks[k] in self.against:
                        y = first(k + 1, k + 4)
                        break
                    k += 1
                if y is not None:
                    # الهجوم الإسرائيلي على ...، الضربة التي شنتها إسرائيل على ...، إسرائيل تشن غارات على ...
                    x = first(j + 1, k - 1, lambda i: i.code != y.code) or \
                        first(j - 4, j - 1, lambda i: i.code != y.code)
                    if x is not None:
                        fire((x.code, y.code, "attack"))
            if t in self.visit:
                y = first(j + 1, j + 6, lambda i: word_before(i) in self.to and i.kind != NISBA)
                if y is None and t in self.visit_objects:
                    y = first(j + 1, j + 4, lambda i: i.kind != NISBA and not i.venue)
                if y is not None:
                    x = next((i for i in items if i.kind == NISBA and i.code != y.code), None) or \
                        nearest_before(j, y.code) or first(j + 1, y.ti - 1, lambda i: i.code != y.code)
                    if x is not None:
                        fire((x.code, y.code, "visit"))
            if t in self.mediation:
                z = first(j + 1, j + 2) or first(j - 4, j - 1)
                if z is not None:
                    mediators = {i.code for i in self._chain_of(z, items)}
                    others = sorted({i.code for i in items if i.code not in mediators and not i.venue})
                    if 1 <= len(others) <= 2:
                        for code in mediators:
                            for other in others:
                                fire((code, other, "mediation"))

            if t in self.recognition:
                y = first(j + 1, j + 3, lambda i: "ب" in i.clitic)
                if y is not None:
                    x = nearest_before(j, y.code, lambda i: not i.venue)
                    if x is not None:
                        for member in self._chain_of(x, items):
                            if member.code != y.code:
                                fire((member.code, y.code, "recognition"))

            if t in self.imports or t in self.payments:
                self._trade(j, t, items, toks, fire)
            if t in self.address:
                self._address(j, items, toks, fire)
            if t in self.aid:
                self._aid(j, items, toks, fire)

        if flags & _RELATION:
            self._nisba_pairs(items, toks, fire)
        self._chains([i for i in items if not i.thing], toks, interaction, fire)
        real = [i for i in items if i.kind != "ana" and not i.thing]
        if interaction:
            for i, k in zip(real, real[1:]):
                if i.ti == k.ti and i.code != k.code:
                    fire((i.code, k.code, "dual-name"))  # الكوريتين
        if s == 0:
            title_codes = {i.code for i in items if not i.venue and i.kind != "ana"}
            if len(title_codes) == 2:
                x, y = sorted(title_codes)
                fire((x, y, "title"))
                if interaction:
                    fire((x, y, "title-interaction"))
        elif interaction:
            parties = {i.code for i in real if not i.venue}
            if len(parties) == 2 and not self._parallel(real, toks):
                x, y = sorted(parties)
                fire((x, y, "lead" if s == 1 else "same-sentence"))
                if flags & _REACTION:
                    fire((x, y, "reaction"))
            elif len(parties) > 2:
                self._clauses(real, toks, printed, fire)
        return out, agreement
