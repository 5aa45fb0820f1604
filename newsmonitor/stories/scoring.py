"""Scoring a grouping against labels: pairwise precision and recall (of the pairs of
articles put in one story) and B-cubed (per article, the share of its predicted story
that is truly its, and of its true story that it was put with), averaged over articles."""

from collections import defaultdict
from itertools import combinations


def clusters(labels):
    out = defaultdict(set)
    for ident, label in labels.items():
        out[label].add(ident)
    return out


def same_pairs(labels):
    return {frozenset(p) for members in clusters(labels).values() for p in combinations(sorted(members, key=str), 2)}


def f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


def score(truth, predicted):
    """{pairwise_p, pairwise_r, pairwise_f, bcubed_p, bcubed_r, bcubed_f} of `predicted`
    ({id: story}) against `truth` ({id: story}), over the ids of `truth`."""
    predicted = {i: predicted[i] for i in truth}
    true_pairs, found = same_pairs(truth), same_pairs(predicted)
    right = len(true_pairs & found)
    pp = right / len(found) if found else 1.0
    pr = right / len(true_pairs) if true_pairs else 1.0
    true_of, found_of = clusters(truth), clusters(predicted)
    bp = br = 0.0
    for ident in truth:
        mine, theirs = found_of[predicted[ident]], true_of[truth[ident]]
        both = len(mine & theirs)
        bp += both / len(mine)
        br += both / len(theirs)
    bp, br = bp / len(truth), br / len(truth)
    return {"pairwise_p": pp, "pairwise_r": pr, "pairwise_f": f1(pp, pr),
            "bcubed_p": bp, "bcubed_r": br, "bcubed_f": f1(bp, br)}
