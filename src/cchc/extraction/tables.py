"""Table recovery: turn the line structure of text documents into ``Table`` blocks.

Text readers give one paragraph per line. Plans pasted into text keep their
tables in a handful of shapes, each recognised here:

* tab rows — one row per line, cells separated by tabs;
* tab cells — one cell per line, each starting with a tab, rows separated by a
  blank line; a line without the leading tab continues the cell above;
* markdown pipes — ``| a | b |`` rows with an optional ``|---|`` rule;
* lone pipes — legal-document websites put every cell on its own lines
  between lines holding a single ``|``;
* flattened — a PDF scrape with the columns interleaved (``flattened.py``).

Afterwards tables split across pages (the header row repeated) are joined,
the first row after each break marked ``after_break``. Column roles are read
from the header row by :func:`column_roles`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz

from cchc.extraction.fields.text import clean, fold
from cchc.extraction.flattened import recover_flattened
from cchc.extraction.layout import Block, Layout, Paragraph, Row, Source, Table
from cchc.extraction.vocabulary import AGENCY_HEAD, ROMAN, role_of

_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_LONE_PIPE = re.compile(r"^\s*\|\s*$")
_MIN_CELLS = 3


def column_roles(cells: list[str]) -> dict[str, int] | None:
    """Map roles to column indexes for a header row; ``None`` if it is not a task header."""
    roles: dict[str, int] = {}
    for index, cell in enumerate(cells):
        role = role_of(cell, taken=roles)
        if role is not None:
            roles[role] = index
    if "lead" not in roles:
        # Legislative plans name agencies by role: the drafting body does the work.
        for role in ("agencies", "draft", "submit"):
            if role in roles:
                roles["lead"] = roles[role]
                break
    if "content" in roles and ("lead" in roles or "deadline" in roles) and len(roles) >= 3:
        return roles
    return None


def is_sub_header(cells: list[str]) -> bool:
    """Whether a row only names column roles ("", "Chủ trì", "Phối hợp", ""): a header's second row."""
    named = [cell for cell in cells if clean(cell)]
    return bool(named) and all(role_of(cell) is not None for cell in named)


def merge_header_rows(top: list[str], sub: list[str]) -> list[str]:
    """One header row from a spanning row and its sub-row, column by column.

    A cell merged across columns is printed once (the others empty), so an empty
    top cell takes the spanning text to its left when the sub-row names that column.
    """
    merged: list[str] = []
    spanning = ""
    for index, cell in enumerate(top):
        below = clean(sub[index]) if index < len(sub) else ""
        if clean(cell):
            spanning = clean(cell)
        above = clean(cell) or (spanning if below else "")
        merged.append(f"{above} {below}".strip())
    return merged


def recover_tables(layout: Layout) -> Layout:
    """The same document with its text tables recovered and split tables joined."""
    blocks = _recover_text_tables(layout.blocks)
    blocks = recover_flattened(blocks)
    blocks = join_split_tables(blocks)
    for block in blocks:
        if isinstance(block, Table):
            drop_repeated_headers(block)
    return Layout(blocks=blocks, name=layout.name)


def drop_repeated_headers(table: Table) -> None:
    """Remove header rows repeated at page breaks, marking the row after each one."""
    header = _find_header(table)
    if header is None:
        return
    key = _header_key(header)
    kept: list[Row] = []
    mark_next = False
    seen_header = False
    for row in table.rows:
        if row is header:
            seen_header = True
            kept.append(row)
        elif seen_header and (_matches(row, key) or (mark_next and _is_numbering_row(row))):
            mark_next = True
        else:
            row.after_break = row.after_break or mark_next
            mark_next = False
            kept.append(row)
    table.rows = kept


def _recover_text_tables(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    i = 0
    n = len(blocks)
    no_lone_table_until = 0  # a lone-pipe region already read and found to be no table
    while i < n:
        block = blocks[i]
        if isinstance(block, Paragraph):
            for reader in (
                _read_tab_rows,
                _read_tab_cells,
                _read_pipe_rows,
                _read_lone_pipes,
                _read_pipe_stream,
            ):
                if reader is _read_lone_pipes and i < no_lone_table_until:
                    continue  # its lines were scanned once: no quadratic rescans
                table, end = reader(blocks, i)
                if table is not None:
                    out.append(table)
                    i = end
                    break
                if reader is _read_lone_pipes and end > i:
                    no_lone_table_until = end
            else:
                out.append(block)
                i += 1
        else:
            out.append(block)
            i += 1
    return out


def _text(block: Block) -> str | None:
    return block.text if isinstance(block, Paragraph) else None


def _line(block: Block) -> int | None:
    return block.source.line


def _is_tab_row(text: str | None) -> bool:
    return text is not None and text.count("\t") >= _MIN_CELLS - 1 and bool(text.strip())


def _read_tab_rows(blocks: list[Block], start: int) -> tuple[Table | None, int]:
    """Lines with several tab-separated cells; blank lines between rows are allowed."""
    if not _is_tab_row(_text(blocks[start])):
        return None, start
    rows: list[Row] = []
    i = start
    last_row_end = start
    while i < len(blocks):
        text = _text(blocks[i])
        if _is_tab_row(text):
            rows.append(Row([c.strip() for c in text.split("\t")], Source(line=_line(blocks[i]))))
            i += 1
            last_row_end = i
        elif text is not None and not text.strip():
            i += 1  # blank lines between page parts of one table
        else:
            break
    if len(rows) < 2:
        return None, start
    return Table(_pad(rows), Source(line=rows[0].source.line)), last_row_end


def _starts_cell(text: str | None) -> bool:
    return text is not None and text.startswith("\t") and "\t" not in text[1:]


def _read_tab_cells(blocks: list[Block], start: int) -> tuple[Table | None, int]:
    """One cell per line (leading tab), rows separated by blank lines."""
    if not _starts_cell(_text(blocks[start])):
        return None, start
    rows: list[Row] = []
    i = start
    last_row_end = start
    while i < len(blocks):
        text = _text(blocks[i])
        if text is not None and not text.strip() and not text.startswith("\t"):
            i += 1
            continue
        if not _starts_cell(text):
            break
        cells: list[str] = []
        row_line = _line(blocks[i])
        while i < len(blocks):
            text = _text(blocks[i])
            if text is not None and not text.strip() and cells and _blank_inside_cell(blocks, i):
                cells[-1] += "\n"
                i += 1
                continue
            if text is None or (not text.strip() and not text.startswith("\t")):
                break
            if _starts_cell(text):
                cells.append(text[1:])
            elif cells:
                cells[-1] += "\n" + text  # a line break inside the cell
            i += 1
        if len(cells) < _MIN_CELLS:
            i = last_row_end
            break
        rows.append(Row([c.strip() for c in cells], Source(line=row_line)))
        last_row_end = i
    if len(rows) < 2:
        return None, start
    return Table(_pad(rows), Source(line=rows[0].source.line)), last_row_end


def _blank_inside_cell(blocks: list[Block], i: int) -> bool:
    """A blank line within a cell: untabbed text follows and the row's cells go on after it."""
    following = [_text(b) for b in blocks[i + 1 : i + 3]]
    return (
        len(following) == 2
        and following[0] is not None
        and bool(following[0].strip())
        and not following[0].startswith("\t")
        and _starts_cell(following[1])
    )


def _split_pipes(text: str) -> list[str]:
    inner = text.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [c.strip() for c in inner.split("|")]


def _read_pipe_rows(blocks: list[Block], start: int) -> tuple[Table | None, int]:
    """Markdown tables: ``| a | b | c |`` per line."""
    text = _text(blocks[start])
    if text is None or not _PIPE_ROW.match(text) or text.count("|") < _MIN_CELLS + 1:
        return None, start
    rows: list[Row] = []
    i = start
    while i < len(blocks):
        text = _text(blocks[i])
        if text is None or not _PIPE_ROW.match(text):
            break
        if not _PIPE_RULE.match(text):
            rows.append(Row(_split_pipes(text), Source(line=_line(blocks[i]))))
        i += 1
    if len(rows) < 2:
        return None, start
    return Table(_pad(rows), Source(line=rows[0].source.line)), i


def _read_lone_pipes(blocks: list[Block], start: int) -> tuple[Table | None, int]:
    """Cells on their own lines between lone ``|`` lines (legal-document websites).

    A lone ``|`` closes a cell. Where the page draws rule lines (``|---|``) they
    end the rows and two ``|`` in a row are an empty cell. Without them, two
    ``|`` in a row close the row and open the next, so rows may have different
    widths (a group row "A | PHÁT TRIỂN …" spans the table) — except inside a
    row still narrower than the header when what follows is no row number:
    then they are an empty cell. A table split by blank lines goes on where the
    next part opens with ``|``; text after a closing ``|`` and a blank line ends
    it. Rule lines inside a cell ("-----" under an issuer's name) are dropped.
    """
    if not _LONE_PIPE.match(_text(blocks[start]) or "x"):
        return None, start
    tokens, end = _lone_pipe_tokens(blocks, start)
    ruled = any(kind == "rule" for kind, _, _ in tokens)
    next_cells = _next_cells(tokens)
    rows: list[list[tuple[str, int | None]]] = []
    row: list[tuple[str, int | None]] = []
    width: int | None = None
    previous = "pipe"  # the opening "|"
    for k, (kind, text, line) in enumerate(tokens):
        if kind == "cell":
            row.append((text, line))
        elif kind == "rule":
            if row:
                rows.append(row)
            row = []
        elif previous == "pipe":  # a second "|" in a row
            following = next_cells[k + 1] if k + 1 < len(tokens) else None
            empty_cell = ruled or (
                width is not None
                and following is not None
                and len(row) + 1 + _cells_before_break(tokens, k + 1) <= width
                and not _ROW_NUMBER.match(clean(following))
                and role_of(following) is None  # a repeated header opens a row
            )
            if empty_cell:
                row.append(("", line))
            elif row:
                if width is None and column_roles([c for c, _ in row]) is not None:
                    width = len(row)
                rows.append(row)
                row = []
        previous = kind
    if row:
        rows.append(row)
    table = _lone_pipe_table(rows)
    if table is None:
        return None, max(end, start)  # the lines scanned, which hold no table
    return table, end


def _cells_before_break(tokens: list[tuple], start: int) -> int:
    """How many cells follow ``start`` before the next two ``|`` in a row."""
    count, previous = 0, "pipe"
    for k in range(start, len(tokens)):
        kind = tokens[k][0]
        if kind == "cell":
            count += 1
        elif kind == "pipe" and previous == "pipe":
            break
        previous = kind
    return count


def _next_cells(tokens: list[tuple]) -> list[str | None]:
    """For each token, the text of the first cell at or after it (one backward pass)."""
    out: list[str | None] = [None] * len(tokens)
    following: str | None = None
    for k in range(len(tokens) - 1, -1, -1):
        if tokens[k][0] == "cell":
            following = tokens[k][1]
        out[k] = following
    return out


_ROW_NUMBER = re.compile(r"^(?:" + ROMAN + r"|[A-Z]|\d{1,3}(?:\.\d{1,3})*|[a-zđ])[.)]?$")


def _lone_pipe_tokens(blocks: list[Block], start: int) -> tuple[list[tuple], int]:
    """("cell", text, line), ("pipe", "", line) and ("rule", "", line) tokens of a
    lone-pipe region, and the index after its last ``|``."""
    tokens: list[tuple[str, str, int | None]] = []
    current: list[str] = []
    current_line: int | None = None
    after_pipe, blank = True, False
    i = start + 1
    end = start + 1
    while i < len(blocks):
        text = _text(blocks[i])
        if text is None:
            break
        is_rule = _PIPE_RULE.match(text) or text.strip() in ("||", "|-|")
        if _LONE_PIPE.match(text) or (is_rule and not _RULE_ONLY.match(text)):
            if current:
                tokens.append(("cell", unwrap_cell(current), current_line))
                current, current_line = [], None
            tokens.append(("pipe" if _LONE_PIPE.match(text) else "rule", "", _line(blocks[i])))
            after_pipe, blank = True, False
            end = i + 1
        elif not text.strip():
            if after_pipe and not current:
                blank = True
        elif after_pipe and blank and not current:
            break  # text after the table
        elif _RULE_ONLY.match(text):
            pass
        else:
            current.append(text.strip())
            current_line = current_line or _line(blocks[i])
            after_pipe = False
            if len(current) > 80:  # a long run without any pipe: not a cell
                break
        i += 1
    return tokens, end


_RULE_ONLY = re.compile(r"^\s*[-_=]{3,}\s*$")
_ITEM_START = re.compile(r"^\s*(?:[-–+•]\s|\d{1,2}[.)]\s|[a-zđ]\)\s)")
_OPEN_END = re.compile(
    r"(?:[,(&-]|\b(?:và|các|của|cho|với|tại|về|trên|thuộc|Sở|Bộ|Ủy ban|Ban Quản lý))$", re.I
)


def unwrap_cell(lines: list[str]) -> str:
    """A cell's lines, joined where a website copy wrapped them, kept apart where
    each starts an item of its own.

    A line goes on the previous one when it starts in lower case or the previous
    one ends open (a comma, "và", "các"): "Sở Khoa học và⏎Công nghệ" is one name.
    A line starting with a bullet or a number is a new item; so is an upper-case
    line after a complete one ("Sở Nội vụ⏎Sở Tư pháp" are two agencies).
    """
    out: list[str] = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if (
            out
            and not _ITEM_START.match(line)
            and (line[:1].islower() or line[:1].isdigit() or _OPEN_END.search(clean(out[-1])))
        ):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def _lone_pipe_table(rows: list[list[tuple[str, int | None]]]) -> Table | None:
    """Rows of unequal width made one table: the header's width wins.

    A row wider than the header loses empty cells (a merged cell printed twice);
    a narrower one (a group row) is padded at its end.
    """
    rows = [r for r in rows if any(c.strip() for c, _ in r)]
    if len(rows) < 2 or max(len(r) for r in rows) < _MIN_CELLS:
        return None
    header = next((r for r in rows[:3] if column_roles([c for c, _ in r]) is not None), None)
    width = len(header) if header is not None else max(len(r) for r in rows)
    out: list[Row] = []
    for cells in rows:
        cells = list(cells)
        while len(cells) > width:
            empty = next((k for k in range(1, len(cells)) if not clean(cells[k][0])), None)
            if empty is None:
                break
            del cells[empty]
        line = next((n for _, n in cells if n is not None), None)
        out.append(Row([c.strip() for c, _ in cells], Source(line=line)))
    return Table(_pad(out), Source(line=out[0].source.line))


def _read_pipe_stream(blocks: list[Block], start: int) -> tuple[Table | None, int]:
    """A markdown table whose rows the page broke: lines cut inside a row, cells
    missing, a group row on its own line ("| I. Văn bản … |").

    The header row says the columns; the cells after it are read as one stream
    (empty ones dropped) and put back in order: a content cell opens a row, and
    each following cell goes to the next column whose role fits its kind (an
    agency, a review by another body, a deadline, a product). A cell that fits
    no column is kept as the row's doubt, never dropped silently.
    """
    text = _text(blocks[start])
    if text is None or not text.lstrip().startswith("|"):
        return None, start
    header = [c for c in _split_pipes(text)]
    while header and not header[-1]:
        header.pop()
    roles = column_roles(header)
    if roles is None:
        return None, start
    i = start + 1
    stream: list[tuple[str, int | None]] = []
    while i < len(blocks):
        line = _text(blocks[i])
        if line is None or not line.strip() or "|" not in line:
            break
        stream.extend((c, _line(blocks[i])) for c in line.split("|"))
        i += 1
    cells = [(clean(c), n) for c, n in stream if clean(c)]
    if len(cells) < _MIN_CELLS:
        return None, start
    by_index = {index: role for role, index in roles.items()}
    width = len(header)
    rows: list[Row] = [Row(header, Source(line=_line(blocks[start])))]
    current: Row | None = None
    next_column = width
    for cell, line in cells:
        group = _GROUP_ROW.match(cell)
        if group:
            cells_of_row = [""] * width
            cells_of_row[roles.get("ref", 0)] = group.group(1)
            cells_of_row[roles["content"]] = group.group(2)
            rows.append(Row(cells_of_row, Source(line=line)))
            current = None
            continue
        kind = _cell_kind(cell)
        if kind == "content" or current is None:
            current = Row([""] * width, Source(line=line))
            current.cells[roles["content"]] = cell
            rows.append(current)
            next_column = roles["content"] + 1
            continue
        for column in range(next_column, width):
            if kind in _FITS.get(by_index.get(column, ""), ()):
                current.cells[column] = cell
                next_column = column + 1
                break
        else:
            current.doubts.append(f"ô không xếp được vào cột nào / cell not placed: {cell[:80]}")
    if len(rows) < 2:
        return None, start
    return Table(rows, Source(line=rows[0].source.line)), i


_GROUP_ROW = re.compile(r"^(" + ROMAN + r"|[A-Z])[.)]\s+(\S.{0,200})$")
_FITS = {
    "submit": ("agency",),
    "draft": ("agency",),
    "lead": ("agency",),
    "coop": ("agency",),
    "review": ("review", "agency"),
    "deadline": ("deadline",),
    "product": ("product",),
    "note": ("product", "deadline", "agency", "review"),
}
_DEADLINE_START = re.compile(
    r"^(?:-\s*)?(?:trình|theo|trước|sau|quý|tháng|năm|thường xuyên|hằng|hàng|hoàn thành|\d)",
    re.I,
)
_PRODUCT_START = re.compile(r"^(?:-\s*)?(?:hồ sơ|sản phẩm|dự thảo|kết quả)", re.I)
_REVIEW = re.compile(r"thẩm tra|chuẩn bị ý kiến", re.I)


def _cell_kind(cell: str) -> str:
    """What a cell of a broken table holds, read from its words."""
    if _PRODUCT_START.match(cell):
        return "product"
    if _REVIEW.search(cell):
        return "review"
    if _DEADLINE_START.match(cell):
        return "deadline"
    if AGENCY_HEAD.match(cell) and len(cell) <= 150:
        return "agency"
    return "content"


def _pad(rows: list[Row]) -> list[Row]:
    """Every row as wide as the widest one; trailing empty cells beyond it dropped."""
    width = max(len(r.cells) for r in rows)
    for row in rows:
        row.cells.extend([""] * (width - len(row.cells)))
    return rows


def _header_key(row: Row) -> tuple[str, ...]:
    return tuple(fold(clean(c)) for c in row.cells)


REPEATED_HEADER = 90  # % alike to the header, cell by cell: its repeat, a few letters misread


def _matches(row: Row, key: tuple[str, ...]) -> bool:
    """Whether ``row`` repeats the header whose ``_header_key`` is ``key``: the same
    cells or, as a scan reads the header printed on each page ("T T", "Tiếndộ",
    "Hỗ sơ"), as many cells, each alike to the header's in its column (spaces aside),
    at least ``REPEATED_HEADER`` % on average weighted by the cells' length. A header
    worded otherwise, or one column off, is another table's."""
    if len(row.cells) != len(key):
        return False
    found = _header_key(row)
    if found == key:
        return True
    pairs = [("".join(a.split()), "".join(b.split())) for a, b in zip(found, key, strict=True)]
    weights = [max(len(a), len(b), 1) for a, b in pairs]
    alike = sum(fuzz.ratio(a, b) * w for (a, b), w in zip(pairs, weights, strict=True))
    return alike >= REPEATED_HEADER * sum(weights)


def join_split_tables(blocks: Iterable[Block]) -> list[Block]:
    """Join a table with the next one when that one repeats its header or just goes on.

    Between the parts only blank paragraphs or page furniture (page numbers,
    short lines) may stand. The first row after a repeated header is marked
    ``after_break`` because it may be the rest of the row cut by the page end.
    """
    out: list[Block] = []
    pending: list[Block] = []  # paragraphs seen since the last table
    for block in blocks:
        if isinstance(block, Paragraph):
            pending.append(block)
            continue
        previous = _last_table(out) if all(_is_furniture(p) for p in pending) else None
        if previous is not None and pending == [] and _heads(previous, block):
            # the group rows left above the header at the page's foot open this table;
            # together, they may go on the table before them
            for row in previous.rows:  # their one cell spans the rest of the row
                row.cells.extend([""] * (block.width - len(row.cells)))
            block = Table(previous.rows + block.rows, previous.source)
            out.pop()
            previous = _last_table(out)
        if previous is not None and _continues(previous, block):
            # Repeated headers are dropped later by drop_repeated_headers; a part
            # without one still starts after a page break.
            if column_roles(block.rows[0].cells) is None:
                block.rows[0].after_break = True
            previous.rows.extend(block.rows)
            pending = []
            continue
        out.extend(pending)
        pending = []
        out.append(block)
    out.extend(pending)
    return out


def _last_table(blocks: list[Block]) -> Table | None:
    return blocks[-1] if blocks and isinstance(blocks[-1], Table) else None


def _find_header(table: Table) -> Row | None:
    for row in table.rows[:3]:
        if column_roles(row.cells) is not None:
            return row
    return None


def _continues(previous: Table, table: Table) -> bool:
    if not table.rows or previous.width != table.width:
        return False
    header = _find_header(previous)
    if header is None:
        return False
    if column_roles(table.rows[0].cells) is not None:
        return _matches(table.rows[0], _header_key(header))
    return True


def _heads(previous: Table, table: Table) -> bool:
    """Whether ``previous`` is only the group rows ("B | PHÁT TRIỂN …", "I | …")
    that open ``table`` above its header, left at the foot of the page before it:
    each a short label and one cell spanning the rest, so that the ruling gave
    them two columns where the table below has its full width."""
    if previous.width != 2 or table.width <= 2 or _find_header(previous) is not None:
        return False
    if column_roles(table.rows[0].cells) is None:
        return False
    labels = [clean(row.cells[0]) for row in previous.rows]
    return all(label and len(label) <= 5 and " " not in label for label in labels)


def _is_furniture(paragraph: Paragraph) -> bool:
    text = clean(paragraph.text)
    return not text or len(text) <= 12 and not text.endswith(":")


def _is_numbering_row(row: Row) -> bool:
    values = [clean(c) for c in row.cells if clean(c)]
    return bool(values) and all(re.fullmatch(r"\(?\d{1,2}\)?", v) for v in values)
