"""The PDF reader on PDFium: text-layer PDFs made here read into the layout and
the tasks they read into before (pdfplumber's own reading is the reference)."""

from __future__ import annotations

import unicodedata

import pdfplumber
from tests.extraction.documents import SCANNED_PLAN, _fonts, make_docx_blocks, make_pdf_blocks

from cchc.extraction import extract
from cchc.extraction.readers import pdf, read


def _tasks(plan) -> list[tuple]:
    return [
        (t.ref, t.parent, t.area, t.content, tuple(t.lead), tuple(t.coop),
         tuple(d.deadline_raw for d in t.deliverables))
        for t in plan.tasks
    ]  # fmt: skip


def test_a_ruled_text_layer_pdf_reads_into_the_same_tasks_through_pdfium(tmp_path):
    printed = make_pdf_blocks(tmp_path / "plan.pdf", SCANNED_PLAN)
    typed = make_docx_blocks(tmp_path / "plan.docx", SCANNED_PLAN)
    layout = read(printed)
    # the table cells are those pdfplumber (pdfminer) reads from the same ruling lines
    with pdfplumber.open(printed) as reference:
        expected = [
            [pdf._cell(cell) for cell in row]
            for page in reference.pages
            for table in page.find_tables()
            for row in table.extract()
        ]
    assert [row.cells for table in layout.tables() for row in table.rows] == expected
    found = extract(printed, year=2025)
    assert len(found.tasks) == 7
    assert _tasks(found) == _tasks(extract(typed, year=2025))
    land = next(t for t in found.tasks if "đất đai" in t.content)
    assert land.lead == ["Sở Tài nguyên và Môi trường"]
    assert [d.deadline_raw for d in land.deliverables] == ["Tháng 6"]


def test_lines_are_rebuilt_from_characters_by_baseline(tmp_path):
    """A bigger word on the line, a title drawn twice (fake bold), letters with
    combining marks and a hyphen that ends a line all read as the text shows."""
    from reportlab.pdfgen import canvas

    regular, _ = _fonts()
    path = tmp_path / "lines.pdf"
    page = canvas.Canvas(str(path))
    for dx in (0, 0.3):  # fake bold: the same text drawn twice, a hair apart
        page.setFont(regular, 14)
        page.drawString(100 + dx, 760, "KẾ HOẠCH")
    page.setFont(regular, 10)
    page.drawString(100, 720, "Điều")
    page.setFont(regular, 16)  # a taller box on the same baseline
    page.drawString(130, 720, "1.")
    page.setFont(regular, 10)
    page.drawString(156, 720, "Phạm vi")
    page.drawString(100, 690, unicodedata.normalize("NFD", "Sở Nội vụ chủ trì"))
    page.drawString(100, 660, "Quyết định số 12/QĐ-")
    page.drawString(100, 647, "UBND ngày 3/3/2025")
    page.save()
    texts = [p.text for p in read(path).paragraphs()]
    assert texts == [
        "KẾ HOẠCH",
        "Điều 1. Phạm vi",
        "Sở Nội vụ chủ trì",
        "Quyết định số 12/QĐ-",
        "UBND ngày 3/3/2025",
    ]


def _print_html(tmp_path, body: str, header_footer: bool = False, title: str = "Kế hoạch"):
    """``body`` as an HTML page printed to PDF by headless Chromium (skipped
    when Chromium is not installed): a browser's "Save as PDF"."""
    import sys
    from pathlib import Path

    import pytest

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from rendered import chromium_binary, print_html

    if chromium_binary() is None:
        pytest.skip("Chromium is not installed")
    page = tmp_path / "page.html"
    page.write_text(
        f'<html><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body style=\"font-family: 'Liberation Serif', serif\">{body}</body></html>",
        encoding="utf-8",
    )
    return print_html(page, tmp_path / "page.pdf", header_footer)


def test_a_browser_print_without_space_characters_keeps_its_words_apart(tmp_path):
    """Chromium draws no space character, only the gap: at 10 points a space is
    narrower than pdfplumber's 3-point tolerance, and the gap is told from the
    letters' height instead."""
    sentence = "Sở Nội vụ chủ trì, phối hợp với các cơ quan có liên quan"
    printed = _print_html(tmp_path, f'<p style="font-size: 10pt">{sentence}</p>'
                                    f'<p style="font-size: 8pt">{sentence}</p>')  # fmt: skip
    assert [p.text for p in read(printed).paragraphs()] == [sentence, sentence]


def test_a_space_marks_the_letter_after_it_on_the_line_not_in_the_content(tmp_path):
    """A producer whose font lacks a glyph draws the line in one text object
    with a gap there, then the missing letters from a fallback font (LibreOffice
    with a font without Vietnamese): the letter after a space in the content is
    then a word further on, and the words must still read as the line shows."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    regular, _ = _fonts()
    path = tmp_path / "fallback.pdf"
    page = canvas.Canvas(str(path))
    text, size, fallback = "của Ủy ban cơ quan", 10, set("ủỦơ")
    placed, x = [], 100.0
    for char in text:
        font = regular if char in fallback else "Helvetica"
        placed.append((x, char, font))
        x += stringWidth(char, font, size)
    page.setFont("Helvetica", size)  # registers the base font's resource
    name = page._doc.getInternalFontName("Helvetica")
    shown, at = [], 100.0
    for x, char, font in placed:
        if font == "Helvetica":  # one TJ for the line, moving over the missing letters
            shown.append(f"{-(x - at) * 1000 / size:.1f} ({char})")
            at = x + stringWidth(char, font, size)
    page._code.append(f"BT {name} {size} Tf 100 700 Td [{' '.join(shown)}] TJ ET")
    page.setFont(regular, size)
    for x, char, font in placed:  # the fallback font's letters, after the line
        if font == regular:
            page.drawString(x, 700, char)
    page.save()
    assert [p.text for p in read(path).paragraphs()] == [text]


def test_a_browser_running_header_and_footer_are_page_furniture(tmp_path):
    """Saved from a browser with its header and footer, every page carries the
    printing date and the title at the top, the address and "page/pages" at the
    bottom: lines repeated at one place on most pages, dropped; the paragraph
    that runs over a page break stays whole."""
    items = [
        f"{n}. Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành rà soát thủ tục hành "
        f"chính thuộc lĩnh vực thứ {n}, hoàn thành trong quý {n % 4 + 1} năm 2025 và báo "
        "cáo kết quả về Ủy ban nhân dân tỉnh để theo dõi, đôn đốc thực hiện."
        for n in range(1, 41)
    ]
    body = "".join(f'<p style="font-size: 13pt; text-align: justify">{t}</p>' for t in items)
    printed = _print_html(tmp_path, body, header_footer=True, title="Kế hoạch CCHC năm 2025")
    assert len(pdfplumber.open(printed).pages) >= 3
    assert [p.text for p in read(printed).paragraphs()] == items


def _unnumbered_plan(path, rows: list[list[str]], whole_rows: bool, header=None):
    """A plan whose task table leaves the TT column empty, its header repeated
    on every page, printed by LibreOffice; ``whole_rows``: no row breaks across
    a page (Word's "allow row to break across pages" off), so a page opens
    with a row of its own."""
    import shutil
    import subprocess

    import pytest
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    document = Document()
    document.styles["Normal"].font.name = "Liberation Serif"
    document.styles["Normal"].font.size = Pt(12)
    document.add_paragraph("ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI")
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Cải cách hành chính năm 2025")
    header = header or [
        "TT",
        "Nội dung",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian hoàn thành",
    ]
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for r, cells in enumerate([header, *rows]):
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        if r == 0:
            element = OxmlElement("w:tblHeader")
            element.set(qn("w:val"), "true")
            tr_pr.append(element)
        elif whole_rows:
            tr_pr.append(OxmlElement("w:cantSplit"))
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    document.save(str(path))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{path.parent}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(path.parent), str(path)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return path.with_suffix(".pdf")


def _unnumbered_rows() -> list[list[str]]:
    agencies = ["Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Văn phòng Ủy ban nhân dân tỉnh"]
    return [
        [
            "",
            f"Rà soát, đơn giản hóa thủ tục hành chính thuộc lĩnh vực thứ {n}; công bố "
            "danh mục thủ tục hành chính được sửa đổi, bổ sung, thay thế; cập nhật, công "
            "khai trên Cơ sở dữ liệu quốc gia về thủ tục hành chính và cổng dịch vụ công "
            "của tỉnh theo quy định.",
            agencies[n % 4],
            "Các sở, ban, ngành; UBND các xã, phường",
            f"Tháng {n % 12 + 1}/2025",
        ]
        for n in range(1, 31)
    ]


def test_a_table_without_numbers_keeps_a_row_that_opens_a_page(tmp_path):
    """The TT column is empty: a row that opens a page after the repeated header,
    with its own text, lead and deadline each starting afresh, is a task of its
    own, not the rest of the row above."""
    rows = _unnumbered_rows()
    printed = _unnumbered_plan(tmp_path / "whole.docx", rows, whole_rows=True)
    assert len(pdfplumber.open(printed).pages) >= 3
    plan = extract(printed, year=2025)
    assert [t.content for t in plan.tasks] == [r[1] for r in rows]
    assert [t.lead for t in plan.tasks] == [[r[2]] for r in rows]


def test_a_table_without_numbers_joins_a_row_cut_by_the_page_break(tmp_path):
    """The same table whose rows break across pages: the part of a row after
    the break (its text going on mid-sentence, its finished cells empty) goes on
    the row above, whatever the numbering."""
    rows = _unnumbered_rows()
    printed = _unnumbered_plan(tmp_path / "cut.docx", rows, whole_rows=False)
    plan = extract(printed, year=2025)
    assert [t.content for t in plan.tasks] == [r[1] for r in rows]
    assert [[d.deadline_raw for d in t.deliverables] for t in plan.tasks] == [[r[4]] for r in rows]


def test_a_dashed_list_cut_by_the_page_break_goes_on_its_numbered_row(tmp_path):
    """A numbered row whose content is a list of dashed items, cut by the page
    break: the part after the break opens with a dash but has no number, and its
    product goes on mid-sentence; it is the rest of the row, not a sub-task."""
    header = ["TT", "Nội dung", "Sản phẩm", "Cơ quan chủ trì", "Thời gian hoàn thành"]
    rows = [
        [f"{n}.", f"Rà soát thủ tục hành chính lĩnh vực thứ {n}", "Báo cáo", "Sở Nội vụ",
         "Tháng 6/2025"]
        for n in range(1, 4)
    ]  # fmt: skip
    items = [f"- Kế hoạch số {n} về cải cách hành chính" for n in range(1, 41)]
    product = "Văn bản" + " được ban hành và gửi các cơ quan" * 30
    rows.append(["4.", "\n".join(["Ban hành các kế hoạch năm 2025:", *items]), product,
                 "Sở Nội vụ", "Tháng 01/2025"])  # fmt: skip
    printed = _unnumbered_plan(tmp_path / "list.docx", rows, whole_rows=False, header=header)
    assert len(pdfplumber.open(printed).pages) >= 2
    plan = extract(printed, year=2025)
    assert [t.ref for t in plan.tasks] == ["1", "2", "3", "4"]
    assert plan.tasks[-1].content.endswith(items[-1])


def test_group_rows_left_at_a_page_foot_open_the_table_on_the_next_page(tmp_path):
    """A second task table opens with its group rows ("B", "I"), each a label and
    one cell spanning the rest; the page ends under them and the header (its STT
    cell empty) comes on the next page: ruled apart, the group rows make a
    two-column table. They head the rows below and the whole goes on the first
    table, whose header names the STT column, so the rows keep their numbers."""
    from reportlab.lib import colors, pagesizes
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer
    from reportlab.platypus import Paragraph as Para
    from reportlab.platypus import Table as Grid

    regular, bold = _fonts()
    style = ParagraphStyle("cell", fontName=regular, fontSize=9, leading=11)
    widths = [1.2 * cm, 7 * cm, 3.5 * cm, 3.5 * cm, 2.5 * cm]

    def grid(rows, spans=()):
        cells = [[Para(text, style) for text in row] for row in rows]
        commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
        commands += [("SPAN", (1, r), (-1, r)) for r in spans]
        return Grid(cells, colWidths=widths, style=commands)

    header = ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"]
    row = ["Sở Nội vụ", "Các sở, ban, ngành", "Năm 2026"]
    first = [header, ["A", "NHIỆM VỤ CHUNG", "", "", ""], ["I", "Cải cách thể chế", "", "", ""]]
    first += [[f"1.{n}", f"Rà soát văn bản quy phạm pháp luật nhóm {n}", *row] for n in (1, 2)]
    second = [["", *header[1:]]]
    second += [[f"1.{n}", f"Số hóa hồ sơ thủ tục hành chính nhóm {n}", *row] for n in (1, 2)]
    story = [
        Para("KẾ HOẠCH", style),
        grid(first, spans=(1, 2)),
        Spacer(1, 12),
        grid([["B", "NHIỆM VỤ NGÀNH", "", "", ""], ["I", "Chuyển đổi số", "", "", ""]], (0, 1)),
        PageBreak(),
        grid(second),
    ]
    path = tmp_path / "groups.pdf"
    SimpleDocTemplate(str(path), pagesize=pagesizes.A4).build(story)
    plan = extract(path, year=2026)
    assert [t.ref for t in plan.tasks] == ["A.I.1.1", "A.I.1.2", "B.I.1.1", "B.I.1.2"]
    assert not [d for t in plan.tasks for d in t.doubts]


def test_a_table_ruled_between_rows_only_reads_its_columns(tmp_path):
    """Word's table style with borders between rows and none between columns,
    printed by LibreOffice: the columns are the strips the header and nearly
    every row leave clear; a heading row spanning the columns stays one cell."""
    import shutil
    import subprocess

    import pytest
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    document = Document()
    document.styles["Normal"].font.name = "Liberation Serif"
    document.styles["Normal"].font.size = Pt(12)
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Cải cách hành chính năm 2025")
    header = ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
    agencies = ["Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính"]
    rows = [["I", "CẢI CÁCH THỂ CHẾ VÀ THỦ TỤC HÀNH CHÍNH TRÊN ĐỊA BÀN TỈNH"]]
    rows += [
        [f"{n}.", f"Rà soát, đơn giản hóa thủ tục hành chính thuộc lĩnh vực thứ {n} và "
         "công khai trên cổng dịch vụ công của tỉnh", agencies[n % 3],
         "Các sở, ban, ngành", f"Tháng {n + 2}/2025"]
        for n in range(1, 7)
    ]  # fmt: skip
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        ruled = edge in ("top", "bottom", "insideH")
        element.set(qn("w:val"), "single" if ruled else "nil")
        if ruled:
            element.set(qn("w:sz"), "4")
        borders.append(element)
    table._tbl.tblPr.append(borders)
    for r, cells in enumerate([header, *rows]):
        if len(cells) == 2:  # the heading spans the row
            table.cell(r, 1).merge(table.cell(r, len(header) - 1))
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    path = tmp_path / "rows.docx"
    document.save(str(path))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    layout = read(tmp_path / "rows.pdf")
    assert [row.cells for row in layout.tables()[0].rows][:2] == [
        header,
        [*rows[0], "", "", ""],
    ]
    plan = extract(tmp_path / "rows.pdf", year=2025)
    assert [(t.ref, t.lead, [d.deadline_raw for d in t.deliverables]) for t in plan.tasks] == [
        (f"I.{n}", [agencies[n % 3]], [f"Tháng {n + 2}/2025"]) for n in range(1, 7)
    ]
