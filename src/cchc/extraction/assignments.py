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

from cchc.extraction.fields.text import clean, fold
from cchc.extraction.layout import Paragraph, Row, Table
from cchc.extraction.model import Task
from cchc.extraction.rows import PlanYears, is_section_heading, label_kind, tasks_from_table

# Field labels, tone marks folded, mapped to the column role they fill.
_FIELDS = (
    ("coop", r"(?:co quan|don vi)?\s*phoi hop(?: thuc hien)?"),
    (
        "lead",
        r"(?:co quan|don vi)?\s*(?:chu tri|thuc hien|tham muu|(?:chiu )?trach nhiem)"
        r"(?: thuc hien| tham muu| chinh)?",
    ),
    (
        "deadline",
        r"thoi (?:gian|han|diem)(?: thuc hien| hoan thanh| trien khai)?|tien do|lo trinh",
    ),
    ("product", r"san pham(?: dau ra)?|ket qua(?: dau ra)?"),
)
_LABEL = re.compile(r"(" + "|".join(p for _, p in _FIELDS) + r")\s*:")
# A label counts at the start of a line or after one of these (never mid-sentence).
_LABEL_OPENERS = "(;.,-–•+*"
# A list item: a label ("II.", "1.2", "a)") or a bullet, then its text.
_ITEM = re.compile(
    r"^\s*(?:#+\s*)?(?:((?:[IVXL]{1,6}|\d{1,3}(?:\.\d{1,3})*|[a-zđ])[.)])|([-–+•]))\s+(\S.*)$"
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
    collector = _Collector()
    for paragraph in paragraphs:
        collector.feed(paragraph)
    collector.flush()
    if len(collector.rows) < 2:
        return []
    return tasks_from_table(Table(collector.rows), (0, _ROLES), years, taken=set())


class _Collector:
    """Paragraphs → rows of the virtual table.

    A paragraph followed by field lines is a task row. A labelled paragraph without
    field lines is a section row when it names a reform area or a year; otherwise it
    waits as a *candidate* heading and becomes a row only when a task with another
    kind of label follows it (a heading task with sub-items, which SCHEMA.md counts
    as a task); a candidate followed by its siblings was prose and is dropped.
    """

    def __init__(self):
        self.rows: list[Row] = [
            Row(["TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian", "Sản phẩm"])
        ]
        self.pending: list[tuple[str, Paragraph]] = []  # text lines since the last task
        self.current: Row | None = None  # the task row field lines go to
        self.candidates: list[tuple[str, Row]] = []  # (label kind, row) of field-less headings
        self.closed = False  # a blank line ended the pending paragraph

    def feed(self, paragraph: Paragraph) -> None:
        text = clean(paragraph.text)
        if not text:
            self.closed = bool(self.pending)
            return
        before, fields = _fields(text)
        if self.closed and not fields:
            self.flush()
        self.closed = False
        if not fields:
            if self.current is not None or _ITEM.match(text):
                self.flush()
            self.pending.append((text, paragraph))
            return
        if before:  # fields written after the task's own text, on its line
            if self.current is not None or _ITEM.match(before):
                self.flush()
            self.pending.append((before, paragraph))
        if self.pending:
            self._start_task()
        if self.current is None:
            return
        for role, value in fields:
            index = _ROLES[role]
            if role in ("product", "deadline") and self.current.cells[index]:
                # A second "Sản phẩm:"/"Thời gian:" line: the task's next deliverable,
                # a row without label and content as in a table.
                self.current = Row(["", "", "", "", "", ""], self.current.source)
                self.rows.append(self.current)
            self.current.cells[index] = (self.current.cells[index] + " " + value).strip()

    def flush(self) -> None:
        """The pending paragraph ended without field lines: a section, a candidate or prose."""
        self.current = None
        if not self.pending:
            return
        row = _row(self.pending)
        self.pending = []
        kind = label_kind(row.cells[0])
        if kind is None:
            return  # unlabelled prose
        if kind in ("roman", "arabic") and is_section_heading(row.cells[1]):
            self.rows.append(row)
            self.candidates = []
            return
        siblings = next((i for i, (k, _) in enumerate(self.candidates) if k == kind), None)
        if siblings is not None:
            del self.candidates[siblings:]
        self.candidates.append((kind, row))

    def _start_task(self) -> None:
        row = _row(self.pending)
        self.pending = []
        kind = label_kind(row.cells[0])
        cut = next((i for i, (k, _) in enumerate(self.candidates) if k == kind), None)
        self.rows.extend(r for _, r in self.candidates[:cut])
        self.candidates = []
        self.rows.append(row)
        self.current = row


def _row(pending: list[tuple[str, Paragraph]]) -> Row:
    text = " ".join(t for t, _ in pending)
    m = _ITEM.match(text)
    label, content = (m.group(1) or m.group(2), m.group(3)) if m else ("", text)
    return Row([label, content, "", "", "", ""], pending[0][1].source)
