"""The ruling lines of a scanned page, found in its pixels.

A scanned page is first straightened (a sheet lies a little crooked in a
scanner: the angle at which the rows of ink are sharpest). Long dark runs across
a pixel row are then its horizontal rules; between two consecutive rules (a
table row), the pixel columns dark over the whole height are that row's cell
borders. Only the standard library and Pillow (which pdfplumber already needs)
work on the pixels: ``bytes`` searches stand in for an image library's line
detection.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image, ImageChops, ImageDraw, ImageOps

INK = 160  # grey level below which a pixel is ink
RULE_SPAN = 0.25  # a horizontal rule is at least this share of the page width
BORDER_FILL = 0.9  # a cell border is dark over this share of its row's height
SLACK = 2  # pixels of thickening, so that a slightly skewed rule still reads as one line
SKEW_ANGLES = [step / 4 for step in range(-12, 13)]  # degrees tried: ±3° in quarter steps
MIN_SKEW = 0.5  # degrees: a page turned less is read as it is
BAR_FILL, BAR_SHAPE = 0.75, 0.35  # a solid stroke: mostly ink, at least ~3 times as long as wide


@dataclass
class RowBand:
    """One table row: between two horizontal rules, split by its cell borders."""

    top: int
    bottom: int
    borders: list[int]  # x of each vertical border, left to right
    words: dict[int, list] = field(default_factory=dict)  # cell index → its OCR words (scan)


def ink_of(image: Image.Image) -> Image.Image:
    """Black-and-white copy of the page: ink 0, paper 255."""
    return image.point(lambda v: 0 if v < INK else 255)


def straighten(gray: Image.Image) -> Image.Image:
    """The page straightened: a sheet lies a little crooked in a scanner.

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


def spread(ink: Image.Image, reach: int) -> Image.Image:
    """``ink`` (0 = ink) grown by ``reach`` pixels every way: the square minimum filter
    of size ``2 * reach + 1``, made of shifted copies (a few milliseconds a page, where
    Pillow's rank filter takes over a second; ink reaching the page's edge wraps
    round to the other edge, which only ever holds paper)."""
    wide = ink
    for dx in range(1, reach + 1):
        wide = ImageChops.darker(wide, ImageChops.offset(ink, dx, 0))
        wide = ImageChops.darker(wide, ImageChops.offset(ink, -dx, 0))
    grown = wide
    for dy in range(1, reach + 1):
        grown = ImageChops.darker(grown, ImageChops.offset(wide, 0, dy))
        grown = ImageChops.darker(grown, ImageChops.offset(wide, 0, -dy))
    return grown


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


def _horizontal_rules(ink: Image.Image) -> list[tuple[int, int]]:
    width, height = ink.size
    thick = spread(ink, SLACK)
    rows = _runs(thick.tobytes(), width, height, int(width * RULE_SPAN))
    return _group(rows, gap=2 * SLACK + 1)


def _borders(ink: Image.Image, top: int, bottom: int) -> list[int]:
    """x of the vertical lines crossing the whole band between two rules."""
    width = ink.width
    band = ink.crop((0, top, width, bottom)).transpose(Image.Transpose.ROTATE_90)
    band = spread(band, SLACK)
    data, height = band.tobytes(), band.width  # one row of ``band`` per page column
    needed = int(height * BORDER_FILL)
    columns = [
        width - 1 - i  # ROTATE_90 turns the page's last column into the first row
        for i in range(width)
        if data[i * height : (i + 1) * height].count(0) >= needed
    ]
    return sorted((a + b) // 2 for a, b in _group(sorted(columns), gap=2 * SLACK + 1))


def find_tables(ink: Image.Image) -> list[list[RowBand]]:
    """The page's tables, each a list of row bands, top to bottom."""
    rules = _horizontal_rules(ink)
    tables: list[list[RowBand]] = []
    in_table = False  # whether the row above was a table row too
    for (_, upper), (lower, _) in zip(rules, rules[1:], strict=False):
        top, bottom = upper + SLACK + 1, lower - SLACK - 1
        if bottom - top < 8:  # a doubled rule, not a row
            continue
        borders = _borders(ink, top, bottom)
        if len(borders) < 2:  # rules with no borders between them: not a table row
            in_table = False
            continue
        if not in_table:
            tables.append([])
        tables[-1].append(RowBand(top, bottom, borders))
        in_table = True
    return tables


def erase_rules(image: Image.Image, tables: list[list[RowBand]]) -> Image.Image:
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


def columns(table: list[RowBand]) -> list[int]:
    """The table's column borders: every border any row has (a merged cell lacks some)."""
    return [x for x, _ in _group(sorted({x for band in table for x in band.borders}), gap=12)]


def stroke_mark(ink: Image.Image) -> str | None:
    """ "-" for ink that is one solid lying stroke; "I", "II" or "III" for one to three
    standing strokes side by side; else None.

    Alone in a cell, Tesseract reads such strokes as anything ("cI", "GÀ", nothing);
    in a numbering column they are a dash or a Roman number.
    """
    width, height = ink.size
    if ink.histogram()[0] >= BAR_FILL * width * height and height <= width * BAR_SHAPE:
        return "-"
    if height < 2 * SLACK + 6:  # too small to tell strokes from specks
        return None
    # Across the middle half of its height each column is inked nearly all the way (a
    # stroke) or hardly at all; any other column is a letter's or a digit's. Outside
    # the strokes, ink must reach both the top and the bottom quarter, as serifs do:
    # the dot of "1." or the flag of "1" reach only one.
    quarter = height // 4
    top, middle, bottom = (
        _column_ink(ink.crop((0, y0, width, y1)))
        for y0, y1 in ((0, quarter), (quarter, height - quarter), (height - quarter, height))
    )
    tall = height - 2 * quarter
    full = [x for x in range(width) if middle[x] >= BAR_FILL * tall]
    for x in set(range(width)) - set(full):
        if middle[x] > (1 - BAR_FILL) * tall or bool(top[x]) != bool(bottom[x]):
            return None
    strokes = [last - first + 1 for first, last in _group(full, gap=1)]
    if 1 <= len(strokes) <= 3 and all(w <= height * BAR_SHAPE for w in strokes):
        return "I" * len(strokes)
    return None


def _column_ink(ink: Image.Image) -> list[int]:
    """The count of ink pixels in each column of ``ink``."""
    height = ink.height
    columns = ink.transpose(Image.Transpose.ROTATE_90).tobytes()  # one row per column
    return [columns[x * height : (x + 1) * height].count(0) for x in range(ink.width)]
