"""A seed plan (``../shared/seeds/*.txt``) rendered as a real Word document.

The seeds are text with light Markdown (``**bold**``, ``# headings``) and the
task table as tab-separated rows, split by blank lines and repeated headers
where the original's pages broke. Here the paragraphs become Word paragraphs
(``#`` lines headings) and the tab rows real Word tables, as an office's
own ``.docx`` would have them: one table per page of the original, each
with the header row.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.extraction.documents import Heading, make_docx_blocks

MARKUP = re.compile(r"</?b>|\*\*|(?<!\w)\*|\*(?!\w)")


def _clean(text: str) -> str:
    return MARKUP.sub("", text).strip()


def seed_blocks(text: str) -> list:
    """Paragraphs, headings and tables (one per page of the original, header repeated)."""
    blocks: list = []
    header: list[str] | None = None
    table: list[list[str]] | None = None
    for line in text.splitlines():
        if "\t" in line:
            row = [_clean(cell) for cell in line.split("\t")]
            header = header or row
            if table is None:
                table = [row] if row == header else [header, row]
                blocks.append(table)
            elif row != header:
                table.append(row)
            continue
        table = None  # a blank line ends a page's table
        if not line.strip():
            continue
        if line.startswith("#"):
            blocks.append(Heading(_clean(line.lstrip("#"))))
        else:
            blocks.append(_clean(line))
    return blocks


def seed_docx(seed: Path, target: Path) -> Path:
    return make_docx_blocks(target, seed_blocks(seed.read_text(encoding="utf-8")))
