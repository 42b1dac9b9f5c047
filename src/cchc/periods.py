"""Calendar periods: months, quarters and years, each named by its first day.

Shared by the indicators (values per period) and the one-stop statistics (rates
per period); ``end`` is the first day after the period, as SQL ranges want.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MONTHS = {"month": 1, "quarter": 3, "year": 12}


@dataclass(frozen=True, order=True)
class Period:
    kind: str
    start: datetime.date

    @classmethod
    def containing(cls, kind: str, day: datetime.date) -> Period:
        step = MONTHS[kind]
        return cls(kind, datetime.date(day.year, (day.month - 1) // step * step + 1, 1))

    @property
    def end(self) -> datetime.date:
        """The first day after the period."""
        month = self.start.month - 1 + MONTHS[self.kind]
        return datetime.date(self.start.year + month // 12, month % 12 + 1, 1)

    @property
    def last_day(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)

    @property
    def key(self) -> str:
        """The form value of the period: its first day."""
        return self.start.isoformat()

    @property
    def label(self) -> str:
        if self.kind == "year":
            return _("Year %(y)d") % {"y": self.start.year}
        if self.kind == "quarter":
            quarter = ROMAN[(self.start.month - 1) // 3 + 1]
            return _("Quarter %(q)s/%(y)d") % {"q": quarter, "y": self.start.year}
        return _("Month %(m)d/%(y)d") % {"m": self.start.month, "y": self.start.year}

    def __str__(self) -> str:
        return self.label


def between(kind: str, first: datetime.date, last: datetime.date) -> list[Period]:
    """Every period of ``kind`` that has a day in ``first``..``last`` (inclusive)."""
    out, period = [], Period.containing(kind, first)
    while period.start <= last:
        out.append(period)
        period = Period(kind, period.end)
    return out
