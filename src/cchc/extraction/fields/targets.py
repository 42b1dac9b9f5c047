"""Measurable targets (chỉ tiêu) in plan sentences → ``Target`` list.

A target is a number the plan commits to: a percentage ("tối thiểu 95% hồ sơ
..."), a ranking ("tốp 10", "vị thứ 15-20") or a count of things introduced by
a bound ("ít nhất 10 UBND phường, xã", "tối thiểu 200 thủ tục"). Other
numbers (dates, document symbols, "mức độ 3, 4", "ISO 9001:2008", "07 quận")
are not targets.

How the text is read, in order:

1. Each text unit (a paragraph, a table cell, or a whole flattened PDF page)
   is cut into *sentences*: at ". " before a capital, at line breaks that
   start a bullet, at inline bullets ("+", ": -", lost-glyph double spaces)
   and at lettered items ("b) Các ..."). Roman-numbered upper-case headings
   ("I. MỤC TIÊU", "II. NHIỆM VỤ") start a new *zone*.
2. Each sentence is cut into *clauses* at ";" (outside parentheses); each
   clause into *items* at the last "," / "và" before every number.
3. Each number makes one target whose ``text`` follows the gold convention:
   the clause that states it; a short item of an enumeration ("..., 100%
   UBND quận, huyện") gets the shared subject ("Thực hiện kiểm tra ...")
   put in front. A leading instruction before ", đảm bảo ..." is cut off.
4. ``due``: the year named in the sentence ("đến năm 2020", "vào năm 2017",
   "đến cuối năm 2020") or by the objectives block it sits in ("Các mục tiêu
   giai đoạn 2016-2017"), else ``default_due``.
5. Document rule: when the plan has an objectives section (an upper-case
   heading with "MỤC TIÊU" or "CHỈ TIÊU") that states targets, the goals in
   its task tables are not reported: the tables operationalise them. Goals
   the prose states elsewhere ("Có ít nhất 02 vùng dự án …") still count.
   Targets stated twice (prose and appendix table) are reported once.

Everything is linear in the input: bounded look-behinds over short slices,
no nested quantifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

from cchc.extraction.fields.text import collapse, fold, nfc, strip_markup
from cchc.extraction.model import Target
from cchc.extraction.vocabulary import ROMAN

# --- keyword tables (folded: lower case, no tone marks, unless noted) ----------

# Bound words in front of a number → comparator. Longest first (alternation order).
CUES_BEFORE: tuple[tuple[str, str], ...] = (
    ("khong vuot qua", "<="),
    ("khong thap hon", ">="),
    ("khong duoi", ">="),
    ("khong qua", "<="),
    ("toi thieu", ">="),
    ("it nhat", ">="),
    ("toi da", "<="),
    ("tren", ">"),
    ("vuot", ">"),
    ("gap", ">="),  # "gấp 30 lần GRDP"
    ("dat", ">="),  # "diện tích … đạt 1.700 ha"
    ("duoi", "<"),
    ("con", "<="),  # "giảm xuống còn 5%"
    ("tu", ">="),  # "từ 85% trở lên"
)
# Bounds strong enough to make a plain count ("ít nhất 10 UBND") a target.
COUNT_CUES = frozenset(
    {"khong vuot qua", "khong duoi", "khong qua", "toi thieu", "it nhat", "toi da", "gap", "dat"}
)
# Words after a number that fix the comparator.
CUES_AFTER: tuple[tuple[str, str], ...] = (("tro len", ">="), ("tro xuong", "<="))
# Ranking words (as printed): "tốp 10", "vị thứ 15-20" → value is the worst acceptable rank.
RANK_WORDS = ("tốp", "top", "vị thứ", "vị trí thứ", "thứ hạng", "xếp thứ")
# Nouns that make a count a duration or a date, never a target count.
TIME_NOUNS = frozenset({"nam", "thang", "ngay", "tuan", "gio", "phut", "quy", "giai"})
# Verbs that start a new commitment inside a sentence: text before
# ", <verb>" is the instruction, not the target ("Kiểm tra, đảm bảo 100% ...").
LEAD_VERBS = ("dam bao", "bao dam", "phan dau", "rut ngan", "tich hop", "hoan thanh")
# After ", <verb>" following the number a new instruction starts; cut it off.
TRAIL_VERBS = ("tap trung", "dong thoi")
# Heading words that mark the objectives section.
OBJECTIVE_WORDS = ("MỤC TIÊU", "CHỈ TIÊU")

_PREDICATE = " được "  # passive predicate shared by every item of an enumeration
SHORT_ITEM = 45  # characters: an enumeration item shorter than this lacks its own subject
DUPLICATE_SIMILARITY = 0.75
DUPLICATE_WINDOW = 100  # earlier goals with the same value compared against (bounds the work)

# --- regexes ------------------------------------------------------------------

_NUM = r"\d+(?:[.,]\d+)?"
# A number phrase: percentage (or range of them), ranking, or count.
_PERCENT_RANGE = re.compile(rf"(?<!\d)({_NUM})\s*%?\s*(?:-|–|đến|tới)\s*({_NUM})\s*%")
_PERCENT = re.compile(rf"(?<!\d)({_NUM})\s*%")
_RANK = re.compile(r"\b(?:" + "|".join(RANK_WORDS) + rf")\s+({_NUM})(?:\s*[-–]?\s*(\d+)\b)?", re.I)
_COUNT = re.compile(rf"(?<![\d/.,:-])({_NUM})\s+([^\W\d_]+(?:/[^\W\d_]+)?)(?:\s+([^\W\d_]+))?")
_FOLD_CUE = re.compile(
    r"(?:^|\s)(" + "|".join(c for c, _ in CUES_BEFORE) + r")\s+(?:(?:muc|dat|co|la|tai|toi)\s+)?$"
)
_FOLD_AFTER = re.compile(r"^\s*(?:" + "|".join(c for c, _ in CUES_AFTER) + ")")
# Due year stated in the sentence.
_DUE_YEAR = re.compile(
    r"\b(?:đến|vào|tới|trong)\s+(?:hết\s+|cuối\s+)?(?:năm\s+)(\d{4})\b|\bđến\s+(?:hết\s+|cuối\s+)?(\d{4})\b",
    re.I,
)
# "Các mục tiêu (thực hiện trong) giai đoạn 2016-2017" → targets that follow are due 2017.
_BLOCK_YEAR = re.compile(
    r"mục tiêu[^.;:]{0,40}?giai đoạn\s*(?:từ\s*)?(?:năm\s*)?(\d{4})\s*[-–]?\s*(\d{4})", re.I
)
# Upper-case section heading inside running text: "II. MỘT SỐ NHIỆM VỤ".
_DIGIT = re.compile(r"\d")
_ROMAN_HEADING = re.compile(r"(?:^|(?<=\s))(" + ROMAN + r")\.\s+(?=\S)")
# Candidate sentence breaks; each is checked in code (``_split_sentences``).
_BREAK = re.compile(r"[.;:]?\s[a-zđ]\)\s+|[.:;]?\s+[-+]\s+|\.\s+|\s*\n\s*|\s{2,}")
_MARKER_END = re.compile(r"(?:^|\s)(?:" + ROMAN + r"|\d{1,2}(?:\.\d{1,2})*|[a-zđA-Z])$")
# Runs of blanks shortened to two (a double space is a lost-bullet break), which
# keeps every whitespace pattern below short.
_SPACE_RUN = re.compile(r"[ \t\u00a0]{3,}")
_HEADING_MARKS = re.compile(r"^\s*#{1,6}\s+")
_BULLET = re.compile(
    r"^\s*(?:[-+•*]|(?P<number>\d{1,2})[.)](?!\d)|\((?P<paren>\d{1,2})\)|[a-zđ]\)|"
    + ROMAN
    + r"\.)\s*"
)
_SEPARATOR = re.compile(r";\s*|,\s+|\s+và\s+")


@dataclass
class _Mention:
    start: int  # start of the phrase (bound word included)
    end: int
    comparator: str
    value: float
    unit: str


@dataclass
class _Sentence:
    text: str
    zone: str | None  # "objectives", "other", "table" (a task table's cell) or None
    year: int | None  # year from an enclosing objectives block
    bulleted: bool = False  # the sentence opened with "-" or "+"
    number: str | None = None  # its list number: "7" for "(7) ..." or "7. ..."


def find_targets(
    texts: list[str], default_due: date | None, table_texts: frozenset[int] = frozenset()
) -> list[Target]:
    """Every measurable goal stated in ``texts`` (the document's text units, in order).

    ``table_texts``: the indexes of the texts that are cells of a task table.
    Where the plan has an objectives section, the task tables restate its goals
    (step 5 of the module's rule); goals the prose states elsewhere still count.
    """
    found: list[tuple[_Sentence, int, Target]] = []
    for index, sentence in enumerate(_sentences(texts, table_texts)):
        for target in _sentence_targets(sentence, default_due):
            found.append((sentence, index, target))
    if any(sentence.zone == "objectives" for sentence, _, _ in found):
        found = [item for item in found if item[0].zone != "table"]
    return _deduplicate([(index, sentence.number, t) for sentence, index, t in found])


# --- sentences ----------------------------------------------------------------


def _sentences(texts: list[str], table_texts: frozenset[int] = frozenset()) -> list[_Sentence]:
    out: list[_Sentence] = []
    zone: str | None = None
    year: int | None = None
    for number, raw in enumerate(texts):
        text = strip_markup(nfc(raw or "")).replace("\u00a0", " ")
        text = _HEADING_MARKS.sub("", _SPACE_RUN.sub("  ", text))
        if not _DIGIT.search(text):
            # No number, so no target and no year: only a section heading matters.
            for match in _ROMAN_HEADING.finditer(text):
                heading = _heading_zone(text[match.start() :])
                if heading:
                    zone, year = heading, None
            continue
        for piece in _split_sentences(text):
            heading = _heading_zone(piece)
            if heading:
                zone, year = heading, None
            block = _BLOCK_YEAR.search(piece)
            if block:
                year = int(block.group(2))
            bulleted = piece.lstrip()[:1] in ("-", "+")
            mark = _BULLET.match(piece)
            list_number = mark and (mark.group("number") or mark.group("paren"))
            piece = collapse(_BULLET.sub("", piece, count=1))
            if piece:
                where = "table" if number in table_texts else zone
                out.append(_Sentence(piece, where, year, bulleted, list_number or None))
    return out


def _heading_zone(piece: str) -> str | None:
    """ "objectives"/"other" when ``piece`` starts with an upper-case section heading."""
    match = _ROMAN_HEADING.match(piece.lstrip())
    if not match:
        return None
    words = piece.lstrip()[match.end() :].split()[:2]
    if len(words) < 2 or not all(w.strip(",.:").isupper() for w in words):
        return None
    head = piece.lstrip()[match.end() : match.end() + 60]
    return "objectives" if any(w in head for w in OBJECTIVE_WORDS) else "other"


def _split_sentences(text: str) -> list[str]:
    """Cut ``text`` at sentence breaks; line breaks inside a sentence are kept joined."""
    pieces: list[str] = []
    start = 0
    for match in _BREAK.finditer(text):
        # Only the tail before the break matters; "x" keeps "^" off a cut-off word.
        tail_start = max(start, match.start() - 12)
        before = ("x" if tail_start > start else "") + text[tail_start : match.start()]
        after = text[match.end() : match.end() + 1]
        if not after or not _is_break(match.group(0), before, after):
            continue
        keep = 1 if match.group(0)[:1] in ".:;" else 0  # the full stop stays with its sentence
        pieces.append(text[start : match.start() + keep])
        start = match.end()
    pieces.append(text[start:])
    # Roman headings inside a piece ("... toàn tỉnh II. MỘT SỐ") are split out too.
    out: list[str] = []
    for piece in pieces:
        cut = 0
        for match in _ROMAN_HEADING.finditer(piece):
            if match.start() > cut and _heading_zone(piece[match.start() : match.start() + 80]):
                out.append(piece[cut : match.start()])
                cut = match.start()
        out.append(piece[cut:])
    return [p for p in (p.strip() for p in out) if p]


def _is_break(gap: str, before: str, after: str) -> bool:
    """Whether the candidate break ``gap`` between ``before`` and ``after`` ends a sentence."""
    marker = gap.strip(" .;:\n")
    if marker.endswith(")"):  # lettered item "b) Các ..."
        return after.isupper()
    if marker in ("-", "+"):
        if gap.strip()[:1] in ".:;" or "\n" in gap:
            return True  # a bullet on its own line, or ": - 70% ..." inline
        if (
            marker == "-"
        ):  # " - 10% ...", but not "50% - 52%", "2016 - 2020", "Lao động - Thương binh"
            last = before.rstrip()[-1:]
            return after.isdigit() and last != "%" and not last.isdigit()
        return True
    if _MARKER_END.search(before):
        return False  # "I. MỤC TIÊU", "2. Mục tiêu cụ thể": the dot ends a number, not a sentence
    if "\n" in gap:
        return (
            after.isupper()
            or after.isdigit()
            or after in "-+•*"
            or before.rstrip()[-1:] in (":", ";", ".")
        )
    if gap.startswith("."):
        return after.isupper() or after.isdigit() or after in '-+•*(“"'
    return after.isupper()  # double space left by a lost bullet glyph


# --- mentions of numbers ----------------------------------------------------------


def _number(text: str) -> float:
    if "," in text:
        return float(text.replace(",", "."))
    if "." in text and len(text.split(".")[1]) == 3:
        return float(text.replace(".", ""))  # thousands separator: 1.000
    return float(text)


def _cue_before(sentence: str, pos: int) -> tuple[str | None, int]:
    """Comparator of the bound word right before ``pos`` and where that word starts."""
    window = sentence[max(0, pos - 30) : pos]
    match = _FOLD_CUE.search(fold(window))
    if not match:
        return None, pos
    cue = match.group(1)
    comparator = dict(CUES_BEFORE)[cue]
    return comparator, pos - len(window) + match.start(1)


def _cue_after(sentence: str, pos: int) -> str | None:
    match = _FOLD_AFTER.match(fold(sentence[pos : pos + 20]))
    if not match:
        return None
    word = match.group(0).strip()
    return dict(CUES_AFTER)[word]


def _mentions(sentence: str, bulleted: bool = False) -> list[_Mention]:
    """Number phrases of one sentence, in order, without overlaps."""
    if not _DIGIT.search(sentence):
        return []  # most sentences: nothing to measure
    found: list[_Mention] = []
    taken = bytearray(len(sentence))  # 1 where a phrase was already read

    def free(a: int, b: int) -> bool:
        return not any(taken[a:b])

    def add(mention: _Mention, span: tuple[int, int]) -> None:
        found.append(mention)
        taken[span[0] : span[1]] = b"\x01" * (span[1] - span[0])

    for m in _PERCENT_RANGE.finditer(sentence):
        if not free(*m.span()):
            continue
        _, start = _cue_before(sentence, m.start())
        low, high = _number(m.group(1)), _number(m.group(2))
        add(_Mention(start, m.end(), ">=", low, "%"), m.span())
        found.append(_Mention(start, m.end(), "<=", high, "%"))
    for m in _RANK.finditer(sentence):
        if free(*m.span()):
            value = _number(m.group(2) or m.group(1))
            add(_Mention(m.start(), m.end(), "<=", value, "hạng"), m.span())
    for m in _PERCENT.finditer(sentence):
        if not free(*m.span()):
            continue
        comparator, start = _cue_before(sentence, m.start())
        comparator = _cue_after(sentence, m.end()) or comparator or ">="
        add(_Mention(start, m.end(), comparator, _number(m.group(1)), "%"), m.span())
    _count_mentions(sentence, bulleted, free, add)
    found.sort(key=lambda x: (x.start, x.comparator != ">="))
    return found


def _count_mentions(sentence: str, bulleted: bool, free, add) -> None:
    """Counts: after a strong bound, a bullet that opens with a count, or a sibling
    of a bounded count ("Tối thiểu 200 thủ tục ..., 10 thủ tục ...")."""
    nouns: set[str] = set()
    for m in _COUNT.finditer(sentence):
        if not free(*m.span()):
            continue
        noun = m.group(2)
        if fold(noun) in TIME_NOUNS or noun[:1].isdigit():
            continue
        window = fold(sentence[max(0, m.start() - 30) : m.start()])
        cue = _FOLD_CUE.search(window)
        strong = cue is not None and cue.group(1) in COUNT_CUES
        opening = bulleted and m.start() == 0  # "- 03 cơ quan, đơn vị ..."
        sibling = fold(noun) in nouns and _SEPARATOR.search(
            sentence[max(0, m.start() - 5) : m.start()]
        )
        if not (strong or opening or sibling):
            continue
        comparator, start = _cue_before(sentence, m.start())
        unit = noun if "/" in noun or not m.group(3) else f"{noun} {m.group(3)}"
        nouns.add(fold(noun))
        add(_Mention(start, m.end(), comparator or ">=", _number(m.group(1)), unit), m.span())


# --- texts of the targets of one sentence ------------------------------------------


def _clauses(sentence: str) -> list[tuple[int, int]]:
    """Spans of the ";"-separated clauses, ignoring ";" inside parentheses."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(sentence):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(sentence)))
    return spans


def _lead_cut(text: str, limit: int) -> int:
    """Where the commitment starts: after "..., đảm bảo" style instructions before ``limit``."""
    folded = fold(text[:limit])
    best = 0
    for verb in LEAD_VERBS:
        i = folded.rfind(", " + verb)
        if i >= 0:
            best = max(best, i + 2)
    for verb in ("dam bao", "bao dam"):
        i = folded.rfind(" " + verb + " ")
        if i >= 0:
            best = max(best, i + 1)
    return best


def _trail_cut(text: str, start: int, end: int) -> int:
    """Where the item ending at ``end`` stops: before ", tập trung ..." after its number."""
    folded = fold(text[start:end])  # fold keeps the length: one character per character
    for verb in TRAIL_VERBS:
        i = folded.find(", " + verb)
        if i >= 0:
            end = min(end, start + i)
    return end


def _tidy(text: str) -> str:
    return text.strip().strip(",;:.").strip()


def _sentence_targets(sentence: _Sentence, default_due: date | None) -> list[Target]:
    text = sentence.text
    mentions = _mentions(text, sentence.bulleted)
    if not mentions:
        return []
    due = _due(text, sentence.year, default_due)
    targets: list[Target] = []
    previous_prefix = ""
    pending = iter(mentions)
    upcoming = next(pending, None)
    for c_start, c_end in _clauses(text):
        inside = []
        while upcoming is not None and upcoming.start < c_end:
            inside.append(upcoming)
            upcoming = next(pending, None)
        if not inside:
            continue
        groups, cuts = _items(text, inside, c_start, c_end)
        cuts[0] = max(cuts[0], c_start + _lead_cut(text[c_start:c_end], inside[0].start - c_start))
        prefix = _tidy(text[cuts[0] : groups[0][0].start])
        shared_tail = _shared_tail(
            text, groups[-1][-1].end, _trail_cut(text, groups[-1][-1].end, c_end)
        )
        for k, group in enumerate(groups):
            start, end = cuts[k], cuts[k + 1] if k + 1 < len(groups) else c_end
            end = _trail_cut(text, group[-1].end, end)
            item = _tidy(text[start:end])
            if len(item) < SHORT_ITEM and k > 0:
                # "..., 100% UBND quận, huyện": the shared subject goes in front.
                item = f"{prefix} {item}" if prefix else _tidy(text[cuts[k - 1] : end])
            elif len(item) < SHORT_ITEM and k == 0 and c_start > 0 and previous_prefix:
                # "...; UBND cấp huyện đạt từ 10% trở lên": subject of the previous clause.
                item = f"{previous_prefix} {item}"
            if shared_tail and k + 1 < len(groups) and _PREDICATE not in text[group[-1].end : end]:
                # "100% A và 100% B được bồi dưỡng ...": A shares B's predicate.
                item = f"{item} {shared_tail}"
            for mention in group:
                targets.append(Target(item, mention.comparator, mention.value, mention.unit, due))
        previous_prefix = prefix or previous_prefix
    return targets


def _shared_tail(text: str, start: int, end: int) -> str:
    """The predicate (" được ...") after the last number of an enumeration."""
    at = text.find(_PREDICATE, start, end)
    return _tidy(text[at:end]) if at >= 0 else ""


def _items(
    text: str, mentions: list[_Mention], start: int, end: int
) -> tuple[list[list[_Mention]], list[int]]:
    """Group the mentions of one clause into enumeration items.

    Between two numbers the item boundary is the last separator ("," "và");
    numbers with no separator between them (a range) share an item, and so does
    a short tail that does not open with its number ("..., đơn vị ít nhất 2
    lần/năm" qualifies the item before it).
    """
    cuts = [start]
    groups = [[mentions[0]]]
    for before, after in zip(mentions, mentions[1:], strict=False):
        cut = None
        for sep in _SEPARATOR.finditer(text, before.end, after.start):
            cut = sep.end()
        if cut is not None and cut < after.start:
            tail_end = _next_separator(text, after.end, min(end, cut + SHORT_ITEM))
            if tail_end - cut < SHORT_ITEM:
                cut = None  # short qualifier with its own subject word: same item
        if cut is None:
            groups[-1].append(after)
        else:
            groups.append([after])
            cuts.append(cut)
    return groups, cuts


def _next_separator(text: str, pos: int, end: int) -> int:
    match = _SEPARATOR.search(text, pos, end)
    return match.start() if match else end


def _due(text: str, block_year: int | None, default_due: date | None) -> date | None:
    match = _DUE_YEAR.search(text)
    if match:
        return date(int(match.group(1) or match.group(2)), 12, 31)
    if block_year:
        return date(block_year, 12, 31)
    return default_due


def _deduplicate(targets: list[tuple[int, str | None, Target]]) -> list[Target]:
    """Drop a goal restated in another sentence (prose and appendix table).

    Items numbered differently ("(7) Tỷ lệ cảng biển … 70%", "(8) Tỷ lệ cửa khẩu …
    70%") are two goals of one list, however alike their wording.
    """
    kept: list[Target] = []
    seen: dict[tuple, list[tuple[int, str | None, str]]] = {}  # same value, comparator, …
    for index, number, target in targets:
        key = (target.value, target.comparator, target.unit == "%", target.due)
        text = target.text.lower()
        same = seen.setdefault(key, [])
        if any(
            other != index
            and not (number and other_number and number != other_number)
            and _similar(other_text, text)
            for other, other_number, other_text in same[-DUPLICATE_WINDOW:]
        ):
            continue
        same.append((index, number, text))
        kept.append(target)
    return kept


def _similar(a: str, b: str) -> bool:
    # rapidfuzz's ratio is difflib's ratio computed in C (on the longest common subsequence).
    return a == b or fuzz.ratio(a, b, score_cutoff=DUPLICATE_SIMILARITY * 100) > 0
