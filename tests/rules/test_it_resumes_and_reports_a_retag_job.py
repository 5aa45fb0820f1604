"""The re-tag job a saved change starts: it reports its progress, resumes where a dead
worker left it, leaves a job another worker holds alone, stops when a later revision
supersedes it, and records a failure, which the admin can resume."""

import re
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from newsmonitor import retagging
from newsmonitor.articles.models import Article
from newsmonitor.rules.models import RetagJob
from tests.rules.conftest import add_form, add_url, change_form, change_url, shipped_row

pytestmark = [pytest.mark.core, pytest.mark.django_db]

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>")


def save_a_change(client, term="وزير"):
    response = client.post(add_url(), add_form(kind="topic", target="diplomacy-visits", term=term, weight="3"))
    assert response.status_code == 302
    return RetagJob.objects.order_by("-id").first()


def versions():
    return dict(Article.objects.values_list("pk", "tagger_version"))


def progress_page(client, job):
    return client.get(reverse("admin:rules_retagjob_change", args=[job.pk])).content.decode()


def test_it_runs_in_slices_and_shows_its_progress(admin_client, demo_articles, monkeypatch):
    monkeypatch.setattr(retagging, "BATCH", 10)
    job = save_a_change(admin_client)
    assert job.status == "queued" and job.version.endswith("+r1")
    page = progress_page(admin_client, job)
    # It refreshes itself without a script of its own (the CSP allows none inline).
    assert '<meta http-equiv="refresh"' in page and not INLINE_SCRIPT.search(page)

    # A slice with no time left does one batch, then hands the job on (lease released).
    assert retagging.run(job.pk, budget=0) == (retagging.MORE, None)
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.lease_until) == ("running", 10, len(demo_articles), None)
    page = progress_page(admin_client, job)
    assert f'<progress max="{job.total}" value="10">' in page and '<meta http-equiv="refresh"' in page
    assert "rules-job" in admin_client.get(reverse("admin:rules_rule_changelist")).content.decode()

    assert retagging.run(job.pk) == (retagging.DONE, None)
    job.refresh_from_db()
    assert job.status == "done" and job.done == job.total and job.finished_at
    assert set(versions().values()) == {job.version}
    page = progress_page(admin_client, job)
    assert "100%" in page and 'http-equiv="refresh"' not in page


def test_a_dead_workers_job_is_taken_up_where_it_stopped(admin_client, demo_articles, monkeypatch):
    monkeypatch.setattr(retagging, "BATCH", 10)
    job = save_a_change(admin_client)
    retagging.run(job.pk, budget=0)
    # Another worker claimed it and died: its lease still runs, so it is left alone...
    assert retagging.claim(job.pk) is not None
    outcome, wait = retagging.run(job.pk)
    assert outcome == retagging.BUSY and 0 < wait <= retagging.LEASE.total_seconds()
    # ...until the lease is over; then it goes on from the first article still on an old version.
    RetagJob.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    tagged_first = dict(Article.objects.filter(tagger_version=job.version).values_list("pk", "tagged_at"))
    assert len(tagged_first) == 10
    assert retagging.run(job.pk) == (retagging.DONE, None)
    job.refresh_from_db()
    assert job.done == job.total == len(demo_articles)
    assert set(versions().values()) == {job.version}
    # The first batch was not done again.
    assert dict(Article.objects.filter(pk__in=tagged_first).values_list("pk", "tagged_at")) == tagged_first


def test_a_later_revision_supersedes_the_job(admin_client, demo_articles):
    first = save_a_change(admin_client)
    second = save_a_change(admin_client, term="الوزير")
    first.refresh_from_db()
    assert first.status == "superseded" and second.status == "queued"
    assert retagging.run(first.pk) == (retagging.STOPPED, None)
    assert retagging.run(second.pk) == (retagging.DONE, None)
    assert set(versions().values()) == {second.version} and second.version.endswith("+r2")


def test_a_failure_is_shown_and_the_job_resumed(admin_client, demo_articles, monkeypatch,
                                                django_capture_on_commit_callbacks):
    job = save_a_change(admin_client)

    def broken(ids):
        raise ValueError("the tagger broke")

    monkeypatch.setattr(retagging.pipeline, "tag", broken)
    assert retagging.run(job.pk) == (retagging.FAILED, None)
    page = progress_page(admin_client, job)
    assert "ValueError: the tagger broke" in page and "resume/" in page

    monkeypatch.undo()
    queued = []
    monkeypatch.setattr(retagging, "queue", lambda job_id, countdown=None, waiting=False: queued.append(job_id))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:rules_retagjob_resume", args=[job.pk]))
    assert response.status_code == 302 and queued == [job.pk]
    job.refresh_from_db()
    assert job.status == "queued" and not job.error
    assert LogEntry.objects.filter(object_id=str(job.pk), change_message="Resumed the re-tag").exists()
    assert retagging.run(job.pk) == (retagging.DONE, None)
    assert admin_client.get(reverse("admin:rules_retagjob_resume", args=[job.pk])).status_code == 405


def test_a_change_taken_back_retags_to_the_shipped_version(admin_client, demo_articles):
    egypt = shipped_row("country", "EG", "names", "مصر")
    admin_client.post(change_url(egypt), change_form(egypt, active=False))
    retagging.run(RetagJob.objects.get().pk)
    egypt.refresh_from_db()
    admin_client.post(change_url(egypt), change_form(egypt, active=True))
    job = RetagJob.objects.order_by("-id").first()
    assert job.version == retagging.tags.tagger_version() and "+" not in job.version
    assert retagging.run(job.pk) == (retagging.DONE, None)
    assert set(versions().values()) == {job.version}
