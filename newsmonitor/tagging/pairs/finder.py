"""Runs the registry's rules over an article's sentences and sums what they find."""

from .context import VETO, Party, Sentence
from .cues import Cues
from .registry import SENTENCE_RULES, rules_by_word


def acts(mention):
    """Whether a mention can be a party: not a currency, a team or people (a company can,
    for the few rules that read companies: see Party.thing)."""
    return not (mention.currency or mention.team or mention.people)


class PairFinder:
    def __init__(self, path):
        self.cues = Cues(path)
        self.threshold = self.cues.threshold
        self.rules_at = rules_by_word(self.cues)

    def anaphora_words(self):
        return self.cues.anaphora_words()

    def find(self, by_sentence, pieces, sentences, anaphora):
        """({(a, b): {"score", "sentences": {s: weight}, "cues": [...], "agreement": bool}}
        for every pair with any evidence, [the Sentence of every sentence naming two
        states or more]). `by_sentence` is {sentence: its mentions, in text order}, in
        sentence order, each mention knowing its word index (wi); `pieces` are the
        sentences as the matcher saw them; `anaphora` is {sentence: {"pair", "self"}}."""
        found, read = {}, []
        last_pair, last_code = None, None
        pair_sentences = [s for s, kinds in anaphora.items() if "pair" in kinds]
        for index in sorted(by_sentence.keys() | pair_sentences) if pair_sentences else by_sentence:
            everyone = by_sentence.get(index, ())
            kinds = anaphora.get(index, ())
            if len(everyone) == 1 and not kinds:  # most sentences: one state, no rule applies
                if acts(everyone[0]):
                    last_code = everyone[0].code
                continue
            actors = [mention for mention in everyone if acts(mention)]
            codes = {mention.code for mention in actors}
            if len(codes) >= 2 or (codes and "self" in kinds):
                sentence = self.sentence(index, actors, pieces[index], sentences[index], last_code, kinds)
                for candidate in self.candidates(sentence):
                    if candidate.cue.startswith(VETO):
                        a, b = candidate.a, candidate.b
                        sentence.vetoed.add((a, b) if a < b else (b, a))
                    else:
                        last_pair = self._add(found, candidate, index, sentence.agreement)
                read.append(sentence)
            if "pair" in kinds:
                every_code = {mention.code for mention in everyone}
                pair = tuple(sorted(every_code)) if len(every_code) == 2 else last_pair
                if pair is not None:
                    last_pair = self._add(found, (*pair, "both-countries"), index, False)
            if actors:
                last_code = actors[-1].code
        cap = self.cues.sentence_cap
        for info in found.values():
            info["score"] = round(sum(min(weight, cap) for weight in info["sentences"].values()), 3)
        return found, read

    def sentence(self, index, mentions, piece, printed, last_code, kinds):
        """The sentence as the rules see it, with an anaphor (بلاده) standing for the
        state named just before it."""
        cues, words = self.cues, piece.split()
        parties = [self.party(mention, words) for mention in mentions]
        if "self" in kinds:
            for position, word in enumerate(words):
                if word in cues.self_anaphora:
                    earlier = [party for party in parties if party.start < position and not party.anaphor]
                    code = earlier[-1].code if earlier else last_code
                    if code:
                        parties.append(Party(position, position + 1, code, "و" if word[0] == "و" else "", "ana"))
            parties.sort(key=lambda party: party.start)
        return Sentence(index, words, printed, parties, cues)

    def party(self, mention, words):
        start = mention.wi
        end = start + mention.form.ntok
        # القاهرة تستضيف ...، قبالة سواحل نيجيريا، بشأن الضفة الغربية: a place, not a party
        venue = mention.venue or (start > 0 and words[start - 1] in self.cues.venue_before) or \
            (end < len(words) and words[end] in self.cues.host_verbs)
        return Party(start, end, mention.code, mention.clitic, mention.kind, venue, mention.company)

    def candidates(self, sentence):
        """What every rule proposes for the sentence: triggered rules at each trigger
        word in order, then the sentence rules."""
        cues, words = self.cues, sentence.words
        for position in sentence.trigger_positions(cues):
            for rule in self.rules_at[words[position]]:
                yield from rule(sentence, position, cues)
        sentence.spread_venues(cues)
        for rule in SENTENCE_RULES:
            yield from rule(sentence, cues)

    def _add(self, found, candidate, index, agreement):
        """Add a cue's weight to a pair for one sentence; the pair (sorted)."""
        a, b, cue = candidate
        pair = (a, b) if a < b else (b, a)
        weight = self.cues.weights[cue]
        info = found.get(pair)
        if info is None:
            found[pair] = {"sentences": {index: weight}, "cues": [cue], "agreement": agreement}
            return pair
        info["sentences"][index] = info["sentences"].get(index, 0.0) + weight
        if agreement:
            info["agreement"] = True
        if cue not in info["cues"]:
            info["cues"].append(cue)
        return pair
