"""Each outlet's learned furniture is listed in the admin (filterable by outlet and
status, Arabic right to left); an editor marks a paragraph always or never furniture, or
back to as learned: each change is in the admin log, the outlet is due a re-clean and
its task queued, and the re-clean brings its latest bodies in line (a paragraph taken
out of the furniture comes back from the raw extraction). Viewing changes nothing;
who may only view cannot change."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse

from newsmonitor import pipeline
from newsmonitor.adminkit import history
from newsmonitor.articles.boilerplate import paragraph_key
from newsmonitor.articles.models import Article, OutletLearner, OutletParagraph
from tests.support.staff import logged_in, person

from .conftest import APP_PROMOTION, COMMENT_POLICY, body_of, story

pytestmark = [pytest.mark.core, pytest.mark.django_db]
LIST = reverse("admin:articles_outletparagraph_changelist")
EN = {"accept-language": "en"}


def allowed(user, *codenames):
    # The editors' role does not hand these out yet (workbench/roles.py EDITOR_EXTRA):
    # given here to the person directly.
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))
    return logged_in(user)


def paragraph(outlet, text):
    return OutletParagraph.objects.get(outlet=outlet, key=paragraph_key(text))


def act(client, action, *rows):
    page = client.post(LIST, {"action": action, "_selected_action": [r.pk for r in rows]}, headers=EN, follow=True)
    assert page.status_code == 200
    return [str(m) for m in page.context["messages"]]


@pytest.fixture
def learned(nile, gulf, read):
    """Nile's comment policy learned; its app promotion seen twice; Gulf's own paragraph."""
    articles = [read(nile, story(n) + ([APP_PROMOTION] if n < 2 else []) + [COMMENT_POLICY]) for n in range(5)]
    read(gulf, story(9) + ["تنبيه من الصحيفة إلى قرائها الكرام بشأن مواعيد التوزيع."])
    return articles


def bodies(articles):
    return [Article.objects.get(pk=a.pk).body for a in articles]


def test_the_list_shows_an_outlets_furniture_and_viewing_changes_nothing(learned, nile, gulf, editor):
    client = allowed(editor, "view_outletparagraph")
    logged = LogEntry.objects.count()
    page = client.get(LIST, {"outlet__id__exact": nile.pk}, headers=EN)
    html = page.content.decode()
    assert page.status_code == 200 and 'dir="rtl" lang="ar"' in html
    assert "نرحب بتعليقات القراء" in html and "تابعوا أخبار الوكالة" in html and "مواعيد التوزيع" not in html
    assert "furniture (learned)" in html and "counting" in html
    furniture = client.get(LIST, {"outlet__id__exact": nile.pk, "status": "furniture"}, headers=EN).content.decode()
    assert "نرحب بتعليقات القراء" in furniture and "تابعوا أخبار الوكالة" not in furniture
    one = client.get(reverse("admin:articles_outletparagraph_change", args=[paragraph(nile, COMMENT_POLICY).pk]),
                     headers=EN)
    assert one.status_code == 200 and COMMENT_POLICY in one.content.decode()
    assert LogEntry.objects.count() == logged and not OutletParagraph.objects.exclude(override="").exists()


def test_never_furniture_puts_it_back_in_the_bodies(learned, nile, editor):
    client = allowed(editor, "view_outletparagraph", "change_outletparagraph")
    policy = paragraph(nile, COMMENT_POLICY)
    assert all(COMMENT_POLICY not in b for b in bodies(learned[4:]))

    messages = act(client, "mark_never", policy)

    assert messages[0] == "1 paragraph changed." and "being cleaned again" in messages[1]
    assert paragraph(nile, COMMENT_POLICY).override == "never"
    assert [(e.user, e.change_message) for e in history(policy)] == [(editor, "Marked never furniture")]
    assert OutletLearner.objects.get(outlet=nile).reclean_due
    pipeline.reclean(nile.pk)  # what the queued articles.reclean task runs
    for article in Article.objects.filter(pk__in=[a.pk for a in learned]):
        assert COMMENT_POLICY in article.body and article.raw_body == ""  # the body is the extraction again


def test_always_furniture_strips_what_was_only_counting_and_as_learned_undoes_a_word(learned, nile, editor, read):
    client = allowed(editor, "view_outletparagraph", "change_outletparagraph")
    promotion = paragraph(nile, APP_PROMOTION)
    assert not promotion.learned and promotion.articles == 2

    act(client, "mark_always", promotion)
    pipeline.reclean(nile.pk)
    assert all(APP_PROMOTION not in b for b in bodies(learned))
    assert all(APP_PROMOTION in a.raw_body for a in Article.objects.filter(pk__in=[a.pk for a in learned[:2]]))
    assert APP_PROMOTION not in read(nile, story(6) + [APP_PROMOTION]).body

    act(client, "mark_never", paragraph(nile, COMMENT_POLICY))
    act(client, "mark_as_learned", paragraph(nile, COMMENT_POLICY))
    pipeline.reclean(nile.pk)
    assert all(COMMENT_POLICY not in b for b in bodies(learned))
    assert [e.change_message for e in history(paragraph(nile, COMMENT_POLICY))] == [
        "Back to as learned", "Marked never furniture"]


def test_the_paragraphs_page_saves_an_editors_word_in_the_log(learned, nile, editor):
    client = allowed(editor, "view_outletparagraph", "change_outletparagraph")
    policy = paragraph(nile, COMMENT_POLICY)
    OutletLearner.objects.filter(outlet=nile).update(reclean_due=False)
    url = reverse("admin:articles_outletparagraph_change", args=[policy.pk])
    saved = client.post(url, {"override": "never"}, headers=EN)
    assert saved.status_code == 302
    assert paragraph(nile, COMMENT_POLICY).override == "never" and OutletLearner.objects.get(outlet=nile).reclean_due
    assert LogEntry.objects.filter(object_id=str(policy.pk), user=editor).exists()


def test_who_may_only_view_cannot_overrule(learned, nile, researcher_client):
    viewer = allowed(person("nadia"), "view_outletparagraph")
    policy = paragraph(nile, COMMENT_POLICY)
    act(viewer, "mark_never", policy)
    refused = viewer.post(reverse("admin:articles_outletparagraph_change", args=[policy.pk]), {"override": "never"})
    assert refused.status_code == 403
    assert researcher_client.get(LIST).status_code == 302  # not staff: to the login page
    assert paragraph(nile, COMMENT_POLICY).override == "" and not LogEntry.objects.exists()
