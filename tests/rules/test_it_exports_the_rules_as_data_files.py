"""The rules in force go back to the data files' format: `manage.py exportrules DIR` and
the admin's download write the five files, byte for byte as shipped when nothing was
edited, in the files' own layout when something was, and a tagger loaded from them
tags as the one in force."""

import io
import json
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from newsmonitor.rules import current_tagger
from newsmonitor.rules.materialise import files_for
from newsmonitor.rules.models import Revision
from newsmonitor.rules.render import LAYOUT, render_value, value_span
from newsmonitor.rules.shipped import DEFAULT_DIR, EDITABLE, FILES, shipped
from newsmonitor.tagging import Tagger
from tests.rules.conftest import add_form, add_url, change_form, change_url, shipped_row

pytestmark = [pytest.mark.django_db]

EDITS = [
    dict(kind="country", target="EG", field="names", term="المحروسة"),
    dict(kind="country", target="AL", field="seats", term="قصر الرئاسة في تيرانا"),
    dict(kind="stop", term="شارع لبنان", note="a street of the town"),
    dict(kind="topic", target="energy", term="الاستمطار", weight="5"),
    dict(kind="topic", target="energy", term="الاستمطار الصناعي", weight="2.5"),
    dict(kind="cue", target="interaction", term="تقارب"),
]


def export(folder, *args):
    call_command("exportrules", str(folder), *args, stdout=StringIO())
    return {name: (folder / name).read_text(encoding="utf-8") for name in FILES}


def test_with_no_edits_the_export_is_the_shipped_files(tmp_path):
    written = export(tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (DEFAULT_DIR / name).read_bytes()
        assert json.loads(written[name]) == json.loads((DEFAULT_DIR / name).read_text(encoding="utf-8"))


def test_every_editable_value_is_written_as_the_file_lays_it_out():
    """Not only unedited files: each value edits can touch, written again, is the shipped
    text, so an edited file differs from the shipped one only where the edit is."""
    for name in EDITABLE:
        raw = shipped().raw[name]
        indent, layouts = LAYOUT[name]
        editable = {"countries.json": ["countries"], "stoplist.json": ["blocks"]}.get(name, json.loads(raw))
        for key in editable:
            start, end = value_span(raw, key, indent)
            assert render_value(json.loads(raw)[key], layouts.get(key, "indent"), indent) == raw[start:end], key


def test_an_edited_export_tags_as_the_rules_in_force(admin_client, demo_articles, tmp_path):
    for fields in EDITS:
        assert admin_client.post(add_url(), add_form(**fields)).status_code == 302
    cairo = shipped_row("country", "EG", "capitals", "القاهرة")
    admin_client.post(change_url(cairo), change_form(cairo, active=False))

    written = export(tmp_path)
    exported = Tagger(tmp_path)
    in_force = current_tagger()
    assert in_force.data_dir != tmp_path
    for name in FILES:
        assert (in_force.data_dir / name).read_text(encoding="utf-8") == written[name]
    for article in demo_articles:
        assert exported.tag(article.title, article.body) == in_force.tag(article.title, article.body)

    data = {name: json.loads(text) for name, text in written.items()}
    egypt = next(c for c in data["countries.json"]["countries"] if c["code"] == "EG")
    assert egypt["names"][-1] == "المحروسة" and "القاهرة" not in egypt.get("capitals", [])
    albania = next(c for c in data["countries.json"]["countries"] if c["code"] == "AL")
    assert list(albania) == ["code", "en", "names", "official", "adjectives", "capitals", "seats"]
    assert data["stoplist.json"]["blocks"][-1] == {"phrases": ["شارع لبنان"], "why": "a street of the town"}
    energy = next(t for t in data["topics.json"]["topics"] if t["slug"] == "energy")
    assert list(energy["terms"].items())[-2:] == [("الاستمطار", 5), ("الاستمطار الصناعي", 2.5)]
    assert data["pair_cues.json"]["interaction"][-1] == "تقارب"
    assert '\n  "blocks": [\n    {"phrases": ["مسقط رأسه"' in written["stoplist.json"]
    assert "\n    " + json.dumps(albania, ensure_ascii=False) + ",\n" in written["countries.json"]
    # Only the edited countries' lines differ from the shipped file.
    shipped_lines = shipped().raw["countries.json"].splitlines()
    changed = [line for line in written["countries.json"].splitlines() if line not in shipped_lines]
    assert [json.loads(line.strip().rstrip(","))["code"] for line in changed] == ["AL", "EG"]


def test_the_admin_download_and_an_older_revision(admin_client, tmp_path):
    admin_client.post(add_url(), add_form(**EDITS[0]))
    admin_client.post(add_url(), add_form(**EDITS[3]))
    response = admin_client.get(reverse("admin:rules_rule_export"))
    assert response["Content-Type"] == "application/zip" and "r2.zip" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    downloaded = {name.split("/")[-1]: archive.read(name).decode("utf-8") for name in archive.namelist()}
    assert downloaded == export(tmp_path / "latest") == files_for(Revision.objects.get(number=2).edits)

    first = export(tmp_path / "first", "--revision", "1")
    assert "الاستمطار" not in first["topics.json"] and "المحروسة" in first["countries.json"]
    with pytest.raises(Exception, match="no revision r9"):
        export(tmp_path / "none", "--revision", "9")
