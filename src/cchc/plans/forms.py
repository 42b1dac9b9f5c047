from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.agencies.models import AgencyGroup, Kind
from cchc.agencies.selectors import in_province, provinces
from cchc.plans.models import Area, Deliverable, Mention, Plan, Task

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _limit_province(field: forms.ModelChoiceField, province) -> None:
    """The reform office works for its own province only; the administrator for any."""
    field.queryset = provinces()
    if province is not None:
        field.queryset = provinces().filter(pk=province.pk)
        field.initial = province


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
        _limit_province(self.fields["province"], province)


class PlanForm(forms.ModelForm):
    """A plan's document metadata, written by hand; ``province`` only when creating one."""

    province = forms.ModelChoiceField(queryset=provinces(), label=_("Tỉnh / thành phố"))

    class Meta:
        model = Plan
        fields = ["kind", "issuer", "number", "signed", "title", "period_start", "period_end"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, province=None, creating=True, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            _limit_province(self.fields["province"], province)
        else:
            del self.fields["province"]
        self.fields["title"].required = True
        for name in ("signed", "period_start", "period_end"):
            self.fields[name].input_formats = DATE_FORMATS
            self.fields[name].widget.format = "%d/%m/%Y"
            self.fields[name].help_text = _("dd/mm/yyyy")


def agency_choices(plan: Plan) -> list:
    """The lead / cooperating agency pickers: active units of the plan's province, then groups."""
    units = in_province(plan.province).filter(active=True).order_by("name")
    return [
        (_("Đơn vị"), [(f"a:{a.pk}", a.name) for a in units]),
        (_("Nhóm cơ quan"), [(f"g:{g.pk}", g.name) for g in AgencyGroup.objects.all()]),
    ]


def mention_choices(task: Task, role: str) -> list[str]:
    """The picker values of a task's mapped mentions of ``role`` (the form's initial)."""
    values = []
    for mention in task.mentions.filter(role=role):
        if mention.agency_id:
            values.append(f"a:{mention.agency_id}")
        elif mention.group_id:
            values.append(f"g:{mention.group_id}")
    return values


class TaskForm(forms.Form):
    """A task of a draft plan; ``version`` is empty for a new task."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    ref = forms.CharField(label=_("Số thứ tự"), max_length=32, required=False)
    parent = forms.ModelChoiceField(
        label=_("Thuộc nhiệm vụ"), queryset=Task.objects.none(), required=False
    )
    area = forms.ChoiceField(
        label=_("Lĩnh vực"), choices=[("", "—"), *Area.choices], required=False
    )
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 4}))
    lead = forms.MultipleChoiceField(
        label=_("Cơ quan chủ trì"),
        required=False,
        help_text=_("Tên cơ quan chưa gắn với danh mục được giữ nguyên; gắn ở trang gắn tên."),
    )
    coop = forms.MultipleChoiceField(label=_("Cơ quan phối hợp"), required=False)

    def __init__(self, *args, plan: Plan, task: Task | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        parents = plan.tasks.all()
        if task is not None and task.pk:
            parents = parents.exclude(pk=task.pk)
        self.fields["parent"].queryset = parents
        choices = agency_choices(plan)
        for role in (Mention.Role.LEAD, Mention.Role.COOP):
            self.fields[role].choices = choices
            self.fields[role].widget.attrs["size"] = 8


class DeliverableForm(forms.Form):
    product = forms.CharField(
        label=_("Sản phẩm"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline_raw = forms.CharField(
        label=_("Thời hạn (như văn bản ghi)"), max_length=255, required=False
    )
    deadline_kind = forms.ChoiceField(
        label=_("Loại thời hạn"),
        choices=[
            ("", _("Tự nhận từ thời hạn ghi trong văn bản")),
            *Deliverable.DeadlineKind.choices,
        ],
        required=False,
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


# One blank form to add a deliverable; left blank, it is ignored.
DeliverableFormSet = forms.formset_factory(DeliverableForm, extra=1, can_delete=True, min_num=0)


class MappingForm(forms.Form):
    text = forms.CharField(widget=forms.HiddenInput, max_length=255)
    choice = forms.CharField(label=_("Đơn vị trong danh mục"), max_length=40)
    new_kind = forms.ChoiceField(
        label=_("Loại (khi tạo đơn vị mới)"), choices=Kind.choices, initial=Kind.OTHER
    )
