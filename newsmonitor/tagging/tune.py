"""Topic thresholds from annotated cases: the real-news development half (the measure),
or the hand-written gold set.

    python -m newsmonitor.tagging.tune [--cases dev|gold] [--half odd|even]

Prints, per topic, the threshold that maximises that topic's F1 on the chosen cases
(ties broken towards the middle of the best range). With --half, it tunes on the odd
or even case numbers and scores the other half with both the tuned and the current
thresholds: a threshold is worth copying into data/topics.json only if it holds up on
the half it did not see. Scoring itself (precision, recall, F1, the worst cases) is
newsmonitor.tagging.gold.evaluate: python -m newsmonitor.tagging.gold.evaluate --worst 40.
"""

import argparse
import sys

from newsmonitor.tagging import Tagger
from newsmonitor.tagging.gold.evaluate import GOLD_PATH, load, scores


def tune(cases, tagger):
    """Best threshold per topic: {slug: (threshold, f1, tp, fp, fn)}."""
    scored = [tagger.topic_scores(c["title"], c["body"]) for c in cases]
    out = {}
    for slug in tagger.topics.slugs:
        gold = [slug in c["topics"] for c in cases]
        best_f, candidates = -1.0, []
        for t10 in range(5, 301, 5):
            got = [s.get(slug, 0.0) >= t10 / 10 for s in scored]
            counts = counts_of(gold, got)
            f = scores(*counts)["f1"]
            if f > best_f + 1e-9:
                best_f, candidates = f, [(t10 / 10, *counts)]
            elif abs(f - best_f) <= 1e-9:
                candidates.append((t10 / 10, *counts))
        best = candidates[len(candidates) // 2]
        out[slug] = (best[0], round(best_f, 3)) + best[1:]
    return out


def counts_of(gold, got):
    return (sum(g and o for g, o in zip(gold, got)), sum(o and not g for g, o in zip(gold, got)),
            sum(g and not o for g, o in zip(gold, got)))


def topic_f1(cases, tagger, thresholds=None):
    """Micro F1 of topics over cases, with the given thresholds or the tagger's own."""
    tp = fp = fn = 0
    for case in cases:
        if thresholds is None:
            got = set(tagger.tag(case["title"], case["body"]).topics)
        else:
            topic_scores = tagger.topic_scores(case["title"], case["body"])
            got = {slug for slug, (t, *_) in thresholds.items() if topic_scores.get(slug, 0.0) >= t}
        gold = set(case["topics"])
        tp, fp, fn = tp + len(gold & got), fp + len(got - gold), fn + len(gold - got)
    return scores(tp, fp, fn)["f1"]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m newsmonitor.tagging.tune", description=__doc__.split("\n")[0])
    parser.add_argument("--cases", choices=("dev", "gold"), default="dev",
                        help="the real-news dev half (default) or the hand-written gold set")
    parser.add_argument("--gold", default=str(GOLD_PATH), help="with --cases gold: the file")
    parser.add_argument("--half", choices=("odd", "even"), help="tune on this half, check on the other")
    args = parser.parse_args(argv)
    if args.cases == "dev":
        from newsmonitor.tagging.gold.real.corpus import split

        cases = split("dev")
    else:
        cases = load(args.gold)
    tagger = Tagger.load()
    check = []
    if args.half:
        parity = 1 if args.half == "odd" else 0
        tuning = [c for i, c in enumerate(cases, 1) if i % 2 == parity]
        check = [c for i, c in enumerate(cases, 1) if i % 2 != parity]
        cases = tuning
    best = tune(cases, tagger)
    print(f"best thresholds on {len(cases)} cases:")
    for slug, (t, f, tp, fp, fn) in best.items():
        print(f"  {slug:22s} {t:5.1f}  F1 {f:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    if check:
        print(f"on the other {len(check)} cases: topic F1 {topic_f1(check, tagger, best):.3f} with these thresholds, "
              f"{topic_f1(check, tagger):.3f} with the current ones")
    return 0


if __name__ == "__main__":
    sys.exit(main())
