"""A release's new data files flow into every row nobody edited (a new weight, a new
term, a term dropped), while the editors' changes stay on top of them; the tagger in
force is the new files with the edits applied. The rows follow on migrate, or from
the rule list's button when the files changed without one."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from newsmonitor.rules import current_tagger
from newsmonitor.rules.edits import ADD, REMOVE, Edit
from newsmonitor.rules.materialise import files_for, write_files
from newsmonitor.rules.models import Rule
from newsmonitor.rules.sync import in_step
from tests.rules.conftest import add_form, add_url, change_form, change_url, shipped_row

pytestmark = [pytest.mark.django_db]

# What the release changes in the shipped files.
RELEASE = [
    Edit("topic", "energy", "", "بترول", ADD, 1.5),  # an unedited weight changes
    Edit("topic", "sports", "", "الشطرنج", ADD, 2),  # a new term
    Edit("cue", "interaction", "", "اتفاقا", REMOVE),  # an unedited term goes
    Edit("cue", "interaction", "", "تقارب", ADD),  # what an editor added now ships
    Edit("topic", "energy", "", "الغاز المسال", ADD, 2),  # a weight an editor changed, changed again
    Edit("country", "EG", "capitals", "القاهرة", REMOVE),  # what an editor removed no longer ships
]


def release(folder):
    write_files(folder, files_for([e.as_dict() for e in RELEASE]))
    return folder


def row(kind, target, term, field=""):
    return Rule.objects.filter(kind=kind, target=target, field=field, term=term).first()


def test_a_release_flows_into_unedited_rows_under_the_edits(admin_client, settings, tmp_path):
    gas = shipped_row("topic", "energy", "", "الغاز المسال")
    admin_client.post(change_url(gas), change_form(gas, weight="0.5"))
    cairo = shipped_row("country", "EG", "capitals", "القاهرة")
    admin_client.post(change_url(cairo), change_form(cairo, active=False))
    admin_client.post(add_url(), add_form(kind="cue", target="interaction", term="تقارب"))
    before = current_tagger().data_dir

    settings.NEWSMONITOR_RULES_SHIPPED_DIR = str(release(tmp_path / "release"))
    assert not in_step()
    page = admin_client.get(reverse("admin:rules_rule_changelist")).content.decode()
    assert reverse("admin:rules_rule_sync") in page
    call_command("migrate", verbosity=0)
    assert in_step()

    assert (row("topic", "energy", "بترول").weight, row("topic", "energy", "بترول").edited) == (1.5, False)
    assert row("topic", "sports", "الشطرنج").status == Rule.Status.SHIPPED
    assert row("cue", "interaction", "اتفاقا") is None
    assert row("cue", "interaction", "تقارب").status == Rule.Status.SHIPPED
    gas.refresh_from_db()
    assert (gas.status, gas.weight, gas.shipped_weight) == (Rule.Status.REWEIGHTED, 0.5, 2)
    assert row("country", "EG", "القاهرة", "capitals") is None

    # The tagger in force: the release's files with the edits still on top.
    in_force = current_tagger().data_dir
    assert in_force != before
    topics = json.loads((in_force / "topics.json").read_text(encoding="utf-8"))["topics"]
    energy = next(t for t in topics if t["slug"] == "energy")["terms"]
    sports = next(t for t in topics if t["slug"] == "sports")["terms"]
    assert energy["بترول"] == 1.5 and energy["الغاز المسال"] == 0.5 and sports["الشطرنج"] == 2
    cues = json.loads((in_force / "pair_cues.json").read_text(encoding="utf-8"))["interaction"]
    assert "اتفاقا" not in cues and cues.count("تقارب") == 1


def test_the_rule_list_brings_the_rows_in_step(admin_client, settings, tmp_path):
    settings.NEWSMONITOR_RULES_SHIPPED_DIR = str(release(tmp_path / "release"))
    assert admin_client.get(reverse("admin:rules_rule_sync")).status_code == 405
    assert not in_step()
    response = admin_client.post(reverse("admin:rules_rule_sync"))
    assert response.status_code == 302 and in_step()
    assert row("topic", "sports", "الشطرنج").status == Rule.Status.SHIPPED
