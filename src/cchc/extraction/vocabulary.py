"""The one vocabulary of plan documents, shared by every stage of extraction
and by the application's agency matching.

What a plan's words mean does not depend on the stage that reads them: the
header words of a task table's columns, the labels of labelled items, the
abbreviations of agency names and their 2025 names, old tone-mark spellings,
Roman numerals. Each is written once, here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cchc.extraction.fields.text import clean, fold

# Header words per column role, tone marks folded. Order matters: the first
# role whose words occur in a header cell wins ("Nội dung và kết quả đầu ra" is
# the content, "Cơ quan phối hợp triển khai thực hiện" the cooperating agency).
ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("note", ("ghi chu", "chu thich")),
    ("coop", ("phoi hop",)),
    (
        "lead",
        ("chu tri", "thuc hien chinh", "don vi thuc hien", "co quan thuc hien", "trach nhiem"),
    ),
    ("content", ("noi dung", "nhiem vu", "hoat dong", "cong viec", "ten de an", "giai phap")),
    ("product", ("san pham", "ket qua dau ra", "ket qua")),
    ("deadline", ("thoi gian", "thoi han", "tien do", "lo trinh", "hoan thanh", "moc")),
    ("ref", ("stt", "tt", "so tt", "so thu tu")),
)
_ROLE_PATTERNS = [
    (role, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"))
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
