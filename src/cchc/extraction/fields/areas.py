"""Section headings → reform area codes (``cchc.extraction.model.AREAS``).

Every reform plan groups its work under the same areas of the national
programme (Nghị quyết 30c, then Nghị quyết 76/NQ-CP for 2021-2030), each
worded a little differently by each province: "Cải cách thể chế" /
"Hoàn thiện hệ thống thể chế hành chính", "Hiện đại hóa hành chính" /
"Ứng dụng công nghệ thông tin" / "Xây dựng Chính quyền điện tử, chính quyền
số". A heading is folded (lower case, no tone marks) and the area whose
keyword appears *earliest* in it wins, so that "Cải cách thủ tục hành chính
... gắn với chính quyền điện tử" is ``procedures``.
"""

from __future__ import annotations

import re

from cchc.extraction.fields.text import clean, fold

# Folded keywords per area. Phrases rather than single words: "Sở Tài chính"
# (a responsibility heading) is no area, "Cải cách tài chính công" is.
AREA_KEYWORDS: dict[str, tuple[str, ...]] = {
    "direction": (
        "chi dao",
        "lanh dao",
        "dieu hanh",
        "tuyen truyen",
        "kiem tra cai cach",
        "kiem tra cong tac cai cach",
        "cong tac kiem tra",
    ),
    "institutions": ("the che", "van ban quy pham", "xay dung va thi hanh phap luat"),
    "procedures": ("thu tuc hanh chinh", "tthc", "mot cua", "kiem soat thu tuc"),
    "organization": ("bo may", "to chuc hanh chinh", "don vi su nghiep cong lap"),
    "civil_service": (
        "cong vu",
        "can bo",
        "cong chuc",
        "vien chuc",
        "cbccvc",
        "cbcc",
        "doi ngu",
    ),
    "public_finance": (
        "tai chinh cong",
        "co che tai chinh",
        "tu chu tai chinh",
        "quan ly tai chinh",
    ),
    "modernization": (
        "hien dai hoa",
        "chinh quyen dien tu",
        "chinh quyen so",
        "chuyen doi so",
        "cong nghe thong tin",
        "cntt",
        "iso",
        "tru so",
    ),
    "other": ("nhiem vu khac", "cac nhiem vu khac", "noi dung khac"),
}

# Longest heading still read as a heading (a task sentence is longer).
MAX_HEADING = 250

# Section numbering in front of the heading: "III.", "2.", "a)", "Phần II:", "**1.**".
_NUMBERING = re.compile(r"^(?:phan\s+)?(?:[ivx]{1,5}|\d{1,2}|[a-z])\s*[.):/-]?\s+")
_KEYWORD = re.compile(
    r"\b("
    + "|".join(sorted({k for ks in AREA_KEYWORDS.values() for k in ks}, key=len, reverse=True))
    + r")\b"
)
_AREA_OF = {k: area for area, ks in AREA_KEYWORDS.items() for k in ks}


def classify_area(heading: str) -> str | None:
    """The reform area a section heading names, or None when it names none."""
    text = fold(clean(heading)).strip(" *#_")
    if not text or len(text) > MAX_HEADING:
        return None
    text = _NUMBERING.sub("", text, count=1)
    match = _KEYWORD.search(text)
    return _AREA_OF[match.group(1)] if match else None


def is_area_heading(text: str) -> bool:
    """Whether ``text`` reads as the heading of a reform area."""
    return classify_area(text) is not None
