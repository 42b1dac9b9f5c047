"""Reads: which agencies an indicator covers, each series' attainment, the pages' figures.

A *series* is the values of one agency, or of the whole scope (no agency), by
period. Its status is :func:`cchc.indicators.attainment.status` of its latest
value (the latest period that has started on the day of the check).

The indicator's headline: the whole-scope series when it has values (entered
by the reform office or computed from one-stop data); otherwise the worst
status among the agencies' series — a target held by every listed agency is
only as good as its weakest one.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cchc.agencies.models import Agency
from cchc.agencies.selectors import in_province
from cchc.indicators import attainment, charts
from cchc.indicators.models import Indicator, IndicatorValue, Scope
from cchc.periods import Period
from cchc.plans.models import Plan


def scope_agencies(indicator: Indicator) -> QuerySet[Agency]:
    """The agencies an indicator covers: the listed ones, or every unit of the province."""
    if indicator.scope == Scope.AGENCIES:
        return indicator.agencies.all()
    return in_province(indicator.plan.province)


def in_scope(indicator: Indicator, agency: Agency) -> bool:
    if indicator.scope == Scope.AGENCIES:
        return indicator.agencies.filter(pk=agency.pk).exists()
    return agency.root.pk == indicator.plan.province_id


def _series(indicator: Indicator) -> dict[int | None, dict[Period, Decimal]]:
    """Values by agency id (None: the whole scope), then by period, of the current period kind."""
    out: dict[int | None, dict[Period, Decimal]] = {}
    rows = indicator.values.filter(period_kind=indicator.period_kind).values_list(
        "agency_id", "period_start", "value"
    )
    for agency_id, start, value in rows:
        out.setdefault(agency_id, {})[Period(indicator.period_kind, start)] = value
    return out


def latest(values: dict[Period, Decimal], day: datetime.date) -> tuple[Period, Decimal] | None:
    """The value of the latest period that has started on ``day``."""
    started = [p for p in values if p.start <= day]
    return (max(started), values[max(started)]) if started else None


def series_status(indicator: Indicator, values: dict[Period, Decimal], day: datetime.date):
    """``(status, latest period, latest value)`` of one series."""
    found = latest(values, day)
    period, value = found if found else (None, None)
    state = attainment.status(
        value, indicator.comparator, indicator.value, indicator.start, indicator.due, day
    )
    return state, period, value


def summary(indicator: Indicator, day: datetime.date, series=None) -> dict:
    """The headline of an indicator: status, its label, the figure shown and where it comes from."""
    series = _series(indicator) if series is None else series
    whole = series.get(None)
    if whole:
        state, period, value = series_status(indicator, whole, day)
        return {
            "indicator": indicator,
            "status": state,
            "label": attainment.LABELS[state],
            "badge": attainment.BADGES[state],
            "value": value,
            "period": period,
            "basis": _("whole scope"),
        }
    agencies = [series_status(indicator, v, day) for k, v in series.items() if k is not None]
    state = attainment.worst(s for s, _p, _v in agencies)
    met = sum(1 for s, _p, _v in agencies if s == attainment.MET)
    return {
        "indicator": indicator,
        "status": state,
        "label": attainment.LABELS[state],
        "badge": attainment.BADGES[state],
        "value": None,
        "period": None,
        "basis": _("%(met)d/%(total)d agencies met") % {"met": met, "total": len(agencies)}
        if agencies
        else "",
    }


def _plan_series(plan: Plan):
    """``(indicator, series)`` of every indicator of ``plan`` in the plan's order, in two
    queries (the series as :func:`_series` reads them)."""
    indicators = (
        Indicator.objects.filter(target__plan=plan)
        .select_related("target__plan")
        .prefetch_related("values")
    )
    for indicator in indicators:
        series: dict = {}
        for v in indicator.values.all():  # prefetched: no query per indicator
            if v.period_kind == indicator.period_kind:
                series.setdefault(v.agency_id, {})[v.period] = v.value
        yield indicator, series


def plan_indicators(plan: Plan, day: datetime.date) -> list[dict]:
    """The headline of every indicator of ``plan``, in the plan's order."""
    return [summary(indicator, day, series) for indicator, series in _plan_series(plan)]


def target_results(plan: Plan, day: datetime.date) -> dict[int, dict]:
    """Each target's results as of ``day``, by target id: what the reports print.

    The headline of :func:`summary` (the province's result: the whole-scope value,
    else the agencies' worst status), plus ``agencies``: ``{agency id: (status,
    period, value)}`` of each agency's series. The same selection as the indicator
    pages: values of the indicator's period kind, the latest period started by ``day``.
    """
    out = {}
    for indicator, series in _plan_series(plan):
        result = summary(indicator, day, series)
        result["agencies"] = {
            agency_id: series_status(indicator, values, day)
            for agency_id, values in series.items()
            if agency_id is not None
        }
        out[indicator.target_id] = result
    return out


def detail(indicator: Indicator, day: datetime.date) -> dict:
    """The indicator page: headline, one row per agency with a value, the chart."""
    series = _series(indicator)
    names = dict(Agency.objects.filter(pk__in=[k for k in series if k]).values_list("pk", "name"))
    rows = []
    for agency_id, values in series.items():
        if agency_id is None:
            continue
        state, period, value = series_status(indicator, values, day)
        rows.append(
            {
                "agency": names[agency_id],
                "status": state,
                "label": attainment.LABELS[state],
                "badge": attainment.BADGES[state],
                "period": period,
                "value": value,
            }
        )
    rows.sort(key=lambda r: (attainment.ORDER.index(r["status"]), r["agency"]))
    # The chart: the whole-scope line if there is one, else one line per agency.
    if series.get(None):
        lines = [(_("Whole scope"), series[None])]
    else:
        lines = [(names[k], v) for k, v in series.items() if k is not None]
        lines.sort(key=lambda line: line[0])
    periods = indicator.periods(day)
    chart = charts.line_chart(periods, lines, indicator.value, percent=indicator.unit == "%")
    return {
        "summary": summary(indicator, day, series),
        "rows": rows,
        "chart": chart,
        "periods": periods,
        "recent": IndicatorValue.objects.filter(indicator=indicator)
        .select_related("agency", "entered_by")
        .order_by("-entered_at")[:20],
    }
