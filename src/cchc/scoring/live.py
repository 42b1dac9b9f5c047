"""Rates the platform already knows, for the items marked with a live data source.

Each function returns a :class:`Figure`: the rate % (None when there is nothing to
count) and the computation as a sentence, shown beside the points to the unit and to
the appraiser alike. They read through the owning apps' selectors.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from cchc.agencies.models import Agency
from cchc.onestop import selectors as onestop
from cchc.periods import Period
from cchc.plans.models import Assignment, Plan, Task
from cchc.reporting.models import AgencyReport, ReportCycle
from cchc.scoring.engine import q2
from cchc.tracking import selectors as tracking


@dataclass(frozen=True)
class Figure:
    rate: Decimal | None
    computation: str


def _rate(part: int, total: int) -> Decimal | None:
    return q2(Decimal(100 * part) / Decimal(total)) if total else None


def plan_tasks_on_time(unit: Agency, year: int, cutoff: datetime.date) -> Figure:
    """Share of the unit's tasks (published plans of its province, due in ``year``) done
    on time at the cut-off, by the tracking status rule."""
    tasks = tracking.with_status(
        Task.objects.filter(
            plan__status=Plan.Status.PUBLISHED,
            plan__province_id=unit.province_id or unit.pk,
            assignments__agency=unit,
            due__year=year,
        ).distinct(),
        cutoff,
    )
    statuses = list(tasks.values_list("status", flat=True))
    done = statuses.count(tracking.Status.DONE_ON_TIME)
    total = len(statuses)
    rate = _rate(done, total)
    text = _(
        "%(done)s of %(total)s plan tasks due in %(year)s done on time at %(cutoff)s = %(rate)s%%"
    ) % {
        "done": done,
        "total": total,
        "year": year,
        "cutoff": cutoff.strftime("%d/%m/%Y"),
        "rate": "—" if rate is None else rate,
    }
    return Figure(rate, text)


def reports_on_time(unit: Agency, year: int, cutoff: datetime.date) -> Figure:
    """Share of the periodic reports due in ``year`` by the cut-off that the unit sent on
    time (sent, and not marked late). A report never sent counts as not on time."""
    cycles = ReportCycle.objects.filter(
        plan__status=Plan.Status.PUBLISHED,
        plan__in=Assignment.objects.filter(agency=unit).values("plan"),
        due__year=year,
        due__lte=cutoff,
    ).distinct()
    total = cycles.count()
    on_time = (
        AgencyReport.objects.filter(
            cycle__in=cycles, agency=unit, submitted_at__isnull=False, late=False
        )
        .values("cycle")
        .distinct()
        .count()
    )
    rate = _rate(on_time, total)
    text = _(
        "%(done)s of %(total)s periodic reports due by %(cutoff)s sent on time = %(rate)s%%"
    ) % {
        "done": on_time,
        "total": total,
        "cutoff": cutoff.strftime("%d/%m/%Y"),
        "rate": "—" if rate is None else rate,
    }
    return Figure(rate, text)


def onestop_on_time(unit: Agency, year: int, cutoff: datetime.date) -> Figure:
    counts = onestop.rates_for([unit.pk], Period("year", datetime.date(year, 1, 1)), cutoff)
    done = counts["early_count"] + counts["on_time_count"]
    rate = None if counts["on_time_rate"] is None else q2(counts["on_time_rate"])
    text = _("%(done)s of %(total)s dossiers settled in %(year)s were on time = %(rate)s%%") % {
        "done": done,
        "total": counts["finished_count"],
        "year": year,
        "rate": "—" if rate is None else rate,
    }
    return Figure(rate, text)


def onestop_online(unit: Agency, year: int, cutoff: datetime.date) -> Figure:
    counts = onestop.rates_for([unit.pk], Period("year", datetime.date(year, 1, 1)), cutoff)
    rate = None if counts["online_share"] is None else q2(counts["online_share"])
    text = _(
        "%(done)s of %(total)s dossiers received in %(year)s were submitted online = %(rate)s%%"
    ) % {
        "done": counts["online_count"],
        "total": counts["received_count"],
        "year": year,
        "rate": "—" if rate is None else rate,
    }
    return Figure(rate, text)


SOURCES = {
    "plan_tasks_on_time": plan_tasks_on_time,
    "reports_on_time": reports_on_time,
    "onestop_on_time": onestop_on_time,
    "onestop_online": onestop_online,
}


def figure(source: str, unit: Agency, year: int, cutoff: datetime.date) -> Figure | None:
    return SOURCES[source](unit, year, cutoff) if source in SOURCES else None
