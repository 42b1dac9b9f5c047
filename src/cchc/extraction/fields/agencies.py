"""Agency cells → lists of full agency names (SCHEMA.md "lead"/"coop").

A cell such as ``Sở, ban, ngành; UBND cấp huyện, cấp xã`` becomes
``["Sở, ban, ngành", "Ủy ban nhân dân cấp huyện", "Ủy ban nhân dân cấp xã"]``:

1. abbreviations are written out and misspelt head nouns fixed;
2. the cell is cut at ``;``, line breaks, a ``và`` or a head noun that starts a
   new agency (``Sở Nội vụ Văn phòng UBND tỉnh`` lacks its comma);
3. each part is cut at commas, except where the comma lists the kinds of a
   named group (``Sở, ban, ngành``, ``UBND quận, huyện``); a list sharing a
   head noun (``Các Sở: Công Thương, Tài chính``, ``UBND cấp huyện, cấp xã``,
   ``UBND quận Ninh Kiều, Bình Thủy``) gives one agency per item.
"""

from __future__ import annotations

import re

from cchc.extraction.fields.text import clean, fold
from cchc.extraction.vocabulary import (
    NAME_WITH_COMMA,
    correct_names,
    expand_abbreviations,
    modern_tones,
)

# Provincial departments (sở) by their words without "và", punctuation and tone
# marks, so "Tài nguyên Môi trường" and "Lao động, Thương binh và Xã hội" read
# as their official names.
DEPARTMENTS = (
    "Nội vụ",
    "Tư pháp",
    "Kế hoạch và Đầu tư",
    "Tài chính",
    "Công Thương",
    "Xây dựng",
    "Giao thông vận tải",
    "Tài nguyên và Môi trường",
    "Thông tin và Truyền thông",
    "Lao động - Thương binh và Xã hội",
    "Văn hóa, Thể thao và Du lịch",
    "Văn hóa và Thể thao",
    "Du lịch",
    "Khoa học và Công nghệ",
    "Giáo dục và Đào tạo",
    "Y tế",
    "Nông nghiệp và Phát triển nông thôn",
    "Nông nghiệp và Môi trường",
    "Dân tộc và Tôn giáo",
    "Ngoại vụ",
)


def _key(name: str) -> str:
    return " ".join(w for w in re.findall(r"\w+", fold(name)) if w != "va")


_DEPARTMENT_BY_KEY = {_key(name): name for name in DEPARTMENTS}
# Stand for "," and " và " inside a protected name while the cell is split.
_COMMA_MARK, _AND_MARK = "\u2063", " \u2064 "

# Misspelt "Sở" before a department name ("Số Nội vụ").
_SO_TYPO = re.compile(
    r"\bS[ốồổỗộoóòỏõọôơớờởỡợ](?=\s+(?:" + "|".join(re.escape(d) for d in DEPARTMENTS) + r"))"
)
# "(chủ trì)", "chủ trì hướng dẫn, thẩm định", "phối hợp nội dung có liên quan":
# the cell's column already says the role.
_ROLE = re.compile(r"\s*\((?:chủ trì|phối hợp)[^)]*\)|\s+(?:chủ trì|phối hợp)\b[^;\n]*", re.I)

# Nouns that start an agency; a "và" or a missing comma before them starts a new one.
_HEADS = (
    r"Ủy ban nhân dân|Hội đồng nhân dân|Văn phòng|Sở|Ban|Bộ|Cục|Chi cục|Công an|Thanh tra"
    r"|Trung tâm|Đài|Bưu điện|Kho bạc|Ngân hàng|Bảo hiểm|Viện|Trường|Liên đoàn|Công đoàn"
    # "Hội" (association) but not the place "Hội An"
    r"|Hội(?-i:(?=,|\s+[a-zđà-ỹ]|\s+Hiệp))"
    r"|Tỉnh đoàn|Thành đoàn|Đoàn|Mặt trận|Cổng|Các|Cơ quan|Đơn vị|Phòng(?= [A-ZĐ])"
)
_HEAD = re.compile(rf"(?:{_HEADS})\b", re.I)
_AND_NEW = re.compile(rf"\s+và\s+(?=(?:{_HEADS})\b|các\b|cấp\b)", re.I)
# A head noun glued to the previous name ("Sở Nội vụ Văn phòng UBND tỉnh"), unless
# the previous word makes it part of that name ("thuộc UBND", "Văn phòng UBND").
_GLUED = re.compile(
    r"(?<=\w)(?<!thuộc)(?<!của)(?<!phòng)(?<!tịch)(?<!trực)(?<!đốc)(?<!Chánh)(?<!ngang)"
    r"(?<!với)(?<!tại)(?<!và)(?<!cho)(?<!đạo)\s+(?=(?:Ủy ban nhân dân|Văn phòng)\b)"
)
_SEPARATORS = re.compile(r"\s*[;\n]\s*")
_BULLET = re.compile(r"^\s*[-+•*]\s*")

# "Các Sở: Công Thương, Tài chính" / "Sở: Tài chính, Nội vụ": the head noun, then the first item.
_SHARED_HEAD = re.compile(r"^(?:các\s+)?(sở|ban|cơ quan)\s*:\s*(.*)$", re.I)

# Words that continue a named group after a comma ("Sở, ban, ngành"), by the
# kind of group the item so far names.
_GROUP_AFTER_SO = re.compile(r"^(?:ban|ngành|ban ngành|cơ quan ngang sở|địa phương)\b", re.I)
_UNITS = r"quận|huyện|thị xã|thành phố|phường|xã|thị trấn|đặc khu|tỉnh"
_GROUP_AFTER_UNIT = re.compile(
    rf"^(?:{_UNITS})(?:\s+(?:có liên quan|liên quan|trên địa bàn(?:\s+\w+)*))?$", re.I
)
# "Các trường: Đại học, Cao đẳng": kinds of school make one group.
_IS_SCHOOL_GROUP = re.compile(r"^(?:các\s+)?trường\b", re.I)
_GROUP_AFTER_SCHOOL = re.compile(
    r"^(?:đại học|cao đẳng|trung cấp|trung học|tiểu học|mầm non)\b", re.I
)
_GROUP_AFTER_BODY = re.compile(r"^(?:đơn vị|địa phương|tổ chức|đài|hiệp hội)\b", re.I)
_IS_SO_GROUP = re.compile(r"^(?:các\s+)?sở(?:$|,|\s+(?:ban|ngành))", re.I)
_IS_UNIT_GROUP = re.compile(rf"(?:^|\s)(?:các\s+)?(?:{_UNITS})$", re.I)
_IS_BODY_GROUP = re.compile(r"^(?:các\s+)?(?:cơ quan|đơn vị|tổ chức|hội)\b", re.I)
# "Các cơ quan báo chí, phát thanh, truyền hình khác": a group's kinds go on in lower case.
_IS_GROUP = re.compile(r"^các\s+(?:cơ quan|bộ|đơn vị|tổ chức|doanh nghiệp)\b", re.I)
# "Ủy ban nhân dân các xã: Gia Thuận, Tân Điền" / "UBND 04 xã: …": one agency per named unit.
_SHARED_UNIT = re.compile(rf"^(.*?\S)\s+(?:các|\d+)\s+({_UNITS})\s*:\s*(.*)$", re.I)
# "UBND cấp huyện, cấp xã": each level is an agency of the shared head.
_LEVEL = re.compile(r"^cấp\s+\w+", re.I)
_LEVEL_HEAD = re.compile(r"^(.*?)\s*cấp\s+\w+$", re.I)
# "UBND quận Ninh Kiều, Bình Thủy": a proper name after a named unit shares its head.
_NAMED_UNIT = re.compile(rf"^(.*?\b(?:{_UNITS}))\s+[A-ZĐ]")
_UNIT_WITH_NAME = re.compile(rf"^(?:{_UNITS})\s+[A-ZĐ]")
_PROPER = re.compile(r"^[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]")
_NAMED_SO = re.compile(r"^(?:các\s+)?sở\s+(.+)$", re.I)
_TRIM = " .,;:…-"


def _expand(text: str) -> str:
    text = expand_abbreviations(modern_tones(text))
    text = correct_names(_SO_TYPO.sub("Sở", text))
    return NAME_WITH_COMMA.sub(_protect, text)


def _protect(m: re.Match) -> str:
    return m.group(0).replace(",", _COMMA_MARK).replace(" và ", _AND_MARK)


def _unprotect(text: str) -> str:
    return text.replace(_COMMA_MARK, ",").replace(_AND_MARK, " và ")


def _department(words: str) -> str | None:
    """The official name of a department given by its words ("Tài nguyên Môi trường")."""
    return _DEPARTMENT_BY_KEY.get(_key(_unprotect(words.strip(_TRIM))))


def _split_commas(part: str) -> list[str]:
    items: list[str] = []
    shared = ""  # the head noun of a "Sở: A, B" list, once one has started
    for piece in (p.strip(_TRIM) for p in part.split(",")):
        if not piece:
            continue
        prev = items[-1] if items else ""
        if head := _SHARED_HEAD.match(piece):
            shared = "Sở" if head.group(1).lower() == "sở" else head.group(1).capitalize()
            piece = head.group(2).strip(_TRIM)
            if piece:
                items.append(f"{shared} {piece}")
        elif unit := _SHARED_UNIT.match(piece):
            shared = f"{unit.group(1)} {unit.group(2)}"
            if unit.group(3).strip(_TRIM):
                items.append(f"{shared} {unit.group(3).strip(_TRIM)}")
        elif shared and not _is_head(piece):
            items.append(f"{shared} {piece}")
        elif prev and (
            (_IS_SO_GROUP.match(prev) and _GROUP_AFTER_SO.match(piece))
            or (_IS_UNIT_GROUP.search(prev) and _GROUP_AFTER_UNIT.match(piece))
            or (_IS_BODY_GROUP.match(prev) and _GROUP_AFTER_BODY.match(piece))
            or (_IS_SCHOOL_GROUP.match(prev) and _GROUP_AFTER_SCHOOL.match(piece))
            or (_IS_GROUP.match(prev) and piece[:1].islower() and not _is_head(piece))
        ):
            items[-1] = f"{prev}, {piece}"
        elif prev and _LEVEL.match(piece) and (level := _LEVEL_HEAD.match(prev)):
            items.append(f"{level.group(1)} {piece}")
        elif prev.lower().startswith("ủy ban nhân dân") and _UNIT_WITH_NAME.match(piece):
            items.append(f"Ủy ban nhân dân {piece}")
        elif _PROPER.match(piece) and not _is_head(piece) and (unit := _NAMED_UNIT.match(prev)):
            items.append(f"{unit.group(1)} {piece}")
        elif _NAMED_SO.match(prev) and _department(piece):
            items.append(f"Sở {piece}")
        else:
            items.append(piece)
    return items


def _is_head(text: str) -> bool:
    return bool(_HEAD.match(text))


def _finish(item: str) -> str:
    """Official department names, the first letter upper-case, commas restored."""
    named = _NAMED_SO.match(item)
    if named and (official := _department(named.group(1))):
        item = item[: named.start(1)] + official
    item = _unprotect(item).strip(_TRIM)
    return item[:1].upper() + item[1:]


def parse_agencies(text: str | None) -> list[str]:
    """One agency cell → one full name per agency or named group, in the order printed."""
    if not text:
        return []
    # clean() each line but keep the line breaks: they separate agencies.
    text = _expand("\n".join(clean(line) for line in text.splitlines()))
    text = _ROLE.sub("", text)
    text = _AND_NEW.sub(", ", text)
    text = _GLUED.sub("; ", text)
    out: list[str] = []
    for part in _SEPARATORS.split(text):
        part = _BULLET.sub("", part).strip(_TRIM)
        out.extend(_finish(x) for x in _split_commas(part))
    return [x for x in out if x]


_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)")
_FOOTNOTE = re.compile(r"\s*\[\d{1,3}\]")
_COOPERATES = re.compile(r"^(.*?)\s+phối hợp\b", re.I)


def split_drafting_cell(text: str) -> tuple[str, str]:
    """A drafting body's cell → (its main agency, the agencies it names as cooperating).

    "Ban Công tác đại biểu (Viện Nghiên cứu lập pháp phối hợp chuẩn bị dự thảo)"
    → ("Ban Công tác đại biểu", "Viện Nghiên cứu lập pháp"); other remarks in
    brackets and footnote marks ("[3]") are not agencies.
    """
    coop: list[str] = []
    for m in _PARENTHESIS.finditer(text):
        if found := _COOPERATES.match(m.group(1).strip()):
            coop.append(found.group(1))
    main = _FOOTNOTE.sub("", _PARENTHESIS.sub("", text)).strip()
    return main, "; ".join(coop)


# "Sở X chủ trì, phối hợp (với) Sở Y", "Chủ trì: Sở X; phối hợp: Sở Y", "Sở X (chủ trì); Sở Y".
_LEAD_THEN_COOP = re.compile(
    r"^(?:chủ trì\s*:\s*)?(?P<lead>.+?)\s*\(?chủ trì\)?\s*[,;.]?\s*"
    r"(?:phối hợp(?: với)?\s*:?\s*)?(?P<coop>.*?)\s*(?:\(?phối hợp\)?)?\.?$",
    re.I | re.S,
)
_LEAD_LABEL = re.compile(r"^chủ trì\s*:\s*", re.I)
_LABELLED_COOP = re.compile(
    r"^(?P<lead>.+?)\s*[,;.]\s*phối hợp(?: với)?\s*:?\s*(?P<coop>.+)$", re.I | re.S
)


def split_lead_coop_cell(text: str) -> tuple[str, str]:
    """One cell naming both agencies → (lead, cooperating).

    "Sở X chủ trì, phối hợp Sở Y" → ("Sở X", "Sở Y"); a cell that does not say
    who leads names the lead only.
    """
    text = text.strip()
    unlabelled = _LEAD_LABEL.sub("", text)
    if unlabelled == text and re.search(r"chủ trì", text, re.I):
        m = _LEAD_THEN_COOP.match(text)
    else:
        m = _LABELLED_COOP.match(unlabelled)
        text = unlabelled
    if m is None:
        return text, ""
    return m.group("lead").strip(" ,;:"), m.group("coop").strip(" ,;:")
