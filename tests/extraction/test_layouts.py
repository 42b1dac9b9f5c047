"""Layout families the seed files do not show, written the way real sources print them."""

from __future__ import annotations

from cchc.extraction import extract

LEGAL_SITE = """\
Thư viện pháp luật - Tra cứu văn bản
Đăng nhập | Đăng ký

ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH
Số: 45/KH-UBND
Bình Định, ngày 10 tháng 01 năm 2022

**KẾ HOẠCH**
**Chuyển đổi số tỉnh Bình Định năm 2022**

I. MỤC TIÊU

- Phấn đấu tối thiểu 80% hồ sơ công việc tại cấp tỉnh được xử lý trên
môi trường mạng.

II. NHIỆM VỤ

|
STT
|
Nội dung nhiệm vụ
|
Cơ quan chủ trì
|
Cơ quan phối hợp
|
Thời gian hoàn thành
|
|---|---|---|---|---|
|
I
|
Chính quyền số
|
|
|
|
|---|---|---|---|---|
|
1
|
Xây dựng kho dữ liệu dùng chung của tỉnh, kết nối với
nền tảng tích hợp, chia sẻ dữ liệu quốc gia
|
Sở TT&TT
|
Các sở, ban, ngành; UBND các huyện, thị xã, thành phố
|
Quý II/2022
|
|---|---|---|---|---|
|
2
|
Triển khai nền tảng họp trực tuyến đến cấp xã
|
Văn phòng UBND tỉnh
|
Sở TT&TT
|
Thường xuyên
|

Bạn cần đăng nhập để tải văn bản. Liên hệ quảng cáo.
"""

NO_TABLE = """\
ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH
Số: 120/KH-UBND
Hà Tĩnh, ngày 15 tháng 01 năm 2021

KẾ HOẠCH
Cải cách hành chính năm 2021

II. NHIỆM VỤ

1. Cải cách thể chế

a) Rà soát, hệ thống hóa văn bản quy phạm pháp luật do tỉnh ban hành.
- Đơn vị chủ trì: Sở Tư pháp
- Đơn vị phối hợp: Các sở, ban, ngành; UBND cấp huyện
- Thời gian thực hiện: Quý III/2021

b) Kiểm tra việc thực hiện văn bản quy phạm pháp luật tại các địa phương.
- Đơn vị chủ trì: Sở Tư pháp
- Thời gian thực hiện: Tháng 10/2021

2. Cải cách thủ tục hành chính

a) Công bố danh mục thủ tục hành chính thực hiện trực tuyến toàn trình.
- Đơn vị chủ trì: Văn phòng UBND tỉnh
- Đơn vị phối hợp: Sở Thông tin và Truyền thông
- Thời gian thực hiện: Thường xuyên
"""


def test_lone_pipe_markdown_from_a_legal_website(tmp_path):
    path = tmp_path / "ke-hoach.md"
    path.write_text(LEGAL_SITE, encoding="utf-8")
    plan = extract(path).to_json()

    assert [t["ref"] for t in plan["tasks"]] == ["I.1", "I.2"]
    first, second = plan["tasks"]
    assert first["content"].endswith("kết nối với nền tảng tích hợp, chia sẻ dữ liệu quốc gia")
    assert first["lead"] == ["Sở Thông tin và Truyền thông"]
    assert first["deliverables"][0]["deadline"]["due"] == "2022-06-30"
    assert second["deliverables"][0]["deadline"]["kind"] == "recurring"
    assert plan["document"]["number"] == "45/KH-UBND"
    assert plan["document"]["period"]["start"] == "2022-01-01"


def test_plan_without_a_table_uses_the_labelled_lines(tmp_path):
    path = tmp_path / "ke-hoach.txt"
    path.write_text(NO_TABLE, encoding="utf-8")
    plan = extract(path).to_json()

    # refs joined from the outermost section, as printed (SCHEMA.md)
    assert [t["ref"] for t in plan["tasks"]] == ["II.1.a", "II.1.b", "II.2.a"]
    first, second, third = plan["tasks"]
    assert first["content"].startswith("Rà soát, hệ thống hóa văn bản")
    assert first["lead"] == ["Sở Tư pháp"]
    assert first["coop"] == ["Các sở, ban, ngành", "Ủy ban nhân dân cấp huyện"]
    assert first["deliverables"][0]["deadline"]["due"] == "2021-09-30"
    assert first["area"] == "institutions"
    assert second["coop"] == []
    assert second["deliverables"][0]["deadline"]["due"] == "2021-10-31"
    assert third["area"] == "procedures"
    assert third["lead"] == ["Văn phòng Ủy ban nhân dân tỉnh"]


def test_every_task_keeps_where_it_came_from(tmp_path):
    path = tmp_path / "ke-hoach.txt"
    path.write_text(NO_TABLE, encoding="utf-8")
    lines = NO_TABLE.splitlines()
    for task in extract(path).to_json()["tasks"]:
        line = task["source"]["line"]
        assert task["content"][:20] in lines[line - 1]


INLINE_FIELDS = """\
KẾ HOẠCH
Đào tạo, bồi dưỡng cán bộ, công chức năm 2023

Căn cứ Nghị định số 89/2021/NĐ-CP, Ủy ban nhân dân huyện ban hành kế hoạch như sau.

1. Tổ chức lớp bồi dưỡng kỹ năng số cho công chức cấp xã
(Cơ quan chủ trì: Phòng Nội vụ; Cơ quan phối hợp: UBND các xã, thị trấn; Thời gian: Quý II/2023)

2. Cử công chức tham gia các lớp bồi dưỡng quản lý nhà nước
Đơn vị chủ trì: Phòng Nội vụ. Thời gian thực hiện: Tháng 9/2023
"""

PIPES_CLOSING_EACH_ROW = """\
|
STT
|
Nhiệm vụ
|
Đơn vị chủ trì
|
Thời gian hoàn thành
|
|
1
|
Xây dựng nền tảng số dùng chung
|
Sở Thông tin và Truyền thông
|
Quý III/2024
|
|
2
|
Số hóa hồ sơ thủ tục hành chính
|
|
Thường xuyên
|
"""


def test_fields_on_the_task_line_or_in_brackets(tmp_path):
    path = tmp_path / "dao-tao.txt"
    path.write_text(INLINE_FIELDS, encoding="utf-8")
    plan = extract(path, year=2023).to_json()

    assert [t["content"] for t in plan["tasks"]] == [
        "Tổ chức lớp bồi dưỡng kỹ năng số cho công chức cấp xã",
        "Cử công chức tham gia các lớp bồi dưỡng quản lý nhà nước",
    ]
    first, second = plan["tasks"]
    assert first["lead"] == ["Phòng Nội vụ"]
    assert first["coop"] == ["Ủy ban nhân dân các xã, thị trấn"]
    assert first["deliverables"][0]["deadline"]["due"] == "2023-06-30"
    assert second["deliverables"][0]["deadline"]["due"] == "2023-09-30"


def test_lone_pipes_that_close_and_reopen_every_row(tmp_path):
    path = tmp_path / "bang.md"
    path.write_text(PIPES_CLOSING_EACH_ROW, encoding="utf-8")
    plan = extract(path, year=2024).to_json()

    assert [(t["ref"], t["content"]) for t in plan["tasks"]] == [
        ("1", "Xây dựng nền tảng số dùng chung"),
        ("2", "Số hóa hồ sơ thủ tục hành chính"),
    ]
    assert plan["tasks"][0]["lead"] == ["Sở Thông tin và Truyền thông"]
    assert plan["tasks"][1]["lead"] == []
    assert plan["tasks"][1]["deliverables"][0]["deadline"]["kind"] == "recurring"
