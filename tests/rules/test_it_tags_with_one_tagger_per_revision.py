"""Workers take the rule set in force from one small query per batch: a new revision is
used from the next batch, a batch records the version of the tagger it used even when a
revision lands meanwhile, few taggers stay in memory, and a revision's files are written
once, whole, however many processes want them at once."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsmonitor import pipeline
from newsmonitor.articles import tags
from newsmonitor.rules import current, current_tagger, tagger_version
from newsmonitor.rules.changes import save_rule
from newsmonitor.rules.materialise import files_for, revision_dir, rules_root
from newsmonitor.rules.models import Rule
from newsmonitor.tagging import TAGGER_VERSION
from tests.rules.conftest import article

pytestmark = [pytest.mark.core, pytest.mark.django_db]


def add_term(term):
    return save_rule(Rule(kind="topic", target="energy", term=term, weight=2.0), None)


def test_a_batch_records_the_version_of_the_tagger_it_used(monkeypatch):
    stored = article("مصر والسودان", "بحثت مصر والسودان ملف المياه.")
    add_term("الاستمطار")

    def tagger_then_a_new_revision():
        engine = current_tagger()
        add_term("التحلية")  # saved by an editor while the batch is being tagged
        return engine

    monkeypatch.setattr(tags, "current_tagger", tagger_then_a_new_revision)
    pipeline.tag([stored.pk])
    stored.refresh_from_db()
    assert stored.tagger_version == f"{TAGGER_VERSION}+r1"
    assert tagger_version() == f"{TAGGER_VERSION}+r2"


def test_the_revision_check_is_one_query_and_few_taggers_stay():
    add_term("الاستمطار")
    first = current_tagger()
    with CaptureQueriesContext(connection) as queries:
        assert current_tagger() is first
    assert len(queries) == 1
    for term in ("التحلية", "الطاقة الحرارية الجوفية"):
        add_term(term)
        current_tagger()
    assert len(current._taggers) == current.KEEP_IN_MEMORY
    assert tagger_version(first) == f"{TAGGER_VERSION}+r1"  # still known while in use
    assert tagger_version(current_tagger()) == f"{TAGGER_VERSION}+r3"


def test_a_revisions_files_are_written_once_and_whole():
    edits = [{"kind": "topic", "target": "energy", "term": "الاستمطار", "action": "add", "weight": 2}]
    start = threading.Barrier(8)

    def want():
        start.wait()
        return revision_dir(41, edits)

    with ThreadPoolExecutor(8) as pool:
        folders = set(pool.map(lambda _: want(), range(8)))
    assert len(folders) == 1
    folder = folders.pop()
    assert {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()} == files_for(edits)
    assert not [p for p in rules_root().iterdir() if p.name.startswith(".tmp-")]
    # Another rule set under the same number (a database made afresh) is another folder.
    assert revision_dir(41, []) != folder
