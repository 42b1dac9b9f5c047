"""Recurring tasks ("Thường xuyên", "Hàng tháng", "Hằng quý") are reported per period.

These are the selectors of that reporting; ``services.post_update`` uses the
same periods to check the period an update is posted for.

A task is *recurring* when one of its deliverables has a recurring deadline
(``Deliverable.deadline_kind == recurring``). Its periods cover the plan's
year(s), from the year of ``period_start`` to the year of ``period_end`` (a plan
without a period: the year it was signed, else the year it was created):

- months, when a recurring deliverable is monthly ("Hàng tháng");
- quarters otherwise ("Hằng quý", "Thường xuyên", "6 tháng", "hàng năm"): the
  quarter is the shortest of the periodic reports (báo cáo quý, 6 tháng, năm).

Every update of a recurring task belongs to one period (``TaskUpdate.period``,
the period's first day; the current period unless the user picks another).
A period's status, from the lead's updates for it (contributions do not count):

- not started yet                           → no status ("chưa đến kỳ")
- no update and the period has ended        → chưa hoàn thành — quá hạn
- no update, period running                 → chưa hoàn thành — trong hạn
- the latest update halts the task          → tạm dừng / không thực hiện
- the latest update completes it (or 100%)  → hoàn thành đúng hạn if posted by the
                                              period's last day, else hoàn thành quá hạn
- other updates (a report, work going on)   → chưa hoàn thành — trong hạn

The task's status: a halt or a final completion of the task wins (the same
rule as for other tasks); else *overdue* when any ended period has no update;
else the status of the latest period that has started.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.plans.models import Deliverable, Task
from cchc.tracking.models import TaskUpdate
from cchc.tracking.selectors import Status, status_of, today

MONTHLY = "monthly"
QUARTERLY = "quarterly"
MAX_YEARS = 10  # a plan period longer than this (a misread date) is cut to its first 10 years
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str

    @property
    def value(self) -> str:
        """The period as a form value (its first day, ISO)."""
        return self.start.isoformat()


@dataclass
class PeriodRow:
    """One line of a recurring task's period table."""

    period: Period
    status: str | None  # None: the period has not started
    status_label: str
    progress: Decimal | None
    note: str
    reported: bool  # the lead posted an update for this period


def is_recurring(deliverables) -> bool:
    return any(d.deadline_kind == Deliverable.DeadlineKind.RECURRING for d in deliverables)


def frequency(deliverables) -> str:
    """Monthly when a recurring deliverable is monthly; quarterly otherwise."""
    recurring = [d for d in deliverables if d.deadline_kind == Deliverable.DeadlineKind.RECURRING]
    return MONTHLY if any(d.frequency == MONTHLY for d in recurring) else QUARTERLY


def plan_years(plan) -> range:
    first = plan.period_start or plan.signed or timezone.localtime(plan.created_at).date()
    last = plan.period_end or first
    last_year = min(max(last.year, first.year), first.year + MAX_YEARS - 1)
    return range(first.year, last_year + 1)


def _month_end(year: int, month: int) -> datetime.date:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def task_periods(task: Task, deliverables=None) -> list[Period]:
    """The reporting periods of ``task``; empty for a task that is not recurring.

    ``deliverables``: the task's deliverables when the caller has read them already.
    """
    deliverables = list(task.deliverables.all()) if deliverables is None else deliverables
    if not is_recurring(deliverables):
        return []
    periods = []
    for year in plan_years(task.plan):
        if frequency(deliverables) == MONTHLY:
            for month in range(1, 13):
                label = _("Month %(month)d/%(year)d") % {"month": month, "year": year}
                periods.append(
                    Period(datetime.date(year, month, 1), _month_end(year, month), label)
                )
        else:
            for quarter in range(1, 5):
                label = _("Quarter %(quarter)s/%(year)d") % {
                    "quarter": ROMAN[quarter],
                    "year": year,
                }
                first_month = 3 * quarter - 2
                periods.append(
                    Period(
                        datetime.date(year, first_month, 1),
                        _month_end(year, first_month + 2),
                        label,
                    )
                )
    return periods


def current_period(periods: list[Period], day: datetime.date | None = None) -> Period | None:
    """The period containing ``day`` (today); the first or last one when outside them all."""
    if not periods:
        return None
    day = day or today()
    for period in periods:
        if period.start <= day <= period.end:
            return period
    return periods[0] if day < periods[0].start else periods[-1]


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def period_rows(
    periods: list[Period], updates, day: datetime.date | None = None
) -> list[PeriodRow]:
    """The period table: each period's status, progress and note from its updates.

    ``updates``: the task's updates (any order); this reads no database.
    """
    day = day or today()
    by_period: dict[datetime.date, list[TaskUpdate]] = {}
    for update in updates:
        if update.period and update.action != TaskUpdate.Action.CONTRIBUTION:
            by_period.setdefault(update.period, []).append(update)
    rows = []
    for period in periods:
        posted = sorted(by_period.get(period.start, []), key=lambda u: (u.created_at, u.pk))
        latest = posted[-1] if posted else None
        status = _period_status(period, latest, day)
        progress = next((u.progress for u in reversed(posted) if u.progress is not None), None)
        rows.append(
            PeriodRow(
                period=period,
                status=status,
                status_label=Status.LABELS[status] if status else _("Not due yet"),
                progress=progress,
                note=latest.note if latest else "",
                reported=latest is not None,
            )
        )
    return rows


def _period_status(period: Period, latest: TaskUpdate | None, day: datetime.date) -> str | None:
    Action = TaskUpdate.Action
    if latest is None:
        if period.start > day:
            return None
        return Status.OPEN_OVERDUE if period.end < day else Status.OPEN_ON_TIME
    if latest.action == Action.HALT:
        return Status.HALTED
    if latest.action == Action.DONE or latest.progress == Decimal(100):
        on_time = _local_date(latest.created_at) <= period.end
        return Status.DONE_ON_TIME if on_time else Status.DONE_LATE
    return Status.OPEN_ON_TIME


def task_status(task: Task, rows: list[PeriodRow], day: datetime.date | None = None) -> str:
    """A recurring task's status (the rule in this module's docstring)."""
    day = day or today()
    if task.halted_reason or task.completed_on:
        return status_of(task, day)
    if any(not row.reported and row.period.end < day for row in rows):
        return Status.OPEN_OVERDUE
    started = [row for row in rows if row.status is not None]
    return started[-1].status if started else Status.OPEN_ON_TIME


def is_due_soon(rows: list[PeriodRow], status: str, day: datetime.date | None = None) -> bool:
    """In time, and the current period is not reported yet and ends within N days."""
    day = day or today()
    soon = day + datetime.timedelta(days=settings.CCHC_DUE_SOON_DAYS)
    return status == Status.OPEN_ON_TIME and any(
        not row.reported and row.period.start <= day <= row.period.end <= soon for row in rows
    )


def label_updates(updates, periods: list[Period]) -> None:
    """Give each update its period's name (``period_label``) for the timeline."""
    labels = {period.start: period.label for period in periods}
    for update in updates:
        update.period_label = labels.get(update.period) or (
            update.period.strftime("%d/%m/%Y") if update.period else ""
        )
