"""The subscribe and manage forms: what to follow in the dashboard's own terms (the
field names are its query parameters, so a timeline's address fills the form), how
often, in which language, and spike alerts. Messages in the interface language."""

from zoneinfo import available_timezones

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext, gettext_lazy as _

from newsmonitor.digests import selection
from newsmonitor.feeds.models import Outlet
from newsmonitor.timelines.names import country_name, is_country, topic_choices
from newsmonitor.timelines.readmodels.filters import MAX_MULTI, MAX_Q, Filters, quoted

FREQUENCIES = [("instant", _("As it happens")), ("daily", _("Daily")), ("weekly", _("Weekly"))]
EMAIL_LANGUAGES = [("ar", "العربية"), ("en", "English")]
HOURS = [(h, selection.hour_text(h)) for h in range(24)]
SPIKE_K = (1.0, 10.0)
SPIKE_FLOOR = (1, 1000)


def time_zones():
    return sorted(available_timezones() - {"localtime", "Factory"})


class CodesInput(forms.TextInput):
    """One text box for several codes; repeated parameters (?pair=EG-PK&pair=IN-PK)
    are read too, so a dashboard address fills it."""

    def value_from_datadict(self, data, files, name):
        if hasattr(data, "getlist"):
            return ", ".join(value for value in data.getlist(name) if value)
        return data.get(name)

    def format_value(self, value):
        if isinstance(value, (list, tuple)):
            return ", ".join(value)
        return super().format_value(value)


class CodesField(forms.CharField):
    """Codes separated by commas or spaces, each read by `read` (selection.read_pairs
    or read_countries); a part that is no code is named in the error."""

    widget = CodesInput

    def __init__(self, read, unknown_message, **kwargs):
        self.read, self.unknown_message = read, unknown_message
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        known, unknown = self.read(value)
        if unknown:
            raise ValidationError(self.unknown_message % {"value": ", ".join(quoted(part) for part in unknown)},
                                  code="unknown")
        if len(known) > MAX_MULTI:
            raise ValidationError(gettext("At most %(n)s.") % {"n": MAX_MULTI}, code="too_many")
        return known


class SelectionForm(forms.Form):
    """What to follow and how; the manage form as it is, the subscribe form with an
    address. `initial` and `data` use the dashboard's query parameters."""

    pair = CodesField(selection.read_pairs, _("%(value)s: not a pair of countries. Write two country codes "
                                              "joined by a hyphen, as in the timeline's address: EG-PK."),
                      label=_("Pairs"), help_text=_("Two-letter country codes joined by a hyphen, as in a "
                                                    "timeline's address (EG-PK is Egypt – Pakistan); "
                                                    "separate several with commas."))
    country = CodesField(selection.read_countries, _("%(value)s: not a country code. Use two letters, "
                                                     "as in a country page's address: PK."),
                         label=_("Countries"), help_text=_("Every pair with this country: two-letter codes "
                                                           "(PK, SA), separated by commas."))
    topic = forms.MultipleChoiceField(label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple)
    q = forms.CharField(label=_("Words"), required=False, max_length=MAX_Q,
                        help_text=_("As in the search: every word must appear; -word excludes."))
    outlet_country = forms.MultipleChoiceField(label=_("Outlet countries"), required=False,
                                               widget=forms.CheckboxSelectMultiple,
                                               help_text=_("Only articles of outlets from these countries."))
    outlet = forms.TypedMultipleChoiceField(label=_("Outlets"), required=False, coerce=int,
                                            widget=forms.CheckboxSelectMultiple)
    language = forms.ChoiceField(label=_("Article language"), required=False)
    primary = forms.BooleanField(label=_("Primary pair only"), required=False)
    count = forms.ChoiceField(label=_("Count and list"), required=False, initial="stories", widget=forms.RadioSelect,
                              choices=[("stories", _("Stories: the copies of one event once, with the other "
                                                     "outlets named")),
                                       ("articles", _("Articles: every copy"))])

    frequency = forms.ChoiceField(label=_("How often"), choices=FREQUENCIES, initial="daily",
                                  widget=forms.RadioSelect)
    hour = forms.TypedChoiceField(label=_("Hour"), choices=HOURS, coerce=int, initial=7,
                                  help_text=_("Daily and weekly digests: local time."))
    weekday = forms.TypedChoiceField(label=_("Day of the week"), coerce=int, initial=0,
                                     choices=[(i, WEEKDAYS[i]) for i in range(7)],
                                     help_text=_("Weekly digests."))
    time_zone = forms.CharField(label=_("Time zone"), initial="UTC", max_length=64,
                                help_text=_("A name from the time zone database, such as Africa/Cairo or Asia/Karachi."))
    email_language = forms.ChoiceField(label=_("Email language"), choices=EMAIL_LANGUAGES, initial="ar",
                                       widget=forms.RadioSelect)
    spike_alerts = forms.BooleanField(label=_("Tell me when a pair I follow gets far more coverage than usual"),
                                      required=False)
    spike_k = forms.FloatField(label=_("Standard deviations above the 30-day mean"), initial=3.0,
                               min_value=SPIKE_K[0], max_value=SPIKE_K[1],
                               widget=forms.NumberInput(attrs={"step": "0.5"}))
    spike_floor = forms.IntegerField(label=_("At least this many that day (stories, or articles when counting "
                                             "articles)"), initial=5,
                                     min_value=SPIKE_FLOOR[0], max_value=SPIKE_FLOOR[1])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = topic_choices()
        self.fields["time_zone"].widget.attrs.update({"list": "time-zones", "autocomplete": "off",
                                                      "dir": "ltr", "spellcheck": "false"})
        for name in ("pair", "country"):
            self.fields[name].widget.attrs.update({"dir": "ltr", "autocomplete": "off", "spellcheck": "false",
                                                   "autocapitalize": "characters"})
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs.update({"dir": "auto", "lang": "ar"})
        self._offer_filter_choices()

    def _asked(self, name):
        """The values of a field the data (or the initial values) hold."""
        if self.is_bound:
            return self.data.getlist(name) if hasattr(self.data, "getlist") else list(self.data.get(name) or [])
        value = self.initial.get(name)
        return value if isinstance(value, (list, tuple)) else ([value] if value else [])

    def _offer_filter_choices(self):
        """Outlet countries: those of the known outlets, and any country asked for.
        Outlets: only those asked for (the timeline is where one picks them).
        Article languages: those of the outlets, and the one asked for."""
        outlets = list(Outlet.objects.values_list("country", "language"))
        countries = {c for c, _lang in outlets if c} | {str(c).upper() for c in self._asked("outlet_country")
                                                        if is_country(str(c))}
        self.fields["outlet_country"].choices = sorted(((c, country_name(c)) for c in countries),
                                                       key=lambda item: item[1])
        ids = [int(v) for v in self._asked("outlet") if str(v).isdigit() and len(str(v)) < 19]
        self.fields["outlet"].choices = list(Outlet.objects.filter(pk__in=ids).order_by("name")
                                             .values_list("pk", "name"))
        languages = {lang for _c, lang in outlets if lang} | {"ar"}
        asked = self._asked("language")
        if asked and asked[0]:
            languages.add(str(asked[0])[:10])
        self.fields["language"].choices = [("", _("All languages"))] + [(code, code) for code in sorted(languages)]

    # --- showing -------------------------------------------------------------------------
    def _current(self, name, read):
        value = self[name].value()
        return read(value if isinstance(value, (list, tuple)) else [value or ""])[0]

    def pair_names(self):
        """The pairs the box holds, by name (EG-PK: Egypt – Pakistan)."""
        return [selection.pair_name(slug) for slug in self._current("pair", selection.read_pairs)]

    def country_names(self):
        return [country_name(code) for code in self._current("country", selection.read_countries)]

    def more_filters_open(self):
        """The less used filters are folded away unless one is set or wrong."""
        names = ("outlet", "language", "primary")
        return any(self[name].value() for name in names) or any(name in self.errors for name in names)

    # --- checking ------------------------------------------------------------------------
    def clean_time_zone(self):
        name = self.cleaned_data["time_zone"].strip()
        if name not in available_timezones():
            raise ValidationError(_("%(value)s is not a time zone we know. Choose one from the list, such as "
                                    "Africa/Cairo."), params={"value": quoted(name)}, code="unknown")
        return name

    def clean(self):
        data = super().clean()
        params = QueryDict(mutable=True)
        params.setlist("topic", data.get("topic") or [])
        params.setlist("outlet", [str(pk) for pk in data.get("outlet") or []])
        params.setlist("outlet_country", data.get("outlet_country") or [])
        for name in ("language", "q"):
            if data.get(name):
                params[name] = data[name]
        if data.get("primary"):
            params["primary"] = "1"
        if data.get("count") == "articles":
            params["count"] = "articles"
        filters = Filters.from_query(params)
        for problem in filters.errors:
            self.add_error(None, problem)
        self.filters = filters
        pairs, countries = data.get("pair"), data.get("country")
        # Only when the fields themselves were understood: no second error for one mistake.
        understood = not any(name in self.errors for name in ("pair", "country", "topic", "q", "outlet_country", "outlet"))
        if understood and selection.is_empty(pairs or [], countries or [], filters):
            self.add_error(None, ValidationError(
                _("Choose something to follow: a pair, a country, a topic, words or an outlet country."),
                code="empty"))
        if data.get("spike_alerts") and not pairs and "pair" not in self.errors:
            self.add_error("spike_alerts", ValidationError(
                _("Spike alerts watch the pairs you follow: add a pair, or leave this unticked."), code="no_pair"))
        return data

    # --- reading and writing subscriptions -----------------------------------------------------
    def selection(self):
        """(pairs, countries, query) of the valid form."""
        return self.cleaned_data["pair"], self.cleaned_data["country"], selection.canonical_query(self.filters)

    def apply(self, subscription):
        """The form's choices on `subscription` (not saved)."""
        data = self.cleaned_data
        subscription.pairs, subscription.countries, subscription.query = self.selection()
        for name in ("frequency", "hour", "weekday", "time_zone", "spike_alerts", "spike_k", "spike_floor"):
            setattr(subscription, name, data[name])
        subscription.language = data["email_language"]
        return subscription

    @staticmethod
    def initial_of(subscription):
        """The form's values for a subscription (the manage page)."""
        filters = selection.filters_of(subscription)
        return {
            "pair": subscription.pairs, "country": subscription.countries, "topic": filters.topics,
            "q": filters.q, "outlet_country": filters.outlet_countries, "outlet": filters.outlets,
            "language": filters.language, "primary": filters.primary, "count": filters.count,
            "frequency": subscription.frequency, "hour": subscription.hour, "weekday": subscription.weekday,
            "time_zone": subscription.time_zone, "email_language": subscription.language,
            "spike_alerts": subscription.spike_alerts, "spike_k": subscription.spike_k,
            "spike_floor": subscription.spike_floor,
        }

    @staticmethod
    def initial_from_query(params, language):
        """The form's values from a dashboard address (?pair=EG-PK&topic=...), and what
        in it was left out, described."""
        pairs, bad_pairs = selection.read_pairs(params.getlist("pair"))
        countries, bad_countries = selection.read_countries(params.getlist("country"))
        filters = Filters.from_query(params)
        problems = [gettext("%(name)s=%(value)s is not known") % {"name": name, "value": quoted(part)}
                    for name, parts in (("pair", bad_pairs), ("country", bad_countries)) for part in parts]
        problems += filters.errors
        initial = {
            "pair": pairs[:MAX_MULTI], "country": countries[:MAX_MULTI], "topic": filters.topics,
            "q": filters.q, "outlet_country": filters.outlet_countries, "outlet": filters.outlets,
            "language": filters.language, "primary": filters.primary, "count": filters.count,
            "email_language": language,
        }
        return initial, problems


class SubscribeForm(SelectionForm):
    email = forms.EmailField(label=_("Your email address"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr",
                                                            "spellcheck": "false"}))
    field_order = ["email"]

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])


def normalize_email(address):
    """The address as entered, its domain in lower case (the part before @ may be
    case-sensitive, so it is kept; addresses are compared case-insensitively)."""
    local, _sep, domain = address.strip().rpartition("@")
    return f"{local}@{domain.lower()}"


class ManageForm(SelectionForm):
    pass
