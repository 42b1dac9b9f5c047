"""Real website copies rendered back into the documents they came from — a Word
file (python-docx) and its PDF (LibreOffice) — extract like the copy itself.

The rendering is ``benchmarks/rendered.py``, written independently of the
extractor's own markdown reading: paragraphs rejoined, bold runs, lone-``|`` and
pipe tables as real tables (header block borderless, task tables ruled with a
repeated header, rows breaking over pages). Each layout family is checked on a
real document of ``../shared/dev`` against rows read by hand in its gold file.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from cchc.extraction import extract
from cchc.extraction.readers import read

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT.parent / "shared" / "dev" / "docs"
sys.path.insert(0, str(ROOT / "benchmarks"))

from rendered import (  # noqa: E402
    chromium_binary,
    markdown_blocks,
    to_chromium_pdf,
    to_pdf,
    write_docx,
)

pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason="../shared/dev is not here")
FORMATS = ["docx", "pdf"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """(document stem, format) → the extracted plan, each rendering made once."""
    folder = tmp_path_factory.mktemp("formats")
    plans: dict[tuple[str, str], object] = {}

    def get(stem: str, fmt: str, path_only: bool = False):
        sub = fmt if fmt in ("pdf", "chromium") else ""
        path = folder / sub / f"{stem}.{'pdf' if fmt == 'chromium' else fmt}"
        if not path.exists():
            text = (DEV / f"{stem}.md").read_text(encoding="utf-8")
            made = write_docx(markdown_blocks(text), folder / f"{stem}.docx")
            if fmt == "pdf":
                if shutil.which("soffice") is None:
                    pytest.skip("LibreOffice (soffice) is not installed")
                to_pdf([made], folder / "pdf")
            if fmt == "chromium":  # a browser's print: LibreOffice HTML, then Chromium
                if shutil.which("soffice") is None or chromium_binary() is None:
                    pytest.skip("LibreOffice or Chromium is not installed")
                to_chromium_pdf([made], folder / "chromium")
        if path_only:
            return path
        if (stem, fmt) not in plans:
            plans[stem, fmt] = extract(path)
        return plans[stem, fmt]

    return get


def _task(plan, start: str):
    found = [t for t in plan.tasks if t.content.startswith(start)]
    assert len(found) == 1, [t.content[:60] for t in plan.tasks]
    return found[0]


def _deadlines(task) -> list[tuple[str, str | None, str | None]]:
    return [(d["deadline"]["kind"], d["deadline"]["start"], d["deadline"]["due"])
            for d in (x.to_json() for x in task.deliverables)]  # fmt: skip


@pytest.mark.parametrize("fmt", [*FORMATS, "chromium"])
def test_lone_pipe_appendix_table_rows_over_pages(rendered, fmt):
    """Đồng Nai: the appendix written as lone ``|`` lines becomes three ruled
    tables (A, B, C) with spanning group rows, rows cut by page breaks (also
    as a browser prints it: every cell boxed on its own, a row cut at the page's
    foot left open, no rule closing it)."""
    plan = rendered("dong-nai-kh179-2025", fmt)
    assert len(plan.tasks) == 96
    first = _task(plan, "Rà soát, xây dựng, sửa đổi, bổ sung các quy định pháp")
    assert first.ref == "A.I.1.1"
    assert first.lead == ["Sở Tư pháp"]
    assert first.coop == ["Các sở, ban, ngành", "Ủy ban nhân dân các phường, xã"]
    assert _deadlines(first) == [("date", "2026-01-01", "2030-12-31")]
    connect = _task(plan, "Xây dựng Kế hoạch đẩy mạnh phát triển hạ tầng kết nối số")
    assert connect.lead == ["Sở Khoa học và Công nghệ"]
    assert connect.coop == [
        "Ủy ban nhân dân các phường xã",
        "Các doanh nghiệp cung cấp dịch vụ viễn thông",
    ]
    trade = _task(
        plan,
        "Triển khai cơ chế điều phối hoạt động hỗ trợ chuyển đổi số cho các doanh nghiệp sản xuất công nghiệp; Kết nối",
    )
    assert (trade.ref, trade.parent) == ("B.IV.5.1.3", "B.IV.5.1")
    steering = _task(plan, "Kiện toàn Ban Chỉ đạo về phát triển khoa học")
    assert steering.ref == "C.I.1.1"
    assert _deadlines(steering) == [("date", None, "2025-12-31")]
    assert [d.product for d in steering.deliverables] == ["Quyết định"]
    # the issuer/number/date block, a borderless table, gives the document fields
    assert plan.document.number == "179/KH-UBND"
    assert str(plan.document.signed) == "2025-11-18"


@pytest.mark.parametrize("fmt", FORMATS)
def test_pipe_table_with_agencies_by_role(rendered, fmt):
    """Quốc hội: a pipe table with an empty STT column and agencies by role."""
    plan = rendered("quoc-hoi-nq-sap-xep-2025", fmt)
    assert len(plan.tasks) == 11
    law = _task(plan, "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Quốc hội")
    assert law.lead == ["Ban soạn thảo do Ủy ban Thường vụ Quốc hội thành lập"]
    assert _deadlines(law) == [("date", None, "2025-02-28"), ("date", None, "2025-02-28")]
    dissolve = _task(plan, "Nghị quyết về việc giải thể Viện Nghiên cứu lập pháp")
    assert dissolve.lead == ["Ban Công tác đại biểu"]
    assert dissolve.coop == ["Viện Nghiên cứu lập pháp"]
    assert _deadlines(dissolve) == [("date", None, "2025-01-10")]
    foreign = _task(plan, "Nghị quyết ban hành Quy chế hoạt động đối ngoại của Quốc hội")
    assert foreign.lead == ["Ủy ban Đối ngoại"]
    assert foreign.coop == ["Văn phòng Quốc hội"]
    assert _deadlines(foreign) == [("conditional", None, None)]


@pytest.mark.parametrize("fmt", [*FORMATS, "chromium"])
def test_labelled_items_with_wrapped_lines(rendered, fmt):
    """Thủ tướng: items with "- Cơ quan chủ trì / phối hợp / Thời hạn" lines and
    "+" sub-items, their lines wrapped by the page and joined back (in a
    browser's print too, where a ragged line ends a hair short of the margin
    because the next word would have overrun it by less than a point)."""
    plan = rendered("ttg-qd2623-2025", fmt)
    assert len(plan.tasks) == 10
    publicity = _task(plan, "Tổ chức tuyên truyền, phổ biến, giáo dục pháp luật")
    assert publicity.lead == [
        "Bộ Công an", "Bộ Tư pháp", "Bộ Giáo dục và Đào tạo", "Bộ Văn hóa, Thể thao và Du lịch",
        "Đài Tiếng nói Việt Nam", "Đài Truyền hình Việt Nam", "Thông tấn xã Việt Nam",
        "Các cơ quan báo chí, phát thanh, truyền hình khác",
    ]  # fmt: skip
    assert publicity.coop == [
        "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
        "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
    ]
    review = _task(plan, "Rà soát văn bản quy phạm pháp luật")
    assert _deadlines(review) == [("date", None, "2025-12-15"), ("date", None, "2025-12-31")]
    decree = _task(plan, "Nghị định xử phạt vi phạm hành chính trong lĩnh vực an ninh")
    assert decree.ref == "II.5.-2"
    assert decree.parent == "II.5"
    assert decree.coop == ["Văn phòng Chính phủ", "Bộ Tư pháp", "Các cơ quan có liên quan"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_items_with_lettered_fields(rendered, fmt):
    """Hà Nội: numbered items with "a) Nhiệm vụ … b) Cơ quan thực hiện … c) Thời gian"."""
    plan = rendered("ha-noi-kh308-2025", fmt)
    assert len(plan.tasks) == 9
    strategy = _task(plan, "Xây dựng các Chiến lược triển khai của thành phố")
    assert (strategy.ref, strategy.parent) == ("II.1.1", "II.1")
    assert strategy.lead == ["Sở Khoa học và Công nghệ"]
    assert strategy.coop == ["Các Sở, ban, ngành"]
    assert _deadlines(strategy) == [("date", None, "2025-12-31")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_duties_under_agency_headings(rendered, fmt):
    """Đồng Tháp: "1. Sở …" headings over "-" bullets; the heading agency leads."""
    plan = rendered("dong-thap-kh556-2025", fmt)
    assert len(plan.tasks) == 36
    follow = _task(plan, "Chủ trì, theo dõi, kiểm tra, đôn đốc việc thực hiện các nhiệ")
    assert follow.ref == "IV.1.-1"
    assert follow.lead == ["Sở Nông nghiệp và Môi trường"]
    assert _deadlines(follow) == [("recurring", None, None)]
    communes = _task(plan, "Phối hợp với các đơn vị liên quan tổ chức tuyên truyền nâng")
    assert communes.lead == [
        "Ủy ban nhân dân xã Gia Thuận", "Ủy ban nhân dân xã Tân Điền",
        "Ủy ban nhân dân xã Gò Công Đông", "Ủy ban nhân dân xã Tân Phú Đông",
    ]  # fmt: skip
    assert communes.coop == ["Các đơn vị liên quan"]


def test_pdf_page_furniture_and_wrapping_undone(rendered):
    """The PDF of a plan: page numbers dropped, paragraphs whole again (also
    over a page break), the issuer/number block read as a two-column table."""
    layout = read(rendered("ttg-qd2623-2025", "pdf", path_only=True))
    texts = [p.text for p in layout.paragraphs()]
    assert not [t for t in texts if t.strip().isdigit()]
    article = next(t for t in texts if t.startswith("Điều 1."))
    assert article.endswith("Luật Bảo vệ dữ liệu cá nhân.")
    assert not [t for t in texts if t[:1].islower()]  # no line left cut off its paragraph
    portal = next(t for t in texts if t.startswith("- Nội dung: Cổng thông tin quốc gia"))
    assert "kỹ năng bảo vệ dữ liệu cá nhân cho" in portal  # runs over the page break
    first = layout.tables()[0]
    assert [c.split("\n")[0] for c in first.rows[-1].cells] == [
        "Số: 2623/QĐ-TTg",
        "Hà Nội, ngày 29 tháng 11 năm 2025",
    ]
    plan = extract(rendered("ttg-qd2623-2025", "pdf", path_only=True))
    assert (plan.document.number, str(plan.document.signed)) == ("2623/QĐ-TTg", "2025-11-29")


def test_pdf_typed_without_spacing_or_justification(tmp_path):
    """Paragraphs typed flush together and aligned left (no spacing, no justified
    edge): the wrapped lines of labelled items still join by where a word fits."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    text = (DEV / "ttg-qd2623-2025.md").read_text(encoding="utf-8")
    typed = write_docx(markdown_blocks(text), tmp_path / "ttg.docx", tight=True, ragged=True)
    plan = extract(to_pdf([typed], tmp_path / "pdf")[0])
    assert len(plan.tasks) == 10
    publicity = _task(plan, "Tổ chức tuyên truyền, phổ biến, giáo dục pháp luật")
    assert len(publicity.lead) == 8
    assert publicity.lead[-1] == "Các cơ quan báo chí, phát thanh, truyền hình khác"
    review = _task(plan, "Rà soát văn bản quy phạm pháp luật")
    assert _deadlines(review) == [("date", None, "2025-12-15"), ("date", None, "2025-12-31")]
