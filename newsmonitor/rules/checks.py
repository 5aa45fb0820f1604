"""What makes a rule row valid: a term that normalises to words, a weight in range, a
target that exists (a known country code, a topic of the taxonomy, a cue list of the
shipped pair_cues.json)."""

from django.utils.translation import gettext as _

from newsmonitor.tagging import TOPIC_SLUGS, countries, words

from .shipped import COUNTRY, COUNTRY_FIELDS, CUE, STOP, TOPIC, shipped

WEIGHT_MIN, WEIGHT_MAX = 0.1, 5.0
KINDS = (COUNTRY, STOP, TOPIC, CUE)
# The rules compare a cue with one word of the sentence; only the anaphora ("the two
# countries") are found as phrases, by the matcher.
PHRASE_CUE_LISTS = ("pair_anaphora", "self_anaphora")


def key_of(term):
    """The term as the tagger matches it: normalised words, and * kept for a stem."""
    term = (term or "").strip()
    stem = term.endswith("*")
    return " ".join(words(term.rstrip("*"))) + ("*" if stem else "")


def cue_list_names():
    return shipped().cue_lists


def errors(kind, target, field, term, weight):
    """{form field: message} for what is wrong with a row; empty when it is valid."""
    if kind not in KINDS:
        return {"kind": _("Choose a kind of rule.")}
    found = {}
    if not key_of(term).rstrip("*"):
        found["term"] = _("The term has no letters or digits once normalised.")
    elif term.endswith("*") and kind != TOPIC:
        found["term"] = _("Only a topic term may end in * (a stem).")
    elif kind == CUE and " " in key_of(term) and target not in PHRASE_CUE_LISTS:
        found["term"] = _("A pair cue is a single word.")
    found.update(_target_errors(kind, target, field))
    if kind == TOPIC:
        if weight is None:
            found["weight"] = _("A topic term needs a weight.")
        elif not WEIGHT_MIN <= weight <= WEIGHT_MAX:
            found["weight"] = _("The weight must be between %(low)s and %(high)s.") % {"low": WEIGHT_MIN,
                                                                                     "high": WEIGHT_MAX}
    elif weight is not None:
        found["weight"] = _("Only topic terms have a weight.")
    return found


def _target_errors(kind, target, field):
    found = {}
    if kind == COUNTRY:
        if target not in countries():
            found["target"] = _("Choose a country the tagger knows.")
        if field not in COUNTRY_FIELDS:
            found["field"] = _("Choose which list of the country the form belongs to.")
        return found
    if field:
        found["field"] = _("Only a country form has a field.")
    if kind == STOP and target:
        found["target"] = _("A stop phrase has no target.")
    elif kind == TOPIC and target not in TOPIC_SLUGS:
        found["target"] = _("Choose a topic of the taxonomy.")
    elif kind == CUE and target not in cue_list_names():
        found["target"] = _("Choose one of the pair cue lists.")
    return found
