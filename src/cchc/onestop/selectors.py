"""Reads: dossier counts and rates per agency and period, in one SQL aggregation.

How a dossier is counted (one rule for every figure, shown on the statistics page):
each dossier belongs to the period in which it was **received**; its outcome is
what the data says on ``as_of`` (default: today).

Counts (keys of ``rates_table`` rows and of ``rates_for``):

``received_count``        dossiers received in the period
``finished_count``        … of them with a result (finished date)
``early_count``           finished before the due day (trước hạn)
``on_time_count``         finished on the due day, or finished with no due day (đúng hạn)
``late_count``            finished after the due day (quá hạn)
``pending_count``         not finished yet
``overdue_count``         not finished and the due day is before ``as_of`` (chưa xong — quá hạn)
``online_count``          submitted online (channel "trực tuyến": DVC level 3/4)
``postal_receipt_count``  submitted through the public postal service
``postal_return_count``   results returned through the public postal service

Rates, as percentages (``Decimal``, 0–100, never rounded here — round on display;
``None`` when the denominator is 0):

``on_time_rate``          (early + on time) / finished — "hồ sơ giải quyết đúng hạn"
``early_rate``            early / finished
``late_rate``             late / finished
``online_share``          online / received — "hồ sơ trực tuyến mức độ 3, 4"
``postal_receipt_share``  postal receipt / received
``postal_return_share``   postal return / finished

A plan target such as "tối thiểu 95% hồ sơ giải quyết đúng hạn" reads
``rates_for(agency_ids, period)["on_time_rate"] >= 95``.

The aggregation is ``GROUP BY agency_id, <start of period>(received)`` with
conditional counts: one query for every agency and every period of a range.
On PostgreSQL the period start is ``date_trunc``; on SQLite, ``date()`` modifiers.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, DateField, F, Func, Max, Min, Q, QuerySet
from django.utils.translation import gettext as _

from cchc.onestop.models import Channel, Dossier, ImportBatch
from cchc.periods import Period

PERIOD_KINDS = ("month", "quarter", "year")

COUNT_KEYS = [
    "received_count",
    "finished_count",
    "early_count",
    "on_time_count",
    "late_count",
    "pending_count",
    "overdue_count",
    "online_count",
    "postal_receipt_count",
    "postal_return_count",
]
# rate key → (numerator count keys, denominator count key)
RATE_KEYS = {
    "on_time_rate": (("early_count", "on_time_count"), "finished_count"),
    "early_rate": (("early_count",), "finished_count"),
    "late_rate": (("late_count",), "finished_count"),
    "online_share": (("online_count",), "received_count"),
    "postal_receipt_share": (("postal_receipt_count",), "received_count"),
    "postal_return_share": (("postal_return_count",), "finished_count"),
}
METRIC_KEYS = COUNT_KEYS + list(RATE_KEYS)


def metric_labels() -> dict[str, str]:
    return {
        "received_count": _("Received"),
        "finished_count": _("Settled"),
        "early_count": _("Ahead of time"),
        "on_time_count": _("On time"),
        "late_count": _("Overdue"),
        "pending_count": _("In progress"),
        "overdue_count": _("Unfinished, overdue"),
        "online_count": _("Submitted online"),
        "postal_receipt_count": _("Submitted by post"),
        "postal_return_count": _("Returned by post"),
        "on_time_rate": _("On-time rate (%)"),
        "early_rate": _("Ahead-of-time rate (%)"),
        "late_rate": _("Overdue rate (%)"),
        "online_share": _("Online rate (%)"),
        "postal_receipt_share": _("Received-by-post rate (%)"),
        "postal_return_share": _("Returned-by-post rate (%)"),
    }


# --- periods -------------------------------------------------------------------------------


class PeriodStart(Func):
    """The first day of the month / quarter / year of a date column, in SQL."""

    output_field = DateField()

    def __init__(self, expression, kind: str):
        if kind not in PERIOD_KINDS:
            raise ValueError(kind)
        self.kind = kind
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL and the rest
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date_trunc('{self.kind}', ({sql})::timestamp)::date", params

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        if self.kind == "quarter":  # back 0–2 months to the quarter's first month
            months = f"-((CAST(substr({sql}, 6, 2) AS INTEGER) - 1) %% 3)"
            return f"date({sql}, 'start of month', {months} || ' months')", params * 2
        return f"date({sql}, 'start of {self.kind}')", params


# --- aggregation ---------------------------------------------------------------------------


def _counts(as_of: datetime.date) -> dict:
    finished = Q(finished__isnull=False)
    return {
        "received_count": Count("id"),
        "finished_count": Count("id", filter=finished),
        "early_count": Count("id", filter=Q(finished__lt=F("due"))),
        "on_time_count": Count(
            "id", filter=Q(finished=F("due")) | (finished & Q(due__isnull=True))
        ),
        "late_count": Count("id", filter=Q(finished__gt=F("due"))),
        "pending_count": Count("id", filter=Q(finished__isnull=True)),
        "overdue_count": Count("id", filter=Q(finished__isnull=True, due__lt=as_of)),
        "online_count": Count("id", filter=Q(channel=Channel.ONLINE)),
        "postal_receipt_count": Count("id", filter=Q(channel=Channel.POSTAL)),
        "postal_return_count": Count("id", filter=Q(returned_by_post=True)),
    }


def with_rates(counts: dict) -> dict:
    """Add the rate keys (Decimal percentages, unrounded; None when nothing to divide by)."""
    out = dict(counts)
    for key, (numerators, denominator) in RATE_KEYS.items():
        total = counts[denominator]
        part = sum(counts[n] for n in numerators)
        out[key] = Decimal(100 * part) / Decimal(total) if total else None
    return out


def _dossiers(
    first: datetime.date, end: datetime.date, agency_ids: list[int] | None
) -> QuerySet[Dossier]:
    found = Dossier.objects.filter(received__gte=first, received__lt=end)
    return found if agency_ids is None else found.filter(agency_id__in=agency_ids)


def rates_table(
    kind: str,
    first: datetime.date,
    last: datetime.date,
    agency_ids: list[int] | None = None,
    as_of: datetime.date | None = None,
) -> list[dict]:
    """Counts and rates of every agency and every period from ``first`` to ``last``.

    One query. Each row: ``agency_id``, ``period`` (a ``Period``) and the metric keys.
    Agencies without dossiers in a period have no row.
    """
    as_of = as_of or datetime.date.today()
    start, end = Period.containing(kind, first).start, Period.containing(kind, last).end
    rows = (
        _dossiers(start, end, agency_ids)
        .annotate(period_start=PeriodStart("received", kind))
        .values("agency_id", "period_start")
        .annotate(**_counts(as_of))
        .order_by()
    )
    out = []
    for row in rows:
        day = row.pop("period_start")
        if isinstance(day, str):  # SQLite returns the text of date()
            day = datetime.date.fromisoformat(day)
        row["period"] = Period(kind, day)
        out.append(with_rates(row))
    out.sort(key=lambda r: (r["period"].start, r["agency_id"]))
    return out


def rates_for(
    agency_ids: list[int] | None, period: Period, as_of: datetime.date | None = None
) -> dict:
    """The metrics of a group of agencies (all agencies if None) over one period, summed.

    Returns ``{metric key: value}`` — counts as int, rates as Decimal percentages or
    None (see the module docstring for the keys). This is what a plan target reads.
    """
    as_of = as_of or datetime.date.today()
    counts = _dossiers(period.start, period.end, agency_ids).aggregate(**_counts(as_of))
    return with_rates({k: v or 0 for k, v in counts.items()})


def recent_batches(province_id: int | None, limit: int = 20) -> QuerySet[ImportBatch]:
    batches = ImportBatch.objects.select_related("created_by")
    if province_id is not None:
        batches = batches.filter(province_id=province_id)
    return batches[:limit]


def received_range(agency_ids: list[int] | None) -> tuple[datetime.date, datetime.date] | None:
    """The first and last receipt days of the agencies' dossiers (None if there are none)."""
    found = Dossier.objects.all()
    if agency_ids is not None:
        found = found.filter(agency_id__in=agency_ids)
    span = found.aggregate(first=Min("received"), last=Max("received"))
    return (span["first"], span["last"]) if span["first"] else None
