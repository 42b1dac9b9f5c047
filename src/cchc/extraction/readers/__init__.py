"""Readers: one module per file format, each producing a :class:`Layout`.

STUB dispatch — the per-format modules are to be implemented:
``text`` (.txt, .md), ``html``, ``docx``, ``pdf``, ``doc`` (through LibreOffice).
Contract: ``read(path) -> Layout``; any file that cannot be read raises
``UnreadableDocument`` with a short Vietnamese/English reason, never another error.
Text formats produce one Paragraph per physical line (blank lines kept as
empty paragraphs, ``Source.line`` 1-based) so that table recovery can see the
line structure; docx/html/pdf produce real ``Table`` blocks where the file has tables.
"""

from __future__ import annotations

from pathlib import Path

from cchc.extraction.errors import UnreadableDocument
from cchc.extraction.layout import Layout, Paragraph, Source


def read(path: str | Path) -> Layout:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(str(path), f"không mở được tệp / cannot open file ({exc.strerror})") from exc
    text = data.decode("utf-8", errors="replace")
    blocks = [Paragraph(line, Source(line=i)) for i, line in enumerate(text.splitlines(), 1)]
    return Layout(blocks=blocks, name=path.name)
