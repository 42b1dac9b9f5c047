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
sub-tasks' progress (each sub-task counts once), unless somebody overrode it:
then its own figure, next to the roll-up and the reason given.
"""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Avg,
    Case,
    CharField,
    DecimalField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from cchc.plans.models import CLOSED_FIRST_KEY, Area, Assignment, Mention, Plan, Task
from cchc.plans.selectors import visible_plans, visible_tasks
from cchc.tracking import timeline


class Status:
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    OPEN_ON_TIME = "open_on_time"
    OPEN_OVERDUE = "open_overdue"
    HALTED = "halted"

    LABELS = {
        DONE_ON_TIME: _("Completed on time"),
        DONE_LATE: _("Completed late"),
        OPEN_ON_TIME: _("Unfinished — within deadline"),
        OPEN_OVERDUE: _("Unfinished — overdue"),
        HALTED: _("Halted / not carried out"),
    }
    ORDER = [OPEN_OVERDUE, OPEN_ON_TIME, DONE_LATE, DONE_ON_TIME, HALTED]


# The deadline timeline's layers, bottom-up.
TIMELINE_SERIES = [
    timeline.Series(_("Completed"), (Status.DONE_ON_TIME, Status.DONE_LATE), "done"),
    timeline.Series(Status.LABELS[Status.OPEN_ON_TIME], (Status.OPEN_ON_TIME,), "open"),
    timeline.Series(Status.LABELS[Status.OPEN_OVERDUE], (Status.OPEN_OVERDUE,), "overdue"),
    timeline.Series(Status.LABELS[Status.HALTED], (Status.HALTED,), "halted"),
]


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
    return status_for(task.halted_reason, task.completed_on, task.due, day or today())


def status_for(
    halted_reason: str, completed_on: datetime.date | None, due: datetime.date | None, day
) -> str:
    """:func:`status_of` on the three stored fields it reads."""
    if halted_reason:
        return Status.HALTED
    if completed_on:
        return Status.DONE_ON_TIME if not due or completed_on <= due else Status.DONE_LATE
    return Status.OPEN_OVERDUE if due and due < day else Status.OPEN_ON_TIME


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


def _children_average() -> Subquery:
    """The average progress of the direct sub-tasks of the outer query's task."""
    return Subquery(
        Task.objects.filter(parent=OuterRef("pk"))
        .order_by()
        .values("parent")
        .annotate(avg=Avg("progress"))
        .values("avg")
    )


def with_rolled_up(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Annotate ``rolled_up``: :func:`rolled_up_progress` of each task, in the same query."""
    return tasks.annotate(rolled_up=_children_average())


@functools.cache
def _history_fields() -> tuple:
    """The task fields its history records keep and the change log compares: all
    the historical model has, but the id and the edit counter (``version``)."""
    kept = {field.attname for field in Task.history.model._meta.fields}
    return tuple(
        field
        for field in Task._meta.concrete_fields
        if field.attname in kept and field.attname not in ("id", "version")
    )


def history(task: Task, limit: int = 50) -> list[dict]:
    """The task's latest ``limit`` history records, newest first, in one query.

    Each record is a dict: ``when`` (local time, dd/mm/yyyy hh:mm), ``user``
    (who changed it, or None) and ``changes``, the fields that differ from the
    record before it as :func:`_readable_change` shows them (``None`` for the
    record that created the task). The record before the oldest shown one is read
    in the same query; rows are read as values, not as model instances.
    """
    fields = _history_fields()
    rows = list(
        task.history.values(
            "history_date", "history_user__username", *(field.attname for field in fields)
        )[: limit + 1]
    )
    records = []
    for row, older in zip(rows[:limit], [*rows[1:], None], strict=False):
        changes = None
        if older is not None:
            changes = [
                _readable_change(field, older[field.attname], row[field.attname])
                for field in fields
                if row[field.attname] != older[field.attname]
            ]
        when = timezone.localtime(row["history_date"]).strftime("%d/%m/%Y %H:%M")
        records.append({"when": when, "user": row["history_user__username"], "changes": changes})
    return records


def _readable_change(field, old, new) -> dict:
    """A change of ``field`` as people read it: the field's name, displayed values."""
    choices = dict(field.choices or ())

    def display(value) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return str(choices.get(value, value))

    return {"label": field.verbose_name, "old": display(old), "new": display(new)}


def shown_progress(task: Task, rolled_up: Decimal | None) -> Decimal:
    """The figure to show for ``task``: the roll-up, unless there is none or it is overridden."""
    return task.progress if rolled_up is None or task.progress_override else rolled_up


def with_progress(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Annotate ``shown_progress``: the same rule as :func:`shown_progress`, in the database."""
    # No sub-tasks (the subquery is NULL) or an override: the task's own figure.
    roll_up = Case(When(progress_override="", then=_children_average()))
    return tasks.annotate(
        shown_progress=Coalesce(
            roll_up, F("progress"), output_field=DecimalField(max_digits=5, decimal_places=2)
        )
    )


def count_statuses(statuses) -> dict:
    """The figures of a group of tasks, from each task's status (``Status``): ``total``,
    one count per status, ``done`` (completed on time or late) and ``percent`` (done
    of total, rounded). Every page, report, export and API answer that counts tasks
    by status counts here."""
    counts = {"total": 0, **dict.fromkeys(Status.LABELS, 0)}
    for status in statuses:
        counts[status] += 1
        counts["total"] += 1
    done = counts[Status.DONE_ON_TIME] + counts[Status.DONE_LATE]
    counts["done"] = done
    counts["percent"] = round(100 * done / counts["total"]) if counts["total"] else 0
    return counts


# The dashboard's short task lists show a task's number, text and deadline: the
# most urgent few, with the count and a link to the whole filtered list.
LIST_COLUMNS = ("plan", "ref", "content", "due")
LIST_LENGTH = 10


def plan_dashboard(plan: Plan, day: datetime.date | None = None) -> dict:
    """Completion by area and by lead agency, overdue and due-soon lists, the
    deadline timeline (the targets come from ``cchc.indicators``).

    Three plain queries: each task's status fields, the lead agencies, and the
    rows of the two lists. The statuses are worked out here by :func:`status_for`,
    the rule :func:`status_expression` applies in SQL: counting a plan's few
    hundred rows in Python costs less than building grouped CASE queries.
    """
    day = day or today()
    soon = day + datetime.timedelta(days=settings.CCHC_DUE_SOON_DAYS)
    statuses: dict[int, str] = {}
    areas: dict[str, list[str]] = {}
    deadlines = []  # (due, status) of every task: the timeline
    overdue, due_soon_rows = [], []  # (due, position, pk): the lists' order
    fields = ("pk", "area", "halted_reason", "completed_on", "due", "position")
    for pk, area, halted_reason, completed_on, due, position in plan.tasks.values_list(*fields):
        status = statuses[pk] = status_for(halted_reason, completed_on, due, day)
        areas.setdefault(area, []).append(status)
        deadlines.append((due, status))
        if status == Status.OPEN_OVERDUE:
            overdue.append((due, position, pk))
        elif status == Status.OPEN_ON_TIME and due is not None and due <= soon:
            due_soon_rows.append((due, position, pk))
    agencies: dict[str, list[str]] = {}
    leads = Assignment.objects.filter(plan=plan, role=Mention.Role.LEAD)
    for task_id, name in leads.values_list("task_id", "agency__name"):
        agencies.setdefault(name, []).append(statuses[task_id])
    area_labels = dict(Area.choices)
    overdue = [pk for *_order, pk in sorted(overdue)[:LIST_LENGTH]]
    due_soon_count = len(due_soon_rows)
    due_soon_rows = [pk for *_order, pk in sorted(due_soon_rows)[:LIST_LENGTH]]
    listed = Task.objects.only(*LIST_COLUMNS).in_bulk(overdue + due_soon_rows)
    for task in listed.values():
        task.status = statuses[task.pk]
    return {
        "totals": count_statuses(statuses.values()),
        "by_area": [
            {
                **count_statuses(areas[key]),
                "area": key,
                "label": area_labels.get(key, _("No area assigned")),
            }
            for key in sorted(areas)
        ],
        "by_agency": [
            {**count_statuses(agencies[name]), "label": name} for name in sorted(agencies)
        ],
        "overdue": [listed[pk] for pk in overdue],
        "due_soon": [listed[pk] for pk in due_soon_rows],
        "due_soon_count": due_soon_count,
        "timeline": timeline.deadline_chart(deadlines, day, TIMELINE_SERIES),
    }


def my_tasks(user, agency, day: datetime.date | None = None) -> QuerySet[Task]:
    """Tasks of published plans assigned to ``agency``, most urgent first.

    Order: overdue (oldest deadline first), then open by deadline (no deadline
    last), then completed and halted ones. Overdue tasks are the open ones whose
    deadline has passed, so "open first, then by deadline" is that order, and it
    needs no date: an index on the task (``CLOSED_FIRST_KEY``, ``due``) serves it.
    """
    day = day or today()
    return (
        with_status(
            visible_tasks(user).filter(
                plan__status=Plan.Status.PUBLISHED, assignments__agency=agency
            ),
            day,
        )
        .annotate(my_role=F("assignments__role"))
        .select_related("plan")
        .order_by(CLOSED_FIRST_KEY, F("due").asc(nulls_last=True), "plan", "position")
    )


def count_my_tasks(user, agency) -> int:
    """How many tasks :func:`my_tasks` lists (without filters), counted from the
    agency's assignments and their plans: an index scan instead of a join with the
    tasks. An agency has one assignment per task."""
    plans = visible_plans(user).filter(status=Plan.Status.PUBLISHED)
    return Assignment.objects.filter(agency=agency, plan__in=plans).count()


def province_overview(plans: QuerySet[Plan], day: datetime.date | None = None) -> list[dict]:
    """For a leader: each published plan's totals."""
    day = day or today()
    rows = []
    for plan in plans.filter(status=Plan.Status.PUBLISHED):
        rows.append(
            {
                "plan": plan,
                **count_statuses(
                    with_status(plan.tasks.all(), day).values_list("status", flat=True)
                ),
            }
        )
    return rows


# --- filtered lists (the pages' filters and their XLSX exports) ------------------------

DUE_SOON = "due_soon"  # a list filter beside the statuses, not a status of its own


def due_soon(tasks: QuerySet[Task], day: datetime.date) -> QuerySet[Task]:
    """Open, in-time tasks of ``tasks`` (annotated by :func:`with_status`) due within N days."""
    soon = day + datetime.timedelta(days=settings.CCHC_DUE_SOON_DAYS)
    return tasks.filter(status=Status.OPEN_ON_TIME, due__lte=soon)


def filter_tasks(
    tasks: QuerySet[Task], filters: dict, day: datetime.date | None = None
) -> QuerySet[Task]:
    """Narrow ``tasks`` (annotated by :func:`with_status`) by a filter form's cleaned data.

    Every key is optional: ``status`` (a status or ``DUE_SOON``), ``area``,
    ``agency`` (assigned as lead or cooperating), ``due_after`` / ``due_before``
    (inclusive).
    """
    status = filters.get("status")
    if status == DUE_SOON:
        tasks = due_soon(tasks, day or today())
    elif status:
        tasks = tasks.filter(status=status)
    if filters.get("area"):
        tasks = tasks.filter(area=filters["area"])
    if filters.get("agency"):
        tasks = tasks.filter(assignments__agency=filters["agency"])
    if filters.get("due_after"):
        tasks = tasks.filter(due__gte=filters["due_after"])
    if filters.get("due_before"):
        tasks = tasks.filter(due__lte=filters["due_before"])
    return tasks


def plan_tasks(plan: Plan, day: datetime.date | None = None) -> QuerySet[Task]:
    """Every task of ``plan`` in the plan's order, with its status."""
    return with_status(plan.tasks.all(), day).order_by("position")


def label_rows(tasks, length: int = 120) -> None:
    """Give each listed task (annotated by :func:`with_status`) what its row shows,
    worked out once in Python instead of by template filters on every row (the same
    text, a fraction of the rendering time): ``status_label``, ``url``, ``short``
    (the content cut to ``length`` characters, as ``truncatechars``), ``due_text``
    (dd/mm/yyyy or —) and, with ``shown_progress``, ``progress_text`` (as
    ``floatformat:"-2"``: no decimals for a whole number)."""
    url = _url_maker("tracking:task")
    separator = formats.get_format("DECIMAL_SEPARATOR")
    for task in tasks:
        task.status_label = Status.LABELS.get(getattr(task, "status", None), "")
        task.url = url(task.pk)
        content = task.content
        task.short = content if len(content) <= length else content[: length - 1] + "…"
        task.due_text = task.due.strftime("%d/%m/%Y") if task.due else "—"
        progress = getattr(task, "shown_progress", None)
        if progress is not None:
            whole = progress == progress.to_integral_value()
            text = f"{progress:.0f}" if whole else f"{progress:.2f}"
            task.progress_text = text.replace(".", separator)


def _url_maker(name: str):
    """``pk -> reverse(name, args=[pk])``, reversing once for a whole list: the URL
    is reversed with a placeholder id, which each call replaces."""
    placeholder = "987654321"
    pattern = reverse(name, args=[placeholder])
    return lambda pk: pattern.replace(placeholder, str(pk), 1)


def describe_updates(updates) -> None:
    """Give each update of a task's timeline (with its ``evidence`` prefetched) what
    the page shows, worked out once: ``when`` (local time, dd/mm/yyyy hh:mm) and
    ``files``, its evidence with each download ``url``."""
    url = _url_maker("tracking:evidence")
    for update in updates:
        update.when = timezone.localtime(update.created_at).strftime("%d/%m/%Y %H:%M")
        update.files = list(update.evidence.all())
        for evidence in update.files:
            evidence.url = url(evidence.pk)


def for_listing(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """What a task list or its export shows besides the task: plan, parent, agencies, progress."""
    # The parent is prefetched (one query for the shown rows), not joined: a join
    # with every task of the province would come before the page's LIMIT.
    return (
        with_progress(tasks)
        .select_related("plan")
        .prefetch_related("parent", "mentions", "deliverables")
    )
