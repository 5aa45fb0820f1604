"""Correcting an article's tags from its page on the site, for editors: the same
corrections as in the admin (articles/corrections.py), logged in the admin log, and the
article's timelines refreshed at once."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_POST

from newsmonitor.adminkit import record
from newsmonitor.articles.corrections import CorrectionError, correct, withdraw
from newsmonitor.articles.models import Article, Correction
from newsmonitor.timelines.readmodels import rollups

Kind, Action = Correction.Kind, Correction.Action


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Tag"), choices=[
        (Kind.COUNTRY, gettext_lazy("country")), (Kind.PAIR, gettext_lazy("pair")), (Kind.TOPIC, gettext_lazy("topic"))])
    value = forms.CharField(label=gettext_lazy("Value"), max_length=40,
                            help_text=gettext_lazy("a country code (EG), a pair (EG-PK) or a topic slug"))
    action = forms.ChoiceField(label=gettext_lazy("Action"), choices=[
        (Action.ADD, gettext_lazy("add")), (Action.REMOVE, gettext_lazy("remove"))])
    primary = forms.BooleanField(label=gettext_lazy("primary pair"), required=False)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=500)


def describe(correction):
    """How the admin log says it: "Add pair EG-PK (primary) (correction)"."""
    primary = " (primary)" if correction.primary else ""
    return f"{correction.action.capitalize()} {correction.kind} {correction.value}{primary} (correction)"


def make(user, article, kind, value, action, primary=False, note=""):
    """The one way a person's correction is made: through articles.corrections (which
    re-tags the article with it), then the article's timelines, then the admin log."""
    made = correct(article, kind, value, action, user=user, primary=primary, note=note)
    rollups.refresh_for_articles([article.pk])
    record(user, article, describe(made))
    return made


def take_back(user, correction):
    """Withdraws a correction the same way: re-tag, timelines, admin log."""
    message = f"Withdrew: {describe(correction)}"
    withdraw(correction)
    rollups.refresh_for_articles([correction.article_id])
    record(user, correction.article, message)


def staff_only(view):
    """Editors are staff: a permission alone (given to a non-staff account) is not enough."""
    def check(request, *args, **kwargs):
        if not request.user.is_active or not request.user.is_staff:
            return redirect(f"{reverse('admin:login')}?next={request.path}")
        return view(request, *args, **kwargs)
    return check


@require_POST
@staff_only
@permission_required("articles.add_correction", raise_exception=True)
def correct_article(request, pk):
    article = get_object_or_404(Article, pk=pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The correction was not made: %(errors)s") % {"errors": form.errors.as_text()})
        return back(article)
    data = form.cleaned_data
    try:
        make(request.user, article, data["kind"], data["value"], data["action"], data["primary"], data["note"])
    except CorrectionError as exc:
        messages.error(request, _("The correction was not made: %(reason)s") % {"reason": exc})
        return back(article)
    messages.success(request, _("Corrected: the tag is kept through every re-tagging."))
    return back(article)


@require_POST
@staff_only
@permission_required("articles.delete_correction", raise_exception=True)
def withdraw_correction(request, pk, correction_id):
    correction = get_object_or_404(Correction, pk=correction_id, article_id=pk)
    take_back(request.user, correction)
    messages.success(request, _("The correction was withdrawn: the tagger decides this tag again."))
    return back(correction.article)


def back(article):
    return redirect(reverse("timelines:article", args=[article.pk]) + "#corrections")
