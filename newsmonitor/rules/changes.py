"""Saving a change of the rule set: the row, a new revision holding every edit then in
force, and a re-tag job queued after the commit.

All of it under the rule set's lock (sync.lock), so two editors saving at once make two
revisions one after the other, each with the other's edit if it came first, never two
revisions that each miss the other's."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import runner
from .models import RetagJob, Revision, Rule
from .sync import lock, sync


def edits_in_force(rows=None):
    """The edits of the rows (default: all rows), oldest row first."""
    rows = Rule.objects.filter(edited=True).order_by("id") if rows is None else rows
    return [edit for edit in (row.edit() for row in rows) if edit is not None]


def edits_with(rule):
    """The edits in force if `rule` (unsaved, possibly new) were saved as it is."""
    rows = list(Rule.objects.filter(edited=True).exclude(pk=rule.pk).order_by("id"))
    rows.append(rule)
    rows.sort(key=lambda row: (row.pk is None, row.pk or 0))
    return edits_in_force(rows)


def save_rule(rule, user, before=None):
    """Saves `rule` as `user` changed it (`before`: its status and weight until now, None
    if new). Returns the new revision, or None when the rule set is unchanged (a note
    edited, say)."""
    sync()  # the rows as the shipped files are now, before an edit is laid on them
    with transaction.atomic():
        lock()
        rule.changed_at, rule.changed_by = timezone.now(), user
        rule.save()
        return new_revision(user, describe(rule, before))


def new_revision(user, summary):
    """A revision with the edits in force now, and its re-tag job; None if they are those of
    the latest revision. Call under the lock."""
    edits = [edit.as_dict() for edit in edits_in_force()]
    latest = Revision.objects.order_by("-number").first()
    if (latest.edits if latest else []) == edits:
        return None
    revision = Revision.objects.create(number=latest.number + 1 if latest else 1, user=user, summary=summary[:500],
                                       edits=edits, edit_count=len(edits))
    start_job(revision)
    return revision


def start_job(revision):
    """A re-tag job for `revision`; earlier unfinished jobs stop at their next batch."""
    now = timezone.now()
    RetagJob.objects.filter(status__in=RetagJob.UNFINISHED).update(status=RetagJob.Status.SUPERSEDED,
                                                                   finished_at=now, lease_until=None)
    job = RetagJob.objects.create(revision=revision, version=revision.version)
    transaction.on_commit(lambda: runner.queue(job.pk))
    return job


def latest_job():
    return RetagJob.objects.select_related("revision").order_by("-id").first()


def describe(rule, before):
    """What the change did, in words, for the revision's summary."""
    what = str(rule)
    if before is None:
        weight = f" ({rule.weight:g})" if rule.weight is not None else ""
        return _("Added %(rule)s%(weight)s") % {"rule": what, "weight": weight}
    status, weight = before
    if rule.status in (Rule.Status.REMOVED, Rule.Status.WITHDRAWN) and status != rule.status:
        return _("Took out %(rule)s") % {"rule": what}
    if status in (Rule.Status.REMOVED, Rule.Status.WITHDRAWN) and rule.active:
        return _("Put back %(rule)s") % {"rule": what}
    if weight != rule.weight:
        return _("Weight of %(rule)s: %(old)s → %(new)s") % {"rule": what, "old": f"{weight:g}" if weight else "–",
                                                              "new": f"{rule.weight:g}" if rule.weight else "–"}
    return _("Changed %(rule)s") % {"rule": what}
