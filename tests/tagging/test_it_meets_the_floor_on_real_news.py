"""The tagger on the real-news annotations (gold/real): the annotation files are well
formed and drawn as documented, and the tagger stays above its floors on the test
half, which is scored and never tuned on. Reads ../shared/corpus/ (required with
CI=true). Measure by hand with: python -m newsmonitor.tagging.gold.real.score test"""

import collections
import os

import pytest

from newsmonitor.tagging.gold.real import corpus

# A little under what tagger 1.4.0 measured on the test half (BENCHMARKS.md, "Tagging
# accuracy"): countries F1 0.981, pairs P 0.706 R 0.590, topics F1 0.747. Far from the
# bars of DESIGN.md (pairs 0.90 / 0.80, topics 0.82): raise them as the tagger improves.
FLOORS = {"country F1": 0.97, "pair precision": 0.68, "pair recall": 0.57, "topic F1": 0.73}


@pytest.fixture(scope="module")
def texts():
    try:
        return corpus.articles()
    except corpus.CorpusMissing as exc:
        if os.getenv("CI", "").lower() == "true":
            pytest.fail(str(exc))
        pytest.skip(str(exc))


def test_the_annotations_are_well_formed_and_drawn_as_documented(texts):
    labels, drawn = corpus.annotations(), corpus.sample()["articles"]
    codes = corpus.known_codes()
    assert {item["id"] for item in drawn} == set(labels)
    assert all(not corpus.problems(row, codes) for row in labels.values())
    assert set(labels) <= set(texts)
    counts = collections.Counter((item["draw"], item["split"]) for item in drawn)
    assert counts["random", "dev"] + counts["random", "test"] >= 400
    assert counts["purposive", "dev"] + counts["purposive", "test"] >= 60
    assert abs(counts["random", "dev"] - counts["random", "test"]) <= 1


def test_the_annotations_keep_no_article_text(texts):
    """Labels only: no note quotes an article, no field holds a sentence of one."""
    for row in corpus.annotations().values():
        assert set(row) <= {"id", "countries", "pairs", "primary_pair", "topics", "language", "note"}
        assert not any("\u0600" <= ch <= "\u06ff" for ch in row.get("note", ""))


def test_the_tagger_meets_its_floors_on_the_test_half(texts):
    from newsmonitor.tagging.gold.evaluate import markdown
    from newsmonitor.tagging.gold.real.score import score

    report = score("test")
    measured = {"country F1": report["countries"]["f1"], "pair precision": report["pairs"]["precision"],
                "pair recall": report["pairs"]["recall"], "topic F1": report["topics"]["f1"]}
    below = [f"{name} {measured[name]:.3f} < {floor}" for name, floor in FLOORS.items() if measured[name] < floor]
    report["errors"] = []  # the test half is scored, never read for errors
    assert not below, "below the real-news floor: " + "; ".join(below) + "\n\n" + markdown(report, worst=0)


def test_the_second_annotation_is_of_dev_articles_and_labels_only(texts):
    """The agreement study's second annotation: well formed, of dev articles only (the
    test half stays unread), and the agreement tool compares it with the first."""
    from newsmonitor.tagging.gold.real.agree import compare, second

    codes, dev = corpus.known_codes(), {item["id"] for item in corpus.sample()["articles"] if item["split"] == "dev"}
    rows = second()
    assert len(rows) == 40 and set(rows) <= dev
    assert all(not corpus.problems(row, codes) for row in rows.values())
    assert not any("\u0600" <= ch <= "\u06ff" for row in rows.values() for ch in row.get("note", ""))
    reports, n = compare()
    assert n == 40
    # The comparison is a real one: two annotations that are not identical.
    agreement = reports["second annotator vs first"]["pairs"]
    assert agreement["fp"] + agreement["fn"] > 0 and agreement["tp"] > 0
