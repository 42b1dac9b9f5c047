"""An indicator: a plan's target (``plans.Target``) with its scope, its measure and values.

The target keeps what the plan says (text, comparator, value, unit, due date);
the indicator adds how it is followed:

- ``scope``: the whole province, or the listed agencies;
- ``period_kind``: values are given per month, quarter (default) or year;
- ``metric``: when set, values are computed from the one-stop dossiers
  (``cchc.onestop``) instead of entered by hand; ``metric_confirmed`` tells a
  choice of the reform office from a suggestion read in the target's text.

``IndicatorValue`` is one figure for one period: of one agency, or of the whole
scope (``agency`` empty). Values are decimals stored unrounded (6 places);
pages round them.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc.indicators.metrics import CHOICES as METRIC_CHOICES
from cchc.indicators.periods import PeriodKind
from cchc.periods import Period, between


class Scope(models.TextChoices):
    PROVINCE = "province", _("Whole province")
    AGENCIES = "agencies", _("Listed agencies")


class Indicator(models.Model):
    target = models.OneToOneField(
        "plans.Target", on_delete=models.CASCADE, related_name="indicator"
    )
    scope = models.CharField(
        _("scope"), max_length=10, choices=Scope.choices, default=Scope.PROVINCE
    )
    agencies = models.ManyToManyField(
        "agencies.Agency", verbose_name=_("agency"), blank=True, related_name="indicators"
    )
    period_kind = models.CharField(
        _("data period"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.QUARTER
    )
    metric = models.CharField(
        _("calculated from one-stop data"), max_length=32, choices=METRIC_CHOICES, blank=True
    )
    metric_confirmed = models.BooleanField(_("calculation method confirmed"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tracked indicator")
        verbose_name_plural = _("tracked indicator")
        ordering = ["target__plan", "target__position"]

    def __str__(self) -> str:
        return self.target.text[:120]

    # What the plan says, read from the target (one source of truth).
    @property
    def plan(self):
        return self.target.plan

    @property
    def comparator(self) -> str:
        return self.target.comparator

    @property
    def value(self):
        return self.target.value

    @property
    def unit(self) -> str:
        return self.target.unit

    @property
    def due(self) -> datetime.date | None:
        return self.target.due or self.plan.period_end

    @property
    def start(self) -> datetime.date | None:
        """The window's first day: the plan's start, else 1 January of the due year."""
        if self.plan.period_start:
            return self.plan.period_start
        return datetime.date(self.due.year, 1, 1) if self.due else None

    @property
    def computed(self) -> bool:
        return bool(self.metric)

    def periods(self, day: datetime.date) -> list[Period]:
        """The periods values may be given for: from the start to the due day (or ``day``)."""
        first = self.start or day
        last = max(self.due or day, first)
        return between(self.period_kind, first, last)


class IndicatorValue(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        COMPUTED = "computed", _("Calculated from one-stop data")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    # Empty: the figure of the whole scope (the province, or all listed agencies together).
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    period_kind = models.CharField(max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("period"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)
    note = models.TextField(_("note / data source"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator value")
        ordering = ["indicator", "period_start"]
        # One figure per agency (or for the whole scope) and period. NULLs are distinct
        # in a plain unique constraint, so the whole-scope row has its own partial one.
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "agency", "period_kind", "period_start"],
                condition=Q(agency__isnull=False),
                name="one_value_per_agency_and_period",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period_kind", "period_start"],
                condition=Q(agency__isnull=True),
                name="one_scope_value_per_period",
            ),
        ]

    @property
    def period(self) -> Period:
        return Period(self.period_kind, self.period_start)
