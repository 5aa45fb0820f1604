"""The tagger on the real-news annotations, by split:

    python -m newsmonitor.tagging.gold.real.score dev [--errors 30]   # figures and errors
    python -m newsmonitor.tagging.gold.real.score test                # figures only

The test half is for scoring: this command never lists its errors, so that nothing is
tuned on it."""

import argparse
import json

from newsmonitor.tagging.gold.evaluate import evaluate, markdown
from newsmonitor.tagging.gold.real.corpus import split


def score(name, tagger=None):
    from newsmonitor.tagging import Tagger

    tagger = tagger or Tagger.load()
    cases = split(name)
    for case in cases:
        case["kind"] = case["draw"]  # the report's "by kind" becomes random vs purposive
    return evaluate(cases, lambda title, body: tagger.tag(title, body))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m newsmonitor.tagging.gold.real.score")
    parser.add_argument("split", choices=("dev", "test"))
    parser.add_argument("--errors", type=int, default=0, help="list this many of the worst cases (dev only)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = score(args.split)
    if args.split == "test":
        report["errors"] = []
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    print(markdown(report, worst=args.errors if args.split == "dev" else 0))


if __name__ == "__main__":
    main()
