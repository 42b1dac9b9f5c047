"""Readers: one module per file format, each producing a :class:`Layout`.

``read(path) -> Layout`` picks the reader from the file's bytes, never from
its name alone: a .docx is a zip holding ``word/document.xml``, a PDF starts
with ``%PDF``, a legacy .doc is an OLE2 file holding a ``WordDocument`` stream,
HTML shows ``<html``/``<table``, and anything else must decode as text. Bytes
that match no allowed type are refused: only a real Word .doc is handed to
LibreOffice, never an RTF, spreadsheet or other file renamed to .doc or .md.
Every reader stays within ``cchc.extraction.limits`` (unpacked size, pages,
pixels per rendered page, paragraphs, cells, nesting).

Any file that cannot be read raises ``UnreadableDocument`` with a one-line
Vietnamese/English reason, never another error: a damaged file can trip any
library in any way, so the library's own exception is turned into the reason
for that format. Text formats produce one Paragraph per physical line (blank
lines kept as empty paragraphs, ``Source.line`` 1-based) so that table
recovery can see the line structure; docx/html/pdf produce real ``Table``
blocks where the file has tables.

Merged table cells read the same in every format: the text sits in the first
cell of the span and the cells it covers are ``''`` (to the right for a
horizontal merge, below for a vertical one), so every row of a table has the
same width and a sub-row under a merged cell reads as "inherits from above".
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from cchc.extraction import limits
from cchc.extraction.errors import UnreadableDocument
from cchc.extraction.layout import Block, Layout, Table
from cchc.extraction.readers import doc, docx, html, pdf, text

_Reader = Callable[[Path], Layout]

# The reason given when a reader's library fails on a damaged file.
_DAMAGED: dict[_Reader, str] = {
    docx.read: docx.DAMAGED,
    doc.read: "tệp Word cũ (.doc) bị hỏng / damaged legacy Word file",
    pdf.read: "tệp PDF bị hỏng / damaged PDF file",
    html.read: "tệp HTML bị hỏng / damaged HTML file",
    text.read: "tệp văn bản bị hỏng / damaged text file",
}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")  # the OLE directory name of a Word file
_WORD_EXTENSIONS = {".docx", ".docm", ".dotx", ".dotm"}
_TEXT_EXTENSIONS = {".txt", ".md", ".markdown", ".text"}


def read(
    path: str | Path,
    *,
    max_bytes: int | None = None,
    on_page: Callable[[int, int], None] | None = None,
) -> Layout:
    """Read any supported document; files above ``max_bytes`` (by default the
    ``file_mb`` limit) are refused.

    ``on_page(page, pages)`` is called before each page of a scanned PDF is read
    through OCR, which takes seconds a page: the caller can show the progress.
    """
    path = Path(path)
    name = str(path)
    if max_bytes is None:
        max_bytes = limits.current().file_mb * limits.MB
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise UnreadableDocument(name, "không phải là tệp / not a file")
        with path.open("rb") as f:
            head = f.read(8192)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UnreadableDocument(name, f"không mở được tệp / cannot open file ({reason})") from exc
    if size == 0 or (size == len(head) and not head.strip()):
        raise UnreadableDocument(name, "tệp rỗng / empty file")
    if size > max_bytes:
        raise UnreadableDocument(
            name,
            f"tệp quá lớn ({size / 2**20:.0f} MB, tối đa {max_bytes / 2**20:.0f} MB) / "
            f"file too large ({size / 2**20:.0f} MB, limit {max_bytes / 2**20:.0f} MB)",
        )
    reader = _choose(path, head)
    try:
        layout = pdf.read(path, on_page=on_page) if reader is pdf.read else reader(path)
    except UnreadableDocument:
        raise
    except Exception as exc:  # whatever a damaged file trips: see the module docstring
        raise UnreadableDocument(name, f"{_DAMAGED[reader]} ({type(exc).__name__})") from exc
    if reader in (docx.read, doc.read, pdf.read):  # text and HTML are repaired while decoding
        _repair_tcvn3(layout)
    if not any(_has_text(block) for block in layout.blocks):
        raise UnreadableDocument(
            name, "không tìm thấy chữ trong tài liệu / no text found in the document"
        )
    layout.name = path.name
    return layout


def _choose(path: Path, head: bytes) -> _Reader:
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        if suffix in _WORD_EXTENSIONS or _is_docx_zip(path):
            return docx.read  # a truncated .docx fails inside and reads as damaged
        raise UnreadableDocument(
            str(path), "định dạng không hỗ trợ (tệp nén) / unsupported format (zip archive)"
        )
    if b"%PDF-" in head[:1024]:  # some writers put junk before the header
        return pdf.read
    if head.startswith(_OLE2):
        if _WORD_STREAM in path.read_bytes():  # the size is already bounded
            return doc.read  # only a real legacy Word file goes to LibreOffice
        raise UnreadableDocument(
            str(path),
            "tệp Office cũ không phải văn bản Word / legacy Office file that is not a Word document",
        )
    if head.lstrip().startswith(b"{\\rtf"):
        raise UnreadableDocument(
            str(path),
            "định dạng RTF không được hỗ trợ — hãy lưu lại thành .docx / "
            "RTF is not supported — save the file as .docx",
        )
    if suffix in _WORD_EXTENSIONS:
        raise UnreadableDocument(str(path), _DAMAGED[docx.read])
    if suffix == ".pdf":
        raise UnreadableDocument(str(path), _DAMAGED[pdf.read])
    if suffix in {".html", ".htm", ".xhtml"} or _looks_html(head, suffix in _TEXT_EXTENSIONS):
        return html.read  # also catches the many ".doc" files that are web pages
    return text.read


def _is_docx_zip(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _looks_html(head: bytes, text_file: bool) -> bool:
    """A whole HTML document, or for a file not named as text, a bare table.
    A .txt/.md with an inline <table> stays text: read as HTML, its other lines
    would lose the line structure table recovery needs."""
    sample = head.replace(b"\x00", b"").lower()  # also sees UTF-16 markup
    tags = (b"<!doctype html", b"<html") if text_file else (b"<!doctype html", b"<html", b"<table")
    return any(tag in sample for tag in tags)


def _repair_tcvn3(layout: Layout) -> None:
    """Text typed in the old .VnTime fonts arrives as Latin-1 symbols: convert it."""
    if not text.looks_like_tcvn3(layout.text()):
        return
    for block in layout.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                row.cells = [text.tcvn3_to_unicode(c) for c in row.cells]
        else:
            block.text = text.tcvn3_to_unicode(block.text)


def _has_text(block: Block) -> bool:
    if isinstance(block, Table):
        return any(not row.is_empty() for row in block.rows)
    return bool(block.text.strip())
