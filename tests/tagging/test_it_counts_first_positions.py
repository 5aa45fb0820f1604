"""A state's first_position is the index of the word where the article first names
it, title words first; an empty title adds no word."""

import pytest

from newsmonitor.tagging import Tagger


@pytest.mark.parametrize("title, body, expected", [
    ("", "مصر وباكستان تبحثان التعاون", {"EG": 0, "PK": 1}),
    ("خبر عاجل", "مصر وباكستان تبحثان التعاون", {"EG": 2, "PK": 3}),
    ("مصر", "وباكستان تبحثان", {"EG": 0, "PK": 1}),
    ("", "قال الوزير إن مصر\n\nترحب بقرار باكستان", {"EG": 3, "PK": 6}),
    ("   ", "  مصر  ", {"EG": 0}),
])
def test_it_counts_words_before_the_first_mention(title, body, expected):
    details = Tagger.load().tag(title, body).as_dict()["country_details"]
    assert {d["code"]: d["first_position"] for d in details} == expected
