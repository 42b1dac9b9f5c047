"""Plans without a task table: task paragraphs followed by labelled field lines.

    1. Rà soát, chuẩn hóa thủ tục hành chính ...
    - Đơn vị chủ trì: Văn phòng UBND tỉnh
    - Đơn vị phối hợp: Các sở, ban, ngành
    - Thời gian thực hiện: Quý II/2021
    - Sản phẩm: Quyết định công bố

A task is the text since the previous task or heading, up to its first field
line. Section headings that name a reform area set the area of what follows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cchc.extraction.fields.areas import classify_area
from cchc.extraction.fields.text import clean, fold
from cchc.extraction.layout import Paragraph, Row, Table
from cchc.extraction.model import Task
from cchc.extraction.rows import PlanYears, tasks_from_table

# Field labels, tone marks folded, mapped to the column role they fill.
_FIELDS = (
    ("coop", r"(?:co quan|don vi)?\s*phoi hop(?: thuc hien)?"),
    (
        "lead",
        r"(?:co quan|don vi)?\s*(?:chu tri|thuc hien|tham muu|chiu trach nhiem)(?: thuc hien| tham muu)?",
    ),
    ("deadline", r"thoi (?:gian|han)(?: thuc hien| hoan thanh| trien khai)?|tien do|lo trinh"),
    ("product", r"san pham(?: dau ra)?|ket qua dau ra"),
)
_FIELD_LINE = re.compile(r"^[\s\-–+•*]*(" + "|".join(p for _, p in _FIELDS) + r")\s*:\s*(.*)$")
_NUMBERED = re.compile(r"^\s*(?:[IVXL]{1,6}\.|\d{1,3}(?:\.\d{1,3})*[.)]|[a-zđ]\))\s+\S")
_HEADING_LABEL = re.compile(
    r"^\s*(?:#+\s*)?((?:[IVXL]{1,6}|\d{1,3}(?:\.\d{1,3})*|[a-zđ])[.)])\s*(.*)$"
)

_ROLES = {"ref": 0, "content": 1, "lead": 2, "coop": 3, "deadline": 4, "product": 5}


def _field(text: str) -> tuple[str, str] | None:
    m = _FIELD_LINE.match(fold(text))
    if not m:
        return None
    folded_label = m.group(1)
    for role, pattern in _FIELDS:
        if re.fullmatch(pattern, folded_label.strip()):
            # Cut the value from the original text at the same offset (folding keeps length).
            return role, text[m.start(2) :].strip()
    return None


def tasks_from_assignments(paragraphs: Iterable[Paragraph], years: PlanYears) -> list[Task]:
    """Build a virtual task table from labelled paragraphs and walk it like a real one."""
    rows: list[Row] = [Row(["TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian", "Sản phẩm"])]
    pending: list[tuple[str, Paragraph]] = []  # text lines since the last task
    current: Row | None = None
    for paragraph in paragraphs:
        text = clean(paragraph.text)
        if not text:
            if current is None and pending and not _NUMBERED.match(pending[-1][0]):
                pending = [] if len(pending) > 3 else pending
            continue
        field = _field(text)
        if field is not None:
            role, value = field
            if current is None:
                if not pending:
                    continue
                current = _start_row(pending)
                rows.append(current)
                pending = []
            index = _ROLES[role]
            current.cells[index] = (current.cells[index] + " " + value).strip()
            continue
        if current is not None or _NUMBERED.match(text):
            current = None
            pending = []
        heading = _area_heading(text)
        if heading is not None:
            rows.append(Row([heading[0], heading[1], "", "", "", ""], paragraph.source))
            pending = []
            continue
        pending.append((text, paragraph))
    if len(rows) < 2:
        return []
    return tasks_from_table(Table(rows), (0, _ROLES), years, taken=set())


def _start_row(pending: list[tuple[str, Paragraph]]) -> Row:
    text = " ".join(t for t, _ in pending)
    m = _HEADING_LABEL.match(text)
    label, content = (m.group(1), m.group(2)) if m else ("-", text)
    return Row([label, content, "", "", "", ""], pending[0][1].source)


def _area_heading(text: str) -> tuple[str, str] | None:
    """A short numbered heading naming a reform area ("II. Cải cách thủ tục hành chính")."""
    m = _HEADING_LABEL.match(text)
    if not m or len(text) > 120 or not re.fullmatch(r"(?:[IVXL]{1,6}|\d{1,2})[.)]", m.group(1)):
        return None
    return (m.group(1), m.group(2)) if classify_area(m.group(2)) else None
