"""The rule admin's own pages besides Django's: the data files as a download, a re-tag
job's progress (refreshing itself while it runs: a meta refresh, no script, as the CSP
wants) and its resumption, and the sync with new shipped files. Each takes (request,
model_admin) and checks the permission it needs; what writes is a POST."""

import io
import zipfile

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from newsmonitor.adminkit import record
from newsmonitor.tagging import TAGGER_VERSION

from . import changes, runner, sync as syncing
from .materialise import files_for
from .models import RetagJob, Revision

REFRESH_SECONDS = 2


def state():
    """What the rule list shows above the rows: the revision in force and the latest job."""
    revision = Revision.objects.select_related("user").order_by("-number").first()
    return {"rules_revision": revision, "rules_job": changes.latest_job(), "rules_in_step": syncing.in_step(),
            "rules_version": revision.version if revision else TAGGER_VERSION}


def export(request, model_admin):
    """The five data files of the rule set in force, as a zip (GET: it only reads)."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    revision = Revision.objects.order_by("-number").first()
    files = files_for(revision.edits if revision else [])
    name = f"newsmonitor-rules-r{revision.number}" if revision else "newsmonitor-rules"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file_name, text in files.items():
            archive.writestr(f"{name}/{file_name}", text.encode("utf-8"))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
    return response


def sync(request, model_admin):
    """POST: the rows brought in step with new shipped files (migrate does it too)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    syncing.sync()
    model_admin.message_user(request, _("The rows now show the shipped files as they are."))
    return HttpResponseRedirect(reverse("admin:rules_rule_changelist"))


def progress(request, model_admin, object_id):
    job = get_object_or_404(RetagJob.objects.select_related("revision", "revision__user"), pk=_int(object_id))
    if not model_admin.has_view_permission(request, job):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Re-tag for revision r%(number)s") % {"number": job.revision.number},
        "opts": model_admin.model._meta,
        "job": job,
        "refresh": None if job.finished else REFRESH_SECONDS,
        "can_resume": resumable(job) and request.user.has_perm("rules.change_rule"),
    }
    return TemplateResponse(request, "admin/rules/retagjob/progress.html", context)


def resume(request, model_admin, pk):
    """POST: a job whose worker is gone (its lease over), or that failed, queued again."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.has_perm("rules.change_rule"):
        raise PermissionDenied
    with transaction.atomic():
        job = get_object_or_404(RetagJob.objects.select_for_update(), pk=pk)
        if resumable(job):
            RetagJob.objects.filter(pk=job.pk).update(status=RetagJob.Status.QUEUED, error="", lease_until=None)
            record(request.user, job, "Resumed the re-tag")
            transaction.on_commit(lambda: runner.queue(job.pk))
            model_admin.message_user(request, _("The re-tag is queued again."))
    return HttpResponseRedirect(reverse("admin:rules_retagjob_change", args=[pk]))


def resumable(job):
    """Failed, or unfinished with nobody holding it, and still the latest revision's."""
    latest = job.revision.number == Revision.objects.order_by("-number").values_list("number", flat=True).first()
    idle = job.lease_until is None or job.lease_until < timezone.now()
    return latest and (job.status == RetagJob.Status.FAILED or (not job.finished and idle))


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None
