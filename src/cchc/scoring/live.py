"""Rates the platform already knows, for the items marked with a live data source.

Each function returns a :class:`Figure`: the rate % (None when there is nothing to
count) and the computation as a sentence, shown beside the points to the unit and to
the appraiser alike. Every figure is read through the one selector of the app that
owns it, never computed a second time here:

==================== ======================================================================
source               figure (selector)
==================== ======================================================================
plan_issued          the unit's own yearly reform plan issued by the round's deadline: 100
                     on time, 50 late, 0 none (published plans of the province whose issuer
                     the directory matches to the unit: ``agencies.selectors.Matcher``)
plan_tasks_on_time   tasks of the province's published plans assigned to the unit, due in
                     the year, completed on time at the cut-off (``tracking.selectors
                     .with_status`` + ``count_statuses``)
reports_on_time      periodic reports due in the year by the cut-off, sent on time and
                     complete, i.e. not late and not returned for revision (the report's own
                     ``late`` flag and status, set by ``reporting.services``)
onestop_on_time      one-stop dossiers of the year settled on time (``onestop.selectors
                     .rates_for``: ``on_time_rate``)
onestop_online       one-stop dossiers of the year submitted online (``rates_for``:
                     ``online_share``)
targets_met          targets of the province's published plans covering the unit, met at
                     the cut-off (``indicators.selectors.target_results``: the unit's own
                     series where it has one, else the indicator's headline)
survey_satisfaction  share of satisfied answers about the unit in the year (``surveys
                     .selectors.results``: ``overall``) of the questionnaire most answered
                     about it
==================== ======================================================================

A rate becomes points by the item's method (see ``engine.points_for``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils import formats
from django.utils.translation import gettext as _

from cchc.agencies.models import Agency
from cchc.agencies.selectors import Matcher
from cchc.indicators import attainment
from cchc.indicators import selectors as indicators
from cchc.indicators.models import Indicator
from cchc.onestop import selectors as onestop
from cchc.periods import Period
from cchc.plans.models import Assignment, Plan, Task
from cchc.reporting.models import AgencyReport, ReportCycle
from cchc.scoring.engine import q2
from cchc.surveys import selectors as surveys
from cchc.surveys.models import Questionnaire, Response
from cchc.tracking import selectors as tracking


@dataclass(frozen=True)
class Figure:
    rate: Decimal | None
    computation: str


def _rate(part: int, total: int) -> Decimal | None:
    return q2(Decimal(100 * part) / Decimal(total)) if total else None


def percent(rate: Decimal | None) -> str:
    """A rate as the pages print it: "50,00%" in Vietnamese; "không có số liệu" without one."""
    if rate is None:
        return _("no data")
    return formats.number_format(rate, 2) + "%"


def _day(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _province_id(unit: Agency) -> int:
    return unit.province_id or unit.pk


def _published(unit: Agency):
    return Plan.objects.filter(status=Plan.Status.PUBLISHED, province_id=_province_id(unit))


def plan_issued(
    unit: Agency, year: int, cutoff: datetime.date, deadline: datetime.date | None = None
) -> Figure:
    """The unit's own reform plan for ``year``: issued by ``deadline`` (100), after it (50),
    not in the system by the cut-off (0). No deadline configured: no figure."""
    if deadline is None:
        return Figure(None, _("No deadline for the units' plans is set for this round."))
    candidates = (
        _published(unit)
        .filter(kind__in=(Plan.Kind.KE_HOACH, Plan.Kind.CHUONG_TRINH))
        .exclude(period_start__year__gt=year)
        .exclude(period_end__year__lt=year)
        .order_by("signed", "pk")
    )
    matcher = Matcher(unit.root if unit.province_id else unit)
    own = None
    for plan in candidates:
        if plan.signed is not None and plan.signed > cutoff:
            continue
        found = matcher.auto(plan.issuer) if plan.issuer else None
        if (found and found.agency and found.agency.pk == unit.pk) or (
            not unit.province_id and plan.issuer.strip().lower() == unit.name.lower()
        ):
            own = plan
            break
    values = {"year": year, "deadline": _day(deadline)}
    if own is None:
        return Figure(
            Decimal(0),
            _(
                "No %(year)s reform plan of the unit is published in the system (due %(deadline)s) = 0%%"
            )
            % values,
        )
    values |= {
        "number": own.number or own.title[:60],
        "signed": _day(own.signed) if own.signed else "—",
    }
    if own.signed is not None and own.signed <= deadline:
        return Figure(
            Decimal(100),
            _("Plan %(number)s signed %(signed)s, due %(deadline)s: issued on time = 100%%")
            % values,
        )
    return Figure(
        Decimal(50),
        _("Plan %(number)s signed %(signed)s, due %(deadline)s: issued late = 50%%") % values,
    )


def plan_tasks_on_time(unit: Agency, year: int, cutoff: datetime.date, **_kw) -> Figure:
    """Share of the unit's tasks (published plans of its province, due in ``year``) done
    on time at the cut-off, by the tracking status rule."""
    tasks = tracking.with_status(
        Task.objects.filter(
            plan__status=Plan.Status.PUBLISHED,
            plan__province_id=_province_id(unit),
            assignments__agency=unit,
            due__year=year,
        ).distinct(),
        cutoff,
    )
    counts = tracking.count_statuses(tasks.values_list("status", flat=True))
    done, total = counts[tracking.Status.DONE_ON_TIME], counts["total"]
    rate = _rate(done, total)
    text = _(
        "%(done)s of %(total)s plan tasks due in %(year)s done on time at %(cutoff)s = %(rate)s"
    ) % {"done": done, "total": total, "year": year, "cutoff": _day(cutoff), "rate": percent(rate)}
    return Figure(rate, text)


def reports_on_time(unit: Agency, year: int, cutoff: datetime.date, **_kw) -> Figure:
    """Share of the periodic reports due in ``year`` by the cut-off that the unit sent on
    time and complete (sent, not marked late, not returned for revision). A report never
    sent counts as not on time."""
    cycles = ReportCycle.objects.filter(
        plan__status=Plan.Status.PUBLISHED,
        plan__in=Assignment.objects.filter(agency=unit).values("plan"),
        due__year=year,
        due__lte=cutoff,
    ).distinct()
    total = cycles.count()
    on_time = (
        AgencyReport.objects.filter(
            cycle__in=cycles,
            agency=unit,
            submitted_at__isnull=False,
            late=False,
            status__in=(AgencyReport.Status.SUBMITTED, AgencyReport.Status.ACCEPTED),
        )
        .values("cycle")
        .distinct()
        .count()
    )
    rate = _rate(on_time, total)
    text = _(
        "%(done)s of %(total)s periodic reports due by %(cutoff)s sent on time and complete = %(rate)s"
    ) % {"done": on_time, "total": total, "cutoff": _day(cutoff), "rate": percent(rate)}
    return Figure(rate, text)


def _onestop(unit: Agency, year: int, cutoff: datetime.date) -> dict:
    return onestop.rates_for([unit.pk], Period("year", datetime.date(year, 1, 1)), cutoff)


def onestop_on_time(unit: Agency, year: int, cutoff: datetime.date, **_kw) -> Figure:
    counts = _onestop(unit, year, cutoff)
    done = counts["early_count"] + counts["on_time_count"]
    rate = None if counts["on_time_rate"] is None else q2(counts["on_time_rate"])
    text = _("%(done)s of %(total)s dossiers settled in %(year)s were on time = %(rate)s") % {
        "done": done,
        "total": counts["finished_count"],
        "year": year,
        "rate": percent(rate),
    }
    return Figure(rate, text)


def onestop_online(unit: Agency, year: int, cutoff: datetime.date, **_kw) -> Figure:
    counts = _onestop(unit, year, cutoff)
    rate = None if counts["online_share"] is None else q2(counts["online_share"])
    text = _(
        "%(done)s of %(total)s dossiers received in %(year)s were submitted online = %(rate)s"
    ) % {
        "done": counts["online_count"],
        "total": counts["received_count"],
        "year": year,
        "rate": percent(rate),
    }
    return Figure(rate, text)


def targets_met(unit: Agency, year: int, cutoff: datetime.date, **_kw) -> Figure:
    """Share of the targets of the province's published plans for ``year`` that cover the
    unit and are met at the cut-off, as the indicator pages and reports say."""
    plans = _published(unit).exclude(period_start__year__gt=year).exclude(period_end__year__lt=year)
    is_province = unit.province_id is None
    met = total = 0
    for plan in plans:
        results = indicators.target_results(plan, cutoff)
        for indicator in Indicator.objects.filter(target__plan=plan).select_related("target__plan"):
            if indicator.target.due and indicator.target.due.year != year:
                continue
            if not is_province and not indicators.in_scope(indicator, unit):
                continue
            result = results.get(indicator.target_id)
            if result is None:
                continue
            own = None if is_province else result["agencies"].get(unit.pk)
            state = own[0] if own else result["status"]
            total += 1
            met += state == attainment.MET
    rate = _rate(met, total)
    text = _("%(done)s of %(total)s plan targets for %(year)s met at %(cutoff)s = %(rate)s") % {
        "done": met,
        "total": total,
        "year": year,
        "cutoff": _day(cutoff),
        "rate": percent(rate),
    }
    return Figure(rate, text)


def survey_satisfaction(unit: Agency, year: int, cutoff: datetime.date, **_kw) -> Figure:
    """The satisfied share of the answers about the unit in ``year`` (to the cut-off) of the
    questionnaire most answered about it, by that questionnaire's rule."""
    start, end = datetime.date(year, 1, 1), min(cutoff, datetime.date(year, 12, 31))
    busiest = (
        Response.objects.filter(agency=unit, submitted_on__range=(start, end))
        .values("questionnaire")
        .annotate(n=Count("id"))
        .order_by("-n", "questionnaire")
        .first()
    )
    if busiest is None:
        return Figure(None, _("No survey answers about the unit in %(year)s.") % {"year": year})
    questionnaire = Questionnaire.objects.get(pk=busiest["questionnaire"])
    found = surveys.results(questionnaire, surveys.responses(questionnaire, start, end, [unit.pk]))
    overall = found["overall"]
    rate = None if overall is None else q2(Decimal(str(overall)))
    text = _(
        "%(questionnaire)s: %(count)s answers about the unit from %(start)s to %(end)s, "
        "satisfied = %(rate)s"
    ) % {
        "questionnaire": questionnaire.name,
        "count": found["count"],
        "start": _day(start),
        "end": _day(end),
        "rate": percent(rate),
    }
    return Figure(rate, text)


SOURCES = {
    "plan_issued": plan_issued,
    "plan_tasks_on_time": plan_tasks_on_time,
    "reports_on_time": reports_on_time,
    "onestop_on_time": onestop_on_time,
    "onestop_online": onestop_online,
    "targets_met": targets_met,
    "survey_satisfaction": survey_satisfaction,
}


def figure(
    source: str,
    unit: Agency,
    year: int,
    cutoff: datetime.date,
    deadline: datetime.date | None = None,
) -> Figure | None:
    if source not in SOURCES:
        return None
    if source == "plan_issued":
        return plan_issued(unit, year, cutoff, deadline)
    return SOURCES[source](unit, year, cutoff)
