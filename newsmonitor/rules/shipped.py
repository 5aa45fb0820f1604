"""The shipped data files (newsmonitor/tagging/data): the default rule set, the source of a
fresh install and what the editors' changes are laid on top of.

Besides the tagger itself, this is the one reader of those files: the admin's rows are
synced from them (sync.py) and the rule set in force is these files with the edits
applied (edits.py). Only four are editable; the pair model is copied as it is."""

import hashlib
import json
import threading
from pathlib import Path

from django.conf import settings

import newsmonitor.tagging

FILES = ("countries.json", "stoplist.json", "topics.json", "pair_cues.json", "pair_model.json")
EDITABLE = FILES[:4]
# The tagger keeps its data beside its code; it exports no name for the folder.
DEFAULT_DIR = Path(newsmonitor.tagging.__file__).resolve().parent / "data"

COUNTRY, STOP, TOPIC, CUE = "country", "stop", "topic", "cue"
# The fields of a country entry that hold forms, in the order countries.json writes them.
COUNTRY_FIELDS = ("names", "official", "adjectives", "adjective_forms", "capitals", "seats", "weak")

_cache = {}
_lock = threading.Lock()


def shipped_dir():
    """The tagger's data folder, unless NEWSMONITOR_RULES_SHIPPED_DIR says otherwise (a
    stand-in for a release's new data files, in the tests)."""
    return Path(getattr(settings, "NEWSMONITOR_RULES_SHIPPED_DIR", None) or DEFAULT_DIR).resolve()


class Shipped:
    """The shipped files of one folder, read once: their text, parsed data and fingerprint."""

    def __init__(self, folder):
        self.folder = folder
        self.raw = {name: (folder / name).read_text(encoding="utf-8") for name in FILES}
        digest = hashlib.sha1()
        for name in FILES:
            digest.update(self.raw[name].encode("utf-8"))
        self.fingerprint = digest.hexdigest()[:12]
        self.cue_lists = cue_lists(json.loads(self.raw["pair_cues.json"]))

    def data(self):
        """A fresh parsed copy of the editable files (callers change it)."""
        return {name: json.loads(self.raw[name]) for name in EDITABLE}


def shipped():
    """The shipped files as they are now (read once per folder and process: a release
    replaces them together with the code, and the processes restart)."""
    folder = shipped_dir()
    found = _cache.get(folder)
    if found is None:
        with _lock:
            found = _cache.get(folder) or _cache.setdefault(folder, Shipped(folder))
    return found


def cue_lists(pair_cues):
    """The names of pair_cues.json's word lists (not its weights, threshold or notes)."""
    return [name for name, value in pair_cues.items()
            if name != "about" and isinstance(value, list) and all(isinstance(word, str) for word in value)]


def terms(data):
    """(kind, target, field, term, weight, note) for every term of the editable files,
    once each (a term written twice in one list is one row)."""
    seen = set()
    for row in _all_terms(data):
        if row[:4] not in seen:
            seen.add(row[:4])
            yield row


def _all_terms(data):
    for entry in data["countries.json"]["countries"]:
        for field in COUNTRY_FIELDS:
            for term in entry.get(field, ()):
                yield COUNTRY, entry["code"], field, term, None, ""
    for block in data["stoplist.json"].get("blocks", ()):
        for term in block["phrases"]:
            yield STOP, "", "", term, None, block.get("why", "")
    for topic in data["topics.json"]["topics"]:
        for term, weight in topic["terms"].items():
            yield TOPIC, topic["slug"], "", term, float(weight), ""
    cues = data["pair_cues.json"]
    for name in cue_lists(cues):
        for term in cues[name]:
            yield CUE, name, "", term, None, ""
