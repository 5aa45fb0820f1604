"""The gold-set evaluator (newsmonitor/tagging/gold/evaluate.py) with fake taggers:
precision / recall / F1 arithmetic on known inputs, normalisation of what a tagger
returns, the error list, the Markdown and JSON output."""

import io
import json
from contextlib import redirect_stdout

import pytest

from newsmonitor.tagging.gold import evaluate as ev

CASES = [
    {"id": "g001", "kind": "short", "title": "t1", "body": "b1", "countries": ["EG", "PK", "SA"],
     "pairs": [["EG", "PK"], ["PK", "SA"]], "primary_pair": ["EG", "PK"],
     "topics": ["defence-industry", "diplomacy-visits"], "note": "n1"},
    {"id": "g002", "kind": "short", "title": "t2", "body": "b2", "countries": ["JO"],
     "pairs": [], "primary_pair": None, "topics": ["domestic-politics"], "note": "n2"},
    {"id": "g003", "kind": "full", "title": "t3", "body": "b3", "countries": ["IR", "US"],
     "pairs": [["IR", "US"]], "primary_pair": ["IR", "US"], "topics": ["conflict"], "note": "n3"},
]


def by_title(outputs):
    return lambda title, body: outputs[title]


def gold_tagger(title, body):
    case = next(c for c in CASES if c["title"] == title)
    return {k: case[k] for k in ("countries", "pairs", "primary_pair", "topics")}


def test_a_perfect_tagger_scores_one_everywhere():
    report = ev.evaluate(CASES, gold_tagger)
    for field in ("countries", "pairs", "topics"):
        assert (report[field]["precision"], report[field]["recall"], report[field]["f1"]) == (1.0, 1.0, 1.0)
    assert report["primary_pair"]["accuracy"] == 1.0
    assert report["errors"] == []
    assert report["cases"] == 3 and report["kinds"] == {"full": 1, "short": 2}


def test_micro_precision_recall_and_f1_on_known_counts():
    outputs = {
        # countries: tp EG PK, fn SA, fp TR; pairs: tp EG-PK (given reversed), fn PK-SA, fp EG-TR;
        # topics: tp diplomacy-visits, fn defence-industry; primary right (reversed order)
        "t1": {"countries": ["EG", "PK", "TR"], "pairs": [["PK", "EG"], ["EG", "TR"]],
               "primary_pair": ["PK", "EG"], "topics": ["diplomacy-visits"]},
        # countries: tp JO, fp IL; pairs: fp IL-JO; topics: fp conflict, fn domestic-politics; primary wrong
        "t2": {"countries": ["IL", "JO"], "pairs": [["IL", "JO"]], "primary_pair": ["IL", "JO"],
               "topics": ["conflict"]},
        # all right but primary missing
        "t3": {"countries": ["IR", "US"], "pairs": [["IR", "US"]], "primary_pair": None, "topics": ["conflict"]},
    }
    report = ev.evaluate(CASES, by_title(outputs))
    c, p, t = report["countries"], report["pairs"], report["topics"]
    assert (c["tp"], c["fp"], c["fn"]) == (5, 2, 1)
    assert c["precision"] == pytest.approx(5 / 7) and c["recall"] == pytest.approx(5 / 6)
    assert c["f1"] == pytest.approx(2 * 5 / (2 * 5 + 2 + 1))
    assert (p["tp"], p["fp"], p["fn"]) == (2, 2, 1)
    assert p["precision"] == pytest.approx(0.5) and p["recall"] == pytest.approx(2 / 3)
    assert p["f1"] == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert (t["tp"], t["fp"], t["fn"]) == (2, 1, 2)
    assert t["f1"] == pytest.approx(4 / 7)
    assert report["primary_pair"]["correct"] == 1
    assert report["primary_pair"]["accuracy"] == pytest.approx(1 / 3)
    assert report["primary_pair"]["accuracy_when_gold_has_pair"] == pytest.approx(1 / 2)
    assert report["primary_pair"]["cases_with_pair"] == 2
    conflict = report["per_topic"]["conflict"]
    assert (conflict["tp"], conflict["fp"], conflict["fn"], conflict["support"]) == (1, 1, 0, 1)
    assert conflict["precision"] == pytest.approx(0.5) and conflict["f1"] == pytest.approx(2 / 3)
    assert report["per_topic"]["domestic-politics"]["recall"] == 0.0
    assert report["per_topic"]["sports"] == {
        "precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 0, "fp": 0, "fn": 0, "support": 0}
    assert report["by_kind"]["full"]["countries"]["f1"] == 1.0
    assert report["by_kind"]["short"]["pairs"]["tp"] == 1


def test_the_error_list_names_what_is_missing_and_extra_worst_first():
    outputs = {
        "t1": gold_tagger("t1", ""),
        "t2": {"countries": ["IL", "JO"], "pairs": [["IL", "JO"]], "primary_pair": ["IL", "JO"],
               "topics": ["conflict"]},
        "t3": {"countries": ["IR", "US"], "pairs": [["IR", "US"]], "primary_pair": None, "topics": ["conflict"]},
    }
    errors = ev.evaluate(CASES, by_title(outputs))["errors"]
    assert [e["id"] for e in errors] == ["g002", "g003"]
    first = errors[0]
    assert first["countries"] == {"missing": [], "extra": ["IL"]}
    assert first["pairs"] == {"missing": [], "extra": [["IL", "JO"]]}
    assert first["topics"] == {"missing": ["domestic-politics"], "extra": ["conflict"]}
    assert first["primary_pair"] == {"gold": None, "got": ["IL", "JO"]}
    assert first["wrong"] == 5
    assert errors[1]["primary_pair"] == {"gold": ["IR", "US"], "got": None} and "countries" not in errors[1]


def test_an_empty_tagger_has_no_recall():
    report = ev.evaluate(CASES, lambda title, body: {})
    assert report["countries"]["recall"] == 0.0 and report["countries"]["f1"] == 0.0
    assert report["countries"]["precision"] == 1.0  # nothing claimed, nothing wrong
    assert report["pairs"]["fn"] == 3
    assert report["primary_pair"]["accuracy"] == pytest.approx(1 / 3)  # only g002 has no pair


def test_tagger_output_is_normalised():
    outputs = {
        "t1": {"countries": ["eg", " PK ", {"code": "SA"}], "pairs": [["pk", "eg"], ["SA", "PK"], ["EG", "EG"]],
               "primary_pair": ("PK", "EG"), "topics": ["diplomacy-visits", "defence-industry"], "extra": 1},
    }
    report = ev.evaluate(CASES[:1], by_title(outputs))
    assert report["errors"] == []
    assert report["pairs"]["fp"] == 0  # a state paired with itself is ignored


def test_an_object_with_a_tag_method_is_accepted():
    class FakeTagger:
        def tag(self, title, body):
            return gold_tagger(title, body)

    assert ev.evaluate(CASES, FakeTagger())["countries"]["f1"] == 1.0
    with pytest.raises(TypeError):
        ev.evaluate(CASES, object())


def test_the_command_line_prints_markdown_and_json(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in CASES), encoding="utf-8")

    class Half:
        def tag(self, title, body):
            out = gold_tagger(title, body)
            return out if title != "t3" else {"countries": ["IR"], "pairs": [], "primary_pair": None, "topics": []}

    out = io.StringIO()
    with redirect_stdout(out):
        assert ev.main([str(path)], tagger=Half()) == 0
    text = out.getvalue()
    assert "| countries | 1.000 | 0.833 |" in text
    assert "| measure | precision | recall | F1 |" in text
    assert "**g003** (full)" in text and "missing US" in text and "primary: gold IR-US, got none" in text

    out = io.StringIO()
    with redirect_stdout(out):
        ev.main([str(path), "--json"], tagger=Half())
    report = json.loads(out.getvalue())
    assert report["countries"]["recall"] == pytest.approx(5 / 6)
    assert report["pairs"]["fn"] == 1 and report["errors"][0]["id"] == "g003"


def test_the_bundled_gold_set_loads():
    cases = ev.load()
    assert len(cases) >= 170 and all({"id", "title", "body", "countries", "pairs", "primary_pair", "topics",
                                      "note"} <= set(c) for c in cases)
