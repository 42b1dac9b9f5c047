"""The neutral layout model every reader produces.

A document is a flat list of blocks: paragraphs and tables. Each block keeps
where it came from (page and line, or table and row) so that a reviewer can
jump from an extracted task back to its source. Everything after the readers
works on this model only and never looks at the file format.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Source:
    """A place in the source document. Unknown parts stay ``None``."""

    page: int | None = None
    line: int | None = None
    table: int | None = None
    row: int | None = None

    def label(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)

    def as_dict(self) -> dict:
        values = {"page": self.page, "line": self.line, "table": self.table, "row": self.row}
        return {k: v for k, v in values.items() if v is not None}


@dataclass(slots=True)
class Paragraph:
    text: str
    source: Source = field(default_factory=Source)
    # True when the reader knows the paragraph is a heading or bold (docx styles, <b>, **)
    emphasis: bool = False


@dataclass(slots=True)
class Row:
    cells: list[str]
    source: Source = field(default_factory=Source)
    # True for the first row after a repeated header (a table split across pages):
    # such a row may continue the row before the break rather than start a new one.
    after_break: bool = False
    # What the reader itself was unsure of in this row (words OCR read with low confidence).
    doubts: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not any(c.strip() for c in self.cells)


@dataclass
class Table:
    rows: list[Row]
    source: Source = field(default_factory=Source)

    @property
    def width(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)


Block = Paragraph | Table


@dataclass
class Layout:
    blocks: list[Block]
    name: str = ""

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def text(self) -> str:
        """All text, tables flattened cell by cell; used for metadata and targets."""
        out: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                out.append(block.text)
            else:
                for row in block.rows:
                    out.append("\t".join(row.cells))
        return "\n".join(out)


def in_reading_order(placed: list[tuple[float, Block]], page: int) -> list[Block]:
    """The blocks of one page, given with their top, from top to bottom; each
    paragraph gets ``Source(page, line)``, lines counted on the page. The sort is
    stable: a table listed before a line at its top stays before it."""
    placed = sorted(placed, key=lambda item: item[0])
    line = 0
    for _, block in placed:
        if isinstance(block, Paragraph):
            line += 1
            block.source = Source(page=page, line=line)
    return [block for _, block in placed]
