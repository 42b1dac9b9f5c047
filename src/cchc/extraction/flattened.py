"""Recover task tables that a PDF-to-text scrape flattened into long lines.

Document-sharing websites publish a text version of each uploaded file: every
web "page" is one physical line ("  12. ..."), and a table on that page comes
out visual line by visual line. Within one visual line the scraper writes the
line of text of each column that still has text, left to right; words of one
cell line are joined by no-break spaces (U+00A0), cell lines are separated by
an ordinary space, and a cell line that wraps keeps its trailing no-break
space. So a row reads::

    1. Đề án tăng cường năng lực chỉ␣ Quý III Sở Nội vụ Các Sở, Ban, ngành,␣
    đạo điều hành và tham mưu cải␣ Ủy ban nhân dân␣ cách hành chính ...

(␣ = trailing no-break space: "this cell continues on the next line").

Recovery works on *fragments* (one cell line each, with that "continues"
flag) and assigns each fragment to a column with a small beam search whose
state is the status of each column in the current row (not started / open /
closed) and the last column written. The score rewards the left-to-right
cycle over the open columns, fragments whose width fits the column (a line
that wrapped nearly fills its column), deadline words in the deadline column
and agency words in the agency columns. The state space is bounded by the
number of columns and the beam width, so the time is linear in the text.

Detection needs strong evidence: lines full of no-break spaces, a header whose
words name at least three kinds of task-table columns (including an agency
column), followed by numbered rows.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from cchc.extraction.layout import Block, Paragraph, Row, Source, Table

NBSP = "\xa0"

# A region line must be long and mostly joined by no-break spaces.
MIN_LINE_CHARS = 200
MIN_NBSP_SHARE = 0.5  # no-break spaces / all spaces in the line

# The website's page number that opens each physical line: "  12. ".
PAGE_PREFIX = re.compile(r"^\s+\d{1,4}\.\s")

# Column roles, named by the header. Order = the usual left-to-right order,
# used to break ties when choosing the column order.
ROLES = ("ref", "content", "product", "deadline", "lead", "coop", "other")
HEADER_ROLE_PATTERNS = (
    ("ref", re.compile(r"^(S[ốo]\s*)?S?TT\.?$|^Số thứ tự$", re.I)),
    ("lead", re.compile(r"chủ\s*trì|đơn vị thực hiện|cơ quan thực hiện", re.I)),
    ("coop", re.compile(r"phối\s*hợp", re.I)),
    ("deadline", re.compile(r"thời\s*gian|lộ\s*trình|tiến\s*độ|thời\s*hạn|thời\s*điểm", re.I)),
    ("product", re.compile(r"^(sản\s*phẩm|kết\s*quả|hình\s*thức)", re.I)),
    ("content", re.compile(r"nội\s*dung|nhiệm\s*vụ|công\s*việc|hoạt\s*động|đề\s*án|tên", re.I)),
    ("other", re.compile(r"ghi\s*chú|kinh\s*phí|nguồn", re.I)),
)
# Words a header cell line may contain; anything else ends the header.
HEADER_WORDS = re.compile(
    r"^(S?TT|Số|thứ|tự|Nội|dung|và|kết|quả|đầu|ra|Kết|Sản|phẩm|Nhiệm|nhiệm|vụ|Tên|"
    r"Công|công|việc|Hoạt|hoạt|động|Lộ|lộ|trình|triển|khai|Thời|thời|gian|hoàn|thành|"
    r"Tiến|tiến|độ|hạn|điểm|thực|hiện|Cơ|cơ|quan|Đơn|đơn|vị|chủ|trì|tham|mưu|phối|"
    r"hợp|Ghi|chú|Kinh|phí|Dự|kiến|dự|đề|xuất|cấp|trình|ban|hành|Hình|hình|thức|"
    r"văn|bản|Phân|công|trách|Chủ|Phối|Đề|án|Nguồn|nguồn|kinh|/|\(|\))$"
)

REF_TOKEN = re.compile(r"^(\d{1,3})\.?$")
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8}
ROMAN_TOKEN = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII)\.?$")

# First words of a deadline cell.
DEADLINE_START = re.compile(
    r"^(Quý|Tháng|Năm\s+\d|Thường\s+xuyên|Hàng\s+(năm|quý|tháng|tuần)|Trong\s+(năm|quý|tháng|giai)|"
    r"Từ\s+(năm|quý|tháng|\d)|Trước|Sau\s+khi|Đến\s+(năm|hết|ngày|quý|tháng|\d)|Giai\s+đoạn|"
    r"Hoàn\s+thành\s+(trước|trong|chậm|năm|quý|tháng)|Chậm\s+nhất|Định\s+kỳ|Cả\s+năm|Liên\s+tục|"
    r"Theo\s+(tiến\s+độ|kế\s+hoạch|lộ\s+trình)|Ngày\s+\d|\d{1,2}/\d{1,2}|(19|20)\d\d\b|Đợt|"
    r"Thực\s+hiện\s+xuyên|Xuyên\s+suốt|Hằng\s+năm)"
)
# A lone first word of a deadline cell that wrapped at once ("Trong", "Hoàn").
DEADLINE_WORD = re.compile(r"^(Trong|Từ|Hoàn|Thực|Giai|Đến|Sau|Trước|Hàng|Hằng|Định)$")
# Short deadline continuations ("IV", "2016", "năm 2017", "cả giai đoạn").
DEADLINE_CONT = re.compile(
    r"^((I|II|III|IV)\b|(19|20)\d\d|năm\b|quý\b|tháng\b|cả\s+giai|giai\s+đoạn|xuyên|suốt)"
)
# First words of an agency cell.
AGENCY_START = re.compile(
    r"^(Các\s+)?(Sở|Ban(?!\s+hành)|Ủy\s+ban|Uỷ\s+ban|UBND|Văn\s+phòng|Công\s+an|Bộ\b|Cục|"
    r"Chi\s+cục|Thanh\s+tra|Kho\s+bạc|Đài|Báo\b|Hội\b(?!\s+nghị)|Liên\s+đoàn|Tỉnh\s+đoàn|"
    r"Đoàn\b|Mặt\s+trận|Cơ\s+quan|Đơn\s+vị|Viện|Bảo\s+hiểm|Chi\s+nhánh|Phòng\b|Ngân\s+hàng|"
    r"Hải\s+quan|Tòa\s+án|Cục\s+Thuế|Hội\s+đồng|Trung\s+tâm|Bộ\s+Chỉ\s+huy|Tổ\s+công\s+tác|"
    r"Ủy\s+ban\s+nhân\s+dân|HĐND|Quận|Huyện|Thị\s+xã|Thành\s+phố|Công\s+ty|Tổng\s+công\s+ty|"
    r"Đảng\s+ủy|Tỉnh\s+ủy|Thành\s+ủy|Địa\s+phương)\b"
)

# Names whose word pairs tell that a cell line continues the one above
# ("Ủy ban nhân dân" + "huyện, thị xã, thành" + "phố").
AGENCY_PHRASES = (
    "Sở, Ban, ngành, Ủy ban nhân dân huyện, thị xã, thành phố",
    "Ủy ban nhân dân quận, huyện, xã, phường, thị trấn",
    "Thông tin và Truyền thông",
    "Kế hoạch và Đầu tư",
    "Tài nguyên và Môi trường",
    "Lao động, Thương binh và Xã hội",
    "Nông nghiệp và Phát triển nông thôn",
    "Văn hóa, Thể thao và Du lịch",
    "Giáo dục và Đào tạo",
    "Giao thông vận tải",
    "Khoa học và Công nghệ",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "các cơ quan, đơn vị, địa phương có liên quan",
    "Ban Xúc tiến đầu tư và hỗ trợ doanh nghiệp",
    "Ban Quản lý các khu công nghiệp",
    "Trung tâm hành chính công",
    "Bảo hiểm xã hội",
    "Kho bạc Nhà nước",
    "Công an tỉnh",
)
DEADLINE_PHRASES = (
    "Thực hiện xuyên suốt cả giai đoạn",
    "Từ năm, quý",
    "Trong năm, quý, tháng",
    "các năm tiếp theo",
    "Hoàn thành chậm nhất quý",
    "Hoàn thành trước ngày",
    "Thường xuyên hằng năm",
)


def _word_pairs(phrases: tuple[str, ...]) -> frozenset[tuple[str, str]]:
    pairs = set()
    for phrase in phrases:
        words = re.findall(r"\w+", phrase.lower())
        pairs.update(zip(words, words[1:], strict=False))
    return frozenset(pairs)


AGENCY_PAIRS = _word_pairs(AGENCY_PHRASES)
DEADLINE_PAIRS = _word_pairs(DEADLINE_PHRASES)
# Common words that are capitalised only when they start a cell or a sentence.
CELL_OPENERS = frozenset({"Các", "Những", "Trong", "Từ", "Quý", "Thường", "Giai", "Hoàn"})

# A capitalised word glued onto the previous cell line ("Quý IICác Sở", "Sở Kế hoạch Các Sở").
GLUED_CAPITAL = re.compile(
    r"(?<=[^\W\d_])(?=(Các|Sở|Ủy|Uỷ|Văn phòng|Quý|Thường)\b)|(?<=[^\s.:;,(]) (?=Các\b)"
)

BEAM_WIDTH = 12  # hypotheses kept per cell line in the final assignment
# Beam for the passes whose placements are only sampled, not kept: the
# column-order trials and the first pass that estimates the column widths.
# On the seeds and tests, 6 already gives the same tables as the full beam and 5
# misestimates the widths of the synthetic table in tests/extraction/test_flattened.py;
# 8 keeps a margin for tables they do not cover, at about 0.85x the time.
ROUGH_BEAM_WIDTH = 8
# Scores (log-odds-like): a cell line after its cell ended, a row that ends
# with a cell still open, a row that starts before its number.
AFTER_CLOSE = 6.0
OPEN_AT_END = 5.0
NEW_ROW_COST = 2.5
SPLIT_COST = 1.0
MAX_SPLIT_POINTS = 8
PERMUTATION_SAMPLE = 120  # cell lines used to choose the column order
GLUE_FACTOR = 1.2
SKIP_OPEN = 1.0
SKIP_OTHER = 0.6
WIDTH_SLACK = 1.15
WIDTH_QUANTILE = 0.75
NOT_STARTED, OPEN, CLOSED, MAYBE_CLOSED = 0, 1, 2, 3


# ---------------------------------------------------------------- hyphens


_DOC_TYPES = r"(?:QĐ|NQ|CT|KH|TB|BC|TTr|HD|NĐ|TT|CTr|KL|ĐA|QC|QĐi|CV)"
_ISSUER = r"(?:UBND|HĐND|CP|TTg|TU|TW|BNV|BTC|VPCP|BCĐ|BTP|BYT|BTTTT|BKHĐT|UB)"
_HYPHEN_RULES = (
    # "19 2016/NQCP" or "192016/NQ-CP": a number glued to the year of a symbol.
    (re.compile(r"\b(\d{1,3})\s?((?:19|20)\d\d)/(?=[A-ZĐ])"), r"\1-\2/"),
    # "/QĐUBND" → "/QĐ-UBND", "/NQCP" → "/NQ-CP", "/TTrSNV" → "/TTr-SNV".
    (re.compile(rf"/({_DOC_TYPES})({_ISSUER}|[A-ZĐ]{{2,6}})\b"), r"/\1-\2"),
    (re.compile(rf"\b({_DOC_TYPES})({_ISSUER})\b"), r"\1-\2"),
    # "03NQ/TU" or "39 NQ/TW" → "03-NQ/TU", "39-NQ/TW" (Party documents).
    (re.compile(r"\b(\d{1,4})\s?(NQ|CT|KL|QĐ|HD|QC|TB)/"), r"\1-\2/"),
    # Year ranges: "20162020", "2016 2020" → "2016-2020".
    (re.compile(r"\b((?:19|20)\d\d)\s*((?:19|20)\d\d)\b"), None),
    # "kinh tếxã hội" → "kinh tế-xã hội".
    (re.compile(r"\b(kinh tế)\s?(xã hội)\b", re.I), r"\1-\2"),
    # Two quarters side by side lost their dash: "Quý I Quý IV" → "Quý I - Quý IV".
    (re.compile(r"\b(Quý\s+[IV]+)\s+(?=Quý\s+[IV]+\b)"), r"\1 - "),
)
# A capital glued to a lower-case letter inside a name: "NamĐiện" → "Nam-Điện".
_CAMEL = re.compile(r"\b[^\W\d_]{2,}\b")


def _year_range(match: re.Match) -> str:
    first, second = int(match.group(1)), int(match.group(2))
    if first < second <= first + 30:
        return f"{first}-{second}"
    return match.group(0)


def restore_hyphens(text: str) -> str:
    """Put back hyphens a scrape dropped, where the pattern can only mean one
    thing: document symbols ("QĐUBND" → "QĐ-UBND", "192016/NQCP" →
    "19-2016/NQ-CP"), year ranges ("20162020" → "2016-2020") and
    "kinh tếxã hội" → "kinh tế-xã hội"."""
    for pattern, replacement in _HYPHEN_RULES:
        text = pattern.sub(replacement if replacement is not None else _year_range, text)
    return _CAMEL.sub(_camel, text)


def _camel(match: re.Match) -> str:
    """Two capitalised syllables glued together ("NamĐiện") take a hyphen."""
    word = match.group(0)
    for k in range(2, len(word) - 1):
        left, right = word[:k], word[k:]
        if left.istitle() and right.istitle() and len(right) > 1:
            return f"{left}-{right}"
    return word


# ---------------------------------------------------------------- fragments


@dataclass
class _Frag:
    text: str  # the words of one cell line, single-spaced
    open: bool  # the cell goes on in the next visual line
    block: int  # index of the paragraph it comes from
    start: int  # offset of the fragment in that paragraph's text

    @property
    def upper_start(self) -> bool:
        """Starts like a cell: a capital, a digit or an opening quote."""
        ch = self.text[0]
        return ch.isupper() or ch.isdigit() or ch in "\"“'(«"


def _fragments(blocks: list[Block], indices: list[int]) -> list[_Frag]:
    """Split region lines into cell lines (maximal runs without an ordinary space)."""
    out: list[_Frag] = []
    for bi in indices:
        text = blocks[bi].text
        m = PAGE_PREFIX.match(text)
        pos = m.end() if m else 0
        for run in re.finditer(r"[^ \t]+", text[pos:]):
            raw = run.group(0)
            words = raw.replace(NBSP, " ").split()
            if not words:
                continue  # an empty cell line
            cell_line = " ".join(words)
            is_open = raw.endswith(NBSP)
            # cut where a cell line was glued onto the previous one
            cuts = [(m.start(), m.end()) for m in GLUED_CAPITAL.finditer(cell_line)]
            begin = 0
            for cut_start, cut_end in cuts:
                if cut_start > begin:
                    # glued through a wrap space (the previous line went on) or directly
                    glued_open = cut_end > cut_start
                    out.append(_Frag(cell_line[begin:cut_start], glued_open, bi, pos + run.start()))
                begin = cut_end
            out.append(_Frag(cell_line[begin:], is_open, bi, pos + run.start()))
    return out


# ---------------------------------------------------------------- header


def _header_role(text: str) -> str:
    for role, pattern in HEADER_ROLE_PATTERNS:
        if pattern.search(text):
            return role
    return "other"


def _assemble_header(frags: list[_Frag]) -> list[str]:
    """Group header cell lines into cells: a capitalised line starts a cell,
    a lower-case line continues the next open cell in a left-to-right cycle
    (cells opened on the same visual line are continued in the order they
    were opened)."""
    cells: list[list[str]] = []
    is_open: list[bool] = []
    cursor = 0
    for frag in frags:
        if frag.upper_start or not any(is_open):
            cells.append([frag.text])
            is_open.append(frag.open)
            continue
        # next open cell at or after the cursor, wrapping round
        order = list(range(cursor, len(cells))) + list(range(0, cursor))
        target = next(i for i in order if is_open[i])
        cells[target].append(frag.text)
        is_open[target] = frag.open
        cursor = target + 1
    return [" ".join(c) for c in cells]


# ---------------------------------------------------------------- rows


@dataclass
class _Layout:
    roles: list[str]  # roles of the non-ref columns, left to right
    widths: list[float] | None = None  # typical wrapped-line length per column
    beam: int = BEAM_WIDTH  # hypotheses kept per cell line by _assign


def _first_word(text: str) -> str:
    m = re.match(r"\w+", text)
    return m.group(0) if m else ""


def _last_word(text: str) -> str:
    words = re.findall(r"\w+", text)
    return words[-1].lower() if words else ""


def _scored_as(role: str) -> str:
    """What the scores below see of a column's role: lead and coop columns
    score alike, and so do content, product and other columns."""
    if role in ("lead", "coop"):
        return "agency"
    return "deadline" if role == "deadline" else "text"


@lru_cache(maxsize=65536)
def _continuity(previous: str, text: str, role: str) -> float:
    """Reward a line that continues a known name of its column's kind; punish
    a line opening with a word only a new cell or sentence capitalises."""
    first = _first_word(text)
    pair = (_last_word(previous), first.lower())
    score = 0.0
    known = AGENCY_PAIRS if role in ("lead", "coop") else DEADLINE_PAIRS
    if role in ("lead", "coop", "deadline") and pair in known:
        score += 1.5
    if first in CELL_OPENERS and not previous.rstrip().endswith((".", ";", ":")):
        score -= 1.5
    return score


@lru_cache(maxsize=65536)
def _vocab_flags(text: str) -> tuple[bool, bool, bool]:
    """(starts like a deadline, starts like an agency, short deadline
    continuation): the vocabulary matches of a cell line, made once."""
    deadline = bool(DEADLINE_START.match(text) or DEADLINE_WORD.match(text))
    agency = bool(AGENCY_START.match(text))
    return deadline, agency, bool(DEADLINE_CONT.match(text)) and len(text) < 16


def _vocab_score(text: str, role: str, starting: bool) -> float:
    deadline, agency, continuation = _vocab_flags(text)
    if starting:
        if role == "deadline":
            return 1.5 if deadline else (-1.5 if agency else -0.3)
        if role in ("lead", "coop"):
            return 1.5 if agency else (-1.5 if deadline else -0.5)
        return -1.2 if (deadline or agency) and len(text) < 20 else 0.0
    if role == "deadline" and continuation:
        return 0.5
    return 0.0


def _width_score(text: str, is_open: bool, width: float) -> float:
    length = len(text)
    if length > WIDTH_SLACK * width + 1:
        return -3.0 - 0.1 * (length - width)
    if is_open and length < 0.5 * width - 1:
        return -1.5  # a wrapped line nearly fills its column
    return 0.0


def _maybe_open(text: str, is_open: bool) -> bool:
    """A closed cell line ending in a number or an acronym may have lost a
    wrap hyphen ("Nghị quyết số 39" + "NQ/TW", "giai đoạn 2016" + "2020",
    "Sở LĐ" + "TB&XH")."""
    if is_open:
        return False
    last = text.split()[-1]
    return last[-1].isdigit() or (
        len(last) >= 2 and last.isupper() and last.isalpha() and last not in ROMAN
    )


@lru_cache(maxsize=4096)
def _split_cuts(text: str, max_width: float | None) -> tuple[tuple[int, ...], ...]:
    """Where a cell line may hide the start of other columns' lines glued on
    through a wrap space: before capitalised agency or deadline phrases (one
    or two cuts), or anywhere when the line is longer than every column (one
    cut)."""
    named, anywhere = [], []
    for m in re.finditer(r" (?=\S)", text):
        cut = m.end()
        if text[cut - 2] in ",;:":
            continue
        rest = text[cut:]
        if rest[0].isupper() and (AGENCY_START.match(rest) or DEADLINE_START.match(rest)):
            named.append(cut)
        elif max_width and len(text) > GLUE_FACTOR * max_width:
            anywhere.append(cut)
    named = named[:MAX_SPLIT_POINTS]
    cuts = [(c,) for c in named + anywhere[:MAX_SPLIT_POINTS]]
    return tuple(cuts + list(itertools.combinations(named, 2)))


# Everything below scores a placement as a sum of terms in a fixed order, so
# precomputing the terms does not change a single result. Terms that depend
# only on the cell line (vocabulary, width, its column's next state) are
# computed once per line in a _Piece. Terms that depend only on the row state
# (skips of the left-to-right cycle, cost of ending the row) are computed once
# per state in _moves and _row_costs. The inner loop only adds them up.
#
# A row state packs the status of each column in two bits (column c in bits
# 2c and 2c + 1): 0 is the fresh row, and ints hash faster than tuples.


def _col_state(status: int, col: int) -> int:
    return (status >> (2 * col)) & 3


@cache
def _row_costs(k: int, status: int) -> tuple[int, float]:
    """(open columns, cost of ending the row) of a row state."""
    states = [_col_state(status, c) for c in range(k)]
    opened = states.count(OPEN)
    return opened, OPEN_AT_END * opened + 0.7 * states.count(NOT_STARTED)


@cache
def _moves(k: int, status: int, last: int) -> tuple[tuple[int, float, int], ...]:
    """Per column: its state; the penalty for the columns with text left that
    the left-to-right cycle skips to reach it from column ``last`` (a column
    not started yet may begin lower: vertically centred cell); and the row
    state with that column cleared."""
    states = [_col_state(status, c) for c in range(k)]
    out = []
    for col in range(k):
        live = [c for c in range(k) if states[c] != CLOSED or c == col]
        if last == -1:
            skipped = live[: live.index(col)]
        else:
            after = [c for c in live if c > last] + [c for c in live if c <= last]
            skipped = after[: after.index(col)]
        skip = sum(SKIP_OPEN if states[c] == OPEN else SKIP_OTHER for c in skipped)
        out.append((states[col], skip, status & ~(3 << (2 * col))))
    return tuple(out)


# Second words of the known name pairs: a line whose first word is none of
# these (nor a cell opener) gets no continuity score, whatever precedes it.
AGENCY_SECONDS = frozenset(b for _, b in AGENCY_PAIRS)
DEADLINE_SECONDS = frozenset(b for _, b in DEADLINE_PAIRS)
CONTINUITY_MAX = 1.5
# Bounds are compared with this margin, against rounding in sums of floats.
EPSILON = 1e-6


@dataclass(frozen=True, slots=True)
class _Piece:
    """One cell line (or a part of a glued one) with its per-column scores."""

    text: str
    is_open: bool
    upper: bool  # starts like a cell (capital, digit, quote)
    capital: bool  # may start a row
    marks: tuple[int, ...]  # per column: its state after this line, shifted into place
    first: tuple[float, ...]  # per column: vocabulary score as the cell's first line
    later: tuple[float, ...]  # per column: vocabulary score as a later line
    linked: tuple[bool, ...]  # per column: may _continuity be non-zero
    width: tuple[float, ...] | None  # per column: width score (None: widths unknown)
    gain: float  # the most that placing this line can add to a score


def _piece(text: str, is_open: bool, layout: _Layout) -> _Piece:
    roles = layout.roles
    k = len(roles)
    head = _first_word(text)
    linked = tuple(
        head in CELL_OPENERS
        or (role in ("lead", "coop") and head.lower() in AGENCY_SECONDS)
        or (role == "deadline" and head.lower() in DEADLINE_SECONDS)
        for role in roles
    )
    state = OPEN if is_open else CLOSED
    if _maybe_open(text, is_open):  # a closed line that may have lost a wrap hyphen
        state = MAYBE_CLOSED
    first = tuple(_vocab_score(text, role, True) for role in roles)
    later = tuple(_vocab_score(text, role, False) for role in roles)
    width = None
    if layout.widths:
        width = tuple(_width_score(text, is_open, w) for w in layout.widths)
    # every other term of a placement is a penalty
    gain = max(
        max(first[c], later[c] + (CONTINUITY_MAX if linked[c] else 0.0))
        + (width[c] if width else 0.0)
        for c in range(k)
    )
    return _Piece(
        text,
        is_open,
        text[0].isupper() or text[0].isdigit() or text[0] in "\"“'(«",
        text[0].isupper(),
        tuple(state << (2 * c) for c in range(k)),
        first,
        later,
        linked,
        width,
        gain,
    )


# What a line costs for the state its column is in (by state number): after
# the cell ended, after a cell that may have lost a wrap hyphen, and (for a
# line that starts in lower case) as the first line of a cell.
STATE_PENALTY = (0.0, 0.0, AFTER_CLOSE, 1.0)  # NOT_STARTED, OPEN, CLOSED, MAYBE_CLOSED
STATE_PENALTY_LOWER = (4.0, 0.0, AFTER_CLOSE, 1.0)


@dataclass(slots=True)
class _Hyp:
    score: float
    status: int  # packed column states of the current row
    last: int  # last column written in the current row, -1 at a row start
    has_ref: bool
    back: tuple | None  # (previous back, fragment index, column (-1: ref), new row, text, open)
    tails: tuple[str, ...] = ()  # the last line written in each column of the row


# A way to extend a hypothesis is first only a record (score, hypothesis,
# column, new row, row state, row number seen); the few records that stay in
# the beam become _Hyp objects (_build). A record whose column is None holds
# an already built hypothesis.
def _ready(hyp: _Hyp) -> tuple:
    return (hyp.score, hyp, None, False, hyp.status, hyp.has_ref)


def _build(record: tuple, i: int, piece: _Piece | None, k: int) -> _Hyp:
    score, parent, col, fresh, status, has_ref = record
    if col is None:
        return parent
    text = piece.text
    tails = ("",) * k if fresh else parent.tails
    back = (parent.back, i, col, fresh, text, piece.is_open)
    return _Hyp(score, status, col, has_ref, back, (*tails[:col], text, *tails[col + 1 :]))


def _key(status: int, last: int, has_ref: bool) -> int:
    """The beam keeps the best hypothesis per (row state, last column, row
    number seen), packed in one int."""
    return (status << 8) | ((last + 1) << 1) | has_ref


def _keep(record: tuple, last: int, candidates: dict[int, tuple]) -> None:
    key = _key(record[4], last, record[5])
    old = candidates.get(key)
    if old is None or old[0] < record[0]:
        candidates[key] = record


def _extend(
    hyps: list[_Hyp],
    piece: _Piece,
    roles: list[str],
    out: dict[int, tuple] | list[tuple],
    new_row: bool = True,
    left_to_right: bool = False,
    cost: float = 0.0,
    floor: float = -math.inf,
    beam: int = BEAM_WIDTH,
) -> None:
    """Add to ``out`` the ways to place one cell line after each of ``hyps``
    (best first): in any column of the current row, or only right of the
    last one written (``left_to_right``), or, if ``new_row``, in a new row;
    at an extra ``cost``. Ways scoring below ``floor`` are dropped. If ``out``
    is a dict, it keeps the best way per state (see _key) and the floor rises
    to the ``beam``-th best score kept."""
    k = len(roles)
    keyed = isinstance(out, dict)
    text, first, later, linked, width, marks = (
        piece.text,
        piece.first,
        piece.later,
        piece.linked,
        piece.width,
        piece.marks,
    )
    penalties = STATE_PENALTY if piece.upper else STATE_PENALTY_LOWER
    next_row = _moves(k, 0, -1)
    # A new row scores the same after every hypothesis but for the cost of
    # ending the current row: only a hypothesis that beats the earlier ones
    # on that can win a new-row placement.
    best_row_base = -math.inf
    for hyp in hyps:
        if keyed:
            floor = max(floor, _floor(out, beam))
        tails, has_ref = hyp.tails, hyp.has_ref
        variants = [(False, hyp.score, _moves(k, hyp.status, hyp.last))]
        # a row begins with a capitalised word, and not before the last row has any text
        if new_row and piece.capital and not (hyp.last == -1 and not has_ref):
            row_base = hyp.score - (_row_costs(k, hyp.status)[1] + NEW_ROW_COST)
            if row_base > best_row_base or not keyed:
                best_row_base = row_base
                variants.append((True, row_base, next_row))
        for col in range(hyp.last + 1 if left_to_right else 0, k):
            for fresh, base, moves in variants:
                state, skip, cleared = moves[col]
                score = base - penalties[state]
                if state == NOT_STARTED:
                    score += first[col]
                else:
                    score += later[col]
                    if linked[col]:
                        score += _continuity(tails[col], text, roles[col])
                score -= skip
                if width is not None:
                    score += width[col]
                if cost:
                    score -= cost
                if score < floor:
                    continue
                status = cleared | marks[col]
                ref = has_ref and not fresh
                if keyed:  # _keep, inlined
                    key = (status << 8) | ((col + 1) << 1) | ref
                    old = out.get(key)
                    if old is None or old[0] < score:
                        out[key] = (score, hyp, col, fresh, status, ref)
                else:
                    out.append((score, hyp, col, fresh, status, ref))


def _top(records, n: int = BEAM_WIDTH) -> list[tuple]:
    """The ``n`` best records, ties in their order."""
    return sorted(records, key=lambda r: -r[0])[:n]


def _floor(candidates: dict[int, tuple], beam: int = BEAM_WIDTH) -> float:
    """The score a new way must reach to enter a beam of ``beam`` (scores of
    the candidates only rise, so this stays a lower bound during a step)."""
    if len(candidates) < beam:
        return -math.inf
    scores = sorted([r[0] for r in candidates.values()])
    return scores[-beam] - EPSILON


def _split_paths(
    hyp: _Hyp, i: int, parts: list[_Piece], roles: list[str], floor: float, beam: int
) -> list[_Hyp]:
    """Best ways to place the parts of a glued line after ``hyp``, left to
    right in the current row or a new one (a beam of ``beam`` of its own)."""
    k = len(roles)
    partial = [hyp]
    for n, part in enumerate(parts):
        # the most the parts still to place can add
        rest = sum(p.gain - SPLIT_COST for p in parts[n + 1 :])
        grown: list[tuple] = []
        if n == 0:
            _extend(partial, part, roles, grown, floor=floor - rest - EPSILON)
        else:  # left to right on one line
            _extend(partial, part, roles, grown, False, True, SPLIT_COST, floor - rest - EPSILON)
        partial = [_build(r, i, part, k) for r in _top(grown, beam)]
    return partial


def _assign(frags: list[_Frag], kinds: list[str], layout: _Layout):
    """Best placement of each cell line: a list of (fragment index, column
    (-1 for the row number), starts a new row, text, open), and its score.

    ``kinds[i]`` is "ref" for a row number, "text" otherwise.

    ``layout.beam`` hypotheses are kept per cell line. A way that cannot
    reach the current ``layout.beam``-th best score of the step is not built,
    and a glued line is not split after a hypothesis that cannot reach that
    score even with the best placement of each part."""
    roles = layout.roles
    beam_width = layout.beam
    k = len(roles)
    max_width = max(layout.widths) if layout.widths else None
    pieces: dict[tuple[str, bool], _Piece] = {}

    def piece(text: str, is_open: bool) -> _Piece:
        key = (text, is_open)
        if key not in pieces:
            pieces[key] = _piece(text, is_open, layout)
        return pieces[key]

    beam = [_Hyp(0.0, 0, -1, False, None, ("",) * k)]
    for i, frag in enumerate(frags):
        candidates: dict[int, tuple] = {}
        if kinds[i] == "ref":
            for hyp in beam:
                opened, end = _row_costs(k, hyp.status)
                back = (hyp.back, i, -1, False, frag.text, False)
                if not hyp.has_ref:  # the row began before its number (centred cell)
                    score = hyp.score - 0.2 * opened
                    new = _Hyp(score, hyp.status, hyp.last, True, back, hyp.tails)
                    _keep(_ready(new), new.last, candidates)
                if hyp.last != -1 or hyp.has_ref:
                    back = (hyp.back, i, -1, True, frag.text, False)
                    new = _Hyp(hyp.score - end, 0, -1, True, back, ("",) * k)
                    _keep(_ready(new), new.last, candidates)
            beam = [_build(r, i, None, k) for r in _top(candidates.values(), beam_width)]
            continue
        whole = piece(frag.text, frag.open)
        # a line glued onto one or two others of the same visual line: its
        # parts, and the most placing them can add
        splits = []
        for cut in _split_cuts(frag.text, max_width):
            bounds = [0, *cut, len(frag.text)]
            texts = [frag.text[a:b].strip() for a, b in itertools.pairwise(bounds)]
            parts = [piece(t, frag.open or n < len(texts) - 1) for n, t in enumerate(texts)]
            splits.append((parts, sum(p.gain for p in parts) - SPLIT_COST * (len(parts) - 1)))
        if not splits:
            _extend(beam, whole, roles, candidates, beam=beam_width)
        for hyp in beam if splits else ():
            _extend([hyp], whole, roles, candidates, beam=beam_width)
            floor = _floor(candidates, beam_width)
            for parts, gain in splits:
                if hyp.score + gain >= floor:
                    for new in _split_paths(hyp, i, parts, roles, floor, beam_width):
                        _keep(_ready(new), new.last, candidates)
        beam = [_build(r, i, whole, k) for r in _top(candidates.values(), beam_width)]
    best = max(beam, key=lambda h: h.score - OPEN_AT_END * _row_costs(k, h.status)[0])
    steps = []
    back = best.back
    while back is not None:
        back, *step = back
        steps.append(tuple(step))
    steps.reverse()
    return steps, best.score


def _estimate_widths(steps, k: int) -> list[float]:
    """Typical length of a wrapped line in each column (75th percentile: robust to a few misplaced lines)."""
    lengths: list[list[int]] = [[] for _ in range(k)]
    closed: list[list[int]] = [[] for _ in range(k)]
    for _i, col, _new, text, is_open in steps:
        if col >= 0:
            (lengths if is_open else closed)[col].append(len(text))
    widths = []
    for col in range(k):
        sample = sorted(lengths[col]) if len(lengths[col]) >= 3 else sorted(closed[col])
        widths.append(float(sample[int(WIDTH_QUANTILE * (len(sample) - 1))]) if sample else 20.0)
    return widths


# ---------------------------------------------------------------- regions


@dataclass
class _Region:
    indices: list[int]  # paragraph indices, consecutive
    header_start: int  # fragment index where the header starts
    body_start: int  # fragment index of the first row or section


def _is_region_line(block: Block) -> bool:
    if not isinstance(block, Paragraph) or len(block.text) < MIN_LINE_CHARS:
        return False
    nbsp = block.text.count(NBSP)
    return nbsp >= MIN_NBSP_SHARE * (nbsp + block.text.count(" "))


def _find_header(frags: list[_Frag], start: int = 0) -> tuple[int, int, list[str]] | None:
    """(header start, body start, header cells) of the first flattened table header."""
    for i in range(start, len(frags)):
        body = _body_start(frags, i)
        if body is None:
            continue
        # walk back over short header-word lines
        j = i
        while j > 0 and i - j < 30:
            words = frags[j - 1].text.split()
            if len(frags[j - 1].text) > 45 or not all(HEADER_WORDS.match(w) for w in words):
                break
            j -= 1
        if i - j < 3:
            continue
        cells = _assemble_header(frags[j:i])
        roles = [_header_role(c) for c in cells]
        named = set(roles) - {"other"}
        if len(named) >= 3 and named & {"lead", "coop"} and "content" in named:
            return j, body, cells
    return None


def _body_start(frags: list[_Frag], i: int) -> int | None:
    """``i`` if a section ("I" + upper-case heading) or row 1 starts at fragment i."""
    text = frags[i].text
    nxt = frags[i + 1].text if i + 1 < len(frags) else ""
    if ROMAN_TOKEN.match(text) and ROMAN[text.rstrip(".")] == 1 and _is_heading(nxt):
        return i
    m = REF_TOKEN.match(text)
    if m and m.group(1) == "1" and text.endswith(".") and frags[i + 1 :][:1]:
        return i if frags[i + 1].upper_start and not frags[i].open else None
    return None


def _is_heading(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def _kinds(frags: list[_Frag]) -> list[str]:
    """Mark row numbers (in sequence within a section) and section headings."""
    kinds = ["text"] * len(frags)
    expected_row, expected_section = 1, 1
    i = 0
    while i < len(frags):
        text = frags[i].text
        roman = ROMAN_TOKEN.match(text)
        if (
            roman
            and ROMAN[text.rstrip(".")] == expected_section
            and i + 1 < len(frags)
            and _is_heading(frags[i + 1].text)
        ):
            kinds[i] = "section"
            kinds[i + 1] = "heading"
            i += 2
            while i < len(frags) and frags[i - 1].open and _is_heading(frags[i].text):
                kinds[i] = "heading"
                i += 1
            expected_section += 1
            expected_row = 1
            continue
        m = REF_TOKEN.match(text)
        # "3." or a bare "3" right after a finished cell line
        numbered = text.endswith(".") or (i and not frags[i - 1].open)
        if m and int(m.group(1)) == expected_row and not frags[i].open and numbered:
            kinds[i] = "ref"
            expected_row += 1
        i += 1
    return kinds


def _choose_layout(frags, kinds, roles: list[str]) -> _Layout:
    """Column order: the permutation of the header's roles that best explains
    the first rows (ties keep the usual order)."""
    body = [i for i, kd in enumerate(kinds) if kd in ("text", "ref")][:PERMUTATION_SAMPLE]
    sample = [frags[i] for i in body]
    sample_kinds = [kinds[i] for i in body]
    ranked = sorted(roles, key=ROLES.index)
    best: tuple[float, list[str]] | None = None
    seen = set()
    for perm in itertools.permutations(ranked):
        if "content" in perm and perm[0] != "content":
            continue  # the task text is the first column after the number
        scored = tuple(_scored_as(role) for role in perm)
        if scored in seen:
            continue  # scores exactly as an earlier permutation, which wins ties
        seen.add(scored)
        _, score = _assign(sample, sample_kinds, _Layout(list(perm), beam=ROUGH_BEAM_WIDTH))
        if best is None or score > best[0] + 1e-9:
            best = (score, list(perm))
    return _Layout(best[1])


def _build_table(blocks, region: _Region, frags, header_cells) -> tuple[Table, list[_Frag]]:
    header_roles = [_header_role(c) for c in header_cells]
    ref_label = next(
        (c for c, r in zip(header_cells, header_roles, strict=True) if r == "ref"), "TT"
    )
    body = frags[region.body_start :]
    kinds = _kinds(body)
    data_roles = [r for r in header_roles if r != "ref"]
    layout = _choose_layout(body, kinds, data_roles)
    k = len(layout.roles)
    # labels of the data columns in the chosen order
    labels: list[str] = []
    pool = [(c, r) for c, r in zip(header_cells, header_roles, strict=True) if r != "ref"]
    for role in layout.roles:
        idx = next(n for n, (_, r) in enumerate(pool) if r == role)
        labels.append(pool.pop(idx)[0])

    # Sections split the body; each part is assigned on its own.
    parts: list[tuple[str, list[int]]] = []
    for i, kind in enumerate(kinds):
        if kind == "section":
            parts.append(("section", [i]))
        elif kind == "heading":
            parts[-1][1].append(i)
        else:
            if not parts or parts[-1][0] != "rows":
                parts.append(("rows", []))
            parts[-1][1].append(i)

    def assign_all(lay: _Layout):
        out = []
        for kind, idx in parts:
            if kind == "rows":
                steps, _ = _assign([body[i] for i in idx], [kinds[i] for i in idx], lay)
                out.append((kind, idx, steps))
            else:
                out.append((kind, idx, None))
        return out

    # A rough first pass (narrow beam, no widths) only to estimate the
    # column widths; the final pass uses them and the full beam.
    first = assign_all(_Layout(layout.roles, beam=ROUGH_BEAM_WIDTH))
    layout.widths = _estimate_widths([st for _, _, steps in first if steps for st in steps], k)
    assigned = assign_all(layout)

    header_source = _source(blocks, frags[region.header_start])
    rows: list[Row] = [Row([_clean(ref_label)] + [_clean(lb) for lb in labels], header_source)]
    leftover: list[_Frag] = []
    for kind, idx, steps in assigned:
        if kind == "section":
            heading = " ".join(body[i].text for i in idx[1:])
            rows.append(
                Row(
                    [body[idx[0]].text.rstrip("."), _clean(heading)] + [""] * (k - 1),
                    _source(blocks, body[idx[0]]),
                )
            )
            continue
        grouped: list[list[tuple]] = []
        for step in steps:
            if step[2] or not grouped:  # a new row
                grouped.append([])
            grouped[-1].append(step)
        for group in grouped:
            ref = [text for _i, col, _new, text, _open in group if col == -1]
            if not ref and group is grouped[-1] and len(grouped) > 1:
                # text after the table
                leftover = [body[idx[i]] for i in dict.fromkeys(st[0] for st in group)]
                continue
            cells: list[list[tuple[str, bool]]] = [[] for _ in range(k)]
            for _i, col, _new, text, is_open in group:
                if col >= 0:
                    cells[col].append((text, is_open))
            rows.append(
                Row(
                    [ref[0] if ref else ""] + [_join(c) for c in cells],
                    _source(blocks, body[idx[group[0][0]]]),
                )
            )
    table = Table(rows, header_source)
    return table, leftover


def _join(lines: list[tuple[str, bool]]) -> str:
    """A cell's lines in reading order; a line that lost its wrap hyphen
    ("số 39" / "NQ/TW", "Sở LĐ" / "TB&XH") gets it back."""
    out = ""
    for n, (text, _) in enumerate(lines):
        if n:
            prev, prev_open = lines[n - 1]
            head = _first_word(text)
            hyphen = _maybe_open(prev, prev_open) and (head.isdigit() or head.isupper())
            out += "-" if hyphen else " "
        out += text
    return _clean(out)


def _source(blocks: list[Block], frag: _Frag) -> Source:
    src = blocks[frag.block].source
    return Source(page=src.page, line=src.line)


def _clean(text: str) -> str:
    return restore_hyphens(" ".join(text.split()))


def recover_flattened(blocks: list[Block]) -> list[Block]:
    """Replace each run of paragraphs that is a flattened task table by a
    :class:`Table` (header row first); other blocks come back unchanged."""
    out: list[Block] = []
    i = 0
    n = len(blocks)
    while i < n:
        if not _is_region_line(blocks[i]):
            out.append(blocks[i])
            i += 1
            continue
        j = i
        while j < n and _is_region_line(blocks[j]):
            j += 1
        out.extend(_recover_region(blocks, list(range(i, j))))
        i = j
    return out


def _recover_region(blocks: list[Block], indices: list[int]) -> list[Block]:
    frags = _fragments(blocks, indices)
    found = _find_header(frags)
    if found is None:
        return [blocks[i] for i in indices]
    header_start, body_start, header_cells = found
    region = _Region(indices, header_start, body_start)
    table, leftover = _build_table(blocks, region, frags, header_cells)
    if len(table.rows) < 3:
        return [blocks[i] for i in indices]
    out: list[Block] = []
    first = frags[header_start]
    # paragraphs before the header, and the text before it on the header's line
    out.extend(blocks[i] for i in indices if i < first.block)
    prefix = blocks[first.block].text[: first.start].strip()
    if prefix:
        out.append(Paragraph(prefix, blocks[first.block].source))
    out.append(table)
    if leftover:
        start = leftover[0]
        tail = blocks[start.block].text[start.start :].strip()
        out.append(Paragraph(tail, blocks[start.block].source))
        out.extend(blocks[i] for i in indices if i > start.block)
    return out
