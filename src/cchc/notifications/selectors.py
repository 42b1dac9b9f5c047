"""Reads: the reminders due on a day, the escalation list, a user's notifications.

Reminders (``due_items``), one per recipient, object and deadline:

- a task of a published plan, not completed nor halted, goes to the focal
  points of its lead agencies: ``due_7`` when 4–7 days are left, ``due_3`` at
  2–3 days, ``due_1`` at 1 day or on the due day, ``overdue`` once it is past.
  A window rather than an exact day, so a day the job did not run is caught up
  the next day (and the log keeps each one from coming twice);
- the periodic reports an agency owes and has not sent (``report_items``,
  from ``cchc.reporting``) go to its focal points: due within 7 days, or late;
- escalations (``escalations``) go to the leaders of the agency concerned.

Escalation (also the reform office's page): an agency leading open tasks of a
published plan that

- posted no task update in the last ``CCHC_UPDATE_WINDOW_DAYS`` days (the
  reporting window) although it has had tasks for longer than that, or
- has a task overdue by more than ``CCHC_ESCALATE_OVERDUE_DAYS`` days.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db.models import Max, Min, Model, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cchc.accounts.models import Profile, Role
from cchc.agencies.models import Agency
from cchc.notifications.models import Kind, Notification
from cchc.plans.models import Assignment, Mention, Plan, Task
from cchc.tracking.models import TaskUpdate
from cchc.tracking.selectors import Status, with_status
from cchc.web.templatetags.display import display_ref


@dataclass(frozen=True)
class Item:
    """One reminder for one user, before it is logged and sent."""

    user_id: int
    kind: str
    obj: Model
    due_key: str
    text: str
    url: str


def _day(value: datetime.date) -> str:
    return date_format(value, "d/m/Y")


def _end_of(day: datetime.date) -> datetime.datetime:
    """The first instant after ``day`` in the site's time zone."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


def _users_of(role: str, agency_ids: Iterable[int]) -> dict[int, list[int]]:
    """Active users of ``role`` by agency id."""
    found = defaultdict(list)
    rows = Profile.objects.filter(
        role=role, agency_id__in=set(agency_ids), user__is_active=True
    ).values_list("agency_id", "user_id")
    for agency_id, user_id in rows:
        found[agency_id].append(user_id)
    return found


def _task_label(task: Task) -> str:
    return f"{display_ref(task.ref)} {task.content[:100]}".strip()


def _open_lead_assignments() -> QuerySet[Assignment]:
    return Assignment.objects.filter(
        role=Mention.Role.LEAD,
        task__plan__status=Plan.Status.PUBLISHED,
        task__completed_on__isnull=True,
        task__halted_reason="",
    )


def task_items(day: datetime.date) -> list[Item]:
    tasks = with_status(
        Task.objects.filter(
            plan__status=Plan.Status.PUBLISHED,
            due__isnull=False,
            due__lte=day + datetime.timedelta(days=7),
        ),
        day,
    ).filter(status__in=[Status.OPEN_ON_TIME, Status.OPEN_OVERDUE])
    leads = defaultdict(list)
    for task_id, agency_id in Assignment.objects.filter(
        task__in=tasks, role=Mention.Role.LEAD
    ).values_list("task_id", "agency_id"):
        leads[task_id].append(agency_id)
    focal = _users_of(Role.FOCAL_POINT, [a for ids in leads.values() for a in ids])
    items = []
    for task in tasks.select_related("plan").order_by("due", "pk"):
        left = (task.due - day).days
        what = {"task": _task_label(task), "plan": task.plan.number, "due": _day(task.due)}
        if left < 0:
            kind = Kind.OVERDUE
            text = _("Task “%(task)s” (%(plan)s) has been overdue since %(due)s.") % what
        else:
            kind = Kind.DUE_1 if left <= 1 else Kind.DUE_3 if left <= 3 else Kind.DUE_7
            text = _("Task “%(task)s” (%(plan)s) is due on %(due)s (%(n)d days left).") % {
                **what,
                "n": left,
            }
        url = reverse("tracking:task", kwargs={"task_pk": task.pk})
        for agency_id in leads[task.pk]:
            for user_id in focal[agency_id]:
                items.append(Item(user_id, kind, task, task.due.isoformat(), text, url))
    return items


def report_items(day: datetime.date) -> list[Item]:
    """Periodic reports (``cchc.reporting``) for the focal points of the agencies that owe them.

    Read through ``cchc.reporting.selectors.owed_reports`` (its ``Owed`` rows:
    ``cycle``, ``status`` of the agency's report or None, ``overdue``): a report not yet sent
    and due within 7 days (``report_due``, once per report and due day), or past
    its due day (``report_late``, once). Nothing when that app is not installed.
    """
    if not apps.is_installed("cchc.reporting"):
        return []
    from cchc.reporting.selectors import owed_reports

    focal = _users_of(
        Role.FOCAL_POINT,
        Profile.objects.filter(role=Role.FOCAL_POINT, agency__isnull=False).values_list(
            "agency_id", flat=True
        ),
    )
    items = []
    for agency in Agency.objects.filter(pk__in=list(focal)):
        for owed in owed_reports(agency, day):
            cycle = owed.cycle
            sent = owed.status == "submitted"  # (accepted reports are not owed)
            left = (cycle.due - day).days
            what = {"report": cycle.label, "plan": cycle.plan.number, "due": _day(cycle.due)}
            if owed.overdue:
                kind = Kind.REPORT_LATE
                text = _("Report %(report)s (%(plan)s) is overdue (due %(due)s).") % what
            elif not sent and 0 <= left <= 7:
                kind = Kind.REPORT_DUE
                text = _("Report %(report)s (%(plan)s) must be sent by %(due)s.") % what
            else:
                continue
            url = reverse(
                "reporting:report", kwargs={"plan_pk": cycle.plan_id, "agency_pk": agency.pk}
            )
            for user_id in focal[agency.pk]:
                items.append(Item(user_id, kind, cycle, cycle.due.isoformat(), text, url))
    return items


def escalations(day: datetime.date, province: Agency | None = None) -> list[dict]:
    """Agencies to escalate on ``day`` (of one province, or all), most overdue tasks first.

    Each row: ``agency``, ``last_update`` (date or None), ``stale`` (no update
    in the window), ``overdue`` (tasks overdue beyond the allowed days, with
    ``days_late``).
    """
    window_start = day - datetime.timedelta(days=settings.CCHC_UPDATE_WINDOW_DAYS)
    late_before = day - datetime.timedelta(days=settings.CCHC_ESCALATE_OVERDUE_DAYS)
    assignments = _open_lead_assignments()
    if province is not None:
        assignments = assignments.filter(task__plan__province=province)
    since = dict(
        assignments.values("agency")
        .annotate(since=Min("task__plan__published_at"))
        .values_list("agency", "since")
    )
    last = dict(
        TaskUpdate.objects.filter(agency_id__in=since, created_at__lt=_end_of(day))
        .values("agency")
        .annotate(last=Max("created_at"))
        .values_list("agency", "last")
    )
    overdue = defaultdict(list)
    for a in (
        assignments.filter(task__due__lt=late_before)
        .select_related("task__plan")
        .order_by("task__due")
    ):
        a.task.days_late = (day - a.task.due).days
        overdue[a.agency_id].append(a.task)
    rows = []
    for agency in Agency.objects.filter(pk__in=since):
        last_update = timezone.localdate(last[agency.pk]) if agency.pk in last else None
        assigned = since[agency.pk]
        had_time = assigned is None or timezone.localdate(assigned) <= window_start
        stale = had_time and (last_update is None or last_update < window_start)
        if stale or overdue[agency.pk]:
            rows.append(
                {
                    "agency": agency,
                    "last_update": last_update,
                    "stale": stale,
                    "overdue": overdue[agency.pk],
                }
            )
    rows.sort(key=lambda r: (-len(r["overdue"]), r["agency"].name))
    return rows


def escalation_items(day: datetime.date) -> list[Item]:
    """The escalations, for the leaders of each agency concerned."""
    rows = escalations(day)
    leaders = _users_of(Role.LEADER, [r["agency"].pk for r in rows])
    url = reverse("notifications:escalations")
    items = []
    for row in rows:
        agency = row["agency"]
        for user_id in leaders[agency.pk]:
            if row["stale"]:
                since = row["last_update"]
                text = (
                    _("%(agency)s has not updated the progress of any task since %(day)s.")
                    % {"agency": agency, "day": _day(since)}
                    if since
                    else _("%(agency)s has never updated the progress of its assigned tasks.")
                    % {"agency": agency}
                )
                key = since.isoformat() if since else "never"
                items.append(Item(user_id, Kind.STALE_AGENCY, agency, key, text, url))
            for task in row["overdue"]:
                text = _(
                    "%(agency)s: task “%(task)s” (%(plan)s) is %(n)d days overdue (due %(due)s)."
                ) % {
                    "agency": agency,
                    "task": _task_label(task),
                    "plan": task.plan.number,
                    "n": task.days_late,
                    "due": _day(task.due),
                }
                task_url = reverse("tracking:task", kwargs={"task_pk": task.pk})
                items.append(
                    Item(user_id, Kind.OVERDUE_AGENCY, task, task.due.isoformat(), text, task_url)
                )
    return items


# Every source of reminders, in the order the digest lists them.
SOURCES = [task_items, report_items, escalation_items]


def due_items(day: datetime.date) -> list[Item]:
    return [item for source in SOURCES for item in source(day)]


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
