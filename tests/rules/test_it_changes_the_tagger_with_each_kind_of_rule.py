"""Each kind of rule, added through the admin, changes what the tagger in force finds;
so does taking a shipped term out or changing its weight, and putting it back returns
the shipped tagger. Each change is a revision, and the version says which."""

import pytest
from django.contrib.admin.models import LogEntry

from newsmonitor.rules import current_tagger, tagger_version
from newsmonitor.rules.models import Revision, Rule
from newsmonitor.rules.preview import tags_of
from newsmonitor.tagging import TAGGER_VERSION, Tagger
from tests.rules.conftest import add_form, add_url, change_form, change_url, shipped_row

pytestmark = [pytest.mark.core, pytest.mark.django_db]

# (the rule, an article's title and body, the tag it brings or hides, whether it brings it)
CASES = {
    "country form": (dict(kind="country", target="EG", field="names", term="المحروسة"),
                     "وفد رسمي يزور المحروسة", "وصل وفد رسمي إلى المحروسة في زيارة تستغرق ثلاثة أيام.",
                     ("country", "EG"), True),
    "stop phrase": (dict(kind="stop", term="شارع لبنان", note="a street of the town, not the state"),
                    "افتتاح مقهى جديد", "افتتح مقهى جديد في شارع لبنان وسط المدينة.", ("country", "LB"), False),
    "topic term": (dict(kind="topic", target="energy", term="الاستمطار", weight="5"),
                   "تجربة الاستمطار", "نجحت تجربة الاستمطار الأولى.", ("topic", "energy"), True),
    "pair cue": (dict(kind="cue", target="interaction", term="تقارب"),
                 "أخبار اليوم", "شهد الأسبوع تقارب اليابان والصين.", ("pair", "CN-JP"), True),
}


def found(title, body):
    return set(tags_of(current_tagger().tag(title, body)))


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_rule_added_in_the_admin_changes_the_tagger(admin_client, case):
    fields, title, body, tag, brings = CASES[case]
    assert (tag in found(title, body)) is not brings
    assert tagger_version() == TAGGER_VERSION

    response = admin_client.post(add_url(), add_form(**fields))
    assert response.status_code == 302, response.content.decode()[-3000:]

    assert (tag in found(title, body)) is brings
    assert tagger_version() == f"{TAGGER_VERSION}+r1" == tagger_version(current_tagger())
    revision = Revision.objects.get()
    assert revision.user.is_superuser and fields["term"] in revision.summary and revision.edit_count == 1
    rule = Rule.objects.get(edited=True)
    assert rule.status == Rule.Status.ADDED and rule.edited and rule.changed_by == revision.user
    assert LogEntry.objects.filter(object_id=str(rule.pk), action_flag=1).exists()


def test_a_shipped_form_taken_out_and_put_back(admin_client):
    title, body = "وصول الوفد", "وصل الوفد إلى القاهرة صباح اليوم."
    cairo = shipped_row("country", "EG", "capitals", "القاهرة")
    assert ("country", "EG") in found(title, body)

    admin_client.post(change_url(cairo), change_form(cairo, active=False))
    cairo.refresh_from_db()
    assert cairo.status == Rule.Status.REMOVED
    assert ("country", "EG") not in found(title, body)
    assert tagger_version() == f"{TAGGER_VERSION}+r1"

    admin_client.post(change_url(cairo), change_form(cairo, active=True))
    cairo.refresh_from_db()
    assert cairo.status == Rule.Status.SHIPPED and not cairo.edited
    # No edit in force: the shipped tagger and its version, though the revision goes on.
    assert Revision.objects.get(number=2).edit_count == 0
    assert tagger_version() == TAGGER_VERSION and current_tagger() is Tagger.load()
    assert ("country", "EG") in found(title, body)


def test_a_topic_terms_weight(admin_client):
    title, body = "الغاز المسال في الأخبار", "تحدث التقرير عن الغاز المسال اليوم."
    gas = shipped_row("topic", "energy", "", "الغاز المسال")
    assert ("topic", "energy") in found(title, body)
    admin_client.post(change_url(gas), change_form(gas, weight="0.5"), HTTP_ACCEPT_LANGUAGE="en")
    gas.refresh_from_db()
    assert gas.status == Rule.Status.REWEIGHTED and gas.weight == 0.5 and gas.shipped_weight == 3
    assert ("topic", "energy") not in found(title, body)
    assert "3 → 0.5" in Revision.objects.get().summary


def test_a_note_alone_makes_no_revision(admin_client):
    oil = shipped_row("topic", "energy", "", "النفط")
    response = admin_client.post(change_url(oil), change_form(oil, note="crude oil"), follow=True,
                                 HTTP_ACCEPT_LANGUAGE="en")
    assert "unchanged" in response.content.decode()
    assert not Revision.objects.exists() and tagger_version() == TAGGER_VERSION
