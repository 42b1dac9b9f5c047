import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cchc.agencies.models import Agency
from cchc.agencies.selectors import in_province
from cchc.plans.forms import DATE_FORMATS
from cchc.plans.models import Area
from cchc.tracking import services
from cchc.tracking.models import TaskUpdate
from cchc.tracking.selectors import DUE_SOON, Status


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


class UpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(label=_("Update kind"), choices=TaskUpdate.Action.choices)
    note = forms.CharField(
        label=_("Content / reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    progress = forms.DecimalField(
        label=_("Progress (%)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
    )
    completed_on = forms.DateField(
        label=_("Completion date (dd/mm/yyyy)"), required=False, input_formats=DATE_FORMATS
    )
    files = MultipleFileField(label=_("Evidence documents"), required=False)

    def __init__(self, *args, actions=None, periods=(), current=None, **kwargs):
        """``periods``: a recurring task's periods (``cchc.tracking.periods``), offered as
        "kỳ báo cáo" with ``current`` chosen; without them the form has no period field."""
        super().__init__(*args, **kwargs)
        if actions is not None:
            self.fields["action"].choices = [
                c for c in TaskUpdate.Action.choices if c[0] in actions
            ]
        if periods:
            self.fields["period"] = forms.TypedChoiceField(
                label=_("Reporting period"),
                choices=[(p.value, p.label) for p in periods],
                coerce=datetime.date.fromisoformat,
                required=False,  # left out: the current period (services.post_update)
                empty_value=None,
                initial=current.value if current else None,
            )

    def clean_note(self):
        note = self.cleaned_data["note"]
        services.validate_note(note)
        return note

    def clean_files(self):
        files = self.cleaned_data["files"]
        errors = []
        for upload in files:
            try:
                services.validate_evidence(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        services.validate_files_total(files)
        return files


class TaskFilterForm(forms.Form):
    """The filters of a task list (GET parameters); its XLSX export applies the same ones."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    area = forms.ChoiceField(
        label=_("Area"), choices=[("", _("All")), *Area.choices], required=False
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False, empty_label=_("All")
    )
    due_after = forms.DateField(label=_("Due from"), required=False, input_formats=DATE_FORMATS)
    due_before = forms.DateField(label=_("Due until"), required=False, input_formats=DATE_FORMATS)

    def __init__(self, *args, province=None, **kwargs):
        """``province``: offer its units in the agency filter; without one, no agency filter."""
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            ("", _("All")),
            *Status.LABELS.items(),
            (DUE_SOON, _("Due soon")),
        ]
        if province is None:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = in_province(province).order_by("name")

    def filters(self) -> dict:
        """The valid filters; a wrong one is reported on the form and left out."""
        self.is_valid()
        return self.cleaned_data
