from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.agencies.selectors import provinces
from cchc.onestop import parsing
from cchc.onestop.selectors import PERIOD_KINDS


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Dossier data file (.csv or .xlsx)"))
    province = forms.ModelChoiceField(queryset=provinces(), label=_("Province / city"))

    def __init__(self, *args, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces()
        if province is not None:  # the reform office imports for its own province only
            self.fields["province"].queryset = provinces().filter(pk=province.pk)
            self.fields["province"].initial = province


class MappingForm(forms.Form):
    """One choice per dossier field: which column of the file holds it (or none)."""

    def __init__(self, *args, header: list[str], mapping: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        columns = [("", "—")] + [(str(i), f"{i + 1}. {h}") for i, h in enumerate(header)]
        for name, label in parsing.field_labels().items():
            self.fields[name] = forms.ChoiceField(
                label=label, choices=columns, required=name in parsing.REQUIRED
            )
            if name in mapping:
                self.fields[name].initial = str(mapping[name])

    def mapping(self) -> dict[str, int]:
        return {name: int(value) for name, value in self.cleaned_data.items() if value != ""}


KIND_LABELS = {"month": _("Month"), "quarter": _("Quarter"), "year": _("Year")}


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Period"), choices=[(k, KIND_LABELS[k]) for k in PERIOD_KINDS], initial="quarter"
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
