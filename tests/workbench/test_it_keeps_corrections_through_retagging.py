"""A correction is the editor's word on one tag, and the tagger never overrules it: an
added tag stays (curated), a removed one stays away, through `retag --all` and a change
of the tagger itself; withdrawing a correction gives the tag back to the tagger."""

from io import StringIO

import pytest
from django.core.management import call_command

from newsmonitor.articles.corrections import CorrectionError, correct, withdraw
from newsmonitor.articles.models import ArticleCountry, ArticlePair, ArticleTopic, Correction
from newsmonitor.tagging import Tagger

pytestmark = [pytest.mark.core, pytest.mark.django_db]


def tags_of(article):
    return {
        "countries": dict(ArticleCountry.objects.filter(article=article).values_list("code", "source")),
        "pairs": {(p.a, p.b): (p.source, p.primary) for p in ArticlePair.objects.filter(article=article)},
        "topics": dict(ArticleTopic.objects.filter(article=article).values_list("topic", "source")),
    }


def retag_all():
    call_command("retag", "--all", "--restart", stdout=StringIO(), stderr=StringIO())


def test_added_and_removed_tags_survive_retag_all(tagged_article, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    before = tags_of(tagged_article)
    assert ("PK", "SA") in before["pairs"] and "energy" not in before["topics"]
    correct(tagged_article, "pair", "PK-SA", "remove")
    correct(tagged_article, "topic", "energy", "add")
    correct(tagged_article, "pair", "IN-PK", "add")
    for _ in range(2):
        retag_all()
        after = tags_of(tagged_article)
        assert ("PK", "SA") not in after["pairs"]
        assert after["topics"]["energy"] == "editor"
        assert after["pairs"][("IN", "PK")] == ("editor", False)
        # A curated pair's states are tags too; the machine's primary pair is untouched.
        assert after["countries"]["IN"] == "editor" and after["countries"]["PK"] == "machine"
        assert after["pairs"][("EG", "PK")] == ("machine", True)


def test_a_tag_the_tagger_also_finds_becomes_curated_with_its_evidence(tagged_article):
    correct(tagged_article, "country", "SA", "add")
    row = ArticleCountry.objects.get(article=tagged_article, code="SA")
    assert row.source == "editor" and row.mentions > 0 and row.forms


def test_a_curated_primary_pair_replaces_the_machines(tagged_article):
    correct(tagged_article, "pair", "SA-PK", "add", primary=True)
    pairs = tags_of(tagged_article)["pairs"]
    assert pairs[("PK", "SA")] == ("editor", True) and pairs[("EG", "PK")] == ("machine", False)


def test_removing_the_primary_pair_makes_the_strongest_left_primary(tagged_article):
    correct(tagged_article, "pair", "EG-PK", "remove")
    pairs = tags_of(tagged_article)["pairs"]
    assert list(pairs) == [("PK", "SA")] and pairs[("PK", "SA")][1] is True


def test_removing_a_country_takes_its_pairs(tagged_article):
    correct(tagged_article, "country", "SA", "remove")
    found = tags_of(tagged_article)
    assert "SA" not in found["countries"] and not any("SA" in pair for pair in found["pairs"])


def test_a_change_of_the_tagger_keeps_corrections(tagged_article, monkeypatch):
    """Another tagger (here one that finds nothing) still gets the editor's tags."""
    correct(tagged_article, "topic", "energy", "add")
    correct(tagged_article, "country", "EG", "remove")

    class Blind:
        def tag(self, title, body, language=None):
            return Tagger.load().tag("", "")

    from newsmonitor.articles import tags
    monkeypatch.setattr(tags, "current_tagger", lambda: Blind())
    tags.tag_articles([tagged_article])
    assert tags_of(tagged_article) == {"countries": {}, "pairs": {}, "topics": {"energy": "editor"}}


def test_withdrawing_gives_the_tag_back_to_the_tagger(tagged_article):
    made = correct(tagged_article, "pair", "PK-SA", "remove")
    assert ("PK", "SA") not in tags_of(tagged_article)["pairs"]
    withdraw(made)
    assert tags_of(tagged_article)["pairs"][("PK", "SA")][0] == "machine"
    assert not Correction.objects.exists()


def test_a_second_word_on_one_tag_replaces_the_first(tagged_article):
    correct(tagged_article, "topic", "energy", "add")
    correct(tagged_article, "topic", "energy", "remove")
    assert Correction.objects.get().action == "remove" and "energy" not in tags_of(tagged_article)["topics"]


@pytest.mark.parametrize("kind, value", [("country", "QQ"), ("pair", "EG-EG"), ("pair", "EG"), ("topic", "cooking"),
                                         ("colour", "red")])
def test_it_refuses_what_is_no_tag(tagged_article, kind, value):
    with pytest.raises(CorrectionError):
        correct(tagged_article, kind, value, "add")
    assert not Correction.objects.exists()
