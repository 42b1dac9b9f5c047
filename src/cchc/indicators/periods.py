"""Reporting periods of indicator values: the kinds people choose from.

The periods themselves are :class:`cchc.periods.Period`; ``rates_for`` of
``cchc.onestop`` reads only their ``start`` and ``end``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy


class PeriodKind(models.TextChoices):
    MONTH = "month", gettext_lazy("Month")
    QUARTER = "quarter", gettext_lazy("Quarter")
    YEAR = "year", gettext_lazy("Year")
