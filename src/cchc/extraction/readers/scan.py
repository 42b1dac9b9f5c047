"""Scanned PDF pages (no text layer) through Tesseract, tables included.

Reform plans are often signed on paper and scanned. Tesseract alone reads a
ruled table as loose lines and loses which text sat in which column, so each
page is read in steps:

1. the page is cleaned (``page_clean``: stamp and pen colour removed, paper
   evened, grain and specks out, ink set black), straightened, and its ruling lines are
   found in the pixels (``page_grid``);
2. the rules are painted out and Tesseract reads the page once, giving every
   word with its box (TSV output); a page that reads as nonsense (low
   confidence, or words standing on end) is asked its orientation (a landscape
   table is often fed sideways), turned and read again;
3. each word inside a table row goes to its cell (a cell spanning several
   columns keeps its text in the first, as the text-layer reader does); cells
   holding only a short mark are read again alone, and the marks mended
   (``numbering_marks``); the other words become the page's lines.

Tesseract runs with one thread (``OMP_THREAD_LIMIT=1`` unless set): on a
server reading several documents, or a small machine, its threads only fight
each other; pages go to it uncompressed (PNM, nothing to encode). Tesseract is
not told a page's resolution (it estimates it from the letters' height: told 300
dpi, it read "pháp" as "phán" on a page scanned at 200), but is told that of a
cell read alone (too little text to estimate from).

The blocks are the same as those of a PDF with a text layer (``Table`` rows with
``Source(page, table, row)``, ``Paragraph`` lines with ``Source(page, line)``),
so everything downstream is unchanged; words Tesseract is unsure of become the
row's ``doubts``, shown to the officer who reviews the plan.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from cchc.extraction.layout import Block, Paragraph, Row, Source, Table, in_reading_order
from cchc.extraction.readers import page_clean, page_grid
from cchc.extraction.readers.numbering_marks import mend_line_mark, mend_mark
from cchc.extraction.readers.page_grid import SLACK, RowBand
from cchc.extraction.vocabulary import mend_ocr

RESOLUTION = 300  # dpi: what Tesseract reads best
CLEAN = True  # clean the page before OCR (``page_clean``); off only to measure what it gains
OCR_TIMEOUT = 300  # seconds per page
MIN_ORIENTATION = 2.0  # Tesseract's confidence below which a page is not turned over
MARK_PIXELS = 12  # ink pixels that make a cell worth reading on its own
SHORT_MARK = 3  # characters: a numbering mark such as "a)", "1.2", "IV"
MARK_PAD = 10  # white pixels around a cell read alone (Tesseract misreads marks with more)
UNSURE = 80  # a word Tesseract is less sure of (0–100) goes into its row's doubts
ONE_LINE = 80  # pixels (at 300 dpi): ink shorter than this is a single line
SPECK_CONFIDENCE = 70  # below it, a word of punctuation alone on a page is taken for specks
MARK_SIZE = 8  # pixels (at 300 dpi): ink smaller both ways is a speck, not a mark
UNREADABLE = 55  # mean confidence below which a page may lie sideways or upside down
STANDING = 0.5  # share of words taller than wide that says the page lies sideways


@dataclass
class _Word:
    text: str
    left: int
    top: int
    right: int
    bottom: int
    line: tuple[int, int, int]  # Tesseract's block, paragraph and line numbers
    confidence: float  # Tesseract's, 0–100

    @property
    def x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def y(self) -> float:
        return (self.top + self.bottom) / 2


def tesseract() -> str | None:
    """The Tesseract program, if it is installed with its Vietnamese data."""
    program = shutil.which("tesseract")
    if program is None:
        return None
    langs = subprocess.run(
        [program, "--list-langs"], capture_output=True, text=True, timeout=30
    ).stdout.split()
    return program if "vie" in langs else None


def _environment() -> dict[str, str]:
    """Tesseract's environment: one thread unless the caller chose otherwise."""
    return {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}


def _save(image: Image.Image, folder: Path, name: str) -> Path:
    """``image`` written for Tesseract: PNM, which costs nothing to encode."""
    path = folder / f"{name}.{'ppm' if image.mode == 'RGB' else 'pgm'}"
    image.save(path)
    return path


def _turn(program: str, gray: Image.Image, folder: Path) -> int:
    """Degrees to turn the page by to put it the right way up (0, 90, 180 or 270):
    Tesseract's orientation detection; 0 for a page with too little text for it to
    tell, or an unsure answer."""
    found = subprocess.run(
        [program, str(_save(gray, folder, "page")), "stdout", "--psm", "0"],
        capture_output=True, text=True, timeout=OCR_TIMEOUT, check=False, env=_environment(),
    ).stdout  # fmt: skip
    turn = re.search(r"^Rotate: (\d+)", found, re.M)
    sure = re.search(r"^Orientation confidence: ([\d.]+)", found, re.M)
    if not turn or not sure or float(sure.group(1)) < MIN_ORIENTATION:
        return 0
    return int(turn.group(1))


def _unreadable(words: list[_Word]) -> bool:
    """True for a page read as if it were not the right way up: little confidence
    in its words, or most words standing on end (a page lying sideways)."""
    long = [w for w in words if len(w.text) >= 3]
    if not long:
        return True
    standing = sum(w.bottom - w.top > w.right - w.left for w in long)
    mean = sum(w.confidence for w in long) / len(long)
    return mean < UNREADABLE or standing > STANDING * len(long)


def _tesseract_tsv(
    program: str, image: Image.Image, folder: Path, dpi: int | None, *options: str
) -> str:
    """Tesseract's TSV of ``image``; told its resolution ``dpi`` unless None."""
    path = _save(image, folder, "image")
    told = ["--dpi", str(dpi)] if dpi else []
    return subprocess.run(
        [program, str(path), "stdout", "-l", "vie", *told, *options, "tsv"],
        capture_output=True, text=True, timeout=OCR_TIMEOUT, check=True, env=_environment(),
    ).stdout  # fmt: skip


def _words(tsv: str, dx: int = 0, dy: int = 0) -> list[_Word]:
    """The words of Tesseract's TSV output, their boxes moved by (dx, dy)."""
    words = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = unicodedata.normalize("NFC", (row.get("text") or "").strip())
        if row["level"] != "5" or not text:
            continue
        left, top = int(row["left"]) + dx, int(row["top"]) + dy
        line = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        right, bottom = left + int(row["width"]), top + int(row["height"])
        words.append(_Word(text, left, top, right, bottom, line, float(row["conf"])))
    return words


def _no_specks(words: list[_Word], dpi: int) -> list[_Word]:
    """``words`` less those Tesseract made of dust and toner specks: no letter or
    digit, and either smaller than a mark or read with little confidence."""
    size = MARK_SIZE * dpi / RESOLUTION
    return [
        w
        for w in words
        if any(c.isalnum() for c in w.text)
        or (w.confidence >= SPECK_CONFIDENCE and max(w.right - w.left, w.bottom - w.top) >= size)
    ]


def _mark_only(words: list[_Word] | None) -> bool:
    """True for a cell the page read found empty or holding one short mark ("b)", "1.")."""
    return not words or (len(words) == 1 and len(words[0].text) <= SHORT_MARK)


def _reread_short_cells(
    program: str,
    page: Image.Image,
    ink: Image.Image,
    tables: list[list[RowBand]],
    folder: Path,
    dpi: int,
) -> None:
    """Read again, alone, the cells with ink where the page read found nothing or
    one short mark.

    Read as a whole page, Tesseract drops short isolated marks such as the "-" of a
    numbering column, or misreads them ("Bˆ" for "2."); these marks carry the task
    structure, and read alone as one line they come out right far more often (read
    together, stacked on one sheet, they came out wrong again: "3." for "2.").
    """
    scale = dpi / RESOLUTION
    inset = SLACK + 6  # clear of the border line and its blur
    size, pad = max(1, round(MARK_SIZE * scale)), max(1, round(MARK_PAD * scale))
    for band in (band for table in tables for band in table):
        for cell, (left, right) in enumerate(zip(band.borders, band.borders[1:], strict=False)):
            if right - left <= 2 * inset or not _mark_only(band.words.get(cell)):
                continue
            box = (left + inset, band.top + 3, right - inset, band.bottom - 3)
            marks = ink.crop(box)
            if marks.histogram()[0] < MARK_PIXELS * scale * scale:
                continue
            x0, y0, x1, y1 = ImageOps.invert(marks).getbbox()  # the ink, tightly
            if x1 - x0 < size and y1 - y0 < size:  # a speck of dust
                continue
            where = (box[0] + x0, box[1] + y0, box[0] + x1, box[1] + y1)  # on the page
            # Strokes Tesseract saw nothing in: "-", "I", "II", "III" (see stroke_mark).
            strokes = cell not in band.words and page_grid.stroke_mark(marks.crop((x0, y0, x1, y1)))
            if strokes:
                band.words[cell] = [_Word(strokes, *where, line=(0, 0, 0), confidence=100.0)]
                continue
            crop = ImageOps.expand(page.crop(where), border=pad, fill=255)
            # One line (a mark, a short label) reads best as a line, more as a block.
            mode = "7" if where[3] - where[1] < ONE_LINE * scale else "6"
            tsv = _tesseract_tsv(program, crop, folder, dpi, "--psm", mode)
            words = [
                w
                for w in _words(tsv, where[0] - pad, where[1] - pad)
                # Not a speck ("+", "«"), but a dash or the stroke of "I" ("|") may be kept.
                if any(c.isalnum() for c in w.text)
                or (set(w.text) <= set("-|") and max(w.right - w.left, w.bottom - w.top) >= size)
            ]
            if words:
                band.words[cell] = words


def _place(word: _Word, tables: list[list[RowBand]]) -> bool:
    """Put the word in the cell it lies in; False when it lies outside every table."""
    for table in tables:
        for band in table:
            if not band.top <= word.y <= band.bottom:
                continue
            for cell, (left, right) in enumerate(zip(band.borders, band.borders[1:], strict=False)):
                if left <= word.x <= right:
                    band.words.setdefault(cell, []).append(word)
                    return True
    return False


def _lines(words: list[_Word]) -> list[list[_Word]]:
    """Words grouped into lines by their vertical position, each line left to right."""
    lines: list[list[_Word]] = []
    for word in sorted(words, key=lambda w: w.y):
        last = lines[-1] if lines else None
        if last and word.y - last[-1].y < (word.bottom - word.top) * 0.6:
            last.append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.left) for line in lines]


def _mend_words(text: str) -> str:
    """Text with OCR's misreadings of a plan's most frequent words undone
    (``vocabulary.mend_ocr``: "Uy ban", "thành phế", "UB ND")."""
    return mend_ocr(text)


def _table_rows(
    table: list[RowBand], page_no: int, number: int, unwrap: Callable[[str], str]
) -> list[Row]:
    columns = page_grid.columns(table)
    rows = []
    for index, band in enumerate(table, 1):
        cells = [""] * max(len(columns) - 1, 1)
        for cell, words in band.words.items():
            left = band.borders[cell]
            first = min(range(len(cells)), key=lambda c: abs(columns[c] - left))
            text = "\n".join(" ".join(w.text for w in line) for line in _lines(words))
            cells[first] = mend_mark(unwrap(_mend_words(text)))
        unsure = [w.text for ws in band.words.values() for w in ws if w.confidence < UNSURE]
        doubts = [f"chữ quét đọc chưa chắc / uncertain OCR: {', '.join(unsure)}"] if unsure else []
        rows.append(Row(cells, Source(page=page_no, table=number, row=index), doubts=doubts))
    return rows


def _read_tables(
    program: str, gray: Image.Image, folder: Path, dpi: int
) -> tuple[list[list[RowBand]], list[_Word], Image.Image, Image.Image]:
    """The page straightened, its tables found and read once: the tables (their rows
    still empty), the page's words, the page in grey they were read on (cleaned and
    stretched) and its ink in black and white."""
    gray = page_grid.straighten(gray)
    if CLEAN:
        smooth = page_clean.denoise(gray)
        text, ink = page_clean.despeckle(
            page_clean.stretch(smooth), page_clean.binarise(smooth), dpi
        )
        rules = page_clean.rules_ink(gray)
    else:
        text, ink = gray, page_grid.ink_of(gray)
        rules = ink
    tables = page_grid.find_tables(rules)
    tsv = _tesseract_tsv(program, page_grid.erase_rules(text, tables), folder, None)
    return tables, _no_specks(_words(tsv), dpi), text, ink


def read_page(
    program: str,
    image: Image.Image,
    page_no: int,
    first_table: int,
    unwrap: Callable[[str], str],
    dpi: int = RESOLUTION,
) -> list[Block]:
    """The blocks of one scanned page (drawn at ``dpi``), in reading order."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        gray = page_clean.clean(image) if CLEAN else image.convert("L")
        tables, words, text, ink = _read_tables(program, gray, folder, dpi)
        if _unreadable(words) and (turn := _turn(program, text, folder)):
            gray = gray.rotate(-turn, expand=True, fillcolor=255)
            tables, words, text, ink = _read_tables(program, gray, folder, dpi)
        outside = [word for word in words if not _place(word, tables)]
        _reread_short_cells(program, text, ink, tables, folder, dpi)
    placed: list[tuple[float, Block]] = []
    for offset, table in enumerate(tables):
        number = first_table + offset
        rows = _table_rows(table, page_no, number, unwrap)
        placed.append((table[0].top, Table(rows, Source(page=page_no, table=number))))
    by_line: dict[tuple[int, int, int], list[_Word]] = {}
    for word in outside:
        by_line.setdefault(word.line, []).append(word)
    lines = []
    for line in by_line.values():
        text = _mend_words(" ".join(w.text for w in sorted(line, key=lambda w: w.left)))
        bottoms = sorted(w.bottom for w in line)
        lines.append(
            _Line(
                min(w.top for w in line), bottoms[len(bottoms) // 2],
                min(w.left for w in line), max(w.right for w in line), mend_line_mark(text),
            )
        )  # fmt: skip
    barriers = [table[0].top for table in tables]
    placed += [(top, Paragraph(text)) for top, text in _paragraphs(lines, barriers, dpi)]
    return in_reading_order(placed, page_no)


@dataclass
class _Line:
    top: int
    base: int  # the bottom of most of its words: the baseline, near enough
    left: int
    right: int
    text: str


FULL = 0.06  # a line ending this close to the right margin (share of the text width) is full
INDENT = 25  # pixels (at 300 dpi): a line starting further right is indented
PITCH_SLACK = 10  # pixels (at 300 dpi) two lines of one paragraph may lie further apart
ITEM = re.compile(r"[-+–•]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ][).]\s|[IVX]{1,4}\.\s")
SENTENCE_END = (".", ";", ":", "!", "?")
MIN_LINES = 5  # lines a page needs before their right edges tell its margin


def _paragraphs(lines: list[_Line], barriers: list[int], dpi: int) -> list[tuple[int, str]]:
    """The page's lines (outside tables) joined into paragraphs, as the text-layer
    reader joins them: a line goes on the one above when it follows at the line
    pitch with no table between, the one above is full (reaches the right margin:
    justified prose wrapped there) and it is not indented past it nor an item
    opening after a finished sentence. A heading wrapped over two lines ("1. Tổ
    chức … dữ liệu cá" / "nhân") is then one heading, as printed."""
    lines = sorted(lines, key=lambda line: line.top)
    if len(lines) < MIN_LINES:
        return [(line.top, line.text) for line in lines]
    scale = dpi / RESOLUTION
    rights = sorted(line.right for line in lines)
    margin, left = rights[len(rights) * 9 // 10], min(line.left for line in lines)
    width = max(margin - left, 1)
    steps = sorted(b.base - a.base for a, b in zip(lines, lines[1:], strict=False))
    pitch = steps[len(steps) // 4]  # most neighbours are lines of one paragraph
    out: list[tuple[int, str, _Line]] = []
    for line in lines:
        if out:
            top, text, last = out[-1]
            close = line.base - last.base <= pitch + PITCH_SLACK * scale and not any(
                last.base <= b <= line.top for b in barriers
            )
            full = last.right >= margin - FULL * width
            flush = line.left <= last.left + INDENT * scale or (
                line.left <= left + INDENT * scale < last.left
            )
            item = ITEM.match(line.text) and last.text.rstrip().endswith(SENTENCE_END)
            if close and full and flush and not item:
                joined = text + line.text if text.endswith("-") else f"{text} {line.text}"
                out[-1] = (top, joined, line)
                continue
        out.append((line.top, line.text, line))
    return [(top, text) for top, text, _ in out]
