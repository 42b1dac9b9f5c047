"""Forms: the agency report (narrative sections and target values), a return's reason,
and the reform office's edits of the cycles."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.plans.forms import DATE_FORMATS
from cchc.plans.models import Area
from cchc.reporting.models import ConsolidatedReport, ReportCycle

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class ReportForm(forms.Form):
    """One text per reform area ("kết quả đạt được"), the other sections, target values.

    ``version``: the report's version when the form was opened (0: not saved yet);
    the page always sends it, a client that leaves it out saves without the check.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    shortcomings = forms.CharField(
        label=_("Shortcomings and limitations"), required=False, widget=TEXTAREA
    )
    causes = forms.CharField(label=_("Causes"), required=False, widget=TEXTAREA)
    proposals = forms.CharField(
        label=_("Directions, tasks for the coming period and proposals"),
        required=False,
        widget=TEXTAREA,
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        results = {}
        for area, label in Area.choices:
            results[f"result_{area}"] = forms.CharField(
                label=label, required=False, widget=TEXTAREA
            )
        for target in self.targets:
            results[f"target_{target.pk}"] = forms.DecimalField(
                label=target.text, required=False, max_digits=14, decimal_places=3, localize=True
            )
            results[f"target_{target.pk}_note"] = forms.CharField(
                label=_("Note"), required=False, max_length=255
            )
        # the areas first, as in the official outline; target fields at the end
        self.fields = {**results, **self.fields}

    def area_fields(self):
        return [self[f"result_{area}"] for area in Area.values]

    def target_fields(self):
        return [
            (target, self[f"target_{target.pk}"], self[f"target_{target.pk}_note"])
            for target in self.targets
        ]

    def results(self) -> dict[str, str]:
        return {area: self.cleaned_data[f"result_{area}"] for area in Area.values}

    def values(self) -> dict:
        return {
            target.pk: (
                self.cleaned_data[f"target_{target.pk}"],
                self.cleaned_data[f"target_{target.pk}_note"],
            )
            for target in self.targets
        }


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CycleForm(forms.ModelForm):
    # The cycle's version when the page was opened (services.save_cycle checks it).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ReportCycle
        fields = ["kind", "label", "data_start", "data_end", "due", "version"]
        # dd/mm/yyyy like every other date of the interface (a browser's own date
        # picker follows the computer's locale and often shows mm/dd/yyyy).
        widgets = {
            name: forms.DateInput(
                format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "size": 10}
            )
            for name in ("data_start", "data_end", "due")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("data_start", "data_end", "due"):
            self.fields[name].input_formats = DATE_FORMATS

    def clean(self):
        data = super().clean()
        start, end = data.get("data_start"), data.get("data_end")
        if start and end and start > end:
            raise forms.ValidationError(
                _("The data start date must be before the data cut-off date.")
            )
        return data


CycleFormSet = forms.modelformset_factory(ReportCycle, form=CycleForm, extra=1, can_delete=True)


class SignatureForm(forms.ModelForm):
    """The consolidated report's number, recipients and signer."""

    class Meta:
        model = ConsolidatedReport
        fields = ["number", "recipients", "signer_for", "signer_title", "signer_name"]
        widgets = {"recipients": forms.Textarea(attrs={"rows": 5})}
