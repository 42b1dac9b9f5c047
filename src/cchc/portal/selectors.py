"""Reads of the leader's screens, assembled from the selectors that own each figure.

A task's status (overdue or not) is ``cchc.tracking.selectors``'s rule and the
task-list filter is its ``filter_tasks``; a report owed past its due day is
``cchc.reporting.selectors.owed_reports``'s. Nothing is counted differently here:
the number in a row is the length of the list its link opens.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Min, QuerySet

from cchc.agencies.models import Agency
from cchc.plans.models import Assignment, Plan, Task
from cchc.reporting.selectors import Owed, owed_reports
from cchc.tracking import selectors as tracking


@dataclass
class PlanLate:
    plan: Plan
    overdue: int
    oldest_due: datetime.date


@dataclass
class LateAgency:
    agency: Agency
    plans: list[PlanLate] = field(default_factory=list)
    missing: list[Owed] = field(default_factory=list)
    day: datetime.date | None = None

    @property
    def overdue(self) -> int:
        return sum(p.overdue for p in self.plans)

    @property
    def days_late(self) -> int:
        """Days since the deadline of its oldest overdue task (0 when none)."""
        if not self.plans or self.day is None:
            return 0
        return (self.day - min(p.oldest_due for p in self.plans)).days


SORTS = {
    "overdue": lambda r: (-r.overdue, -len(r.missing), -r.days_late, r.agency.name),
    "reports": lambda r: (-len(r.missing), -r.overdue, -r.days_late, r.agency.name),
    "days": lambda r: (-r.days_late, -r.overdue, -len(r.missing), r.agency.name),
    "name": lambda r: r.agency.name,
}


def late_agencies(
    plans: QuerySet[Plan], day: datetime.date | None = None, sort: str = "overdue"
) -> list[LateAgency]:
    """Agencies of the published ``plans`` with overdue tasks or reports not sent by
    their due day, ranked by ``sort`` (a key of ``SORTS``)."""
    day = day or tracking.today()
    published = plans.filter(status=Plan.Status.PUBLISHED)
    overdue = tracking.filter_tasks(
        tracking.with_status(Task.objects.filter(plan__in=published), day),
        {"status": tracking.Status.OPEN_OVERDUE},
    )
    rows: dict[int, LateAgency] = {}
    agencies = Agency.objects.filter(assignments__plan__in=published).distinct().order_by("name")
    by_pk = {a.pk: a for a in agencies}
    grouped = (
        Assignment.objects.filter(task__in=overdue.values("pk"))
        .values("agency", "plan")
        .annotate(n=Count("task", distinct=True), oldest=Min("task__due"))
        .order_by()
    )
    plan_by_pk = published.in_bulk()
    for group in grouped:
        row = rows.setdefault(group["agency"], LateAgency(by_pk[group["agency"]], day=day))
        row.plans.append(PlanLate(plan_by_pk[group["plan"]], group["n"], group["oldest"]))
    plan_ids = set(plan_by_pk)
    for agency in by_pk.values():
        missing = [
            owed
            for owed in owed_reports(agency, day)
            if owed.overdue and owed.cycle.plan_id in plan_ids
        ]
        if missing:
            rows.setdefault(agency.pk, LateAgency(agency, day=day)).missing = missing
    for row in rows.values():
        row.plans.sort(key=lambda p: (-p.overdue, p.plan.pk))
    return sorted(rows.values(), key=SORTS.get(sort, SORTS["overdue"]))
