"""The results as files: the decision (.docx from a docxtpl template) and the tables (.xlsx).

The Word template ``templates/scoring/quyet-dinh-ket-qua.docx`` (NĐ 30/2020 layout:
national emblem line, issuer, number, place and date, title, articles, signature) is
written by :func:`build_template`; the office may restyle it in Word, keeping the tags:

- ``issuer``, ``place``, ``year``, ``framework``, ``closed``: texts;
- ``groups``: one per ranking group, with ``name`` and ``rows`` (``rank``, ``unit``,
  ``points``, ``maximum``, ``index``, ``band``, ``change``).

Table rows repeat with ``{%tr for r in g.rows %}`` … ``{%tr endfor %}``. The .xlsx
cells go through :func:`cchc.scoring.frameworks.cell`.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docxtpl import DocxTemplate
from openpyxl import Workbook
from openpyxl.styles import Font

from cchc.scoring import engine
from cchc.scoring.selectors import Results
from cchc.web.spreadsheets import workbook_bytes

TEMPLATE = Path(__file__).parent / "templates" / "scoring" / "quyet-dinh-ket-qua.docx"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _num(value) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def context(results: Results) -> dict:
    the_round = results.the_round
    province = the_round.framework.province
    return {
        "issuer": province.name.upper(),
        "place": province.short_name or province.name,
        "year": the_round.year,
        "framework": the_round.framework.name,
        "closed": the_round.closed_at.strftime("%d/%m/%Y") if the_round.closed_at else "",
        "groups": [
            {
                "name": group,
                "rows": [
                    {
                        "rank": r.rank or "",
                        "unit": r.assessment.unit.name,
                        "points": _num(r.points),
                        "maximum": _num(r.maximum),
                        "index": _num(r.index),
                        "band": r.band,
                        "change": "" if r.change is None else f"{r.change:+.2f}".replace(".", ","),
                    }
                    for r in rows
                ],
            }
            for group, rows in results.groups()
        ],
    }


def render_docx(results: Results, template: Path = TEMPLATE) -> bytes:
    document = DocxTemplate(template)
    document.render(context(results), autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_xlsx(results: Results) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Kết quả"
    area_codes = [a.code for a in results.areas]
    header = ["Nhóm", "Hạng", "Đơn vị", "Điểm đạt", "Điểm tối đa", "Chỉ số (%)", "Xếp loại"]
    header += [f"Lĩnh vực {c} (%)" for c in area_codes] + ["Năm trước (%)", "Tăng/giảm"]
    sheet.append(header)
    for c in sheet[1]:
        c.font = Font(bold=True)
    for r in results.rows:
        areas = [r.by_item.get(code, engine.Totals()).index for code in area_codes]
        sheet.append(
            [
                r.assessment.group,
                r.rank,
                r.assessment.unit.name,
                float(r.points),
                float(r.maximum),
                None if r.index is None else float(r.index),
                r.band,
                *[None if a is None else float(a) for a in areas],
                None if r.last_year is None else float(r.last_year),
                None if r.change is None else float(r.change),
            ]
        )
    sheet.column_dimensions["C"].width = 45
    return workbook_bytes(book)  # no cell is ever a live formula


def build_template(path: Path = TEMPLATE) -> None:
    """Write the default decision template (Times New Roman 13/14, NĐ 30/2020 order)."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    head = document.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.text = "{{ issuer }}\nSố:      /QĐ-UBND"
    right.text = (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "{{ place }}, ngày {{ closed }}"
    )
    for c in (left, right):
        for p in c.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(
        "QUYẾT ĐỊNH\nPhê duyệt và công bố Chỉ số cải cách hành chính năm {{ year }}"
    )
    run.bold = True
    document.add_paragraph(
        "Điều 1. Phê duyệt và công bố kết quả Chỉ số cải cách hành chính năm {{ year }} "
        "theo {{ framework }}, chi tiết như sau:"
    )
    document.add_paragraph("{%p for g in groups %}")
    document.add_paragraph("{{ g.name }}")
    table = document.add_table(rows=3, cols=6)
    table.style = "Table Grid"
    for c, text in zip(
        table.rows[0].cells,
        ("Hạng", "Đơn vị", "Điểm đạt", "Điểm tối đa", "Chỉ số (%)", "Xếp loại"),
        strict=True,
    ):
        c.text = text
    table.rows[1].cells[0].text = "{%tr for r in g.rows %}"
    row = table.rows[2].cells
    for c, tag in zip(row, ("rank", "unit", "points", "maximum", "index", "band"), strict=True):
        c.text = "{{ r." + tag + " }}"
    end = table.add_row().cells
    end[0].text = "{%tr endfor %}"
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph(
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký. Các cơ quan, đơn vị căn cứ kết "
        "quả để khắc phục hạn chế trong công tác cải cách hành chính."
    )
    sign = document.add_paragraph()
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sign.add_run("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH").bold = True
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
