"""Scanned plans: a PDF of page images, read through Tesseract with its tables.

The plan is rendered as a real PDF with a text layer (reportlab), each page is
drawn to pixels and the pictures are bound into a new PDF, as a scanner does;
the scan must extract like the original, task structure included.
"""

from __future__ import annotations

import math
import os
import random
import re
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter
from rapidfuzz import fuzz
from tests.extraction.documents import SCANNED_PLAN, Heading, make_pdf_blocks, make_scan

from cchc.extraction import UnreadableDocument, extract, extract_layout
from cchc.extraction.layout import Layout, Paragraph, Row, Source, Table
from cchc.extraction.readers import numbering_marks, page_clean, page_grid, scan
from cchc.extraction.readers import read as read_any
from cchc.extraction.readers.pdf import read

needs_tesseract = pytest.mark.skipif(
    scan.tesseract() is None, reason="Tesseract with Vietnamese data (tesseract-ocr-vie)"
)

HEADER = SCANNED_PLAN[5][0]


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> Path:
    return make_pdf_blocks(tmp_path_factory.mktemp("scan") / "plan.pdf", SCANNED_PLAN)


def _structure(plan) -> list[tuple]:
    return [
        (t.ref, t.parent, t.area, tuple(t.lead), tuple(t.coop),
         tuple(d.deadline_raw for d in t.deliverables))
        for t in plan.tasks
    ]  # fmt: skip


@needs_tesseract
@pytest.mark.parametrize("skew", [0.0, 0.3, -1.5], ids=["straight", "skewed 0.3°", "skewed -1.5°"])
def test_a_scanned_plan_extracts_like_its_original(original, tmp_path, skew):
    scanned = make_scan(original, tmp_path / "scan.pdf", skew=skew)
    with pdfplumber.open(scanned) as pdf:
        assert not any(page.chars for page in pdf.pages)  # nothing but pictures
    expected, found = extract(original, year=2025), extract(scanned, year=2025)
    assert len(expected.tasks) == 7
    assert _structure(found) == _structure(expected)
    for mine, theirs in zip(found.tasks, expected.tasks, strict=True):
        assert fuzz.ratio(mine.content, theirs.content) >= 90, (mine.content, theirs.content)
    assert [t.text for t in found.targets] == [t.text for t in expected.targets]


def _office_scan(original: Path, target: Path, *, skew: float, dpi: int = 200) -> Path:
    """``original`` as an office scanner makes it: in colour, grey toner on yellowish
    paper lit unevenly, blurred, grainy and specked, ``skew`` degrees crooked, with a
    red stamp and a blue signature over the task table's agency columns."""
    rng = random.Random(3)
    with pypdfium2.PdfDocument(str(original)) as document:
        page = document[0].render(scale=dpi / 72).to_pil().convert("RGB")
    width, height = page.size
    ink = Image.new("RGB", page.size, "white")
    draw = ImageDraw.Draw(ink)
    # Under the table, where the signer signs and stamps, over the closing lines.
    cx, cy, r = width * 62 // 100, height * 60 // 100, width // 10
    for thickness, radius in ((6, r), (3, r * 3 // 4)):
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius),
                     outline=(210, 40, 50), width=thickness)  # fmt: skip
    draw.regular_polygon((cx, cy, r // 4), 5, fill=(210, 40, 50))
    draw.line([(cx - r + i * 9, cy + 30 * math.sin(i / 2)) for i in range(2 * r // 9)],
              fill=(30, 40, 150), width=3)  # fmt: skip
    page = ImageChops.multiply(page, ink)
    light = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize(page.size)
    light = light.point(lambda v: 185 + 60 * v // 255)  # paper from 185 to 245, left to right
    paper = Image.merge("RGB", (light, light, light.point(lambda v: v - 14)))
    page = ImageChops.multiply(page.point(lambda v: 50 + 205 * v // 255), paper)
    page = page.filter(ImageFilter.GaussianBlur(0.7))
    page = ImageChops.add(page, Image.effect_noise(page.size, 14).convert("RGB"), offset=-128)
    draw = ImageDraw.Draw(page)
    for _ in range(width * height // 20000):  # dust
        x, y, size = rng.randrange(width), rng.randrange(height), rng.choice((1, 1, 2))
        draw.ellipse((x, y, x + size, y + size), fill=(40, 40, 40))
    page = page.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=(185, 185, 171))
    page.save(target, resolution=dpi, quality=80)
    return target


@needs_tesseract
def test_a_noisy_skewed_stamped_scan_still_gives_the_tables_tasks_and_leads(original, tmp_path):
    scanned = _office_scan(original, tmp_path / "scan.pdf", skew=1.2)
    expected, found = extract(original, year=2025), extract(scanned, year=2025)
    assert _structure(found) == _structure(expected)
    for mine, theirs in zip(found.tasks, expected.tasks, strict=True):
        assert fuzz.ratio(mine.content, theirs.content) >= 90, (mine.content, theirs.content)


@needs_tesseract
@pytest.mark.parametrize("turn", [90, 270])
def test_a_landscape_plan_scanned_sideways_is_turned_upright(tmp_path, turn):
    original = make_pdf_blocks(tmp_path / "landscape.pdf", SCANNED_PLAN, landscape=True)
    scanned = make_scan(original, tmp_path / "scan.pdf", turn=turn)
    with pdfplumber.open(scanned) as pdf:
        assert pdf.pages[0].height > pdf.pages[0].width  # the sheet lies sideways
    expected, found = extract(original, year=2025), extract(scanned, year=2025)
    assert _structure(found) == _structure(expected)


@needs_tesseract
def test_scanned_table_rows_keep_their_columns_and_source(original, tmp_path):
    layout = read(make_scan(original, tmp_path / "scan.pdf"))
    tables = [block for block in layout.blocks if isinstance(block, Table)]
    assert len(tables) == 1
    rows = tables[0].rows
    assert rows[0].cells == HEADER
    assert [row.cells[0] for row in rows[1:]] == ["I", "1.", "-", "-", "2.", "II", "1.", "a)", "b)"]
    assert rows[3].cells[3] == "Sở Tài nguyên và Môi trường" and rows[3].cells[5] == "Tháng 6"
    assert rows[1].cells[2:] == ["", "", "", ""]  # a section row: empty cells stay empty
    assert [row.source.as_dict() for row in rows[:2]] == [
        {"page": 1, "table": 1, "row": 1},
        {"page": 1, "table": 1, "row": 2},
    ]
    # The text around the table keeps its order and its lines.
    texts = [block.text for block in layout.paragraphs()]
    assert texts[0] == "ỦY BAN NHÂN DÂN TỈNH"
    assert texts[-1].startswith("Các cơ quan, đơn vị báo cáo kết quả")
    position = {id(block): i for i, block in enumerate(layout.blocks)}
    assert position[id(tables[0])] < position[id(layout.paragraphs()[-1])]


@needs_tesseract
def test_each_scanned_page_is_announced_before_it_is_read(tmp_path):
    original = make_pdf_blocks(tmp_path / "long.pdf", [*SCANNED_PLAN, Heading("Phụ lục")] * 3)
    pages = []
    layout = read_any(
        make_scan(original, tmp_path / "scan.pdf"), on_page=lambda *p: pages.append(p)
    )
    total = max(block.source.page for block in layout.blocks)
    assert total >= 2 and pages == [(n, total) for n in range(1, total + 1)]


def test_the_readers_doubts_reach_the_task_of_their_row():
    def row(cells, doubts=(), *, after_break=False):
        return Row(cells, Source(page=1, table=1), after_break=after_break, doubts=list(doubts))

    unsure = "chữ quét đọc chưa chắc / uncertain OCR: phế"
    table = Table(
        [
            row(HEADER),
            row(["1.", "Rà soát thủ tục", "", "Sở Nội vụ", "", "Quý II/2025"], [unsure]),
            row(["2.", "Kiểm tra công tác", "", "Sở Tư pháp", "", "Tháng 6"]),
            row(["", "tại các huyện", "", "", "", ""], ["… huyện"], after_break=True),
        ]
    )
    plan = extract_layout(Layout([Paragraph("KẾ HOẠCH năm 2025"), table], name="x.pdf"), year=2025)
    first, second = plan.tasks
    assert unsure in first.doubts
    assert "… huyện" in second.doubts and unsure not in second.doubts


@pytest.mark.parametrize(
    ("read", "mark"),
    [("b}", "b)"), ("12]", "12)"), ("1,", "1."), ("|", "I"), ("lI", "II"), ("lV.", "IV."), ("H", "II"), ("VỊ", "VI"), ("Ĩ.", "I."),
     ("l)", "l)"), ("1.", "1."), ("Sở", "Sở"), ("-", "-"), ("10..", "10."), ("_36,", "36."), ("L.", "I."), ("IL", "II"),
     (".b)", "b)"), ("“Chiến lược”", "“Chiến lược”")],
)  # fmt: skip
def test_misread_numbering_marks_are_mended(read, mark):
    assert numbering_marks.mend_mark(read) == mark


def _marks(*tables: list[str]) -> list[Table]:
    return [Table([Row([mark, "Nội dung"]) for mark in marks]) for marks in tables]


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        (["m)", "n)", "0)", "p)"], ["m)", "n)", "o)", "p)"]),
        (["h)", "j)", "k)"], ["h)", "i)", "k)"]),
        (["h)", "1)", "k)"], ["h)", "i)", "k)"]),  # a digit, confirmed by the next mark
        (["g)", "h)", "1)", "2)"], ["g)", "h)", "1)", "2)"]),  # numbers of their own
        (["h)", "1.", "a)"], ["h)", "1.", "a)"]),
        (["c)", "d)", "d)", "e)"], ["c)", "d)", "đ)", "e)"]),
        (["q)", "-", "r)", "5)", "t)"], ["q)", "-", "r)", "s)", "t)"]),  # "-" rows do not break it
        (["h)", "Ù)", "k)", "Ù)", "m)"], ["h)", "i)", "k)", "l)", "m)"]),  # no letter: confirmed
        (["h)", "Ù)", "a)"], ["h)", "Ù)", "a)"]),  # ... but not confirmed by the next mark
        (["o)", "P)", "q)"], ["o)", "p)", "q)"]),
        (["d)", "d.", "e)"], ["d)", "đ.", "e)"]),
        (["g)", "h)", "I.", "1."], ["g)", "h)", "I.", "1."]),  # a Roman section is no capital i
        (["g)", "h)", "1.", "a)"], ["g)", "h)", "1.", "a)"]),
    ],
)
def test_misread_letters_are_mended_from_the_sequence(read, printed):
    (table,) = _marks(read)
    numbering_marks.mend_letter_marks([table])
    assert [row.cells[0] for row in table.rows] == printed


def test_the_letter_sequence_goes_on_across_a_page_break():
    first, second = _marks(["m)", "n)"], ["0)", "p)"])
    numbering_marks.mend_letter_marks([first, Paragraph("Trang 2"), second])
    assert [row.cells[0] for row in second.rows] == ["o)", "p)"]


def test_a_roman_section_after_letters_is_left_alone():
    first, second = _marks(["a)", "b)"], ["I", "1.", "a)"])
    numbering_marks.mend_letter_marks([first, second])
    assert [row.cells[0] for row in second.rows] == ["I", "1.", "a)"]


def _ink(width: int, height: int, *boxes: tuple[int, int, int, int]) -> Image.Image:
    image = Image.new("L", (width, height), 255)
    for box in boxes:
        ImageDraw.Draw(image).rectangle(box, fill=0)
    return image


@pytest.mark.parametrize(
    ("ink", "mark"),
    [
        (_ink(4, 27, (0, 0, 3, 26)), "I"),
        (_ink(20, 27, (0, 0, 3, 26), (8, 0, 11, 26), (16, 0, 19, 26)), "III"),
        (_ink(26, 27, (0, 0, 25, 2), (0, 24, 25, 26), (3, 0, 6, 26), (11, 0, 14, 26),
              (19, 0, 22, 26)), "III"),  # serifs
        (_ink(12, 3, (0, 0, 11, 2)), "-"),
        (_ink(14, 27, (0, 0, 3, 26), (10, 23, 13, 26)), None),  # "1." : the dot
        (_ink(8, 27, (4, 0, 7, 26), (0, 0, 4, 3)), None),  # "1": the flag
        (_ink(20, 27, (0, 0, 3, 26), (8, 10, 19, 13)), None),  # a stroke and a bar: no numeral
    ],
)  # fmt: skip
def test_strokes_read_as_dashes_and_roman_numbers(ink, mark):
    assert page_grid.stroke_mark(ink) == mark


def test_misread_frequent_words_are_restored():
    assert scan._mend_words("Uy ban nhân dân tỉnh; Uy tín") == "Ủy ban nhân dân tỉnh; Uy tín"
    assert scan._mend_words("Bưu điện thành phế") == "Bưu điện thành phố"
    assert scan._mend_words("Thành phế Cần Thơ") == "Thành phố Cần Thơ"
    assert (
        scan._mend_words("Úy ban Thường vụ; Uy-ban nhân dân") == "Ủy ban Thường vụ; Ủy ban nhân dân"
    )
    assert scan._mend_words("do UBTV QH thành lập; UB ND tỉnh") == "do UBTVQH thành lập; UBND tỉnh"
    assert scan._mend_words("TT TT; Gơ quan thực hiện") == "TT TT; Cơ quan thực hiện"


@pytest.mark.parametrize(
    ("read", "meant"),
    [("thành phố trực thuộc trụng ương.", "thành phố trực thuộc trung ương."),
     ("các cợ quan, tổ chức có liện quan", "các cơ quan, tổ chức có liên quan"),
     ("Cơ quan chủ trì: BỘ Công an.", "Cơ quan chủ trì: Bộ Công an."),
     ("CƠ QUAN THỰC HIỆN", "CƠ QUAN THỰC HIỆN"), ("Cợ quan chủ tri", "Cơ quan chủ trì"),
     ("ban trung ương", "ban trung ương"), ("thủ tục", "thủ tục")],
)  # fmt: skip
def test_frequent_phrases_read_with_a_wrong_tone_mark_are_spelt_right(read, meant):
    assert scan._mend_words(read) == meant


def test_a_page_tesseract_fails_on_is_named(original, tmp_path, monkeypatch):
    scanned = make_scan(original, tmp_path / "scan.pdf")
    # A Tesseract that lists Vietnamese but fails on every page (a broken install).
    broken = tmp_path / "bin" / "tesseract"
    broken.parent.mkdir()
    broken.write_text('#!/bin/sh\n[ "$1" = --list-langs ] && { echo vie; exit 0; }\nexit 1\n')
    broken.chmod(0o755)
    monkeypatch.setenv("PATH", f"{broken.parent}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(UnreadableDocument) as error:
        read(scanned)
    assert "trang 1 (OCR)" in error.value.reason


def _page(size=(240, 120), paper=255) -> Image.Image:
    return Image.new("RGB", size, (paper, paper, paper))


def test_a_red_stamp_goes_and_the_black_text_under_it_stays():
    page = _page()
    draw = ImageDraw.Draw(page)
    for x in range(20, 220, 20):  # strokes of text
        draw.rectangle((x, 30, x + 5, 90), fill=(20, 20, 20))
    stamp = Image.new("RGB", page.size, "white")
    ImageDraw.Draw(stamp).ellipse((60, 10, 180, 110), outline=(215, 35, 45), width=8)
    gray = page_clean.without_colour(ImageChops.multiply(page, stamp))
    assert gray.getpixel((120, 12)) == 255  # the ring, on paper: gone
    assert gray.getpixel((62, 60)) < 60  # a stroke under the ring: still ink
    assert gray.getpixel((100, 60)) < 60 and gray.getpixel((110, 60)) == 255


def test_text_on_paper_lit_unevenly_binarises_to_the_text_alone():
    # Paper from 110 (left) to 250 (right), ink 110 levels darker than the paper
    # around it: the ink on the right (140) is lighter than the paper on the left,
    # so no single threshold over the raw page separates them.
    light = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize((400, 100))
    paper = light.point(lambda v: 250 - 140 * v // 255).transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    strokes = Image.new("L", paper.size, 0)
    for x in range(10, 390, 24):
        ImageDraw.Draw(strokes).rectangle((x, 20, x + 4, 80), fill=110)
    binary = _binarised(ImageChops.subtract(paper, strokes))
    _assert_ink_is(binary, strokes.point(lambda v: 0 if v else 255))


def _binarised(gray: Image.Image) -> Image.Image:
    return page_clean.binarise(page_clean.denoise(page_clean.even_paper(gray)))


def _assert_ink_is(binary: Image.Image, expected: Image.Image) -> None:
    """``binary`` black where ``expected`` is, give or take the corners of each stroke
    (the median that takes specks out rounds them)."""
    paper_only = ImageChops.darker(binary, expected)  # black where either is
    assert ImageChops.difference(paper_only, expected).getbbox() is None  # no paper turned ink
    core = expected.filter(ImageFilter.MaxFilter(3))  # each stroke less its edge
    assert ImageChops.difference(ImageChops.lighter(binary, core), core).getbbox() is None


def test_grain_on_a_page_with_little_ink_stays_paper():
    rng = random.Random(5)
    grain = Image.new("L", (300, 300))
    grain.putdata([min(255, round(rng.gauss(228, 14))) for _ in range(300 * 300)])
    ImageDraw.Draw(grain).rectangle((140, 130, 145, 170), fill=30)  # one stroke
    expected = Image.new("L", grain.size, 255)
    ImageDraw.Draw(expected).rectangle((140, 130, 145, 170), fill=0)
    _assert_ink_is(_binarised(grain), expected)


# A plan that assigns work in labelled items (the Hà Nội family): its structure rests on
# the marks and labels "a) Nhiệm vụ:", "b) Cơ quan thực hiện:", which specks spoil.
LABELLED_PLAN = [
    "ỦY BAN NHÂN DÂN TỈNH",
    Heading("KẾ HOẠCH Chuyển đổi số năm 2025"),
    Heading("II. NHIỆM VỤ"),
    Heading("1. Về dữ liệu"),
    "a) Nhiệm vụ: Rà soát, hoàn thiện cơ sở dữ liệu của đơn vị theo hướng dẫn của bộ, ngành.",
    "b) Cơ quan thực hiện:",
    "- Đơn vị chủ trì: Sở Khoa học và Công nghệ.",
    "- Đơn vị phối hợp: Các sở, ban, ngành.",
    "c) Thời gian thực hiện: Hoàn thành trong năm 2025.",
    Heading("2. Về nền tảng số"),
    "a) Nhiệm vụ: Triển khai các nền tảng số dùng chung của tỉnh.",
    "b) Cơ quan thực hiện:",
    "- Đơn vị chủ trì: Sở Tài chính.",
    "- Đơn vị phối hợp: Sở Nội vụ.",
    "c) Thời gian thực hiện: Quý III/2025.",
    Heading("3. Về an toàn thông tin"),
    "a) Nhiệm vụ: Bảo đảm an toàn thông tin cho các hệ thống dùng chung.",
    "b) Cơ quan thực hiện:",
    "- Đơn vị chủ trì: Công an tỉnh.",
    "- Đơn vị phối hợp: Sở Khoa học và Công nghệ.",
    "c) Thời gian thực hiện: Thực hiện thường xuyên.",
]


def _specked_scan(original: Path, target: Path, *, dpi: int = 300) -> Path:
    """``original`` scanned at ``dpi`` with grey toner, grain and dense dust: sharp dots
    of two to four pixels, too big for a median filter, all over each page."""
    rng = random.Random(7)
    pages = []
    with pypdfium2.PdfDocument(str(original)) as document:
        for index in range(len(document)):
            page = document[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page = page.point(lambda v: 50 + 190 * v // 255).filter(ImageFilter.GaussianBlur(0.8))
            page = ImageChops.add(page, Image.effect_noise(page.size, 14), offset=-128)
            draw = ImageDraw.Draw(page)
            width, height = page.size
            for _ in range(width * height // 4000):
                x, y, size = rng.randrange(width), rng.randrange(height), rng.choice((1, 2, 3))
                draw.ellipse((x, y, x + size, y + size), fill=rng.randint(0, 90))
            pages.append(page)
    pages[0].save(target, save_all=True, append_images=pages[1:], resolution=dpi)
    return target


@needs_tesseract
def test_dust_on_a_scan_does_not_turn_into_punctuation(tmp_path):
    original = make_pdf_blocks(tmp_path / "items.pdf", LABELLED_PLAN)
    scanned = _specked_scan(original, tmp_path / "scan.pdf")
    expected, found = extract(original, year=2025), extract(scanned, year=2025)
    assert len(expected.tasks) == 3
    assert _structure(found) == _structure(expected)
    for mine, theirs in zip(found.tasks, expected.tasks, strict=True):
        assert fuzz.ratio(mine.content, theirs.content) >= 95, (mine.content, theirs.content)


# A long numbered table over several pages: its numbering column is where specks
# read as punctuation hurt, "10.." or "_36," being no number mark.
LONG_TABLE = [
    Heading("KẾ HOẠCH Sắp xếp văn bản năm 2025"),
    [
        ["TT", "Tên văn bản", "Cơ quan trình", "Cơ quan soạn thảo", "Tiến độ"],
        *(
            [f"{n}.", f"Nghị quyết sửa đổi, bổ sung một số điều của Nghị quyết số {n + 10}",
             "Ủy ban Thường vụ Quốc hội", "Văn phòng Quốc hội", "Tháng 5/2025"]
            for n in range(1, 46)
        ),
    ],
]  # fmt: skip


@needs_tesseract
def test_specks_round_the_number_marks_of_a_scanned_table_are_dropped(tmp_path):
    original = make_pdf_blocks(tmp_path / "long.pdf", LONG_TABLE)
    layout = read(_specked_scan(original, tmp_path / "scan.pdf"))
    marks = [row.cells[0] for b in layout.blocks if isinstance(b, Table) for row in b.rows[1:]]
    assert len(marks) >= 45
    # A digit may be misread ("A4."), but no speck stays in or round a mark.
    assert [m for m in marks if not re.fullmatch(r"\w{1,3}\.?", m)] == []


@pytest.mark.parametrize(
    ("read", "line"),
    [(".b) Cơ quan thực hiện:", "b) Cơ quan thực hiện:"), ("1.. Về dữ liệu", "1. Về dữ liệu"),
     ("3, Về đảm bảo", "3. Về đảm bảo"), ("L. MỤC ĐÍCH", "I. MỤC ĐÍCH"),
     ("Lào Cai", "Lào Cai"), ("3, 4 và 5 tháng", "3, 4 và 5 tháng"),
     ("- Đơn vị chủ trì", "- Đơn vị chủ trì"), ("“Chiến lược”", "“Chiến lược”")],
)  # fmt: skip
def test_specks_before_a_lines_mark_are_dropped(read, line):
    assert numbering_marks.mend_line_mark(read) == line


def test_a_header_repeat_a_scan_misreads_still_joins_the_row_cut_by_the_page_end():
    # As a scan reads a table's header printed again on the next page: letters split
    # ("S T T") and misread ("vìệc", "phầm", "thảnh"), spaces lost ("Cơquan").
    misread = ["S T T", "Nội dung công vìệc", "Sản phầm", "Cơ quan chủ trì", "Cơquan phối hợp",
               "Thời gian hoàn thảnh"]  # fmt: skip

    def row(cells, page):
        return Row(cells, Source(page=page, table=1))

    table = Table(
        [
            row(HEADER, 1),
            row(["1.", "Rà soát thủ tục hành chính", "Báo cáo", "Sở Nội vụ", "", "Quý II/2025"], 1),
            row(["2.", "Kiểm tra công tác cải cách", "Kế hoạch", "Sở Tư pháp", "", ""], 1),
            row(misread, 2),
            row(["", "hành chính tại các huyện", "", "", "Sở Nội vụ", "Tháng 6"], 2),
            row(["3.", "Công bố thủ tục hành chính", "Quyết định", "Sở Tư pháp", "", "Tháng 3"], 2),
        ]
    )
    plan = extract_layout(Layout([Paragraph("KẾ HOẠCH năm 2025"), table], name="x.pdf"), year=2025)
    assert [t.ref for t in plan.tasks] == ["1", "2", "3"]
    second = plan.tasks[1]
    assert second.content == "Kiểm tra công tác cải cách hành chính tại các huyện"
    assert second.coop == ["Sở Nội vụ"] and second.deliverables[0].deadline_raw == "Tháng 6"


# Items whose heading wraps onto a second line (the Thủ tướng family): the lines of
# the heading must be one task content, as in the text layer.
WRAPPED_PLAN = [
    Heading("KẾ HOẠCH Triển khai thi hành Luật năm 2025"),
    Heading("II. NỘI DUNG"),
    "1. Tổ chức tuyên truyền, phổ biến, giáo dục pháp luật về bảo vệ dữ liệu cá nhân cho cán "
    "bộ, công chức, viên chức và người dân trên địa bàn",
    "- Cơ quan chủ trì: Bộ Công an.",
    "- Cơ quan phối hợp: Bộ Tư pháp.",
    "- Thời gian thực hiện: năm 2025.",
    "2. Biên soạn tài liệu phục vụ công tác phổ biến Luật và các văn bản quy phạm pháp luật "
    "quy định chi tiết, hướng dẫn thi hành Luật",
    "- Cơ quan chủ trì: Bộ Tư pháp.",
    "- Thời gian thực hiện: năm 2026.",
]


@needs_tesseract
def test_a_heading_wrapped_on_a_scan_is_one_task_content(tmp_path):
    original = make_pdf_blocks(tmp_path / "wrapped.pdf", WRAPPED_PLAN)
    scanned = make_scan(original, tmp_path / "scan.pdf", dpi=300)
    expected, found = extract(original, year=2025), extract(scanned, year=2025)
    assert len(expected.tasks) == 2
    assert _structure(found) == _structure(expected)
    for mine, theirs in zip(found.tasks, expected.tasks, strict=True):
        assert fuzz.ratio(mine.content, theirs.content) >= 95, (mine.content, theirs.content)
