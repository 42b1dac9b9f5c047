"""Rows of a task table → tasks, following the plan's own numbering.

A table mixes several kinds of rows, told apart here:

* section rows — an outermost label and an area ("II. Cải cách thể chế") or
  a year ("I NĂM 2016") with no agency or deadline: they set the area, the
  year and the prefix of the refs below, and are not tasks;
* task rows — a label ("1.", "a)", "1.2", "-") or an unnumbered sub-row;
  unnumbered rows under a task become ``<parent>.-1``, ``<parent>.-2``;
* a second product/deadline line — no label, no content: one more
  deliverable of the task above;
* the rest of a row cut by a page break — the first row after a repeated
  header, with no label: its cells are appended to the row above;
* an introduction ("Ban hành các Kế hoạch của năm 2020:") joined to the next row.

Fields are parsed once a task's raw cells are complete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.extraction.fields.agencies import (
    parse_agencies,
    split_drafting_cell,
    split_lead_coop_cell,
)
from cchc.extraction.fields.areas import classify_area
from cchc.extraction.fields.deadlines import parse_deadline, split_deadlines
from cchc.extraction.fields.text import clean, clean_lines, strip_markup
from cchc.extraction.layout import Row, Table
from cchc.extraction.model import Deliverable, Task
from cchc.extraction.vocabulary import ROMAN, role_of

_ROMAN = re.compile(r"^(" + ROMAN + r")\.?$")
_DOTTED = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)\.?$")
_ARABIC = re.compile(r"^(\d{1,3})[.)]?$")
_LETTER = re.compile(r"^([a-zđ])[.)]$")
# A capital letter grouping Roman sections ("A", "B."), never one of the Roman digits.
_GROUP_LETTER = re.compile(r"^([A-HJKMNOPQRSTUWYZ])[.)]?$")
_BULLET = re.compile(r"^[-–+•*]$")
# A label at the start of a merged cell: "VII Hiện đại hóa", "- Ít nhất 10 UBND".
_LEADING_LABEL = re.compile(
    r"^\s*(?:(" + ROMAN + r"\.?|\d{1,3}(?:\.\d{1,3})*[.)]?|[a-zđ][.)])\s+|([-–+•])\s*)(?=\S)"
)
_PRINTED_LABEL = re.compile(r"^\s*(" + ROMAN + r"\.|\d{1,3}(?:\.\d{1,3})*[.)]|[a-zđ]\))\s+(?=\S)")
_COLUMN_NUMBER = re.compile(r"\(?\d{1,2}\)?")  # the "1 2 3 4" row under a header
_YEAR_HEADING = re.compile(r"^(?:năm|giai đoạn|lộ trình)\s+(\d{4})\b", re.I)


@dataclass
class PlanYears:
    first: int | None
    last: int | None


@dataclass
class _Label:
    kind: str  # group | roman | arabic | dotted | letter | sub | sub2
    text: str  # as it goes into the ref: "II", "1", "1.2", "a", ""


@dataclass
class _RawTask:
    ref: str
    label: _Label
    parent: _RawTask | None
    area: str | None
    year: int | None
    content: str
    lead: str
    coop: str
    deliverables: list[tuple[str, str]]  # (product cell, deadline cell)
    row: Row
    sub_count: int = 0
    continued: bool = False
    extra_lead: list[str] = field(default_factory=list)
    extra_coop: list[str] = field(default_factory=list)
    read_doubts: list[str] = field(default_factory=list)  # the reader's, from all its rows
    split_lead: str | None = None  # the agencies cell as printed, where it is split into lead/coop


def _cell(row: Row, roles: dict[str, int], role: str) -> str:
    """The text of a role's cell; line breaks kept (agency and deadline cells use them)."""
    index = roles.get(role)
    if index is None or index >= len(row.cells):
        return ""
    return clean_lines(row.cells[index])


def _with_start(start: str, deadline: str) -> str:
    """One deadline phrase from separate start and finish columns ("Tháng 3/2025 - Tháng 11/2025")."""
    if start and deadline and "\n" not in start + deadline:
        return f"{start} - {deadline}"
    return deadline or start


def _parse_label(text: str) -> _Label | None:
    text = clean(strip_markup(text))
    if not text:
        return None
    if m := _ROMAN.match(text):
        return _Label("roman", m.group(1))
    if m := _DOTTED.match(text):
        return _Label("dotted", m.group(1))
    if m := _ARABIC.match(text):
        return _Label("arabic", m.group(1))
    if m := _LETTER.match(text):
        return _Label("letter", m.group(1))
    if m := _GROUP_LETTER.match(text):
        return _Label("group", m.group(1))
    if _BULLET.match(text):
        return _Label("sub2" if text in "+•*" else "sub", "")
    return None


def label_kind(text: str) -> str | None:
    """The kind of a printed label: roman, arabic, dotted, letter, sub ("-") or sub2 ("+")."""
    label = _parse_label(text)
    return label.kind if label else None


def is_section_heading(text: str) -> bool:
    """Whether a heading's text names a reform area or a year ("NĂM 2016")."""
    return bool(_YEAR_HEADING.match(clean(text))) or classify_area(text) is not None


def _printed_label(text: str) -> tuple[_Label | None, str]:
    """The numbering printed inside a content cell when the STT cell is empty.

    Only a marked number counts ("1.", "2)", "a)", "II."): a bare "10 UBND" is text.
    """
    m = _PRINTED_LABEL.match(text)
    label = _parse_label(m.group(1)) if m else None
    if m is None or label is None or label.kind in ("sub", "sub2"):
        return None, text
    return label, text[m.end() :]


def _split_leading_label(text: str) -> tuple[_Label | None, str]:
    """A label printed at the start of a content cell: ("- Ít nhất 10 UBND" → "-", rest)."""
    m = _LEADING_LABEL.match(text)
    if not m:
        return None, text
    label = _parse_label(m.group(1) or m.group(2))
    return (label, text[m.end() :]) if label else (None, text)


class _Walker:
    def __init__(self, roles: dict[str, int], years: PlanYears, taken: set[str]):
        self.roles = roles
        self.years = years
        self.taken = taken  # shared with the caller: refs of earlier tables count too
        self.tasks: list[_RawTask] = []
        self.stack: list[_RawTask | str] = []  # open tasks, or a section's kind marker
        self.top_kind: str | None = None
        self.prefix: str | None = None
        self.area: str | None = None
        self.year: int | None = years.first
        self.by_label: dict[str, _RawTask] = {}
        self.intro = ""
        self.group: str | None = None  # an open letter group ("A") above the sections
        self.top_subs: dict[str, int] = {}  # unnumbered rows of the open section, by kind

    # -- row kinds -------------------------------------------------------
    def feed(self, row: Row) -> None:
        content = _cell(row, self.roles, "content")
        ref_cell = _cell(row, self.roles, "ref") if "ref" in self.roles else ""
        label = _parse_label(ref_cell)
        if ref_cell and label is None and not content:
            # A label and its text merged into the first cell ("VII Hiện đại hóa hành chính").
            label, content = _split_leading_label(ref_cell)
            if label is None:
                if self._misplaced_deliverable(row, ref_cell):
                    self.tasks[-1].read_doubts.extend(row.doubts)
                    return
                content = ref_cell
        if label is None and not ref_cell:
            label, content = _printed_label(content)
        dashed = ""  # the content with the dash it opens with, when that dash made the label
        if label is None or label.kind in ("sub", "sub2"):
            leading, rest = _split_leading_label(content)
            if leading is not None and leading.kind in ("sub", "sub2"):
                dashed = content if label is None and not ref_cell else ""
                label, content = leading, rest
        lead = _cell(row, self.roles, "lead")
        coop = _cell(row, self.roles, "coop")
        printed_lead = lead
        lead, coop = self._split_agencies(lead, coop)
        product = _cell(row, self.roles, "product")
        deadline = _with_start(_cell(row, self.roles, "start"), _cell(row, self.roles, "deadline"))
        own_cells = any((lead, coop, product, deadline))

        cut_text = content or next((c for c in (product, lead, coop, deadline) if c), "")
        # a dashed item without a number after the break, another cell of it going on
        # mid-sentence: the list inside the cut row's content cell goes on
        if (
            row.after_break
            and dashed
            and self.tasks
            and self.tasks[-1].label.text
            and any(_continues_text("", c) for c in (printed_lead, coop, product, deadline))
        ):
            label, content = None, dashed
        if (
            row.after_break
            and label is None
            and self.tasks
            and (_continues_text(content, cut_text) or (own_cells and not deadline))
            and not self._fresh_unnumbered_row(content, printed_lead, coop, product, deadline)
        ):
            self._continue_last(content, lead, coop, product, deadline, printed_lead)
            self.tasks[-1].read_doubts.extend(row.doubts)
            return
        if not content and label is None:
            if own_cells and self.tasks:
                self._extra_deliverable(lead, coop, product, deadline)
                self.tasks[-1].read_doubts.extend(row.doubts)
            return
        if label is None and not own_cells and content.endswith(":"):
            self.intro = (self.intro + " " + content).strip()
            return
        if label is not None and label.kind == "group" and not own_cells:
            self.group = label.text
            self.prefix, self.area, self.year = label.text, None, self.years.first
            self.stack = ["group"]
            self.by_label = {}
            self.top_subs = {}
            return
        is_heading = label is not None and label.kind in ("roman", "arabic") and not own_cells
        if is_heading and self._section(label, content):
            return
        self._task(row, label, content, lead, coop, product, deadline)

    def _fresh_unnumbered_row(
        self, content: str, lead: str, coop: str, product: str, deadline: str
    ) -> bool:
        """Whether a row after a page break of a table whose rows carry no number
        is a row of its own rather than the rest of the one cut there: its text,
        its lead and its deadline are there and every cell opens afresh (a capital,
        a digit, a dash). The rest of a cut row goes on mid-sentence and leaves
        empty the cells that ended above the break. Where rows are numbered, a row
        without a number goes on the one above."""
        if self.tasks[-1].label.text or not content:
            return False
        if any(role in self.roles and not text for role, text in
               (("lead", lead), ("deadline", deadline))):  # fmt: skip
            return False
        cells = [c.lstrip() for c in (content, lead, coop, product, deadline) if c.strip()]
        return all(c[0].isupper() or c[0].isdigit() or c[0] in "-–+•" for c in cells)

    def _section(self, label: _Label, content: str) -> bool:
        if self.top_kind is None:
            self.top_kind = label.kind
        if label.kind != self.top_kind and label.kind != "roman":
            return False
        year = _YEAR_HEADING.match(content)
        area = classify_area(content)
        # Roman numerals mark the plan's big sections even where the heading names no
        # reform area (plans on digital transformation, training, civil defence).
        if not year and area is None and label.kind != "roman":
            return False
        self.prefix = year.group(1) if year else label.text
        if self.group and label.kind == "roman":
            self.prefix = f"{self.group}.{self.prefix}"
        self.year = int(year.group(1)) if year else self.years.first
        self.area = None if year else area
        self.stack = [label.kind]
        self.by_label = {}
        self.top_subs = {}
        return True

    def _misplaced_deliverable(self, row: Row, ref_cell: str) -> bool:
        """A product/deadline pair shifted into the wrong columns (a second deliverable)."""
        if "product" not in self.roles or not self.tasks:
            return False
        texts = [clean(c) for c in row.cells if clean(c)]
        if len(texts) != 2 or texts[0] != ref_cell:
            return False
        deadline = parse_deadline(texts[1], self.year, self.years.last)
        if deadline.kind not in ("date", "recurring"):
            return False
        self.tasks[-1].deliverables.append((texts[0], texts[1]))
        return True

    def _extra_deliverable(self, lead: str, coop: str, product: str, deadline: str) -> None:
        task = self.tasks[-1]
        if product or deadline:
            task.deliverables.append((product, deadline))
        if lead:
            task.extra_lead.append(lead)
        if coop:
            task.extra_coop.append(coop)

    def _split_agencies(self, lead: str, coop: str) -> tuple[str, str]:
        """(lead, coop) of a row whose one agencies cell holds both (a drafting
        body with its cooperating agencies, or "chủ trì … phối hợp …")."""
        if "coop" not in self.roles and self.roles.get("lead") == self.roles.get("draft", -1):
            return split_drafting_cell(lead)
        if "coop" not in self.roles and self.roles.get("lead") == self.roles.get("agencies", -1):
            return split_lead_coop_cell(lead)
        return lead, coop

    def _continue_last(
        self, content: str, lead: str, coop: str, product: str, deadline: str, printed: str = ""
    ) -> None:
        task = self.tasks[-1]
        task.content = _join(task.content, content)
        whole = _join(task.split_lead or _cell(task.row, self.roles, "lead"), printed)
        if self._split_agencies(whole, "") != (whole, ""):
            # the agencies cell was cut by the page break: split the whole of it again
            task.split_lead = whole
            task.lead, task.coop = self._split_agencies(whole, "")
        else:
            task.lead = _join(task.lead, lead)
            task.coop = _join(task.coop, coop)
        last_product, last_deadline = task.deliverables[-1]
        task.deliverables[-1] = (_join(last_product, product), _join(last_deadline, deadline))
        task.continued = True

    def _unplaced(self, row: Row) -> list[str]:
        """Doubts for text in columns whose header named no role: shown, not silently dropped."""
        placed = set(self.roles.values())
        return [
            f"ô ở cột {index + 1} không được đọc / text in unread column {index + 1}: {text[:60]}"
            for index, text in ((i, clean(c)) for i, c in enumerate(row.cells))
            if index not in placed and text and not _COLUMN_NUMBER.fullmatch(text)
        ]

    def _task(self, row, label, content, lead, coop, product, deadline) -> None:
        if self.intro:
            content = self.intro + " " + content
            self.intro = ""
        label = label or _Label("sub", "")
        parent = self._place(label)
        if label.kind in ("sub", "sub2"):
            if parent is None:
                ref_base = self.prefix or ""
                count = self.top_subs.get(label.kind, 0) + 1
                self.top_subs[label.kind] = count
                ref = _dot(ref_base, f"-{count}")
            else:
                parent.sub_count += 1
                ref = f"{parent.ref}.-{parent.sub_count}"
        elif label.kind == "dotted":
            head, _, last = label.text.rpartition(".")
            owner = self.by_label.get(head)
            ref = _dot(owner.ref, last) if owner else _dot(self.prefix, label.text)
        else:
            ref = _dot(parent.ref if parent else self.prefix, label.text)
        ref = self._unique(ref)
        task = _RawTask(
            ref=ref,
            label=label,
            parent=parent,
            area=self.area,
            year=self.year,
            content=content,
            lead=lead,
            coop=coop,
            deliverables=[(product, deadline)],
            row=row,
            read_doubts=[*row.doubts, *self._unplaced(row)],
        )
        self.tasks.append(task)
        self.stack.append(task)
        if label.kind in ("arabic", "dotted", "roman"):
            self.by_label[label.text] = task

    def _place(self, label: _Label) -> _RawTask | None:
        """Close the open rows this label ends and return its parent task."""
        if label.kind == "dotted":
            head = label.text.rpartition(".")[0]
            while self.stack and not (
                isinstance(self.stack[-1], _RawTask)
                and self.stack[-1].label.kind in ("arabic", "dotted")
                and self.stack[-1].label.text == head
            ):
                if isinstance(self.stack[-1], str):
                    break
                self.stack.pop()
            top = self.stack[-1] if self.stack else None
            return top if isinstance(top, _RawTask) else None
        kinds = [_kind(entry) for entry in self.stack]
        if label.kind in kinds:
            # Back to a sibling: close everything down to and including the last one.
            while _kind(self.stack[-1]) != label.kind:
                self.stack.pop()
            self.stack.pop()
        top = self.stack[-1] if self.stack else None
        return top if isinstance(top, _RawTask) else None

    def _unique(self, ref: str) -> str:
        if ref not in self.taken:
            self.taken.add(ref)
            return ref
        n = 2
        while f"{ref}#{n}" in self.taken:
            n += 1
        self.taken.add(f"{ref}#{n}")
        return f"{ref}#{n}"


def _continues_text(content: str, first_cell: str) -> bool:
    """Text cut by a page break: there is content, or the first cell goes on in lower
    case or with a bracket or punctuation ("(bao gồm …").
    (A part with text but no deadline of its own, "8%; tỷ lệ …", "QPPL", is the cut
    row's rest too: a second deliverable prints its deadline.)"""
    first = first_cell.lstrip()[:1]
    return bool(content) or first.islower() or (bool(first) and first in "(,;:.)")


def _kind(entry: _RawTask | str) -> str:
    return entry if isinstance(entry, str) else entry.label.kind


def _dot(prefix: str | None, label: str) -> str:
    return f"{prefix}.{label}" if prefix else label


def _join(a: str, b: str) -> str:
    return f"{a} {b}".strip() if b else a


def tasks_from_table(
    table: Table, roles: tuple[int, dict[str, int]], years: PlanYears, taken: set[str]
) -> list[Task]:
    header_index, columns = roles
    walker = _Walker(columns, years, taken)
    for row in table.rows[header_index + 1 :]:
        if row.is_empty() or _is_numbering(row) or _is_header(row):
            continue
        walker.feed(row)
    return [_finish(raw, years) for raw in walker.tasks]


def _is_header(row: Row) -> bool:
    """A header repeated inside the table, possibly worded or cut differently."""
    texts = [c for c in row.cells if clean(c)]
    return len(texts) >= 3 and all(role_of(c) is not None for c in texts)


def _is_numbering(row: Row) -> bool:
    values = [v for v in map(clean, row.cells) if v]
    return all(_COLUMN_NUMBER.fullmatch(v) for v in values)


def _finish(raw: _RawTask, years: PlanYears) -> Task:
    lead_text, coop_text = raw.lead, raw.coop
    deliverable_cells = list(raw.deliverables)
    parent = raw.parent
    if parent is not None:
        # A sub-row with empty cells inherits them from its parent row; but where
        # both print their own lead, the sub-row's agencies are complete as printed.
        if not coop_text and not (lead_text and parent.lead):
            coop_text = parent.coop
        if not lead_text:
            lead_text = parent.lead
        if not any(d for _, d in deliverable_cells):
            parent_deadline = next((d for _, d in parent.deliverables if d), "")
            deliverable_cells = [(p, parent_deadline) for p, _ in deliverable_cells]
    lead = _merge(parse_agencies(lead_text), *(parse_agencies(x) for x in raw.extra_lead))
    coop = _merge(parse_agencies(coop_text), *(parse_agencies(x) for x in raw.extra_coop))
    deliverables = []
    doubts = []
    for product, deadline_cell in deliverable_cells:
        for item_product, phrase in _pair_products(product, deadline_cell):
            parsed = parse_deadline(phrase, raw.year, years.last)
            if phrase and parsed.kind == "none":
                doubts.append(f"không hiểu thời hạn / deadline not understood: {phrase}")
            deliverables.append(
                Deliverable(_unbullet(item_product) or None, clean(phrase) or None, parsed)
            )
    if (
        not lead
        and (raw.lead or raw.label.kind not in ("sub", "sub2"))
        and any(d.deadline_raw for d in deliverables)
    ):
        doubts.append("không tìm thấy cơ quan chủ trì / no lead agency")
    if raw.continued:
        doubts.append("dòng nối qua trang / row continued after a page break")
    doubts.extend(raw.read_doubts)
    return Task(
        ref=raw.ref,
        parent=raw.parent.ref if raw.parent else None,
        area=raw.area,
        content=clean(raw.content),
        lead=lead,
        coop=coop,
        deliverables=deliverables,
        source=raw.row.source.as_dict(),
        doubts=doubts,
    )


def _unbullet(text: str) -> str:
    """A product cell as printed, without the dash of a one-item list."""
    return re.sub(r"^[-–]\s+", "", clean(text))


def _merge(first: list[str], *others: list[str]) -> list[str]:
    out = list(first)
    for names in others:
        out.extend(n for n in names if n not in out)
    return out


def _pair_products(product: str, deadline_cell: str) -> list[tuple[str, str]]:
    """One (product, deadline phrase) per deadline the cell states."""
    phrases = split_deadlines(deadline_cell) if deadline_cell else [""]
    if len(phrases) <= 1:
        return [(product, phrases[0] if phrases else "")]
    # Bulleted products first ("- Hồ sơ trình UBTVQH …; - Hồ sơ trình Quốc hội …"),
    # whose items may hold ";" of their own, then any separator.
    for pattern in (r"(?:^|\s)[-–]\s+", r"\s*(?:;|\n|(?:^|\s)-\s)\s*"):
        products = [p.strip() for p in re.split(pattern, product) if p.strip()]
        if len(products) == len(phrases):
            return list(zip(products, phrases, strict=True))
    return [(product, phrase) for phrase in phrases]
