"""The shared corpus of real articles (../shared/corpus/ beside the checkout) and the
project's annotations of it, kept by article id: labels only, never a sentence of the
articles (the corpus's terms).

Pure Python, no Django."""

import json
import os
from pathlib import Path

from newsmonitor.tagging.taxonomy import TOPIC_SLUGS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
CORPUS = Path(os.getenv("NEWSMONITOR_CORPUS", ROOT.parent / "shared" / "corpus" / "ant-2018-dev.jsonl"))
SAMPLE = HERE / "sample.json"
ANNOTATIONS = HERE / "annotations"


class CorpusMissing(FileNotFoundError):
    pass


def articles(path=CORPUS):
    """{id: article} of the shared corpus; CorpusMissing says where it was looked for."""
    if not Path(path).exists():
        raise CorpusMissing(f"the shared corpus is not at {path} (set NEWSMONITOR_CORPUS, or put shared/ "
                            f"beside the checkout)")
    with open(path, encoding="utf-8") as f:
        return {row["id"]: row for row in map(json.loads, f) if row}


def sample():
    """The drawn ids with their draw ("random" or "purposive") and split ("dev", "test")."""
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def annotations():
    """{id: annotation} from every annotations/*.jsonl file."""
    found = {}
    for path in sorted(ANNOTATIONS.glob("*.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    row = json.loads(line)
                    found[row["id"]] = row
    return found


def split(name):
    """The annotated cases of one split ("dev" or "test"), with their article text
    joined from the corpus, in the shape the evaluator reads."""
    texts, labels = articles(), annotations()
    cases = []
    for item in sample()["articles"]:
        if item["split"] == name and item["id"] in labels:
            cases.append(dict(labels[item["id"]], title=texts[item["id"]]["title"], body=texts[item["id"]]["body"],
                              draw=item["draw"]))
    return cases


# --- checking an annotation ------------------------------------------------------------------
LANGUAGES = {"ar", "fa", "ur", "other"}


def known_codes():
    data = json.loads((HERE.parents[1] / "data" / "countries.json").read_text(encoding="utf-8"))
    return {country["code"] for country in data["countries"]}


def problems(row, codes=None):
    """What is wrong with one annotation (an empty list when nothing is)."""
    codes = codes or known_codes()
    found = []
    keys = {"id", "countries", "pairs", "primary_pair", "topics", "language"}
    if missing := keys - set(row):
        found.append(f"missing {sorted(missing)}")
        return found
    countries, pairs, primary = row["countries"], row["pairs"], row["primary_pair"]
    if countries != sorted(set(countries)) or not set(countries) <= codes:
        found.append(f"countries must be sorted, distinct, known codes: {countries}")
    for pair in pairs:
        if len(pair) != 2 or pair[0] >= pair[1] or not set(pair) <= set(countries):
            found.append(f"pair {pair} must be two sorted codes of countries")
    if pairs != sorted(pairs):
        found.append("pairs must be sorted")
    if (primary is None) != (not pairs) or (primary is not None and primary not in pairs):
        found.append(f"primary_pair {primary} must be one of pairs, null exactly when there are none")
    if row["topics"] != sorted(set(row["topics"])) or not set(row["topics"]) <= set(TOPIC_SLUGS):
        found.append(f"topics must be sorted, distinct slugs: {row['topics']}")
    if row["language"] not in LANGUAGES:
        found.append(f"language must be one of {sorted(LANGUAGES)}")
    if any("\u0600" <= ch <= "\u06ff" for ch in row.get("note", "")):
        found.append("the note must not quote the article (write it in English)")
    return found


def main(argv):
    """show ID... : print articles to read; check: validate every annotation file."""
    if argv[:1] == ["show"]:
        corpus = articles()
        for ident in argv[1:]:
            item = corpus[ident]
            print(f"=== {ident} · {item['outlet']} · {item['section']} · {item['time']}\n{item['title']}\n\n{item['body']}\n")
        return 0
    if argv[:1] == ["check"]:
        codes, drawn, bad = known_codes(), {a["id"] for a in sample()["articles"]}, 0
        for ident, row in annotations().items():
            for problem in problems(row, codes) + ([] if ident in drawn else ["not a drawn article"]):
                print(f"{ident}: {problem}")
                bad += 1
        print(f"{len(annotations())} annotations, {bad} problems")
        return 1 if bad else 0
    print(main.__doc__)
    return 2


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
