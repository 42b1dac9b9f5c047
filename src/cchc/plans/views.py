"""Plan pages: list, import or hand-writing, review (tasks, agency mapping, source), publish.

Thin: forms → services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import selectors as accounts
from cchc.accounts.models import Role
from cchc.agencies.models import AgencyGroup
from cchc.agencies.selectors import in_province
from cchc.plans import selectors, services
from cchc.plans.forms import (
    AmendPlanForm,
    AmendTaskForm,
    DeliverableFormSet,
    MappingForm,
    PlanForm,
    TaskForm,
    UnpublishForm,
    UploadForm,
    mention_choices,
    refresh_version,
)
from cchc.plans.models import Mention, Plan, PlanSource, Task
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
    only = request.GET.get("only", "")
    only = only if only in selectors.REVIEW_FILTERS else ""
    all_tasks = selectors.review_tasks(plan)
    tasks = list(selectors.filter_review(all_tasks, only))
    text_source = plan.document_name.lower().endswith(TEXT_SOURCES)
    for task in tasks:
        line = (task.source or {}).get("line")
        if text_source:
            task.anchor = f"L{line}" if line else ""
        else:
            task.anchor = selectors.source_anchor(task.source)
    can_change = request.user.has_perm("plans.change_plan", plan)
    return render(
        request,
        "plans/detail.html",
        {
            "plan": plan,
            # Queued or running: the page shows the step and reloads itself every 2 seconds.
            "extracting": plan.extraction in (Plan.Extraction.QUEUED, Plan.Extraction.RUNNING),
            "tasks": tasks,
            "only": only,
            "task_total": all_tasks.count(),
            "doubt_total": selectors.filter_review(all_tasks, "doubts").count(),
            "unmapped_total": selectors.filter_review(all_tasks, "unmapped").count(),
            "targets": plan.targets.all(),
            "unresolved": selectors.unlinked_names(plan),
            "can_change": can_change,
            "has_source": _has_source(plan),
            "other_issuer": selectors.issuer_mismatch(plan) if can_change else "",
            "deleted": selectors.deleted_tasks(plan) if plan.is_draft and can_change else [],
            "history": plan.history.select_related("history_user")[:20] if can_change else [],
        },
    )


def _has_source(plan: Plan) -> bool:
    if not plan.document:
        return False
    if plan.document_name.lower().endswith(TEXT_SOURCES):
        return True
    return PlanSource.objects.filter(plan=plan).exists() or plan.document_name.lower().endswith(
        LAYOUT_ON_DEMAND
    )


# Formats read again when a plan extracted before the layout was stored is viewed
# (quick to read; a PDF may need OCR, which is not run for a page view).
LAYOUT_ON_DEMAND = (".docx", ".html", ".htm")


@login_required
def plan_source(request, plan_pk: int):
    """The uploaded document as the extraction read it: numbered lines of a text file, or
    the paragraphs and tables of a .docx, .pdf or .html with each table row's place, so
    that a task's "bảng 1 dòng 3" links to that row."""
    plan = _plan(request, plan_pk)
    if not _has_source(plan):
        raise Http404
    if plan.document_name.lower().endswith(TEXT_SOURCES):
        with plan.document.open("rb") as handle:
            lines = handle.read().decode("utf-8", errors="replace").splitlines()
        return render(request, "plans/source.html", {"plan": plan, "lines": lines})
    stored = PlanSource.objects.filter(plan=plan).first()
    if stored is None:
        from cchc.extraction import UnreadableDocument
        from cchc.extraction.readers import read as read_document

        try:
            services.store_layout(plan, read_document(plan.document.path))
        except UnreadableDocument as exc:
            messages.error(request, exc.reason)
            return redirect("plans:detail", plan_pk=plan.pk)
        stored = PlanSource.objects.get(plan=plan)
    blocks = []
    for block in stored.blocks:
        block = dict(block)
        block["anchor"] = selectors.source_anchor(block.get("source") or {})
        if "rows" in block:
            block["rows"] = [
                {**row, "anchor": selectors.source_anchor(row.get("source") or {})}
                for row in block["rows"]
            ]
        blocks.append(block)
    return render(request, "plans/source_layout.html", {"plan": plan, "blocks": blocks})


@login_required
def plan_download(request, plan_pk: int):
    """The uploaded document itself, as it was uploaded."""
    plan = _plan(request, plan_pk)
    if not plan.document:
        raise Http404
    return FileResponse(
        plan.document.open("rb"), as_attachment=True, filename=plan.document_name or None
    )


def _picked_choices(request) -> list[tuple[str, str]]:
    """The (name, choice) pairs of the mapping form: the row whose own button was pressed,
    or every ticked row ("Xác nhận các dòng đã chọn")."""
    if "text" in request.POST:  # one name, as the form of a single row posts it
        return [(request.POST["text"].strip()[:255], request.POST.get("choice", ""))]
    keys = [request.POST["only"]] if request.POST.get("only") else request.POST.getlist("pick")
    pairs = []
    for key in keys:
        text = request.POST.get(f"text-{key}", "").strip()[:255]
        if text:
            pairs.append((text, request.POST.get(f"choice-{key}", "")))
    return pairs


@login_required
def plan_mentions(request, plan_pk: int):
    plan = _plan(request, plan_pk)
    can_change = request.user.has_perm("plans.change_plan", plan) and plan.is_draft
    if request.method == "POST":
        require(request.user, "plans.change_plan", plan)
        pairs = _picked_choices(request)
        try:
            count = services.confirm_mappings(
                plan, pairs, request.user, request.POST.get("new_kind") or "other"
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if len(pairs) == 1:
                message = _("Linked %(count)d mentions of “%(text)s”.") % {
                    "count": count,
                    "text": pairs[0][0],
                }
            else:
                message = _("Linked %(names)d names (%(count)d mentions).") % {
                    "names": len(pairs),
                    "count": count,
                }
            messages.success(
                request, message + " " + _("The choice is remembered for the next imports.")
            )
            return redirect("plans:mentions", plan_pk=plan.pk)
    query = request.GET.get("q", "").strip()[:100]
    rows = selectors.mention_table(plan)
    for index, row in enumerate(rows):
        row["key"] = str(index)
        row["pre_suggested"] = row["preselected"] in {s.value for s in row["suggestions"]}
    target = request.GET.get("for", "")
    return render(
        request,
        "plans/mentions.html",
        {
            "plan": plan,
            "rows": rows,
            "agencies": in_province(plan.province).filter(active=True).order_by("name"),
            "groups": AgencyGroup.objects.all(),
            "form": MappingForm(),
            "can_change": can_change,
            "query": query,
            "target": target,
            "results": selectors.search_directory(plan.province, query) if query else [],
            "open_names": [row["text"] for row in rows if not row["mention"].resolved],
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
    if not plan.is_draft:  # an issued plan's task is changed by amendment, with a reason
        return redirect("plans:task_amend", plan_pk=plan.pk, task_pk=task.pk)
    return _task_form(request, plan, task)


def _task_initial(task: Task) -> dict:
    """A task's fields as its edit and amend forms show them."""
    return {
        "version": task.version if task.pk else None,
        "ref": task.ref,
        "parent": task.parent_id,
        "area": task.area,
        "content": task.content,
        **{role: mention_choices(task, role) for role in Mention.Role.values if task.pk},
    }


def _deliverables_initial(task: Task) -> list[dict]:
    if not task.pk:
        return []
    fields = ("product", "deadline_raw", "deadline_kind", "start", "due")
    return [{k: getattr(d, k) for k in fields} for d in task.deliverables.all()]


def _kept_deliverables(formset) -> list[dict]:
    """The deliverables a submitted formset keeps (filled and not marked for deletion)."""
    return [
        {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


def _refused(form, task: Task, exc: ValidationError) -> None:
    """Show a refused save on the form; a stale one keeps the input, with the new version."""
    if getattr(exc, "code", None) == "stale":
        refresh_version(form, Task.objects.values_list("version", flat=True).get(pk=task.pk))
        exc = services.StaleVersion(services.STALE_TASK_FORM)
    form.add_error(None, exc)


def _saved(request, plan: Plan, task: Task):
    messages.success(request, _("Task %(ref)s saved.") % {"ref": task.ref})
    return redirect(reverse("plans:detail", kwargs={"plan_pk": plan.pk}) + f"#task-{task.pk}")


def _task_form(request, plan: Plan, task: Task):
    """The form of a new task (unsaved ``task``) or of an existing one, with its deliverables."""
    form = TaskForm(request.POST or None, plan=plan, task=task, initial=_task_initial(task))
    formset = DeliverableFormSet(
        request.POST or None, initial=_deliverables_initial(task), prefix="d"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            services.save_task(
                task,
                data["version"],
                data,
                _kept_deliverables(formset),
                data["lead"],
                data["coop"],
                request.user,
            )
        except ValidationError as exc:
            _refused(form, task, exc)
        else:
            return _saved(request, plan, task)
    return render(
        request,
        "plans/task_edit.html",
        {"plan": plan, "task": task, "form": form, "formset": formset},
    )


@login_required
def task_delete(request, plan_pk: int, task_pk: int):
    """GET: what deleting would remove, and a button to confirm; POST: delete (undoable)."""
    plan = _draft(request, plan_pk)
    task = get_object_or_404(Task, pk=task_pk, plan=plan)
    if request.method != "POST":
        return render(
            request,
            "plans/task_delete.html",
            {"plan": plan, "task": task, "subtasks": selectors.subtask_count(task)},
        )
    count = services.soft_delete_task(task, request.user)
    messages.success(
        request,
        _(
            "Deleted task %(ref)s and %(count)d subtasks. Until the plan is issued you can "
            "undo it (“Undo” below)."
        )
        % {"ref": task.ref, "count": count},
    )
    return redirect(reverse("plans:detail", kwargs={"plan_pk": plan.pk}) + "#deleted")


@login_required
@require_POST
def task_restore(request, plan_pk: int, task_pk: int):
    plan = _draft(request, plan_pk)
    task = get_object_or_404(Task.all_objects, pk=task_pk, plan=plan)
    try:
        services.restore_task(task, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Task %(ref)s restored.") % {"ref": task.ref})
    return redirect(reverse("plans:detail", kwargs={"plan_pk": plan.pk}) + f"#task-{task.pk}")


@login_required
def plan_publish(request, plan_pk: int):
    """GET: what issuing will do (tasks, agencies), and a button to confirm; POST: issue."""
    plan = _plan(request, plan_pk, "plans.change_plan")
    if request.method != "POST":
        if not plan.is_draft:
            return redirect("plans:detail", plan_pk=plan.pk)
        return render(
            request,
            "plans/publish_confirm.html",
            {
                "plan": plan,
                "preview": selectors.publish_preview(plan),
                "other_issuer": selectors.issuer_mismatch(plan),
            },
        )
    try:
        services.publish_plan(plan, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("plans:detail", plan_pk=plan.pk)
    messages.success(request, _("The plan has been issued and its tasks assigned to the agencies."))
    return redirect("portal:plan_dashboard", plan_pk=plan.pk)


# --- amending an issued plan -----------------------------------------------------------


def _issued(request, plan_pk: int) -> Plan:
    plan = _plan(request, plan_pk, "plans.change_plan")
    if plan.is_draft:
        raise Http404(_("The plan is still in review: edit it in the review step."))
    return plan


@login_required
def plan_amend(request, plan_pk: int):
    plan = _issued(request, plan_pk)
    form = AmendPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason, version = data.pop("reason"), data.pop("version", None)
        try:
            services.amend_plan(plan, data, reason, request.user, expected_version=version)
        except services.StaleVersion as exc:
            form.add_error(None, exc)
            refresh_version(form, Plan.objects.values_list("version", flat=True).get(pk=plan.pk))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The issued plan has been amended."))
            return redirect("plans:detail", plan_pk=plan.pk)
    return render(request, "plans/amend.html", {"form": form, "plan": plan, "task": None})


@login_required
def task_amend(request, plan_pk: int, task_pk: int | None = None):
    """Add a task to an issued plan, or amend one of its tasks."""
    plan = _issued(request, plan_pk)
    task = get_object_or_404(Task, pk=task_pk, plan=plan) if task_pk else Task(plan=plan)
    form = AmendTaskForm(request.POST or None, plan=plan, task=task, initial=_task_initial(task))
    formset = DeliverableFormSet(
        request.POST or None, initial=_deliverables_initial(task), prefix="d"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            services.amend_task(
                task,
                data["version"],
                data,
                _kept_deliverables(formset),
                data["lead"],
                data["coop"],
                data["reason"],
                request.user,
            )
        except ValidationError as exc:
            _refused(form, task, exc)
        else:
            return _saved(request, plan, task)
    return render(
        request,
        "plans/amend.html",
        {"plan": plan, "task": task, "form": form, "formset": formset},
    )


@login_required
def plan_unpublish(request, plan_pk: int):
    plan = _issued(request, plan_pk)
    form = UnpublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unpublish_plan(plan, form.cleaned_data["reason"], request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The plan is back in review; its agencies no longer see it.")
            )
            return redirect("plans:detail", plan_pk=plan.pk)
    return render(request, "plans/unpublish.html", {"form": form, "plan": plan})
