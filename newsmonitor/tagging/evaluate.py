"""Scores the tagger against the gold set, and tunes topic thresholds on it.

    python -m newsmonitor.tagging.evaluate              # precision / recall / F1
    python -m newsmonitor.tagging.evaluate --errors     # ... and every case it gets wrong
    python -m newsmonitor.tagging.evaluate --tune       # best threshold per topic (whole set)

Reads gold/gold.jsonl ({"id","title","body","countries","pairs","primary_pair","topics",
"note"} per line). Thresholds are chosen on the whole set, per topic, to maximise that
topic's F1 with ties broken towards the middle of the best range; review them before
copying them into data/topics.json.
"""

import argparse
import json
import sys
from pathlib import Path

from . import Tagger

GOLD = Path(__file__).resolve().parent / "gold" / "gold.jsonl"


def load_gold(path=GOLD):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _count(gold_sets, got_sets):
    tp = sum(len(g & o) for g, o in zip(gold_sets, got_sets))
    fp = sum(len(o - g) for g, o in zip(gold_sets, got_sets))
    fn = sum(len(g - o) for g, o in zip(gold_sets, got_sets))
    return tp, fp, fn


def evaluate(cases, tagger):
    results = [tagger.tag(c["title"], c["body"]) for c in cases]
    report = {}
    for name, gold_key, got_key, conv in (
        ("countries", "countries", "countries", lambda v: set(v)),
        ("pairs", "pairs", "pairs", lambda v: {tuple(p) for p in v}),
        ("topics", "topics", "topics", lambda v: set(v)),
    ):
        tp, fp, fn = _count([conv(c[gold_key]) for c in cases], [conv(r[got_key]) for r in results])
        report[name] = _prf(tp, fp, fn) + (tp, fp, fn)
    primary_ok = sum(1 for c, r in zip(cases, results) if (c.get("primary_pair") or None) == r["primary_pair"])
    report["primary"] = primary_ok / len(cases) if cases else 1.0
    per_topic = {}
    for slug in tagger.topics.slugs:
        tp, fp, fn = _count([{slug} & set(c["topics"]) for c in cases], [{slug} & set(r["topics"]) for r in results])
        per_topic[slug] = _prf(tp, fp, fn) + (tp, fp, fn)
    report["per_topic"] = per_topic
    return report, results


def tune(cases, tagger):
    """Best threshold per topic over the whole set: {slug: (threshold, f1, tp, fp, fn)}."""
    scored = [tagger.topic_scores(c["title"], c["body"]) for c in cases]
    out = {}
    for slug in tagger.topics.slugs:
        gold = [slug in c["topics"] for c in cases]
        best_f, candidates = -1.0, []
        for t10 in range(5, 301, 5):
            t = t10 / 10
            got = [s.get(slug, 0.0) >= t for s in scored]
            tp = sum(g and o for g, o in zip(gold, got))
            fp = sum(o and not g for g, o in zip(gold, got))
            fn = sum(g and not o for g, o in zip(gold, got))
            f = _prf(tp, fp, fn)[2]
            if f > best_f + 1e-9:
                best_f, candidates = f, [(t, tp, fp, fn)]
            elif abs(f - best_f) <= 1e-9:
                candidates.append((t, tp, fp, fn))
        best = candidates[len(candidates) // 2]
        out[slug] = (best[0], round(best_f, 3)) + best[1:]
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m newsmonitor.tagging.evaluate", description=__doc__.split("\n")[0])
    parser.add_argument("--gold", default=str(GOLD))
    parser.add_argument("--errors", action="store_true", help="print the cases the tagger gets wrong")
    parser.add_argument("--tune", action="store_true", help="print the best threshold per topic")
    args = parser.parse_args(argv)
    cases = load_gold(args.gold)
    tagger = Tagger.load()
    report, results = evaluate(cases, tagger)
    print(f"cases: {len(cases)}")
    for name in ("countries", "pairs", "topics"):
        p, r, f, tp, fp, fn = report[name]
        print(f"{name:10s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   (tp {tp}, fp {fp}, fn {fn})")
    print(f"primary pair accuracy {report['primary']:.3f}")
    for slug, (p, r, f, tp, fp, fn) in report["per_topic"].items():
        print(f"  {slug:22s} P {p:.2f} R {r:.2f} F1 {f:.2f}  (tp {tp}, fp {fp}, fn {fn})")
    if args.errors:
        for c, res in zip(cases, results):
            diffs = []
            for key in ("countries", "topics"):
                gold, got = set(c[key]), set(res[key])
                if gold != got:
                    diffs.append(f"{key}: missing {sorted(gold - got)} extra {sorted(got - gold)}")
            gp, op = {tuple(p) for p in c["pairs"]}, {tuple(p) for p in res["pairs"]}
            if gp != op:
                diffs.append(f"pairs: missing {sorted(gp - op)} extra {sorted(op - gp)}")
            if (c.get("primary_pair") or None) != res["primary_pair"]:
                diffs.append(f"primary: gold {c.get('primary_pair')} got {res['primary_pair']}")
            if diffs:
                print(f"\n{c['id']}: {c['title']}\n  " + "\n  ".join(diffs))
                print(f"  topic scores: {tagger.topic_scores(c['title'], c['body'])}")
    if args.tune:
        print("\nbest thresholds (whole set):")
        for slug, (t, f, tp, fp, fn) in tune(cases, tagger).items():
            print(f"  {slug:22s} {t:5.1f}  F1 {f:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
