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
    document = forms.FileField(label=_("Plan document (.docx, .pdf, .txt, .html, .md)"))
    province = forms.ModelChoiceField(queryset=provinces(), label=_("Province / city"))
    year = forms.IntegerField(
        label=_("Year of the plan (if the document does not state it)"),
        required=False,
        min_value=2000,
        max_value=2100,
    )

    def __init__(self, *args, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_province(self.fields["province"], province)


class PlanForm(forms.ModelForm):
    """A plan's document metadata, written by hand; ``province`` only when creating one."""

    province = forms.ModelChoiceField(queryset=provinces(), label=_("Province / city"))
    # The plan's version when the form was opened (editing only; the page always sends it,
    # a client that leaves it out saves without the check): see services.save_plan.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Plan
        fields = ["kind", "issuer", "number", "signed", "title", "period_start", "period_end"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, province=None, creating=True, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            _limit_province(self.fields["province"], province)
            del self.fields["version"]
        else:
            del self.fields["province"]
            self.initial.setdefault("version", self.instance.version)
        self.fields["title"].required = True
        for name in ("signed", "period_start", "period_end"):
            self.fields[name].input_formats = DATE_FORMATS
            self.fields[name].widget.format = "%d/%m/%Y"
            self.fields[name].help_text = _("dd/mm/yyyy")


def agency_choices(plan: Plan) -> list:
    """The lead / cooperating agency pickers: active units of the plan's province, then groups."""
    units = in_province(plan.province).filter(active=True).order_by("name")
    return [
        (_("Unit"), [(f"a:{a.pk}", a.name) for a in units]),
        (_("Agency group"), [(f"g:{g.pk}", g.name) for g in AgencyGroup.objects.all()]),
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
    ref = forms.CharField(label=_("Item number"), max_length=32, required=False)
    parent = forms.ModelChoiceField(
        label=_("Part of task"), queryset=Task.objects.none(), required=False
    )
    area = forms.ChoiceField(label=_("Area"), choices=[("", "—"), *Area.choices], required=False)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 4}))
    lead = forms.MultipleChoiceField(
        label=_("Lead agency"),
        required=False,
        help_text=_(
            "Agency names not yet linked to the directory are kept; link them on the "
            "name-linking page."
        ),
    )
    coop = forms.MultipleChoiceField(label=_("Cooperating agencies"), required=False)

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


def refresh_version(form: forms.Form, version: int) -> None:
    """Keep a form refused as stale with its user's input, but with the version saved
    meanwhile: saving it again is then a deliberate overwrite, not a second refusal."""
    data = form.data.copy()
    data[form.add_prefix("version")] = version
    form.data = data


class DeliverableForm(forms.Form):
    product = forms.CharField(
        label=_("Output"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline_raw = forms.CharField(
        label=_("Deadline (as written in the document)"), max_length=255, required=False
    )
    deadline_kind = forms.ChoiceField(
        label=_("Deadline kind"),
        choices=[
            ("", _("Worked out from the deadline written in the document")),
            *Deliverable.DeadlineKind.choices,
        ],
        required=False,
    )
    start = forms.DateField(label=_("Start"), required=False, input_formats=DATE_FORMATS)
    due = forms.DateField(label=_("Due"), required=False, input_formats=DATE_FORMATS)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("due") and data["start"] > data["due"]:
            raise forms.ValidationError(_("The start date must be before the due date."))
        if data.get("deadline_kind") == Deliverable.DeadlineKind.DATE and not data.get("due"):
            self.add_error("due", _("A deadline of kind “fixed deadline” needs a due date."))
        return data


# One blank form to add a deliverable; left blank, it is ignored.
DeliverableFormSet = forms.formset_factory(DeliverableForm, extra=1, can_delete=True, min_num=0)


class MappingForm(forms.Form):
    text = forms.CharField(widget=forms.HiddenInput, max_length=255)
    choice = forms.CharField(label=_("Unit in the directory"), max_length=40)
    new_kind = forms.ChoiceField(
        label=_("Kind (when creating a new unit)"), choices=Kind.choices, initial=Kind.OTHER
    )


class ReasonMixin(forms.Form):
    reason = forms.CharField(
        label=_("Reason (for example the number of the amending decision)"),
        max_length=100,
        widget=forms.TextInput(attrs={"size": 60}),
    )


class AmendPlanForm(PlanForm, ReasonMixin):
    """An issued plan's details, changed by a decision whose reference is the reason."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, creating=False, **kwargs)
        self.order_fields([name for name in self.fields if name != "reason"] + ["reason"])


class AmendTaskForm(TaskForm, ReasonMixin):
    """A task added to (or amended in) an issued plan; the reason comes last."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields([name for name in self.fields if name != "reason"] + ["reason"])


class UnpublishForm(ReasonMixin):
    pass
