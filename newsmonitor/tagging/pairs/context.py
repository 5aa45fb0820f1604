"""One sentence as the pair rules see it: its words (normalised) and the parties in it
(the states its mentions name, and the anaphora standing for one), with the lookups
the rules share."""

from collections import namedtuple

from ..gazetteer import NISBA
from .cues import AGREEMENT, INTERACTION, REACTION, RELATION, TRIGGER

# What a rule proposes: the two states (either order) and the cue that fired. A cue
# starting with "not-" is a veto instead: the rule read the two as not acting together
# in this sentence (parallel statements, co-objects, a third party beside "between").
Candidate = namedtuple("Candidate", "a b cue")
VETO = "not-"


def vetoes(parties, reason):
    """A veto for every two distinct states among `parties`."""
    codes = sorted({party.code for party in parties})
    return [Candidate(a, b, VETO + reason) for i, a in enumerate(codes) for b in codes[i + 1:]]


class Party:
    """A state in a sentence, by word positions [start, end). Built from a gazetteer
    mention (never written back to it) or from an anaphor such as بلاده."""

    __slots__ = ("start", "end", "code", "clitic", "kind", "venue", "thing")

    def __init__(self, start, end, code, clitic, kind, venue=False, thing=False):
        self.start, self.end, self.code, self.clitic, self.kind = start, end, code, clitic, kind
        self.venue = venue  # where something happens, not who does it (في القاهرة)
        self.thing = thing  # a company's or medium's nationality: structural rules only

    @property
    def anaphor(self):
        return self.kind == "ana"

    @property
    def nisba(self):
        return self.kind == NISBA

    @property
    def coordinated(self):
        """Joined to what comes before by و (وباكستان)."""
        return self.clitic[:1] == "و"


class Sentence:
    def __init__(self, index, words, printed, parties, cues):
        self.index, self.words, self.printed, self.parties = index, words, printed, parties
        self.vetoed = set()  # pairs a rule read as not acting together here
        found = cues.flagged.intersection(words)
        flags = 0
        for word in found:
            flags |= cues.flags[word]
        self.cue_words = found
        self.interaction = bool(flags & INTERACTION)
        self.agreement = bool(flags & AGREEMENT)
        self.reaction = bool(flags & REACTION)
        self.relation = bool(flags & RELATION)
        self.has_trigger = bool(flags & TRIGGER)

    def word_before(self, party):
        return self.words[party.start - 1] if party.start > 0 else ""

    def first(self, lo, hi, test=None):
        """The first party starting at a word position in [lo, hi] that passes test."""
        for party in self.parties:
            if lo <= party.start <= hi and (test is None or test(party)):
                return party
        return None

    def nearest_before(self, position, code, test=None):
        """The last party ending by `position` whose state is not `code`."""
        found = None
        for party in self.parties:
            if party.end <= position and party.code != code and (test is None or test(party)):
                found = party
        return found

    def chain_of(self, party):
        """The party and the states coordinated with it (كل من إسبانيا وأيرلندا والنرويج)."""
        chain = [party]
        for other in self.parties:
            if other.start == chain[-1].end and other.coordinated and not other.anaphor:
                chain.append(other)
        head = party
        for other in reversed(self.parties):
            if other.end == head.start and head.coordinated and not other.anaphor:
                chain.insert(0, other)
                head = other
        return chain

    def parallel(self, parties, cues):
        """Two states coordinated right after a statement verb: parallel statements
        (رحبت مصر والسعودية بـ...), not one state acting on the other."""
        words = self.words
        for party, following in zip(parties, parties[1:]):
            if following.start == party.end and following.coordinated and party.code != following.code:
                if not cues.statement_verbs.isdisjoint(words[max(0, party.start - 2):party.start]):
                    return True
        return False

    def trigger_positions(self, cues):
        """Positions of the words that start a triggered rule, in order."""
        if not self.has_trigger:
            return []
        words, positions = self.words, []
        for word in self.cue_words.intersection(cues.triggers):
            position = words.index(word)
            positions.append(position)
            for _again in range(words.count(word) - 1):
                position = words.index(word, position + 1)
                positions.append(position)
        positions.sort()
        return positions

    # --- what several rules share ---------------------------------------------------------
    @property
    def real_parties(self):
        """Parties named in the sentence itself (no anaphora) that can act (no things)."""
        return [party for party in self.parties if not party.anaphor and not party.thing]

    def chains(self, parties):
        """Runs of two or more states coordinated by و, word after word (مصر وباكستان)."""
        chains, chain = [], []
        for party in parties:
            if not party.anaphor and chain and party.start == chain[-1].end and party.coordinated:
                chain.append(party)
                continue
            if len(chain) >= 2:
                chains.append(chain)
            chain = [party] if not party.anaphor else []
        if len(chain) >= 2:
            chains.append(chain)
        return chains

    def objects(self, chain, cues):
        """A coordinated run that is the object of an interaction (بـX وبـY، مع X وY)."""
        head = chain[0]
        return self.interaction and ("ب" in head.clitic or "ل" in head.clitic
                                     or self.word_before(head) in cues.with_word)

    def patron(self, party, cues):
        """A nisba naming a group's patron (ميليشيا الحوثي الإيرانية): not the state acting."""
        words = self.words
        return party.nisba and any(words[k] in cues.group_nouns for k in range(max(0, party.start - 3), party.start))

    def spread_venues(self, cues):
        """States coordinated with a venue are venues too (قبالة سواحل نيجيريا والكاميرون)."""
        for chain in self.chains([party for party in self.parties if not party.thing]):
            if chain[0].venue and not self.objects(chain, cues):
                for party in chain:
                    party.venue = True
