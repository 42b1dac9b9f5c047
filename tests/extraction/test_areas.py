"""Section headings → reform areas."""

from __future__ import annotations

import pytest

from cchc.extraction.fields.areas import classify_area, is_area_heading
from cchc.extraction.model import AREAS

# Headings as printed in the five seed plans, with the gold area of their tasks.
SEED_HEADINGS = [
    ("1. Chỉ đạo điều hành và tuyên truyền về cải cách hành chính", "direction"),
    ("Cải cách thể chế hành chính", "institutions"),
    ("Cải cách thủ tục hành chính", "procedures"),
    ("Cải cách tổ chức bộ máy và hoạt động của cơ quan nhà nước", "organization"),
    ("Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức", "civil_service"),
    ("Cải cách tài chính công", "public_finance"),
    ("Ứng dụng công nghệ thông tin và truyền thông trong cải cách hành chính", "modernization"),
    ("I\tCông tác chỉ đạo, điều hành CCHC", "direction"),
    ("II\tCải cách thể chế", "institutions"),
    (
        "III\tCải cách thủ tục hành chính (TTHC) và thực hiện cơ chế một cửa, cơ chế một cửa liên thông",
        "procedures",
    ),
    ("IV\tCải cách tổ chức bộ máy", "organization"),
    ("VII Hiện đại hóa hành chính", "modernization"),
    ("IV. Xây dựng đội ngũ cán bộ, công chức, viên chức", "civil_service"),
    ("VI. Hiện đại hóa hành chính nhà nước", "modernization"),
    ("VII. Công tác chỉ đạo thực hiện cải cách hành chính", "direction"),
    ("**1.** Hoàn thiện hệ thống thể chế hành chính nhà nước", "institutions"),
]

OTHER_WORDINGS = [
    ("Xây dựng và phát triển Chính quyền điện tử, chính quyền số", "modernization"),
    ("Cải cách chế độ công vụ", "civil_service"),
    ("Công tác chỉ đạo, điều hành", "direction"),
    ("Phần II: Cải cách thủ tục hành chính", "procedures"),
    ("5. Cải cách tài chính công", "public_finance"),
    ("c) Kiểm soát thủ tục hành chính", "procedures"),
    ("Công tác kiểm tra cải cách hành chính", "direction"),
    ("Các nhiệm vụ khác", "other"),
]

NOT_AREAS = [
    "NĂM 2016",
    "Mục tiêu",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "III. CHẾ ĐỘ BÁO CÁO",
    "IV. KINH PHÍ",
    "V. TỔ CHỨC THỰC HIỆN",
    "5. Sở Tài chính",
    "7. Sở Thông tin và Truyền thông",
    "",
]


@pytest.mark.parametrize(("heading", "area"), SEED_HEADINGS + OTHER_WORDINGS)
def test_classify_area(heading, area):
    assert area in AREAS
    assert classify_area(heading) == area
    assert is_area_heading(heading)


@pytest.mark.parametrize("heading", NOT_AREAS)
def test_not_an_area_heading(heading):
    assert classify_area(heading) is None
    assert not is_area_heading(heading)


def test_upper_case_heading_and_long_sentence():
    assert classify_area("II. CẢI CÁCH THỂ CHẾ") == "institutions"
    assert classify_area("Tổ chức " + "rất dài " * 60 + "cải cách thể chế") is None
