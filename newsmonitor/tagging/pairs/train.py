"""Trains the pair model on the development half of the real-news annotations:

    python -m newsmonitor.tagging.pairs.train            # cross-validated figures only
    python -m newsmonitor.tagging.pairs.train --write    # and write data/pair_model.json

A logistic regression (L2) over features.py's features of every candidate pair; the
regularisation and the decision threshold are chosen by 5-fold cross-validation over
the dev articles (folds by article), then the model is fitted on all of them. The test
half is never read here."""

import argparse
import json

import numpy as np

from newsmonitor.tagging.gold.real.corpus import split
from newsmonitor.tagging.pairs.features import NAMES, candidate_features
from newsmonitor.tagging.tagger import DATA_DIR, Tagger

L2 = (1.0, 3.0, 10.0, 30.0)
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
FOLDS = 5


class _Collector(Tagger):
    """The tagger, rules only, keeping each article's candidate features."""

    def pair_scores(self, found, shared, countries):
        self.collected = candidate_features(found, shared, countries, self.pairs.cues)
        return {}


def examples(cases):
    """[(article id, pair, feature vector, is a gold pair)] for every candidate."""
    tagger = _Collector(DATA_DIR)
    tagger.pair_model = None
    rows = []
    for case in cases:
        tagger.collected = {}
        tagger.tag(case["title"], case["body"])
        gold = {tuple(pair) for pair in case["pairs"]}
        for pair, features in sorted(tagger.collected.items()):
            rows.append((case["id"], pair, [features.get(name, 0.0) for name in NAMES], pair in gold))
    return rows


def fit(X, y, l2, steps=4000, rate=0.5):
    weights, bias, n = np.zeros(X.shape[1]), 0.0, len(y)
    for _ in range(steps):
        error = 1.0 / (1.0 + np.exp(-(X @ weights + bias))) - y
        weights -= rate * (X.T @ error + l2 * weights) / n
        bias -= rate * error.mean()
    return weights, bias


def counts(rows, probabilities, gold_total, threshold):
    tp = sum(1 for row, p in zip(rows, probabilities) if p >= threshold and row[3])
    fp = sum(1 for row, p in zip(rows, probabilities) if p >= threshold and not row[3])
    return tp, fp, gold_total - tp


def figures(tp, fp, fn):
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def cross_validate(cases, rows):
    ids = sorted({case["id"] for case in cases})
    fold_of = {ident: i % FOLDS for i, ident in enumerate(ids)}
    gold_total = sum(len(case["pairs"]) for case in cases)
    results = {}
    for l2 in L2:
        probabilities = [0.0] * len(rows)
        for fold in range(FOLDS):
            train = [i for i, row in enumerate(rows) if fold_of[row[0]] != fold]
            test = [i for i, row in enumerate(rows) if fold_of[row[0]] == fold]
            X = np.array([rows[i][2] for i in train])
            y = np.array([1.0 if rows[i][3] else 0.0 for i in train])
            weights, bias = fit(X, y, l2)
            for i in test:
                probabilities[i] = float(1.0 / (1.0 + np.exp(-(np.array(rows[i][2]) @ weights + bias))))
        for threshold in THRESHOLDS:
            results[(l2, threshold)] = figures(*counts(rows, probabilities, gold_total, threshold))
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m newsmonitor.tagging.pairs.train")
    parser.add_argument("--write", action="store_true", help=f"write {DATA_DIR / 'pair_model.json'}")
    args = parser.parse_args(argv)
    cases = split("dev")
    rows = examples(cases)
    results = cross_validate(cases, rows)
    for (l2, threshold), (precision, recall, f1) in sorted(results.items()):
        print(f"l2 {l2:5.1f}  threshold {threshold:.2f}  P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}")
    (l2, threshold), best = max(results.items(), key=lambda item: (round(item[1][2], 3), item[1][0]))
    print(f"chosen: l2 {l2}, threshold {threshold}: cross-validated P {best[0]:.3f} R {best[1]:.3f} F1 {best[2]:.3f}"
          f" over {len(cases)} dev articles, {len(rows)} candidate pairs")
    X = np.array([row[2] for row in rows])
    y = np.array([1.0 if row[3] else 0.0 for row in rows])
    weights, bias = fit(X, y, l2)
    model = {
        "about": ["Logistic regression over newsmonitor/tagging/pairs/features.py's features of a candidate pair:",
                  "probability = 1 / (1 + exp(-(bias + sum(weight x feature)))); a pair is reported at or above",
                  "threshold. Trained on the dev half of gold/real by python -m newsmonitor.tagging.pairs.train."],
        "trained_on": f"gold/real dev half: {len(cases)} articles, {len(rows)} candidate pairs",
        "cross_validated": {"folds": FOLDS, "l2": l2, "threshold": threshold, "precision": round(best[0], 3),
                            "recall": round(best[1], 3), "f1": round(best[2], 3)},
        "threshold": threshold,
        "bias": round(float(bias), 4),
        "weights": {name: round(float(w), 4) for name, w in sorted(zip(NAMES, weights), key=lambda x: -abs(x[1]))},
    }
    if args.write:
        (DATA_DIR / "pair_model.json").write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n",
                                                  encoding="utf-8")
        print(f"wrote {DATA_DIR / 'pair_model.json'}")


if __name__ == "__main__":
    main()
