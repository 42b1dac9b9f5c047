"""Scanned PDF pages (no text layer) through Tesseract, tables included.

Reform plans are often signed on paper and scanned. Tesseract alone reads a
ruled table as loose lines and loses which text sat in which column, so each
page is read in steps:

1. the page is turned the right way up (Tesseract's orientation detection: a
   landscape table is often fed sideways) and straightened, and its ruling lines
   are found in the pixels (``page_grid``);
2. the rules are painted out and Tesseract reads the page once, giving every
   word with its box (TSV output);
3. each word inside a table row goes to its cell (a cell spanning several
   columns keeps its text in the first, as the text-layer reader does); cells
   holding only a short mark are read again alone, and the marks mended
   (``numbering_marks``); the other words become the page's lines.

The blocks are the same as those of a PDF with a text layer (``Table`` rows with
``Source(page, table, row)``, ``Paragraph`` lines with ``Source(page, line)``),
so everything downstream is unchanged; words Tesseract is unsure of become the
row's ``doubts``, shown to the officer who reviews the plan.
"""

from __future__ import annotations

import csv
import io
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
from cchc.extraction.readers import page_grid
from cchc.extraction.readers.numbering_marks import mend_mark
from cchc.extraction.readers.page_grid import SLACK, RowBand

RESOLUTION = 300  # dpi: what Tesseract reads best
OCR_TIMEOUT = 300  # seconds per page
MIN_ORIENTATION = 2.0  # Tesseract's confidence below which a page is not turned over
MARK_PIXELS = 12  # ink pixels that make a cell worth reading on its own
SHORT_MARK = 3  # characters: a numbering mark such as "a)", "1.2", "IV"
MARK_PAD = 10  # white pixels around a cell read alone (Tesseract misreads marks with more)
UNSURE = 80  # a word Tesseract is less sure of (0–100) goes into its row's doubts
LOST_HOOK = re.compile(r"\bUy(?= ban\b)")  # "Uy ban": always "Ủy ban" (people's committee)
LOST_CIRCUMFLEX = re.compile(r"\b([Tt]hành) phế\b")  # always "thành phố" (city)
ONE_LINE = 80  # pixels: ink shorter than this is read as a single line


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


def _upright(program: str, gray: Image.Image, folder: Path) -> Image.Image:
    """The page turned the right way up: a landscape table is often scanned sideways.

    Tesseract's orientation detection says by how much to turn it; a page with too
    little text for it to tell, or an unsure answer, is left as it is.
    """
    path = folder / "page.png"
    gray.save(path)
    found = subprocess.run(
        [program, str(path), "stdout", "--psm", "0"],
        capture_output=True, text=True, timeout=OCR_TIMEOUT, check=False,
    ).stdout  # fmt: skip
    turn = re.search(r"^Rotate: (\d+)", found, re.M)
    sure = re.search(r"^Orientation confidence: ([\d.]+)", found, re.M)
    if not turn or not sure or int(turn.group(1)) == 0 or float(sure.group(1)) < MIN_ORIENTATION:
        return gray
    return gray.rotate(-int(turn.group(1)), expand=True, fillcolor=255)


def _tesseract_tsv(program: str, image: Image.Image, folder: Path, *options: str) -> str:
    path = folder / "image.png"
    image.save(path)
    return subprocess.run(
        [program, str(path), "stdout", "-l", "vie", *options, "tsv"],
        capture_output=True, text=True, timeout=OCR_TIMEOUT, check=True,
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


def _mark_only(words: list[_Word] | None) -> bool:
    """True for a cell the page read found empty or holding one short mark ("b)", "1.")."""
    return not words or (len(words) == 1 and len(words[0].text) <= SHORT_MARK)


def _reread_short_cells(
    program: str, page: Image.Image, ink: Image.Image, table: list[RowBand], folder: Path
) -> None:
    """Read again, alone, the cells with ink where the page read found nothing or
    one short mark.

    Read as a whole page, Tesseract drops short isolated marks such as the "-" of a
    numbering column, or misreads them ("Bˆ" for "2."); these marks carry the task
    structure, and read alone as one line they come out right far more often.
    """
    inset = SLACK + 6  # clear of the border line and its blur
    for band in table:
        for cell, (left, right) in enumerate(zip(band.borders, band.borders[1:], strict=False)):
            if right - left <= 2 * inset or not _mark_only(band.words.get(cell)):
                continue
            box = (left + inset, band.top + 3, right - inset, band.bottom - 3)
            marks = ink.crop(box)
            if marks.histogram()[0] < MARK_PIXELS:
                continue
            x0, y0, x1, y1 = ImageOps.invert(marks).getbbox()  # the ink, tightly
            where = (box[0] + x0, box[1] + y0, box[0] + x1, box[1] + y1)  # on the page
            # Strokes Tesseract saw nothing in: "-", "I", "II", "III" (see stroke_mark).
            strokes = cell not in band.words and page_grid.stroke_mark(marks.crop((x0, y0, x1, y1)))
            if strokes:
                band.words[cell] = [_Word(strokes, *where, line=(0, 0, 0), confidence=100.0)]
                continue
            crop = page.crop(where)
            padded = ImageOps.expand(crop, border=MARK_PAD, fill=255)
            # One line (a mark, a short label) reads best as a line, more as a block.
            mode = "7" if crop.height < ONE_LINE else "6"
            tsv = _tesseract_tsv(program, padded, folder, "--psm", mode)
            words = _words(tsv, box[0] + x0 - MARK_PAD, box[1] + y0 - MARK_PAD)
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
    """Text with misreadings of the most frequent words of a plan undone, where what
    was read is no Vietnamese: the hook of a capital Ủ is small and often lost ("Uy
    ban nhân dân"), and the circumflex of "phố" taken for "ế" ("thành phế")."""
    return LOST_CIRCUMFLEX.sub(r"\1 phố", LOST_HOOK.sub("Ủy", text))


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


def read_page(
    program: str,
    image: Image.Image,
    page_no: int,
    first_table: int,
    unwrap: Callable[[str], str],
) -> list[Block]:
    """The blocks of one scanned page, in reading order."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        gray = page_grid.straighten(_upright(program, image.convert("L"), folder))
        ink = page_grid.ink_of(gray)
        tables = page_grid.find_tables(ink)
        words = _words(_tesseract_tsv(program, page_grid.erase_rules(gray, tables), folder))
        outside = [word for word in words if not _place(word, tables)]
        for table in tables:
            _reread_short_cells(program, gray, ink, table, folder)
    placed: list[tuple[float, Block]] = []
    for offset, table in enumerate(tables):
        number = first_table + offset
        rows = _table_rows(table, page_no, number, unwrap)
        placed.append((table[0].top, Table(rows, Source(page=page_no, table=number))))
    by_line: dict[tuple[int, int, int], list[_Word]] = {}
    for word in outside:
        by_line.setdefault(word.line, []).append(word)
    for line in by_line.values():
        text = _mend_words(" ".join(w.text for w in sorted(line, key=lambda w: w.left)))
        placed.append((min(w.top for w in line), Paragraph(text)))
    return in_reading_order(placed, page_no)
