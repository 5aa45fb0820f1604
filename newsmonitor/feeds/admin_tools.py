"""The feed list's tool pages (wired in feeds/admin.py TOOLS): add feeds by a site's
address, import and export OPML. Each view takes (request, model_admin), checks the
model admin's permissions, and writes only on a POST (CSRF-checked by Django)."""

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy, ngettext

from newsmonitor.feeds import discovery as finder
from newsmonitor.feeds.models import Outlet
from newsmonitor.feeds.opml import export_opml as opml_bytes, import_opml as import_file
from newsmonitor.lib.language import is_arabic
from newsmonitor.lib.opml import OpmlError

# The candidates found at step 1 ride along, signed, to the save at step 2: the save
# stores only what was previewed, without fetching anything again.
SALT = "newsmonitor.feeds.discover"
FOUND_MAX_AGE = 3600
MAX_OPML_BYTES = 5 * 1024 * 1024


class AddressForm(forms.Form):
    address = forms.CharField(label=gettext_lazy("Site address"), max_length=2000,
                              help_text=gettext_lazy("A home page, such as example.org or https://example.org/news/"))


class ChooseForm(forms.Form):
    found = forms.CharField(widget=forms.HiddenInput)
    feeds = forms.MultipleChoiceField(label=gettext_lazy("Feeds to add"), widget=forms.CheckboxSelectMultiple,
                                      error_messages={"required": gettext_lazy("Tick at least one feed to add.")})
    outlet = forms.ModelChoiceField(Outlet.objects.order_by("name"), required=False,
                                    label=gettext_lazy("Outlet"), empty_label=gettext_lazy("— a new outlet —"))
    name = forms.CharField(label=gettext_lazy("New outlet's name"), max_length=200, required=False)
    homepage = forms.URLField(label=gettext_lazy("Homepage"), max_length=500, required=False, assume_scheme="https")
    country = forms.CharField(label=gettext_lazy("Country"), max_length=2, required=False,
                              help_text=gettext_lazy("ISO 3166-1 alpha-2, such as EG"))
    language = forms.CharField(label=gettext_lazy("Language"), max_length=8, required=False)

    def __init__(self, *args, discovery, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["feeds"].choices = [(c.url, c.url) for c in discovery.candidates if c.usable]

    def clean_country(self):
        country = self.cleaned_data["country"].strip().upper()
        if country and not (len(country) == 2 and country.isalpha()):
            raise forms.ValidationError(_("Two letters, such as EG."))
        return country

    def clean(self):
        data = super().clean()
        if not data.get("outlet") and not (data.get("name") or "").strip():
            self.add_error("name", _("Name the new outlet, or choose one in the list."))
        return data

    def new_outlet(self):
        data = self.cleaned_data
        return {"name": data["name"].strip(), "homepage": data["homepage"], "country": data["country"],
                "language": data["language"].strip() or "ar"}


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("OPML file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_OPML_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_OPML_BYTES // 2**20})
        return upload


# --- add by homepage -----------------------------------------------------------------------

def discover(request, model_admin):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("step") == "save":
        return _save(request, model_admin)
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            found = finder.discover(form.cleaned_data["address"])
        except finder.DiscoveryError as exc:
            form.add_error("address", str(exc))
        else:
            return _choose(request, model_admin, found, ChooseForm(initial=_initial(found), discovery=found))
    return _page(request, model_admin, "admin/feeds/discover.html", _("Add feeds by homepage"), form=form)


def _save(request, model_admin):
    try:
        found = finder.Discovery.from_data(signing.loads(request.POST.get("found", ""), salt=SALT,
                                                          max_age=FOUND_MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError, KeyError):
        form = AddressForm()
        messages.error(request, _("This list of feeds has expired or was altered: look the site up again."))
        return _page(request, model_admin, "admin/feeds/discover.html", _("Add feeds by homepage"), form=form)
    finder.mark_known(found.candidates)  # another admin may have added one meanwhile
    form = ChooseForm(request.POST, discovery=found)
    if not form.is_valid():
        return _choose(request, model_admin, found, form)
    data = form.cleaned_data
    outlet, added, already = finder.save(request.user, found, set(data["feeds"]), outlet=data["outlet"],
                                         new_outlet=None if data["outlet"] else form.new_outlet())
    if added:
        messages.success(request, ngettext("Added %(n)d feed to %(outlet)s.", "Added %(n)d feeds to %(outlet)s.",
                                           len(added)) % {"n": len(added), "outlet": outlet})
    for url in already:
        messages.warning(request, _("%(url)s was already in the feed list.") % {"url": url})
    return redirect("admin:feeds_feed_changelist")


def _choose(request, model_admin, found, form):
    rows = [{"candidate": c, "id": f"feed-{n}", **_direction(c.preview.language if c.preview else "")}
            for n, c in enumerate(found.candidates)]
    return _page(request, model_admin, "admin/feeds/discover_choose.html", _("Choose the feeds to add"),
                 form=form, found=found, rows=rows, site=_direction(found.language),
                 signed=signing.dumps(found.as_data(), salt=SALT, compress=True),
                 usable=any(c.usable for c in found.candidates))


def _initial(found):
    language = (found.language or next((c.preview.language for c in found.candidates if c.preview
                                        and c.preview.language), "ar")).split("-")[0].lower()[:8]
    return {"outlet": finder.matching_outlet(found), "name": found.site_name, "homepage": found.homepage,
            "language": language, "feeds": _preticked(found)}


def _preticked(found):
    # One feed is surely the one wanted; among several (comments, sections) the admin picks.
    usable = [c.url for c in found.candidates if c.usable]
    return usable if len(usable) == 1 else []


def _direction(language):
    """lang and dir for text in `language`: Arabic right to left, the rest as it reads."""
    if is_arabic(language):
        return {"lang": "ar", "dir": "rtl"}
    return {"lang": language or "", "dir": "auto"}


# --- OPML ----------------------------------------------------------------------------------

def import_opml(request, model_admin):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = import_file(form.cleaned_data["file"].read(), user=request.user)
        except OpmlError as exc:
            form.add_error("file", _("This file cannot be imported: %(reason)s") % {"reason": exc})
    return _page(request, model_admin, "admin/feeds/opml_import.html", _("Import OPML"), form=form, report=report)


def export_opml(request, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    response = HttpResponse(opml_bytes(), content_type="text/x-opml; charset=utf-8")
    name = f"newsmonitor-feeds-{timezone.localdate():%Y-%m-%d}.opml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _page(request, model_admin, template, title, **context):
    opts = model_admin.model._meta
    return TemplateResponse(request, template, {
        **model_admin.admin_site.each_context(request), "opts": opts, "title": title,
        "has_view_permission": model_admin.has_view_permission(request), **context})
