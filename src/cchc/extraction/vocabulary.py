"""The one vocabulary of plan documents, shared by every stage of extraction
and by the application's agency matching.

What a plan's words mean does not depend on the stage that reads them: the
header words of a task table's columns, the labels of labelled items, the
abbreviations of agency names and their 2025 names, old tone-mark spellings,
Roman numerals. Each is written once, here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from cchc.extraction.fields.text import clean, fold

# Header words per column role, tone marks folded. Order matters: the first
# role whose words occur in a header cell wins ("Nội dung và kết quả đầu ra" is
# the content, "Cơ quan phối hợp triển khai thực hiện" the cooperating agency).
# Role-based agency columns of legislative plans: the body that reviews
# ("thẩm tra") is not part of the task; the drafting body ("soạn thảo") leads,
# else the submitting one ("trình").
ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("note", ("ghi chu", "chu thich")),
    ("review", ("tham tra", "chuan bi y kien")),
    ("draft", ("soan thao",)),
    ("submit", ("co quan trinh", "don vi trinh")),
    # One column for both ("Cơ quan chủ trì, phối hợp"): split cell by cell.
    (
        "agencies",
        ("chu tri, phoi hop", "chu tri va phoi hop", "chu tri/phoi hop", "chu tri - phoi hop"),
    ),
    ("coop", ("phoi hop",)),
    (
        "lead",
        ("chu tri", "thuc hien chinh", "don vi thuc hien", "co quan thuc hien", "trach nhiem"),
    ),
    (
        "content",
        ("noi dung", "nhiem vu", "hoat dong", "cong viec", "ten de an", "ten van ban", "giai phap"),
    ),
    ("product", ("san pham", "ket qua dau ra", "ket qua", "ho so")),
    ("start", ("bat dau", "khoi dong")),
    ("deadline", ("thoi gian", "thoi han", "tien do", "lo trinh", "hoan thanh", "moc")),
    ("ref", ("stt", "tt", "so tt", "so thu tu")),
)
# A column of start dates only where its header names no end: "Thời gian bắt
# đầu" is the start, "Thời gian bắt đầu - hoàn thành" the whole deadline.
_NO_END = {"start": r"(?!.*\b(?:hoan thanh|ket thuc|den)\b)"}
_ROLE_PATTERNS = [
    (
        role,
        re.compile(
            "^"
            + _NO_END.get(role, "")
            + r".*\b(?:"
            + "|".join(re.escape(w) for w in words)
            + r")\b"
        ),
    )
    for role, words in ROLE_WORDS
]


def role_of(cell: str, taken: Iterable[str] = ()) -> str | None:
    """The column role a header cell names, skipping roles already ``taken``."""
    text = fold(clean(cell))
    if not text or len(text) > 80:
        return None
    for role, pattern in _ROLE_PATTERNS:
        if role not in taken and pattern.search(text):
            return role
    return None


# -- numbering ----------------------------------------------------------------------

# A Roman numeral as plans print their sections ("II", "VII"), in a regex.
ROMAN = "[IVXL]{1,6}"
_ROMAN_VALUES = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8}


def roman_value(token: str) -> int:
    """The value of a small Roman numeral or a digit string ("iv" → 4, "3" → 3)."""
    token = token.strip().lower()
    return _ROMAN_VALUES.get(token) or int(token)


# -- agency names ---------------------------------------------------------

# Names (and group wordings) with a comma or a "và" of their own, which never
# split an agency list: 2025 names of merged bodies, legal references inside a
# group's wording ("tại điểm d, khoản 1, mục III").
NAMES_WITH_COMMAS = (
    r"Văn hóa,?\s*Thể thao và Du lịch",
    r"Lao động\s*[-–,]?\s*Thương binh và Xã hội",
    r"Văn phòng Đoàn Đại biểu Quốc hội(?:,| và) Hội đồng nhân dân(?: và Ủy ban nhân dân)?",
    r"Báo và Phát thanh,?\s*Truyền hình",
    r"Khu công nghiệp, khu kinh tế",
    r"bộ,\s*cơ quan ngang bộ(?:,\s*cơ quan thuộc Chính phủ)?",
    r"tỉnh,\s*thành phố trực thuộc [Tt]rung ương",
    r"(?:điểm|khoản|mục|điều)\s+[\w.]+(?:\s*,\s*(?:điểm|khoản|mục|điều)\s+[\w.]+)+",
)
NAME_WITH_COMMA = re.compile("|".join(NAMES_WITH_COMMAS), re.I)

# Spellings of names corrected to their official form (SCHEMA.md: agency names
# are corrected and written out).
NAME_CORRECTIONS = (
    (re.compile(r"\bSở\s+Sở\b"), "Sở"),
    (re.compile(r"\bViệt nam\b"), "Việt Nam"),
    (re.compile(r"Khu công nghiệp,?\s+khu kinh tế", re.I), "Khu công nghiệp, khu kinh tế"),
)


def correct_names(text: str) -> str:
    for pattern, replacement in NAME_CORRECTIONS:
        text = pattern.sub(replacement, text)
    return text


# -- labelled items -------------------------------------------------------

# Labels of an item's parts, folded, by the role they fill. "Cơ quan thực hiện"
# is the lead, or a container of "Đơn vị chủ trì/phối hợp" lines below it.
ITEM_FIELDS = (
    ("coop", r"(?:co quan|don vi)?\s*phoi hop(?: thuc hien)?"),
    ("agencies", r"(?:co quan|don vi) thuc hien"),
    (
        "lead",
        r"(?:co quan|don vi)?\s*(?:chu tri|tham muu|(?:chiu )?trach nhiem)"
        r"(?: thuc hien| tham muu| chinh)?",
    ),
    (
        "deadline",
        r"thoi (?:gian|han|diem)(?: thuc hien| hoan thanh| trien khai| ban hanh)?|tien do|lo trinh",
    ),
    ("product", r"(?:ket qua\s*/\s*)?san pham(?: dau ra)?|ket qua(?: dau ra|\s*/\s*san pham)?"),
    ("content", r"noi dung(?: thuc hien| cong viec)?|nhiem vu"),
)
ITEM_FIELD = re.compile(r"(" + "|".join(p for _, p in ITEM_FIELDS) + r")\s*:")
_ITEM_FIELD_ROLES = [(role, re.compile(p)) for role, p in ITEM_FIELDS]


def item_field_role(label: str) -> str:
    """The role of a matched (folded) field label."""
    label = label.strip()
    return next(role for role, pattern in _ITEM_FIELD_ROLES if pattern.fullmatch(label))


# Nouns that open an agency name or a named group of agencies.
AGENCY_HEADS = (
    r"Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Hội đồng nhân dân|Văn phòng|Sở|Ban|Bộ|Cục|Chi cục"
    r"|Công an|Thanh tra|Trung tâm|Đài|Bưu điện|Kho bạc|Ngân hàng|Bảo hiểm|Viện|Trường"
    r"|Liên đoàn|Công đoàn|Tỉnh đoàn|Thành đoàn|Đoàn|Mặt trận|Các|Cơ quan|Đơn vị|Phòng"
    r"|Báo|Thông tấn xã|Tòa án|Viện kiểm sát|Kiểm toán|Bộ Chỉ huy|Ủy ban|Hội|Thuế|Chính phủ"
    r"|Thủ tướng|Quốc hội|Tổng"
)
AGENCY_HEAD = re.compile(rf"^(?:{AGENCY_HEADS})\b", re.I)
# Verbs that end an agency's name and start what it does ("Bộ Công an tiến hành rà soát").
ACTION_VERBS = (
    "tiến hành|rà soát|thực hiện|tổ chức|xây dựng|triển khai|hướng dẫn|tham mưu|báo cáo|gửi"
    "|theo dõi|kiểm tra|đề xuất|trình|thành lập|tham gia|chỉ đạo|đôn đốc|nghiên cứu|bố trí"
    "|cập nhật|quản lý|tuyên truyền|phổ biến|ban hành|chủ động|căn cứ|phối hợp|chủ trì"
)
# Lower case only: "Sở Xây dựng" names an agency, "xây dựng" is what it does.
ACTION_VERB = re.compile(rf"(?<!\S)(?:{ACTION_VERBS})(?!\w)")


def cut_at_verb(text: str) -> str:
    """Each ";"-part of an agency list up to the verb that says what the agency does."""
    parts = []
    for part in text.split(";"):
        for m in ACTION_VERB.finditer(part):
            before = part[: m.start()].rstrip()
            # after a comma the word is a noun of a list ("cơ quan, tổ chức khác")
            if len(before.split()) >= 2 and not before.endswith(","):
                part = before
                break
        parts.append(part.strip(" ,"))
    return "; ".join(p for p in parts if p)


# A document named in the text, whose title may carry years ("Kế hoạch … đến năm 2030").
DOCUMENT_TITLE = re.compile(
    r"\b(?:Nghị quyết|Kế hoạch|Quyết định|Chiến lược|Chương trình|Đề án|Quy hoạch|Luật"
    r"|Chỉ thị|Nghị định|Thông tư)\b(?!\s+này)",
    re.I,
)


# -- abbreviations and spellings ---------------------------------------------------

# Written out before anything else; longer keys first so "Sở TT&TT" wins over "TT".
ABBREVIATIONS = {
    "UBND": "Ủy ban nhân dân",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "HĐND": "Hội đồng nhân dân",
    "ĐBQH": "Đại biểu Quốc hội",
    "MTTQ": "Mặt trận Tổ quốc",
    "TAND": "Tòa án nhân dân",
    "VKSND": "Viện kiểm sát nhân dân",
    "SNV": "Sở Nội vụ",
    "BQL": "Ban Quản lý",
    "KKTM": "Khu kinh tế mở",
    "KKT": "Khu kinh tế",
    "KCN": "Khu công nghiệp",
    "BHXH": "Bảo hiểm xã hội",
    "VP": "Văn phòng",
    "TP": "thành phố",
    "CA": "Công an",
    "TW": "Trung ương",
    "NN": "Nhà nước",
    "TTPVHCC": "Trung tâm Phục vụ hành chính công",
    "TT&TT": "Thông tin và Truyền thông",
    "TT-TT": "Thông tin và Truyền thông",
    "TTTT": "Thông tin và Truyền thông",
    "TTTTT": "Thông tin và Truyền thông",
    "KH&ĐT": "Kế hoạch và Đầu tư",
    "KHĐT": "Kế hoạch và Đầu tư",
    "KH&CN": "Khoa học và Công nghệ",
    "KHCN": "Khoa học và Công nghệ",
    "LĐ-TB&XH": "Lao động - Thương binh và Xã hội",
    "LĐTB&XH": "Lao động - Thương binh và Xã hội",
    "LĐTBXH": "Lao động - Thương binh và Xã hội",
    "TBXH": "Thương binh và Xã hội",
    "NN&PTNT": "Nông nghiệp và Phát triển nông thôn",
    "NNPTNT": "Nông nghiệp và Phát triển nông thôn",
    "TN&MT": "Tài nguyên và Môi trường",
    "TNMT": "Tài nguyên và Môi trường",
    "GD&ĐT": "Giáo dục và Đào tạo",
    "GDĐT": "Giáo dục và Đào tạo",
    "VH-TT&DL": "Văn hóa, Thể thao và Du lịch",
    "VHTT&DL": "Văn hóa, Thể thao và Du lịch",
    "VHTTDL": "Văn hóa, Thể thao và Du lịch",
    "GTVT": "Giao thông vận tải",
}
_ABBREVIATION = re.compile(
    r"(?<![\wĐđ&-])("
    + "|".join(re.escape(k) for k in sorted(ABBREVIATIONS, key=len, reverse=True))
    + r")(?![\wĐđ&])"
)

# Old tone placement ("Uỷ", "hoà") → modern ("Ủy", "hòa"), at a syllable's end only
# ("Đoàn" stays) and never after q ("quý").
_OLD_TONES = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa"}
_OLD_TONES |= {"uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy", "Uỷ": "Ủy"}
_OLD_TONE = re.compile("(?<![qQ])(" + "|".join(_OLD_TONES) + r")(?!\w)")


def modern_tones(text: str) -> str:
    """Old tone placement ("Uỷ ban", "hoà") written the modern way ("Ủy ban", "hòa")."""
    return _OLD_TONE.sub(lambda m: _OLD_TONES[m.group(1)], text)


def expand_abbreviations(text: str) -> str:
    """Abbreviations as printed ("UBND", "Sở TT&TT") written out in full words."""
    return _ABBREVIATION.sub(lambda m: ABBREVIATIONS[m.group(1)], text)


# What OCR makes of a plan's most frequent words, undone where what was read is no
# Vietnamese: the hook of a capital Ủ is small and often lost or read as an acute
# ("Uy ban", "Úy ban", "Uy-ban"), the circumflex of "phố" taken for "ế", the C of
# "Cơ quan" for a G; and an abbreviation split by a gap between its letters
# ("UB ND", "UBTV QH").
OCR_MISREADINGS = (
    (re.compile(r"\b[UÚ]y[- ](?=ban\b)"), "Ủy "),
    (re.compile(r"\b([Tt]hành) phế\b"), r"\1 phố"),
    (re.compile(r"\bGơ(?= quan\b)"), "Cơ"),
    (
        re.compile(
            r"(?<![\w&-])("
            + "|".join(
                re.escape(k[:i]) + " " + re.escape(k[i:])
                for k in sorted(ABBREVIATIONS, key=len, reverse=True)
                if len(k) >= 4 and k.isalpha() and k.isupper()
                for i in range(2, len(k) - 1)
                if k[:i] != k[i:]  # "TT TT" may be two marks
            )
            + r")(?![\w&])"
        ),
        lambda m: m.group(1).replace(" ", ""),
    ),
)


# Frequent phrases of plans whose letters, tone marks aside, no other phrase shares:
# read with a tone mark or a case wrong ("trụng ương", "cợ quan", "BỘ Công an"),
# they are written as here (the first letter keeps the case it was read in).
OCR_PHRASES = (
    "cơ quan", "trung ương", "trực thuộc", "ngang bộ", "có liên quan", "Bộ Công an",
    "Bộ Tư pháp", "Bộ Tài chính", "Văn phòng Chính phủ", "Ủy ban nhân dân", "phối hợp",
    "chủ trì", "thực hiện", "Quốc hội", "thành phố",
)  # fmt: skip
_PHRASE_WORDS = {fold(p).split()[0]: [] for p in OCR_PHRASES}
for _phrase in OCR_PHRASES:
    _PHRASE_WORDS[fold(_phrase).split()[0]].append((fold(_phrase).split(), _phrase.split()))
_WORD = re.compile(r"\w+")


def mend_ocr(text: str) -> str:
    """``text`` read by OCR with the misreadings of ``OCR_MISREADINGS`` undone and
    the phrases of ``OCR_PHRASES`` spelt right."""
    for pattern, replacement in OCR_MISREADINGS:
        text = pattern.sub(replacement, text)
    words = list(_WORD.finditer(text))
    mended, end = [], 0
    for i, word in enumerate(words):
        if word.start() < end:
            continue
        for folded, spelt in _PHRASE_WORDS.get(fold(word.group()), ()):
            run = words[i : i + len(folded)]
            gaps = (text[a.end() : b.start()] for a, b in zip(run, run[1:], strict=False))
            if (
                len(run) == len(folded)
                and all(gap == " " for gap in gaps)
                and [fold(w.group()) for w in run] == folded
            ):
                first = spelt[0]
                if word.group()[0].isupper():
                    first = first[0].upper() + first[1:]
                phrase = " ".join([first, *spelt[1:]])
                if all(w.group().isupper() for w in run):  # a heading in capitals
                    phrase = phrase.upper()
                mended.append((word.start(), run[-1].end(), phrase))
                end = run[-1].end()
                break
    for start, stop, phrase in reversed(mended):
        text = text[:start] + phrase + text[stop:]
    return text


_LOWER_ABBREVIATION = re.compile(
    r"(?<![\w&-])("
    + "|".join(
        re.escape(k.lower()) for k in sorted(ABBREVIATIONS, key=len, reverse=True) if len(k) > 2
    )
    + r")(?![\w&])"
)


def agency_key(name: str) -> str:
    """The form two names of one agency share, for matching them against each other:
    NFC, modern tone marks, abbreviations written out (also typed in lower case),
    lower case, "&" read as "và", no punctuation, no plural "các"."""
    text = expand_abbreviations(modern_tones(unicodedata.normalize("NFC", name)))
    text = modern_tones(text.lower())
    text = _LOWER_ABBREVIATION.sub(lambda m: _LOWER_FULL[m.group(1)], text).lower()
    text = text.replace("&", " và ")
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"\bcác\b", " ", text)
    return " ".join(text.split())


_LOWER_FULL = {k.lower(): v for k, v in ABBREVIATIONS.items()}


# -- website page furniture ---------------------------------------------------

# Lines a legal-document website prints around the document it shows (folded,
# whole lines): its tabs and links after the text. Two of them close together
# end the document.
SITE_TRAILER = re.compile(
    r"(?:luu tru|ghi chu|van ban (?:lien quan|goc|tieng anh|duoc huong dan|bi thay the)"
    r"|tai ve(?: van ban)?|tai van ban|chia se(?:\W.*)?|in(?: trang| van ban)?"
    r"|luoc do|thuoc tinh|lich su|tin (?:lien quan|khac)|bai viet lien quan)"
)


def is_site_trailer(line: str) -> bool:
    """Whether a whole line is a website's furniture ("Tải về", "Văn bản liên quan")."""
    text = fold(clean(line)).strip(" :")
    return len(text) <= 40 and SITE_TRAILER.fullmatch(text) is not None
