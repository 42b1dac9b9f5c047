"""Task status in officers' words, urgency, and the dashboards' figures.

The status rule, computed in the database so lists can be filtered and counted:

- a halt reason is set                      → tạm dừng / không thực hiện
- completed, no due date or on/before it    → hoàn thành đúng hạn
- completed after the due date              → hoàn thành quá hạn
- not completed, due date passed            → chưa hoàn thành — quá hạn
- not completed otherwise                   → chưa hoàn thành — trong hạn

The due date is the task's final deadline (the latest due among its
deliverables; recurring tasks without a printed window have none). "Due soon"
is an open, in-time task due within ``CCHC_DUE_SOON_DAYS`` days.

Progress roll-up: a task with sub-tasks shows the plain average of its direct
sub-tasks' progress (each sub-task counts once), next to its own figure.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Avg, Case, CharField, Count, F, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.plans.models import Area, Plan, Task
from cchc.plans.selectors import visible_tasks


class Status:
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    OPEN_ON_TIME = "open_on_time"
    OPEN_OVERDUE = "open_overdue"
    HALTED = "halted"

    LABELS = {
        DONE_ON_TIME: _("Hoàn thành đúng hạn"),
        DONE_LATE: _("Hoàn thành quá hạn"),
        OPEN_ON_TIME: _("Chưa hoàn thành — trong hạn"),
        OPEN_OVERDUE: _("Chưa hoàn thành — quá hạn"),
        HALTED: _("Tạm dừng / không thực hiện"),
    }
    ORDER = [OPEN_OVERDUE, OPEN_ON_TIME, DONE_LATE, DONE_ON_TIME, HALTED]


def today() -> datetime.date:
    return timezone.localdate()


def status_expression(day: datetime.date) -> Case:
    return Case(
        When(~Q(halted_reason=""), then=Value(Status.HALTED)),
        When(completed_on__isnull=False, due__isnull=True, then=Value(Status.DONE_ON_TIME)),
        When(
            completed_on__isnull=False, completed_on__lte=F("due"), then=Value(Status.DONE_ON_TIME)
        ),
        When(completed_on__isnull=False, then=Value(Status.DONE_LATE)),
        When(due__lt=day, then=Value(Status.OPEN_OVERDUE)),
        default=Value(Status.OPEN_ON_TIME),
        output_field=CharField(),
    )


def with_status(tasks: QuerySet[Task], day: datetime.date | None = None) -> QuerySet[Task]:
    return tasks.annotate(status=status_expression(day or today()))


def status_of(task: Task, day: datetime.date | None = None) -> str:
    """The same rule as :func:`status_expression`, for one task in memory."""
    day = day or today()
    if task.halted_reason:
        return Status.HALTED
    if task.completed_on:
        return (
            Status.DONE_ON_TIME
            if not task.due or task.completed_on <= task.due
            else Status.DONE_LATE
        )
    return Status.OPEN_OVERDUE if task.due and task.due < day else Status.OPEN_ON_TIME


def is_due_soon(task: Task, day: datetime.date | None = None) -> bool:
    day = day or today()
    return (
        status_of(task, day) == Status.OPEN_ON_TIME
        and task.due is not None
        and task.due <= day + datetime.timedelta(days=settings.CCHC_DUE_SOON_DAYS)
    )


def rolled_up_progress(task: Task) -> Decimal | None:
    """Average progress of the direct sub-tasks; None for a task without any."""
    return task.children.aggregate(avg=Avg("progress"))["avg"]


def _counts(rows) -> dict:
    """Totals per status and the completion share of a group of tasks."""
    done = rows["done_on_time"] + rows["done_late"]
    total = rows["total"]
    rows["done"] = done
    rows["percent"] = round(100 * done / total) if total else 0
    return rows


_COUNTS = {
    "total": Count("pk"),
    **{key: Count("pk", filter=Q(status=key)) for key in Status.LABELS},
}


def plan_dashboard(plan: Plan, day: datetime.date | None = None) -> dict:
    """Completion by area and by lead agency, overdue and due-soon lists, targets."""
    day = day or today()
    tasks = with_status(plan.tasks.all(), day)
    totals = _counts(tasks.aggregate(**_COUNTS))
    area_labels = dict(Area.choices)
    by_area = [
        _counts({**row, "label": area_labels.get(row["area"], _("Chưa phân lĩnh vực"))})
        for row in tasks.values("area").annotate(**_COUNTS).order_by("area")
    ]
    by_agency = [
        _counts({**row, "label": row["assignments__agency__name"]})
        for row in tasks.filter(assignments__role="lead")
        .values("assignments__agency__name")
        .annotate(**_COUNTS)
        .order_by("assignments__agency__name")
    ]
    soon = day + datetime.timedelta(days=settings.CCHC_DUE_SOON_DAYS)
    return {
        "totals": totals,
        "by_area": by_area,
        "by_agency": by_agency,
        "overdue": tasks.filter(status=Status.OPEN_OVERDUE).order_by("due", "position")[:50],
        "due_soon": tasks.filter(status=Status.OPEN_ON_TIME, due__lte=soon).order_by(
            "due", "position"
        )[:50],
        "targets": plan.targets.all(),
    }


def my_tasks(user, agency, day: datetime.date | None = None) -> QuerySet[Task]:
    """Tasks of published plans assigned to ``agency``, most urgent first.

    Order: overdue (oldest deadline first), then open by deadline (no deadline
    last), then completed and halted ones.
    """
    day = day or today()
    urgency = Case(
        When(status=Status.OPEN_OVERDUE, then=Value(0)),
        When(status=Status.OPEN_ON_TIME, then=Value(1)),
        default=Value(2),
    )
    return (
        with_status(
            visible_tasks(user).filter(
                plan__status=Plan.Status.PUBLISHED, assignments__agency=agency
            ),
            day,
        )
        .annotate(urgency=urgency, my_role=F("assignments__role"))
        .select_related("plan")
        .order_by("urgency", F("due").asc(nulls_last=True), "plan", "position")
    )


def province_overview(plans: QuerySet[Plan], day: datetime.date | None = None) -> list[dict]:
    """For a leader: each published plan's totals."""
    day = day or today()
    rows = []
    for plan in plans.filter(status=Plan.Status.PUBLISHED):
        rows.append(
            {"plan": plan, **_counts(with_status(plan.tasks.all(), day).aggregate(**_COUNTS))}
        )
    return rows
