"""From a layout to a ``PlanDraft``.

The steps, each format-blind:

1. recover the tables hidden in the text (``tables.recover_tables``) and join
   the hard-wrapped lines of website copies (``webcopy.py``);
2. read the document's metadata (number, issuer, dates, period);
3. find the task tables by their header and walk their rows (``rows.py``),
   or, for a plan without a task table, its labelled items ("Đơn vị chủ
   trì: …" lines) or its agency headings (``items.py``); a document that
   names itself a decision, regulation or report and never a plan gives none;
4. find the measurable targets in the prose and the task texts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cchc.extraction import readers
from cchc.extraction.fields.document import assigns_work, read_document_info
from cchc.extraction.fields.targets import find_targets
from cchc.extraction.items import tasks_from_items
from cchc.extraction.layout import Layout, Paragraph, Table
from cchc.extraction.model import PlanDraft
from cchc.extraction.rows import PlanYears, tasks_from_table
from cchc.extraction.tables import (
    column_roles,
    is_sub_header,
    merge_header_rows,
    recover_tables,
)
from cchc.extraction.webcopy import drop_site_trailer, join_wrapped_lines


def extract(path: str | Path, year: int | None = None) -> PlanDraft:
    """Read ``path`` (any supported format) and extract its plan."""
    return extract_layout(readers.read(path), year=year)


def extract_layout(layout: Layout, year: int | None = None) -> PlanDraft:
    layout = recover_tables(layout)
    blocks = join_wrapped_lines(drop_site_trailer(layout.blocks))
    layout = Layout(blocks=blocks, name=layout.name)
    lines = _lines(layout)
    info = read_document_info(lines)
    if not assigns_work(lines):
        return PlanDraft(source=layout.name, document=info, is_plan=False)
    if year is not None and info.period_start is None:
        info.period_start, info.period_end = date(year, 1, 1), date(year, 12, 31)
    years = PlanYears(
        first=info.period_start.year if info.period_start else year,
        last=info.period_end.year if info.period_end else year,
    )

    tasks = []
    refs: set[str] = set()  # refs used so far, so that a repeated ref gets "#2"
    target_texts: list[str] = []
    table_texts: set[int] = set()  # indexes of target_texts that are task-table cells
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            _add_prose(target_texts, block.text)
            continue
        roles = _task_roles(block)
        if roles is None:
            target_texts.extend("\t".join(row.cells) for row in block.rows)
            continue
        tasks.extend(tasks_from_table(block, roles, years, taken=refs))
        cells = _content_cells(block, roles)
        table_texts.update(range(len(target_texts), len(target_texts) + len(cells)))
        target_texts.extend(cells)
    if not tasks:
        tasks = tasks_from_items(layout.paragraphs(), years)

    return PlanDraft(
        source=layout.name,
        document=info,
        tasks=tasks,
        targets=find_targets(
            target_texts, default_due=info.period_end, table_texts=frozenset(table_texts)
        ),
    )


_SENTENCE_END = ".;:!?"


def _add_prose(texts: list[str], line: str) -> None:
    """Append a paragraph's text, joining a hard-wrapped line to the sentence it continues.

    PDF pages and texts copied from websites break sentences at the line's end; a
    line that starts in lower case after one that did not end a sentence goes on it.
    """
    stripped = line.strip()
    previous = texts[-1].rstrip() if texts else ""
    if stripped[:1].islower() and previous and previous[-1] not in _SENTENCE_END:
        texts[-1] = f"{previous} {stripped}"
    else:
        texts.append(line)


def _task_roles(table: Table) -> tuple[int, dict[str, int]] | None:
    """(index of the last header row, column roles) when the table is a task table.

    A header may take two rows: "Cơ quan thực hiện" spanning the sub-columns
    "Chủ trì | Phối hợp". Each header row alone and each row read together with
    the row below it are scored by the roles they name; the best wins.
    """
    best: tuple[int, dict[str, int]] | None = None
    rows = table.rows[:4]
    for index, row in enumerate(rows[:3]):
        candidates = [(index, column_roles(row.cells))]
        if index + 1 < len(rows) and is_sub_header(rows[index + 1].cells):
            merged = merge_header_rows(row.cells, rows[index + 1].cells)
            candidates.append((index + 1, column_roles(merged)))
        for last, roles in candidates:
            if roles is not None and (best is None or len(roles) > len(best[1])):
                best = (last, roles)
        if best is not None:
            return best
    return None


def _content_cells(table: Table, roles: tuple[int, dict[str, int]]) -> list[str]:
    header_index, columns = roles
    content = columns["content"]
    return [
        row.cells[content] for row in table.rows[header_index + 1 :] if content < len(row.cells)
    ]


# The metadata sits in the header and, at the latest, in the caption of an
# appendix; reading it from the first 500,000 characters keeps huge inputs linear.
METADATA_CHARS = 500_000


def _lines(layout: Layout, limit: int = METADATA_CHARS) -> list[str]:
    """The document's first lines (paragraphs, table rows tab-joined) up to ``limit`` characters."""
    lines: list[str] = []
    size = 0
    for block in layout.blocks:
        texts = (
            [block.text]
            if isinstance(block, Paragraph)
            else ["\t".join(r.cells) for r in block.rows]
        )
        for text in texts:
            lines.append(text)
            size += len(text)
            if size >= limit:
                return lines
    return lines
