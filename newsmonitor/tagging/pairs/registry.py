"""Every pair rule, in the order they run, with the words that trigger it.

A triggered rule runs at each position of one of its trigger words in a sentence (the
trigger lists are named after data/pair_cues.json); a sentence rule runs once per
sentence, after the triggered ones. Each yields Candidates; the cue it names sets the
weight (pair_cues.json "weights")."""

from collections import namedtuple

from .rules import conflict, diplomacy, economy, structure

Triggered = namedtuple("Triggered", "name triggers rule")

TRIGGERED = (
    Triggered("between", ("between",), structure.between),
    Triggered("ambassador", ("ambassador",), diplomacy.ambassador),
    Triggered("counterpart", ("counterpart",), diplomacy.counterpart),
    Triggered("with", ("with_",), diplomacy.with_),
    Triggered("attack", ("attack",), conflict.attack),
    Triggered("visit", ("visit",), diplomacy.visit),
    Triggered("mediation", ("mediation",), diplomacy.mediation),
    Triggered("recognition", ("recognition",), diplomacy.recognition),
    Triggered("trade", ("imports", "payments"), economy.trade),
    Triggered("address", ("address_verbs",), diplomacy.address),
    Triggered("aid", ("aid",), economy.aid),
    Triggered("military", ("military",), conflict.military),
    Triggered("support", ("support",), conflict.support),
    Triggered("pressure", ("pressure",), conflict.pressure),
    Triggered("bloc", ("bloc_leaders",), conflict.bloc),
)

SENTENCE_RULES = (
    structure.nisba_runs,
    structure.coordination,
    structure.dual_name,
    structure.shared_sentence,
)


def rules_by_word(cues):
    """{trigger word: the triggered rules it starts, in registry order}."""
    found = {}
    for entry in TRIGGERED:
        for list_name in entry.triggers:
            for word in getattr(cues, list_name):
                rules = found.setdefault(word, [])
                if entry.rule not in rules:
                    rules.append(entry.rule)
    order = {entry.rule: i for i, entry in enumerate(TRIGGERED)}
    return {word: tuple(sorted(rules, key=order.get)) for word, rules in found.items()}
