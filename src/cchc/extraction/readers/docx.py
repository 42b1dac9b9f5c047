"""Word .docx through python-docx, read at the XML level of the body.

Why XML rather than ``document.paragraphs``/``document.tables``: paragraphs
and tables must interleave in body order, merged cells must be told apart
from repeated ones, and Word's automatic numbering is not in the text at all.

- Order: the body's children are walked in order (content controls, w:sdt,
  are looked through).
- Tables: every row has the table's grid width. A horizontal merge
  (gridSpan) puts the text in the first cell and ``''`` in the others; the
  continuation cells of a vertical merge (vMerge) are ``''`` so that a
  sub-row reads as "inherits from the row above". Tables nested in a cell are
  flattened into the cell's text, one line per row.
- Numbering: the label Word draws ("1.", "a)", "II.", "1.2.", "-") is rebuilt
  from numbering.xml and put before the paragraph text, in cells too, because
  task numbers are often automatic.
- Emphasis: heading/title styles, or a paragraph whose runs are all bold.
- Source: ``line`` is the body paragraph's index (1-based); tables and their
  rows carry ``table``/``row`` indexes (1-based, top-level tables only).
- Limits: the zip's parts are checked before python-docx unpacks them, and
  paragraphs, rows, cells and table nesting are counted as they are read
  (``cchc.extraction.limits``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from cchc.extraction import limits
from cchc.extraction.layout import Block, Layout, Paragraph, Row, Source, Table

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_VAL = qn("w:val")
# Wrappers whose children are body content: content controls and custom XML.
_TRANSPARENT = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")}
# Runs that are part of the visible paragraph text (deleted text is w:delText,
# field instructions are w:instrText: neither is read).
_RUNS = (
    "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r | ./w:fldSimple/w:r"
    " | ./w:sdt/w:sdtContent/w:r | ./w:hyperlink/w:ins/w:r"
)
DAMAGED = "tệp Word bị hỏng / damaged Word file"
_MAX_STYLE_DEPTH = 20  # basedOn chains are short; this guards against cycles
_MAX_SPAN = 64  # Word tables have at most 63 columns: a larger span or grid is hostile


def _count(value: str | None, default: int) -> int:
    """A span or skip count, bounded: ``gridSpan="1000000000"`` must not allocate a row."""
    try:
        return min(max(int(value), 0 if default == 0 else 1), _MAX_SPAN)
    except (TypeError, ValueError):
        return default


def _child(element, tag: str):
    return None if element is None else element.find(qn(tag))


def _val(element, tag: str) -> str | None:
    found = _child(element, tag)
    return None if found is None else found.get(_VAL)


def _on(element) -> bool:
    """A w:b-like toggle: present and not switched off."""
    return element is not None and element.get(_VAL, "true") not in {"0", "false", "off"}


def _content(parent) -> Iterator:
    """Children of a body, cell or row, looking through content controls."""
    for child in parent.iterchildren():
        if child.tag in _TRANSPARENT:
            yield from _content(child)
        else:
            yield child


class _Styles:
    def __init__(self, document: docx.document.Document):
        root = document.styles.element
        self._by_id = {s.get(qn("w:styleId")): s for s in root.iterfind(qn("w:style"))}
        default = [
            s
            for s in self._by_id.values()
            if s.get(qn("w:type")) == "paragraph" and _on_attr(s.get(qn("w:default")))
        ]
        self.default_id = default[0].get(qn("w:styleId")) if default else None

    def chain(self, style_id: str | None) -> Iterator:
        """The style and the styles it is based on, nearest first."""
        for _ in range(_MAX_STYLE_DEPTH):
            style = self._by_id.get(style_id)
            if style is None:
                return
            yield style
            style_id = _val(style, "w:basedOn")

    def is_heading(self, style_id: str | None) -> bool:
        for style in self.chain(style_id):
            name = (_val(style, "w:name") or "").lower()
            outline = _val(_child(style, "w:pPr"), "w:outlineLvl")
            if name.startswith(("heading", "title")) or (outline or "9") < "9":
                return True
        return False

    def bold(self, style_id: str | None) -> bool:
        for style in self.chain(style_id):
            b = _child(_child(style, "w:rPr"), "w:b")
            if b is not None:
                return _on(b)
        return False

    def num_pr(self, style_id: str | None):
        for style in self.chain(style_id):
            num_pr = _child(_child(style, "w:pPr"), "w:numPr")
            if num_pr is not None:
                return num_pr
        return None


def _on_attr(value: str | None) -> bool:
    return value is not None and value not in {"0", "false", "off"}


def _roman(n: int) -> str:
    out = []
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _format_number(n: int, fmt: str) -> str:
    if fmt in {"lowerLetter", "upperLetter"}:
        # Word goes a..z, then aa..zz, aaa..: the letter repeated.
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in {"lowerRoman", "upperRoman"}:
        roman = _roman(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)  # decimal and the formats plans do not use


def _bullet(text: str) -> str:
    # Symbol/Wingdings bullets are private-use code points: show a plain bullet.
    return "".join("•" if "\ue000" <= c <= "\uf8ff" else c for c in text)


class _Numbering:
    """Replays Word's list counters in document order to rebuild labels."""

    def __init__(self, document: docx.document.Document, styles: _Styles):
        self._styles = styles
        try:
            root = document.part.part_related_by(RT.NUMBERING).element
        except KeyError:  # no list in the document
            root = None
        self._abstract: dict[str, object] = {}
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}
        if root is not None:
            for abstract in root.iterfind(qn("w:abstractNum")):
                self._abstract[abstract.get(qn("w:abstractNumId"))] = abstract
            for num in root.iterfind(qn("w:num")):
                overrides = {
                    int(o.get(qn("w:ilvl"), 0)): int(_val(o, "w:startOverride"))
                    for o in num.iterfind(qn("w:lvlOverride"))
                    if _val(o, "w:startOverride") is not None
                }
                self._nums[num.get(qn("w:numId"))] = (_val(num, "w:abstractNumId"), overrides)
        # Counters live per abstract list: list instances sharing one continue it.
        self._counters: dict[str, list[int | None]] = {}
        self._seen: set[str] = set()

    def _abstract_of(self, num_id: str):
        abstract_id, _ = self._nums.get(num_id, (None, {}))
        abstract = self._abstract.get(abstract_id)
        # A list defined by a numbering style points to the style's own list.
        link = _val(abstract, "w:numStyleLink")
        if link is not None:
            num_pr = self._styles.num_pr(link)
            linked_id = _val(num_pr, "w:numId")
            abstract_id, _ = self._nums.get(linked_id, (None, {}))
            abstract = self._abstract.get(abstract_id)
        return abstract_id, abstract

    def label(self, p_pr, style_id: str | None) -> str:
        num_pr = _child(p_pr, "w:numPr")
        ilvl = _val(num_pr, "w:ilvl")
        if num_pr is None or _val(num_pr, "w:numId") is None:
            num_pr = self._styles.num_pr(style_id)
            ilvl = ilvl or _val(num_pr, "w:ilvl")
        num_id = _val(num_pr, "w:numId")
        if num_id is None or num_id == "0":
            return ""
        abstract_id, abstract = self._abstract_of(num_id)
        if abstract is None:
            return ""
        levels = {int(lvl.get(qn("w:ilvl"), 0)): lvl for lvl in abstract.iterfind(qn("w:lvl"))}
        if ilvl is None:  # a heading style bound to a level through w:pStyle
            ilvl = next((str(k) for k, v in levels.items() if _val(v, "w:pStyle") == style_id), "0")
        level = int(ilvl) if ilvl.isdigit() else 0
        if level not in levels:
            return ""
        overrides = self._nums[num_id][1]
        starts = {k: int(_val(v, "w:start") or 1) for k, v in levels.items()} | overrides
        counters = self._counters.setdefault(abstract_id, [None] * 10)
        if num_id not in self._seen:
            # A list instance with a start override restarts the shared counters.
            self._seen.add(num_id)
            for k in overrides:
                counters[k] = None
        current = counters[level]
        counters[level] = starts.get(level, 1) if current is None else current + 1
        for deeper in range(level + 1, len(counters)):
            counters[deeper] = None
        return self._render(levels, level, counters, starts)

    @staticmethod
    def _render(levels: dict, level: int, counters: list, starts: dict) -> str:
        lvl = levels[level]
        fmt = _val(lvl, "w:numFmt") or "decimal"
        text = _val(lvl, "w:lvlText") or ""
        if fmt == "bullet":
            return _bullet(text)
        legal = _on(_child(lvl, "w:isLgl"))

        def number(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            value = counters[k] if counters[k] is not None else starts.get(k, 1)
            k_fmt = _val(levels.get(k), "w:numFmt") or "decimal"
            return _format_number(value, "decimal" if legal else k_fmt)

        return re.sub(r"%([1-9])", number, text)


class _Reader:
    def __init__(self, document: docx.document.Document, counter: limits.Counter):
        self.styles = _Styles(document)
        self.numbering = _Numbering(document, self.styles)
        self.counter = counter

    def paragraph(self, p) -> tuple[str, bool]:
        """The paragraph's visible text (numbering label first) and its emphasis."""
        self.counter.block()
        p_pr = _child(p, "w:pPr")
        style_id = _val(p_pr, "w:pStyle") or self.styles.default_id
        style_bold = self.styles.bold(style_id)
        parts: list[str] = []
        all_bold, any_text = True, False
        for run in p.xpath(_RUNS):
            run_text = _run_text(run)
            parts.append(run_text)
            if run_text.strip():
                any_text = True
                b = _child(_child(run, "w:rPr"), "w:b")
                if not (_on(b) if b is not None else style_bold):
                    all_bold = False
        text = "".join(parts)
        label = self.numbering.label(p_pr, style_id)
        if label:
            suffix = _val(p_pr, "w:suff")  # "nothing" joins label and text
            text = label + ("" if suffix == "nothing" else " ") + text
        emphasis = self.styles.is_heading(style_id) or (any_text and all_bold)
        return text, emphasis

    def rows(self, tbl, depth: int = 1) -> list[list[str]]:
        self.counter.depth(depth)
        grid_width = len(tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"))
        rows = []
        for tr in (e for e in _content(tbl) if e.tag == _TR):
            tr_pr = _child(tr, "w:trPr")
            cells = [""] * _count(_val(tr_pr, "w:gridBefore"), 0)
            for tc in (e for e in _content(tr) if e.tag == _TC):
                tc_pr = _child(tc, "w:tcPr")
                span = _count(_val(tc_pr, "w:gridSpan"), 1)
                v_merge = _child(tc_pr, "w:vMerge")
                h_merge = _child(tc_pr, "w:hMerge")  # the pre-2007 horizontal merge
                text = self.cell(tc, depth)  # read even when hidden: it advances list counters
                covered = (v_merge is not None and v_merge.get(_VAL) != "restart") or (
                    h_merge is not None and h_merge.get(_VAL) != "restart"
                )
                cells.append("" if covered else text)
                cells.extend([""] * (span - 1))
                self.counter.add_cells(span)
            self.counter.block()
            rows.append(cells)
        width = max([min(grid_width, _MAX_SPAN)] + [len(r) for r in rows])
        self.counter.add_cells(sum(width - len(r) for r in rows))  # the padding below
        return [r + [""] * (width - len(r)) for r in rows]

    def cell(self, tc, depth: int = 1) -> str:
        lines = []
        for element in _content(tc):
            if element.tag == _P:
                lines.append(self.paragraph(element)[0])
            elif element.tag == _TBL:
                for row in self.rows(element, depth + 1):
                    lines.append(" ".join(c.replace("\n", " ") for c in row if c))
        return "\n".join(lines).strip()

    def blocks(self, body) -> list[Block]:
        blocks: list[Block] = []
        paragraphs = tables = 0
        for element in _content(body):
            if element.tag == _P:
                paragraphs += 1
                text, emphasis = self.paragraph(element)
                # A soft line break (Shift+Enter) makes a visual line of its own.
                for line in text.split("\n"):
                    blocks.append(Paragraph(line, Source(line=paragraphs), emphasis=emphasis))
            elif element.tag == _TBL:
                tables += 1
                rows = [
                    Row(cells, Source(table=tables, row=i))
                    for i, cells in enumerate(self.rows(element), 1)
                ]
                blocks.append(Table(rows, Source(table=tables)))
        return blocks


def _run_text(run) -> str:
    out = []
    for child in run.iterchildren():
        tag = child.tag
        if tag == qn("w:t"):
            out.append(child.text or "")
        elif tag == qn("w:tab"):
            out.append("\t")
        elif tag == qn("w:cr") or (
            tag == qn("w:br") and child.get(qn("w:type"), "textWrapping") == "textWrapping"
        ):
            out.append("\n")
        elif tag == qn("w:noBreakHyphen"):
            out.append("-")
    return "".join(out)


def read(path: Path) -> Layout:
    bounds = limits.current()
    limits.check_zip(path, path, bounds, damaged=DAMAGED)
    document = docx.Document(str(path))
    blocks = _Reader(document, limits.Counter(path, bounds)).blocks(document.element.body)
    return Layout(blocks=blocks, name=path.name)
