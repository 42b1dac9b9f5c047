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
_LABEL = re.compile(r"(" + "|".join(p for _, p in _FIELDS) + r")\s*:")
# A label counts at the start of a line or after one of these (never mid-sentence).
_LABEL_OPENERS = "(;.,-–•+*"
_NUMBERED = re.compile(r"^\s*(?:[IVXL]{1,6}\.|\d{1,3}(?:\.\d{1,3})*[.)]|[a-zđ]\))\s+\S")
_HEADING_LABEL = re.compile(
    r"^\s*(?:#+\s*)?((?:[IVXL]{1,6}|\d{1,3}(?:\.\d{1,3})*|[a-zđ])[.)])\s*(.*)$"
)

_ROLES = {"ref": 0, "content": 1, "lead": 2, "coop": 3, "deadline": 4, "product": 5}


def _fields(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Split a line into the text before its first field label and the labelled values.

    "Đơn vị chủ trì: Sở Tư pháp; Thời gian: Quý II" → ("", [(lead, …), (deadline, …)]);
    "Rà soát … (Chủ trì: Sở Tư pháp)" → ("Rà soát …", [(lead, "Sở Tư pháp")]).
    """
    folded = fold(text)  # same length as text: offsets carry over
    starts: list[tuple[int, int, str]] = []  # (label start, value start, role)
    for m in _LABEL.finditer(folded):
        before = folded[: m.start()].rstrip()
        if before and before[-1] not in _LABEL_OPENERS:
            continue
        role = next(r for r, pattern in _FIELDS if re.fullmatch(pattern, m.group(1).strip()))
        starts.append((m.start(), m.end(), role))
    if not starts:
        return text, []
    values = []
    for (_, value_start, role), following in zip(starts, [*starts[1:], None], strict=True):
        value_end = following[0] if following else len(text)
        values.append((role, text[value_start:value_end].strip(" ;,.)(-–\t")))
    return text[: starts[0][0]].rstrip(" (-–•+*\t"), values


def tasks_from_assignments(paragraphs: Iterable[Paragraph], years: PlanYears) -> list[Task]:
    """Build a virtual task table from labelled paragraphs and walk it like a real one."""
    rows: list[Row] = [Row(["TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian", "Sản phẩm"])]
    pending: list[tuple[str, Paragraph]] = []  # text lines since the last task
    current: Row | None = None
    closed = False  # a blank line ended the pending paragraph
    for paragraph in paragraphs:
        text = clean(paragraph.text)
        if not text:
            closed = bool(pending)
            continue
        if closed and not _fields(text)[1]:
            _close_heading(pending, rows)
            pending = []  # that paragraph had no field lines: prose, not a task
        closed = False
        before, fields = _fields(text)
        if fields:
            if before:  # fields written after the task's own text, on its line
                if current is not None or _NUMBERED.match(before):
                    pending = []
                pending.append((before, paragraph))
                current = None
            if current is None:
                if not pending:
                    continue
                current = _start_row(pending)
                rows.append(current)
                pending = []
            for role, value in fields:
                index = _ROLES[role]
                current.cells[index] = (current.cells[index] + " " + value).strip()
            continue
        if current is not None or _NUMBERED.match(text):
            _close_heading(pending, rows)
            current = None
            pending = []
        pending.append((text, paragraph))
    if len(rows) < 2:
        return []
    return tasks_from_table(Table(rows), (0, _ROLES), years, taken=set())


def _start_row(pending: list[tuple[str, Paragraph]]) -> Row:
    text = " ".join(t for t, _ in pending)
    m = _HEADING_LABEL.match(text)
    label, content = (m.group(1), m.group(2)) if m else ("-", text)
    return Row([label, content, "", "", "", ""], pending[0][1].source)


def _close_heading(pending: list[tuple[str, Paragraph]], rows: list[Row]) -> None:
    """Text that got no field lines is a section row when it names a reform area."""
    if len(pending) != 1:
        return
    text, paragraph = pending[0]
    heading = _area_heading(text)
    if heading is not None:
        rows.append(Row([heading[0], heading[1], "", "", "", ""], paragraph.source))


def _area_heading(text: str) -> tuple[str, str] | None:
    """A short numbered heading naming a reform area ("II. Cải cách thủ tục hành chính")."""
    m = _HEADING_LABEL.match(text)
    if not m or len(text) > 120 or not re.fullmatch(r"(?:[IVXL]{1,6}|\d{1,2})[.)]", m.group(1)):
        return None
    return (m.group(1), m.group(2)) if classify_area(m.group(2)) else None
