"""A scanned page cleaned before OCR: stamp colour removed, paper evened, ink set black.

An office scan is not a clean print: the paper is grey or yellowish and lit
unevenly, the toner is dark grey rather than black, dust and toner leave specks,
and the last page carries a red stamp and a signature over the text. Tesseract
binarises a page with one global threshold, so such a page reads far worse
than its print. Here, with Pillow only (no array library):

1. **colour ink out**: pixels clearly coloured (a red or blue stamp, a blue
   signature: the spread between their brightest and darkest channel is large)
   become paper; black or grey text, even where the stamp lies over it, is not
   coloured and stays;
2. **paper evened**: the paper's brightness is estimated on a coarse grid (the
   brightest value around each point, which text strokes are too thin to set)
   and subtracted, so that the paper reads white all over the page and ink keeps
   its darkness against the paper around it;
3. **denoised**: on a grainy page, a 3×3 median takes out the grain and the
   smallest specks (on a clean one it would only thin small letters);
4. **stretched**: the paper's edge made white and the darkest ink black, the greys
   between kept, for Tesseract (its recogniser reads the grey of each letter's
   edge, so a grey page reads better than a black-and-white one);
5. **binarised**, for finding marks and strokes in cells, with Otsu's threshold,
   kept below the paper's own spread so that a page with little ink does not
   turn its grain into ink;
6. **despeckled**: dots of dust and toner too big for the median, with no other
   ink round them, made paper on both the grey and the black-and-white page
   (Tesseract reads them as stray punctuation: "Nhiệm: vụ:", "_b)").

Table rules are often thinner and lighter than text (a 0.5 pt border is one or
two grey pixels after the scanner's blur), so ``rules_ink`` gives a second,
lenient black-and-white copy for finding them: anything clearly darker than the
paper. Specks do not matter there, only long runs do.
"""

from __future__ import annotations

from PIL import Image, ImageChops, ImageFilter, ImageMath

from cchc.extraction.readers import page_grid

COLOURED = 40  # spread between a pixel's channels above which it is stamp or pen ink
HALO = 3  # pixels round coloured ink that go with it (the blur's halo)
GRID = 8  # the paper's brightness is estimated on a grid this many times coarser
PAPER_REACH = 5  # cells of that grid searched for paper around each point (40 px)
PAPER_SHARE = 0.02  # the paper's darker edge: where its peak falls to this share
GRAIN = 8  # grey levels the paper spreads below its peak on a grainy page
INK_SHARE = 0.005  # the darkest share of a page's pixels taken as its blackest ink
MIN_CONTRAST = 60  # grey levels kept at least between that ink and the paper
RULE_DEPTH = 48  # grey levels below the paper that still read as a rule
SPECK_SIZE = 3  # pixels (at 300 dpi): a speck lies within this of its middle
SPECK_REACH = 9  # pixels (at 300 dpi) round a speck within which no other ink lies
SPECK_RING = 2  # ink pixels in that ring still taken for none (rounding)


def without_colour(rgb: Image.Image) -> Image.Image:
    """The page in grey with coloured ink (stamps, signatures in pen) turned to paper."""
    gray = rgb.convert("L")
    if rgb.mode != "RGB":
        return gray
    red, green, blue = rgb.split()
    brightest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    darkest = ImageChops.darker(ImageChops.darker(red, green), blue)
    coloured = ImageChops.subtract(brightest, darkest).point(lambda v: 255 if v > COLOURED else 0)
    if coloured.getbbox() is None:  # a grey scan, or no stamp on this page
        return gray
    # The scanner's blur leaves a paler halo round each stroke: it goes too.
    halo = ImageChops.invert(page_grid.spread(ImageChops.invert(coloured), HALO))
    gray.paste(255, mask=halo)
    return gray


def even_paper(gray: Image.Image) -> Image.Image:
    """The page with its paper brought to white everywhere, ink kept dark against it."""
    small = gray.reduce(GRID) if min(gray.size) >= GRID * 4 else gray
    paper = small.filter(ImageFilter.MaxFilter(PAPER_REACH)).resize(
        gray.size, Image.Resampling.BILINEAR
    )
    return ImageChops.invert(ImageChops.subtract(paper, gray))


def threshold(gray: Image.Image) -> int:
    """Otsu's threshold of ``gray``, kept below the paper's own grain."""
    hist = gray.histogram()
    total = sum(hist)
    if not total:
        return 128
    weighted_all = sum(i * h for i, h in enumerate(hist))
    below = weighted = 0
    best, best_t = -1.0, 128
    for t, count in enumerate(hist):
        below += count
        if below == 0:
            continue
        above = total - below
        if above == 0:
            break
        weighted += t * count
        mean_below, mean_above = weighted / below, (weighted_all - weighted) / above
        spread = below * above * (mean_below - mean_above) ** 2
        if spread > best:
            best, best_t = spread, t
    return min(best_t, paper_edge(hist) - 1)


def paper_edge(hist: list[int]) -> int:
    """The darker edge of the paper's peak: the grey level where, going down from
    the most frequent (paper) level, the count first falls below ``PAPER_SHARE`` of
    the peak."""
    peak = max(range(256), key=lambda v: hist[v])
    floor = hist[peak] * PAPER_SHARE
    level = peak
    while level > 0 and hist[level - 1] >= floor:
        level -= 1
    return level


def clean(image: Image.Image) -> Image.Image:
    """The page in grey, coloured ink removed and paper evened (see the module's notes)."""
    return even_paper(without_colour(image))


def grainy(evened: Image.Image) -> bool:
    """True for a page whose paper is grainy: its grey levels spread far below white."""
    hist = evened.histogram()
    return max(range(256), key=lambda v: hist[v]) - paper_edge(hist) > GRAIN


def denoise(evened: Image.Image) -> Image.Image:
    """The evened page less its grain and smallest specks (a 3×3 median), where it has
    grain: on a clean page the median would only thin small letters and tone marks."""
    return evened.filter(ImageFilter.MedianFilter(3)) if grainy(evened) else evened


def stretch(smooth: Image.Image) -> Image.Image:
    """The page's grey levels stretched so that its paper is white and its darkest
    ink black, greys in between kept: what Tesseract reads best (its recogniser
    reads the grey of each letter's edge, which a black-and-white page loses)."""
    hist = smooth.histogram()
    white = paper_edge(hist)
    total, seen, black = sum(hist), 0, 0
    for level, count in enumerate(hist):
        seen += count
        if seen > total * INK_SHARE:
            black = level
            break
    black = min(black, white - MIN_CONTRAST)
    return smooth.point(lambda v: max(0, min(255, (v - black) * 255 // (white - black))))


def binarise(smooth: Image.Image) -> Image.Image:
    """Black text on white paper (0 and 255) from an evened, denoised page."""
    cut = threshold(smooth)
    return smooth.point(lambda v: 255 if v > cut else 0)


def despeckle(
    stretched: Image.Image, ink: Image.Image, dpi: int
) -> tuple[Image.Image, Image.Image]:
    """``stretched`` and its ``ink`` less the specks standing apart from the text.

    Dust and toner leave dots of two to five pixels, too big for the median of
    ``denoise``; Tesseract reads those near a word as punctuation ("vụ:", "_b)")
    and those on open paper as stray marks. A dot is ink all within ``SPECK_SIZE``
    of a pixel with no other ink in the ring from there out to ``SPECK_REACH``: it
    goes, with its blurred halo. A full stop, a comma, a colon or a tone mark has
    its letter, or its other dot, within that ring, and stays.
    """
    scale = dpi / 300
    near, reach = max(1, round(SPECK_SIZE * scale)), max(2, round(SPECK_REACH * scale))
    inked = ImageChops.invert(ink)  # ink 255
    # Ink pixels round each pixel, counted in two squares, as shares of 255.
    close, far = (inked.filter(ImageFilter.BoxBlur(r)).convert("I") for r in (near, reach))
    inner, outer = (2 * near + 1) ** 2, (2 * reach + 1) ** 2
    # The ink in the ring, times 255, less what rounding leaves: above 0 (255 once
    # clipped to grey levels) where the pixel has ink round it.
    crowded = ImageMath.lambda_eval(
        lambda a: (a["far"] * outer - a["close"] * inner - SPECK_RING * 255) * 255,
        far=far,
        close=close,
    ).convert("L")
    lonely = ImageChops.invert(crowded)
    return ImageChops.lighter(stretched, lonely), ImageChops.lighter(ink, lonely)


def rules_ink(evened: Image.Image) -> Image.Image:
    """A lenient black-and-white copy for finding table rules: what is clearly darker
    than the paper (0), the rest white (255)."""
    cut = paper_edge(evened.histogram()) - RULE_DEPTH
    return evened.point(lambda v: 0 if v < cut else 255)
