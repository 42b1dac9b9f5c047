"""Inspection pages: the plans of the province (a new one), a plan with its quotas and
selection, a visit with its record and findings. Thin: the work is in ``services``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts import selectors as accounts
from cchc.agencies.models import Agency, Kind
from cchc.agencies.selectors import in_province
from cchc.inspections import selection, services
from cchc.inspections.models import InspectionPlan, Visit
from cchc.plans.models import Area, Plan
from cchc.web.permissions import require

QUOTA_KINDS = (Kind.DEPARTMENT, Kind.BOARD, Kind.DISTRICT, Kind.COMMUNE)
METHOD_LABELS = {
    selection.RANDOM: gettext_lazy("At random"),
    selection.STRATIFIED: gettext_lazy("Stratified (spread over districts)"),
    selection.RISK: gettext_lazy("By risk (overdue tasks, reports not sent)"),
}


def _province(user) -> Agency | None:
    return accounts.province(user)


class PlanForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=255)
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    reform_plan = forms.ModelChoiceField(
        queryset=Plan.objects.none(),
        required=False,
        label=gettext_lazy("Reform plan (its targets give the quotas; follow-up tasks go there)"),
    )

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        plans = Plan.objects.filter(status=Plan.Status.PUBLISHED)
        self.fields["reform_plan"].queryset = (
            plans.filter(province=province) if province else plans
        ).order_by("-pk")
        for kind in QUOTA_KINDS:
            self.fields[f"quota_{kind}"] = forms.DecimalField(
                label=_("At least (%%) of: %(kind)s") % {"kind": Kind(kind).label},
                min_value=0,
                max_value=100,
                decimal_places=2,
                required=False,
            )

    def quotas(self) -> dict:
        return {kind: self.cleaned_data.get(f"quota_{kind}") for kind in QUOTA_KINDS}


@login_required
def index(request):
    require(request.user, "inspections.view")
    province = _province(request.user)
    if province is None and request.method == "POST":
        province = Agency.objects.filter(pk=request.POST.get("province")).first()
    form = PlanForm(
        request.POST or None,
        province=province,
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if province is None:
            form.add_error(None, _("Choose the province."))
        else:
            try:
                found = services.create_plan(
                    request.user,
                    province,
                    data["year"],
                    data["title"],
                    form.quotas(),
                    data["reform_plan"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("inspections:plan", plan_pk=found.pk)
    plans = InspectionPlan.objects.select_related("province")
    if province is not None:
        plans = plans.filter(province=province)
    suggested = [
        (plan, services.quotas_from_targets(plan)) for plan in form.fields["reform_plan"].queryset
    ]
    return render(
        request,
        "inspections/index.html",
        {"form": form, "plans": plans, "suggested": [s for s in suggested if s[1]]},
    )


def _plan(request, plan_pk: int) -> InspectionPlan:
    found = get_object_or_404(InspectionPlan.objects.select_related("province"), pk=plan_pk)
    require(request.user, "inspections.view", found)
    return found


def _int(value, default: int) -> int:
    try:
        return min(int(value), 2**31 - 1)
    except (TypeError, ValueError):
        return default


@login_required
def plan(request, plan_pk: int):
    """Quotas, a draw (GET: a preview with ``method`` and ``seed``; POST: kept as visits)."""
    found = _plan(request, plan_pk)
    source = request.POST if request.method == "POST" else request.GET
    method = source.get("method") if source.get("method") in selection.METHODS else None
    method = method or found.method or selection.RANDOM
    seed = max(_int(source.get("seed"), found.seed or 1), 0)
    if request.method == "POST":
        services.choose(request.user, found, method, seed)
        messages.success(request, _("The units to inspect are chosen."))
        return redirect("inspections:plan", plan_pk=found.pk)
    drawn = services.draw(found, method, seed)
    names = dict(
        Agency.objects.filter(pk__in=[u.pk for u in drawn.chosen]).values_list("pk", "name")
    )
    kinds = dict(Kind.choices)
    return render(
        request,
        "inspections/plan.html",
        {
            "plan": found,
            "quotas": found.quotas.all(),
            "drawn": drawn,
            "rows": [
                {
                    "row": row,
                    "kind": kinds.get(row.kind, row.kind),
                    "names": [names[u.pk] for u in row.chosen],
                }
                for row in drawn.rows
            ],
            "method": method,
            "seed": seed,
            "methods": list(METHOD_LABELS.items()),
            "visits": found.visits.select_related("agency").prefetch_related("findings__task"),
            "can_manage": request.user.has_perm("inspections.manage", found),
        },
    )


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=gettext_lazy("Date of the visit"))
    conclusion = forms.CharField(
        label=gettext_lazy("Conclusion"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class FindingForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Finding"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    evidence = forms.CharField(
        label=gettext_lazy("Evidence (documents seen)"), required=False, max_length=2000
    )
    lead = forms.ModelChoiceField(
        queryset=Agency.objects.none(), label=gettext_lazy("Lead agency of the follow-up")
    )
    due = forms.DateField(label=gettext_lazy("Deadline of the follow-up"))
    area = forms.ChoiceField(
        choices=Area.choices, initial=Area.DIRECTION, label=gettext_lazy("Area")
    )

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = in_province(province).order_by("name")


@login_required
def visit(request, visit_pk: int):
    """A visit: its record (date, conclusion) and its findings, each a follow-up task."""
    found = get_object_or_404(
        Visit.objects.select_related("agency", "inspection_plan__province"), pk=visit_pk
    )
    inspection = found.inspection_plan
    require(request.user, "inspections.view", inspection)
    action = request.POST.get("action")
    record = VisitForm(
        request.POST if action == "record" else None,
        initial={"visited_on": found.visited_on, "conclusion": found.conclusion},
    )
    finding = FindingForm(
        request.POST if action == "finding" else None,
        province=inspection.province,
        initial={"lead": found.agency.pk},
    )
    if request.method == "POST":
        require(request.user, "inspections.manage", inspection)
        try:
            if action == "record" and record.is_valid():
                data = record.cleaned_data
                services.record_visit(request.user, found, data["visited_on"], data["conclusion"])
                messages.success(request, _("The visit is recorded."))
                return redirect("inspections:visit", visit_pk=found.pk)
            if action == "finding" and finding.is_valid():
                data = finding.cleaned_data
                made = services.add_finding(
                    request.user,
                    found,
                    data["text"],
                    data["lead"],
                    data["due"],
                    evidence=data["evidence"],
                    area=data["area"],
                )
                messages.success(
                    request,
                    _("The finding is a follow-up task %(ref)s of the reform plan.")
                    % {"ref": made.task.ref},
                )
                return redirect("inspections:visit", visit_pk=found.pk)
        except ValidationError as exc:
            (record if action == "record" else finding).add_error(None, exc)
    return render(
        request,
        "inspections/visit.html",
        {
            "visit": found,
            "plan": inspection,
            "record": record,
            "finding": finding,
            "findings": found.findings.select_related("lead", "task"),
            "can_manage": request.user.has_perm("inspections.manage", inspection),
        },
    )
