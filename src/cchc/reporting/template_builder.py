"""Writes the Word template of the consolidated report (``bao-cao-tong-hop.docx``).

Run ``python -m cchc.reporting.template_builder`` to write it again. An office
that wants its own look edits the ``.docx`` in Word instead (fonts, spacing,
recipients, signer) and keeps the ``{{ … }}`` / ``{%p … %}`` / ``{%tr … %}``
tags (docxtpl); :mod:`cchc.reporting.documents` lists the variables.

The layout is the one of Nghị định 30/2020/NĐ-CP (Phụ lục I) for an
administrative document: A4 portrait, margins top and bottom 20 mm, left 30 mm,
right 15 mm, Times New Roman; a two-column header without borders (issuer on
the left with the number under it, national motto on the right with the place
and date under it), the title centred in bold capitals, the body justified in
14 pt with a first-line indent, then the recipients ("Nơi nhận:", 12 pt bold
italic, list in 11 pt) and the signature block side by side, and appendices.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

TEMPLATE = Path(__file__).parent / "templates" / "reporting" / "bao-cao-tong-hop.docx"
FONT = "Times New Roman"
CENTER, JUSTIFY, LEFT = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
    WD_ALIGN_PARAGRAPH.LEFT,
)

# The appendix tables: (header, width in cm) of their columns.
STATUS_COLUMNS = [
    ("STT", 1.0),
    ("{label}", 4.4),
    ("Tổng số nhiệm vụ", 1.5),
    ("Hoàn thành đúng hạn", 1.6),
    ("Hoàn thành quá hạn", 1.6),
    ("Chưa hoàn thành — trong hạn", 1.7),
    ("Chưa hoàn thành — quá hạn", 1.7),
    ("Tạm dừng", 1.4),
    ("Tỷ lệ hoàn thành (%)", 1.6),
]
STATUS_FIELDS = [
    "total",
    "done_on_time",
    "done_late",
    "open_on_time",
    "open_overdue",
    "halted",
    "percent",
]
TARGET_COLUMNS = [
    ("STT", 1.0),
    ("Chỉ tiêu", 6.0),
    ("Kế hoạch", 2.2),
    ("Phạm vi / cơ quan", 3.4),
    ("Kết quả thực hiện", 2.0),
    ("Đánh giá", 1.9),
]


def _font(run, size: float, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _paragraph(
    container,
    text: str = "",
    size: float = 14,
    *,
    bold=False,
    italic=False,
    align=CENTER,
    before=0,
    after=0,
    indent=None,
):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent is not None:
        fmt.first_line_indent = Cm(indent)
    if text:
        _font(paragraph.add_run(text), size, bold, italic)
    return paragraph


def _short_line(container, width_cm: float, cell_width_cm: float) -> None:
    """A centred horizontal line under a name: a paragraph's bottom border, indented."""
    paragraph = _paragraph(container, size=6)
    side = Cm(max(0.0, (cell_width_cm - width_cm) / 2))
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _cell(table, row: int, column: int, width_cm: float):
    """An emptied cell of ``width_cm``; the column's grid width too (LibreOffice reads that)."""
    cell = table.cell(row, column)
    cell.width = Cm(width_cm)
    table.columns[column].width = Cm(width_cm)
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)  # start empty
    return cell


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _header(document) -> None:
    left, right = 6.0, 10.5
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    issuer = _cell(table, 0, 0, left)
    _paragraph(issuer, "{{ issuer_top }}", 13, bold=True)
    _paragraph(issuer, "{{ issuer_name }}", 13, bold=True)
    _short_line(issuer, 2.0, left)
    motto = _cell(table, 0, 1, right)
    _paragraph(motto, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
    _paragraph(motto, "Độc lập - Tự do - Hạnh phúc", 14, bold=True)
    _short_line(motto, 5.5, right)
    number = _cell(table, 1, 0, left)
    _paragraph(number, "Số: {{ number }}", 13, before=6)
    date = _cell(table, 1, 1, right)
    _paragraph(
        date,
        "{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}",
        14,
        italic=True,
        before=6,
    )


def _body(document) -> None:
    _paragraph(document, "BÁO CÁO", 14, bold=True, before=18)
    _paragraph(document, "{{ title }}", 14, bold=True)
    _short_line(document, 3.0, 16.5)
    _paragraph(document, "{%p for p in body %}", 14, align=JUSTIFY)
    _paragraph(document, "{%p if p.heading %}", 14, align=JUSTIFY)
    _paragraph(
        document, "{{ p.text }}", 14, bold=True, align=JUSTIFY, before=6, after=6, indent=1.0
    )
    _paragraph(document, "{%p else %}", 14, align=JUSTIFY)
    _paragraph(document, "{{ p.text }}", 14, align=JUSTIFY, after=6, indent=1.0)
    _paragraph(document, "{%p endif %}", 14, align=JUSTIFY)
    _paragraph(document, "{%p endfor %}", 14, align=JUSTIFY)


def _signature(document) -> None:
    left, right = 8.0, 8.5
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    _no_borders(table)
    recipients = _cell(table, 0, 0, left)
    _paragraph(recipients, "Nơi nhận:", 12, bold=True, italic=True, align=LEFT, before=12)
    _paragraph(recipients, "{%p for r in recipients %}", 11, align=LEFT)
    _paragraph(recipients, "- {{ r }}", 11, align=LEFT)
    _paragraph(recipients, "{%p endfor %}", 11, align=LEFT)
    signer = _cell(table, 0, 1, right)
    _paragraph(signer, "{{ signer_for }}", 14, bold=True, before=12)
    _paragraph(signer, "{{ signer_title }}", 14, bold=True)
    for _ in range(4):
        _paragraph(signer, "", 14)
    _paragraph(signer, "{{ signer_name }}", 14, bold=True)


def _grid(table) -> None:
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False


def _table(document, columns, fields: list[str], rows: str, total: bool) -> None:
    """A bordered table: header, one repeated row per item of ``rows``, an optional total."""
    lines = 4 + (1 if total else 0)
    table = document.add_table(rows=lines, cols=len(columns))
    _grid(table)
    for column, (header, width) in enumerate(columns):
        cell = _cell(table, 0, column, width)
        _paragraph(cell, header, 11, bold=True)
        for row in range(1, lines):
            _cell(table, row, column, width)
    _paragraph(table.cell(1, 0), f"{{%tr for r in {rows} %}}", 11)
    for column, name in enumerate(fields):
        align = LEFT if name in ("label", "text", "agency") else CENTER
        _paragraph(table.cell(2, column), f"{{{{ r.{name} }}}}", 11, align=align)
    _paragraph(table.cell(3, 0), "{%tr endfor %}", 11)
    if total:
        cells = ["", "Tổng cộng", *(f"{{{{ totals.{name} }}}}" for name in STATUS_FIELDS)]
        for column, text in enumerate(cells):
            _paragraph(
                table.cell(4, column), text, 11, bold=True, align=LEFT if column == 1 else CENTER
            )


def _appendix(document, number: str, title: str) -> None:
    _paragraph(document, f"Phụ lục {number}", 14, bold=True)
    _paragraph(document, title, 14, bold=True)
    _paragraph(
        document,
        "(Kèm theo Báo cáo số {{ number }} ngày {{ date_text }} của {{ issuer_title }})",
        13,
        italic=True,
        after=6,
    )


def build(path: Path = TEMPLATE) -> Path:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)

    _header(document)
    _body(document)
    _signature(document)

    breaker = _paragraph(document)
    breaker.add_run().add_break(WD_BREAK.PAGE)
    _appendix(document, "I", "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THEO LĨNH VỰC")
    columns = [(h.format(label="Lĩnh vực"), w) for h, w in STATUS_COLUMNS]
    _table(document, columns, ["number", "label", *STATUS_FIELDS], "by_area", total=True)
    _paragraph(document, "", 14, after=12)
    _appendix(document, "II", "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THEO CƠ QUAN CHỦ TRÌ")
    columns = [(h.format(label="Cơ quan chủ trì"), w) for h, w in STATUS_COLUMNS]
    _table(document, columns, ["number", "label", *STATUS_FIELDS], "by_agency", total=False)
    _paragraph(document, "", 14, after=12)
    _appendix(document, "III", "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
    _table(
        document,
        TARGET_COLUMNS,
        ["number", "text", "planned", "agency", "value", "assessment"],
        "targets",
        total=False,
    )

    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


if __name__ == "__main__":
    print(build())
