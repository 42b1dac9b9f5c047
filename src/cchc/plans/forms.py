from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.agencies.models import Kind
from cchc.agencies.selectors import provinces
from cchc.plans.models import Area, Deliverable

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class UploadForm(forms.Form):
    document = forms.FileField(label=_("Tài liệu kế hoạch (.docx, .pdf, .txt, .html, .md)"))
    province = forms.ModelChoiceField(queryset=provinces(), label=_("Tỉnh / thành phố"))
    year = forms.IntegerField(
        label=_("Năm của kế hoạch (nếu văn bản không ghi)"),
        required=False,
        min_value=2000,
        max_value=2100,
    )

    def __init__(self, *args, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces()
        if province is not None:  # the reform office imports for its own province only
            self.fields["province"].queryset = provinces().filter(pk=province.pk)
            self.fields["province"].initial = province


class TaskForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    ref = forms.CharField(label=_("Số thứ tự"), max_length=32, required=False)
    area = forms.ChoiceField(
        label=_("Lĩnh vực"), choices=[("", "—"), *Area.choices], required=False
    )
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 4}))


class DeliverableForm(forms.Form):
    product = forms.CharField(
        label=_("Sản phẩm"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline_raw = forms.CharField(
        label=_("Thời hạn (như văn bản ghi)"), max_length=255, required=False
    )
    deadline_kind = forms.ChoiceField(
        label=_("Loại thời hạn"), choices=Deliverable.DeadlineKind.choices
    )
    start = forms.DateField(label=_("Bắt đầu"), required=False, input_formats=DATE_FORMATS)
    due = forms.DateField(label=_("Hạn"), required=False, input_formats=DATE_FORMATS)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("due") and data["start"] > data["due"]:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước hạn."))
        if data.get("deadline_kind") == Deliverable.DeadlineKind.DATE and not data.get("due"):
            self.add_error("due", _("Thời hạn loại “có thời hạn” cần ghi ngày hạn."))
        return data


DeliverableFormSet = forms.formset_factory(DeliverableForm, extra=0, can_delete=True, min_num=0)


class MappingForm(forms.Form):
    text = forms.CharField(widget=forms.HiddenInput, max_length=255)
    choice = forms.CharField(label=_("Đơn vị trong danh mục"), max_length=40)
    new_kind = forms.ChoiceField(
        label=_("Loại (khi tạo đơn vị mới)"), choices=Kind.choices, initial=Kind.OTHER
    )
