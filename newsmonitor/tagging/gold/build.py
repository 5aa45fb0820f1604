"""Builds gold.jsonl from the hand-written case sources in src/*.txt.

The sources are the files to edit; gold.jsonl is generated from them and committed
next to them (tests check that the two agree). Run from the repository root:

    python newsmonitor/tagging/gold/build.py          # rewrite gold.jsonl
    python newsmonitor/tagging/gold/build.py --check  # exit 1 if gold.jsonl is stale
    python newsmonitor/tagging/gold/build.py --stats  # counts for the README

Source format, one block per case (see README.md):

    @@ g001 short
    title: ...
    countries: EG PK          (or -)
    pairs: EG-PK PK-SA        (or -)
    primary: EG-PK            (or -)
    topics: defence-industry  (or -)
    phenomena: nisba capital  (labels counted in the README)
    note: what this case tests
    --
    body, paragraphs separated by blank lines

Pure Python: the standard library and the tagger's taxonomy.
"""

import collections
import json
import pathlib
import re
import sys

from newsmonitor.tagging.taxonomy import TOPIC_SLUGS

HERE = pathlib.Path(__file__).resolve().parent
SRC = HERE / "src"
OUT = HERE / "gold.jsonl"

KINDS = ("short", "full")
CODE = re.compile(r"^[A-Z]{2}$")
HEADER = re.compile(r"^@@ (g\d{3}) (short|full)\s*$")
FIELDS = ("title", "countries", "pairs", "primary", "topics", "phenomena", "note")


class SourceError(ValueError):
    pass


def _words(value):
    value = value.strip()
    return [] if value in ("", "-") else value.split()


def _pair(text, where):
    parts = text.split("-")
    if len(parts) != 2:
        raise SourceError(f"{where}: bad pair {text!r}")
    return sorted(parts)


def parse_block(lines, where):
    header = HEADER.match(lines[0])
    if not header:
        raise SourceError(f"{where}: bad header {lines[0]!r}")
    case_id, kind = header.groups()
    try:
        sep = lines.index("--")
    except ValueError:
        raise SourceError(f"{where} {case_id}: no '--' before the body") from None
    fields = {}
    for line in lines[1:sep]:
        if not line.strip():
            continue
        key, _, value = line.partition(":")
        key = key.strip()
        if key not in FIELDS or key in fields:
            raise SourceError(f"{where} {case_id}: bad or repeated field {key!r}")
        fields[key] = value.strip()
    missing = [f for f in FIELDS if f not in fields]
    if missing:
        raise SourceError(f"{where} {case_id}: missing {missing}")
    paragraphs, current = [], []
    for line in lines[sep + 1 :] + [""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    where = f"{where} {case_id}"
    primary = _words(fields["primary"])
    case = {
        "id": case_id,
        "title": fields["title"],
        "body": "\n\n".join(paragraphs),
        "countries": sorted(set(_words(fields["countries"]))),
        "pairs": sorted({tuple(_pair(p, where)) for p in _words(fields["pairs"])}),
        "primary_pair": _pair(primary[0], where) if primary else None,
        "topics": sorted(set(_words(fields["topics"]))),
        "note": fields["note"],
        "kind": kind,
        "phenomena": sorted(set(_words(fields["phenomena"]))),
    }
    case["pairs"] = [list(p) for p in case["pairs"]]
    return case


def parse_file(path):
    blocks, current = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.rstrip()
        if line.startswith("@@ "):
            if current:
                blocks.append(current)
            current = [line]
        elif current is not None:
            current.append(line)
        elif line.strip() and not line.startswith("#"):
            raise SourceError(f"{path.name}: text before the first case: {line[:40]!r}")
    if current:
        blocks.append(current)
    return [parse_block(block, path.name) for block in blocks]


def problems(case):
    """Everything wrong with one gold case (an empty list when it is valid)."""
    out = []
    cid = case.get("id", "?")
    for key, kind in (("id", str), ("title", str), ("body", str), ("note", str),
                      ("countries", list), ("pairs", list), ("topics", list)):
        if not isinstance(case.get(key), kind):
            out.append(f"{cid}: {key} missing or not a {kind.__name__}")
    if out:
        return out
    if not re.fullmatch(r"g\d{3}", case["id"]):
        out.append(f"{cid}: id is not g + three digits")
    if not case["title"].strip() or not case["note"].strip():
        out.append(f"{cid}: empty title or note")
    codes = case["countries"]
    if any(not isinstance(c, str) or not CODE.match(c) for c in codes):
        out.append(f"{cid}: country codes must be 2 uppercase letters: {codes}")
    elif codes != sorted(set(codes)):
        out.append(f"{cid}: countries not sorted and unique: {codes}")
    pairs = case["pairs"]
    for pair in pairs:
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(c, str) and CODE.match(c) for c in pair)):
            out.append(f"{cid}: bad pair {pair}")
        elif not pair[0] < pair[1]:
            out.append(f"{cid}: pair not sorted or a country with itself: {pair}")
        elif not set(pair) <= set(codes):
            out.append(f"{cid}: pair {pair} names a country missing from countries")
    if pairs != sorted(pairs) or len({tuple(p) for p in pairs if isinstance(p, list)}) != len(pairs):
        out.append(f"{cid}: pairs not sorted and unique")
    primary = case.get("primary_pair", "missing")
    if primary == "missing":
        out.append(f"{cid}: primary_pair missing")
    elif primary is None:
        if pairs:
            out.append(f"{cid}: primary_pair is null but there are pairs")
    elif primary not in pairs:
        out.append(f"{cid}: primary_pair {primary} is not one of pairs")
    topics = case["topics"]
    unknown = [t for t in topics if t not in TOPIC_SLUGS]
    if unknown:
        out.append(f"{cid}: unknown topics {unknown}")
    elif topics != sorted(set(topics)):
        out.append(f"{cid}: topics not sorted and unique")
    if case.get("kind", "short") not in KINDS:
        out.append(f"{cid}: kind must be short or full")
    return out


def build():
    cases = []
    for path in sorted(SRC.glob("*.txt")):
        cases.extend(parse_file(path))
    errors = []
    seen = collections.Counter(c["id"] for c in cases)
    errors += [f"{i}: duplicate id" for i, n in seen.items() if n > 1]
    for case in cases:
        errors += problems(case)
    if errors:
        raise SourceError("\n".join(errors))
    return sorted(cases, key=lambda c: c["id"])


def render(cases):
    return "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases)


def words(text):
    return len(text.split())


def stats(cases):
    kinds = collections.Counter(c["kind"] for c in cases)
    countries = collections.Counter(code for c in cases for code in c["countries"])
    topics = collections.Counter(t for c in cases for t in c["topics"])
    phenomena = collections.Counter(p for c in cases for p in c["phenomena"])
    full = [words(c["title"]) + words(c["body"]) for c in cases if c["kind"] == "full"]
    lines = [
        f"cases: {len(cases)} ({kinds['short']} short, {kinds['full']} full)",
        f"full article words: min {min(full, default=0)}, max {max(full, default=0)}, "
        f"mean {sum(full) // max(len(full), 1)}",
        f"distinct countries: {len(countries)}",
        f"cases with no country: {sum(1 for c in cases if not c['countries'])}; "
        f"with no pair: {sum(1 for c in cases if not c['pairs'])}; "
        f"pairs in all: {sum(len(c['pairs']) for c in cases)}",
        "countries: " + " ".join(f"{k}:{v}" for k, v in sorted(countries.items())),
        "topics: " + " ".join(f"{t}:{topics[t]}" for t in TOPIC_SLUGS),
        "phenomena: " + " ".join(f"{k}:{v}" for k, v in sorted(phenomena.items())),
    ]
    return "\n".join(lines)


def main(argv):
    cases = build()
    text = render(cases)
    if "--check" in argv:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print("gold.jsonl is stale: run python newsmonitor/tagging/gold/build.py")
            return 1
        return 0
    if "--stats" in argv:
        print(stats(cases))
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.name}: {len(cases)} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
