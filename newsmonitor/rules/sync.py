"""The rows in step with the shipped files.

When: after every migrate (post_migrate, so a fresh install and a release's new data
files are in the admin once `migrate` ran, as every start does), and again before a
change is saved, in case files changed without a migrate. Never on a page view: GETs
do not write. Cheap when nothing changed (the files' fingerprint against one row); a
fresh database takes ~3,500 rows in a few bulk inserts.

A release's data meets the edits like this: an unedited row takes the new weight or
goes if the term no longer ships; an edited row keeps its edit (a weight an editor
chose stays theirs; a term they added that now ships becomes a shipped row; a removal
of a term no longer shipped is dropped, there is nothing left to remove). Whatever
the rows say, the rule set in force is the shipped files with the edits applied
(edits.py), so this changes what the admin shows, never what the tagger does."""

from django.db import connections, transaction
from django.utils import timezone

from .checks import key_of
from .models import Rule, RuleState
from .shipped import shipped, terms

FIELDS = ["shipped", "shipped_weight", "weight", "active", "note", "edited", "key"]


def lock():
    """Takes the rule set's lock for the rest of this transaction: a write first, so
    PostgreSQL locks the row and SQLite takes its write lock before anything is read."""
    now = timezone.now()
    if not RuleState.objects.filter(pk=1).update(locked_at=now):
        RuleState.objects.get_or_create(pk=1, defaults={"locked_at": now})
        RuleState.objects.filter(pk=1).update(locked_at=now)
    return RuleState.objects.get(pk=1)


def in_step():
    """Do the rows reflect the shipped files as they are now? (One small query.)"""
    state = RuleState.objects.filter(pk=1).values_list("shipped_fingerprint", flat=True).first()
    return state == shipped().fingerprint


def sync():
    """Brings the rows in step with the shipped files; True if it had to."""
    if in_step():
        return False
    current = shipped()
    with transaction.atomic():
        state = lock()
        if state.shipped_fingerprint == current.fingerprint:
            return False
        reconcile(current.data())
        RuleState.objects.filter(pk=1).update(shipped_fingerprint=current.fingerprint, synced_at=timezone.now())
    return True


def reconcile(data):
    rows = {(r.kind, r.target, r.field, r.term): r for r in Rule.objects.all()}
    new, changed = [], []
    for kind, target, field, term, weight, note in terms(data):
        row = rows.pop((kind, target, field, term), None)
        if row is None:
            new.append(Rule(kind=kind, target=target, field=field, term=term, key=key_of(term), weight=weight,
                            shipped=True, shipped_weight=weight, note=note))
        elif ship(row, weight, note):
            changed.append(row)
    gone = []
    for row in rows.values():
        if row.shipped:
            if row.status == Rule.Status.REWEIGHTED:  # the editor's weight stays, as an addition
                row.shipped, row.shipped_weight = False, None
                row.edited = row.edit() is not None
                changed.append(row)
            else:
                gone.append(row.pk)
    Rule.objects.bulk_create(new, batch_size=1000)
    Rule.objects.bulk_update(changed, FIELDS, batch_size=1000)
    Rule.objects.filter(pk__in=gone).delete()


def ship(row, weight, note):
    """A row whose term the shipped files hold, with this weight; True if that changed it."""
    was = [getattr(row, name) for name in FIELDS]
    status = row.status
    if status in (Rule.Status.SHIPPED, Rule.Status.REMOVED, Rule.Status.WITHDRAWN):
        row.weight = weight
    if status == Rule.Status.WITHDRAWN:
        row.active = True
    row.shipped, row.shipped_weight = True, weight
    row.note = row.note or note
    row.edited = row.edit() is not None
    return [getattr(row, name) for name in FIELDS] != was


def sync_after_migrate(sender, using="default", **kwargs):
    """post_migrate: once per migrate (for this app), also after a test's flush."""
    if sender.name != "newsmonitor.rules" or using != "default":
        return
    if Rule._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to zero
    sync()
