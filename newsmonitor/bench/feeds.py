"""Reading hostile feeds: time and peak memory of our parse_feed against feedparser
on the same raw bytes (what the poller did before entity declarations were stripped),
for an ordinary feed and for entity bombs. Each call runs in a fresh process; memory
is traced (tracemalloc) in a run of its own, since tracing slows the parser ten-fold.
No network, no database. The traced bombs take most of this benchmark's ~7 minutes."""

import json
import statistics
import subprocess
import sys

from newsmonitor.bench.report import write_section

ITEM = ("<item><title>{title}</title><link>https://news.example/{n}</link><guid>g-{n}</guid>"
        "<pubDate>Mon, 01 Sep 2025 10:00:00 GMT</pubDate><description>{summary}</description></item>")


def feed(items, prolog=""):
    return (f'<?xml version="1.0" encoding="utf-8"?>\n{prolog}<rss version="2.0"><channel><title>نشرة</title>'
            + "".join(items) + "</channel></rss>").encode("utf-8")


def ordinary():
    return feed([ITEM.format(n=n, title="مصر وباكستان تبحثان التعاون", summary="ملخص الخبر " * 20)
                 for n in range(100)])


def linear_bomb(references):
    """One plain-text entity of 21 KB referenced over and over: the loose parser's
    amplification, as the security review found it."""
    prolog = f'<!DOCTYPE rss [\n<!ENTITY big "{"حشو " * 3000}">\n]>'
    items = [ITEM.format(n=n, title="&big;" * 5, summary="&big;" * 5) for n in range(references // 10)]
    return feed(items, prolog)


def billion_laughs():
    levels = ['<!ENTITY l0 "ha">'] + [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
    return feed([ITEM.format(n=1, title="&l9;", summary="")], "<!DOCTYPE rss [\n" + "\n".join(levels) + "\n]>")


CASES = {"ordinary feed, 100 entries": ordinary,
         "linear entity bomb, 1,000 references": lambda: linear_bomb(1_000),
         "linear entity bomb, 2,000 references": lambda: linear_bomb(2_000), "billion laughs": billion_laughs}
PROBE = r"""
import json, sys, time, tracemalloc
data = sys.stdin.buffer.read()
how, measure = sys.argv[1], sys.argv[2]
if how == "ours":
    from newsmonitor.lib.feedparse import parse_feed as parse
else:
    import feedparser
    parse = feedparser.parse
if measure == "memory":
    tracemalloc.start()
clock = time.perf_counter()
try:
    parse(data)
    outcome = "parsed"
except Exception as exc:
    outcome = type(exc).__name__
seconds = time.perf_counter() - clock
peak = tracemalloc.get_traced_memory()[1] if measure == "memory" else 0
print(json.dumps({"seconds": seconds, "mib": peak / 2**20, "outcome": outcome}))
"""


def probe(how, data, measure="time"):
    out = subprocess.run([sys.executable, "-c", PROBE, how, measure], input=data, capture_output=True, check=True)
    return json.loads(out.stdout)


def run(rounds=3):
    rows = []
    for name, build in CASES.items():
        data = build()
        cells = []
        for how in ("feedparser", "ours"):
            runs = [probe(how, data) for _ in range(rounds)]
            # Allocations are the same every time: one traced run (tracing slows it, so
            # it is timed apart).
            peak = probe(how, data, "memory")["mib"]
            cells += [f"{statistics.median(r['seconds'] for r in runs) * 1000:,.1f}", f"{peak:,.1f}",
                      runs[0]["outcome"]]
        rows.append(f"| {name} | {len(data) // 1024} | " + " | ".join(cells) + " |")
    body = (f"Time: median of {rounds} fresh processes; memory: the peak of Python allocations during the "
            "call (tracemalloc, one run apart). `feedparser.parse(raw bytes)` is what the poller used to do; "
            "`parse_feed` strips the DOCTYPE first and refuses a feed that uses the entities it declared "
            "(`UnsafeFeed`).\n\n"
            "| feed | KB | feedparser ms | feedparser MiB | feedparser | parse_feed ms | parse_feed MiB | parse_feed |\n"
            "| --- | ---: | ---: | ---: | --- | ---: | ---: | --- |\n" + "\n".join(rows))
    write_section("feeds", "Hostile feeds: parse_feed against feedparser on the raw bytes",
                  "make bench (python -m newsmonitor.bench feeds)", body)
