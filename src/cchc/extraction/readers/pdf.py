"""PDF with a text layer, through PDFium (pypdfium2).

PDFium gives every character with its box and its baseline; lines are
characters sharing a baseline, read left to right, words split at a space or a
gap (pdfplumber's tolerances, so the layout is the one the pdfplumber reader
made, about ten times faster). Ruling lines are the straight horizontal and
vertical stretches of the page's path objects; tables are found from them with
pdfplumber's lattice geometry (``pdfplumber.table``: snap, join, intersect,
cells, tables), the one part of pdfplumber still used (pure Python, no pdfminer
page interpretation). A table that continues on the next page stays a separate
``Table`` block (the table logic downstream joins split tables) and each row
keeps its page in ``Source``. The text outside the tables becomes one
``Paragraph`` per line, interleaved with the tables by position on the page
(``Source(page, line)``, lines counted per page). Paths inside form XObjects
are not read as rulings. A PDF without any text layer is a scan: it is read
with Tesseract, tables included (see ``scan``), when Tesseract and its
Vietnamese data are installed, and refused with a clear reason otherwise.

Limits (``cchc.extraction.limits``): the page count is read by PDFium before
any page is read, content streams are bounded before PDFium interprets them; a scan is refused above ``scan_pages``; each page
to OCR is sized from its dimensions in points *before* it is rendered, and a
large page is rendered at a lower resolution (or refused) so that it stays
within ``page_pixels``. A blank page is recognised from a small rendering and
not sent to Tesseract.
"""

from __future__ import annotations

import ctypes
import re
import subprocess
import time
import unicodedata
import zlib
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import LIT
from pdfplumber import table as plumber_table
from pdfplumber import utils as plumber_utils
from PIL import Image

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
_X_TOLERANCE = 3  # points: a wider gap between characters always ends a word
_WORD_GAP = 0.1  # share of the letters' height: a wider gap between two characters ends a word
_Y_TOLERANCE = 3  # points: characters whose tops differ by less share a line


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


@dataclass(slots=True)
class _Char:
    """One character as PDFium placed it: its text (with any combining marks
    drawn after it), its loose box in points from the page's top left, and
    whether a real space comes right before it on its line."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    base: float  # the baseline: characters of one line share it, whatever their font
    space: bool = False


def _chars(textpage: pypdfium2.PdfTextPage, height: float) -> list[_Char]:
    """Every character of a page with its box, in content order. Characters
    PDFium makes up (spaces and line breaks it guesses) are left out, a real
    space only marks the character drawn right after it on its line (see
    ``_mark_spaces``); a combining mark joins the character before it; a
    character drawn twice at the same place (fake bold) counts once."""
    raw = textpage.raw
    out: list[_Char] = []
    spaces: list[tuple[float, float, float]] = []  # each real space: x0, x1, baseline
    seen: set[tuple[str, int, int]] = set()
    x, y = ctypes.c_double(), ctypes.c_double()
    box = pdfium_c.FS_RECTF()
    get_unicode, loose_box = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetLooseCharBox
    get_origin, combining = pdfium_c.FPDFText_GetCharOrigin, unicodedata.combining
    for i in range(textpage.count_chars()):
        code = get_unicode(raw, i)
        if code in (2, 0xFFFE) and pdfium_c.FPDFText_IsHyphen(raw, i) == 1:
            code = 0x2D  # PDFium marks a hyphen that ends a line; it is still drawn
        elif code in (0, 2, 0xFFFE, 0xFFFF):
            continue
        text = chr(code)
        if text.isspace():  # a space PDFium guessed is no space in the content
            if pdfium_c.FPDFText_IsGenerated(raw, i) != 1 and loose_box(raw, i, box):
                base = height - y.value if get_origin(raw, i, x, y) else height - box.bottom
                spaces.append((box.left, box.right, base))
            continue
        if out and combining(text):
            out[-1].text += text
            continue
        if not loose_box(raw, i, box):  # the advance box, as pdfminer's
            continue
        x0, x1 = box.left, box.right
        if x1 <= x0:  # nothing drawn (a zero-width glyph)
            continue
        y0, y1 = height - box.top, height - box.bottom
        key = (text, round(x0), round(y0))
        if key in seen:
            continue
        seen.add(key)
        base = height - y.value if get_origin(raw, i, x, y) else y1
        out.append(_Char(text, x0, y0, x1, y1, base))
    _mark_spaces(out, spaces)
    return out


def _mark_spaces(chars: list[_Char], spaces: list[tuple[float, float, float]]) -> None:
    """Mark the character that follows each real space on its line: the nearest
    one starting right of the space's middle on its baseline. Not simply the next
    one in the content: a producer draws the letters of a fallback font (a
    Vietnamese vowel the main font lacks) after the rest of the line, so the
    character after a space in the content may lie a word further on."""
    if not spaces:
        return
    rows: dict[int, list[_Char]] = {}
    for char in chars:
        rows.setdefault(round(char.base), []).append(char)
    starts: dict[int, list[float]] = {}
    for key, row in rows.items():
        row.sort(key=attrgetter("x0"))
        starts[key] = [char.x0 for char in row]
    reach = int(_Y_TOLERANCE) + 1
    for x0, x1, base in spaces:
        middle, best = (x0 + x1) / 2, None
        for key in range(round(base) - reach, round(base) + reach + 1):
            row = rows.get(key)
            if row is None:
                continue
            k = bisect_left(starts[key], middle)
            while k < len(row) and abs(row[k].base - base) > _Y_TOLERANCE:
                k += 1
            if k < len(row) and (best is None or row[k].x0 < best.x0):
                best = row[k]
        if best is not None:
            best.space = True


@dataclass(slots=True)
class _Line:
    """A visual line outside the tables: its box in points and its text."""

    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    base: float = 0.0
    first_word: float = 0.0  # the width of the line's first word
    last_word: float = 0.0  # and of its last
    first_char: float = 0.0  # and of its first character


def _text_lines(chars: list[_Char]) -> list[_Line]:
    """The lines of ``chars`` with their boxes, from top to bottom (see ``_lines``)."""
    return [_boxed(group) for group in _by_baseline(chars)]


def _by_baseline(chars: list[_Char]) -> list[list[_Char]]:
    """``chars`` in groups of one line: each within ``_Y_TOLERANCE`` of the previous
    one's baseline, from top to bottom."""
    groups: list[list[_Char]] = []
    last = None
    for char in sorted(chars, key=attrgetter("base")):
        if last is None or char.base - last > _Y_TOLERANCE:
            groups.append([])
        groups[-1].append(char)
        last = char.base
    return groups


def _boxed(group: list[_Char]) -> _Line:
    top, text = _line(group)
    bottom = max(char.bottom for char in group)
    base = max(char.base for char in group)
    gap = _word_gap(group)
    ends = []  # where each word ends, left to right
    for before, char in zip(group, group[1:], strict=False):
        if char.space or char.x0 > before.x1 + gap:
            ends.append(before.x1)
    x1 = max(char.x1 for char in group)
    ends.append(x1)
    start = group[-1].x0
    for char, after in zip(reversed(group[:-1]), reversed(group[1:]), strict=False):
        if after.space or after.x0 > char.x1 + gap:
            break
        start = char.x0
    x0 = group[0].x0
    # a dash or plus that opens the line is kept with the word after it when wrapping
    lead = ends[1] if len(ends) > 1 and text[:1] in "-+–•" and text[1:2] == " " else ends[0]
    return _Line(top, bottom, x0, x1, text, base, lead - x0, x1 - start, group[0].x1 - group[0].x0)


_FULL = 0.06  # a line ending this close to the right margin (share of the text width) is full
_INDENT = 6  # points: a line starting further right than this is indented
_CENTRE = 12  # points: a line whose middle lies this close to the text's middle is centred
_GAP = 0.45  # a gap between lines above this share of a line's height separates paragraphs
_SENTENCE = (".", ";", ":", "!", "?")
_RAGGED_LINES = 5  # lines a page needs before their longest tells its right margin
_MIN_WIDTH = 250  # points: narrower text is no column of justified prose (a page of notes)
_BROKEN_WORD = re.compile(r"\S-$")  # "12/QĐ-" at a line's end goes on without a space


def _joined(before: str, after: str) -> str:
    before, after = before.rstrip(), after.strip()
    return before + after if _BROKEN_WORD.search(before) else f"{before} {after}"


_PITCH_SLACK = 2.0  # points: baselines at most the line pitch and this apart are one paragraph's


def _line_pitch(lines: list[_Line]) -> float | None:
    """The distance between the baselines of two lines of one paragraph on this
    page: the smallest distance between neighbouring lines that recurs (the
    spacing between paragraphs is larger), or None with too few lines to tell."""
    steps = [round((b.base - a.base) * 2) / 2 for a, b in zip(lines, lines[1:], strict=False)]
    counts: dict[float, int] = {}
    for step in steps:
        if step > 0:
            counts[step] = counts.get(step, 0) + 1
    recurring = [step for step, n in counts.items() if n >= 2 and n >= 0.1 * len(steps)]
    return min(recurring) if recurring else None


def _paragraphs(
    lines: list[_Line], left: float, right: float, barriers: list[float]
) -> list[tuple[float, Paragraph, _Line, _Line]]:
    """The visual lines joined into paragraphs by layout: a line continues the
    one above when it follows closely (no paragraph spacing, no table between),
    the one above is full (reaches the right margin: a justified line) and it is
    not indented past it (a first-line indent opens a paragraph) nor starts an
    item after a finished sentence; centred lines (a title broken over two lines)
    join their centred neighbour. Each paragraph comes with its top, first and
    last line."""
    out: list[tuple[float, Paragraph, _Line, _Line]] = []
    width = span = max(right - left, 1.0)
    pitch = _line_pitch(lines)
    # the right margin is known from the lines only when there are a good few of them
    ragged = span >= _MIN_WIDTH and len(lines) >= _RAGGED_LINES
    if sum(line.x1 >= right - _FIT for line in lines) < 2:
        width = 0.0  # no two lines end at one right edge: no justified column to go by
    middle = (left + right) / 2
    for line in lines:
        if out:
            top, paragraph, first, last = out[-1]
            height = max(last.bottom - last.top, 1.0)
            if pitch is not None:
                close = line.base - last.base <= pitch + _PITCH_SLACK
            else:
                close = line.top - last.bottom < _GAP * height
            close = close and not any(last.bottom <= b <= line.top for b in barriers)
            space = max((line.bottom - line.top) * 0.25, 2.0)
            full = (width >= _MIN_WIDTH and last.x1 >= right - _FULL * width) or (
                ragged and last.x1 + space + line.first_word > right
            )  # justified to the margin, or ragged where the next word did not fit: past
            # the longest line's end by any amount (a browser wraps a word overrunning
            # the margin by a fraction of a point; the space is the letters' quarter)
            flush = line.x0 <= last.x0 + _INDENT or (
                line.x0 <= left + _INDENT and last.x0 > left + _INDENT
            )
            item = _ITEM.match(line.text) and last.text.rstrip().endswith(_SENTENCE)
            centred = all(
                abs((x.x0 + x.x1) / 2 - middle) < _CENTRE and x.x0 > left + _INDENT
                for x in (last, line)
            )
            # a centred line wraps only when the next word would not have fitted on it
            centred = centred and (last.x1 - last.x0) + space + line.first_word > span - _FIT
            if close and ((full and flush and not item) or centred):
                paragraph.text = _joined(paragraph.text, line.text)
                out[-1] = (top, paragraph, first, line)
                continue
        out.append((line.top, Paragraph(line.text), line, line))
    return out


_FIT = 1.5  # points of slack when telling whether a word would have fitted on the line above


def _cell_text(lines: list[_Line], box: tuple[float, float, float, float]) -> str:
    """A cell's lines, one per line, except that a line starting like an item
    ("- Xã hội") whose first word (with its dash) could not have fitted at the end of the line
    above was put there by the wrapping, not by the writer: it goes on that line;
    and a code too wide for the cell, which the writer broke at the cell's edge
    ("ST" over "T", "UBTV" over "QH"), is whole again."""
    if not lines:
        return ""
    left = min(line.x0 for line in lines)
    pad = max(left - box[0], 0.0)
    right = box[2] - pad
    out = [lines[0].text]
    for above, line in zip(lines, lines[1:], strict=False):
        space = max((line.bottom - line.top) * 0.25, 2.0)
        wrapped = above.x1 + space + line.first_word > right + _FIT
        alone = above.last_word >= above.x1 - above.x0 - _FIT  # one word on the line
        filled = above.x1 + line.first_char > right  # not one more character would fit
        # only a code or an abbreviation is longer than a line: a Vietnamese word is
        # a syllable, and two syllables that each fill a narrow line stay two words
        code = not any(ch.islower() for ch in above.text.split()[-1] + line.text.split()[0])
        if code and alone and filled and above.last_word + line.first_word > right - left:
            # a word wider than the cell, broken where the line was full ("ST" / "T")
            out[-1] = f"{out[-1].rstrip()}{line.text.strip()}"
        elif wrapped and _ITEM.match(line.text):
            out[-1] = f"{out[-1].rstrip()} {line.text.strip()}"
        else:
            out.append(line.text)
    return "\n".join(out)


def _lines(chars: list[_Char]) -> list[tuple[float, str]]:
    """The lines of text the characters make, each with its top, from top to
    bottom: characters whose baselines lie within ``_Y_TOLERANCE`` of the line's
    previous one are on one line (a letter from a fallback font with a taller
    box stays on its line), read left to right; a word ends at a real
    space or at a gap wider than a tenth of the letters' height (see ``_word_gap``)."""
    return [_line(group) for group in _by_baseline(chars)]


def _line(group: list[_Char]) -> tuple[float, str]:
    top = min(char.top for char in group)
    group.sort(key=attrgetter("x0"))
    gap = _word_gap(group)
    parts = [group[0].text]
    for before, char in zip(group, group[1:], strict=False):
        if char.x0 > before.x1 + gap or (char.space and char.x0 >= before.x1 - 0.5):
            parts.append(" ")
        parts.append(char.text)
    return top, unicodedata.normalize("NFC", "".join(parts))


def _word_gap(group: list[_Char]) -> float:
    """The widest gap between two letters of one word on this line: a tenth of
    the letters' height (their middle one), at most ``_X_TOLERANCE``. A browser
    (Chromium) draws no space character, only the gap, and a letter from a
    fallback font (a Vietnamese vowel the main font lacks) may take the space's
    place, leaving a gap narrower than pdfplumber's 3 points; the letters of a
    word touch or overlap by a hair whatever the producer."""
    heights = sorted(char.bottom - char.top for char in group)
    return min(_X_TOLERANCE, _WORD_GAP * heights[len(heights) // 2])


def _edges(page: pypdfium2.PdfPage, height: float) -> list[dict]:
    """The page's ruling lines: every straight horizontal or vertical stretch of
    its path objects (lines, rectangles' sides, thin filled bars), as the edge
    dicts pdfplumber's table geometry works on (top-left origin, in points)."""
    edges: list[dict] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=0):
        m = obj.get_matrix()
        points: list[tuple[float, float]] = []
        start: tuple[float, float] | None = None
        for j in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, j)
            pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
            point = (m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not points:
                start = point
            else:
                _add_edge(edges, points[-1], point, height)
            points.append(point)
            if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
                _add_edge(edges, point, start, height)
    return edges


def _add_edge(edges: list[dict], a: tuple[float, float], b: tuple[float, float], height: float):
    (xa, ya), (xb, yb) = a, b
    x0, x1 = min(xa, xb), max(xa, xb)
    top, bottom = height - max(ya, yb), height - min(ya, yb)
    if abs(ya - yb) < 1 and x1 - x0 >= 1:
        top = bottom = (top + bottom) / 2
        orientation = "h"
    elif abs(xa - xb) < 1 and bottom - top >= 1:
        x0 = x1 = (x0 + x1) / 2
        orientation = "v"
    else:  # a slanted line or a curve: not a ruling
        return
    edges.append(
        {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "width": x1 - x0,
         "height": bottom - top, "orientation": orientation, "object_type": "line"}
    )  # fmt: skip


def _tables(edges: list[dict]) -> list[plumber_table.Table]:
    """The ruled tables the edges draw (pdfplumber's lattice: snap, join,
    intersect, cells, tables, with its default tolerances)."""
    tolerance = plumber_table.DEFAULT_SNAP_TOLERANCE
    edges = plumber_table.merge_edges(edges, tolerance, tolerance, tolerance, tolerance)
    edges = plumber_utils.filter_edges(edges, min_length=3)
    edges = edges + _closing_edges(edges, tolerance)
    intersections = plumber_table.edges_to_intersections(edges, 3, 3)
    cells = plumber_table.intersections_to_cells(intersections)
    return [plumber_table.Table(None, group) for group in plumber_table.cells_to_tables(cells)]


def _closing_edges(edges: list[dict], tolerance: float) -> list[dict]:
    """Rules that close a table cut by a page break: where two or more vertical
    rules end (or start) together and no horizontal rule is drawn there (a
    producer that leaves a row cut at the page's foot open), the horizontal
    stretch between the outermost of them."""
    horizontal = [e for e in edges if e["orientation"] == "h"]
    vertical = [e for e in edges if e["orientation"] == "v"]
    out: list[dict] = []
    for key in ("top", "bottom"):
        ends: dict[float, list[dict]] = {}
        for edge in vertical:
            ends.setdefault(round(edge[key] / tolerance), []).append(edge)
        for group in ends.values():
            if len(group) < 2:
                continue
            y = group[0][key]
            x0 = min(e["x0"] for e in group)
            x1 = max(e["x0"] for e in group)
            if any(
                abs(h["top"] - y) <= tolerance and h["x0"] <= x0 + tolerance
                and h["x1"] >= x1 - tolerance
                for h in horizontal
            ):  # fmt: skip
                continue
            out.append(
                {"x0": x0, "x1": x1, "top": y, "bottom": y, "doctop": y, "width": x1 - x0,
                 "height": 0.0, "orientation": "h", "object_type": "line"}
            )  # fmt: skip
    return out


def _inside(char: _Char, bbox: tuple[float, float, float, float]) -> bool:
    x = (char.x0 + char.x1) / 2
    y = (char.top + char.bottom) / 2
    return bbox[0] <= x < bbox[2] and bbox[1] <= y < bbox[3]


def _page_content(page: pypdfium2.PdfPage) -> tuple[list[_Char], list[plumber_table.Table]]:
    """The page's characters and its ruled tables."""
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage, height)
    finally:
        textpage.close()
    if not chars:
        return chars, []
    edges = _edges(page, height)
    added = _column_rules(edges, chars)
    found = _tables(edges + added)
    for table in found:  # drawn without column rules: a row's text may span columns
        x0, top, _, bottom = table.bbox
        table.unruled = any(abs(e["x0"] - x0) < 1 and e["top"] <= top + 1
                            and e["bottom"] >= bottom - 1 for e in added)  # fmt: skip
    return chars, found


def _strips(clear: list[bool], x0: float) -> list[float]:
    """The middles of the runs of ``clear`` points at least ``_RIVER`` wide,
    inside (not at either end), from ``x0``."""
    out, k, width = [], 0, len(clear)
    while k < width:
        if not clear[k]:
            k += 1
            continue
        start = k
        while k < width and clear[k]:
            k += 1
        if start > 0 and k < width and k - start >= _RIVER:
            out.append(x0 + (start + k) / 2)
    return out


def _join_spanning(
    boxes: list[tuple[float, float, float, float] | None], parts: list[list[_Char]]
) -> None:
    """In a table without column rules, a row whose text runs from one column
    into the next is one cell (a heading row spanning the columns): the text
    goes to the first of them, the boxes widened to match. Its text crosses a
    column's strip with a word split in two, or with no more than a space while
    some cell of the row stays empty (a header row, each cell full, may have
    its words as close where columns are narrow)."""
    crossings = []  # (column, gap, the letters' word gap) where text meets the next column
    for k in range(1, len(parts)):
        left, right = parts[k - 1], parts[k]
        if not left or not right or boxes[k - 1] is None or boxes[k] is None:
            continue
        end = max(left, key=attrgetter("x1"))
        line = [c for c in right if abs(c.base - end.base) <= _Y_TOLERANCE]
        if not line:
            continue
        start = min(line, key=attrgetter("x0"))
        height = end.bottom - end.top
        gap = start.x0 - end.x1
        if gap < _SPACE * height:
            crossings.append((k, gap <= min(_X_TOLERANCE, _WORD_GAP * height)))
    if not crossings:
        return
    split_word = any(within for _, within in crossings)
    if not split_word and all(parts[k] for k, box in enumerate(boxes) if box is not None):
        return
    for k, _ in reversed(crossings):
        a, b = boxes[k - 1], boxes[k]
        boxes[k - 1] = (a[0], min(a[1], b[1]), b[2], max(a[3], b[3]))
        parts[k - 1] = parts[k - 1] + parts[k]
        parts[k] = []


_RIVER = 6.0  # points: the narrowest clear strip between two columns of a table without rules
_SPACE = 0.3  # share of the letters' height: a gap no wider is at most a space
_SPANNING = 0.2  # share of a table's rows that may cross a column's strip (rows spanning it)


def _column_rules(edges: list[dict], chars: list[_Char]) -> list[dict]:
    """The vertical rules of tables drawn with horizontal rules only (Word's
    borders between rows, none between columns): under three or more rules of
    one width with no vertical rule between them, a rule at each side and one
    down the middle of every strip between the rules that the text of nearly
    every row leaves clear (a row spanning the columns may cross it) and the
    first row (the header, naming each column, an empty one too) leaves clear."""
    horizontal = sorted(
        (e for e in edges if e["orientation"] == "h" and e["width"] >= 50), key=itemgetter("top")
    )
    stacks: dict[tuple[int, int], list[dict]] = {}
    for edge in horizontal:
        key = (round(edge["x0"] / 3), round(edge["x1"] / 3))
        stack = stacks.setdefault(key, [])
        if not stack or edge["top"] - stack[-1]["top"] > 2:
            stack.append(edge)
    vertical = [e for e in edges if e["orientation"] == "v"]
    out: list[dict] = []
    for stack in stacks.values():
        if len(stack) < 3:
            continue
        x0, x1 = min(e["x0"] for e in stack), max(e["x1"] for e in stack)
        top, bottom = stack[0]["top"], stack[-1]["top"]
        if any(x0 - 2 <= v["x0"] <= x1 + 2 and v["top"] < bottom and v["bottom"] > top
               for v in vertical):  # fmt: skip
            continue  # ruled: the lattice has its columns
        width = int(x1 - x0) + 1
        crossed = [0] * width
        rows = 0
        header: list[bool] | None = None  # the first row's text: it names every column
        for above, below in zip(stack, stack[1:], strict=False):
            used = [False] * width
            for char in chars:
                middle = (char.top + char.bottom) / 2
                if above["top"] < middle < below["top"] and x0 <= char.x0 and char.x1 <= x1:
                    for k in range(int(char.x0 - x0), min(int(char.x1 - x0) + 1, width)):
                        used[k] = True
            if any(used):
                rows += 1
                crossed = [c + u for c, u in zip(crossed, used, strict=True)]
                header = used if header is None else header
        if rows < 2 or header is None:
            continue
        mostly = [c <= _SPANNING * rows for c in crossed]
        named = [m and not h for m, h in zip(mostly, header, strict=True)]
        # the header's names split a strip at an empty column, unless the first
        # row is a heading spanning the columns (it leaves fewer strips)
        xs = [x0, x1] + max(_strips(named, x0), _strips(mostly, x0), key=len)
        for x in xs:
            out.append(
                {"x0": x, "x1": x, "top": top, "bottom": bottom, "doctop": top, "width": 0.0,
                 "height": bottom - top, "orientation": "v", "object_type": "line"}
            )  # fmt: skip
    return out


_FURNITURE_LINES = 3  # lines at each end of a page that may be its running header or footer
_FURNITURE_SHIFT = 2.0  # points: a running line keeps its place from page to page
_DIGITS = re.compile(r"\d+")


def _running_lines(pages: list[tuple[list[_Char], list[plumber_table.Table]]]) -> list[set[int]]:
    """Per page, the ids of the characters of its running header and footer
    lines (page furniture): a line among the first or last few outside the
    tables that recurs at the same height on most pages, numbers aside (the
    page number, "5/56", a printing date), as a browser prints the date, the
    title, the address and the page on every page."""
    candidates: list[list[tuple[str, float, list[_Char]]]] = []
    for chars, found in pages:
        boxes = [t.bbox for t in found]
        outside = [c for c in chars if not any(_inside(c, box) for box in boxes)]
        groups = _by_baseline(outside)
        if len(groups) > 2 * _FURNITURE_LINES:
            groups = groups[:_FURNITURE_LINES] + groups[-_FURNITURE_LINES:]
        page_lines = []
        for group in groups:
            text = _DIGITS.sub("#", _line(group)[1]).casefold()
            page_lines.append((text, max(c.base for c in group), group))
        candidates.append(page_lines)
    with_text = sum(bool(chars) for chars, _ in pages)
    if with_text < 2:
        return [set() for _ in pages]
    places: dict[str, list[tuple[int, float]]] = {}
    for number, page_lines in enumerate(candidates):
        for text, base, _ in page_lines:
            places.setdefault(text, []).append((number, base))
    out: list[set[int]] = []
    for page_lines in candidates:
        drop: set[int] = set()
        for text, base, group in page_lines:
            pages_seen = {n for n, b in places[text] if abs(b - base) <= _FURNITURE_SHIFT}
            if len(pages_seen) >= 2 and len(pages_seen) * 2 > with_text:
                drop.update(id(c) for c in group)
        out.append(drop)
    return out


def _page_blocks(
    chars: list[_Char], found: list[plumber_table.Table], page_no: int, first_table: int
) -> tuple[list[Block], bool, _PageEnds]:
    """The page's blocks in reading order, whether it has any text, and the
    paragraphs at its ends that may run over the page break."""
    placed: list[tuple[float, Block]] = []
    rest = chars
    for offset, table in enumerate(found):
        number = first_table + offset
        box = table.bbox
        within = [c for c in rest if _inside(c, box)]
        rest = [c for c in rest if not _inside(c, box)]
        rows = []
        for i, row in enumerate(table.rows, 1):
            row_chars = [c for c in within if _inside(c, row.bbox)]
            boxes = list(row.cells)
            parts = [[c for c in row_chars if _inside(c, b)] if b else [] for b in boxes]
            if getattr(table, "unruled", False):
                _join_spanning(boxes, parts)
            cells = []
            for cell, part in zip(boxes, parts, strict=True):
                text = _cell_text(_text_lines(part), cell) if cell is not None else ""
                cells.append(_cell(text))
            rows.append(Row(cells, Source(page=page_no, table=number, row=i)))
        placed.append((box[1], Table(rows, Source(page=page_no, table=number))))
    lines, side_by_side = _side_by_side(rest)
    lines = _without_page_numbers(lines, [t.bbox for t in found])
    for k, (top, rows) in enumerate(side_by_side):
        number = first_table + len(found) + k
        table_rows = [Row(cells, Source(page=page_no, table=number, row=i)) for i, cells in rows]
        placed.append((top, Table(table_rows, Source(page=page_no, table=number))))
    ends = _PageEnds()
    if lines:
        left = min(line.x0 for line in lines)
        right = max(line.x1 for line in lines)
        barriers = [t.bbox[1] for t in found]
        paragraphs = _paragraphs(lines, left, right, barriers)
        for top, paragraph, _, _ in paragraphs:
            placed.append((top, paragraph))
        first_top, first_para, first_line, _ = paragraphs[0]
        last_top, last_para, _, last_line = paragraphs[-1]
        width = max(right - left, 1.0)
        if not any(b < first_top for b in barriers):
            ends.opening = first_para if first_line.x0 <= left + _INDENT else None
        if not any(b > last_top for b in barriers):
            ends.closing = last_para if last_line.x1 >= right - _FULL * width else None
    return in_reading_order(placed, page_no), bool(chars), ends


_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$", re.I)


def _without_page_numbers(
    lines: list[_Line], tables: list[tuple[float, float, float, float]]
) -> list[_Line]:
    """The lines less a page number ("2", "- 2 -", "Trang 2/5") printed above or
    below everything else on the page, centred or at the right margin."""
    if len(lines) < 2:
        return lines
    tops = [line.top for line in lines] + [t[1] for t in tables]
    bottoms = [line.bottom for line in lines] + [t[3] for t in tables]
    left = min([line.x0 for line in lines] + [t[0] for t in tables])
    right = max([line.x1 for line in lines] + [t[2] for t in tables])
    middle, width = (left + right) / 2, right - left
    out = []
    for line in lines:
        if _PAGE_NUMBER.match(line.text) and (line.top == min(tops) or line.bottom == max(bottoms)):
            centred = abs((line.x0 + line.x1) / 2 - middle) < 0.1 * width
            if centred or line.x1 >= right - _FIT:
                continue
        out.append(line)
    return out


_COLUMN_GAP = 24  # points: a wider gap inside a line separates two columns side by side


def _side_by_side(chars: list[_Char]) -> tuple[list[_Line], list[tuple[float, list]]]:
    """The page's lines outside the ruled tables, and its borderless two-column
    blocks (the issuer and number on the left, the national motto and the place
    and date on the right; "Nơi nhận" beside the signature) as table rows.

    A block is a run of lines from a split one that either split at a wide gap
    over one common column boundary or lie wholly on one side of it, close
    together (no paragraph spacing), with at least two split lines. A new row starts where a split line follows a one-sided one (the
    number row under the motto), as the cells of the table it was drawn from.
    """
    groups: list[list[_Char]] = []
    last = None
    for char in sorted(chars, key=attrgetter("base")):
        if last is None or char.base - last > _Y_TOLERANCE:
            groups.append([])
        groups[-1].append(char)
        last = char.base
    parts = [_segments(group) for group in groups]
    lines = [_boxed(group) for group in groups]
    taken = [False] * len(groups)
    blocks: list[tuple[float, list]] = []
    i = 0
    while i < len(parts):
        if len(parts[i]) != 2:
            i += 1
            continue
        split = (parts[i][0].x1 + parts[i][1].x0) / 2
        left_ends, right_starts = parts[i][0].x1, parts[i][1].x0
        start = end = i  # a block starts with a split line: the text above is prose
        while end + 1 < len(parts) and _beside(parts[end + 1], lines[end], lines[end + 1],
                                               split, left_ends, right_starts):  # fmt: skip
            end += 1
            if len(parts[end]) == 2:
                left_ends = max(left_ends, parts[end][0].x1)
                right_starts = min(right_starts, parts[end][1].x0)
        if sum(len(parts[k]) == 2 for k in range(start, end + 1)) < 2:
            i = end + 1
            continue
        rows: list[tuple[int, list[str]]] = []
        cells: list[list[str]] = [[], []]
        one_sided = False
        for k in range(start, end + 1):
            segs = parts[k]
            if len(segs) == 2 and one_sided and any(cells):
                rows.append((len(rows) + 1, ["\n".join(c) for c in cells]))
                cells = [[], []]
            for seg in segs:
                cells[0 if seg.x1 < split else 1].append(seg.text.strip())
            one_sided = len(segs) == 1
            taken[k] = True
        rows.append((len(rows) + 1, ["\n".join(c) for c in cells]))
        blocks.append((lines[start].top, rows))
        i = end + 1
    return [line for line, used in zip(lines, taken, strict=True) if not used], blocks


def _beside(
    segs: list[_Line],
    above: _Line,
    line: _Line,
    split: float,
    left_ends: float,
    right_starts: float,
) -> bool:
    """Whether ``line`` (in parts ``segs``) goes on the two-column block above it."""
    if line.top - above.bottom > max(above.bottom - above.top, 1.0):
        return False  # a paragraph's spacing: the block ended
    if len(segs) == 2:
        return segs[0].x1 < split < segs[1].x0
    return len(segs) == 1 and (segs[0].x1 < right_starts or segs[0].x0 > left_ends)


def _segments(group: list[_Char]) -> list[_Line]:
    """A line's parts separated by a gap wider than ``_COLUMN_GAP``."""
    ordered = sorted(group, key=attrgetter("x0"))
    parts = [[ordered[0]]]
    for before, char in zip(ordered, ordered[1:], strict=False):
        if char.x0 - before.x1 > _COLUMN_GAP:
            parts.append([])
        parts[-1].append(char)
    return [_boxed(part) for part in parts]


@dataclass(slots=True)
class _PageEnds:
    """The paragraph a page ends on when its last line is full (it may go on
    over the page) and the one it starts with when flush left (it may continue)."""

    closing: Paragraph | None = None
    opening: Paragraph | None = None


def _join_over_pages(blocks: list[Block], ends: _PageEnds, before: _PageEnds | None) -> None:
    """A paragraph that runs over the page break read as one."""
    if before is None or before.closing is None or ends.opening is None:
        return
    closing, opening = before.closing, ends.opening
    if _ITEM.match(opening.text) and closing.text.rstrip().endswith(_SENTENCE):
        return
    if blocks and blocks[0] is opening:
        closing.text = _joined(closing.text, opening.text)
        blocks.pop(0)


def _open(path: Path) -> pypdfium2.PdfDocument:
    try:
        return pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UnreadableDocument(str(path), ENCRYPTED) from exc
        raise


def _render(page: pypdfium2.PdfPage, dpi: float) -> Image.Image:
    """The page drawn at ``dpi`` without smoothing: a scanned image keeps its
    own pixels (the rendering pdfplumber's ``to_image`` made before)."""
    bitmap = page.render(
        scale=dpi / 72,
        no_smoothtext=True,
        no_smoothpath=True,
        no_smoothimage=True,
        prefer_bgrx=True,
    )
    return bitmap.to_pil().convert("RGB")


def _ocr(
    pdf: pypdfium2.PdfDocument,
    name: str,
    on_page: Callable[[int, int], None] | None,
    bounds: limits.Limits,
) -> list[Block] | None:
    """The blocks of a scanned PDF (see ``scan``), or None when OCR is not installed."""
    program = scan.tesseract()
    if program is None:
        return None
    count = len(pdf)
    if count > bounds.scan_pages:
        raise limits.refuse(
            name,
            f"bản quét quá nhiều trang ({count}, tối đa {bounds.scan_pages})",
            f"scanned PDF has too many pages ({count}, limit {bounds.scan_pages})",
        )
    blocks: list[Block] = []
    tables = 0
    for page_no in range(1, count + 1):
        if on_page is not None:
            on_page(page_no, count)
        page = pdf[page_no - 1]
        try:
            width, height = page.get_size()
            dpi = limits.render_dpi(width, height, scan.RESOLUTION, page_no, name, bounds)
            preview = _render(page, BLANK_DPI).convert("L")
            if preview.getextrema()[0] > BLANK:  # nothing drawn: no text to read
                continue
            image = _render(page, dpi)
        finally:
            page.close()
        try:
            page_blocks = scan.read_page(program, image, page_no, tables + 1, _cell, dpi)
        except subprocess.SubprocessError as exc:  # Tesseract failed or ran out of time
            raise UnreadableDocument(
                name,
                f"không nhận dạng được chữ trang {page_no} (OCR) / OCR failed on page {page_no}",
            ) from exc
        tables += sum(isinstance(b, Table) for b in page_blocks)
        blocks.extend(page_blocks)
    numbering_marks.mend_letter_marks(blocks)
    return blocks


_FLATE = {LIT("FlateDecode"), LIT("Fl")}
_FORM = LIT("Form")


def _check_content(path: Path, bounds: limits.Limits) -> None:
    """Refuse a PDF whose drawing instructions unpack to too much.

    PDFium unpacks and interprets every content stream in full, and each
    drawing instruction becomes an object: a 100 KB file can inflate to 100 MB
    of instructions. The pages' content streams and the forms they draw are
    found with pdfminer's object parser (no page is interpreted) and inflated
    here in bounded steps, their output counted and thrown away; one stream may
    not exceed ``pdf_stream_kb`` nor all of them ``pdf_content_mb``.
    """
    name = str(path)
    with path.open("rb") as file:
        try:
            document = PDFDocument(PDFParser(file))
            pages = list(PDFPage.create_pages(document))
        except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
            raise UnreadableDocument(name, ENCRYPTED) from exc
        _check_streams(document, pages, name, bounds)


def _check_streams(
    document: PDFDocument, pages: list[PDFPage], name: str, bounds: limits.Limits
) -> None:
    streams: list[PDFStream] = []
    for page in pages:
        contents = page.contents or []
        streams.extend(c for c in (resolve1(c) for c in contents) if isinstance(c, PDFStream))
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


def _too_many_pages(path: Path, count: int, bounds: limits.Limits) -> None:
    if count > bounds.pages:
        raise limits.refuse(
            path,
            f"tệp PDF quá nhiều trang ({count}, tối đa {bounds.pages})",
            f"PDF has too many pages ({count}, limit {bounds.pages})",
        )


def read(path: Path, on_page: Callable[[int, int], None] | None = None) -> Layout:
    bounds = limits.current()
    pdf = _open(path)
    try:
        count = len(pdf)
        _too_many_pages(path, count, bounds)
        _check_content(path, bounds)
        blocks: list[Block] = []
        tables = 0
        has_text = False
        before: _PageEnds | None = None
        deadline = time.monotonic() + bounds.pdf_seconds
        pages = []
        for page_no in range(1, count + 1):
            if time.monotonic() > deadline:
                raise limits.refuse(
                    path,
                    f"đọc tệp PDF quá lâu (hơn {bounds.pdf_seconds} giây, dừng ở trang {page_no})",
                    f"reading the PDF took too long (over {bounds.pdf_seconds} s, stopped at "
                    f"page {page_no})",
                )
            page = pdf[page_no - 1]
            try:
                pages.append(_page_content(page))
            finally:
                page.close()  # frees the page's parsed objects: long plans stay small
        running = _running_lines(pages)
        for page_no, ((chars, found), drop) in enumerate(zip(pages, running, strict=True), 1):
            if drop:
                chars = [c for c in chars if id(c) not in drop]
            page_blocks, text, ends = _page_blocks(chars, found, page_no, tables + 1)
            _join_over_pages(page_blocks, ends, before)
            before = ends
            has_text = has_text or text
            tables += sum(isinstance(b, Table) for b in page_blocks)
            blocks.extend(page_blocks)
        if not has_text:
            blocks = _ocr(pdf, str(path), on_page, bounds)
            if blocks is None:
                raise UnreadableDocument(str(path), SCANNED)
    finally:
        pdf.close()
    return Layout(blocks=blocks, name=path.name)
