"""Scanned PDF pages (no text layer) through Tesseract, tables included.

Reform plans are often signed on paper and scanned. Tesseract alone reads a
ruled table as loose lines and loses which text sat in which column, so each
page is read in three steps:

1. the page is drawn at 300 dpi and its ruling lines are found in the pixels:
   long dark runs across a row are horizontal rules; between two consecutive
   rules (a table row), the pixel columns dark over the whole height are the
   cell borders of that row;
2. the rules are painted out and Tesseract reads the page once, giving every
   word with its box (TSV output);
3. each word inside a table row goes to its cell (a cell spanning several
   columns keeps its text in the first, as the text-layer reader does); the
   other words become the page's lines.

The blocks are the same as those of a PDF with a text layer (``Table`` rows with
``Source(page, table, row)``, ``Paragraph`` lines with ``Source(page, line)``),
so everything downstream is unchanged. Only the standard library and Pillow
(which pdfplumber already needs) are used on the pixels.
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
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageOps

from cchc.extraction.layout import Block, Paragraph, Row, Source, Table

RESOLUTION = 300  # dpi: what Tesseract reads best
INK = 160  # grey level below which a pixel is ink
RULE_SPAN = 0.25  # a horizontal rule is at least this share of the page width
BORDER_FILL = 0.9  # a cell border is dark over this share of its row's height
SLACK = 2  # pixels of thickening, so that a slightly skewed rule still reads as one line
OCR_TIMEOUT = 300  # seconds per page
SKEW_ANGLES = [step / 4 for step in range(-12, 13)]  # degrees tried: ±3° in quarter steps
MIN_SKEW = 0.5  # degrees: a page turned less is read as it is
MIN_ORIENTATION = 2.0  # Tesseract's confidence below which a page is not turned over
MARK_PIXELS = 12  # ink pixels that make a cell worth reading on its own
MISREAD_MARK = re.compile(r"^(\w{1,3})[}\]]$")  # "b}", "12]": a numbering mark "b)", "12)"
MISREAD_NUMBER = re.compile(r"^(\d{1,2}),$")  # "1,": a numbering mark "1."
ROMAN_MISREAD = re.compile(r"[|lIVX]{1,4}\.?")  # a section number such as "II", read "lI"
SHORT_MARK = 3  # characters: a numbering mark such as "a)", "1.2", "IV"
MARK_PAD = 10  # white pixels around a cell read alone (Tesseract misreads marks with more)
UNSURE = 80  # a word Tesseract is less sure of (0–100) goes into its row's doubts
ALPHABET = "abcdđeghiklmnopqrstuvxy"  # the letters that number sub-tasks, in order
# What Tesseract reads for a letter, where it misreads one.
LOOK_ALIKES = {"i": "jí1l|!", "l": "1I|i", "o": "0ôơ", "s": "5$", "e": "8c", "g": "9q",
               "q": "9g", "b": "6", "t": "+f", "đ": "d", "u": "ư", "y": "ý"}  # fmt: skip
MARK = re.compile(r"\S{1,4}[).]|[IVX]{1,4}")  # what the numbering column holds: "a)", "1.", "II"
LETTER_MARK = re.compile(r"\S\)")  # "a)", or what OCR made of one ("0)")
BAR_FILL, BAR_SHAPE = 0.75, 0.35  # a solid stroke: mostly ink, at least ~3 times as long as wide
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


@dataclass
class _RowBand:
    """One table row: between two horizontal rules, split by its cell borders."""

    top: int
    bottom: int
    borders: list[int]  # x of each vertical border, left to right
    words: dict[int, list[_Word]] = field(default_factory=dict)  # cell index → words


def tesseract() -> str | None:
    """The Tesseract program, if it is installed with its Vietnamese data."""
    program = shutil.which("tesseract")
    if program is None:
        return None
    langs = subprocess.run(
        [program, "--list-langs"], capture_output=True, text=True, timeout=30
    ).stdout.split()
    return program if "vie" in langs else None


def _runs(mask: bytes, width: int, height: int, min_run: int) -> list[int]:
    """Indexes of the pixel rows of ``mask`` (0 = ink) holding an ink run of ``min_run``."""
    run = b"\x00" * min_run
    return [y for y in range(height) if run in mask[y * width : (y + 1) * width]]


def _group(indexes: list[int], gap: int = 3) -> list[tuple[int, int]]:
    """Consecutive indexes (a thick or doubled line) as (first, last) pairs."""
    groups: list[tuple[int, int]] = []
    for i in indexes:
        if groups and i - groups[-1][1] <= gap:
            groups[-1] = (groups[-1][0], i)
        else:
            groups.append((i, i))
    return groups


def _ink(image: Image.Image) -> Image.Image:
    """Black-and-white copy of the page: ink 0, paper 255."""
    return image.point(lambda v: 0 if v < INK else 255)


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


def _straighten(gray: Image.Image) -> Image.Image:
    """The page turned upright: skewed as a sheet lies crooked in a scanner.

    The angle is the one at which the rows of ink are sharpest (text lines and rules
    run level, so the ink per pixel row swings most between line and gap), tried on
    a quarter-size copy.
    """
    small = ImageOps.invert(gray.reduce(4))  # ink bright, paper black

    def sharpness(angle: float) -> float:
        turned = small.rotate(angle, resample=Image.Resampling.BILINEAR)
        rows = turned.resize((1, turned.height), Image.Resampling.BOX).tobytes()
        return sum((a - b) ** 2 for a, b in zip(rows, rows[1:], strict=False))

    best = max(SKEW_ANGLES, key=sharpness)
    if abs(best) < MIN_SKEW:  # the rules still read as lines; turning would blur the marks
        return gray
    return gray.rotate(best, resample=Image.Resampling.BICUBIC, fillcolor=255)


def _horizontal_rules(ink: Image.Image) -> list[tuple[int, int]]:
    width, height = ink.size
    thick = ink.filter(ImageFilter.MinFilter(2 * SLACK + 1))  # ink spreads by SLACK
    rows = _runs(thick.tobytes(), width, height, int(width * RULE_SPAN))
    return _group(rows, gap=2 * SLACK + 1)


def _borders(ink: Image.Image, top: int, bottom: int) -> list[int]:
    """x of the vertical lines crossing the whole band between two rules."""
    width = ink.width
    band = ink.crop((0, top, width, bottom)).transpose(Image.Transpose.ROTATE_90)
    band = band.filter(ImageFilter.MinFilter(2 * SLACK + 1))
    data, height = band.tobytes(), band.width  # one row of ``band`` per page column
    needed = int(height * BORDER_FILL)
    columns = [
        width - 1 - i  # ROTATE_90 turns the page's last column into the first row
        for i in range(width)
        if data[i * height : (i + 1) * height].count(0) >= needed
    ]
    return sorted((a + b) // 2 for a, b in _group(sorted(columns), gap=2 * SLACK + 1))


def _tables(ink: Image.Image) -> list[list[_RowBand]]:
    """The page's tables, each a list of row bands, top to bottom."""
    rules = _horizontal_rules(ink)
    tables: list[list[_RowBand]] = []
    previous: _RowBand | None = None
    for (_, upper), (lower, _) in zip(rules, rules[1:], strict=False):
        top, bottom = upper + SLACK + 1, lower - SLACK - 1
        if bottom - top < 8:  # a doubled rule, not a row
            continue
        borders = _borders(ink, top, bottom)
        if len(borders) < 2:  # rules with no borders between them: not a table row
            previous = None
            continue
        band = _RowBand(top, bottom, borders)
        if previous is None:
            tables.append([])
        tables[-1].append(band)
        previous = band
    return tables


def _clean(image: Image.Image, tables: list[list[_RowBand]]) -> Image.Image:
    """The page with its table lines painted white, so that Tesseract reads only text."""
    clean = image.copy()
    draw = ImageDraw.Draw(clean)
    pad = SLACK + 2
    for table in tables:
        for band in table:
            for x in band.borders:
                draw.rectangle((x - pad, band.top - 2 * pad, x + pad, band.bottom + 2 * pad), 255)
            left, right = band.borders[0], band.borders[-1]
            draw.rectangle((left, band.top - 2 * pad, right, band.top), 255)
            draw.rectangle((left, band.bottom, right, band.bottom + 2 * pad), 255)
    return clean


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
    program: str, page: Image.Image, ink: Image.Image, table: list[_RowBand], folder: Path
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
            bar = _bar(marks.crop((x0, y0, x1, y1)))
            if bar:
                band.words[cell] = [_Word(bar, *where, line=(0, 0, 0), confidence=100.0)]
                continue
            crop = page.crop(where)
            padded = ImageOps.expand(crop, border=MARK_PAD, fill=255)
            # One line (a mark, a short label) reads best as a line, more as a block.
            mode = "7" if crop.height < ONE_LINE else "6"
            tsv = _tesseract_tsv(program, padded, folder, "--psm", mode)
            words = _words(tsv, box[0] + x0 - MARK_PAD, box[1] + y0 - MARK_PAD)
            if words:
                band.words[cell] = words


def _bar(ink: Image.Image) -> str | None:
    """ "-" or "I" for ink that is one solid stroke, lying or standing, else None.

    Alone in a cell, Tesseract reads such a stroke as anything ("cI", "GÀ", nothing);
    in a numbering column it is a dash or the Roman one.
    """
    width, height = ink.size
    solid = ink.histogram()[0] >= BAR_FILL * width * height
    if solid and height <= width * BAR_SHAPE:
        return "-"
    if solid and width <= height * BAR_SHAPE:
        return "I"
    return None


def _place(word: _Word, tables: list[list[_RowBand]]) -> bool:
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


def _columns(table: list[_RowBand]) -> list[int]:
    """The table's column borders: every border any row has (a merged cell lacks some)."""
    return [x for x, _ in _group(sorted({x for band in table for x in band.borders}), gap=12)]


def _mark(text: str) -> str:
    """A numbering mark with Tesseract's usual misreadings undone: the closing
    bracket ("b}" → "b)"), the dot ("1," → "1.") and the strokes of a Roman
    numeral ("|", "lI", "H" → "I", "II", "II")."""
    if ROMAN_MISREAD.fullmatch(text) and any(c in text for c in "|l"):
        return text.replace("|", "I").replace("l", "I")
    if text in ("H", "H."):  # the two strokes of "II" run together
        return text.replace("H", "II")
    return MISREAD_NUMBER.sub(r"\1.", MISREAD_MARK.sub(r"\1)", text))


def mend_letter_marks(blocks: list[Block]) -> None:
    """Undo look-alike misreadings inside a sequence of letter marks ("n)", "0)" → "o)").

    Sub-tasks are lettered a), b), c), d), đ), e), g), h), i), k), l)… in the
    Vietnamese alphabet, from one page to the next. Where a mark breaks the sequence
    and what was read is a known look-alike of the letter due next (0 for o, j for
    i), the letter due is what was printed. A digit that could be a number of its
    own ("1)" after "h)") is mended only when the mark after it continues the letters.
    """
    marks: dict[int, list[tuple[Row, str]]] = {}  # column → its marks, in document order
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for column, text in enumerate(row.cells):
                    if MARK.fullmatch(text):
                        marks.setdefault(column, []).append((row, text))
    for column, found in marks.items():
        last = None
        for index, (row, text) in enumerate(found):
            if not LETTER_MARK.fullmatch(text):  # "1.", "II": a new parent, letters restart
                last = None
                continue
            read, due = text[0], _next_letter(last)
            if due and read != due and read in LOOK_ALIKES.get(due, ""):
                after = found[index + 1][1][0] if index + 1 < len(found) else None
                if not read.isdigit() or read == "0" or after == _next_letter(due):
                    read = due
                    row.cells[column] = read + ")"
            last = read if read in ALPHABET else None


def _next_letter(letter: str | None) -> str | None:
    if letter is None or letter not in ALPHABET or letter == ALPHABET[-1]:
        return None
    return ALPHABET[ALPHABET.index(letter) + 1]


def _table_rows(
    table: list[_RowBand], page_no: int, number: int, unwrap: Callable[[str], str]
) -> list[Row]:
    columns = _columns(table)
    rows = []
    for index, band in enumerate(table, 1):
        cells = [""] * max(len(columns) - 1, 1)
        for cell, words in band.words.items():
            left = band.borders[cell]
            first = min(range(len(cells)), key=lambda c: abs(columns[c] - left))
            text = "\n".join(" ".join(w.text for w in line) for line in _lines(words))
            cells[first] = _mark(unwrap(text))
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
        gray = _straighten(_upright(program, image.convert("L"), folder))
        ink = _ink(gray)
        tables = _tables(ink)
        words = _words(_tesseract_tsv(program, _clean(gray, tables), folder))
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
        text = " ".join(w.text for w in sorted(line, key=lambda w: w.left))
        placed.append((min(w.top for w in line), Paragraph(text)))
    placed.sort(key=lambda item: item[0])
    line_no = 0
    for _, block in placed:
        if isinstance(block, Paragraph):
            line_no += 1
            block.source = Source(page=page_no, line=line_no)
    return [block for _, block in placed]
