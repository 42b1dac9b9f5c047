"""The plan dashboard's deadline timeline: tasks counted by the month of their
final deadline (by quarter or year when the plan is long), each bar stacked by
status, as inline SVG coordinates that a template draws.

No JavaScript and no external asset, like the indicator charts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cchc.periods import ROMAN, Period

WIDTH, HEIGHT = 640, 190
LEFT, RIGHT, TOP, BOTTOM = 32, 8, 10, 34
MAX_BARS = 24  # more months than this are shown by quarter, then by year


@dataclass(frozen=True)
class Series:
    """One layer of the stacked bars: the statuses it counts, its name and CSS class."""

    label: str
    statuses: tuple[str, ...]
    css: str


def _periods(first: datetime.date, last: datetime.date) -> list[Period]:
    """Months from ``first`` to ``last``; quarters, then years, when there would be
    more than MAX_BARS bars. Years are never cut: a mistyped year (2205) gives a
    long, thin chart, not an error."""
    for kind in ("month", "quarter", "year"):
        periods = [Period.containing(kind, first)]
        while periods[-1].last_day < last and (kind == "year" or len(periods) <= MAX_BARS):
            periods.append(Period.containing(kind, periods[-1].end))
        if periods[-1].last_day >= last:
            break
    return periods


def _f(value: float) -> str:
    """A coordinate as the SVG attribute shows it (formatted here, not by template filters)."""
    return f"{value:.1f}"


def _short_label(period: Period) -> str:
    if period.kind == "year":
        return str(period.start.year)
    if period.kind == "quarter":
        return f"{ROMAN[(period.start.month - 1) // 3 + 1]}/{period.start.year}"
    return f"{period.start.month}/{period.start.year}"


def deadline_chart(
    deadlines: list[tuple[datetime.date | None, str]],
    day: datetime.date,
    series: list[Series],
) -> dict | None:
    """Bars of ``(due, status)`` pairs per period, stacked bottom-up in ``series`` order.

    Tasks without a deadline (recurring ones, "thường xuyên") are not drawn; their
    number is returned as ``undated``. None when no task has a deadline.
    """
    dated = [(due, status) for due, status in deadlines if due is not None]
    if not dated:
        return None
    periods = _periods(min(due for due, _s in dated), max(due for due, _s in dated))
    index = {period.start: i for i, period in enumerate(periods)}
    kind = periods[0].kind
    counts = [dict.fromkeys(range(len(series)), 0) for _p in periods]
    layer = {status: n for n, s in enumerate(series) for status in s.statuses}
    for due, status in dated:
        counts[index[Period.containing(kind, due).start]][layer[status]] += 1
    top = max(sum(c.values()) for c in counts)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(periods)
    every = max(1, round(len(periods) / 8))  # about eight labels at most

    bars = []
    for i, (period, count) in enumerate(zip(periods, counts, strict=True)):
        base = TOP + plot_h
        segments = []
        for n, s in enumerate(series):
            if count[n]:
                height = plot_h * count[n] / top
                base -= height
                segments.append({"y": _f(base), "height": _f(height), "css": s.css})
        total = sum(count.values())
        bars.append(
            {
                "x": _f(LEFT + slot * i + slot * 0.15),
                "width": _f(slot * 0.7),
                "segments": segments,
                "title": f"{period.label}: "
                + ", ".join(f"{s.label} {count[n]}" for n, s in enumerate(series) if count[n])
                if total
                else period.label,
                "label": _short_label(period) if i % every == 0 else "",
                "label_x": _f(LEFT + slot * (i + 0.5)),
            }
        )
    today_x = None
    if periods[0].start <= day <= periods[-1].last_day:
        period = Period.containing(kind, day)
        days = (period.end - period.start).days
        today_x = _f(LEFT + slot * (index[period.start] + (day - period.start).days / days))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": TOP + plot_h,
        "label_y": HEIGHT - BOTTOM + 16,
        "ticks": [
            {"y": _f(TOP + plot_h - plot_h * value / top), "label": value}
            for value in sorted({top, top // 2} - {0})
        ],
        "bars": bars,
        "today_x": today_x,
        "series": series,
        "kind": kind,
        "undated": len(deadlines) - len(dated),
    }
