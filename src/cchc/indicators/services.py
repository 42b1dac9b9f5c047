"""Writes: indicators for new targets, their configuration, entered and computed values.

Every write checks the permission itself (whatever the view checked).
Computed values come from ``cchc.onestop`` through ``rates_for(agency_ids,
period)`` only — any function of that shape can stand in (tests pass one).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.accounts import selectors as accounts
from cchc.accounts.models import Role
from cchc.agencies.models import Agency
from cchc.indicators import metrics, selectors
from cchc.indicators.models import Indicator, IndicatorValue, Scope
from cchc.indicators.periods import PeriodKind
from cchc.periods import Period
from cchc.plans.models import Plan, Target

# rates(agency_ids, period) -> {metric key: Decimal percentage or None}
Rates = Callable[[list[int], Period], dict]
# Values are kept to this precision; pages round them.
PLACES = Decimal("0.000001")


def on_target_saved(sender, instance: Target, created: bool, raw: bool = False, **kwargs):
    """Signal receiver: a new target becomes an indicator, with a suggested measure."""
    if created and not raw:
        create_indicator(instance)


def create_indicator(target: Target) -> Indicator:
    indicator, _created = Indicator.objects.get_or_create(
        target=target, defaults={"metric": metrics.suggest(target.text, target.unit)}
    )
    return indicator


def ensure_indicators() -> int:
    """Indicators for targets that have none (targets made by bulk writes); returns how many."""
    missing = Target.objects.filter(indicator__isnull=True)
    return sum(1 for target in missing if create_indicator(target))


@transaction.atomic
def configure(
    indicator: Indicator,
    user,
    *,
    scope: str,
    agencies: list[Agency],
    period_kind: str,
    metric: str,
) -> Indicator:
    """Set scope, period kind and measure; the reform office's choice of measure is final."""
    if not user.has_perm("indicators.change_indicator", indicator):
        raise PermissionDenied(_("You are not allowed to set up this indicator."))
    if scope not in Scope.values or period_kind not in PeriodKind.values:
        raise ValidationError(_("The scope or data period is not valid."))
    if metric and metric not in metrics.METRICS:
        raise ValidationError(_("The calculation method is not valid."))
    province = indicator.plan.province_id
    if any(a.root.pk != province for a in agencies):
        raise ValidationError(
            _("Only agencies of the province that issued the plan can be chosen.")
        )
    if scope == Scope.AGENCIES and not agencies:
        raise ValidationError(_("Choose at least one agency for this scope."))
    if metric != indicator.metric:
        # Figures of another measure would be wrong now: drop them (entered ones stay).
        indicator.values.filter(source=IndicatorValue.Source.COMPUTED).delete()
    indicator.scope, indicator.period_kind = scope, period_kind
    indicator.metric, indicator.metric_confirmed = metric, True
    indicator.save()
    indicator.agencies.set(agencies if scope == Scope.AGENCIES else [])
    return indicator


def _store(
    indicator: Indicator,
    agency: Agency | None,
    period: Period,
    value: Decimal,
    source: str,
    user=None,
    note: str = "",
) -> IndicatorValue:
    """Insert or replace the value of one agency (or the whole scope) and period."""
    row = IndicatorValue.objects.filter(
        indicator=indicator, agency=agency, period_kind=period.kind, period_start=period.start
    ).first() or IndicatorValue(
        indicator=indicator, agency=agency, period_kind=period.kind, period_start=period.start
    )
    row.value = value.quantize(PLACES)
    row.source, row.note, row.entered_by = source, note, user
    row._history_user = user
    row.save()
    return row


def enter_value(
    indicator: Indicator,
    user,
    *,
    agency: Agency | None,
    period: Period,
    value: Decimal,
    note: str = "",
    day: datetime.date | None = None,
) -> IndicatorValue:
    """A value entered by hand. ``agency`` None is the figure of the whole scope.

    A focal point enters its own agency's values only; the reform office any
    agency in scope, or the whole scope. Indicators computed from one-stop data
    take no values by hand.
    """
    if not user.has_perm("indicators.enter_value", indicator):
        raise PermissionDenied(_("You are not allowed to enter data for this indicator."))
    if accounts.role(user) == Role.FOCAL_POINT and (
        agency is None or agency != accounts.agency(user)
    ):
        raise PermissionDenied(_("A focal point can only enter data for their own agency."))
    if agency is not None and not selectors.in_scope(indicator, agency):
        raise ValidationError(_("This agency is not in the indicator's scope."))
    if indicator.computed:
        raise ValidationError(
            _("This indicator takes its data automatically from the one-stop system.")
        )
    day = day or datetime.date.today()
    if period.kind != indicator.period_kind or period not in indicator.periods(day):
        raise ValidationError(_("The data period is outside the indicator's time frame."))
    if value < 0 or (indicator.unit == "%" and value > 100):
        raise ValidationError(_("The value must be at least 0 (and at most 100 for a percentage)."))
    with transaction.atomic():
        return _store(indicator, agency, period, value, IndicatorValue.Source.MANUAL, user, note)


def _onestop_rates(agency_ids: list[int], period: Period) -> dict:
    """The one link to ``cchc.onestop``: its ``rates_for(agency_ids, period)``."""
    from cchc.onestop.selectors import rates_for
    from cchc.surveys.selectors import satisfaction

    rates = dict(rates_for(agency_ids, period))
    # The one link to ``cchc.surveys``: the results page's overall index.
    rates["survey_satisfaction"] = satisfaction(agency_ids, period.start, period.end)
    return rates


@transaction.atomic
def refresh_computed(indicator: Indicator, day: datetime.date, rates: Rates | None = None) -> int:
    """Recompute the values of an indicator measured by a one-stop metric; returns how many.

    Every period from the indicator's start that has begun by ``day`` (the
    current one too, partial): the whole scope's figure, and each listed
    agency's when the scope is a list. A period without dossiers gets no value.
    """
    if not indicator.computed:
        return 0
    rates = rates or _onestop_rates
    whole = [a.pk for a in selectors.scope_agencies(indicator)]
    listed = list(indicator.agencies.all()) if indicator.scope == Scope.AGENCIES else []
    count = 0
    for period in indicator.periods(day):
        if period.start > day:
            break
        for agency, ids in [(None, whole)] + [(a, [a.pk]) for a in listed]:
            value = rates(ids, period).get(indicator.metric)
            if value is not None:
                _store(indicator, agency, period, Decimal(value), IndicatorValue.Source.COMPUTED)
                count += 1
    return count


def refresh_all(day: datetime.date, rates: Rates | None = None) -> int:
    """Recompute every computed indicator of the published plans (the daily job)."""
    ensure_indicators()
    indicators = Indicator.objects.exclude(metric="").filter(
        target__plan__status=Plan.Status.PUBLISHED
    )
    return sum(refresh_computed(i, day, rates) for i in indicators.select_related("target__plan"))
