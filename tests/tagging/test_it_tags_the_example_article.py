"""The article this project exists for (shared/examples/egypt-pakistan-military-
production.txt): an Egyptian minister meets Pakistan's ambassador in Cairo about military
manufacturing and praises the Pakistan-Saudi defence pact.

The detailed tests read our own telling of it (tests/fixtures/example_article.txt: the
same facts in sentences written here), so a lone clone can run them; one test reads the
shared original, which is not ours to copy, when it is beside the checkout (with
CI=true it must be)."""

import os

import pytest

from newsmonitor.tagging import Tagger
from tests.support.paths import FIXTURES, SHARED

OURS = FIXTURES / "example_article.txt"
SHARED_EXAMPLE = SHARED / "examples" / "egypt-pakistan-military-production.txt"


def example(path=OURS):
    title, _, body = path.read_text(encoding="utf-8").strip().partition("\n")
    return title.strip(), body.strip()


def tagged(path=OURS):
    return Tagger.load().tag(*example(path)).as_dict()


def test_it_files_the_shared_original_the_same_way():
    if not SHARED_EXAMPLE.exists():
        if os.getenv("CI", "").lower() == "true":
            pytest.fail(f"the shared example article is missing: {SHARED_EXAMPLE}")
        pytest.skip(f"no shared/ beside the checkout ({SHARED_EXAMPLE})")
    result = tagged(SHARED_EXAMPLE)
    assert result["countries"] == ["EG", "PK", "SA"]
    assert result["pairs"] == [["EG", "PK"], ["PK", "SA"]] and result["primary_pair"] == ["EG", "PK"]
    assert {"defence-industry", "diplomacy-visits"} <= set(result["topics"])


def test_it_names_egypt_pakistan_and_saudi_arabia():
    assert tagged()["countries"] == ["EG", "PK", "SA"]


def test_it_files_it_under_egypt_pakistan_first_and_pakistan_saudi_arabia():
    result = tagged()
    assert result["pairs"] == [["EG", "PK"], ["PK", "SA"]]
    assert result["primary_pair"] == ["EG", "PK"]


def test_sharing_one_sentence_does_not_make_egypt_and_saudi_arabia_a_pair():
    result = tagged()
    assert ["EG", "SA"] not in result["pairs"]
    assert all(d["pair"] != ["EG", "SA"] for d in result["pair_details"])


def test_its_topics_include_defence_industry_and_diplomacy():
    topics = tagged()["topics"]
    assert "defence-industry" in topics
    assert "diplomacy-visits" in topics
    assert topics == sorted(topics)


def test_the_pairs_carry_scores_cues_and_the_sentences_as_printed():
    details = {tuple(d["pair"]): d for d in tagged()["pair_details"]}
    egypt_pakistan, pakistan_saudi = details[("EG", "PK")], details[("PK", "SA")]
    assert egypt_pakistan["primary"] is True and pakistan_saudi["primary"] is False
    assert egypt_pakistan["score"] > pakistan_saudi["score"] > 0
    assert egypt_pakistan["evidence"][0] == example()[0]
    assert any("سفير باكستان لدى مصر" in s for s in egypt_pakistan["evidence"])
    assert any("بين باكستان والسعودية" in s for s in pakistan_saudi["evidence"])
    assert "ambassador" in egypt_pakistan["cues"]
    assert "between" in pakistan_saudi["cues"]


def test_the_countries_come_with_their_forms_counts_and_salience():
    details = {d["code"]: d for d in tagged()["country_details"]}
    assert {"مصر", "القاهرة", "المصري", "ومصر"} <= set(details["EG"]["forms"])
    assert {"وباكستان", "الباكستانية"} <= set(details["PK"]["forms"])
    assert details["SA"]["forms"] == ["والسعودية"]
    assert details["EG"]["first_position"] == 0 and details["PK"]["first_position"] == 1
    assert details["EG"]["mentions"] > details["SA"]["mentions"] == 1
    assert details["EG"]["salience"] > details["SA"]["salience"]
    assert all(0 <= d["salience"] <= 1 for d in details.values())


def test_the_topics_show_their_matching_terms():
    details = {d["topic"]: d for d in tagged()["topic_details"]}
    assert "التصنيع العسكري" in details["defence-industry"]["terms"]
    assert "الإنتاج الحربي" in details["defence-industry"]["terms"]
    assert details["defence-industry"]["score"] > 0
