"""Document metadata: kind, number, issuer, signing date, title, period.

The header of a Vietnamese administrative document has a fixed shape (issuer
block, "Số: 142/KH-UBND", "Cần Thơ, ngày 28 tháng 12 năm 2016", the kind in
capitals, the subject), but what reaches us is damaged: web-page junk before
it, two-column headers interleaved into one line, markdown, lost hyphens
("1908/QĐUBND", "20162020"). Each field is therefore read from the first of
several places that gives it:

- kind: the first upper-case kind word ("QUYẾT ĐỊNH", "KẾ HOẠCH", "CHƯƠNG
  TRÌNH"); a Quyết định that issues a plan stays ``quyet_dinh``.
- number: the "Số: ..." line, else the attribution line of the attached plan
  ("(Ban hành kèm theo Quyết định số 6114/QĐ-UBND ngày ...").
- signed: the "<Place>, ngày D tháng M năm Y" line, else the date on the
  attribution line ("ngày 28/12/2018").
- issuer: the upper-case issuer block ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM",
  "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG", "BỘ NỘI VỤ"), else the
  attribution "của (Chủ tịch) UBND tỉnh Đồng Nai", else "TM. ỦY BAN NHÂN DÂN"
  with the place of the date line and the level the text uses.
- title: the plan's heading ("KẾ HOẠCH" + subject line) or the "Điều 1. Ban
  hành ... Kế hoạch ..." sentence.
- period: "giai đoạn 2016-2020" or "năm 2019" in the title.
"""

from __future__ import annotations

import re
from datetime import date

from cchc.extraction.fields.text import clean, fold
from cchc.extraction.model import DocumentInfo

KINDS = {"QUYẾT ĐỊNH": "quyet_dinh", "KẾ HOẠCH": "ke_hoach", "CHƯƠNG TRÌNH": "chuong_trinh"}
# Symbol codes of the kind, for documents whose kind heading is lost.
KIND_CODES = {"QĐ": "quyet_dinh", "KH": "ke_hoach", "CTR": "chuong_trinh"}
# Administrative levels, longest first; written lower case in an issuer name.
LEVELS = ("thành phố", "thị trấn", "thị xã", "tỉnh", "quận", "huyện", "phường", "xã")
# Document-type codes that start a symbol ("QĐ-UBND"); a lost hyphen is put back after them.
SYMBOL_HEADS = ("QĐ", "KH", "CTr", "CT", "TTr", "NQ", "BC", "TB", "HD", "CV")

_KIND_WORD = re.compile(r"(?<![^\W\d_])(QUYẾT ĐỊNH|KẾ HOẠCH|CHƯƠNG TRÌNH)(?![^\W\d_])")
_NUMBER = r"(\d+[a-z]?)\s*/\s*([A-ZĐ][\wĐđ]*(?:\s*-\s*[A-ZĐ][\wĐđ]*)*)"
_SO_LINE = re.compile(r"(?<![^\W\d_])Số\s*:?\s*" + _NUMBER)
_ATTRIBUTION = re.compile(
    r"^[\s*_(]*(?:(?:Ban hành\s+)?[Kk]èm theo\s+)?(Quyết định|Kế hoạch|Chương trình)\s+số\s*:?\s*"
    + _NUMBER
)
_DATE_WORDS = r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_DATE_SLASH = r"ngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
_PLACE_DATE = re.compile(
    r"(?<![^\W\d_])((?:[A-ZĐ][^\W\d_]*\s+){0,3}[A-ZĐ][^\W\d_]*)\s*,\s*" + _DATE_WORDS
)
_ANY_DATE = re.compile(_DATE_WORDS + "|" + _DATE_SLASH)
_COUNCIL = re.compile(r"(?:ỦY|UỶ|UBND)\s*(?:BAN NHÂN DÂN)?", re.I)
_MINISTRY = re.compile(r"^\s*(BỘ(?:\s+[A-ZĐÀ-Ỹ&-]+)+)")
_ATTRIBUTED_ISSUER = re.compile(
    r"của\s+(?:Chủ tịch\s+)?(?:Ủy|Uỷ)?\s*(?:ban nhân dân|UBND)\s+(?:\(UBND\)\s+)?("
    + "|".join(LEVELS)
    + r")\s+([A-ZĐ][^\W\d_]*(?:\s+[A-ZĐ][^\W\d_]*){0,3})(?=\s*[),.;:]|\s*$)"
)
_LEVEL_MENTION = re.compile(
    r"(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+(?:\(UBND\)\s+)?(" + "|".join(LEVELS) + r")\b"
)
_PERIOD_RANGE = re.compile(
    r"giai đoạn\s*(?:từ\s*)?(?:năm\s*)?(\d{4})\s*[-–]?\s*(?:đến\s*)?(\d{4})", re.I
)
_LOST_HYPHEN = re.compile(r"\b((?:19|20)\d\d)((?:19|20)\d\d)\b")  # "20162020"
_PERIOD_YEAR = re.compile(r"năm\s+(\d{4})", re.I)
_ARTICLE_ONE = re.compile(
    r"Điều 1\.\s*(?:Ban hành|Phê duyệt)\s+(?:kèm theo Quyết định này\s+)?((?:Kế hoạch|Chương trình)\b[^.;]*?)(?:[.;]|,\s*với|$)"
)


def read_document_info(lines: list[str]) -> DocumentInfo:
    """Metadata of a plan document from its text lines (paragraphs and table rows, in order)."""
    text_lines = [line for line in (clean(x) for x in lines) if line]
    info = DocumentInfo()
    info.kind = _kind(text_lines)
    info.number, number_line = _number(text_lines)
    info.signed = _signed(text_lines, number_line)
    info.issuer = _issuer(text_lines, number_line)
    info.title = _title(text_lines)
    info.period_start, info.period_end = _period(info.title, info.signed)
    if info.kind is None and info.number:
        code = info.number.split("/", 1)[1].split("-", 1)[0].upper()
        info.kind = KIND_CODES.get(code)
    return info


def plan_year(info: DocumentInfo) -> int | None:
    """The first year the plan covers (deadlines such as "Quý I" are read in it)."""
    if info.period_start:
        return info.period_start.year
    if info.signed:  # plans are signed late in the year before the one they cover
        return info.signed.year + 1 if info.signed.month >= 10 else info.signed.year
    return None


# --- fields -----------------------------------------------------------------------


def _kind(lines: list[str]) -> str | None:
    for line in lines:
        match = _KIND_WORD.search(line)
        if match:
            return KINDS[match.group(1)]
    return None


def repair_number(number: str, symbol: str) -> str:
    """ "1908", "QĐUBND" → "1908/QĐ-UBND"; spaces around "/" and "-" dropped."""
    symbol = re.sub(r"\s+", "", symbol)
    if "-" not in symbol:
        for head in SYMBOL_HEADS:
            rest = symbol[len(head) :]
            if symbol.startswith(head) and rest[:1].isupper() and len(rest) >= 2:
                symbol = f"{head}-{rest}"
                break
    return f"{number}/{symbol}"


def _number(lines: list[str]) -> tuple[str | None, str | None]:
    """The document's symbol and the line it was read from."""
    for line in lines:
        match = _SO_LINE.search(line)
        if match:
            return repair_number(match.group(1), match.group(2)), line
    for line in lines:
        match = _ATTRIBUTION.search(line)
        if match:
            return repair_number(match.group(2), match.group(3)), line
    return None, None


def _to_date(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _signed(lines: list[str], number_line: str | None) -> date | None:
    for line in lines:
        match = _PLACE_DATE.search(line)
        if match:
            return _to_date(*match.group(2, 3, 4))
    if number_line:
        match = _ANY_DATE.search(number_line)
        if match:
            groups = match.group(1, 2, 3) if match.group(1) else match.group(4, 5, 6)
            return _to_date(*groups)
    return None


def _title_case_place(words: list[str]) -> str:
    """ "THÀNH PHỐ ĐÀ NẴNG" → "thành phố Đà Nẵng"."""
    text = " ".join(words).lower()
    for level in LEVELS:
        if text.startswith(level + " "):
            name = text[len(level) + 1 :]
            return f"{level} " + " ".join(w[:1].upper() + w[1:] for w in name.split())
    return " ".join(w[:1].upper() + w[1:] for w in text.split())


def _upper_council(line: str) -> str | None:
    """ "... ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM Căn cứ ..." → "Ủy ban nhân dân tỉnh Quảng Nam"."""
    for match in _COUNCIL.finditer(line):
        head = match.group(0)
        if not head.isupper():
            continue
        words = []
        for word in line[match.end() : match.end() + 120].split():
            if not word.isupper() or word in KINDS or "." in word:
                break
            words.append(word.strip(",;:"))
            if len(words) == 6:
                break
        place = " ".join(words).lower()
        level = next((lv for lv in LEVELS if place.startswith(lv + " ")), None)
        if level and len(place) > len(level) + 1:
            name = _title_case_place(words)
            # Stop the name before a second header block ("... QUẢNG NAM CỘNG HÒA").
            name = re.split(r"\s(?:Cộng|Độc|Số)\b", name)[0]
            return f"Ủy ban nhân dân {name}"
    return None


def _ministry(line: str) -> str | None:
    """ "BỘ THÔNG TIN VÀ TRUYỀN THÔNG" → "Bộ Thông tin và Truyền thông"."""
    match = _MINISTRY.match(line)
    if not match or match.group(1) == line.strip() and len(match.group(1).split()) < 2:
        return None
    words = match.group(1).lower().split()[1:]
    if not words or fold(words[0]) in ("chinh", "truong"):  # "BỘ CHÍNH TRỊ" is no issuer of plans
        return None
    out = []
    capital_next = True
    for word in words:
        out.append(word[:1].upper() + word[1:] if capital_next else word)
        capital_next = word in ("và", "-")
    return "Bộ " + " ".join(out)


def _issuer(lines: list[str], number_line: str | None) -> str | None:
    for line in lines[:200]:
        found = _upper_council(line) or _ministry(line)
        if found:
            return found
    for line in ([number_line] if number_line else []) + lines:
        match = _ATTRIBUTED_ISSUER.search(line)
        if match:
            return f"Ủy ban nhân dân {match.group(1)} {match.group(2)}"
    # "TM. ỦY BAN NHÂN DÂN" signature: the place of the date line, the level the text uses.
    place = next((m.group(1) for m in map(_PLACE_DATE.search, lines) if m), None)
    level = next((m.group(1) for m in map(_LEVEL_MENTION.search, lines) if m), None)
    if place and level:
        return f"Ủy ban nhân dân {level} {place}"
    return None


# Numbers and symbols of documents keep their capitals in a lowered title
# ("nghị quyết số 214/NQ-CP", "Quyết định 1229/QĐ-UBND").
_DOCUMENT_NUMBER = re.compile(r"\S*\d\S*/\S+")


def _sentence_case(text: str) -> str:
    """An upper-case heading as a sentence: lower case, its first letter and the
    numbers of the documents it cites as they were."""
    kept = {m.group(0).lower(): m.group(0) for m in _DOCUMENT_NUMBER.finditer(text)}
    lowered = _DOCUMENT_NUMBER.sub(lambda m: kept[m.group(0)], text.lower())
    return lowered[:1].upper() + lowered[1:]


def _title(lines: list[str]) -> str | None:
    """The plan's own heading, e.g. "Kế hoạch cải cách hành chính năm 2019 của thành phố Hà Nội"."""
    for i, line in enumerate(lines):
        bare = line.strip("*_# ").rstrip(":")
        if bare in ("KẾ HOẠCH", "CHƯƠNG TRÌNH") and i + 1 < len(lines):
            subject = lines[i + 1].strip("*_# ")
            for extra in lines[i + 2 : i + 4]:
                if not extra[:1].islower():
                    break
                subject += " " + extra.strip("*_ ")  # the subject continues on the next line
            if subject.startswith("("):
                continue
            kind = bare[0] + bare[1:].lower()
            if subject.isupper():
                break  # an upper-case subject loses its proper names: try "Điều 1" first
            return f"{kind} {subject[:1].lower()}{subject[1:]}".strip()
    for line in lines:
        match = _ARTICLE_ONE.search(line)
        if match:
            return _LOST_HYPHEN.sub(r"\1-\2", match.group(1).strip())
    for i, line in enumerate(lines):
        bare = line.strip("*_# ")
        if bare in ("KẾ HOẠCH", "CHƯƠNG TRÌNH") and i + 1 < len(lines):
            return _sentence_case(f"{bare} {lines[i + 1]}")
    return None


def _period(title: str | None, signed: date | None) -> tuple[date | None, date | None]:
    """Years the plan covers: "giai đoạn 2016-2020" or "năm 2019" in its title."""
    if title:
        match = _PERIOD_RANGE.search(title)
        if match and int(match.group(1)) <= int(match.group(2)):
            return date(int(match.group(1)), 1, 1), date(int(match.group(2)), 12, 31)
        match = _PERIOD_YEAR.search(title)
        if match:
            year = int(match.group(1))
            return date(year, 1, 1), date(year, 12, 31)
    year = plan_year(DocumentInfo(signed=signed))
    if year:
        return date(year, 1, 1), date(year, 12, 31)
    return None, None


# A plan announces itself: a heading "KẾ HOẠCH …"/"CHƯƠNG TRÌNH …" (the plan
# itself, or the one a decision issues in its appendix), or a decision that
# issues or approves one. A regulation, a decision publishing administrative
# procedures or a report has neither.
_PLAN_HEADING = re.compile(r"^\W*(?:KẾ HOẠCH|CHƯƠNG TRÌNH)(?:\W|$)")
_ISSUES_PLAN = re.compile(
    r"\b(?:ban hanh|phe duyet)\s+(?:kem theo\s+)?(?:[^\s]+\s+)?(?:ke hoach|chuong trinh)\b"
)


# The heading of another kind of document.
_OTHER_HEADING = re.compile(
    r"^\W*(?:QUYẾT ĐỊNH|NGHỊ QUYẾT|QUY CHẾ|QUY ĐỊNH|BÁO CÁO|THÔNG TƯ|NGHỊ ĐỊNH|CÔNG VĂN"
    r"|TỜ TRÌNH|THÔNG BÁO|ĐIỀU LỆ|NỘI QUY)(?:\W|$)"
)


def assigns_work(lines: list[str]) -> bool:
    """Whether the document is a plan or program (or a decision issuing one).

    Only a document that names itself as another kind (a decision, a
    regulation, a report) and never as a plan is not one; a fragment without a
    heading gets the benefit of the doubt.
    """
    other = False
    for line in lines:
        text = clean(line)
        if _PLAN_HEADING.match(text) or _ISSUES_PLAN.search(fold(text)):
            return True
        other = other or bool(_OTHER_HEADING.match(text))
    return not other
