"""The admin's form for one rule row: the target chosen from what exists (countries the
tagger knows, the taxonomy's topics, the pair cue lists), Arabic typed right to left,
and how many articles a preview reads."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsmonitor.tagging import TOPICS, countries

from .checks import cue_list_names, key_of
from .models import Rule
from .preview import DEFAULT_SIZE, MAX_SIZE
from .shipped import COUNTRY

ARABIC = {"dir": "rtl", "lang": "ar"}


def target_choices():
    """Grouped choices: every target a rule may have, a stop phrase's none first."""
    states = sorted(countries().values(), key=lambda c: c.code)
    return [
        ("", gettext_lazy("— none (a stop phrase) —")),
        (gettext_lazy("Countries"), [(c.code, f"{c.code} · {c.en} · {c.ar}") for c in states]),
        (gettext_lazy("Topics"), [(t.slug, f"{t.slug} · {t.en}") for t in TOPICS]),
        (gettext_lazy("Pair cue lists"), [(name, name) for name in cue_list_names()]),
    ]


class RuleForm(forms.ModelForm):
    preview_size = forms.IntegerField(
        label=gettext_lazy("Articles to preview on"), initial=DEFAULT_SIZE, min_value=1, max_value=MAX_SIZE,
        required=False, help_text=format_lazy(gettext_lazy("The latest articles, at most {}."), f"{MAX_SIZE:,}"))

    class Meta:
        model = Rule
        fields = ["kind", "target", "field", "term", "weight", "active", "note"]
        widgets = {"term": forms.TextInput(attrs={**ARABIC, "size": 60})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "target" in self.fields:
            self.fields["target"] = forms.ChoiceField(label=_("target"), choices=target_choices(), required=False,
                                                      help_text=Rule._meta.get_field("target").help_text)

    def clean(self):
        data = super().clean()
        rule = self.instance
        kind = data.get("kind", rule.kind)
        target = data.get("target", rule.target) or ""
        field = data.get("field", rule.field) or ""
        term = (data.get("term", rule.term) or "").strip()
        active = data.get("active", rule.active)
        if not rule.pk and term:
            self._refuse_a_double(kind, target, field, term)
        if kind == COUNTRY and field == "names" and not active:
            others = Rule.objects.filter(kind=kind, target=target, field="names", active=True).exclude(pk=rule.pk)
            if not others.exists():
                self.add_error("active", _("A country keeps at least one name."))
        return data

    def _refuse_a_double(self, kind, target, field, term):
        """A term the rules already hold in another spelling adds nothing: say which."""
        same = (Rule.objects.filter(kind=kind, target=target, field=field, key=key_of(term), active=True)
                .exclude(term=term).first())
        if same is not None:
            self.add_error("term", _("Already in the rules, written «%(term)s».") % {"term": same.term})
