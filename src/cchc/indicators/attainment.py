"""The attainment rule: is a target met, on track, at risk or missed?

Pure functions (no database), property-tested in tests/indicators.

Given the latest value ``v`` of a series, the target ``T`` with its comparator,
the indicator's time window ``start``..``due`` and the day ``d`` of the check:

1. no value (or a target without a number)      → chưa có số liệu (no data)
2. ``v`` satisfies the comparator against ``T``  → đạt (met)
3. else, ``d`` is after ``due``                  → không đạt (missed)
4. else compare with the straight line from nothing at ``start`` to the target
   at ``due``; ``s`` is the share of the window elapsed on ``d`` (0 to 1):
   - higher is better (≥, >, =):  ``v ≥ T × s``   → đúng lộ trình (on track)
   - lower is better (≤, <):      ``v × s ≤ T``   → đúng lộ trình (on track)
   - otherwise                                   → có nguy cơ không đạt (at risk)

So early in the window almost any value is on track, and the bar rises to the
target itself at the due day. The check uses the day of the check, not the
day of the value: an agency that stops entering values slides to "at risk".
Values are ``Decimal`` throughout; nothing is rounded here.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

MET = "met"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
MISSED = "missed"
NO_DATA = "no_data"

LABELS = {
    MET: _("Met"),
    ON_TRACK: _("On track"),
    AT_RISK: _("At risk of not being met"),
    MISSED: _("Not met"),
    NO_DATA: _("No data yet"),
}
# The stylesheet's badge class of each status.
BADGES = {MET: "ok", ON_TRACK: "", AT_RISK: "warn", MISSED: "bad", NO_DATA: ""}
# Best first; "no data" counts as the worst when several series are summed up.
ORDER = [MET, ON_TRACK, AT_RISK, MISSED, NO_DATA]
LOWER_IS_BETTER = ("<", "<=")


def satisfies(value: Decimal, comparator: str, target: Decimal) -> bool:
    """``value <comparator> target``; a blank comparator reads as ``>=`` ("đạt 100%")."""
    if comparator == ">":
        return value > target
    if comparator == "<":
        return value < target
    if comparator == "<=":
        return value <= target
    if comparator == "=":
        return value == target
    return value >= target


def elapsed_share(
    start: datetime.date | None, due: datetime.date | None, day: datetime.date
) -> Decimal:
    """How much of ``start``..``due`` has passed on ``day``, from 0 to 1 (0 without a window)."""
    if start is None or due is None or due <= start or day <= start:
        return Decimal(0)
    if day >= due:
        return Decimal(1)
    return Decimal((day - start).days) / Decimal((due - start).days)


def status(
    value: Decimal | None,
    comparator: str,
    target: Decimal | None,
    start: datetime.date | None,
    due: datetime.date | None,
    day: datetime.date,
) -> str:
    if value is None or target is None:
        return NO_DATA
    if satisfies(value, comparator, target):
        return MET
    if due is not None and day > due:
        return MISSED
    share = elapsed_share(start, due, day)
    lower_is_better = comparator in LOWER_IS_BETTER
    on_track = value * share <= target if lower_is_better else value >= target * share
    return ON_TRACK if on_track else AT_RISK


def worst(statuses) -> str:
    """The least good of several statuses (an empty list has no data)."""
    return max(statuses, key=ORDER.index, default=NO_DATA)
