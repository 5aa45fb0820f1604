"""A correction outlives a change of the tag rules: a rule saved in the admin re-tags
the articles under a new revision, and the corrected tags stay as the editor left them
while the rest follow the new rules."""

import pytest

from newsmonitor.articles.corrections import correct
from newsmonitor.articles.models import ArticleCountry, ArticleTopic
from newsmonitor.rules import current, tagger_version
from newsmonitor import retagging
from newsmonitor.rules.models import RetagJob
from tests.rules.conftest import add_form, add_url, demo_articles  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

TITLE = "وفد رسمي يزور المحروسة"
BODY = "وصل وفد رسمي إلى المحروسة لبحث تجربة الاستمطار مع وزارة الموارد المائية."


@pytest.fixture(autouse=True)
def no_tagger_of_another_test():
    yield
    current._taggers.clear()


def test_corrections_survive_a_rule_change_and_its_retag(editor_client, editor, settings, tmp_path):
    from tests.rules.conftest import article

    settings.VAR_DIR = tmp_path
    stored = article(TITLE, BODY)
    assert not ArticleCountry.objects.filter(article=stored).exists()  # the tagger does not know المحروسة yet
    correct(stored, "topic", "energy", "remove", user=editor)
    correct(stored, "topic", "trade-economy", "add", user=editor)

    # An editor teaches the tagger the name and makes الاستمطار an energy term.
    for fields in (dict(kind="country", target="EG", field="names", term="المحروسة"),
                   dict(kind="topic", target="energy", term="الاستمطار", weight="5")):
        assert editor_client.post(add_url(), add_form(**fields)).status_code == 302
    retagging.run(RetagJob.objects.order_by("-pk").first().pk)

    stored.refresh_from_db()
    assert stored.tagger_version == tagger_version() and "+r" in stored.tagger_version
    assert ArticleCountry.objects.get(article=stored, code="EG").source == "machine"  # the new rule's
    topics = dict(ArticleTopic.objects.filter(article=stored).values_list("topic", "source"))
    assert "energy" not in topics  # the rule now finds it; the editor's removal still stands
    assert topics["trade-economy"] == "editor"


def all_tags(pk):
    from newsmonitor.articles.models import ArticlePair
    return ({("country", c) for c in ArticleCountry.objects.filter(article_id=pk).values_list("code", flat=True)}
            | {("pair", f"{a}-{b}") for a, b in ArticlePair.objects.filter(article_id=pk).values_list("a", "b")}
            | {("topic", t) for t in ArticleTopic.objects.filter(article_id=pk).values_list("topic", flat=True)})


def test_the_preview_of_a_rule_change_leaves_corrected_tags_where_the_retag_does(editor_client, editor,
                                                                                   demo_articles, settings, tmp_path):
    from tests.rules.conftest import change_form, change_url, shipped_row

    settings.VAR_DIR = tmp_path
    egyptian = [a for a in demo_articles if ("country", "EG") in all_tags(a.pk)]
    held = egyptian[0]
    correct(held, "country", "EG", "add", user=editor)
    ids = [a.pk for a in demo_articles]
    before = {pk: all_tags(pk) for pk in ids}
    egypt = shipped_row("country", "EG", "names", "مصر")
    url, form = change_url(egypt), change_form(egypt, active=False)

    preview = editor_client.post(url, {**form, "_preview": "Preview"}).context["preview"]
    assert editor_client.post(url, form).status_code == 302
    retagging.run(RetagJob.objects.get().pk)

    after = {pk: all_tags(pk) for pk in ids}
    stored = {pk: (after[pk] - before[pk], before[pk] - after[pk]) for pk in ids if after[pk] != before[pk]}
    previewed = {c.article.pk: ({(t.kind, t.tag) for t in c.added}, {(t.kind, t.tag) for t in c.removed})
                 for c in preview.articles if c.added or c.removed}
    assert stored == previewed
    assert ("country", "EG") in after[held.pk]
    assert any(("country", "EG") in removed for _, removed in stored.values())  # elsewhere the change bites
