"""Each reader on real files built here: text encodings, HTML, docx, PDF, .doc."""

from __future__ import annotations

import os
import sys
import unicodedata
from pathlib import Path

import docx as python_docx
import pytest
from tests.extraction.documents import (
    ABOVE,
    LEFT,
    Heading,
    add_numbering,
    make_docx,
    make_docx_blocks,
    make_pdf,
    make_pdf_blocks,
    number_paragraph,
)

from cchc.extraction.errors import UnreadableDocument
from cchc.extraction.layout import Source, Table
from cchc.extraction.readers import read
from cchc.extraction.readers.doc import NO_LIBREOFFICE
from cchc.extraction.readers.pdf import ENCRYPTED, SCANNED
from cchc.extraction.readers.text import TCVN3

SAMPLE = "Kế hoạch cải cách hành chính năm 2019 của thành phố Đà Nẵng"
HEADER = ["STT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"]
TASKS = [
    HEADER,
    ["1", "Ban hành kế hoạch tuyên truyền cải cách hành chính", "Sở Nội vụ", "Các sở, ban, ngành", "Quý I/2019"],
    ["2", "Rà soát, đánh giá thủ tục hành chính", "Sở Tư pháp", "UBND quận, huyện", "Thường xuyên"],
]  # fmt: skip


def texts(layout) -> list[str]:
    return [p.text for p in layout.paragraphs()]


def cells(table: Table) -> list[list[str]]:
    return [row.cells for row in table.rows]


# --- text -------------------------------------------------------------------


def test_text_keeps_every_line_raw(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text("# KẾ HOẠCH\n\n**I. MỤC TIÊU**\n1.\tNội dung | Sở Nội vụ\n", encoding="utf-8")
    layout = read(path)
    assert texts(layout) == ["# KẾ HOẠCH", "", "**I. MỤC TIÊU**", "1.\tNội dung | Sở Nội vụ"]
    assert [p.source for p in layout.paragraphs()] == [Source(line=n) for n in range(1, 5)]
    assert [p.emphasis for p in layout.paragraphs()] == [True, False, True, False]
    assert layout.name == "plan.md"


def test_text_line_endings_and_form_feed(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes("một\r\nhai\rba\x0cvẫn ba\n\n".encode())
    assert texts(read(path)) == ["một", "hai", "ba\x0cvẫn ba", ""]


def test_utf8_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE.encode())
    assert texts(read(path)) == [SAMPLE]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(tmp_path, encoding):
    path = tmp_path / "utf16.txt"
    path.write_bytes(f"{SAMPLE}\nSở Nội vụ\n".encode(encoding))
    assert texts(read(path)) == [SAMPLE, "Sở Nội vụ"]


def to_cp1258(text: str) -> bytes:
    """Windows-1258 has â ê ô ă ơ ư but writes tones as combining marks."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tone = [c for c in parts if c in tones]
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(tone))
    return "".join(out).encode("cp1258")


def to_tcvn3(text: str) -> bytes:
    inverse = {char: bytes([code]) for code, char in TCVN3.items()}
    return b"".join(c.encode("ascii") if c.isascii() else inverse[c] for c in text)


def test_windows_1258_is_decoded_and_composed(tmp_path):
    path = tmp_path / "cp1258.txt"
    data = to_cp1258(f"{SAMPLE}\nSở Tư pháp, Quý I/2019\n")
    assert b"\xcc" in data or b"\xec" in data  # really uses combining tone marks
    path.write_bytes(data)
    lines = texts(read(path))
    assert lines == [SAMPLE, "Sở Tư pháp, Quý I/2019"]
    assert all(unicodedata.is_normalized("NFC", line) for line in lines)


def test_tcvn3_bytes_are_converted(tmp_path):
    path = tmp_path / "tcvn3.txt"
    path.write_bytes(to_tcvn3(f"{SAMPLE}\nđẩy mạnh ứng dụng công nghệ thông tin\n"))
    assert texts(read(path)) == [SAMPLE, "đẩy mạnh ứng dụng công nghệ thông tin"]


def test_tcvn3_saved_as_utf8_is_converted(tmp_path):
    # Text copied out of a .VnTime document keeps the Latin-1 look-alikes.
    path = tmp_path / "tcvn3-utf8.txt"
    path.write_text(to_tcvn3(SAMPLE).decode("latin-1"), encoding="utf-8")
    assert texts(read(path)) == [SAMPLE]


def test_real_unicode_with_stray_symbols_is_left_alone(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text(f"{SAMPLE} « 50% » ©\n", encoding="utf-8")
    assert texts(read(path)) == [f"{SAMPLE} « 50% » ©"]


def test_decomposed_utf8_is_normalised(tmp_path):
    path = tmp_path / "nfd.txt"
    path.write_text(unicodedata.normalize("NFD", SAMPLE), encoding="utf-8")
    assert texts(read(path)) == [SAMPLE]


def test_a_few_broken_bytes_keep_utf8(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes(SAMPLE.encode() + b"\xff\n" + "Sở Nội vụ".encode())
    assert texts(read(path)) == [SAMPLE + "\ufffd", "Sở Nội vụ"]


# --- HTML -------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html><head><title>x</title><style>p {color: red}</style></head>
<body>
<nav>Trang chủ | Tin tức</nav>
<h2>II. NHIỆM VỤ</h2>
<p>Đoạn mở đầu<br>dòng thứ hai <b>đậm</b></p>
<p><strong>1. Cải cách thể chế</strong></p>
<table>
  <tr><th>STT</th><th>Nội dung</th><th colspan="2">Cơ quan</th><th>Thời gian</th></tr>
  <tr><td rowspan="2">1</td><td>Rà soát văn bản</td><td>Sở Tư pháp</td><td>Sở Nội vụ</td>
      <td rowspan="2">Quý I/2019</td></tr>
  <tr><td>Công bố kết quả</td><td colspan="2">Văn phòng UBND</td></tr>
  <tr><td>2</td><td>Việc có bảng con<table><tr><td>a</td><td>b</td></tr>
      <tr><td>c</td><td>d</td></tr></table></td><td>Sở Y tế</td><td></td><td>2019</td></tr>
</table>
<ul><li>Mục một</li><li>Mục hai</li></ul>
<script>var x = "<p>không phải nội dung</p>";</script>
<footer>Bản quyền</footer>
</body></html>
"""


def test_html_blocks_in_order(tmp_path):
    path = tmp_path / "plan.html"
    path.write_text(HTML, encoding="utf-8")
    layout = read(path)
    kinds = [type(b).__name__ for b in layout.blocks]
    assert kinds == ["Paragraph"] * 4 + ["Table"] + ["Paragraph"] * 2
    assert texts(layout) == [
        "II. NHIỆM VỤ",
        "Đoạn mở đầu",
        "dòng thứ hai đậm",
        "1. Cải cách thể chế",
        "Mục một",
        "Mục hai",
    ]
    assert [p.emphasis for p in layout.paragraphs()] == [True, False, False, True, False, False]
    assert [p.source.line for p in layout.paragraphs()] == [1, 2, 3, 4, 5, 6]


def test_html_spans_and_nested_table(tmp_path):
    path = tmp_path / "plan.htm"
    path.write_text(HTML, encoding="utf-8")
    (table,) = read(path).tables()
    assert cells(table) == [
        ["STT", "Nội dung", "Cơ quan", "", "Thời gian"],
        ["1", "Rà soát văn bản", "Sở Tư pháp", "Sở Nội vụ", "Quý I/2019"],
        ["", "Công bố kết quả", "Văn phòng UBND", "", ""],
        ["2", "Việc có bảng con\na b\nc d", "Sở Y tế", "", "2019"],
    ]
    assert table.rows[2].source == Source(table=1, row=3)


def test_markdown_with_inline_table_stays_text(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text("Dòng một\n<table><tr><td>x</td></tr></table>\n", encoding="utf-8")
    assert texts(read(path)) == ["Dòng một", "<table><tr><td>x</td></tr></table>"]


def test_html_without_extension_is_sniffed(tmp_path):
    path = tmp_path / "download"
    path.write_text("<table><tr><td>Sở Nội vụ</td><td>Quý I</td></tr></table>", encoding="utf-8")
    (table,) = read(path).tables()
    assert cells(table) == [["Sở Nội vụ", "Quý I"]]


# --- docx -------------------------------------------------------------------


def test_docx_plan_table_with_merges(tmp_path):
    rows = [
        HEADER,
        ["1", "Rà soát thủ tục hành chính", "Sở Tư pháp", "Các sở", "Quý I/2019"],
        ["", "Công bố thủ tục", ABOVE, ABOVE, "Quý II/2019"],
        ["2", "Nhiệm vụ chung của các cơ quan", LEFT, LEFT, "2019"],
    ]
    path = make_docx_blocks(
        tmp_path / "plan.docx", [Heading("II. NHIỆM VỤ"), "Mở đầu", rows, "Kết"]
    )
    layout = read(path)
    assert [type(b).__name__ for b in layout.blocks] == [
        "Paragraph",
        "Paragraph",
        "Table",
        "Paragraph",
    ]
    (table,) = layout.tables()
    assert cells(table) == [
        HEADER,
        ["1", "Rà soát thủ tục hành chính", "Sở Tư pháp", "Các sở", "Quý I/2019"],
        ["", "Công bố thủ tục", "", "", "Quý II/2019"],
        ["2", "Nhiệm vụ chung của các cơ quan", "", "", "2019"],
    ]
    assert table.source == Source(table=1)
    assert [r.source for r in table.rows] == [Source(table=1, row=i) for i in range(1, 5)]
    heading, intro, end = layout.paragraphs()
    assert heading.emphasis and not intro.emphasis
    assert (heading.source.line, intro.source.line, end.source.line) == (1, 2, 3)


def test_docx_auto_numbering_is_rebuilt(tmp_path):
    document = python_docx.Document()
    num = add_numbering(
        document, [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)")]
    )
    nested = add_numbering(document, [("decimal", "%1."), ("decimal", "%1.%2.")])
    items = [
        (num, 0, "MỤC TIÊU"),
        (num, 1, "Cải cách thể chế"),
        (num, 2, "Rà soát văn bản"),
        (num, 2, "Công bố văn bản"),
        (num, 1, "Cải cách thủ tục"),
        (num, 0, "NHIỆM VỤ"),
        (num, 1, "Sau mục lớn, đếm lại"),
        (nested, 0, "Chỉ đạo"),
        (nested, 1, "Tuyên truyền"),
        (nested, 1, "Kiểm tra"),
    ]
    for num_id, level, text in items:
        number_paragraph(document.add_paragraph(text), num_id, level)
    document.add_paragraph("Danh sách", style="List Number")  # numbered through its style
    document.save(tmp_path / "numbered.docx")
    assert texts(read(tmp_path / "numbered.docx")) == [
        "I. MỤC TIÊU",
        "1. Cải cách thể chế",
        "a) Rà soát văn bản",
        "b) Công bố văn bản",
        "2. Cải cách thủ tục",
        "II. NHIỆM VỤ",
        "1. Sau mục lớn, đếm lại",
        "1. Chỉ đạo",
        "1.1. Tuyên truyền",
        "1.2. Kiểm tra",
        "1. Danh sách",
    ]


def test_docx_numbering_in_cells_and_bullets(tmp_path):
    document = python_docx.Document()
    stt = add_numbering(document, [("decimal", "%1.")])
    bullets = add_numbering(document, [("bullet", "-"), ("bullet", "\uf0b7")])
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "STT", "Nội dung"
    for r in (1, 2):
        number_paragraph(table.cell(r, 0).paragraphs[0], stt)
        table.cell(r, 1).text = f"Nhiệm vụ {r}"
    number_paragraph(document.add_paragraph("Sở Nội vụ"), bullets, 0)
    number_paragraph(document.add_paragraph("Sở Tư pháp"), bullets, 1)
    document.save(tmp_path / "cells.docx")
    layout = read(tmp_path / "cells.docx")
    assert cells(layout.tables()[0]) == [
        ["STT", "Nội dung"],
        ["1.", "Nhiệm vụ 1"],
        ["2.", "Nhiệm vụ 2"],
    ]
    assert texts(layout) == ["- Sở Nội vụ", "• Sở Tư pháp"]


def test_docx_emphasis_nested_table_and_breaks(tmp_path):
    document = python_docx.Document()
    bold = document.add_paragraph()
    bold.add_run("KẾ HOẠCH").bold = True
    mixed = document.add_paragraph()
    mixed.add_run("Số: ").bold = True
    mixed.add_run("142/KH-UBND")
    lines = document.add_paragraph("Dòng một")
    lines.add_run().add_break()
    lines.add_run("dòng hai")
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Sở Nội vụ"
    inner = outer.cell(0, 1).add_table(rows=2, cols=2)
    for r in range(2):
        for c in range(2):
            inner.cell(r, c).text = f"{r}{c}"
    document.save(tmp_path / "misc.docx")
    layout = read(tmp_path / "misc.docx")
    paragraphs = layout.paragraphs()
    assert [(p.text, p.emphasis) for p in paragraphs] == [
        ("KẾ HOẠCH", True),
        ("Số: 142/KH-UBND", False),
        ("Dòng một", False),
        ("dòng hai", False),
    ]
    assert paragraphs[2].source == paragraphs[3].source == Source(line=3)
    assert cells(layout.tables()[0]) == [["Sở Nội vụ", "00 01\n10 11"]]


def test_docx_builder_round_trip(tmp_path):
    path = make_docx(tmp_path / "b.docx", ["Một", Heading("Hai")], [TASKS, [["a", "b"]]])
    layout = read(path)
    assert texts(layout) == ["Một", "Hai"]
    assert [cells(t) for t in layout.tables()] == [TASKS, [["a", "b"]]]
    assert [t.source.table for t in layout.tables()] == [1, 2]


def test_docx_in_tcvn3_font_is_converted(tmp_path):
    path = make_docx(tmp_path / "vntime.docx", [to_tcvn3(SAMPLE).decode("latin-1")])
    assert texts(read(path)) == [SAMPLE]


# --- PDF --------------------------------------------------------------------


def test_pdf_table_and_text(tmp_path):
    path = make_pdf(tmp_path / "plan.pdf", [SAMPLE, "II. NHIỆM VỤ"], [TASKS])
    layout = read(path)
    assert texts(layout) == [SAMPLE, "II. NHIỆM VỤ"]
    assert [p.source for p in layout.paragraphs()] == [
        Source(page=1, line=1),
        Source(page=1, line=2),
    ]
    (table,) = layout.tables()
    assert cells(table) == TASKS
    assert table.rows[1].source == Source(page=1, table=1, row=2)


def test_pdf_table_across_pages_keeps_pages(tmp_path):
    body = [[str(n), f"Nhiệm vụ số {n} về cải cách hành chính", "Sở Nội vụ", "", "Quý I/2019"]
            for n in range(1, 71)]  # fmt: skip
    path = make_pdf_blocks(tmp_path / "long.pdf", ["Trước bảng", [HEADER, *body], "Sau bảng"])
    layout = read(path)
    tables = layout.tables()
    assert len(tables) >= 2
    assert all(t.rows[0].cells == HEADER for t in tables)  # the repeated header
    assert [t.source.page for t in tables] == list(range(1, len(tables) + 1))
    assert [t.source.table for t in tables] == list(range(1, len(tables) + 1))
    for table in tables:
        assert {r.source.page for r in table.rows} == {table.source.page}
    data = [r.cells for t in tables for r in t.rows[1:]]
    assert data == body
    assert layout.blocks[0].text == "Trước bảng" and layout.blocks[-1].text == "Sau bảng"


def test_pdf_wrapped_cells_and_merged_cells(tmp_path):
    long = "Triển khai " + "thực hiện nhiệm vụ cải cách hành chính " * 4 + "đúng hạn"
    rows = [HEADER, ["1", long, "Sở Nội vụ", "- Sở Tư pháp\n- Sở Tài chính", "Quý I"],
            ["", "Phần hai", ABOVE, ABOVE, "Quý II"]]  # fmt: skip
    (table,) = read(make_pdf(tmp_path / "wrap.pdf", [], [rows])).tables()
    assert cells(table) == [
        HEADER,
        ["1", long, "Sở Nội vụ", "- Sở Tư pháp\n- Sở Tài chính", "Quý I"],
        ["", "Phần hai", "", "", "Quý II"],
    ]


def test_pdf_without_table(tmp_path):
    layout = read(make_pdf(tmp_path / "text.pdf", ["Một", "Hai"]))
    assert layout.tables() == [] and texts(layout) == ["Một", "Hai"]


def test_scanned_pdf_is_refused(tmp_path, monkeypatch):
    from reportlab.pdfgen import canvas

    monkeypatch.setenv("PATH", str(tmp_path))  # no Tesseract, whatever the machine has
    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path))
    page.rect(100, 100, 300, 400, fill=1)  # drawing only: no text layer
    page.save()
    with pytest.raises(UnreadableDocument) as error:
        read(path)
    assert error.value.reason == SCANNED


def test_encrypted_pdf_is_refused(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "secret.pdf"
    page = canvas.Canvas(str(path), encrypt="mật khẩu")
    page.drawString(100, 700, "secret")
    page.save()
    with pytest.raises(UnreadableDocument) as error:
        read(path)
    assert error.value.reason == ENCRYPTED


# --- legacy .doc ------------------------------------------------------------

# The OLE2 header, and the directory name every Word document holds.
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le")


def test_doc_without_libreoffice_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    path = tmp_path / "old.doc"
    path.write_bytes(OLE2)
    with pytest.raises(UnreadableDocument) as error:
        read(path)
    assert error.value.reason == NO_LIBREOFFICE


FAKE_SOFFICE = """#!{python}
# Stands in for LibreOffice: checks the arguments the reader passes and
# "converts" by copying a prepared .docx to <outdir>/<stem>.docx.
import shutil, sys
from pathlib import Path
args = sys.argv[1:]
assert args[0].startswith("-env:UserInstallation=file://"), args
assert args[1:4] == ["--headless", "--convert-to", "docx"], args
outdir, source = Path(args[args.index("--outdir") + 1]), Path(args[-1])
assert source.is_absolute() and source.exists(), args
{action}
"""


def install_soffice(directory: Path, action: str) -> None:
    directory.mkdir()
    script = directory / "soffice"
    script.write_text(FAKE_SOFFICE.format(python=sys.executable, action=action))
    script.chmod(0o755)


def test_doc_is_converted_through_soffice(tmp_path, monkeypatch):
    converted = make_docx(tmp_path / "converted.docx", ["Nội dung từ tệp .doc"], [TASKS])
    install_soffice(
        tmp_path / "bin",
        f"shutil.copy({str(converted)!r}, outdir / (source.stem + '.docx'))",
    )
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    path = tmp_path / "old plan.doc"
    path.write_bytes(OLE2)
    layout = read(path)
    assert layout.name == "old plan.doc"
    assert texts(layout) == ["Nội dung từ tệp .doc"]
    assert cells(layout.tables()[0]) == TASKS


def test_doc_conversion_failure_is_reported(tmp_path, monkeypatch):
    install_soffice(tmp_path / "bin", "sys.exit(1)")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    path = tmp_path / "old.doc"
    path.write_bytes(OLE2)
    with pytest.raises(UnreadableDocument, match="could not convert"):
        read(path)
