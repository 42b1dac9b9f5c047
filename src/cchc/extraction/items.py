"""Plans without a task table: the two other ways a plan assigns work (SCHEMA.md).

* **Labelled items** — an item (numbered, lettered or bulleted) followed by
  labelled parts in any order, inline or on their own lines::

      1.1. Xây dựng …:
      a) Nhiệm vụ: …            (or "- Nội dung: …", bullets below it)
      b) Cơ quan thực hiện:     (a container for the next two, or the lead itself)
         - Đơn vị chủ trì: …
         - Đơn vị phối hợp: …
      c) Thời gian thực hiện: … ("+" lines below it: one deliverable each)

  The item is a task; its content is its heading followed by the "Nội dung" /
  "Nhiệm vụ" text. A numbered item with task items below it and nothing of its
  own is a parent task.
* **Agency headings** — "1. Sở Nội vụ" followed by "-" bullets (one task each)
  or by one paragraph (one task): the heading agency leads, the agencies the
  item names after "phối hợp (với)" cooperate, the deadline comes from the
  item's own words.

The document is read as a tree of items from the labels' kinds: a kind seen
before closes the items down to its sibling, a new kind opens a child. Roman
numerals are the sections whose numeral starts every ref ("II.1.1").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from cchc.extraction.fields.agencies import parse_agencies
from cchc.extraction.fields.areas import classify_area
from cchc.extraction.fields.deadlines import parse_deadline
from cchc.extraction.fields.text import clean, fold
from cchc.extraction.layout import Paragraph, Source
from cchc.extraction.model import Deliverable, Task
from cchc.extraction.rows import _YEAR_HEADING, PlanYears, is_section_heading
from cchc.extraction.vocabulary import (
    ACTION_VERB,
    AGENCY_HEAD,
    DOCUMENT_TITLE,
    ITEM_FIELD,
    ROMAN,
    cut_at_verb,
    item_field_role,
)

_LABEL = re.compile(
    r"^(?:(?P<roman>"
    + ROMAN
    + r")\.|(?P<dotted>\d{1,3}(?:\.\d{1,3}){1,5})\.?|(?P<arabic>\d{1,3})[.)]"
    r"|(?P<letter>[a-zđ])[.)]|(?P<bullet>[-–•+]))\s*(?P<rest>\S.*)?$"
)
# Words of a field label opening the rest of a line, folded ("co quan chu tri: …").
_OPENERS = "(;.,-–•+*"


@dataclass
class _Item:
    kind: str  # roman | numN (N = parts of the number) | letter | dash | plus
    label: str
    heading: str
    source: Source
    parent: _Item | None = None
    children: list[_Item] = field(default_factory=list)
    fields: dict[str, list[str]] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)  # unlabelled paragraphs under it
    ref: str = ""

    def has_fields(self) -> bool:
        return any(self.fields.get(r) for r in ("lead", "coop", "deadline", "product"))


def _split_label(text: str) -> tuple[str | None, str, str]:
    """(kind, label, rest) of an item line; kind None for an unlabelled line."""
    m = _LABEL.match(text)
    if not m or not m.group("rest"):
        return None, "", text
    rest = m.group("rest")
    if m.group("roman"):
        return "roman", m.group("roman"), rest
    if m.group("dotted"):
        label = m.group("dotted")
        return f"num{label.count('.') + 1}", label, rest
    if m.group("arabic"):
        return "num1", m.group("arabic"), rest
    if m.group("letter"):
        return "letter", m.group("letter"), rest
    return ("plus" if m.group("bullet") == "+" else "dash"), "", rest


def split_fields(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text before the first field label and the (role, value) pairs after it.

    A label counts at the start of the text or after punctuation, never inside
    a sentence ("… các nhiệm vụ: …" is no label).
    """
    folded = fold(text)  # one character per character: offsets carry over
    starts: list[tuple[int, int, str]] = []
    for m in ITEM_FIELD.finditer(folded):
        before = folded[: m.start()].rstrip()
        if before and before[-1] not in _OPENERS:
            continue
        starts.append((m.start(), m.end(), item_field_role(m.group(1))))
    if not starts:
        return text, []
    values = []
    for (_, value_start, role), following in zip(starts, [*starts[1:], None], strict=True):
        value_end = following[0] if following else len(text)
        values.append((role, text[value_start:value_end].strip(" ;,)(-–\t")))
    return text[: starts[0][0]].rstrip(" (-–•+*\t"), values


class _Reader:
    def __init__(self):
        self.root = _Item("root", "", "", Source())
        self.stack: list[_Item] = [self.root]
        self.open_field: str | None = None  # the field whose lines follow
        self.field_item: _Item | None = None  # the item that field belongs to

    def feed(self, paragraph: Paragraph) -> None:
        text = clean(paragraph.text)
        if not text:
            return
        kind, label, rest = _split_label(text)
        before, fields = split_fields(rest)
        if fields and not before:
            self._add_fields(fields)
            return
        if self.open_field and kind in (None, "dash", "plus") and not fields:
            self._continue_field(rest)
            return
        if kind is None:
            self._top().body.append(text)
            return
        item = _Item(kind, label, before if fields else rest, paragraph.source)
        self._place(item)
        self.open_field = None
        if fields:
            self._add_fields(fields)

    def _top(self) -> _Item:
        return self.stack[-1]

    def _place(self, item: _Item) -> None:
        kinds = [i.kind for i in self.stack]
        if item.kind in kinds:
            del self.stack[kinds.index(item.kind) :]
        elif item.kind == "roman":
            del self.stack[1:]
        parent = self.stack[-1]
        item.parent = parent
        parent.children.append(item)
        self.stack.append(item)

    def _add_fields(self, fields: list[tuple[str, str]]) -> None:
        item = self._top()
        for role, value in fields:
            if role == "agencies":  # "Cơ quan thực hiện:" — the lead, or a container
                role = "lead"
            item.fields.setdefault(role, [])
            if value:
                item.fields[role].append(value)
            self.open_field = role
        self.field_item = item
        # A value given on the label's line closes it, except content that bullets extend.
        if fields[-1][1] and self.open_field != "content":
            self.open_field = None

    def _continue_field(self, text: str) -> None:
        item = self.field_item or self._top()
        item.fields.setdefault(self.open_field, []).append(text)


def tasks_from_items(paragraphs: Iterable[Paragraph], years: PlanYears) -> list[Task]:
    """Tasks of a plan written as labelled items, else as agency headings; [] for neither."""
    reader = _Reader()
    for paragraph in paragraphs:
        reader.feed(paragraph)
    root = reader.root
    _number(root, "")
    tasks = _labelled_tasks(root, years)
    if tasks:
        return tasks
    return _heading_tasks(root, years)


def _number(item: _Item, ref: str) -> None:
    """Refs as printed, joined from the outermost section; unnumbered items "-k"."""
    unnumbered = 0
    for child in item.children:
        if child.kind in ("dash", "plus"):
            unnumbered += 1
            child.ref = f"{ref}.-{unnumbered}" if ref else f"-{unnumbered}"
        elif child.kind.startswith("num") and "." in child.label:
            base = _numbered_base(item, ref)
            child.ref = f"{base}.{child.label}" if base else child.label
        elif year := _section_year(child):
            child.ref = str(year)  # "I. Năm 2016": the year numbers its tasks
        else:
            child.ref = f"{ref}.{child.label}" if ref else child.label
        _number(child, child.ref)


def _section_year(item: _Item) -> int | None:
    m = _YEAR_HEADING.match(item.heading) if item.kind in ("roman", "num1") else None
    return int(m.group(1)) if m else None


def _numbered_base(item: _Item, ref: str) -> str:
    """The ref a dotted number ("1.1") hangs from: the nearest ancestor that is no number."""
    while item.kind.startswith("num") and item.parent is not None:
        item = item.parent
    return item.ref


def _walk(item: _Item) -> Iterable[_Item]:
    for child in item.children:
        yield child
        yield from _walk(child)


def _is_section(item: _Item) -> bool:
    """Roman numerals, and numbered headings that name a reform area or a year, are
    sections: they group tasks and are not tasks themselves."""
    if item.kind in ("root", "roman"):
        return True
    if not item.kind.startswith("num") or item.has_fields():
        return False
    if not is_section_heading(item.heading):
        return False
    # Under a section that already names the area, a heading is a parent task.
    return not any(a.kind == "roman" and is_section_heading(a.heading) for a in _ancestors(item))


def _labelled_tasks(root: _Item, years: PlanYears) -> list[Task]:
    task_items = {id(i) for i in _walk(root) if i.has_fields() and not _is_section(i)}
    if not task_items:
        return []
    out: list[Task] = []
    for item in _walk(root):
        if _is_section(item):
            continue
        if id(item) not in task_items and not any(id(d) in task_items for d in _walk(item)):
            continue
        parent = item.parent
        parent_ref = None if parent is None or _is_section(parent) else parent.ref
        content = " ".join([item.heading, *item.fields.get("content", [])]).strip()
        lead, coop, deadline = (item.fields.get(r, []) for r in ("lead", "coop", "deadline"))
        if parent_ref is not None:
            # A sub-item with empty parts inherits its parent's (SCHEMA.md); where
            # both print their own lead, the sub-item's agencies are complete.
            own = parent.fields
            if not coop and not (lead and own.get("lead")):
                coop = own.get("coop", [])
            lead = lead or own.get("lead", [])
            deadline = deadline or own.get("deadline", [])
        year = next((y for a in _ancestors(item) if (y := _section_year(a))), years.first)
        out.append(
            _task(
                item,
                content,
                parent_ref,
                lead,
                coop,
                deadline,
                item.fields.get("product", []),
                PlanYears(first=year, last=years.last),
                _area(item),
            )
        )
    return out


def _ancestors(item: _Item) -> Iterable[_Item]:
    parent = item.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _area(item: _Item) -> str | None:
    """The reform area named by the nearest section heading above the item."""
    parent = item.parent
    while parent is not None and parent.kind != "root":
        if _is_section(parent) and (area := classify_area(parent.heading)):
            return area
        parent = parent.parent
    return None


def _task(item, content, parent_ref, leads, coops, deadlines, products, years, area) -> Task:
    lead = [a for value in leads for a in parse_agencies(cut_at_verb(value))]
    coop = [a for value in coops for a in parse_agencies(cut_at_verb(value)) if a not in lead]
    phrases = [_phrase(d) for d in deadlines if _phrase(d)] or [None]
    product_values = [clean(p).rstrip(".") for p in products if clean(p)]
    deliverables = []
    doubts = []
    for k, phrase in enumerate(phrases):
        deadline = parse_deadline(phrase, years.first, years.last)
        if phrase and deadline.kind == "none":
            doubts.append(f"không hiểu thời hạn / deadline not understood: {phrase}")
        if len(product_values) == len(phrases):
            product = product_values[k]
        else:
            product = "; ".join(product_values) or None
        deliverables.append(Deliverable(product, phrase, deadline))
    return Task(
        ref=item.ref,
        parent=parent_ref,
        area=area,
        content=clean(content),
        lead=_unique(lead),
        coop=_unique(coop),
        deliverables=deliverables,
        source=item.source.as_dict(),
        doubts=doubts,
    )


def _phrase(text: str) -> str | None:
    text = clean(text).rstrip(" .;")
    return text or None


def _unique(names: list[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        if name not in out:
            out.append(name)
    return out


# -- agency headings -----------------------------------------------------------

_HEADING_WORDS = 16  # an agency heading is a name, not a sentence


def _agency_heading(item: _Item) -> list[str]:
    """The agencies an item's heading names, or [] when it is not an agency heading."""
    if not item.kind.startswith("num"):
        return []
    heading = _split_heading(item.heading)[0].rstrip(" :.")
    if len(heading.split()) > _HEADING_WORDS or not AGENCY_HEAD.match(heading):
        return []
    if ACTION_VERB.search(heading):
        return []
    return parse_agencies(heading)


def _heading_tasks(root: _Item, years: PlanYears) -> list[Task]:
    out: list[Task] = []
    heads = {id(i): _agency_heading(i) for i in _walk(root)}  # each heading read once
    for item in _walk(root):
        lead = heads[id(item)]
        if not lead:
            continue
        siblings = item.parent.children if item.parent else []
        if sum(1 for s in siblings[:50] if heads[id(s)]) < 2:
            continue
        bullets = [c for c in item.children if c.kind in ("dash", "plus", "letter")]
        inline = _split_heading(item.heading)[1]
        if bullets:
            units = [(c, " ".join([c.heading, *c.body])) for c in bullets]
        elif inline:
            units = _inline_items(item, inline)
        elif item.body:
            units = [(item, " ".join(item.body))]
        else:
            continue
        for unit, text in units:
            coop = [a for a in cooperating(text) if a not in lead]
            phrase = own_deadline(text)
            out.append(_task(unit, text, None, [], [], [phrase] if phrase else [], [], years, None))
            out[-1].lead = list(lead)
            out[-1].coop = coop
    return out


_INLINE_ITEM = re.compile(r"(?:^|\s)([a-zđ])\)\s+")


def _split_heading(heading: str) -> tuple[str, str]:
    """(agency, duties) of "Sở Nội vụ: a) Chủ trì … b) Tham mưu …" — the duties written
    on the heading's own line; a colon inside a name ("các xã: An Phú, Tân Hòa") stays."""
    name, colon, rest = heading.partition(":")
    rest = rest.strip()
    if colon and (_INLINE_ITEM.match(rest) or len(rest.split()) > _HEADING_WORDS):
        return name, rest
    return heading, ""


def _inline_items(item: _Item, text: str) -> list[tuple[_Item, str]]:
    """Lettered duties on one line, one task each; unlettered text is one task."""
    marks = list(_INLINE_ITEM.finditer(text))
    if not marks:
        return [(item, text)]
    units = []
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        piece = text[mark.end() : following.start() if following else len(text)].strip()
        unit = _Item("letter", mark.group(1), piece, item.source, parent=item)
        unit.ref = f"{item.ref}.{mark.group(1)}"
        units.append((unit, piece))
    return units


_COOPERATE = re.compile(r"\bphối hợp(?:\s+với)?\s+", re.I)
_PHRASE_END = re.compile(r"[.;(]|:(?!\s*[A-ZĐ])|\s(?:để|nhằm|trong|theo)\s")


def cooperating(text: str) -> list[str]:
    """The agencies an item names after "phối hợp (với)"."""
    out: list[str] = []
    for m in _COOPERATE.finditer(text):
        rest = text[m.end() :]
        end = _PHRASE_END.search(rest)
        rest = rest[: end.start()] if end else rest
        verb = ACTION_VERB.search(rest)
        rest = rest[: verb.start()] if verb else rest
        rest = rest.strip(" ,")
        if not AGENCY_HEAD.match(rest):
            continue
        for name in parse_agencies(rest):
            if name not in out:
                out.append(name)
    return out


_OWN_DEADLINE = re.compile(
    r"định kỳ\s+(?:hằng|hàng)\s+(?:năm|quý|tháng)|(?:trước|chậm nhất)\s+ngày\s+[\d/]+(?:\s+tháng\s+\d+\s+năm\s+\d{4})?"
    r"|đến\s+(?:hết\s+)?năm\s+\d{4}"
    r"|(?:trong|trước|chậm nhất(?:\s+trong)?)\s+(?:quý\s+[IVX]+|tháng\s+\d{1,2})\s*(?:/|\s+năm\s+)\s*\d{4}",
    re.I,
)


def own_deadline(text: str) -> str | None:
    """A deadline the item's own words state; years inside a document's title are not."""
    for clause in re.split(r"[;.]\s+", text):
        for m in _OWN_DEADLINE.finditer(clause):
            if m.group(0).lower().startswith("đến") and DOCUMENT_TITLE.search(clause[: m.start()]):
                continue
            return m.group(0)
    return None
