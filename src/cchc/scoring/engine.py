"""The reform index's arithmetic, in one pure module (no database, no Django models).

A framework is a tree of items (lĩnh vực → tiêu chí → tiêu chí thành phần) written as
:class:`ItemSpec` rows whose code gives the tree ("1", "1.1", "1.1.2"). Every leaf has a
scoring method:

- ``binary``: the full self-assessed maximum or 0;
- ``levels``: one of the configured levels (e.g. 1 / 0.5 / 0 points);
- ``bands``: a percentage falls in one configured interval, each with its points; the
  boundaries are inclusive or exclusive as the decision writes them (``(90;100]=2``);
- ``proportional``: rate % × maximum ÷ 100;
- ``survey``: points come from the sociological survey; units do not score it;
- ``deduction``: a row below an item (điểm trừ), 0 … −maximum, adds nothing to the maximum;
- ``bonus``: a bonus/penalty section row, −maximum … +maximum, adds nothing to the maximum.

``not_applicable_full``: when the unit declares the item not applicable (e.g. no
feedback was received in the year) it gets the full points.

The index = points ÷ maximum × 100 (per unit, per area, per criterion); classification
bands and the ranking (ties share a rank, the next rank skips) are here as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

METHODS = ("binary", "levels", "bands", "proportional", "survey", "deduction", "bonus")
SCORED_BY_UNIT = ("binary", "levels", "bands", "proportional", "deduction", "bonus")
# Live data the platform can compute a rate % for (see cchc.scoring.live).
LIVE_SOURCES = (
    "",
    "plan_issued",
    "plan_tasks_on_time",
    "reports_on_time",
    "onestop_on_time",
    "onestop_online",
    "targets_met",
    "survey_satisfaction",
)
UNIT_KINDS = ("department", "commune", "province")

TWO = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)


class RuleError(ValueError):
    """A value or a rule that the scoring method refuses; the message is for the user."""


def dec(value) -> Decimal:
    """A Decimal from a number or a text written with a decimal comma ("0,5")."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise RuleError(str(value)) from exc


def q2(value: Decimal) -> Decimal:
    return value.quantize(TWO, rounding=ROUND_HALF_UP)


# --- intervals (item bands) ------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal
    lo_inclusive: bool
    hi_inclusive: bool
    points: Decimal

    def holds(self, x: Decimal) -> bool:
        above = x > self.lo or (self.lo_inclusive and x == self.lo)
        below = x < self.hi or (self.hi_inclusive and x == self.hi)
        return above and below

    def text(self) -> str:
        left = "[" if self.lo_inclusive else "("
        right = "]" if self.hi_inclusive else ")"
        return f"{left}{fmt(self.lo)};{fmt(self.hi)}{right}={fmt(self.points)}"


_INTERVAL = re.compile(
    r"^\s*([\[(])\s*(-?[\d.,]+)\s*;\s*(-?[\d.,]+)\s*([\])])\s*=\s*(-?[\d.,]+)\s*$"
)


def parse_interval(text: str) -> Interval:
    match = _INTERVAL.match(text)
    if not match:
        raise RuleError(text)
    left, lo, hi, right, points = match.groups()
    return Interval(dec(lo), dec(hi), left == "[", right == "]", dec(points))


def fmt(value) -> str:
    """A number as the sheet writes it: no trailing zeros, a decimal point."""
    value = dec(value)
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def check_intervals(intervals: list[Interval]) -> None:
    """The intervals partition [0, 100]: sorted, contiguous, no overlap, no gap."""
    if not intervals:
        raise RuleError("empty")
    ordered = sorted(intervals, key=lambda i: (i.lo, not i.lo_inclusive))
    if ordered[0].lo != ZERO or not ordered[0].lo_inclusive:
        raise RuleError("0")
    if ordered[-1].hi != HUNDRED or not ordered[-1].hi_inclusive:
        raise RuleError("100")
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a.hi != b.lo or a.hi_inclusive == b.lo_inclusive:
            raise RuleError(fmt(a.hi))
    for i in ordered:
        if i.lo > i.hi or (i.lo == i.hi and not (i.lo_inclusive and i.hi_inclusive)):
            raise RuleError(i.text())


# --- items ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    label: str
    points: Decimal


@dataclass(frozen=True)
class ItemSpec:
    code: str
    name: str
    max_self: Decimal = ZERO
    max_survey: Decimal = ZERO
    method: str = ""  # "" for an area or criterion (its points are its children's)
    levels: tuple[Level, ...] = ()
    bands: tuple[Interval, ...] = ()
    not_applicable_full: bool = False
    live: str = ""
    evidence: str = ""
    guidance: str = ""

    @property
    def parent_code(self) -> str:
        return self.code.rpartition(".")[0]

    @property
    def depth(self) -> int:
        return self.code.count(".")

    @property
    def counts_in_max(self) -> bool:
        return self.method not in ("deduction", "bonus")

    @property
    def max_points(self) -> Decimal:
        return self.max_self + self.max_survey

    def rule_text(self) -> str:
        if self.method == "levels":
            return " | ".join(f"{lv.label}={fmt(lv.points)}" for lv in self.levels)
        if self.method == "bands":
            return " | ".join(i.text() for i in self.bands)
        return ""


def parse_rule(method: str, text: str) -> tuple[tuple[Level, ...], tuple[Interval, ...]]:
    """The levels or bands of a rule cell ("Kịp thời=1 | Chậm=0,5 | Không=0")."""
    text = (text or "").strip()
    parts = [p.strip() for p in text.split("|") if p.strip()]
    if method == "levels":
        levels = []
        for part in parts:
            label, sep, points = part.rpartition("=")
            if not sep:
                raise RuleError(part)
            levels.append(Level(label.strip(), dec(points)))
        if not levels:
            raise RuleError(text)
        return tuple(levels), ()
    if method == "bands":
        bands = tuple(parse_interval(p) for p in parts)
        check_intervals(list(bands))
        return (), bands
    if parts:
        raise RuleError(text)
    return (), ()


def points_for(item: ItemSpec, value=None, *, not_applicable: bool = False, points=None) -> Decimal:
    """The self-assessed points of a leaf.

    ``value``: the rate % for ``bands`` and ``proportional``; ``points``: the points
    chosen for ``binary``, ``levels``, ``deduction`` and ``bonus``.
    """
    full = item.max_self
    if not_applicable:
        if not item.not_applicable_full:
            raise RuleError("not_applicable")
        return full
    if item.method == "survey":
        raise RuleError("survey")
    if item.method in ("bands", "proportional"):
        if value is None:
            raise RuleError("value")
        rate = dec(value)
        if rate < ZERO or rate > HUNDRED:
            raise RuleError(fmt(rate))
        if item.method == "proportional":
            return q2(rate * full / HUNDRED)
        for interval in item.bands:
            if interval.holds(rate):
                return interval.points
        raise RuleError(fmt(rate))
    if item.method == "binary" and points is None and value is not None:
        return full if dec(value) >= HUNDRED else ZERO  # a live rate: met only at 100 %
    if item.method == "levels" and points is None and value is not None:
        return level_for_rate(item, dec(value))
    if points is None:
        raise RuleError("points")
    chosen = dec(points)
    if item.method == "binary":
        allowed = (full, ZERO)
    elif item.method == "levels":
        allowed = tuple(level.points for level in item.levels)
    elif item.method == "deduction":
        if -full <= chosen <= ZERO:
            return chosen
        raise RuleError(fmt(chosen))
    elif item.method == "bonus":
        if -full <= chosen <= full:
            return chosen
        raise RuleError(fmt(chosen))
    else:
        raise RuleError(item.method)
    if chosen not in allowed:
        raise RuleError(fmt(chosen))
    return chosen


def level_for_rate(item: ItemSpec, rate: Decimal) -> Decimal:
    """A live rate on a levels item: the highest level whose share of the maximum does not
    exceed the rate ("issued on time" 100 % → 1; "late" 50 % → 0.5; none 0 % → 0)."""
    if not item.max_self:
        return ZERO
    fitting = [lv.points for lv in item.levels if lv.points * HUNDRED / item.max_self <= rate]
    return max(fitting) if fitting else min(lv.points for lv in item.levels)


def check_tree(items: Iterable[ItemSpec]) -> list[tuple[str, str]]:
    """(code, problem) of every inconsistency: unknown parent, a parent's maximum that
    is not the sum of its children's, a leaf without a method, a level above the max."""
    items = list(items)
    by_code = {i.code: i for i in items}
    problems: list[tuple[str, str]] = []
    children: dict[str, list[ItemSpec]] = {}
    for item in items:
        if item.parent_code:
            if item.parent_code not in by_code:
                problems.append((item.code, "parent"))
            children.setdefault(item.parent_code, []).append(item)
    for item in items:
        kids = [k for k in children.get(item.code, []) if k.counts_in_max]
        if kids:
            if item.method and item.method not in ("deduction", "bonus"):
                problems.append((item.code, "method_on_parent"))
            if sum((k.max_self for k in kids), ZERO) != item.max_self:
                problems.append((item.code, "max_self"))
            if sum((k.max_survey for k in kids), ZERO) != item.max_survey:
                problems.append((item.code, "max_survey"))
        elif not item.method and item.counts_in_max and item.max_points > 0:
            problems.append((item.code, "method"))
        if item.method == "levels" and any(lv.points > item.max_self for lv in item.levels):
            problems.append((item.code, "level"))
        if item.method == "bands" and any(b.points > item.max_self for b in item.bands):
            problems.append((item.code, "level"))
        if item.method == "survey" and item.max_self:
            problems.append((item.code, "survey_self"))
    return problems


def leaves(items: Iterable[ItemSpec]) -> list[ItemSpec]:
    items = list(items)
    parents = {i.parent_code for i in items if i.counts_in_max}
    return [i for i in items if i.code not in parents or not i.counts_in_max]


@dataclass
class Totals:
    points: Decimal = ZERO
    maximum: Decimal = ZERO

    @property
    def index(self) -> Decimal | None:
        return index(self.points, self.maximum)


def index(points: Decimal, maximum: Decimal) -> Decimal | None:
    """Points ÷ maximum × 100, 2 decimals (as published); None without a maximum."""
    if not maximum:
        return None
    return q2(max(points, ZERO) * HUNDRED / maximum)


@dataclass
class Result:
    total: Totals = field(default_factory=Totals)
    by_item: dict[str, Totals] = field(default_factory=dict)  # every non-leaf code


Prepared = list[tuple[str, Decimal, tuple[str, ...]]]


def prepare(items: Iterable[ItemSpec]) -> Prepared:
    """(code, maximum counted, ancestor codes) of every leaf: computed once per framework
    and reused for every unit by :func:`totals`."""
    out = []
    for leaf in leaves(items):
        ancestors, code = [], leaf.parent_code
        while code:
            ancestors.append(code)
            code = code.rpartition(".")[0]
        out.append((leaf.code, leaf.max_points if leaf.counts_in_max else ZERO, tuple(ancestors)))
    return out


def totals(
    items: Iterable[ItemSpec], leaf_points: Mapping[str, Decimal], prepared: Prepared | None = None
) -> Result:
    """Points and maxima of the unit, of each area and each criterion.

    ``leaf_points``: final points (self-assessed/appraised + survey) by leaf code; a leaf
    missing counts 0. Deductions and bonuses add points but no maximum. The total is
    clipped at 0 and at the maximum.
    """
    result = Result()
    by_item = result.by_item
    points_sum, max_sum = ZERO, ZERO
    for code, maximum, ancestors in prepared if prepared is not None else prepare(items):
        pts = leaf_points.get(code, ZERO)
        points_sum += pts
        max_sum += maximum
        for ancestor in ancestors:
            node = by_item.get(ancestor)
            if node is None:
                node = by_item[ancestor] = Totals()
            node.points += pts
            node.maximum += maximum
    result.total.points = min(max(points_sum, ZERO), max_sum)
    result.total.maximum = max_sum
    return result


# --- classification and ranking ---------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """A classification band: index ≥ ``lower`` (or > when not inclusive) and below the
    band above it. Bands are listed from the highest down; the last starts at [0."""

    label: str
    lower: Decimal
    inclusive: bool = True


def check_bands(bands: list[Band]) -> None:
    if not bands:
        raise RuleError("empty")
    lowers = [b.lower for b in bands]
    if any(a <= b for a, b in zip(lowers, lowers[1:], strict=False)):
        raise RuleError("order")
    if lowers[0] > HUNDRED or bands[-1].lower != ZERO or not bands[-1].inclusive:
        raise RuleError("0")


def band_intervals(bands: list[Band]) -> list[tuple[Band, Interval]]:
    """Each band as the interval of [0, 100] it covers (highest first)."""
    out = []
    upper, upper_inclusive = HUNDRED, True
    for band in bands:
        out.append((band, Interval(band.lower, upper, band.inclusive, upper_inclusive, ZERO)))
        upper, upper_inclusive = band.lower, not band.inclusive
    return out


def classify(value: Decimal | None, bands: list[Band]) -> str:
    if value is None:
        return ""
    for band in bands:
        if value > band.lower or (band.inclusive and value == band.lower):
            return band.label
    return ""


def parse_bands(text: str) -> list[Band]:
    """ "Tốt>=90 | Khá>=80 | Trung bình>70 | Yếu>=0" → bands, checked."""
    bands = []
    for part in (p.strip() for p in (text or "").split("|") if p.strip()):
        match = re.match(r"^(.+?)\s*(>=|≥|>)\s*(-?[\d.,]+)$", part)
        if not match:
            raise RuleError(part)
        label, op, lower = match.groups()
        bands.append(Band(label.strip(), dec(lower), op != ">"))
    check_bands(bands)
    return bands


def bands_text(bands: list[Band]) -> str:
    return " | ".join(f"{b.label}{'>=' if b.inclusive else '>'}{fmt(b.lower)}" for b in bands)


def rank(values: Mapping[object, Decimal | None]) -> dict[object, int | None]:
    """Competition ranking, highest first: ties share a rank and the next rank skips
    (1, 2, 2, 4). A unit without a value has no rank."""
    ordered = sorted((v for v in values.values() if v is not None), reverse=True)
    first = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return {key: (first[v] if v is not None else None) for key, v in values.items()}
