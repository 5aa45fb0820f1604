"""The tag rules as rows, and the revisions their changes make.

Rule: one term of the gazetteer, the stop list, a topic lexicon or a pair cue list. Rows
of the shipped files are synced in (sync.py) and stay "shipped" until edited; an editor
adds rows, takes a shipped one out of force or changes its weight. Only those changes
count (Rule.edit): the shipped files stay the base, so a release's new data reaches
every row nobody edited.

Revision: each saved change of the rule set, with the whole list of edits then in force
(the rule set of revision N is always the same files). RetagJob: the background re-tag
a revision starts, with its progress."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsmonitor.tagging import TAGGER_VERSION

from . import checks
from .edits import ADD, REMOVE, Edit
from .shipped import COUNTRY, COUNTRY_FIELDS, CUE, STOP, TOPIC


class Rule(models.Model):
    class Kind(models.TextChoices):
        COUNTRY = COUNTRY, _("country form")
        STOP = STOP, _("stop phrase")
        TOPIC = TOPIC, _("topic term")
        CUE = CUE, _("pair cue")

    class Status(models.TextChoices):
        SHIPPED = "shipped", _("as shipped")
        ADDED = "added", _("added")
        REMOVED = "removed", _("removed")
        REWEIGHTED = "reweighted", _("weight changed")
        WITHDRAWN = "withdrawn", _("added, then taken out")

    FIELDS = [(field, field.replace("_", " ")) for field in COUNTRY_FIELDS]

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    target = models.CharField(_("target"), max_length=40, blank=True,
                              help_text=_("Country code, topic or cue list; none for a stop phrase."))
    field = models.CharField(_("field"), max_length=20, blank=True, choices=FIELDS,
                             help_text=_("For a country form: which list it belongs to."))
    term = models.CharField(_("term"), max_length=200,
                            help_text=_("As Arabic is written; the tagger normalises it. A topic term ending in * "
                                        "is a stem."))
    key = models.CharField(_("normalised"), max_length=200, editable=False, db_index=True)
    weight = models.FloatField(_("weight"), null=True, blank=True,
                               help_text=_("Topic terms only: 0.1 (barely a hint) to 5 (decisive); shipped terms "
                                           "weigh 0.5 to 3."))
    active = models.BooleanField(_("in force"), default=True,
                                 help_text=_("Untick to take the term out of the rules."))
    note = models.CharField(_("note"), max_length=300, blank=True,
                            help_text=_("Why (a stop phrase's note is written to the data file)."))
    shipped = models.BooleanField(_("shipped"), default=False, editable=False)
    shipped_weight = models.FloatField(null=True, editable=False)
    edited = models.BooleanField(_("edited"), default=False, editable=False, db_index=True)
    changed_at = models.DateTimeField(null=True, editable=False)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, editable=False,
                                   related_name="+")

    class Meta:
        ordering = ["kind", "target", "field", "id"]
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        constraints = [models.UniqueConstraint(fields=["kind", "target", "field", "term"],
                                               name="rule_one_row_per_term")]
        indexes = [models.Index(fields=["kind", "target"], name="rule_kind_target_idx")]

    def __str__(self):
        where = "/".join(part for part in (self.target, self.field) if part)
        return f"{self.get_kind_display()} {where}: {self.term}" if where else f"{self.get_kind_display()}: {self.term}"

    def clean(self):
        self.term = (self.term or "").strip()
        errors = checks.errors(self.kind, self.target, self.field, self.term, self.weight)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.key = checks.key_of(self.term)
        self.edited = self.edit() is not None
        super().save(*args, **kwargs)

    @property
    def status(self):
        if not self.shipped:
            return self.Status.ADDED if self.active else self.Status.WITHDRAWN
        if not self.active:
            return self.Status.REMOVED
        return self.Status.REWEIGHTED if self.weight != self.shipped_weight else self.Status.SHIPPED

    def edit(self):
        """The change this row makes to the shipped data, or None."""
        status = self.status
        if status == self.Status.REMOVED:
            return Edit(self.kind, self.target, self.field, self.term, REMOVE)
        if status in (self.Status.ADDED, self.Status.REWEIGHTED):
            note = self.note if self.kind == STOP else ""
            return Edit(self.kind, self.target, self.field, self.term, ADD, self.weight, note)
        return None


class Revision(models.Model):
    number = models.PositiveIntegerField(_("revision"), unique=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("who"))
    summary = models.CharField(_("change"), max_length=500)
    edits = models.JSONField(default=list, help_text="Every edit in force at this revision (edits.Edit as dicts).")
    edit_count = models.PositiveIntegerField(_("edits in force"), default=0)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self):
        return f"r{self.number}"

    @property
    def version(self):
        """What articles tagged with this rule set record (fits Article.tagger_version)."""
        return version_of(self.number, self.edit_count)


def version_of(number, edit_count):
    return f"{TAGGER_VERSION}+r{number}" if edit_count else TAGGER_VERSION


class RetagJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        SUPERSEDED = "superseded", _("superseded by a later revision")

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="jobs")
    version = models.CharField(_("tagger version"), max_length=40)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED, db_index=True)
    total = models.PositiveIntegerField(null=True, help_text="Articles to re-tag, counted when the job starts.")
    done = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)
    error = models.TextField(blank=True)
    # Where it got to (articles are taken in id order) and who holds it until when: a
    # killed worker's job is taken up again once its lease ends.
    last_article_id = models.BigIntegerField(default=0)
    lease_until = models.DateTimeField(null=True)

    UNFINISHED = (Status.QUEUED, Status.RUNNING)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("re-tag job")

    def __str__(self):
        return f"re-tag for r{self.revision.number}"

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, round(100 * self.done / self.total))

    @property
    def finished(self):
        return self.status not in self.UNFINISHED


class RuleState(models.Model):
    """One row: which shipped files the rows reflect, and the lock that serialises
    changes of the rule set (a revision's edits are read under it)."""

    shipped_fingerprint = models.CharField(max_length=20, blank=True)
    synced_at = models.DateTimeField(null=True)
    locked_at = models.DateTimeField(null=True)
