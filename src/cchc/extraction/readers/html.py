"""HTML (.html, .htm, and text that is an HTML document).

Real ``<table>`` elements become ``Table`` blocks; the rest becomes one
``Paragraph`` per visual line (block elements and ``<br>`` end a line), with
``emphasis`` for headings and lines that are wholly bold. Scripts, styles and
page furniture (nav, header, footer) are dropped. Spans follow the package
rule: ``colspan`` puts the text in the first cell and ``''`` in the others,
``rowspan`` leaves ``''`` in the rows below (a sub-row inherits from above).
Tables nested in a cell are flattened into that cell's text, one line per row.

Hostile markup is bounded before the parser sees it (:func:`_prescan`): the
nesting of tables and of elements and the number of cells are counted on the
raw bytes, because the parser's own cost grows with the nesting, and the cells
a table's spans produce are counted as the grid is built.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from cchc.extraction import limits
from cchc.extraction.layout import Block, Layout, Paragraph, Row, Source, Table
from cchc.extraction.readers import text as text_reader

_JUNK = ["script", "style", "noscript", "template", "head", "nav", "header", "footer"]
_BLOCK = {
    "p", "div", "section", "article", "main", "aside", "blockquote", "pre", "center",
    "ul", "ol", "li", "dl", "dt", "dd", "form", "fieldset", "address", "figure",
    "figcaption", "hr", "caption", "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BOLD = {"b", "strong"}
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
_SPACE = re.compile(r"\s+")
# Bounds against absurd spans in hostile or broken markup.
_MAX_COLSPAN, _MAX_ROWSPAN = 50, 1000
_TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
# Elements that never hold others, or whose end tag pages often leave out: not counted
# as nesting.
_FLAT = {
    b"br", b"img", b"hr", b"meta", b"link", b"input", b"col", b"area", b"base", b"wbr",
    b"source", b"embed", b"param", b"track", b"p", b"li", b"td", b"th", b"tr", b"option",
    b"dt", b"dd", b"thead", b"tbody", b"tfoot", b"colgroup",
}  # fmt: skip
# Real pages nest a few dozen elements; table nesting has the shared, lower limit.
_ELEMENT_DEPTH_PER_TABLE_DEPTH = 8


class _Lines:
    """Collects inline text into lines; knows whether a line is all emphasis."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, bool]] = []
        self._parts: list[str] = []
        self._emphasis = True

    def add(self, text: str, emphasis: bool) -> None:
        self._parts.append(text)
        if text.strip() and not emphasis:
            self._emphasis = False

    def end_line(self) -> None:
        line = _SPACE.sub(" ", "".join(self._parts)).strip()
        if line:
            self.lines.append((line, self._emphasis))
        self._parts, self._emphasis = [], True


class _Walker:
    """Walks the tree in document order, emitting paragraphs and tables."""

    def __init__(self, counter: limits.Counter) -> None:
        self.blocks: list[Block] = []
        self._lines = _Lines()
        self._tables = self._paragraphs = 0
        self._counter = counter

    def walk(self, node: Tag, emphasis: bool = False) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, _NOT_TEXT):
                    self._lines.add(str(child), emphasis)
            elif child.name == "br":
                self._lines.end_line()
            elif child.name == "pre":  # preformatted: its own line breaks count
                self._flush()
                for line in child.get_text().split("\n"):
                    self._lines.add(line, emphasis)
                    self._lines.end_line()
            elif child.name == "table":
                self._flush()
                self._tables += 1
                self.blocks.append(_table(child, self._tables, self._counter))
            elif child.name in _BLOCK:
                self._flush()
                self.walk(child, emphasis or child.name in _HEADINGS)
                self._flush()
            else:
                self.walk(child, emphasis or child.name in _BOLD)

    def _flush(self) -> None:
        self._lines.end_line()
        for line, emphasis in self._lines.lines:
            self._paragraphs += 1
            self.blocks.append(Paragraph(line, Source(line=self._paragraphs), emphasis=emphasis))
        self._lines.lines.clear()

    def finish(self) -> list[Block]:
        self._flush()
        return self.blocks


def _cell_text(cell: Tag) -> str:
    """A cell's lines joined by newlines; a nested table gives one line per row."""
    lines = _Lines()

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, _NOT_TEXT):
                    lines.add(str(child), False)
            elif child.name in {"br", "tr"} or child.name in _BLOCK:
                lines.end_line()
                walk(child)
                lines.end_line()
            elif child.name in {"td", "th"}:
                lines.add(" ", False)
                walk(child)
            else:
                walk(child)

    walk(cell)
    lines.end_line()
    return "\n".join(line for line, _ in lines.lines)


def _span(cell: Tag, attribute: str, limit: int) -> int:
    try:
        return min(max(int(str(cell.get(attribute, 1)).strip()), 1), limit)
    except ValueError:
        return 1


def _own_rows(table: Tag) -> list[Tag]:
    """The table's rows, not those of tables nested in its cells."""
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _skip_covered(row: list[str], below: dict[int, int]) -> None:
    """Fill the columns a rowspan from above covers at the end of ``row``."""
    while below.get(len(row), 0) > 0:
        below[len(row)] -= 1
        row.append("")


def _table(table: Tag, number: int, counter: limits.Counter) -> Table:
    grid: list[list[str]] = []
    below: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    for tr in _own_rows(table):
        row: list[str] = []
        for cell in tr.find_all(["td", "th"], recursive=False):
            _skip_covered(row, below)
            colspan = _span(cell, "colspan", _MAX_COLSPAN)
            rowspan = _span(cell, "rowspan", _MAX_ROWSPAN)
            for k in range(colspan):
                if rowspan > 1:
                    below[len(row)] = rowspan - 1
                row.append("" if k else _cell_text(cell))
        _skip_covered(row, below)
        # Columns covered from above to the right of the last cell of this row.
        for column in sorted(c for c, left in below.items() if left > 0 and c >= len(row)):
            row.extend([""] * (column - len(row) + 1))
            below[column] -= 1
        counter.block(len(row))  # spans from above can widen rows without bound
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    rows = [
        Row(cells + [""] * (width - len(cells)), Source(table=number, row=i))
        for i, cells in enumerate(grid, 1)
    ]
    return Table(rows, Source(table=number))


def _prescan(data: bytes, counter: limits.Counter) -> None:
    """Refuse markup nested or celled past the limits, from its tags alone."""
    bounds = counter.limits
    depth = tables = cells = 0
    for match in _TAG.finditer(data):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name == b"table":
            tables = max(tables - 1, 0) if closing else tables + 1
            counter.depth(tables)
        elif name in (b"td", b"th") and not closing:
            cells += 1
            if cells > bounds.html_cells:
                raise limits.refuse(
                    counter.name,
                    f"bảng quá lớn (hơn {bounds.html_cells} ô)",
                    f"tables too large (over {bounds.html_cells} cells)",
                )
        if name in _FLAT or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        if depth > bounds.depth * _ELEMENT_DEPTH_PER_TABLE_DEPTH:
            raise limits.refuse(
                counter.name,
                f"các thẻ HTML lồng nhau quá sâu (hơn {bounds.depth * _ELEMENT_DEPTH_PER_TABLE_DEPTH} cấp)",
                f"HTML elements nested too deep (over {bounds.depth * _ELEMENT_DEPTH_PER_TABLE_DEPTH} levels)",
            )


def read(path: Path) -> Layout:
    data = path.read_bytes()
    _prescan(data, limits.Counter(path))
    markup = text_reader.decode(data, str(path))
    soup = BeautifulSoup(markup, "html.parser")
    for junk in soup.find_all(_JUNK):
        junk.decompose()
    walker = _Walker(limits.Counter(path))
    walker.walk(soup)
    return Layout(blocks=walker.finish(), name=path.name)
