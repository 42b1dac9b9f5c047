from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.plans.forms import DATE_FORMATS
from cchc.tracking.models import TaskUpdate


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
    action = forms.ChoiceField(label=_("Loại cập nhật"), choices=TaskUpdate.Action.choices)
    note = forms.CharField(
        label=_("Nội dung / lý do"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    progress = forms.DecimalField(
        label=_("Tiến độ (%)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
    )
    completed_on = forms.DateField(
        label=_("Ngày hoàn thành (dd/mm/yyyy)"), required=False, input_formats=DATE_FORMATS
    )
    files = MultipleFileField(label=_("Tài liệu kiểm chứng"), required=False)

    def __init__(self, *args, actions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if actions is not None:
            self.fields["action"].choices = [
                c for c in TaskUpdate.Action.choices if c[0] in actions
            ]
