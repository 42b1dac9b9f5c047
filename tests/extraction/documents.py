"""Builders of real test documents (docx with python-docx, PDF with reportlab).

``make_docx(path, paragraphs, tables)`` and ``make_pdf(path, paragraphs,
tables)`` write the paragraphs, then the tables (each table a list of rows,
the first row its header). ``make_docx_blocks``/``make_pdf_blocks`` take the
blocks in any order instead, so a whole plan (title, headings, task table,
closing text) can be rendered as a real file and run through the extractor.

A block is a ``str`` paragraph, a :class:`Heading` or a table. A table cell
may be :data:`ABOVE` (merged with the cell above: a vertical merge) or
:data:`LEFT` (merged with the cell to its left). Headers repeat on every page
of the PDF and long cell text wraps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
ABOVE = "\x00above"  # sentinel cell: vertically merged with the cell above
LEFT = "\x00left"  # sentinel cell: horizontally merged with the cell to the left


@dataclass(frozen=True)
class Heading:
    text: str


Cells = Sequence[Sequence[str]]
BlockSpec = str | Heading | Cells


def _spans(rows: Cells) -> list[tuple[int, int, int, int]]:
    """(row, col, last_row, last_col) of every merged area, from the sentinels."""
    spans = []
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell in (ABOVE, LEFT):
                continue
            right = c
            while right + 1 < len(row) and row[right + 1] == LEFT:
                right += 1
            down = r
            while down + 1 < len(rows) and rows[down + 1][c] == ABOVE:
                down += 1
            if (down, right) != (r, c):
                spans.append((r, c, down, right))
    return spans


def _text(cell: str) -> str:
    return "" if cell in (ABOVE, LEFT) else cell


# --- docx -------------------------------------------------------------------


def make_docx(
    path: str | Path, paragraphs: Sequence[str | Heading] = (), tables: Sequence[Cells] = ()
) -> Path:
    return make_docx_blocks(path, [*paragraphs, *tables])


def make_docx_blocks(path: str | Path, blocks: Sequence[BlockSpec]) -> Path:
    document = docx.Document()
    for block in blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=2)
        elif isinstance(block, str):
            document.add_paragraph(block)
        else:
            _docx_table(document, block)
    path = Path(path)
    document.save(str(path))
    return path


def _docx_table(document, rows: Cells) -> None:
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            table.cell(r, c).text = _text(cell)
    for cell in table.rows[0].cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.bold = True
    # The header row repeats on each page, as in the real plans.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    for r, c, down, right in _spans(rows):
        table.cell(r, c).merge(table.cell(down, right))


def add_numbering(document, levels: Sequence[tuple[str, str]], start: int = 1) -> str:
    """Add a Word list definition; ``levels`` are (numFmt, lvlText) per level,
    e.g. ``[("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)")]``.
    Returns the numId to give to :func:`number_paragraph`."""
    numbering = document.part.numbering_part.element
    ids = [int(n.get(qn("w:abstractNumId"))) for n in numbering.iterfind(qn("w:abstractNum"))]
    abstract_id = max(ids, default=0) + 1
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.iterfind(qn("w:num"))]
    num_id = max(num_ids, default=0) + 1
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'
    )
    # The schema wants every abstractNum before the first num.
    first_num = numbering.find(qn("w:num"))
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'
        )
    )
    return str(num_id)


def number_paragraph(paragraph, num_id: str, level: int = 0) -> None:
    """Attach a paragraph (body or cell) to a list level, as Word does."""
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
            f'<w:numId w:val="{num_id}"/></w:numPr>'
        )
    )


# --- pdf --------------------------------------------------------------------


def make_pdf(
    path: str | Path,
    paragraphs: Sequence[str | Heading] = (),
    tables: Sequence[Cells] = (),
    *,
    landscape: bool = False,
) -> Path:
    return make_pdf_blocks(path, [*paragraphs, *tables], landscape=landscape)


def _fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    return "DejaVuSans", "DejaVuSans-Bold"


def make_pdf_blocks(
    path: str | Path, blocks: Sequence[BlockSpec], *, landscape: bool = False
) -> Path:
    from reportlab.lib import colors, pagesizes
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = _fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13)
    heading = ParagraphStyle("heading", parent=body, fontName=bold, fontSize=12, leading=16)
    cell_style = ParagraphStyle("cell", parent=body, fontSize=9, leading=11)
    header_style = ParagraphStyle("header", parent=cell_style, fontName=bold)
    pagesize = pagesizes.landscape(pagesizes.A4) if landscape else pagesizes.A4
    doc = SimpleDocTemplate(str(path), pagesize=pagesize, leftMargin=1.5 * cm, rightMargin=1.5 * cm)

    def markup(text: str) -> str:
        return escape(text).replace("\n", "<br/>")

    story = []
    for block in blocks:
        if isinstance(block, Heading):
            story.append(Paragraph(markup(block.text), heading))
        elif isinstance(block, str):
            story.append(Paragraph(markup(block), body))
        else:
            rows = [
                [
                    Paragraph(markup(_text(cell)), header_style if r == 0 else cell_style)
                    for cell in row
                ]
                for r, row in enumerate(block)
            ]
            widths = _widths(block, doc.width, regular, bold, cell_style.fontSize)
            table = Table(rows, colWidths=widths, repeatRows=1)
            commands = [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
            commands += [("SPAN", (c, r), (right, down)) for r, c, down, right in _spans(block)]
            table.setStyle(TableStyle(commands))
            story += [table, Spacer(1, 6)]
    doc.build(story)
    return Path(path)


def _widths(rows: Cells, total: float, regular: str, bold: str, size: float) -> list[float]:
    """Column widths: each column at least as wide as its longest word (reportlab
    would otherwise cut the word, "Quý IV/2017" into "Quý I" / "V/2017"), the
    rest of the page shared by the square root of the column's longest text."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    padding = 12  # reportlab's default cell padding, left and right
    width = max(len(r) for r in rows)
    need, weights = [], []
    for c in range(width):
        column = [(r, _text(row[c])) for r, row in enumerate(rows) if c < len(row)]
        words = [(r, w) for r, text in column for w in text.split()]
        widest = max(
            (stringWidth(w, bold if r == 0 else regular, size) for r, w in words), default=0
        )
        need.append(widest + padding + 1)
        weights.append(max(max((len(text) for _, text in column), default=0), 1) ** 0.5)
    spare = max(total - sum(need), 0)
    return [n + spare * w / sum(weights) for n, w in zip(need, weights, strict=True)]


# A small plan with a ruled task table (sections, numbered rows, "-" and lettered
# sub-rows), for the scanned-plan tests: render it with make_pdf_blocks, then make_scan.
SCANNED_PLAN = [
    "ỦY BAN NHÂN DÂN TỈNH",
    Heading("KẾ HOẠCH Cải cách hành chính năm 2025"),
    Heading("I. MỤC TIÊU"),
    "Phấn đấu 100% thủ tục hành chính được công khai đúng quy định.",
    Heading("II. NHIỆM VỤ CỤ THỂ"),
    [
        ["STT", "Nội dung công việc", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp",
         "Thời gian hoàn thành"],
        ["I", "Cải cách thể chế", "", "", "", ""],
        ["1.", "Rà soát văn bản quy phạm pháp luật của tỉnh", "Báo cáo", "Sở Tư pháp",
         "Các sở, ban, ngành", "Quý II/2025"],
        ["-", "Rà soát văn bản về đất đai", "", "Sở Tài nguyên và Môi trường", "", "Tháng 6"],
        ["-", "Rà soát văn bản về đầu tư", "", "Sở Kế hoạch và Đầu tư", "", "Tháng 9"],
        ["2.", "Kiểm tra công tác cải cách hành chính", "Kế hoạch", "Sở Nội vụ", "",
         "Thường xuyên"],
        ["II", "Cải cách thủ tục hành chính", "", "", "", ""],
        ["1.", "Công bố danh mục thủ tục hành chính", "Quyết định", "Sở Tư pháp",
         "Sở, ban, ngành", "Tháng 3"],
        ["a)", "Niêm yết thủ tục tại bộ phận một cửa", "", "Sở Nội vụ", "", "Tháng 4"],
        ["b)", "Đăng tải thủ tục lên cổng dịch vụ công", "", "Sở Nội vụ", "", "Tháng 5"],
    ],
    "Các cơ quan, đơn vị báo cáo kết quả về Sở Nội vụ trước ngày 15 tháng 12.",
]  # fmt: skip


def make_scan(
    original: Path, target: Path, *, skew: float = 0.0, turn: int = 0, dpi: int = 200
) -> Path:
    """``original`` as a scanner would make it: one greyscale picture per page at
    ``dpi``, no text; ``skew`` degrees crooked, or ``turn`` degrees round (a
    landscape page fed sideways)."""
    import pdfplumber

    with pdfplumber.open(original) as pdf:
        pages = [page.to_image(resolution=dpi).original.convert("L") for page in pdf.pages]
    if skew or turn:
        pages = [page.rotate(skew + turn, resample=3, expand=bool(turn), fillcolor=255)
                 for page in pages]  # fmt: skip
    pages[0].save(target, save_all=True, append_images=pages[1:], resolution=dpi)
    return target
