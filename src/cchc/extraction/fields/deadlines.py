"""Vietnamese deadline phrases → ``Deadline`` (SCHEMA.md "deadline.kind").

Every phrase is matched in its folded form (lower case, no tone marks:
``Quý I/2019`` → ``quy i/2019``), so typed-without-diacritics and old-style
tone placements read the same. A phrase is scanned for *periods* (a date, a
month, a quarter, a half-year, a year or a span of years); periods joined by a
range word (``-``, ``đến``, ``,``, ``và``) form one range. The kind then comes
from keywords: conditional (``sau khi``, ``theo tiến độ``, a document symbol)
beats recurring (``thường xuyên``, ``hằng tháng``, an open ``từ <period>``),
which beats a plain date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from cchc.extraction.fields.text import clean, fold
from cchc.extraction.model import Deadline
from cchc.extraction.vocabulary import roman_value

_QUARTER = r"(iv|iii|ii|i|[1-4])\b"
# A year written after a month or quarter: "/2019", "/ 2019", " 2019", " năm 2019", "-2019".
_YEAR_SUFFIX = r"(?:\s*[/-]\s*|\s+)(?:nam\s+)?((?:19|20)\d{2})\b"

# One alternative per way of naming a period; the named group tells which.
_PERIOD = re.compile(
    "|".join(
        (
            # ngày 30 tháng 12 năm 2019
            r"(?P<dmy_words>ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})(?:\s*nam\s*((?:19|20)\d{2}))?)",
            # 30/12/2019, 30-12-2019, 30.12.2019
            r"(?P<dmy>\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})\b)",
            # 01/2019 (month/year)
            r"(?P<my>\b(\d{1,2})\s*/\s*((?:19|20)\d{2})\b)",
            # 30/12 (day/month, year implied)
            r"(?P<dm>\b(\d{1,2})\s*/\s*(\d{1,2})\b)",
            # Quý I/2019, Quý II-III/2017, Quý I, II/2017, Quý I - Quý IV, Q2/2021
            rf"(?P<quarter>\b(?:qu[yi]|q\.?)\s*{_QUARTER}"
            rf"(?:\s*(?:-|,|den|va)\s*(?:qu[yi]\s*)?{_QUARTER})?(?:{_YEAR_SUFFIX})?)",
            # Tháng 4, Tháng 10 - 12/2021, tháng 3 đến tháng 6
            r"(?P<month>\bthang\s*(\d{1,2})\b"
            rf"(?:\s*(?:-|den)\s*(?:thang\s*)?(\d{{1,2}})\b)?(?:{_YEAR_SUFFIX})?)",
            # 6 tháng đầu năm, sáu tháng cuối năm 2021, 9 tháng đầu năm
            r"(?P<months_of_year>\b(\d{1,2}|sau)\s*thang\s*(dau|cuoi)\s*nam"
            r"(?:\s*((?:19|20)\d{2})\b)?)",
            # 2016-2020, 2017 đến 2018
            r"(?P<years>\b(?:nam\s*)?((?:19|20)\d{2})\s*(?:-|den)\s*(?:nam\s*)?((?:19|20)\d{2})\b)",
            # 2019, năm 2019
            r"(?P<year>\b(?:nam\s*)?((?:19|20)\d{2})\b)",
            # "cả năm", "trong năm", "cuối năm" without a printed year: the plan's year
            r"(?P<this_year>\b(?:ca|trong|cuoi|het)\s+nam\b(?!\s*(?:19|20)\d{2}))",
            # "giai đoạn" without printed years: the plan's whole period
            r"(?P<plan_period>\b(?:ca\s+|trong\s+)?giai doan\b(?!\s*(?:19|20)\d{2}))",
        )
    )
)
# What may stand between two periods of one range.
_RANGE_JOINER = re.compile(r"\s*(?:-|,|den(?:\s+het)?|toi|va)\s*")
# An open start: "từ quý IV/2017", "bắt đầu từ ...", "triển khai từ năm 2017".
# "năm 2025 và các năm tiếp theo": ongoing from that year on, no end.
_PART_OF_YEAR = re.compile(r"\b(dau|giua)\s*$")
_PART_OF_YEAR_END = {"dau": (3, 31), "giua": (6, 30)}
_OPEN_END = re.compile(r"\s*(?:va|,)\s*(?:cac|nhung)\s+nam\s+(?:tiep theo|sau)")
_OPEN_START = re.compile(r"(?:\btu|\bbat dau(?:\s+tu)?)\s*$")

# Due only once something else happens, or per another document.
_CONDITIONAL = re.compile(
    r"sau khi|\bkhi co\b|\btuy (?:theo|thuoc)\b|\bphu thuoc\b|\bthoi han theo\b|^theo\b"
    r"|\btheo (?:tien do|thoi han|ke hoach|chi dao|yeu cau|lo trinh|quy dinh|van ban"
    r"|huong dan|thong bao|de nghi|chuong trinh|quyet dinh)\b"
    r"|\b(?:van ban|cong van|ke hoach|quyet dinh) so\b"
    # a document symbol such as 5206/KH-UBND or 92/2009/NĐ-CP
    r"|\d+/(?:\d{4}/)?[a-z]{1,8}(?:-[a-z]{1,8})+"
)
_RECURRING = re.compile(
    r"thuong xuyen|xuyen suot|lien tuc|dinh ky|cac nam tiep theo"
    r"|\b(?:hang|moi)\s+(?:ngay|tuan|thang|quy|nam)\b"
)
_FREQUENCY = re.compile(
    r"\b(?:hang|moi|dinh ky)\s+(?:hang\s+)?(ngay|tuan|thang|quy|nam|(?:6|sau)\s*thang)\b"
)
_FREQUENCIES = {"ngay": "daily", "tuan": "weekly", "thang": "monthly", "quy": "quarterly"}
_FREQUENCIES |= {"nam": "yearly", "6 thang": "semiannual", "sau thang": "semiannual"}
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_NO_DEADLINE = re.compile(r"[\s\-.,;:/x*]*")

# Splitting a cell: a line, a ";" or a "," that ends one labelled deadline.
_PIECE_SEP = re.compile(r"(\s*(?:\n+\s*[-+•]?\s*|;\s*|,\s*))")
_BULLET = re.compile(r"^\s*[-+•]\s*")
# Words that belong to the deadline itself, not to a label naming what is due.
_DEADLINE_WORDS = re.compile(
    r"\b(?:truoc|sau|tu|den|het|trong|cham nhat|bat dau|vao|ngay|nam|thang|quy|qui"
    r"|dau|cuoi|ca|giai doan|dinh ky|thuong xuyen|hang|moi)\b"
)


@dataclass
class _Period:
    """A span found in a phrase; years may still be missing (filled in later)."""

    start_md: tuple[int, int]  # (month, day)
    end_md: tuple[int, int]  # (month, day); day 0 = last day of the month
    year: int | None = None
    end_year: int | None = None
    is_range: bool = False
    plan_period: bool = False


def _roman(token: str) -> int:
    return roman_value(token)


def _date(year: int, month: int, day: int) -> date:
    """``day`` 0 means the month's last day; a day past the month's end is clamped."""
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day, last) if day else last)


def _period(m: re.Match) -> _Period | None:
    """The period one match names, or None where its numbers are no date."""
    kind = m.lastgroup
    g = [x for x in m.groups() if x is not None][1:]  # the numbers after the whole match
    if kind in ("dmy_words", "dmy", "dm"):
        day, month = int(g[0]), int(g[1])
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return None
        year = int(g[2]) if len(g) > 2 else None
        return _Period((month, day), (month, day), year)
    if kind == "my":
        month = int(g[0])
        return _Period((month, 1), (month, 0), int(g[1])) if 1 <= month <= 12 else None
    if kind == "quarter":
        quarters = [_roman(x) for x in g if not x.isdigit() or len(x) == 1]
        first, last = quarters[0], quarters[-1]
        year = int(g[-1]) if len(g[-1]) == 4 else None
        return _Period((3 * first - 2, 1), (3 * last, 0), year, is_range=first != last)
    if kind == "month":
        months = [int(x) for x in g if len(x) <= 2]
        if not all(1 <= x <= 12 for x in months):
            return None
        year = int(g[-1]) if len(g[-1]) == 4 else None
        return _Period((months[0], 1), (months[-1], 0), year, is_range=len(months) > 1)
    if kind == "months_of_year":
        count = 6 if g[0] == "sau" else int(g[0])
        if not 1 <= count <= 12:
            return None
        year = int(g[2]) if len(g) > 2 else None
        if g[1] == "dau":
            return _Period((1, 1), (count, 0), year)
        return _Period((13 - count, 1), (12, 31), year)
    if kind == "years":
        return _Period((1, 1), (12, 31), int(g[0]), int(g[1]), is_range=True)
    if kind == "year":
        return _Period((1, 1), (12, 31), int(g[0]))
    if kind == "this_year":
        return _Period((1, 1), (12, 31))
    return _Period((1, 1), (12, 31), is_range=True, plan_period=True)


def _periods(text: str) -> list[tuple[re.Match, _Period]]:
    found = []
    for m in _PERIOD.finditer(text):
        p = _period(m)
        if p is not None:
            found.append((m, p))
    return found


def _dates(
    found: list[tuple[re.Match, _Period]], text: str, year: int | None, last_year: int | None
) -> tuple[date | None, date | None, bool]:
    """(start, due, open_start) of the first period or range in ``found``.

    ``open_start`` is true for "từ <period>" with no end: ongoing from then on.
    """
    if not found:
        return None, None, False
    chain = [found[0]]
    for m, p in found[1:]:
        if not _RANGE_JOINER.fullmatch(text[chain[-1][0].end() : m.start()]):
            break
        chain.append((m, p))
    first, last = chain[0][1], chain[-1][1]
    # A period printed without a year takes the next year printed in its range, else the plan's.
    explicit = [p.year for _, p in chain if p.year is not None]
    fallback = explicit[-1] if explicit else year
    start_year = first.year or fallback
    end_year = last.end_year or last.year or fallback
    if first.plan_period:
        start_year, end_year = year, last_year or year
    if start_year is None or end_year is None:
        return None, None, False
    start = _date(start_year, *first.start_md)
    due = _date(end_year, *last.end_md)
    if len(chain) == 1 and not first.is_range:
        if _OPEN_START.search(text[: chain[0][0].start()]) or _OPEN_END.match(
            text[chain[-1][0].end() :]
        ):
            return start, None, True
        part = _PART_OF_YEAR.search(text[: chain[0][0].start()])
        if part and chain[0][0].lastgroup in ("year", "this_year"):
            # "Đầu năm 2024" by the end of March, "Giữa năm 2024" by the end of June.
            return None, _date(end_year, *_PART_OF_YEAR_END[part.group(1)]), False
        return None, due, False
    return (start if start <= due else None), due, False


def parse_deadline(raw: str | None, year: int | None, last_year: int | None = None) -> Deadline:
    """One deadline phrase, relative to the plan's first year ``year``.

    ``last_year`` is the plan period's last year (multi-year programs).
    """
    text = _fold(raw)
    if _NO_DEADLINE.fullmatch(text):
        return Deadline("none")
    conditional = _CONDITIONAL.search(text)
    if conditional:
        # Only a date printed before the condition is the deadline ("31/12/2019 (Sau khi ...)");
        # later ones belong to the cited document.
        head = text[: conditional.start()]
        _start, due, _open = _dates(_periods(head), head, year, last_year)
        return Deadline("conditional", due=due)
    start, due, open_start = _dates(_periods(text), text, year, last_year)
    if _RECURRING.search(text) or open_start:
        frequency = _FREQUENCY.search(text)
        freq = _FREQUENCIES[re.sub(r"\s+", " ", frequency.group(1))] if frequency else None
        return Deadline("recurring", start=start, due=due, frequency=freq)
    if due is None:
        return Deadline("none")
    return Deadline("date", start=start, due=due)


def _fold(raw: str | None) -> str:
    return fold(_DASHES.sub("-", clean(raw)))


def _has_deadline(folded: str) -> bool:
    return bool(_periods(folded) or _RECURRING.search(folded) or _CONDITIONAL.search(folded))


def _has_label(folded: str) -> bool:
    """Whether a piece names what is due besides when ("Phương án trước 15/9")."""
    rest = _PERIOD.sub(" ", folded)
    rest = _DEADLINE_WORDS.sub(" ", rest)
    return bool(re.search(r"[a-z]{2,}", rest))


_MONTH_LIST = re.compile(
    r"^(thang\s*\d{1,2})\s*(?:,|va)\s*(thang\s*\d{1,2}(?:\s*/\s*((?:19|20)\d{2}))?)$"
)


def split_deadlines(raw: str | None) -> list[str]:
    """A cell that states several deadlines → one phrase per deadline, in order.

    The cell is cut at line breaks, ";" and ","; a piece without a deadline of
    its own is a label running on into the next piece ("Mở rộng liên thông,
    liên kết: Thường xuyên") or, at the end, the tail of the previous one
    ("Quý I, II/2017"). The cut is kept only where every piece also has a
    label saying what is due ("Ban hành Kế hoạch trước 30/12, Phương án trước
    15/9"): "Thường xuyên; chốt kết quả vào ngày 15/11/2020" is one deadline
    with a note.
    """
    if raw is None:
        return []
    if m := _MONTH_LIST.match(_fold(raw)):
        # "Tháng 3, tháng 9/2024": the word repeated, two deadlines of one year.
        cut = m.end(1)
        first, second = clean(raw)[:cut].strip(" ,"), clean(raw)[m.start(2) :]
        year = m.group(3)
        return [f"{first}/{year}" if year else first, second]
    parts = _PIECE_SEP.split(raw.strip())
    atoms, seps = parts[0::2], parts[1::2]
    pieces: list[str] = []
    chunk, sep_before = "", ""
    for i, atom in enumerate(atoms):
        if not chunk:
            sep_before = seps[i - 1] if i else ""
        chunk += atom
        if not _has_deadline(_fold(chunk)):
            if i < len(atoms) - 1:
                chunk += seps[i]
                continue
            if pieces:
                pieces[-1] += sep_before + chunk
                break
        pieces.append(chunk)
        chunk = ""
    pieces = [_BULLET.sub("", clean(p)).rstrip(" .;,") for p in pieces]
    if len(pieces) > 1 and all(_has_label(_fold(p)) for p in pieces):
        return pieces
    return [raw]
