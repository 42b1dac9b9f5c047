"""Hostile files are bounded: a small upload that unpacks, declares or renders into
something huge is answered quickly, in little memory, with a one-line reason naming
the file and the limit (issue 9, "memory exhaustion from small files")."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest
from tests import hostile

from cchc.extraction import limits
from cchc.extraction.errors import UnreadableDocument
from cchc.extraction.readers import read, xlsx

MB = 2**20


def _file(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _bounded(path, timeout: float = 25, env=None) -> str:
    """The answer of the real entry point, run in a worker whose address space is
    capped (``hostile.run_extract``): a file that were unpacked or rendered in full
    crashes it. Peak memory and time are measured by ``benchmarks/fuzz_uploads.py``;
    the timeout only stops a hung worker."""
    try:
        _seconds, _peak, answer = hostile.run_extract(path, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{path.name}: no answer within {timeout} s")
    assert not answer.startswith("crashed"), answer
    return answer


def test_docx_whose_document_unpacks_to_100_mb_is_refused_at_once(tmp_path):
    data = hostile.docx_bomb(100)
    assert len(data) < 400_000
    path = _file(tmp_path, "ke-hoach.docx", data)
    answer = _bounded(path, timeout=10)
    assert answer.startswith("refused: ")
    assert "word/document.xml" in answer and ("nén bất thường" in answer or "quá lớn" in answer)


def test_docx_with_too_many_paragraphs_stops_at_the_limit(tmp_path):
    # Ordinary compression (not a bomb): the paragraph count is what bounds it.
    path = _file(tmp_path, "dai.docx", hostile.docx_many_paragraphs(150_000))
    answer = _bounded(path, timeout=15, env={"CCHC_LIMIT_BLOCKS": "5000"})
    assert answer.startswith("refused: tài liệu quá dài (hơn 5000 đoạn")


def test_docx_cell_spanning_a_hundred_million_columns_stays_small(tmp_path):
    path = _file(tmp_path, "gop-o.docx", hostile.docx_wide_span())
    assert len(path.read_bytes()) < 2000
    _bounded(path, timeout=15)


def test_tables_nested_too_deep_are_refused(tmp_path):
    path = _file(tmp_path, "long-nhau.docx", hostile.docx_deep_tables(60))
    with pytest.raises(UnreadableDocument) as error:
        read(path)
    assert error.value.path == str(path)
    assert "lồng nhau quá sâu (hơn 32 cấp)" in error.value.reason


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")
def test_blank_40_inch_pdf_page_is_not_rendered_at_300_dpi(tmp_path):
    # 1 KB; at 300 dpi the page is 12 000 × 12 000 pixels (+1.2 GB and 38 s before).
    path = _file(tmp_path, "trang-lon.pdf", hostile.pdf_blank_page(2880))
    assert len(path.read_bytes()) < 1500
    answer = _bounded(path, timeout=20)
    assert answer.startswith("refused: ")  # nothing to read on it, said at once


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")
def test_pdf_page_too_large_even_at_low_resolution_is_refused_before_rendering(tmp_path):
    path = _file(tmp_path, "trang-khong-lo.pdf", hostile.pdf_blank_page(14400))
    answer = _bounded(path, timeout=15)
    assert "trang 1 quá lớn để nhận dạng chữ (508 × 508 cm" in answer


def test_pdf_with_too_many_pages_is_refused(tmp_path):
    path = _file(tmp_path, "nhieu-trang.pdf", hostile.pdf_blank_page(595, 842, pages=5000))
    answer = _bounded(path, timeout=15)
    assert (
        answer
        == "refused: tệp PDF quá nhiều trang (5000, tối đa 1000) / PDF has too many pages (5000, limit 1000)"
    )


def test_pdf_drawing_bomb_is_refused_before_its_page_is_interpreted(tmp_path):
    # 40 KB that inflate to 28 MB of line segments: pdfminer made an object of each,
    # a few thousand a second.
    data = hostile.pdf_drawing(595, b"0 0 m 1 1 l S\n" * 2_000_000)
    path = _file(tmp_path, "net-ve.pdf", data)
    answer = _bounded(path, timeout=15)
    assert answer.startswith("refused: nội dung PDF quá lớn khi giải nén (hơn 512 KB một luồng")


def test_large_pages_are_rendered_at_a_lower_resolution_within_the_pixels():
    bounds = limits.Limits()
    assert limits.render_dpi(595, 842, 300, 1, "a4.pdf", bounds) == 300  # A4 as it is
    dpi = limits.render_dpi(1684, 2384, 300, 2, "a1.pdf", bounds)  # A1
    assert 100 <= dpi < 300
    assert (1684 / 72 * dpi) * (2384 / 72 * dpi) <= bounds.page_pixels
    with pytest.raises(UnreadableDocument, match="trang 3 có kích thước không hợp lệ"):
        limits.render_dpi(0, 842, 300, 3, "x.pdf", bounds)


def test_rtf_renamed_to_md_never_reaches_libreoffice(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a))
    path = _file(tmp_path, "ke-hoach.md", hostile.RTF)
    with pytest.raises(UnreadableDocument) as error:
        read(path)
    assert error.value.reason.startswith("định dạng RTF không được hỗ trợ")
    assert calls == []


@pytest.mark.parametrize("name", ["bang.doc", "bang.md", "bang.txt"])
def test_an_office_file_that_is_not_word_is_refused_whatever_its_name(tmp_path, name):
    path = _file(tmp_path, name, hostile.ole_not_word())
    with pytest.raises(UnreadableDocument) as error:
        read(path)
    assert "không phải văn bản Word" in error.value.reason


def test_declared_sheet_dimension_is_ignored_and_rows_stream():
    data = hostile.xlsx_declared(rows=6001, header=["Mã", "Tên"])
    assert len(data) < 40_000
    rows = list(xlsx.rows(data, "danh-muc.xlsx", columns=9))
    assert rows[0] == ["Mã", "Tên"] and rows[1] == [1]
    assert len(rows) == 6001 and all(row == [] for row in rows[2:])


def test_rows_past_the_limit_and_wide_rows_are_bounded():
    data = hostile.xlsx_wide_rows(3000)
    assert all(row == [] for row in xlsx.rows(data, "rong.xlsx", columns=13))
    with pytest.raises(UnreadableDocument, match="quá nhiều dòng \\(hơn 100\\)"):
        list(xlsx.rows(data, "rong.xlsx", limits=limits.Limits(rows=100)))


def test_shared_strings_bomb_is_refused_before_unpacking():
    data = hostile.xlsx_shared_strings_bomb(40)
    with pytest.raises(UnreadableDocument) as error:
        list(xlsx.rows(io.BytesIO(data), "chuoi.xlsx"))
    assert error.value.path == "chuoi.xlsx"
    assert "xl/sharedStrings.xml" in error.value.reason


def test_limits_come_from_the_environment_and_configure(monkeypatch):
    monkeypatch.setenv("CCHC_LIMIT_PAGES", "7")
    assert limits.current().pages == 7
    monkeypatch.setattr(limits, "_configured", {})
    limits.configure(pages=9)
    assert limits.current().pages == 9
    with pytest.raises(TypeError):
        limits.configure(page=1)


def test_zip_needing_an_unknown_version_is_damaged_not_a_crash():
    # Found by benchmarks/fuzz_uploads.py: zipfile raises NotImplementedError for it.
    data = bytearray(hostile.xlsx_declared(rows=3))
    entry = data.find(b"PK\x01\x02")
    data[entry + 6 : entry + 8] = b"\xff\x00"  # "version needed to extract": 25.5
    with pytest.raises(UnreadableDocument, match="tệp Excel bị hỏng"):
        list(xlsx.rows(bytes(data), "hong.xlsx"))


def test_spreadsheet_missing_a_required_part_is_damaged_not_a_crash():
    # Found by benchmarks/fuzz_uploads.py: a flipped byte renames [Content_Types].xml and
    # openpyxl raises KeyError for it.
    source = zipfile.ZipFile(io.BytesIO(hostile.xlsx_declared(rows=3)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as renamed:
        for info in source.infolist():
            name = "[Content_Typ\xe9s].xml" if info.filename == "[Content_Types].xml" else None
            renamed.writestr(name or info.filename, source.read(info))
    with pytest.raises(UnreadableDocument, match="tệp Excel bị hỏng"):
        list(xlsx.rows(out.getvalue(), "hong.xlsx"))


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"a" * 3_000_000, "một đoạn văn quá dài (hơn 100000 ký tự)"),
        (("Rà soát thủ tục hành chính, " * 4 + "\n").encode() * 25_000, "tài liệu quá nhiều chữ"),
    ],
    ids=["one-long-line", "too-much-text"],
)
def test_text_too_long_for_the_table_recovery_is_refused_at_once(tmp_path, data, words):
    # Found by the fuzz benchmark: such .md files kept the extraction busy for minutes.
    path = _file(tmp_path, "ke-hoach.md", data)
    answer = _bounded(path, timeout=20)
    assert answer.startswith("refused: " + words)


# -- HTML: bounded before the parser, whose cost grows with the nesting ---------------


@pytest.mark.parametrize(
    "name, markup, reason",
    [
        ("bang-long.html", b"<html><table><tr><td>" * 2000 + b"x", "bảng lồng nhau quá sâu"),
        (
            "the-long.html",
            b"<html><body>" + b"<div>" * 50_000 + b"x" + b"</div>" * 50_000,
            "các thẻ HTML lồng nhau quá sâu",
        ),
        (
            "o-gop.html",
            b"<html><table>"
            + b'<tr><td colspan="999999999" rowspan="999999999">x</td></tr>' * 5000
            + b"</table>",
            "bảng quá lớn",
        ),
        ("nhieu-o.html", b"<html><table><tr>" + b"<td>x</td>" * 1_000_001, "bảng quá lớn"),
    ],
    ids=["tables", "elements", "spans", "cells"],
)
def test_hostile_html_is_refused_with_the_limit_named(tmp_path, name, markup, reason):
    path = _file(tmp_path, name, markup)
    answer = _bounded(path, timeout=60)
    assert answer.startswith("refused: ") and reason in answer, answer


def test_an_ordinary_page_nesting_its_layout_a_few_dozen_deep_is_read(tmp_path):
    table = "<table><tr><td>1</td><td>Rà soát thủ tục</td><td>Sở Tư pháp</td></tr></table>"
    page = "<html><body>" + "<div>" * 60 + table + "</div>" * 60 + "</body></html>"
    layout = read(_file(tmp_path, "trang.html", page.encode()))
    assert [row.cells for row in layout.blocks[0].rows] == [["1", "Rà soát thủ tục", "Sở Tư pháp"]]
