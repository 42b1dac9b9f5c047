"""Pages of periodic reports. Thin: reads from ``selectors``, writes through ``services``.

Routes carry only the plan and the agency; the cycle is the ``?cycle=`` query
parameter (the next report due when it is missing).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cchc.accounts import selectors as accounts
from cchc.accounts.models import Role
from cchc.agencies.models import Agency
from cchc.plans.models import Assignment, Mention, Plan
from cchc.plans.selectors import visible_plans
from cchc.reporting import documents, selectors, services, tasks
from cchc.reporting.forms import CycleFormSet, ReportForm, ReturnForm, SignatureForm
from cchc.reporting.models import AgencyReport
from cchc.web.permissions import require


def _plan(request, plan_pk: int) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("province"), pk=plan_pk)
    require(request.user, "plans.view_plan", plan)
    services.ensure_regime(plan, request.user)
    return plan


def _cycle(request, plan: Plan):
    """The cycle named by ``?cycle=`` (one of the plan's), else the next one due."""
    value = request.GET.get("cycle") or request.POST.get("cycle")
    if value:
        if not str(value).isdigit():
            raise Http404
        return get_object_or_404(selectors.cycles(plan), pk=value)
    cycle = selectors.current_cycle(plan)
    if cycle is None:
        raise Http404
    return cycle


def _with_cycle(name: str, cycle, **kwargs) -> str:
    return f"{reverse(name, kwargs=kwargs)}?cycle={cycle.pk}"


@login_required
def owed(request):
    """The reports the user's agency owes ("báo cáo phải nộp"); for others, the plans."""
    agency = accounts.agency(request.user)
    role = accounts.role(request.user)
    rows, plans = [], []
    if role == Role.FOCAL_POINT and agency is not None:
        # Plans published before regimes were read get theirs now.
        for plan in visible_plans(request.user).filter(
            status=Plan.Status.PUBLISHED,
            pk__in=Assignment.objects.filter(agency=agency).values("plan"),
            reporting_regime__isnull=True,
        ):
            services.ensure_regime(plan, request.user)
        rows = selectors.owed_reports(agency)
    else:
        plans = visible_plans(request.user).filter(status=Plan.Status.PUBLISHED)
    return render(request, "reporting/owed.html", {"agency": agency, "rows": rows, "plans": plans})


@login_required
def plan_reports(request, plan_pk: int):
    """The plan's regime and cycles; the reform office edits them here."""
    plan = _plan(request, plan_pk)
    can_change = request.user.has_perm("reporting.change_regime", plan)
    formset = None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if request.POST.get("action") == "reread":
            try:
                services.reread_regime(plan, request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request, _("Reporting schedule read again from the plan document.")
                )
            return redirect("reporting:plan", plan_pk=plan.pk)
        formset = CycleFormSet(request.POST, queryset=selectors.cycles(plan))
        if formset.is_valid():
            try:
                with transaction.atomic():
                    for form in formset.forms:
                        if not form.has_changed() or form.instance is None:
                            continue
                        if form in formset.deleted_forms:
                            if form.instance.pk:
                                services.delete_cycle(form.instance, request.user)
                            continue
                        cycle = form.save(commit=False)
                        cycle.plan = plan
                        services.save_cycle(cycle, request.user)
            except ValidationError as exc:
                if getattr(exc, "code", None) == "stale":
                    # This user's input stays, with the versions saved meanwhile.
                    data = request.POST.copy()
                    saved = dict(selectors.cycles(plan).values_list("pk", "version"))
                    for index, form in enumerate(formset.forms):
                        if form.instance.pk in saved:
                            data[f"{formset.prefix}-{index}-version"] = saved[form.instance.pk]
                    formset = CycleFormSet(data, queryset=selectors.cycles(plan))
                    formset.is_valid()
                formset._non_form_errors = formset.error_class(exc.messages)
            else:
                messages.success(request, _("Reporting periods saved."))
                return redirect("reporting:plan", plan_pk=plan.pk)
    elif can_change:
        formset = CycleFormSet(queryset=selectors.cycles(plan))

    agency = accounts.agency(request.user)
    owing = list(selectors.owing_agencies(plan))
    own = agency if agency in owing else None
    rows = []
    for cycle in selectors.cycles(plan):
        reports = selectors.cycle_reports(cycle) if owing else []
        rows.append(
            {
                "cycle": cycle,
                "sent": sum(1 for r in reports if r.submitted_at),
                "accepted": sum(1 for r in reports if r.status == AgencyReport.Status.ACCEPTED),
                "late": sum(1 for r in reports if r.late),
                "own": next((r for r in reports if own and r.agency_id == own.pk), None),
            }
        )
    return render(
        request,
        "reporting/plan.html",
        {
            "plan": plan,
            "regime": plan.reporting_regime,
            "rows": rows,
            "owing": owing,
            "own": own,
            "formset": formset,
            "can_consolidate": request.user.has_perm("reporting.view_consolidated", plan),
        },
    )


@login_required
def report(request, plan_pk: int, agency_pk: int):
    """An agency's report for one cycle: its form, or read-only with the review buttons."""
    plan = _plan(request, plan_pk)
    agency = get_object_or_404(Agency, pk=agency_pk)
    cycle = _cycle(request, plan)
    found = selectors.report_for(cycle, agency)
    require(request.user, "reporting.view_report", found)
    if not selectors.owes(plan, agency):
        raise Http404
    user = request.user
    can_edit = found.editable and user.has_perm("reporting.edit_report", found)
    can_review = found.status == AgencyReport.Status.SUBMITTED and user.has_perm(
        "reporting.review_report", found
    )
    targets = list(plan.targets.all())
    rows = selectors.agency_rows(cycle, agency)
    here = _with_cycle("reporting:report", cycle, plan_pk=plan.pk, agency_pk=agency.pk)
    form = return_form = None

    if request.method == "POST":
        action = request.POST.get("action")
        needs = (
            "reporting.review_report" if action in ("return", "accept") else "reporting.edit_report"
        )
        if not user.has_perm(needs, found):
            raise PermissionDenied
        try:
            if action in ("save", "submit"):
                form = ReportForm(request.POST, targets=targets)
                if form.is_valid():
                    found = services.save_report(
                        found,
                        user,
                        results=form.results(),
                        shortcomings=form.cleaned_data["shortcomings"],
                        causes=form.cleaned_data["causes"],
                        proposals=form.cleaned_data["proposals"],
                        values=form.values(),
                        expected_version=form.cleaned_data["version"],
                    )
                    if action == "submit":
                        services.submit_report(found, user)
                        messages.success(request, _("Report sent to the standing office."))
                    else:
                        messages.success(request, _("Draft saved."))
                    return redirect(here)
            elif action == "return":
                return_form = ReturnForm(request.POST)
                if return_form.is_valid():
                    services.return_report(found, user, return_form.cleaned_data["reason"])
                    messages.success(request, _("Report returned to the agency for revision."))
                    return redirect(here)
            elif action == "accept":
                services.accept_report(found, user)
                messages.success(request, _("Report accepted; the period's data is now locked."))
                return redirect(here)
            else:
                return HttpResponseBadRequest(_("Invalid action."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            if getattr(exc, "code", None) != "stale":
                return redirect(here)
            # Saved by someone else meanwhile: the page shows the saved report and this
            # user's text, kept in the form with the new version, to compare and save again.
            found = selectors.report_for(cycle, agency)
            can_edit = found.editable and user.has_perm("reporting.edit_report", found)
            data = request.POST.copy()
            data["version"] = found.version
            form = ReportForm(data, targets=targets)
            form.is_valid()

    if can_edit and form is None:
        values = selectors.target_values(found)
        summaries = selectors.area_summaries(rows)
        initial = {
            "version": found.version,
            "shortcomings": found.shortcomings,
            "causes": found.causes,
            "proposals": found.proposals,
        }
        for area in summaries | found.results:
            initial[f"result_{area}"] = found.results.get(area) or summaries.get(area, "")
        measured = selectors.measured_values(plan, agency, cycle.data_end)
        for target in targets:
            if target.pk in values:
                initial[f"target_{target.pk}"] = values[target.pk].value
                initial[f"target_{target.pk}_note"] = values[target.pk].note
            elif target.pk in measured:
                initial[f"target_{target.pk}"] = measured[target.pk]
        form = ReportForm(initial=initial, targets=targets)
    if can_review and return_form is None:
        return_form = ReturnForm()
    return render(
        request,
        "reporting/report.html",
        {
            "plan": plan,
            "cycle": cycle,
            "agency": agency,
            "report": found,
            "rows": rows,
            # as lead: the figures of the agency's line in Phụ lục II; cooperating apart
            "counts": selectors.count_statuses([r for r in rows if r.role == Mention.Role.LEAD]),
            "coop_counts": selectors.count_statuses(
                [r for r in rows if r.role == Mention.Role.COOP]
            ),
            "form": form if can_edit else None,
            "return_form": return_form if can_review else None,
            "values": list(selectors.target_values(found).values()),
            "history": found.history.select_related("history_user")[:20] if found.pk else [],
            "cycles": selectors.cycles(plan),
        },
    )


def _consolidated(request, plan_pk: int):
    plan = _plan(request, plan_pk)
    require(request.user, "reporting.view_consolidated", plan)
    cycle = _cycle(request, plan)
    return plan, cycle, selectors.consolidated(cycle)


@login_required
def consolidated(request, plan_pk: int):
    """The province's report for a cycle, as it will print (before download); the
    reform office sets its number, recipients and signer here."""
    plan, cycle, data = _consolidated(request, plan_pk)
    can_edit = request.user.has_perm("reporting.edit_consolidated", plan)
    form = None
    if request.method == "POST":
        form = SignatureForm(request.POST)
        if form.is_valid():
            try:
                services.save_signature(cycle, request.user, form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Number, recipients and signer saved."))
                return redirect(_with_cycle("reporting:consolidated", cycle, plan_pk=plan.pk))
    elif can_edit:
        shown = data.signature
        form = SignatureForm(
            initial={**shown, "recipients": "\n".join(str(r) for r in shown["recipients"])}
        )
    return render(
        request,
        "reporting/consolidated.html",
        {
            "plan": plan,
            "cycle": cycle,
            "data": data,
            "doc": documents.context(data),
            "cycles": selectors.cycles(plan),
            "pdf_available": documents.soffice() is not None,
            "signature_form": form if can_edit else None,
        },
    )


@login_required
def consolidated_file(request, plan_pk: int, fmt: str):
    """The consolidated report as .docx, .xlsx or (with LibreOffice) .pdf."""
    plan, cycle, data = _consolidated(request, plan_pk)
    if fmt not in ("docx", "xlsx", "pdf"):
        raise Http404
    # The period as users name it ("Quý I/2025" → quy-i-2025), not the internal kind ("year").
    period = slugify(cycle.label.replace("/", " ").replace("đ", "d").replace("Đ", "D"))
    name = f"bao-cao-cchc-{plan.pk}-{period}"
    if fmt == "pdf":
        return _consolidated_pdf(request, plan, cycle, data, name)
    if fmt == "xlsx":
        body, content_type = documents.render_xlsx(data), documents.XLSX_TYPE
    else:
        body, content_type = documents.render_docx(data), documents.DOCX_TYPE
    return _attachment(body, content_type, f"{name}.{fmt}")


def _attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _consolidated_pdf(request, plan, cycle, data, name: str):
    """The PDF is made by a background job (LibreOffice): wait for it on a page that
    reloads itself, then download it."""
    key = tasks.pdf_key(data)

    def ready():
        if default_storage.exists(tasks.path(key, "pdf")):
            with default_storage.open(tasks.path(key, "pdf"), "rb") as handle:
                return _attachment(handle.read(), documents.PDF_TYPE, f"{name}.pdf")
        if default_storage.exists(tasks.path(key, "error")):
            with default_storage.open(tasks.path(key, "error"), "rb") as handle:
                messages.error(request, handle.read().decode())
            default_storage.delete(tasks.path(key, "error"))
            return redirect(_with_cycle("reporting:consolidated", cycle, plan_pk=plan.pk))
        return None

    if (response := ready()) is not None:
        return response
    if not default_storage.exists(tasks.path(key, "docx")):
        tasks.queue_pdf(data, key)
        if (response := ready()) is not None:  # a queue that runs jobs at once
            return response
    return render(request, "reporting/preparing.html", {"plan": plan, "cycle": cycle})
