"""The admin refuses a rule that could not work: a term with no letters once normalised,
a weight out of range or where none belongs, a target that does not exist, a stem or
several words where they mean nothing, a term already there in another spelling, a
country left without a name. Nothing is saved and no revision made."""

import pytest

from newsmonitor.rules.models import Revision, Rule
from tests.rules.conftest import add_form, add_url, change_form, change_url, shipped_row

pytestmark = [pytest.mark.core, pytest.mark.django_db]

REFUSED = {
    "no letters": (dict(kind="stop", term="!!! ؟"), "term"),
    "only diacritics": (dict(kind="stop", term="\u064e\u0651"), "term"),
    "weight too high": (dict(kind="topic", target="energy", term="الاستمطار", weight="9"), "weight"),
    "weight too low": (dict(kind="topic", target="energy", term="الاستمطار", weight="0"), "weight"),
    "topic without weight": (dict(kind="topic", target="energy", term="الاستمطار"), "weight"),
    "weight on a country form": (dict(kind="country", target="EG", field="names", term="المحروسة", weight="2"),
                                 "weight"),
    "unknown country": (dict(kind="country", target="QQ", field="names", term="المحروسة"), "target"),
    "country without field": (dict(kind="country", target="EG", term="المحروسة"), "field"),
    "unknown topic": (dict(kind="topic", target="astrology", term="الأبراج", weight="2"), "target"),
    "topic as a cue list": (dict(kind="cue", target="energy", term="تقارب"), "target"),
    "unknown cue list": (dict(kind="cue", target="about", term="تقارب"), "target"),
    "a stop phrase with a target": (dict(kind="stop", target="EG", term="شارع لبنان"), "target"),
    "a stem that is not a topic term": (dict(kind="cue", target="interaction", term="تقارب*"), "term"),
    "a cue of two words": (dict(kind="cue", target="interaction", term="تقارب كبير"), "term"),
    "the same term": (dict(kind="country", target="EG", field="names", term="مصر"), None),
    "another spelling": (dict(kind="country", target="AF", field="names", term="أفغانستان\u0651"), "term"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_bad_rule_is_refused(admin_client, case):
    fields, field = REFUSED[case]
    rows = Rule.objects.count()
    response = admin_client.post(add_url(), add_form(**fields))
    assert response.status_code == 200  # the form again, with the error
    errors = response.context["adminform"].form.errors
    assert errors and (field is None or field in errors), errors
    assert Rule.objects.count() == rows and not Revision.objects.exists()


def test_a_country_keeps_a_name(admin_client):
    albania = shipped_row("country", "AL", "names", "ألبانيا")  # its only name
    response = admin_client.post(change_url(albania), change_form(albania, active=False))
    assert "active" in response.context["adminform"].form.errors
    albania.refresh_from_db()
    assert albania.active and not Revision.objects.exists()


def test_a_shipped_terms_identity_cannot_be_changed(admin_client):
    egypt = shipped_row("country", "EG", "names", "مصر")
    admin_client.post(change_url(egypt), {**change_form(egypt), "term": "مصرستان", "target": "SA"})
    egypt.refresh_from_db()
    assert (egypt.term, egypt.target) == ("مصر", "EG")
    assert admin_client.post(f"{change_url(egypt)}delete/").status_code == 403


def test_every_shipped_row_passes_the_checks():
    """So any shipped term can be edited (a weight changed, the term taken out)."""
    for rule in Rule.objects.filter(shipped=True):
        rule.full_clean(validate_unique=False, validate_constraints=False)
