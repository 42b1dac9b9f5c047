"""The reporting regime of a plan: which periodic reports are owed and when.

Every reform plan ends with a sentence such as

    "Báo cáo quý I, 6 tháng, 9 tháng: gửi trước ngày mùng 05 của tháng cuối kỳ
    báo cáo; báo cáo năm gửi trước ngày 10/11/2019."

:func:`read_reporting_regime` finds that sentence among the plan's paragraphs
and turns it into dated :class:`ReportPeriod` values for the plan's year;
:func:`cycles` repeats them for every year of a multi-year plan.

How a paragraph is read (in its folded form, lower case without tone marks, as
the other field parsers do, so ``Quý`` and ``Quy`` read the same):

1. **Due rules** are found first and masked out, so that the ``quý`` of
   "tháng cuối quý" is not taken for a period. A rule is either a day of the
   period's last month ("ngày 05 của tháng cuối kỳ/quý"), a day of the month
   after the period ("ngày 10 của tháng đầu quý sau", "ngày 05 tháng sau") or an
   absolute date after a cue word ("trước ngày 10/11", "chậm nhất ngày 15 tháng
   12", optionally "năm sau").
2. **Periods** are the report names ("quý I", "hằng quý", "6 tháng (đầu năm)",
   "9 tháng", "năm"/"hằng năm"/"tổng kết năm", "hằng tháng"). A period counts
   only in a chain that starts at an anchor word ("báo cáo", "định kỳ", "sơ
   kết", "tổng kết") with at most :data:`MAX_GAP` words between links:
   the quarters of a task table ("Quý III/2019", a "Quý IV" cell next to some
   "báo cáo" product) are deadlines, not reports. "đột xuất" is not a period.
3. **Assignment**: the paragraph is split into clauses at ``;`` and ``.``. In a
   clause with rules, a period takes the first rule after it, else the last one
   before it. A clause of periods without a rule takes the rule of the next
   clause when that clause names no period. Any period still without a rule
   inherits the paragraph's first *relative* rule (a "tháng cuối kỳ" rule fits
   any period; an absolute date does not), else the default due day.

The paragraph with a due rule and the most periods wins (the first on a tie);
if it has no rule, the rule-only paragraph right after it is used ("Thời hạn
gửi báo cáo: trước ngày 15 của tháng cuối quý").

Data ranges are the calendar periods: quý I = 1/1–31/3, 6 tháng = 1/1–30/6,
9 tháng = 1/1–30/9, năm = 1/1–31/12. Reports are often due *before* their
period ends (quý I before 05/3, the annual report before 10/11): ``end`` stays
the calendar end and ``due`` is what the plan says; the application decides
which data a report early in its period can hold (its data cut-off).

When "hằng quý" (every quarter) is listed together with "6 tháng" or "năm", the
6-month report stands for quý II and the annual one for quý IV, as in every
seed ("hằng quý, 6 tháng, năm" = quý I, 6 tháng, quý III, năm). A quarter named
explicitly ("quý II") is always kept.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from cchc.extraction.fields.text import clean, fold
from cchc.extraction.vocabulary import roman_value

# ---------------------------------------------------------------------------
# Vocabulary

# Months covered by each period kind: (first month, last month) of the year.
PERIOD_MONTHS: dict[str, tuple[int, int]] = {
    "q1": (1, 3),
    "q2": (4, 6),
    "q3": (7, 9),
    "q4": (10, 12),
    "h1": (1, 6),  # 6 tháng (đầu năm)
    "h2": (7, 12),  # 6 tháng cuối năm
    "m9": (1, 9),  # 9 tháng
    "year": (1, 12),
}
# "month" periods cover their own month; their kind is "month" for all twelve.
MONTH = "month"

# The Ministry's usual four reports a year (quý I, 6 tháng, quý III, năm), used
# when a plan says nothing. The due day is a CONFIGURABLE DEFAULT, not a legal
# rule: the 15th of the period's last month (so 15/12 for the annual report).
DEFAULT_KINDS: tuple[str, ...] = ("q1", "h1", "q3", "year")
DEFAULT_DUE_DAY = 15

# Most words between an anchor (or a counted period) and the next period.
MAX_GAP = 6

_QUARTER_KINDS = ("q1", "q2", "q3", "q4")

# ---------------------------------------------------------------------------
# Patterns (all on folded text: lower case, no tone marks, đ → d)

# A due cue ("trước", "chậm nhất là vào", "không quá", "hạn chót") and a day
# ("ngày 05", "ngày mùng 5"). Relative rules need the word "ngày" (so that "6
# tháng cuối năm" stays a period); absolute dates need the cue instead (so that
# the date of a cited document is not a due day).
_CUE = r"(?:truoc|cham\s+nhat|khong\s+(?:qua|muon\s+hon)|han(?:\s+chot)?)(?:\s+(?:la|vao|gui))*"
_NGAY = r"\bngay\s+(?:mung\s+|mong\s+)?"
_DUE = re.compile(
    "|".join(
        (
            # (trước) ngày 05 của tháng cuối kỳ (báo cáo) / tháng cuối quý / tháng cuối cùng của kỳ
            rf"(?P<last>(?:{_CUE}\s+)?{_NGAY}(?P<last_day>\d{{1,2}})\s+(?:cua\s+|trong\s+)?"
            r"thang\s+cuoi(?:\s+cung)?(?:\s+cua)?(?:\s+(?:ky|quy|nam))?(?:\s+bao\s+cao)?)",
            # (trước) ngày 10 của tháng đầu (của) quý sau / kỳ tiếp theo; ngày 05 tháng sau
            rf"(?P<next>(?:{_CUE}\s+)?{_NGAY}(?P<next_day>\d{{1,2}})\s+(?:cua\s+)?thang\s+"
            r"(?:dau(?:\s+tien)?(?:\s+cua)?\s+(?:quy|ky)(?:\s+bao\s+cao)?"
            r"(?:\s+(?:sau|tiep\s+theo|ke\s+tiep))?|sau|tiep\s+theo|ke\s+tiep)\b)",
            # (trước) ngày 20 hằng tháng: a day of the report's own month; the words
            # "hằng tháng" stay visible as the (monthly) period itself.
            rf"(?P<monthly>(?:{_CUE}\s+)?{_NGAY}(?P<monthly_day>\d{{1,2}})"
            r"(?=\s+(?:hang|moi)\s+thang\b))",
            # trước ngày 10/11(/2019) (năm sau); chậm nhất ngày 15 tháng 12 (năm 2019)
            rf"(?P<absolute>{_CUE}\s+(?:{_NGAY})?(?P<abs_day>\d{{1,2}})\s*"
            r"(?:[/.-]\s*(?P<abs_month>\d{1,2})(?:\s*[/.-]\s*(?P<abs_year>(?:19|20)\d{2}))?"
            r"|\s+thang\s+(?P<abs_month_w>\d{1,2})(?:\s+nam\s+(?P<abs_year_w>(?:19|20)\d{2}))?)\b"
            r"(?P<next_year>\s+(?:cua\s+)?nam\s+(?:sau|tiep\s+theo|ke\s+tiep))?)",
        )
    )
)

# Report periods. A quarter list ("quý I, II và III") is one match; a quarter
# written with a year ("Quý II/2019") is a task deadline and never matches
# (the possessive ``*+`` keeps the lookahead from cutting the list short).
_PERIOD = re.compile(
    "|".join(
        (
            r"(?P<quarters>\bquy\s*(?:iv|iii|ii|i|[1-4])\b"
            r"(?:\s*(?:,|va|hoac)\s*(?:quy\s*)?(?:iv|iii|ii|i)\b)*+)(?!\s*[/-]\s*\d)",
            # hằng quý, từng quý, mỗi quý; "báo cáo quý," / "định kỳ quý và"
            r"(?P<every_quarter>\b(?:hang|tung|moi)\s+quy\b(?!\s*(?:iv|iii|ii|i|[1-4])\b)"
            r"|\b(?:bao\s+cao|dinh\s+ky)\s+quy\b(?=\s*(?:[,;:().]|va\b|hoac\b|$)))",
            # 6 tháng, sáu tháng, 6 tháng đầu năm, 6 tháng cuối năm (not "trong 6 tháng")
            r"(?P<half>(?<!trong )(?<!vong )(?<!sau )\b(?:6|sau)\s+thang\b"
            r"(?!\s*\d)(?!\s+(?:sau|ke\s+tu|tinh\s+tu|truoc))(?:\s+(dau|cuoi)(?:\s+nam)?)?)",
            r"(?P<nine>(?<!trong )(?<!vong )\b(?:9|chin)\s+thang\b(?!\s*\d)"
            r"(?!\s+(?:sau|ke\s+tu|tinh\s+tu|truoc))(?:\s+dau(?:\s+nam)?)?)",
            # hằng năm, cả năm, tổng kết năm (2019), báo cáo năm, ", năm", "và năm"
            r"(?P<year>(?:\b(?:tong\s+ket|bao\s+cao)\s+nam\b(?:\s+(?:19|20)\d{2}\b)?"
            r"|(?:\b(?:hang|moi|ca|va|hoac)\s+|[,(]\s*)nam\b)"
            r"(?!\s*(?:\d|sau|tiep|truoc|hoc|nay|qua|toi|thu|dau|cuoi|ke\b)))",
            # hằng tháng, mỗi tháng, "báo cáo tháng"
            r"(?P<every_month>\b(?:hang|moi|tung)\s+thang\b|\bbao\s+cao\s+thang\b(?!\s*\d))",
        )
    )
)
_ANCHOR = re.compile(r"\b(?:bao\s+cao|dinh\s+ky|so\s+ket|tong\s+ket)\b")
_CLAUSE_END = re.compile(r";|\.(?=\s|$)")
# A sentence ends at a full stop that does not close a list number ("1. ").
_SENTENCE_END = re.compile(r"(?<![\d\s])\.(?=\s|$)")
_ROMAN_TOKEN = re.compile(r"\b(iv|iii|ii|i|[1-4])\b")

# Priorities of a period's due rule, strongest first.
_IN_CLAUSE, _NEXT_CLAUSE, _INHERITED = 3, 2, 1

# ---------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class ReportPeriod:
    """One report owed: its kind, Vietnamese label, data range and due date."""

    kind: str  # q1 | q2 | q3 | q4 | h1 | h2 | m9 | year | month
    label_vi: str  # "Quý I/2019", "6 tháng đầu năm 2019", "Năm 2019", ...
    start: date  # first day of the data range
    end: date  # last day of the data range (the calendar period's end)
    due: date  # the day the report must be sent by
    due_from_text: bool = False  # False: DEFAULT_DUE_DAY was used


@dataclass
class ReportingRegime:
    """The reports a plan asks for in ``year``, ordered by due date."""

    periods: list[ReportPeriod]
    source_text: str | None  # the sentences read, None for the default
    is_default: bool  # True when the plan names no period at all
    year: int


@dataclass(frozen=True)
class _Rule:
    """A due rule: a day of the period's last month, of the month after it, or a date."""

    kind: str  # "last" | "next" | "absolute"
    day: int
    fixed: date | None = None

    @property
    def relative(self) -> bool:
        return self.kind != "absolute"


# ---------------------------------------------------------------------------
# Dates


def _month_day(year: int, month: int, day: int) -> date:
    """``day`` of a month, clamped to its length (31 in June → 30 June)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _range(kind: str, year: int, month: int = 0) -> tuple[date, date]:
    first, last = (month, month) if kind == MONTH else PERIOD_MONTHS[kind]
    return date(year, first, 1), _month_day(year, last, 31)


def _label(kind: str, start: date) -> str:
    year = start.year
    if kind == MONTH:
        return f"Tháng {start.month}/{year}"
    if kind in _QUARTER_KINDS:
        return f"Quý {('I', 'II', 'III', 'IV')[_QUARTER_KINDS.index(kind)]}/{year}"
    return {
        "h1": f"6 tháng đầu năm {year}",
        "h2": f"6 tháng cuối năm {year}",
        "m9": f"9 tháng năm {year}",
        "year": f"Năm {year}",
    }[kind]


def _due(rule: _Rule, end: date) -> date:
    if rule.fixed is not None:
        return rule.fixed
    if rule.kind == "next":
        year, month = (end.year + 1, 1) if end.month == 12 else (end.year, end.month + 1)
        return _month_day(year, month, rule.day)
    return _month_day(end.year, end.month, rule.day)


def _period(key: tuple[str, int], year: int, rule: _Rule | None, default_day: int) -> ReportPeriod:
    kind, month = key
    start, end = _range(kind, year, month)
    due = _due(rule or _Rule("last", default_day), end)
    return ReportPeriod(kind, _label(kind, start), start, end, due, rule is not None)


# ---------------------------------------------------------------------------
# Reading one paragraph


def _rule_from(match: re.Match[str], year: int) -> _Rule | None:
    """The rule of one ``_DUE`` match, None for an impossible day or date."""
    name = match.lastgroup
    if name == "absolute":
        day = int(match["abs_day"])
        month = int(match["abs_month"] or match["abs_month_w"])
        explicit = match["abs_year"] or match["abs_year_w"]
        when = int(explicit) if explicit else year + (1 if match["next_year"] else 0)
        try:
            return _Rule("absolute", day, date(when, month, day))
        except ValueError:
            return None
    day = int(match[f"{name}_day"])
    if not 1 <= day <= 31:
        return None
    return _Rule("next" if name == "next" else "last", day)


def _period_keys(match: re.Match[str]) -> tuple[list[tuple[str, int]], bool]:
    """The periods one ``_PERIOD`` match names, and whether they are "every quarter"."""
    name, text = match.lastgroup, match.group(0)
    if name == "quarters":
        numbers = [roman_value(t) for t in _ROMAN_TOKEN.findall(text)]
        return [(f"q{n}", 0) for n in dict.fromkeys(numbers)], False
    if name == "every_quarter":
        return [(k, 0) for k in _QUARTER_KINDS], True
    if name == "half":
        return [("h2" if "cuoi" in text else "h1", 0)], False
    if name == "nine":
        return [("m9", 0)], False
    if name == "year":
        return [("year", 0)], False
    return [(MONTH, m) for m in range(1, 13)], False


def _fold_with_positions(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each folded character, its index in ``text``."""
    parts: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        folded = fold(char)
        parts.append(folded)
        positions.extend([index] * len(folded))
    return "".join(parts), positions


@dataclass
class _Reading:
    """What one paragraph says about reports."""

    keys: list[tuple[str, int]]  # the periods, in reading order, normalised
    rules: dict[tuple[str, int], tuple[int, _Rule]]  # key → (priority, rule)
    orphan_rules: list[_Rule]  # the rules of a paragraph that names no period
    source: str  # the sentences read

    @property
    def stated(self) -> bool:
        """Whether some period has a due rule of its own clause."""
        return any(priority == _IN_CLAUSE for priority, _ in self.rules.values())

    @property
    def is_regime(self) -> bool:
        return len(self.keys) >= 2 or (bool(self.keys) and self.stated)


def _read_paragraph(paragraph: str, year: int) -> _Reading:
    text = clean(paragraph)
    folded, positions = _fold_with_positions(text)

    # 1. Due rules, then masked with spaces (same length: positions still agree).
    rules = []  # (start, end, rule) of the possible ones
    chars = list(folded)
    for match in _DUE.finditer(folded):
        chars[match.start() : match.end()] = " " * (match.end() - match.start())
        rule = _rule_from(match, year)
        if rule is not None:
            rules.append((match.start(), match.end(), rule))
    masked = "".join(chars)

    # 2. Periods in a chain from an anchor word; the match "báo cáo năm"
    #    contains its own anchor.
    links = [m.end() for m in _ANCHOR.finditer(masked)]
    found = []  # (start, end, keys)
    every_quarter, explicit = False, set()
    for match in _PERIOD.finditer(masked):
        near = [
            end
            for end in links
            if end <= match.end() and _words(masked, end, match.start()) <= MAX_GAP
        ]
        if not near:
            continue
        keys, every = _period_keys(match)
        every_quarter |= every
        if match.lastgroup == "quarters":
            explicit.update(keys)
        found.append((match.start(), match.end(), keys))
        links.append(match.end())
    if not found:
        return _Reading([], {}, [rule for _, _, rule in rules], text)

    # 3. Assignment of rules to periods, clause by clause.
    clause_ends = [m.start() for m in _CLAUSE_END.finditer(masked)] + [len(masked) + 1]

    def clause_of(position: int) -> int:
        return next(i for i, end in enumerate(clause_ends) if position < end)

    clause_rules: dict[int, list[tuple[int, _Rule]]] = {}
    for start, _, rule in rules:
        clause_rules.setdefault(clause_of(start), []).append((start, rule))
    period_clauses = {clause_of(start) for start, _, _ in found}
    relative = next((rule for _, _, rule in rules if rule.relative), None)

    assigned: dict[tuple[str, int], tuple[int, _Rule]] = {}
    keys: list[tuple[str, int]] = []
    used_ends = [end for _, end, _ in found]
    for start, _, period_keys in found:
        clause = clause_of(start)
        choice = None
        if clause in clause_rules:
            after = [rule for position, rule in clause_rules[clause] if position > start]
            choice = (_IN_CLAUSE, after[0] if after else clause_rules[clause][-1][1])
        elif clause + 1 in clause_rules and clause + 1 not in period_clauses:
            choice = (_NEXT_CLAUSE, clause_rules[clause + 1][0][1])
        elif relative is not None:
            choice = (_INHERITED, relative)
        for key in period_keys:
            if key not in keys:
                keys.append(key)
            if choice and choice[0] > assigned.get(key, (0, None))[0]:
                assigned[key] = choice
    used_ends += [
        end
        for start, end, _ in rules
        if clause_of(start) in period_clauses | {c + 1 for c in period_clauses}
    ]

    if every_quarter:
        # "hằng quý, 6 tháng, năm": the 6-month report is quý II's, the annual one quý IV's.
        for whole, quarter in ((("h1", 0), ("q2", 0)), (("year", 0), ("q4", 0))):
            if whole in keys and quarter not in explicit and quarter in keys:
                keys.remove(quarter)

    first, last = positions[found[0][0]], positions[max(used_ends) - 1]
    return _Reading(keys, assigned, [], _sentences(text, first, last))


def _words(text: str, start: int, end: int) -> int:
    """How many words stand between two positions (0 when they overlap)."""
    return len(text[start:end].split()) if start < end else 0


def _sentences(text: str, first: int, last: int) -> str:
    """The whole sentences of ``text`` around the characters ``first``..``last``."""
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, first + 1)]
    end = _SENTENCE_END.search(text, last)
    return text[starts[-1] if starts else 0 : end.start() + 1 if end else len(text)].strip()


# ---------------------------------------------------------------------------
# Public API


def default_regime(year: int, due_day: int = DEFAULT_DUE_DAY) -> ReportingRegime:
    """The Ministry's four reports with the default due day (see DEFAULT_KINDS)."""
    periods = [_period((kind, 0), year, None, due_day) for kind in DEFAULT_KINDS]
    return ReportingRegime(sorted(periods, key=_sort_key), None, True, year)


def read_reporting_regime(
    texts: list[str], year: int, default_due_day: int = DEFAULT_DUE_DAY
) -> ReportingRegime:
    """The reporting regime stated in a plan's paragraphs ``texts`` for ``year``.

    Falls back to :func:`default_regime` when no paragraph names a report period.
    Periods named without a due day get ``default_due_day`` of their last month
    (``due_from_text=False``). Never raises on text it cannot read.
    """
    if not 1 <= default_due_day <= 31:
        raise ValueError(f"default_due_day must be a day of a month, not {default_due_day}")
    readings = [_read_paragraph(text, year) for text in texts]
    candidates = [(i, r) for i, r in enumerate(readings) if r.is_regime]
    if not candidates:
        return default_regime(year, default_due_day)
    index, best = max(candidates, key=lambda c: (c[1].stated, len(c[1].keys), -c[0]))

    rules = dict(best.rules)
    source = best.source
    if not best.stated:
        # "Thời hạn gửi báo cáo: trước ngày ..." in the next non-empty paragraph.
        following = next((r for r in readings[index + 1 :] if r.source), None)
        if following is not None and following.orphan_rules:
            source = f"{source} {following.source}"
            for key in best.keys:
                if rules.get(key, (0, None))[0] < _NEXT_CLAUSE:
                    rules[key] = (_NEXT_CLAUSE, following.orphan_rules[0])

    periods = [
        _period(key, year, rules.get(key, (0, None))[1], default_due_day) for key in best.keys
    ]
    return ReportingRegime(sorted(periods, key=_sort_key), source, False, year)


def cycles(regime: ReportingRegime, years: Iterable[int]) -> list[ReportPeriod]:
    """The regime's periods repeated for each of ``years``, ordered by due date.

    Each period moves by whole years (its due date too: "10/11/2019" becomes
    10/11/2020 in 2020; 29 February becomes the 28th in a common year).
    """
    result = []
    for year in years:
        shift = year - regime.year
        for period in regime.periods:
            start = _shift(period.start, shift)
            result.append(
                replace(
                    period,
                    label_vi=_label(period.kind, start),
                    start=start,
                    end=_shift(period.end, shift),
                    due=_shift(period.due, shift),
                )
            )
    return sorted(result, key=_sort_key)


# ---------------------------------------------------------------------------
# Helpers


def _shift(day: date, years: int) -> date:
    return _month_day(day.year + years, day.month, day.day)


def _sort_key(period: ReportPeriod) -> tuple[date, date, date]:
    return (period.due, period.end, period.start)
