"""The word lists the pair rules read (data/pair_cues.json), the weight of each cue
and the threshold a pair's score must reach, loaded once."""

import json
from pathlib import Path

from ..gazetteer import _expanded_set, _norm_set

# Bits of Cues.flags: which lists a word of the sentence belongs to.
INTERACTION, AGREEMENT, TRIGGER, REACTION, RELATION = 1, 2, 4, 8, 16


class Cues:
    def __init__(self, path):
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        self.threshold = float(data["threshold"])
        self.sentence_cap = float(data["sentence_cap"])
        self.weights = {cue: float(weight) for cue, weight in data["weights"].items()}
        # Lists with every proclitic form (بين also matches وبين).
        for name in ("pair_anaphora", "self_anaphora", "agreement", "statement_verbs", "between", "ambassador",
                     "counterpart", "attack", "visit", "visit_objects", "mediation", "host_verbs",
                     "place_nouns", "topic_preps", "reaction_verbs", "recognition", "relation_nouns", "imports",
                     "payments", "address_verbs", "aid", "dual_verbs", "military", "support", "pressure",
                     "bloc_leaders", "group_nouns", "target_nouns", "backed_by"):
            setattr(self, name, _expanded_set(data[name]))
        # Lists compared as written (prepositions and particles take no proclitic).
        for name in ("host_preps", "against", "prepositions", "relation_adjectives", "place_preps"):
            setattr(self, name, _norm_set(data[name]))
        self.with_ = _expanded_set(data["with"])
        self.interaction = _expanded_set(data["interaction"]) | self.pair_anaphora
        self.to = _norm_set(["إلى", "الى"])
        self.from_ = _norm_set(["من"])
        self.with_word = _norm_set(["مع"])
        self.aid_to = _norm_set(["إلى", "الى", "في", "لصالح"])
        self.venue_before = self.host_verbs | self.place_nouns | self.topic_preps
        self.triggers = (self.between | self.ambassador | self.counterpart | self.with_ | self.attack
                         | self.visit | self.mediation | self.recognition | self.imports | self.payments
                         | self.address_verbs | self.aid | self.military | self.support | self.pressure
                         | self.bloc_leaders)
        # The lists a sentence is tested against as a whole, as bit flags in one dict:
        # one lookup per word of the sentence instead of one per word and list.
        self.flags = {}
        for bit, words in ((INTERACTION, self.interaction), (AGREEMENT, self.agreement), (TRIGGER, self.triggers),
                           (REACTION, self.reaction_verbs), (RELATION, self.relation_nouns)):
            for word in words:
                self.flags[word] = self.flags.get(word, 0) | bit
        self.flagged = frozenset(self.flags)

    def anaphora_words(self):
        """{word: "pair" | "self"}: the matcher reports where these occur."""
        words = {word: "pair" for word in self.pair_anaphora}
        words.update({word: "self" for word in self.self_anaphora})
        return words
