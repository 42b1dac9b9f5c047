"""A small reform plan written as a real Word file (python-docx), for the review tests."""

from __future__ import annotations

from pathlib import Path

import docx

HEADER = [
    "STT",
    "Nội dung công việc",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian hoàn thành",
]
ROWS = [
    [
        "1",
        "Rà soát, đánh giá thủ tục hành chính",
        "Sở Tư pháp",
        "Văn phòng HĐND tỉnh",
        "Quý II/2025",
    ],
    ["1.1", "Công bố danh mục thủ tục hành chính", "Sở Tư pháp", "", "Quý III/2025"],
    [
        "1.2",
        "Tập huấn cán bộ đầu mối kiểm soát thủ tục",
        "Sở Tư pháp",
        "Ban Tổ chức Tỉnh ủy",
        "Tháng 6/2025",
    ],
    ["2", "Nâng cấp cổng dịch vụ công trực tuyến", "Sở TT&TT", "Các sở, ban, ngành", "30/11/2025"],
    ["3", "Tuyên truyền cải cách hành chính", "Sở Nội vụ", "Đài Phát thanh tỉnh", "Thường xuyên"],
]


def plan_docx(path: Path, issuer: str = "ỦY BAN NHÂN DÂN TỈNH A") -> Path:
    document = docx.Document()
    for line in [
        issuer,
        "Số: 12/KH-UBND",
        "KẾ HOẠCH",
        "Cải cách hành chính năm 2025",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Phấn đấu 100% thủ tục hành chính được công khai đúng quy định.",
        "II. NHIỆM VỤ CỤ THỂ",
    ]:
        document.add_paragraph(line)
    table = document.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    table.style = "Table Grid"
    for r, row in enumerate([HEADER, *ROWS]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("Nơi nhận: Như trên.")
    document.save(str(path))
    return path
