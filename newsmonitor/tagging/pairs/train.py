"""Trains the pair model on the development half of the real-news annotations:

    python -m newsmonitor.tagging.pairs.train            # cross-validated figures only
    python -m newsmonitor.tagging.pairs.train --write    # and write data/pair_model.json

A logistic regression (L2) over features.py's features of every candidate pair: the
dense ones, and the context words found around candidates of at least MIN_COUNT
training articles' pairs (the vocabulary is chosen inside each fold, so cross-validation
never sees a word only its held-out fold had). The regularisation and the decision
threshold are chosen by 5-fold cross-validation over the dev articles (folds by
article), then the model is fitted on all of them. The test half is never read here.
`--dense` trains without context words, for comparison."""

import argparse
import json
from collections import Counter

import numpy as np

from newsmonitor.tagging.gold.real.corpus import split
from newsmonitor.tagging.pairs.features import NAMES, candidate_features
from newsmonitor.tagging.tagger import DATA_DIR, Tagger

L2 = (3.0, 10.0, 30.0)
MIN_COUNT = 5
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
FOLDS = 5


class _Collector(Tagger):
    """The tagger, rules only, keeping each article's candidate features."""

    def pair_scores(self, found, shared, countries):
        self.collected = candidate_features(found, shared, countries, self.pairs.cues)
        return {}


def examples(cases):
    """[(article id, pair, {feature: value}, is a gold pair)] for every candidate."""
    tagger = _Collector(DATA_DIR)
    tagger.pair_model = None
    rows = []
    for case in cases:
        tagger.collected = {}
        tagger.tag(case["title"], case["body"])
        gold = {tuple(pair) for pair in case["pairs"]}
        for pair, features in sorted(tagger.collected.items()):
            rows.append((case["id"], pair, features, pair in gold))
    return rows


def columns(rows, lexical=True):
    """The dense features, then the context words of at least MIN_COUNT candidates."""
    if not lexical:
        return list(NAMES)
    seen = Counter(name for row in rows for name in row[2] if ":" in name and not name.startswith(("cue:", "near:")))
    return list(NAMES) + sorted(name for name, count in seen.items() if count >= MIN_COUNT)


def matrix(rows, names):
    index = {name: i for i, name in enumerate(names)}
    X = np.zeros((len(rows), len(names)))
    for r, row in enumerate(rows):
        for name, value in row[2].items():
            i = index.get(name)
            if i is not None:
                X[r, i] = value
    return X


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


def cross_validate(cases, rows, lexical=True):
    ids = sorted({case["id"] for case in cases})
    fold_of = {ident: i % FOLDS for i, ident in enumerate(ids)}
    gold_total = sum(len(case["pairs"]) for case in cases)
    results = {}
    for l2 in L2:
        probabilities = [0.0] * len(rows)
        for fold in range(FOLDS):
            train = [row for row in rows if fold_of[row[0]] != fold]
            test = [i for i, row in enumerate(rows) if fold_of[row[0]] == fold]
            names = columns(train, lexical)
            weights, bias = fit(matrix(train, names), np.array([1.0 if row[3] else 0.0 for row in train]), l2)
            held_out = matrix([rows[i] for i in test], names) @ weights + bias
            for i, total in zip(test, held_out):
                probabilities[i] = float(1.0 / (1.0 + np.exp(-total)))
        for threshold in THRESHOLDS:
            results[(l2, threshold)] = figures(*counts(rows, probabilities, gold_total, threshold))
    return results


def train(cases, lexical=True):
    """(the model's data, its cross-validated figures, the number of candidates): the
    regularisation and threshold chosen by cross-validation, then fitted on all `cases`."""
    rows = examples(cases)
    results = cross_validate(cases, rows, lexical)
    (l2, threshold), best = max(results.items(), key=lambda item: (round(item[1][2], 3), item[1][0]))
    names = columns(rows, lexical)
    weights, bias = fit(matrix(rows, names), np.array([1.0 if row[3] else 0.0 for row in rows]), l2)
    model = {
        "about": ["Logistic regression over newsmonitor/tagging/pairs/features.py's features of a candidate pair:",
                  "probability = 1 / (1 + exp(-(bias + sum(weight x feature)))); a pair is reported at or above",
                  "threshold. Trained on the dev half of gold/real by python -m newsmonitor.tagging.pairs.train."],
        "trained_on": f"gold/real dev half: {len(cases)} articles, {len(rows)} candidate pairs"
                      f"{f', context words seen in {MIN_COUNT}+ candidates' if lexical else ', dense features only'}",
        "cross_validated": {"folds": FOLDS, "l2": l2, "threshold": threshold, "precision": round(best[0], 3),
                            "recall": round(best[1], 3), "f1": round(best[2], 3)},
        "threshold": threshold,
        "bias": round(float(bias), 4),
        "weights": {name: round(float(w), 4) for name, w in sorted(zip(names, weights), key=lambda x: -abs(x[1]))
                    if round(float(w), 4) != 0.0},
    }
    return model, results, len(rows)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m newsmonitor.tagging.pairs.train")
    parser.add_argument("--write", action="store_true", help=f"write {DATA_DIR / 'pair_model.json'}")
    parser.add_argument("--dense", action="store_true", help="no context words: the dense features only")
    args = parser.parse_args(argv)
    cases = split("dev")
    model, results, candidates = train(cases, lexical=not args.dense)
    for (l2, threshold), (precision, recall, f1) in sorted(results.items()):
        print(f"l2 {l2:5.1f}  threshold {threshold:.2f}  P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}")
    chosen = model["cross_validated"]
    print(f"chosen: l2 {chosen['l2']}, threshold {chosen['threshold']}: cross-validated P {chosen['precision']:.3f}"
          f" R {chosen['recall']:.3f} F1 {chosen['f1']:.3f} over {len(cases)} dev articles, {candidates} candidate pairs")
    if args.write:
        (DATA_DIR / "pair_model.json").write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n",
                                                  encoding="utf-8")
        print(f"wrote {DATA_DIR / 'pair_model.json'}")


if __name__ == "__main__":
    main()
