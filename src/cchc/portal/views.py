"""Dashboards, task lists and their files. Figures come from ``cchc.tracking.selectors``.

Every task list takes the filters of ``TaskFilterForm`` as GET parameters and,
with ``export=xlsx`` added, returns the same filtered list as a spreadsheet
(``cchc.tracking.spreadsheets``). An agency uploads its filled "my tasks" file
back: a dry run first, then the confirmation applies it.
"""

from __future__ import annotations

import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Subquery, Value
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import selectors as accounts
from cchc.accounts.models import Role
from cchc.plans import documents
from cchc.plans.models import Plan, Task
from cchc.plans.selectors import visible_plans
from cchc.portal import selectors as portal
from cchc.tracking import selectors, services, spreadsheets
from cchc.tracking.forms import TaskFilterForm
from cchc.web.permissions import require

# Rows per page of a task list (the XLSX export has every row).
PAGE_SIZE = 50
# The uploaded file between its dry run and the confirmation (base64, in the session).
PENDING_IMPORT = "pending_task_import"
# The columns a row of "my tasks" shows (besides its annotations).
MY_TASKS_COLUMNS = ("ref", "content", "due", "plan__number")


@login_required
def home(request):
    """Each role lands on the page it uses most."""
    role = accounts.role(request.user)
    if role == Role.FOCAL_POINT:
        return redirect("portal:my_tasks")
    if role == Role.LEADER:
        return redirect("portal:late_agencies")
    if role is None:
        return redirect("accounts_users:no_role")
    return redirect("plans:list")


def _plan(request, plan_pk: int) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("province"), pk=plan_pk)
    require(request.user, "plans.view_plan", plan)
    return plan


@login_required
def plan_dashboard(request, plan_pk: int):
    plan = _plan(request, plan_pk)
    figures = selectors.plan_dashboard(plan)
    for key in ("overdue", "due_soon"):
        selectors.label_rows(figures[key], length=90)
    return render(
        request,
        "portal/plan_dashboard.html",
        {"plan": plan, "labels": selectors.Status.LABELS, **figures},
    )


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


MAX_PAGE = 10**9


def _page(tasks, number, total: int | None = None):
    """``Paginator(tasks, PAGE_SIZE).get_page(number)`` in one query: the ``total``
    given (counted more cheaply by the caller), or else counted by the page's own
    query (a count subquery, run once) instead of a second query over every task.
    Unlike a window count, it leaves the page free to stop at its last row."""
    paginator = Paginator(tasks, PAGE_SIZE)
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    number = min(number, MAX_PAGE)  # past any list: the last page, without a giant OFFSET
    if number >= 1:
        start = (number - 1) * PAGE_SIZE
        if total is None:
            count = tasks.order_by().values(one=Value(1)).annotate(n=Count("pk")).values("n")
            tasks = tasks.annotate(list_total=Subquery(count))
        rows = list(tasks[start : start + PAGE_SIZE])
        if rows:
            paginator.count = rows[0].list_total if total is None else total
            return paginator._get_page(rows, number, paginator)
    return paginator.get_page(number)  # no rows: Django's own rule (the last page)


def _task_list(request, template: str, context: dict, tasks, filename: str, total=None):
    """A filtered task list as a page, or as XLSX when the query asks ``export=xlsx``.

    ``total``: the number of tasks, when the caller can count them more cheaply.
    """
    if request.GET.get("export") == "xlsx":
        return _download(
            spreadsheets.export_tasks(tasks), f"{filename}.xlsx", spreadsheets.CONTENT_TYPE
        )
    # The page shows PAGE_SIZE tasks at a time; the export above takes them all.
    page = _page(tasks, request.GET.get("page"), total)
    selectors.label_rows(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    page_query = query.urlencode()
    query["export"] = "xlsx"
    return render(
        request,
        template,
        {
            **context,
            "tasks": page,
            "page": page,
            "page_query": f"{page_query}&" if page_query else "",
            "labels": selectors.Status.LABELS,
            "export_query": query,
        },
    )


@login_required
def plan_tasks(request, plan_pk: int):
    """All tasks of a plan, filterable (overdue and due-soon are two of the filters)."""
    plan = _plan(request, plan_pk)
    form = TaskFilterForm(request.GET, province=plan.province)
    tasks = selectors.filter_tasks(selectors.plan_tasks(plan), form.filters())
    return _task_list(
        request,
        "portal/plan_tasks.html",
        {"plan": plan, "form": form},
        selectors.for_listing(tasks),
        f"nhiem-vu-ke-hoach-{plan.pk}",
    )


@login_required
def my_tasks(request):
    agency = accounts.agency(request.user)
    form = TaskFilterForm(request.GET)
    tasks, total = Task.objects.none(), None
    if agency:
        filters = form.filters()
        tasks = selectors.filter_tasks(selectors.my_tasks(request.user, agency), filters)
        if not any(filters.values()):
            total = selectors.count_my_tasks(request.user, agency)
    listing = selectors.for_listing(tasks)
    if request.GET.get("export") != "xlsx":
        # The page shows no parent, agency or product, and of each row only these
        # columns (status, role and progress are annotations): narrower rows to sort.
        listing = listing.prefetch_related(None).only(*MY_TASKS_COLUMNS)
    return _task_list(
        request,
        "portal/my_tasks.html",
        {"agency": agency, "form": form},
        listing,
        "nhiem-vu-cua-toi",
        total,
    )


@login_required
def my_tasks_import(request):
    """Upload a filled "my tasks" file: a dry run lists what would change and each row's errors."""
    report = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        limit = settings.CCHC_MAX_DOCUMENT_MB * 1024 * 1024
        try:
            if upload is None:
                raise ValidationError(_("Choose the .xlsx file downloaded from this page."))
            if upload.size > limit:
                raise ValidationError(
                    _("The file is too large; the limit is %(limit)d MB.")
                    % {"limit": settings.CCHC_MAX_DOCUMENT_MB}
                )
            data = upload.read()
            report = services.import_updates(request.user, data, dry_run=True)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            request.session[PENDING_IMPORT] = base64.b64encode(data).decode("ascii")
    return render(request, "portal/my_tasks_import.html", {"report": report})


@login_required
@require_POST
def my_tasks_import_confirm(request):
    """Apply the file of the last dry run: every valid row, in one transaction."""
    pending = request.session.pop(PENDING_IMPORT, None)
    if pending is None:
        messages.error(request, _("No file is waiting for confirmation. Upload the file again."))
        return redirect("portal:my_tasks_import")
    report = services.import_updates(request.user, base64.b64decode(pending), dry_run=False)
    messages.success(request, _("Updated %(count)d tasks.") % {"count": len(report.changed)})
    for row in report.failed:
        for column, reason in row.errors:
            messages.error(
                request,
                _("Row %(row)d, column “%(column)s”: %(reason)s — not updated.")
                % {"row": row.number, "column": column, "reason": reason},
            )
    return redirect("portal:my_tasks")


@login_required
def plan_export(request, plan_pk: int, fmt: str):
    """The whole plan (metadata, tasks, targets) as XLSX or as a Word document."""
    plan = _plan(request, plan_pk)
    tasks = selectors.for_listing(selectors.plan_tasks(plan))
    if fmt == "xlsx":
        data, content_type = spreadsheets.export_plan(plan, tasks), spreadsheets.CONTENT_TYPE
    elif fmt == "docx":
        data = documents.render_plan(
            plan,
            spreadsheets.plan_facts(plan),
            spreadsheets.text_rows(spreadsheets.PLAN_TASKS, tasks),
        )
        content_type = documents.CONTENT_TYPE
    else:
        raise Http404
    return _download(data, f"ke-hoach-{plan.pk}.{fmt}", content_type)


@login_required
def overview(request):
    return render(
        request,
        "portal/overview.html",
        {
            "rows": selectors.province_overview(visible_plans(request.user)),
            "province": accounts.province(request.user),
        },
    )


@login_required
def late_agencies(request):
    """The leader's screen: agencies ranked by overdue tasks and reports not sent."""
    require(request.user, "portal.view_late_agencies")
    sort = request.GET.get("sort", "overdue")
    if sort not in portal.SORTS:
        sort = "overdue"
    return render(
        request,
        "portal/late_agencies.html",
        {
            "rows": portal.late_agencies(visible_plans(request.user), sort=sort),
            "sort": sort,
            "sort_choices": [
                ("overdue", _("most overdue tasks")),
                ("days", _("longest late")),
                ("reports", _("most reports not sent")),
                ("name", _("name")),
            ],
            "overdue_status": selectors.Status.OPEN_OVERDUE,
            "province": accounts.province(request.user),
            "day": selectors.today(),
        },
    )


@login_required
def indicators(request):
    """Every issued plan's indicators, one block per plan (the plan dashboard's block)."""
    plans = visible_plans(request.user).filter(status=Plan.Status.PUBLISHED).order_by("-pk")
    return render(
        request,
        "portal/indicators.html",
        {"plans": plans, "province": accounts.province(request.user)},
    )
