"""Corrections become gold data in the tagger's format (exportcorrections), which the
gold evaluator reads and the accuracy bench scores against."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from newsmonitor.articles.corrections import correct
from newsmonitor.tagging import Tagger
from newsmonitor.tagging.gold.evaluate import evaluate, honoured, load

pytestmark = [pytest.mark.core, pytest.mark.django_db]


def test_it_writes_corrected_articles_in_the_gold_format(tagged_article, tmp_path):
    correct(tagged_article, "pair", "PK-SA", "remove")
    correct(tagged_article, "topic", "energy", "add")
    path = tmp_path / "corrections.jsonl"
    call_command("exportcorrections", str(path), stderr=StringIO())
    [case] = load(path)
    assert case["id"] == f"article-{tagged_article.pk}" and case["body"] == tagged_article.body
    assert case["pairs"] == [["EG", "PK"]] and case["primary_pair"] == ["EG", "PK"]
    assert "energy" in case["topics"] and case["countries"] == sorted(case["countries"])
    assert {(c["kind"], c["value"], c["action"]) for c in case["corrections"]} == {
        ("pair", "PK-SA", "remove"), ("topic", "energy", "add")}
    # The tagger finds PK-SA and no energy: it honours neither correction, and scores below 1 on pairs.
    kept = honoured([case], Tagger.load())
    assert kept["corrections"] == 2 and kept["honoured"] == 0
    assert evaluate([case], Tagger.load())["pairs"]["precision"] < 1


def test_an_uncorrected_article_is_not_exported(tagged_article):
    out = StringIO()
    call_command("exportcorrections", stdout=out, stderr=StringIO())
    assert out.getvalue() == ""
    correct(tagged_article, "country", "EG", "add")
    out = StringIO()
    call_command("exportcorrections", stdout=out, stderr=StringIO())
    assert json.loads(out.getvalue())["corrections"][0]["value"] == "EG"
