"""The task page (status, timeline, history, update form) and the evidence download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cchc.plans.forms import refresh_version
from cchc.plans.models import Assignment, Task
from cchc.plans.services import STALE_TASK_FORM, StaleVersion
from cchc.tracking import periods, selectors, services
from cchc.tracking.forms import UpdateForm
from cchc.tracking.models import Evidence, TaskUpdate
from cchc.web.permissions import require

Action = TaskUpdate.Action


def allowed_actions(user, task: Task) -> list[str]:
    actions = []
    if user.has_perm("tracking.lead_task", task):
        actions += [Action.PROGRESS, Action.DONE, Action.HALT, Action.REOPEN]
    if user.has_perm("tracking.contribute_task", task):
        actions.append(Action.CONTRIBUTION)
    return actions


@login_required
def task_detail(request, task_pk: int):
    # The agencies are read with the task (one query for the page's list and for the
    # lead / contributor checks, which use them), the sub-tasks' average in the same query.
    assignments = Assignment.objects.select_related("agency").order_by("-role", "agency__name")
    task = get_object_or_404(
        selectors.with_rolled_up(Task.objects.select_related("plan", "parent")).prefetch_related(
            Prefetch("assignments", queryset=assignments)
        ),
        pk=task_pk,
    )
    require(request.user, "plans.view_task", task)
    actions = allowed_actions(request.user, task)
    # A recurring task is reported per period (cchc.tracking.periods): none for other tasks.
    deliverables = list(task.deliverables.all())
    task_periods = periods.task_periods(task, deliverables)
    current = periods.current_period(task_periods)
    form = None
    if request.method == "POST":
        if not actions:
            raise PermissionDenied
        form = UpdateForm(
            request.POST, request.FILES, actions=actions, periods=task_periods, current=current
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.post_update(
                    task,
                    request.user,
                    expected_version=data["version"],
                    action=data["action"],
                    note=data["note"],
                    progress=data["progress"],
                    completed_on=data["completed_on"],
                    files=data["files"],
                    period=data.get("period"),
                )
            except ValidationError as exc:
                if getattr(exc, "code", None) == "stale":  # the input stays, with the new version
                    refresh_version(
                        form, Task.objects.values_list("version", flat=True).get(pk=task.pk)
                    )
                    exc = StaleVersion(STALE_TASK_FORM)
                form.add_error(None, exc)
            else:
                messages.success(request, _("Update recorded."))
                return redirect("tracking:task", task_pk=task.pk)
    elif actions:
        form = UpdateForm(
            initial={"version": task.version, "progress": task.progress},
            actions=actions,
            periods=task_periods,
            current=current,
        )
    updates = list(task.updates.select_related("author", "agency").prefetch_related("evidence"))
    selectors.describe_updates(updates)
    notes_hidden = not request.user.has_perm("tracking.view_notes", task)
    if notes_hidden:  # other agencies see the status, not the notes and files (tracking/rules.py)
        for update in updates:
            update.note, update.files = "", []
    period_rows = periods.period_rows(task_periods, updates)
    if task_periods:
        status = periods.task_status(task, period_rows)
        due_soon = periods.is_due_soon(period_rows, status)
        periods.label_updates(updates, task_periods)
    else:
        status = selectors.status_of(task)
        due_soon = selectors.is_due_soon(task)
    rolled_up = task.rolled_up
    return render(
        request,
        "tracking/task.html",
        {
            "task": task,
            "status": status,
            "status_label": selectors.Status.LABELS[status],
            "due_soon": due_soon,
            "rolled_up": rolled_up,
            "progress": selectors.shown_progress(task, rolled_up),
            "deliverables": deliverables,
            "period_rows": period_rows,
            "current_period": current,
            "assignments": task.assignments.all(),
            "updates": updates,
            "history": selectors.history(task),
            "form": form,
            "notes_hidden": notes_hidden,
        },
    )


@login_required
def evidence_download(request, evidence_pk: int):
    """Serve an evidence file to those who may read its task's notes, always as a download."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("update__task__plan"), pk=evidence_pk
    )
    require(request.user, "tracking.view_notes", evidence.update.task)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
