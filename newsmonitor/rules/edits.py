"""Edits: what the editors changed, as operations laid on top of the shipped data.

An edit adds a term (or sets a topic term's weight) or removes one. They are applied to
whatever the shipped files say at the time, so a release's new data flows in for every
term nobody edited, and an edit that a release made moot (a term added that now ships,
one removed that no longer does) changes nothing. A revision keeps the full list of
edits in force (models.Revision.edits), so the files of a revision never change."""

from dataclasses import asdict, dataclass

from .shipped import COUNTRY, COUNTRY_FIELDS, CUE, STOP, TOPIC

ADD, REMOVE = "add", "remove"
COUNTRY_KEYS = ("code", "en", *COUNTRY_FIELDS, "notes")  # the order countries.json writes an entry in
ADDED_WHY = "added in the admin"


@dataclass(frozen=True)
class Edit:
    kind: str
    target: str
    field: str
    term: str
    action: str  # ADD (or set the weight) or REMOVE
    weight: float = None
    note: str = ""

    def as_dict(self):
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}

    @classmethod
    def from_dict(cls, d):
        return cls(d["kind"], d.get("target", ""), d.get("field", ""), d["term"], d["action"], d.get("weight"),
                   d.get("note", ""))


def apply(data, edits):
    """`data` (parsed editable files, changed in place) with the edits applied in order."""
    for edit in edits:
        if not isinstance(edit, Edit):
            edit = Edit.from_dict(edit)
        APPLY[edit.kind](data, edit)
    return data


def _country(data, edit):
    entry = next((c for c in data["countries.json"]["countries"] if c["code"] == edit.target), None)
    if entry is None:  # a state a new release no longer lists
        return
    forms = entry.get(edit.field)
    if edit.action == ADD:
        if forms is None:
            _insert_key(entry, edit.field, [edit.term])
        elif edit.term not in forms:
            forms.append(edit.term)
    elif forms is not None:
        forms[:] = [form for form in forms if form != edit.term]
        if not forms and edit.field != "names":
            del entry[edit.field]


def _insert_key(entry, key, value):
    """Adds a key where countries.json would have it, leaving the others in their order."""
    rank = COUNTRY_KEYS.index(key)
    items = list(entry.items())
    at = len(items)
    for i, (other, _) in enumerate(items):
        if other in COUNTRY_KEYS and COUNTRY_KEYS.index(other) > rank:
            at = i
            break
    items.insert(at, (key, value))
    entry.clear()
    entry.update(items)


def _stop(data, edit):
    blocks = data["stoplist.json"].setdefault("blocks", [])
    if edit.action == ADD:
        if not any(edit.term in block["phrases"] for block in blocks):
            blocks.append({"phrases": [edit.term], "why": edit.note or ADDED_WHY})
        return
    for block in blocks:
        block["phrases"] = [p for p in block["phrases"] if p != edit.term]
    blocks[:] = [block for block in blocks if block["phrases"]]


def _topic(data, edit):
    topic = next((t for t in data["topics.json"]["topics"] if t["slug"] == edit.target), None)
    if topic is None:
        return
    if edit.action == ADD:
        topic["terms"][edit.term] = json_number(edit.weight)
    else:
        topic["terms"].pop(edit.term, None)


def _cue(data, edit):
    words = data["pair_cues.json"].get(edit.target)
    if words is None:
        return
    if edit.action == ADD:
        if edit.term not in words:
            words.append(edit.term)
    else:
        words[:] = [word for word in words if word != edit.term]


def json_number(weight):
    """3 rather than 3.0, as the data files write whole weights."""
    weight = float(weight)
    return int(weight) if weight.is_integer() else weight


APPLY = {COUNTRY: _country, STOP: _stop, TOPIC: _topic, CUE: _cue}
