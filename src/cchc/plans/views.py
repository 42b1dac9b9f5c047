"""Plan pages: list, import or hand-writing, review (tasks, agency mapping, source), publish.

Thin: forms → services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import selectors as accounts
from cchc.accounts.models import Role
from cchc.agencies.selectors import in_province
from cchc.plans import selectors, services
from cchc.plans.forms import (
    DeliverableFormSet,
    MappingForm,
    PlanForm,
    TaskForm,
    UploadForm,
    mention_choices,
    refresh_version,
)
from cchc.plans.models import Mention, Plan, Task
from cchc.web.permissions import require

TEXT_SOURCES = (".txt", ".md")


@login_required
def plan_list(request):
    plans = selectors.with_counts(selectors.visible_plans(request.user)).select_related("province")
    return render(request, "plans/list.html", {"plans": plans})


def _own_province(user):
    """The province a plan is created for: any for the administrator, else the user's own."""
    return None if accounts.role(user) == Role.ADMIN else accounts.province(user)


@login_required
def plan_import(request):
    require(request.user, "plans.add_plan")
    form = UploadForm(
        request.POST or None, request.FILES or None, province=_own_province(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.start_import(
                form.cleaned_data["document"],
                form.cleaned_data["province"],
                request.user,
                form.cleaned_data["year"],
            )
        except ValidationError as exc:
            form.add_error("document", exc)
        else:
            return redirect("plans:detail", plan_pk=plan.pk)
    return render(request, "plans/import.html", {"form": form})


def _plan(request, plan_pk: int, perm: str = "plans.view_plan") -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("province"), pk=plan_pk)
    require(request.user, perm, plan)
    return plan


@login_required
def plan_detail(request, plan_pk: int):
    plan = _plan(request, plan_pk)
    return render(
        request,
        "plans/detail.html",
        {
            "plan": plan,
            # Queued or running: the page shows the step and reloads itself every 2 seconds.
            "extracting": plan.extraction in (Plan.Extraction.QUEUED, Plan.Extraction.RUNNING),
            "tasks": selectors.review_tasks(plan),
            "targets": plan.targets.all(),
            "unresolved": services.unresolved_mentions(plan).values("text").distinct().count(),
            "can_change": request.user.has_perm("plans.change_plan", plan),
            "has_source": plan.document_name.lower().endswith(TEXT_SOURCES),
        },
    )


@login_required
def plan_source(request, plan_pk: int):
    """The uploaded text document with numbered lines, so each task links to its row."""
    plan = _plan(request, plan_pk)
    if not plan.document or not plan.document_name.lower().endswith(TEXT_SOURCES):
        raise Http404
    with plan.document.open("rb") as handle:
        lines = handle.read().decode("utf-8", errors="replace").splitlines()
    return render(request, "plans/source.html", {"plan": plan, "lines": lines})


@login_required
def plan_mentions(request, plan_pk: int):
    plan = _plan(request, plan_pk)
    can_change = request.user.has_perm("plans.change_plan", plan) and plan.is_draft
    if request.method == "POST":
        require(request.user, "plans.change_plan", plan)
        form = MappingForm(request.POST)
        if form.is_valid():
            try:
                count = services.map_mentions(
                    plan,
                    form.cleaned_data["text"],
                    form.cleaned_data["choice"],
                    form.cleaned_data["new_kind"],
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("Linked %(count)d mentions of “%(text)s”.")
                    % {"count": count, "text": form.cleaned_data["text"]},
                )
                return redirect("plans:mentions", plan_pk=plan.pk)
        else:
            messages.error(request, _("The submitted data is not valid."))
    return render(
        request,
        "plans/mentions.html",
        {
            "plan": plan,
            "rows": selectors.mention_table(plan),
            "agencies": in_province(plan.province).filter(active=True).order_by("name"),
            "form": MappingForm(),
            "can_change": can_change,
        },
    )


@login_required
def plan_create(request):
    """A plan written by hand: its metadata first, then its tasks one by one."""
    require(request.user, "plans.add_plan")
    form = PlanForm(request.POST or None, province=_own_province(request.user))
    return _plan_form(request, form, None)


@login_required
def plan_edit(request, plan_pk: int):
    plan = _draft(request, plan_pk)
    return _plan_form(request, PlanForm(request.POST or None, instance=plan, creating=False), plan)


def _plan_form(request, form: PlanForm, plan: Plan | None):
    """Save the metadata form of a new plan (``plan`` None) or of a draft."""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        target = plan or Plan(province=data.pop("province"), created_by=request.user)
        try:
            services.save_plan(target, data, request.user, expected_version=version)
        except ValidationError as exc:
            if getattr(exc, "code", None) == "stale":
                # Saved by someone else: this user's input stays, with the new version.
                data = request.POST.copy()
                data["version"] = Plan.objects.get(pk=plan.pk).version
                form = PlanForm(data, instance=Plan.objects.get(pk=plan.pk), creating=False)
                form.is_valid()
            form.add_error(None, exc)
        else:
            messages.success(request, _("Plan details saved."))
            return redirect("plans:detail", plan_pk=target.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


def _draft(request, plan_pk: int) -> Plan:
    """A plan the user may change; 404 once published (the review pages are for drafts)."""
    plan = _plan(request, plan_pk, "plans.change_plan")
    if not plan.is_draft:
        raise Http404(_("The plan has been issued: it cannot be edited in the review step."))
    return plan


@login_required
def task_add(request, plan_pk: int):
    plan = _draft(request, plan_pk)
    return _task_form(request, plan, Task(plan=plan))


@login_required
def task_edit(request, plan_pk: int, task_pk: int):
    plan = _plan(request, plan_pk, "plans.change_plan")
    task = get_object_or_404(Task, pk=task_pk, plan=plan)
    if not plan.is_draft:
        messages.error(
            request, _("The plan has been issued: it cannot be edited in the review step.")
        )
        return redirect("tracking:task", task_pk=task.pk)
    return _task_form(request, plan, task)


def _task_form(request, plan: Plan, task: Task):
    """The form of a new task (unsaved ``task``) or of an existing one, with its deliverables."""
    initial = (
        [
            {k: getattr(d, k) for k in ("product", "deadline_raw", "deadline_kind", "start", "due")}
            for d in task.deliverables.all()
        ]
        if task.pk
        else []
    )
    form = TaskForm(
        request.POST or None,
        plan=plan,
        task=task,
        initial={
            "version": task.version if task.pk else None,
            "ref": task.ref,
            "parent": task.parent_id,
            "area": task.area,
            "content": task.content,
            **{role: mention_choices(task, role) for role in Mention.Role.values if task.pk},
        },
    )
    formset = DeliverableFormSet(request.POST or None, initial=initial, prefix="d")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        deliverables = [
            {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            services.save_task(
                task,
                data["version"],
                data,
                deliverables,
                data["lead"],
                data["coop"],
                request.user,
            )
        except ValidationError as exc:
            if getattr(exc, "code", None) == "stale":  # the input stays, with the new version
                refresh_version(
                    form, Task.objects.values_list("version", flat=True).get(pk=task.pk)
                )
                exc = services.StaleVersion(services.STALE_TASK_FORM)
            form.add_error(None, exc)
        else:
            messages.success(request, _("Task %(ref)s saved.") % {"ref": task.ref})
            return redirect(
                reverse("plans:detail", kwargs={"plan_pk": plan.pk}) + f"#task-{task.pk}"
            )
    return render(
        request,
        "plans/task_edit.html",
        {"plan": plan, "task": task, "form": form, "formset": formset},
    )


@login_required
@require_POST
def task_delete(request, plan_pk: int, task_pk: int):
    plan = _draft(request, plan_pk)
    task = get_object_or_404(Task, pk=task_pk, plan=plan)
    services.delete_task(task, request.user)
    messages.success(request, _("Deleted task %(ref)s and its subtasks.") % {"ref": task.ref})
    return redirect("plans:detail", plan_pk=plan.pk)


@login_required
@require_POST
def plan_publish(request, plan_pk: int):
    plan = _plan(request, plan_pk, "plans.change_plan")
    try:
        services.publish_plan(plan, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("plans:detail", plan_pk=plan.pk)
    messages.success(request, _("The plan has been issued and its tasks assigned to the agencies."))
    return redirect("portal:plan_dashboard", plan_pk=plan.pk)
