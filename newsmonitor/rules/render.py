"""The data files written back in their own format, byte for byte as shipped where
nothing changed.

The shipped files are laid out by hand: countries.json and stoplist.json keep one entry
per line, topics.json and pair_cues.json are indented by one space. So an edited file
is the shipped text with only the changed top-level values written again, each in the
layout the file gives it (LAYOUT), never the whole file reformatted."""

import json

from .shipped import EDITABLE

# file -> (indent of its top-level keys, {key: layout of its value}); "lines": a list
# with one item per line, "indent": json.dumps' own indentation by that many spaces.
LAYOUT = {
    "countries.json": (2, {"countries": "lines"}),
    "stoplist.json": (2, {"blocks": "lines"}),
    "topics.json": (1, {}),
    "pair_cues.json": (1, {}),
}


def render_files(data, shipped):
    """{file name: text} of the editable files in `data`, the shipped ones (a Shipped)
    as the base; the pair model as shipped."""
    files = {name: render(name, data[name], shipped.raw[name]) for name in EDITABLE}
    files["pair_model.json"] = shipped.raw["pair_model.json"]
    return files


def render(name, value, raw):
    """The text of file `name` holding `value`, laid out as `raw` (its shipped text)."""
    original = json.loads(raw)
    if value == original:
        return raw
    indent, layouts = LAYOUT[name]
    if list(value) != list(original):  # keys added or removed: no shipped text to keep
        return dumps(value, indent) + _ending(raw)
    text = raw
    for key in reversed(list(value)):  # from the end, so earlier spans stay where they are
        if value[key] != original[key]:
            start, end = value_span(text, key, indent)
            text = text[:start] + render_value(value[key], layouts.get(key, "indent"), indent) + text[end:]
    return text


def render_value(value, layout, indent):
    """A top-level value as the file writes it, starting after `"key": `."""
    if layout == "lines" and isinstance(value, list) and value:
        inner = " " * (indent * 2)
        items = ",\n".join(inner + json.dumps(item, ensure_ascii=False) for item in value)
        return "[\n" + items + "\n" + " " * indent + "]"
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return text.replace("\n", "\n" + " " * indent)


def value_span(text, key, indent):
    """(start, end) of a top-level key's value in a file's text. Top-level keys are the
    only ones at the start of a line with exactly this indentation (a JSON string
    cannot hold a raw newline)."""
    marker = "\n" + " " * indent + json.dumps(key, ensure_ascii=False) + ": "
    start = text.index(marker) + len(marker)
    _, end = json.JSONDecoder().raw_decode(text, start)
    return start, end


def dumps(value, indent):
    return json.dumps(value, ensure_ascii=False, indent=indent)


def _ending(raw):
    return "\n" if raw.endswith("\n") else ""
