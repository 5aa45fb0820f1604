"""Writes the grouping test set (dev.jsonl, test.jsonl beside this file) from the
events of events.py: for each event its original report, five copies that each change
one thing (another title, a paragraph dropped, diacritics added, another footer, a
wire copy trimmed to its first two paragraphs), a wire copy that changes all of these at
once (a dateline, another title, trimmed, another footer), and a follow-up written
afresh. Each line: {"id", "title", "body", "published", "outlet", "story", "kind"};
"story" is the event's key, the label grouping is scored against.

    python -m newsmonitor.stories.gold.make
"""

import json
from datetime import datetime, timedelta
from pathlib import Path

from .events import EVENTS, FOOTERS, OUTLETS

HERE = Path(__file__).resolve().parent
KINDS = ("original", "title", "dropped", "diacritics", "footer", "trimmed", "wire", "follow-up")
# Minutes after the original at which each copy appears.
DELAY = {"title": 15, "dropped": 40, "diacritics": 70, "footer": 120, "trimmed": 180, "wire": 300}
ARABIC_LETTERS = {chr(c) for c in range(0x628, 0x64B)} | {"ا"}
FATHA, DAMMA, KASRA, SUKUN = "\u064e", "\u064f", "\u0650", "\u0652"


def vowelled(text):
    """The text with short vowels added as a careful typist would (a mark after most
    letters): what matching must see through."""
    out = []
    for word in text.split(" "):
        letters = []
        for i, char in enumerate(word):
            letters.append(char)
            if char in ARABIC_LETTERS and i < len(word) - 1:
                letters.append((FATHA, KASRA, SUKUN)[i % 3])
            elif char in ARABIC_LETTERS:
                letters.append(DAMMA)
        out.append("".join(letters))
    return " ".join(out)


def other_outlet(outlet, step=1):
    names = sorted(OUTLETS)
    return names[(names.index(outlet) + step) % len(names)]


def articles(event):
    at = datetime.fromisoformat(event["at"])
    outlet, paragraphs, footer = event["outlet"], event["paragraphs"], FOOTERS[event["outlet"]]
    first = paragraphs[0]

    def item(kind, title, body_paragraphs, outlet_key, when):
        return {"id": f"{event['key']}/{kind}", "title": title, "body": "\n\n".join(body_paragraphs),
                "published": when.isoformat(), "outlet": OUTLETS[outlet_key], "story": event["key"], "kind": kind}

    later = {kind: at + timedelta(minutes=minutes) for kind, minutes in DELAY.items()}
    out = [
        item("original", event["title"], [*paragraphs, footer], outlet, at),
        item("title", event["other_title"], [*paragraphs, footer], other_outlet(outlet, 1), later["title"]),
        item("dropped", event["title"], [*paragraphs[:2], *paragraphs[3:], footer], other_outlet(outlet, 2),
             later["dropped"]),
        item("diacritics", vowelled(event["title"]), [vowelled(p) for p in paragraphs] + [footer],
             other_outlet(outlet, 3), later["diacritics"]),
        item("footer", event["title"], [*paragraphs, FOOTERS[other_outlet(outlet, 4)]], other_outlet(outlet, 4),
             later["footer"]),
        item("trimmed", event["title"], paragraphs[:2], other_outlet(outlet, 5), later["trimmed"]),
        item("wire", event["other_title"], ["عواصم - (وكالات) - " + first, paragraphs[1],
                                            FOOTERS[other_outlet(outlet, 6)]], other_outlet(outlet, 6), later["wire"]),
    ]
    title, body, hours = event["follow_up"]
    follow_outlet = other_outlet(outlet, 3)
    out.append(item("follow-up", title, [*body, FOOTERS[follow_outlet]], follow_outlet, at + timedelta(hours=hours)))
    return out


def main():
    for split in ("dev", "test"):
        rows = [row for event in EVENTS if event["split"] == split for row in articles(event)]
        rows.sort(key=lambda row: (row["published"], row["id"]))
        with open(HERE / f"{split}.jsonl", "w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{split}: {len(rows)} articles, {len({r['story'] for r in rows})} stories")


if __name__ == "__main__":
    main()
