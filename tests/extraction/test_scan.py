"""Scanned plans: a PDF of page images, read through Tesseract with its tables.

The plan is rendered as a real PDF with a text layer (reportlab), each page is
drawn to pixels and the pictures are bound into a new PDF, as a scanner does;
the scan must extract like the original, task structure included.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from rapidfuzz import fuzz
from tests.extraction.documents import Heading, make_pdf_blocks

from cchc.extraction import extract, extract_layout
from cchc.extraction.layout import Layout, Paragraph, Row, Source, Table
from cchc.extraction.readers import scan
from cchc.extraction.readers.pdf import read

pytestmark = pytest.mark.skipif(
    scan.tesseract() is None, reason="Tesseract with Vietnamese data (tesseract-ocr-vie)"
)

HEADER = ["STT", "Nội dung công việc", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp",
          "Thời gian hoàn thành"]  # fmt: skip
PLAN = [
    "ỦY BAN NHÂN DÂN TỈNH",
    Heading("KẾ HOẠCH Cải cách hành chính năm 2025"),
    Heading("I. MỤC TIÊU"),
    "Phấn đấu 100% thủ tục hành chính được công khai đúng quy định.",
    Heading("II. NHIỆM VỤ CỤ THỂ"),
    [
        HEADER,
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


def _scan(original: Path, target: Path, *, skew: float = 0.0) -> Path:
    """The PDF as a scanner would make it: one greyscale picture per page, no text."""
    with pdfplumber.open(original) as pdf:
        pages = [page.to_image(resolution=200).original.convert("L") for page in pdf.pages]
    if skew:
        pages = [page.rotate(skew, resample=3, fillcolor=255) for page in pages]
    pages[0].save(target, save_all=True, append_images=pages[1:], resolution=200)
    return target


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> Path:
    return make_pdf_blocks(tmp_path_factory.mktemp("scan") / "plan.pdf", PLAN)


def _structure(plan) -> list[tuple]:
    return [
        (t.ref, t.parent, t.area, tuple(t.lead), tuple(t.coop),
         tuple(d.deadline_raw for d in t.deliverables))
        for t in plan.tasks
    ]  # fmt: skip


@pytest.mark.parametrize("skew", [0.0, 0.3], ids=["straight", "skewed 0.3°"])
def test_a_scanned_plan_extracts_like_its_original(original, tmp_path, skew):
    scanned = _scan(original, tmp_path / "scan.pdf", skew=skew)
    with pdfplumber.open(scanned) as pdf:
        assert not any(page.chars for page in pdf.pages)  # nothing but pictures
    expected, found = extract(original, year=2025), extract(scanned, year=2025)
    assert len(expected.tasks) == 7
    assert _structure(found) == _structure(expected)
    for mine, theirs in zip(found.tasks, expected.tasks, strict=True):
        assert fuzz.ratio(mine.content, theirs.content) >= 90, (mine.content, theirs.content)
    assert [t.text for t in found.targets] == [t.text for t in expected.targets]


def test_scanned_table_rows_keep_their_columns_and_source(original, tmp_path):
    layout = read(_scan(original, tmp_path / "scan.pdf"))
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
    [("b}", "b)"), ("12]", "12)"), ("1,", "1."), ("|", "I"), ("lI", "II"), ("lV.", "IV."),
     ("l)", "l)"), ("1.", "1."), ("Sở", "Sở"), ("-", "-")],
)  # fmt: skip
def test_misread_numbering_marks_are_mended(read, mark):
    assert scan._mark(read) == mark
