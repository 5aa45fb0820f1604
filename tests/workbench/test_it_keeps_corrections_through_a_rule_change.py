"""A correction outlives a change of the tag rules: a rule saved in the admin re-tags
the articles under a new revision, and the corrected tags stay as the editor left them
while the rest follow the new rules."""

import pytest

from newsmonitor.articles.corrections import correct
from newsmonitor.articles.models import ArticleCountry, ArticleTopic
from newsmonitor.rules import current, tagger_version
from newsmonitor import retagging
from newsmonitor.rules.models import RetagJob
from tests.rules.conftest import add_form, add_url

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
