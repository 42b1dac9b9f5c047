"""Unseen variants of the plan families of ../shared/dev, written as real sources print them.

Each test is a plan a careful reader can answer by hand; the assertions are
that reader's tasks and fields. The tables are also rendered as real .docx
files where the layout is the point (merged header cells).
"""

from __future__ import annotations

from tests.extraction.documents import ABOVE, LEFT, make_docx_blocks

from cchc.extraction import extract

HEAD = """\
ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ
Số: 77/KH-UBND
Quảng Trị, ngày 20 tháng 02 năm 2025

KẾ HOẠCH
Cải cách hành chính năm 2025
"""


def _plan(tmp_path, text: str, name: str = "ke-hoach.txt", year: int | None = None) -> dict:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract(path, year=year).to_json()


def _lone_pipe(rows: list[list[str]]) -> str:
    """Rows as a legal website prints them: every cell between lines holding one "|"."""
    width = len(rows[0])
    out: list[str] = []
    for row in rows:
        for cell in row:
            out.extend(["|", cell])
        out.append("|")
        out.append("|" + "---|" * width)
    return "\n".join(out) + "\n"


SPLIT_AGENCY_HEADER = [
    ["STT", "Nhiệm vụ", "Cơ quan thực hiện", "", "Thời gian hoàn thành"],
    ["", "", "Chủ trì", "Phối hợp", ""],
    [
        "1",
        "Rà soát quy trình nội bộ giải quyết thủ tục hành chính",
        "Sở Nội vụ",
        "Các sở, ban, ngành",
        "Quý II/2025",
    ],
    [
        "2",
        "Số hóa kết quả giải quyết thủ tục hành chính",
        "Sở Khoa học và Công nghệ",
        "UBND các huyện",
        "Tháng 9/2025",
    ],
]


def test_agency_header_spanning_lead_and_coop_subcolumns(tmp_path):
    plan = _plan(tmp_path, HEAD + "\nII. NHIỆM VỤ\n\n" + _lone_pipe(SPLIT_AGENCY_HEADER))
    assert [t["ref"] for t in plan["tasks"]] == ["1", "2"]
    first, second = plan["tasks"]
    assert first["lead"] == ["Sở Nội vụ"]
    assert first["coop"] == ["Các sở, ban, ngành"]
    assert first["deliverables"][0]["deadline"]["due"] == "2025-06-30"
    assert second["lead"] == ["Sở Khoa học và Công nghệ"]
    assert second["deliverables"][0]["deadline"]["due"] == "2025-09-30"


def test_merged_agency_header_in_a_real_docx(tmp_path):
    rows = [
        ["STT", "Nhiệm vụ", "Cơ quan thực hiện", LEFT, "Thời gian hoàn thành"],
        [ABOVE, ABOVE, "Chủ trì", "Phối hợp", ABOVE],
        *SPLIT_AGENCY_HEADER[2:],
    ]
    path = make_docx_blocks(tmp_path / "ke-hoach.docx", [*HEAD.splitlines(), "II. NHIỆM VỤ", rows])
    plan = extract(path).to_json()
    assert [t["lead"] for t in plan["tasks"]] == [["Sở Nội vụ"], ["Sở Khoa học và Công nghệ"]]
    assert [t["coop"] for t in plan["tasks"]] == [
        ["Các sở, ban, ngành"],
        ["Ủy ban nhân dân các huyện"],
    ]


def test_separate_start_and_finish_columns(tmp_path):
    rows = [
        [
            "TT",
            "Nội dung công việc",
            "Đơn vị chủ trì",
            "Đơn vị phối hợp",
            "Thời gian bắt đầu",
            "Thời gian hoàn thành",
        ],
        [
            "1",
            "Xây dựng cơ sở dữ liệu cán bộ, công chức",
            "Sở Nội vụ",
            "Sở Tài chính",
            "Tháng 3/2025",
            "Tháng 11/2025",
        ],
    ]
    plan = _plan(tmp_path, HEAD + "\n" + _lone_pipe(rows))
    (task,) = plan["tasks"]
    deadline = task["deliverables"][0]["deadline"]
    assert deadline["due"] == "2025-11-30"
    assert deadline["start"] == "2025-03-01"
    assert task["coop"] == ["Sở Tài chính"]


def test_one_column_for_lead_and_coop(tmp_path):
    rows = [
        ["STT", "Nhiệm vụ", "Cơ quan chủ trì, phối hợp", "Thời hạn"],
        [
            "1",
            "Triển khai Cổng dịch vụ công của tỉnh đến cấp xã",
            "Sở Khoa học và Công nghệ chủ trì, phối hợp Văn phòng UBND tỉnh",
            "Quý III/2025",
        ],
    ]
    plan = _plan(tmp_path, HEAD + "\n" + _lone_pipe(rows))
    (task,) = plan["tasks"]
    assert task["lead"] == ["Sở Khoa học và Công nghệ"]
    assert task["coop"] == ["Văn phòng Ủy ban nhân dân tỉnh"]


def test_numbering_inside_the_content_cell(tmp_path):
    rows = [
        ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"],
        ["", "1. Ban hành kế hoạch kiểm tra cải cách hành chính", "Sở Nội vụ", "Quý I/2025"],
        ["", "2. Tổ chức kiểm tra tại các địa phương", "Sở Nội vụ", "Quý IV/2025"],
    ]
    plan = _plan(tmp_path, HEAD + "\n" + _lone_pipe(rows))
    assert [t["ref"] for t in plan["tasks"]] == ["1", "2"]
    assert plan["tasks"][0]["content"] == "Ban hành kế hoạch kiểm tra cải cách hành chính"


LABELLED = (
    HEAD
    + """
II. NHIỆM VỤ CỤ THỂ

1. Tổ chức hội nghị triển khai công tác cải cách hành chính năm 2025.
Đơn vị thực hiện: Sở Nội vụ
Thời hạn hoàn thành: Tháng 3/2025
Kết quả/sản phẩm: Hội nghị được tổ chức

2. Khảo sát mức độ hài lòng của người dân.
Đơn vị thực hiện: Sở Nội vụ; phối hợp: Bưu điện tỉnh
Thời hạn hoàn thành: Quý IV/2025
Kết quả/sản phẩm: Báo cáo kết quả khảo sát
"""
)


def test_labels_named_differently(tmp_path):
    plan = _plan(tmp_path, LABELLED)
    assert [t["ref"] for t in plan["tasks"]] == ["II.1", "II.2"]
    first, second = plan["tasks"]
    assert first["lead"] == ["Sở Nội vụ"]
    assert first["deliverables"][0]["deadline"]["due"] == "2025-03-31"
    assert first["deliverables"][0]["product"] == "Hội nghị được tổ chức"
    assert second["deliverables"][0]["product"] == "Báo cáo kết quả khảo sát"


DISTRICT = """\
ỦY BAN NHÂN DÂN HUYỆN HẢI LĂNG
Số: 15/KH-UBND
Hải Lăng, ngày 05 tháng 01 năm 2025

KẾ HOẠCH
Cải cách hành chính huyện Hải Lăng năm 2025

I. MỤC ĐÍCH, YÊU CẦU
Nâng cao chất lượng phục vụ người dân.

II. TỔ CHỨC THỰC HIỆN
1. Phòng Nội vụ
a) Chủ trì tham mưu UBND huyện triển khai kế hoạch này.
b) Phối hợp với Phòng Tư pháp kiểm tra công tác cải cách hành chính, hoàn thành trong Quý III/2025.
2. Phòng Văn hóa - Thông tin
Tuyên truyền công tác cải cách hành chính trên các phương tiện thông tin đại chúng.
3. UBND các xã, thị trấn
a) Xây dựng kế hoạch cải cách hành chính của địa phương trước ngày 31/01/2025.
b) Niêm yết công khai thủ tục hành chính tại bộ phận một cửa.
"""


def test_district_agency_headings(tmp_path):
    plan = _plan(tmp_path, DISTRICT)
    assert [t["ref"] for t in plan["tasks"]] == ["II.1.a", "II.1.b", "II.2", "II.3.a", "II.3.b"]
    leads = [t["lead"] for t in plan["tasks"]]
    assert leads[0] == ["Phòng Nội vụ"]
    assert leads[2] == ["Phòng Văn hóa - Thông tin"]
    assert leads[3] == ["Ủy ban nhân dân các xã, thị trấn"]
    assert plan["tasks"][1]["coop"] == ["Phòng Tư pháp"]
    assert plan["tasks"][1]["deliverables"][0]["deadline"]["due"] == "2025-09-30"
    assert plan["tasks"][3]["deliverables"][0]["deadline"]["due"] == "2025-01-31"


SITE_TOP = """\
Trang chủ
Giới thiệu
Tin tức - Sự kiện
Văn bản pháp luật
Tìm kiếm
"""

SITE_BOTTOM = """\
Lưu trữ
Ghi chú
Văn bản liên quan
Kế hoạch 12/KH-UBND năm 2024 về cải cách hành chính
Tải về
Chia sẻ: Facebook | Zalo | Twitter
"""


def test_website_boilerplate_around_the_document(tmp_path):
    plan = _plan(tmp_path, SITE_TOP + LABELLED + SITE_BOTTOM)
    assert [t["ref"] for t in plan["tasks"]] == ["II.1", "II.2"]
    assert plan["document"]["number"] == "77/KH-UBND"
    assert plan["tasks"][1]["deliverables"][0]["product"] == "Báo cáo kết quả khảo sát"


REGULATION = """\
ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ
Số: 05/2025/QĐ-UBND

QUYẾT ĐỊNH
Ban hành Quy định về quản lý văn bản điện tử

Điều 1. Ban hành kèm theo Quyết định này Quy định về quản lý văn bản điện tử.
Điều 2. Sở Nội vụ chủ trì, phối hợp với các sở, ngành hướng dẫn thực hiện Quyết định này.
Điều 3. Quyết định có hiệu lực từ ngày 01/3/2025.
"""

REPORT = """\
ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ
Số: 88/BC-UBND

BÁO CÁO
Kết quả công tác cải cách hành chính quý I năm 2025

1. Sở Nội vụ đã tổ chức kiểm tra tại 5 địa phương.
2. Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98%.
"""


def test_regulation_and_report_are_not_plans(tmp_path):
    for name, text in (("quy-dinh.txt", REGULATION), ("bao-cao.txt", REPORT)):
        plan = _plan(tmp_path, text, name=name)
        assert plan["tasks"] == [], name


def test_splitting_a_cell_that_names_lead_and_coop():
    from cchc.extraction.fields.agencies import split_lead_coop_cell

    assert split_lead_coop_cell("Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ") == (
        "Sở Tư pháp",
        "Sở Nội vụ",
    )
    assert split_lead_coop_cell("Chủ trì: Sở Tư pháp; phối hợp: Sở Nội vụ") == (
        "Sở Tư pháp",
        "Sở Nội vụ",
    )
    assert split_lead_coop_cell("Sở Tư pháp (chủ trì); Sở Nội vụ") == ("Sở Tư pháp", "Sở Nội vụ")
    assert split_lead_coop_cell("Sở Tư pháp") == ("Sở Tư pháp", "")


def test_time_header_spanning_start_and_finish(tmp_path):
    rows = [
        ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời gian", LEFT],
        [ABOVE, ABOVE, ABOVE, "Bắt đầu", "Hoàn thành"],
        ["1", "Chuẩn hóa dữ liệu hộ tịch", "Sở Tư pháp", "Tháng 2/2025", "Tháng 8/2025"],
    ]
    path = make_docx_blocks(tmp_path / "ke-hoach.docx", [*HEAD.splitlines(), rows])
    (task,) = extract(path).to_json()["tasks"]
    assert task["deliverables"][0]["deadline"]["start"] == "2025-02-01"
    assert task["deliverables"][0]["deadline"]["due"] == "2025-08-31"


def test_a_lone_note_line_does_not_end_the_document(tmp_path):
    text = LABELLED.replace(
        "\n2. Khảo sát", "\nGhi chú\nCác đơn vị báo cáo tiến độ hằng quý.\n\n2. Khảo sát"
    )
    plan = _plan(tmp_path, text)
    assert [t["ref"] for t in plan["tasks"]] == ["II.1", "II.2"]


def test_a_column_the_engine_cannot_place_raises_a_doubt(tmp_path):
    rows = [
        ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Kinh phí", "Thời gian hoàn thành"],
        ["1", "Nâng cấp hệ thống một cửa điện tử", "Sở Nội vụ", "500 triệu đồng", "Quý II/2025"],
    ]
    (task,) = _plan(tmp_path, HEAD + "\n" + _lone_pipe(rows))["tasks"]
    assert task["lead"] == ["Sở Nội vụ"]
    assert any("500 triệu đồng" in doubt for doubt in task["doubts"])
