"""PDF with a text layer, through pdfplumber.

Tables come from the PDF's own ruling lines (``page.find_tables()``); a table
that continues on the next page stays a separate ``Table`` block (the table
logic downstream joins split tables) and each row keeps its page in
``Source``. The text outside the tables becomes one ``Paragraph`` per line,
interleaved with the tables by position on the page (``Source(page, line)``,
lines counted per page). A PDF without any text layer is a scan: it is read
with Tesseract, tables included (see ``scan``), when Tesseract and its
Vietnamese data are installed, and refused with a clear reason otherwise.

Limits (``cchc.extraction.limits``): the page count is read by PDFium before
pdfplumber builds its pages; a scan is refused above ``scan_pages``; each page
to OCR is sized from its dimensions in points *before* it is rendered, and a
large page is rendered at a lower resolution (or refused) so that it stays
within ``page_pixels``. A blank page is recognised from a small rendering and
not sent to Tesseract.
"""

from __future__ import annotations

import re
import subprocess
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import LIT

from cchc.extraction import limits
from cchc.extraction.errors import UnreadableDocument
from cchc.extraction.layout import Block, Layout, Paragraph, Row, Source, Table, in_reading_order
from cchc.extraction.readers import numbering_marks, scan

SCANNED = (
    "PDF không có lớp chữ (bản quét) / scanned PDF without a text layer — OCR is not available"
)
ENCRYPTED = "PDF được bảo vệ bằng mật khẩu / password-protected PDF"
# A line inside a cell that starts a new item rather than continuing the one above.
_ITEM = re.compile(r"^\s*([-+•–*]|\d+[.)]|[a-zđ][.)])\s")
BLANK_DPI = 36  # the rendering that tells a blank page from one with ink
BLANK = 250  # a page whose every pixel is lighter than this has nothing to read


def _cell(text: str | None) -> str:
    """Cell text with the PDF's wrapping undone: a wrapped line continues the
    one above (joined by a space) unless it starts a new list item."""
    if not text:
        return ""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    out = lines[:1]
    for line in lines[1:]:
        if _ITEM.match(line):
            out.append(line)
        else:
            out[-1] += " " + line
    return "\n".join(out)


def _outside(bboxes: list[tuple[float, float, float, float]]):
    """A filter keeping every object whose centre is outside the table areas."""

    def keep(obj: dict) -> bool:
        if "x0" not in obj:
            return True
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in bboxes)

    return keep


def _page_blocks(page, page_no: int, first_table: int) -> list[Block]:
    page = page.dedupe_chars()  # fake bold is drawn twice
    found = page.find_tables()
    placed: list[tuple[float, Block]] = []
    for offset, table in enumerate(found):
        number = first_table + offset
        rows = [
            Row([_cell(c) for c in cells], Source(page=page_no, table=number, row=i))
            for i, cells in enumerate(table.extract(), 1)
        ]
        placed.append((table.bbox[1], Table(rows, Source(page=page_no, table=number))))
    text = page.filter(_outside([t.bbox for t in found]))
    for line in text.extract_text_lines(return_chars=False):
        placed.append((line["top"], Paragraph(line["text"])))
    return in_reading_order(placed, page_no)


def _encrypted(exc: BaseException | None) -> bool:
    while exc is not None:
        causes = [exc, *exc.args]
        if any(isinstance(c, PDFPasswordIncorrect | PDFEncryptionError) for c in causes):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _ocr(
    pdf: pdfplumber.PDF,
    name: str,
    on_page: Callable[[int, int], None] | None,
    bounds: limits.Limits,
) -> list[Block] | None:
    """The blocks of a scanned PDF (see ``scan``), or None when OCR is not installed."""
    program = scan.tesseract()
    if program is None:
        return None
    if len(pdf.pages) > bounds.scan_pages:
        raise limits.refuse(
            name,
            f"bản quét quá nhiều trang ({len(pdf.pages)}, tối đa {bounds.scan_pages})",
            f"scanned PDF has too many pages ({len(pdf.pages)}, limit {bounds.scan_pages})",
        )
    blocks: list[Block] = []
    tables = 0
    for page_no, page in enumerate(pdf.pages, 1):
        if on_page is not None:
            on_page(page_no, len(pdf.pages))
        dpi = limits.render_dpi(
            float(page.width), float(page.height), scan.RESOLUTION, page_no, name, bounds
        )
        preview = page.to_image(resolution=BLANK_DPI).original.convert("L")
        if preview.getextrema()[0] > BLANK:  # nothing drawn: no text to read
            page.close()
            continue
        image = page.to_image(resolution=dpi).original
        try:
            page_blocks = scan.read_page(program, image, page_no, tables + 1, _cell)
        except subprocess.SubprocessError as exc:  # Tesseract failed or ran out of time
            raise UnreadableDocument(
                name,
                f"không nhận dạng được chữ trang {page_no} (OCR) / OCR failed on page {page_no}",
            ) from exc
        tables += sum(isinstance(b, Table) for b in page_blocks)
        blocks.extend(page_blocks)
        page.close()
    numbering_marks.mend_letter_marks(blocks)
    return blocks


_FLATE = {LIT("FlateDecode"), LIT("Fl")}
_FORM = LIT("Form")


def _check_content(pdf: pdfplumber.PDF, name: str, bounds: limits.Limits) -> None:
    """Refuse a PDF whose drawing instructions unpack to too much.

    pdfminer unpacks and interprets every content stream in full, and each
    drawing instruction becomes an object (tens of thousands a second): a 100 KB
    file can inflate to 100 MB of instructions and take hours. The pages'
    content streams and the forms they draw are inflated here in bounded steps,
    their output counted and thrown away, before any page is interpreted; one
    stream may not exceed ``pdf_stream_kb`` nor all of them ``pdf_content_mb``.
    """
    streams: list[PDFStream] = []
    for page in pdf.pages:
        contents = page.page_obj.contents or []
        streams.extend(c for c in (resolve1(c) for c in contents) if isinstance(c, PDFStream))
    document = pdf.doc
    for xref in document.xrefs:
        for objid in xref.get_objids():
            try:
                obj = document.getobj(objid)
            except Exception:  # a damaged object: the reading below says so, or skips it
                continue
            if isinstance(obj, PDFStream) and obj.get("Subtype") is _FORM:
                streams.append(obj)
    budget = bounds.pdf_content_mb * limits.MB
    per_stream = bounds.pdf_stream_kb * 1024
    for stream in streams:
        raw = stream.rawdata if stream.rawdata is not None else (stream.data or b"")
        filters = stream.get_filters()
        if filters and filters[0][0] in _FLATE:
            size = _inflated_size(raw, per_stream + 1)
        else:
            size = len(raw)
        budget -= size
        if size > per_stream or budget < 0:
            raise limits.refuse(
                name,
                f"nội dung PDF quá lớn khi giải nén (hơn {bounds.pdf_stream_kb} KB một luồng "
                f"hoặc {bounds.pdf_content_mb} MB tất cả)",
                f"PDF content too large unpacked (over {bounds.pdf_stream_kb} KB in one "
                f"stream or {bounds.pdf_content_mb} MB in all)",
            )


def _inflated_size(raw: bytes, cap: int) -> int:
    """The size ``raw`` inflates to, counted up to ``cap`` in 1 MB steps."""
    inflater = zlib.decompressobj()
    size = 0
    data = raw
    try:
        while size < cap:
            chunk = inflater.decompress(data, limits.MB)
            size += len(chunk)
            data = inflater.unconsumed_tail
            if not chunk:
                break
    except zlib.error:  # damaged: pdfminer reads what it can
        pass
    return size


def _page_count(path: Path) -> int | None:
    """The number of pages as PDFium counts them (cheap), None if PDFium cannot open it."""
    try:
        document = pypdfium2.PdfDocument(str(path))
    except Exception:  # damaged or encrypted: pdfplumber says why below
        return None
    try:
        return len(document)
    finally:
        document.close()


def read(path: Path, on_page: Callable[[int, int], None] | None = None) -> Layout:
    bounds = limits.current()
    pages_found = _page_count(path)
    if pages_found is not None and pages_found > bounds.pages:
        raise limits.refuse(
            path,
            f"tệp PDF quá nhiều trang ({pages_found}, tối đa {bounds.pages})",
            f"PDF has too many pages ({pages_found}, limit {bounds.pages})",
        )
    try:
        pdf = pdfplumber.open(path, unicode_norm="NFC")
        pages = pdf.pages
    except Exception as exc:
        if _encrypted(exc):
            raise UnreadableDocument(str(path), ENCRYPTED) from exc
        raise
    with pdf:
        _check_content(pdf, str(path), bounds)
        blocks: list[Block] = []
        tables = 0
        has_text = False
        if len(pages) > bounds.pages:  # PDFium could not count them
            raise limits.refuse(
                path,
                f"tệp PDF quá nhiều trang ({len(pages)}, tối đa {bounds.pages})",
                f"PDF has too many pages ({len(pages)}, limit {bounds.pages})",
            )
        deadline = time.monotonic() + bounds.pdf_seconds
        for page_no, page in enumerate(pages, 1):
            if time.monotonic() > deadline:
                raise limits.refuse(
                    path,
                    f"đọc tệp PDF quá lâu (hơn {bounds.pdf_seconds} giây, dừng ở trang {page_no})",
                    f"reading the PDF took too long (over {bounds.pdf_seconds} s, stopped at "
                    f"page {page_no})",
                )
            has_text = has_text or bool(page.chars)
            page_blocks = _page_blocks(page, page_no, tables + 1)
            tables += sum(isinstance(b, Table) for b in page_blocks)
            blocks.extend(page_blocks)
            page.close()  # frees the page's parsed objects: long plans stay small
        if not has_text:
            blocks = _ocr(pdf, str(path), on_page, bounds)
            if blocks is None:
                raise UnreadableDocument(str(path), SCANNED)
    return Layout(blocks=blocks, name=path.name)
