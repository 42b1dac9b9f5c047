"""Bounds on what one uploaded file may cost to read: one place for every reader.

A small file can unpack, declare or render into something huge: a 36 KB .xlsx
declaring 6 001 × 16 384 cells, a 1 KB PDF with a 40-inch page rendered at
300 dpi for OCR, a 30 KB .docx whose document.xml unpacks to 100 MB. Every
reader (``cchc.extraction.readers``) and every spreadsheet import of the
application (``readers.xlsx``) checks its input against :class:`Limits`
*before* the expensive step (unpacking, rendering, materialising rows) and
refuses with :class:`UnreadableDocument`, whose reason names the file and the
limit in Vietnamese and English.

The defaults keep one worker under about 500 MB and every file under 30 s (see
``benchmarks/fuzz_uploads.py``) while leaving real plans, task lists and
directories far inside them. Each limit can be changed from the environment
(``CCHC_LIMIT_<NAME>``, e.g. ``CCHC_LIMIT_PAGES=800``), read when the limits are
asked for, or by :func:`configure` (what a deployment's settings module calls).
"""

from __future__ import annotations

import dataclasses
import math
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cchc.extraction.errors import UnreadableDocument

MB = 2**20


@dataclass(frozen=True)
class Limits:
    file_mb: int = 64  # the file as uploaded
    member_mb: int = 32  # one part of a zip container (.docx, .xlsx), unpacked
    unpacked_mb: int = 160  # all parts of a zip container together, unpacked
    members: int = 2000  # parts of a zip container
    ratio: int = 200  # unpacked ÷ packed size of one part (checked above 1 MB unpacked)
    pages: int = 1000  # pages of a PDF
    scan_pages: int = 200  # pages of a PDF read through OCR (about 10 s each)
    pdf_content_mb: int = 48  # PDF drawing instructions (content streams, forms), unpacked
    pdf_stream_kb: int = 512  # one stream of drawing instructions (real pages: 5–50 KB)
    pdf_seconds: int = 120  # reading the text layer, checked between pages
    page_pixels: int = 25_000_000  # pixels of one page rendered for OCR (A3 at 300 dpi: 17 M)
    min_dpi: int = 100  # a page that fits the pixels only below this is refused
    blocks: int = 50_000  # paragraphs and table rows of one document
    cells: int = 1_000_000  # table cells of one document or spreadsheet
    html_cells: int = 100_000  # table cells of an HTML page (parsing costs ~40 µs a cell)
    text_chars: int = 2_000_000  # characters of one document (the largest seed plan: 87 000)
    line_chars: int = 100_000  # characters of one paragraph or cell
    rows: int = 100_000  # spreadsheet rows read
    columns: int = 200  # spreadsheet columns read (the rest of a row is ignored)
    depth: int = 32  # tables nested in tables, elements nested in elements

    def replace(self, **changes) -> Limits:
        return dataclasses.replace(self, **changes)


_configured: dict[str, int] = {}


def configure(**changes: int) -> None:
    """Change the limits for this process (e.g. from Django settings); unknown names fail."""
    names = {f.name for f in dataclasses.fields(Limits)}
    unknown = set(changes) - names
    if unknown:
        raise TypeError(f"unknown limits: {', '.join(sorted(unknown))}")
    _configured.update({k: int(v) for k, v in changes.items()})


def current() -> Limits:
    """The defaults, changed by ``CCHC_LIMIT_<NAME>`` variables, then by :func:`configure`."""
    changes: dict[str, int] = {}
    for f in dataclasses.fields(Limits):
        raw = os.environ.get(f"CCHC_LIMIT_{f.name.upper()}")
        if raw and raw.strip().isdigit():
            changes[f.name] = int(raw)
    changes.update(_configured)
    return Limits(**changes)


def refuse(path: str | Path, vi: str, en: str) -> UnreadableDocument:
    """The error for a file over a limit: one line, Vietnamese then English."""
    return UnreadableDocument(str(path), f"{vi} / {en}")


def _mb(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n / 1024:.0f} KB"


def check_zip(
    source: str | Path | BinaryIO,
    name: str | Path,
    limits: Limits | None = None,
    *,
    streamed: tuple[str, ...] = (),
    streamed_mb: int | None = None,
    damaged: str = "tệp nén bị hỏng / damaged zip container",
) -> None:
    """Refuse a zip container (.docx, .xlsx) whose parts unpack to too much.

    The sizes come from the archive's directory, before anything is unpacked;
    the reader then unpacks through :func:`open_member` or trusts the checked
    sizes (zipfile stops at the declared size and checks the CRC, so a part
    cannot unpack to more than its directory entry says). Parts whose names
    start with one of ``streamed`` (worksheets, read row by row) may be as
    large as ``streamed_mb`` and do not count towards the total.
    """
    limits = limits or current()
    try:
        archive = zipfile.ZipFile(source)
    except Exception as exc:  # BadZipFile, OSError, NotImplementedError (odd versions)...
        raise UnreadableDocument(str(name), damaged) from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.members:
            raise refuse(
                name,
                f"tệp có quá nhiều phần ({len(infos)}, tối đa {limits.members})",
                f"too many parts in the file ({len(infos)}, limit {limits.members})",
            )
        total = 0
        for info in infos:
            size = info.file_size
            is_streamed = info.filename.startswith(streamed) if streamed else False
            limit = (streamed_mb or limits.member_mb) if is_streamed else limits.member_mb
            if size > limit * MB:
                raise refuse(
                    name,
                    f"phần {info.filename} quá lớn khi giải nén ({_mb(size)}, tối đa {limit} MB)",
                    f"part {info.filename} too large unpacked ({_mb(size)}, limit {limit} MB)",
                )
            if size > MB and size > limits.ratio * max(info.compress_size, 1):
                ratio = size / max(info.compress_size, 1)
                raise refuse(
                    name,
                    f"phần {info.filename} nén bất thường (tỉ lệ {ratio:.0f}:1, tối đa "
                    f"{limits.ratio}:1)",
                    f"part {info.filename} abnormally compressed (ratio {ratio:.0f}:1, limit "
                    f"{limits.ratio}:1)",
                )
            if not is_streamed:
                total += size
        if total > limits.unpacked_mb * MB:
            raise refuse(
                name,
                f"tệp quá lớn khi giải nén ({_mb(total)}, tối đa {limits.unpacked_mb} MB)",
                f"file too large unpacked ({_mb(total)}, limit {limits.unpacked_mb} MB)",
            )
    if hasattr(source, "seek"):
        source.seek(0)


def render_dpi(
    width_pt: float, height_pt: float, dpi: int, page_no: int, name: str, limits: Limits
) -> int:
    """The resolution to render a page of ``width_pt`` × ``height_pt`` points for OCR.

    ``dpi`` when the page fits ``page_pixels`` at it; a lower one for a large
    page (a plan printed on A2); refused when even ``min_dpi`` would not fit, or
    when the page has no area.
    """
    if not (width_pt > 0 and height_pt > 0 and math.isfinite(width_pt * height_pt)):
        raise refuse(
            name, f"trang {page_no} có kích thước không hợp lệ", f"page {page_no} has no valid size"
        )
    pixels = (width_pt / 72 * dpi) * (height_pt / 72 * dpi)
    if pixels <= limits.page_pixels:
        return dpi
    fitting = int(dpi * math.sqrt(limits.page_pixels / pixels))
    if fitting < limits.min_dpi:
        cm = f"{width_pt / 72 * 2.54:.0f} × {height_pt / 72 * 2.54:.0f} cm"
        raise refuse(
            name,
            f"trang {page_no} quá lớn để nhận dạng chữ ({cm}, tối đa "
            f"{limits.page_pixels // 1_000_000} triệu điểm ảnh ở {limits.min_dpi} dpi)",
            f"page {page_no} too large for OCR ({cm}, limit "
            f"{limits.page_pixels // 1_000_000} megapixels at {limits.min_dpi} dpi)",
        )
    return fitting


class Counter:
    """Counts paragraphs, rows and cells as a reader produces them; refuses past the limits."""

    def __init__(self, name: str | Path, limits: Limits | None = None):
        self.name = str(name)
        self.limits = limits or current()
        self.blocks = 0
        self.cells = 0

    def block(self, cells: int = 0) -> None:
        self.blocks += 1
        self.add_cells(cells)
        if self.blocks > self.limits.blocks:
            raise refuse(
                self.name,
                f"tài liệu quá dài (hơn {self.limits.blocks} đoạn và dòng bảng)",
                f"document too long (over {self.limits.blocks} paragraphs and table rows)",
            )

    def add_cells(self, cells: int) -> None:
        self.cells += cells
        if self.cells > self.limits.cells:
            raise refuse(
                self.name,
                f"bảng quá lớn (hơn {self.limits.cells} ô)",
                f"tables too large (over {self.limits.cells} cells)",
            )

    def layout(self, blocks) -> None:
        """Count a whole layout (paragraphs, rows, cells, characters) against the limits."""
        chars = 0
        for block in blocks:
            texts = [c for row in block.rows for c in row.cells] if hasattr(block, "rows") else None
            if texts is None:
                texts = [block.text]
                self.block()
            else:
                for row in block.rows:
                    self.block(len(row.cells))
            for text in texts:
                chars += len(text)
                if len(text) > self.limits.line_chars:
                    raise refuse(
                        self.name,
                        f"một đoạn văn quá dài (hơn {self.limits.line_chars} ký tự)",
                        f"a paragraph is too long (over {self.limits.line_chars} characters)",
                    )
            if chars > self.limits.text_chars:
                raise refuse(
                    self.name,
                    f"tài liệu quá nhiều chữ (hơn {self.limits.text_chars} ký tự)",
                    f"document has too much text (over {self.limits.text_chars} characters)",
                )

    def depth(self, depth: int) -> None:
        if depth > self.limits.depth:
            raise refuse(
                self.name,
                f"bảng lồng nhau quá sâu (hơn {self.limits.depth} cấp)",
                f"tables nested too deep (over {self.limits.depth} levels)",
            )
