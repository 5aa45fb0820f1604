"""Measures a tagger against the hand-annotated gold set.

    python -m newsmonitor.tagging.gold.evaluate [gold.jsonl] [--json] [--worst N]

prints a Markdown report (micro precision, recall and F1 for countries, pairs and
topics; primary-pair accuracy; F1 per topic; the same by kind of case; the worst
cases), or with --json the metrics (errors included) as one JSON object.

In code: evaluate(cases, tag) where cases are gold records (see load()) and tag is
either a callable tag(title, body) -> {"countries", "pairs", "primary_pair",
"topics", ...} or an object with such a .tag method (newsmonitor.tagging.Tagger).

Counting, per case then summed over the set (micro-averaging):
- countries: the set of codes; pairs: the set of sorted code pairs; topics: the set
  of slugs. tp = in both, fp = predicted only, fn = gold only.
- precision = tp / (tp + fp), recall = tp / (tp + fn), each 1.0 when its
  denominator is 0; F1 = 2tp / (2tp + fp + fn), 1.0 when there is nothing at all.
- primary-pair accuracy: share of cases whose predicted primary pair equals the
  gold one (both null counts as equal); also given over the cases whose gold has a pair.

Pure Python: no Django, and the real tagger is imported only by the command line.
"""

import argparse
import json
import sys
from pathlib import Path

from newsmonitor.tagging.taxonomy import TOPIC_SLUGS

GOLD_PATH = Path(__file__).resolve().parent / "gold.jsonl"

KINDS = ("short", "full")


def load(path=GOLD_PATH):
    """The gold cases of a JSON-lines file, in file order."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# -- normalising what a tagger returns ------------------------------------------------


def _code(value):
    if isinstance(value, dict):
        value = value.get("code", "")
    return str(value).strip().upper()


def _codes(values):
    return {c for c in (_code(v) for v in values or ()) if c}


def _pair(value):
    if not value:
        return None
    a, b = (_code(v) for v in value)
    return (a, b) if a <= b else (b, a)


def _pairs(values):
    return {p for p in (_pair(v) for v in values or ()) if p and p[0] != p[1]}


def _slugs(values):
    return {str(v).strip() for v in values or () if str(v).strip()}


def _tag_function(tag):
    method = getattr(tag, "tag", None)
    if callable(method):
        return method
    if callable(tag):
        return tag
    raise TypeError("tag must be a callable (title, body) -> dict or an object with a .tag method")


# -- arithmetic -------------------------------------------------------------------------


def scores(tp, fp, fn):
    """{"precision", "recall", "f1", "tp", "fp", "fn"} for the given counts."""
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


class _Tally:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def add(self, gold, got):
        self.tp += len(gold & got)
        self.fp += len(got - gold)
        self.fn += len(gold - got)

    def scores(self):
        return scores(self.tp, self.fp, self.fn)


def _listed(items):
    return sorted(list(i) if isinstance(i, tuple) else i for i in items)


def evaluate(cases, tag):
    """Scores tag on cases; returns the metrics and the list of cases it gets wrong."""
    tag = _tag_function(tag)
    fields = ("countries", "pairs", "topics")
    totals = {f: _Tally() for f in fields}
    by_kind = {}
    per_topic = {slug: _Tally() for slug in TOPIC_SLUGS}
    primary = {"correct": 0, "cases": 0, "with_pair_correct": 0, "with_pair_cases": 0}
    errors = []
    for case in cases:
        out = tag(case["title"], case["body"]) or {}
        if not isinstance(out, dict):
            out = out.as_dict()  # a TagResult (another tagger's command line gives dicts)
        gold = {
            "countries": _codes(case["countries"]),
            "pairs": _pairs(case["pairs"]),
            "topics": _slugs(case["topics"]),
        }
        got = {
            "countries": _codes(out.get("countries")),
            "pairs": _pairs(out.get("pairs")),
            "topics": _slugs(out.get("topics")),
        }
        kind = case.get("kind", "short")
        kind_totals = by_kind.setdefault(kind, {f: _Tally() for f in fields})
        for f in fields:
            totals[f].add(gold[f], got[f])
            kind_totals[f].add(gold[f], got[f])
        for slug in gold["topics"] | got["topics"] | set(TOPIC_SLUGS):
            per_topic.setdefault(slug, _Tally()).add(gold["topics"] & {slug}, got["topics"] & {slug})
        gold_primary, got_primary = _pair(case.get("primary_pair")), _pair(out.get("primary_pair"))
        primary_ok = gold_primary == got_primary
        primary["cases"] += 1
        primary["correct"] += primary_ok
        if gold_primary:
            primary["with_pair_cases"] += 1
            primary["with_pair_correct"] += primary_ok
        error = {"id": case.get("id"), "kind": kind, "title": case["title"], "note": case.get("note", "")}
        wrong = 0
        for f in fields:
            missing, extra = gold[f] - got[f], got[f] - gold[f]
            if missing or extra:
                error[f] = {"missing": _listed(missing), "extra": _listed(extra)}
                wrong += len(missing) + len(extra)
        if not primary_ok:
            error["primary_pair"] = {
                "gold": list(gold_primary) if gold_primary else None,
                "got": list(got_primary) if got_primary else None,
            }
            wrong += 1
        if wrong:
            error["wrong"] = wrong
            errors.append(error)
    errors.sort(key=lambda e: (-e["wrong"], str(e["id"])))
    n = primary["cases"]
    return {
        "cases": n,
        "kinds": {k: sum(1 for c in cases if c.get("kind", "short") == k) for k in sorted(by_kind)},
        **{f: totals[f].scores() for f in fields},
        "primary_pair": {
            "accuracy": primary["correct"] / n if n else 1.0,
            "correct": primary["correct"],
            "cases": n,
            "accuracy_when_gold_has_pair": (
                primary["with_pair_correct"] / primary["with_pair_cases"] if primary["with_pair_cases"] else 1.0
            ),
            "cases_with_pair": primary["with_pair_cases"],
        },
        "per_topic": {
            slug: {**tally.scores(), "support": tally.tp + tally.fn} for slug, tally in per_topic.items()
        },
        "by_kind": {k: {f: t.scores() for f, t in by_kind[k].items()} for k in sorted(by_kind)},
        "errors": errors,
    }


# -- report ---------------------------------------------------------------------------


def honoured(cases, tag):
    """Of the editors' corrections recorded in cases (exportcorrections' "corrections"),
    how many the tagger already agrees with on its own: an added tag it finds, a
    removed one it does not. {"corrections", "honoured", "share", "by_kind"}."""
    tag = _tag_function(tag)
    by_kind = {}
    for case in cases:
        if not case.get("corrections"):
            continue
        out = tag(case["title"], case["body"]) or {}
        if not isinstance(out, dict):
            out = out.as_dict()
        found = {"country": _codes(out.get("countries")), "topic": _slugs(out.get("topics")),
                 "pair": {"-".join(p) for p in _pairs(out.get("pairs"))}}
        for c in case["corrections"]:
            agrees = (c["value"] in found[c["kind"]]) == (c["action"] == "add")
            tally = by_kind.setdefault(c["kind"], [0, 0])
            tally[0] += agrees
            tally[1] += 1
    made = sum(t[1] for t in by_kind.values())
    agreed = sum(t[0] for t in by_kind.values())
    return {"corrections": made, "honoured": agreed, "share": agreed / made if made else 0.0,
            "by_kind": {k: {"honoured": a, "corrections": n} for k, (a, n) in sorted(by_kind.items())}}


def _f(x):
    return f"{x:.3f}"


def _describe(error):
    parts = []
    for f in ("countries", "pairs", "topics"):
        if f in error:
            show = lambda items: ", ".join("-".join(i) if isinstance(i, list) else i for i in items)  # noqa: E731
            bits = []
            if error[f]["missing"]:
                bits.append(f"missing {show(error[f]['missing'])}")
            if error[f]["extra"]:
                bits.append(f"extra {show(error[f]['extra'])}")
            parts.append(f"{f}: " + "; ".join(bits))
    if "primary_pair" in error:
        gold, got = error["primary_pair"]["gold"], error["primary_pair"]["got"]
        parts.append(f"primary: gold {'-'.join(gold) if gold else 'none'}, got {'-'.join(got) if got else 'none'}")
    return " | ".join(parts)


def markdown(report, worst=15):
    kinds = ", ".join(f"{n} {k}" for k, n in report["kinds"].items())
    lines = [
        f"## Tagging quality on the gold set ({report['cases']} cases: {kinds})",
        "",
        "| measure | precision | recall | F1 | tp | fp | fn |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for f in ("countries", "pairs", "topics"):
        s = report[f]
        lines.append(f"| {f} | {_f(s['precision'])} | {_f(s['recall'])} | {_f(s['f1'])} | {s['tp']} | {s['fp']} | {s['fn']} |")
    p = report["primary_pair"]
    lines += [
        "",
        f"Primary pair accuracy: {_f(p['accuracy'])} ({p['correct']}/{p['cases']}); "
        f"on the {p['cases_with_pair']} cases whose gold has a pair: {_f(p['accuracy_when_gold_has_pair'])}.",
        "",
        "| topic | precision | recall | F1 | support | fp |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for slug, s in report["per_topic"].items():
        lines.append(f"| {slug} | {_f(s['precision'])} | {_f(s['recall'])} | {_f(s['f1'])} | {s['support']} | {s['fp']} |")
    lines += ["", "| kind | countries P / R | pairs P / R | topics F1 |", "| --- | --- | --- | ---: |"]
    for kind, s in report["by_kind"].items():
        c, pr, t = s["countries"], s["pairs"], s["topics"]
        lines.append(
            f"| {kind} | {_f(c['precision'])} / {_f(c['recall'])} | {_f(pr['precision'])} / {_f(pr['recall'])} | {_f(t['f1'])} |"
        )
    errors = report["errors"]
    lines += ["", f"### Worst cases ({min(worst, len(errors))} of {len(errors)} with errors)", ""]
    for e in errors[:worst]:
        lines.append(f"- **{e['id']}** ({e['kind']}) {e['title']} — {_describe(e)}  ")
        if e.get("note"):
            lines.append(f"  _{e['note']}_")
    return "\n".join(lines) + "\n"


def main(argv=None, tagger=None):
    """The command line; tagger defaults to newsmonitor.tagging.Tagger.load()."""
    parser = argparse.ArgumentParser(
        prog="python -m newsmonitor.tagging.gold.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("gold", nargs="?", default=str(GOLD_PATH), help="gold JSON lines (default: the bundled set)")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON instead of Markdown")
    parser.add_argument("--worst", type=int, default=15, metavar="N", help="how many of the worst cases to list")
    args = parser.parse_args(argv)
    if tagger is None:
        from newsmonitor.tagging import Tagger  # the real tagger, imported only here

        tagger = Tagger.load()
    report = evaluate(load(args.gold), tagger)
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(markdown(report, worst=args.worst))
    return 0


if __name__ == "__main__":
    sys.exit(main())
