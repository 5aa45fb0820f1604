"""The rule set in force, as a tagger and the version its tags record.

Each call asks the database one small question (the latest revision's number and how
many edits it has), so every worker takes up a new revision on its next batch. No edits
in force: the shipped tagger (Tagger.load()) and TAGGER_VERSION. Otherwise the
revision's files (materialise.py) and a tagger built from them, kept here for the last
KEEP_IN_MEMORY revisions only: a tagger holds some 50 MB, and Tagger.load's own cache
would keep every revision a long-lived worker ever saw."""

import gc
import threading
import weakref
from collections import OrderedDict

from newsmonitor.tagging import TAGGER_VERSION, Tagger

from .materialise import revision_dir
from .shipped import shipped

KEEP_IN_MEMORY = 2
# (revision, when it was made, shipped fingerprint) -> (version, tagger). The time
# tells a revision from another of the same number in a database made afresh (tests).
_taggers = OrderedDict()
_versions = weakref.WeakKeyDictionary()  # tagger -> the version its tags record
_lock = threading.Lock()


def current_rules():
    """(version, tagger) of the rule set in force."""
    from .models import Revision, version_of  # not at import: rules/__init__ is loaded before the models

    latest = Revision.objects.order_by("-number").values_list("number", "edit_count", "created_at").first()
    if latest is None or not latest[1]:
        return TAGGER_VERSION, Tagger.load()
    number, count, made = latest
    key = (number, made, shipped().fingerprint)
    with _lock:
        found = _taggers.get(key)
        if found is None:
            edits = Revision.objects.values_list("edits", flat=True).get(number=number)
            found = _taggers[key] = (version_of(number, count), build(number, edits))
            _versions[found[1]] = found[0]
            while len(_taggers) > KEEP_IN_MEMORY:
                _taggers.popitem(last=False)
        else:
            _taggers.move_to_end(key)
    return found


def current_tagger():
    """The Tagger of the rule set in force."""
    return current_rules()[1]


def tagger_version(tagger=None):
    """The version tags made by `tagger` (one current_tagger() returned) record; without
    one, the version of the rule set in force now."""
    if tagger is not None:
        return _versions.get(tagger, TAGGER_VERSION)
    from .models import Revision, version_of

    latest = Revision.objects.order_by("-number").values_list("number", "edit_count").first()
    return version_of(*latest) if latest else TAGGER_VERSION


def build(number, edits):
    """A tagger of a revision's files. Built with the cyclic collector off, as
    Tagger.load does (0.3 s instead of 0.8-1)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        try:
            return Tagger(revision_dir(number, edits))
        except FileNotFoundError:  # the folder pruned under us by a process far ahead: write it again
            return Tagger(revision_dir(number, edits))
    finally:
        if enabled:
            gc.enable()
