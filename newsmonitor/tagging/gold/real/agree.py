"""How far two people applying the same conventions agree, beside the tagger:

    python -m newsmonitor.tagging.gold.real.agree

agreement/second_annotator.jsonl holds a second, blind annotation of 40 development
articles (drawn with seed 20261206 from the dev half, annotated by someone who saw
neither the first annotations nor the tagger's output, from gold/README.md alone). Its
agreement with the first annotation is the ceiling a tagger can be measured against:
where two careful readers differ, the "errors" are in the convention, not the tagger.
Printed: the second annotator scored against the first, the tagger against the first
and against the second, on those 40 articles."""

import json
from pathlib import Path

from newsmonitor.tagging.gold.evaluate import evaluate
from newsmonitor.tagging.gold.real.corpus import split

SECOND = Path(__file__).resolve().parent / "agreement" / "second_annotator.jsonl"


def second():
    with open(SECOND, encoding="utf-8") as f:
        return {row["id"]: row for row in map(json.loads, filter(str.strip, f))}


def _as_tagger(labels_by_title):
    return lambda title, body: labels_by_title[title]


def compare():
    """{row name: evaluate() report} over the doubly annotated articles."""
    from newsmonitor.tagging import Tagger

    other = second()
    first = [case for case in split("dev") if case["id"] in other]
    by_title = {case["title"]: other[case["id"]] for case in first}
    as_reference = [dict(case, **{k: other[case["id"]][k] for k in ("countries", "pairs", "primary_pair", "topics")})
                    for case in first]
    tagger = Tagger.load()
    return {
        "second annotator vs first": evaluate(first, _as_tagger(by_title)),
        "tagger vs first annotator (dev: in-sample)": evaluate(first, tagger),
        "tagger vs second annotator (dev: in-sample)": evaluate(as_reference, tagger),
    }, len(first)


def main():
    reports, n = compare()
    print(f"Agreement on {n} development articles annotated twice, blind (first annotator as the reference)\n")
    print("| comparison | countries F1 | pairs P | pairs R | pairs F1 | topics F1 | primary (articles with one) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, report in reports.items():
        m = report
        print(f"| {name} | {m['countries']['f1']:.3f} | {m['pairs']['precision']:.3f} | {m['pairs']['recall']:.3f}"
              f" | {m['pairs']['f1']:.3f} | {m['topics']['f1']:.3f}"
              f" | {m['primary_pair']['accuracy_when_gold_has_pair']:.3f} |")


if __name__ == "__main__":
    main()
