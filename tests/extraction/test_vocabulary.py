"""The one vocabulary every stage and the web app's agency matching read."""

import pytest

from cchc.agencies.selectors import normalize
from cchc.extraction.fields.agencies import parse_agencies
from cchc.extraction.tables import column_roles
from cchc.extraction.vocabulary import agency_key, cut_at_verb, role_of


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("UBND quận Hải Châu", "ủy ban nhân dân quận hải châu"),
        ("ubnd các phường", "ủy ban nhân dân phường"),
        ("Uỷ ban nhân dân tỉnh", "ủy ban nhân dân tỉnh"),
        ("Sở TT&TT", "sở thông tin và truyền thông"),
        ("Sở KH&CN", "sở khoa học và công nghệ"),
    ],
)
def test_one_key_for_every_spelling_of_an_agency(printed, key):
    assert agency_key(printed) == key
    assert normalize(printed) == key  # the web app matches names the same way


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Nhiệm vụ, giải pháp", "content"),
        ("Tên văn bản", "content"),
        ("Đơn vị thực hiện", "lead"),
        ("Cơ quan soạn thảo", "draft"),
        ("Cơ quan thẩm tra/chuẩn bị ý kiến", "review"),
        ("Cơ quan trình", "submit"),
        ("Hồ sơ", "product"),
        ("Tiến độ", "deadline"),
    ],
)
def test_header_words_by_meaning(header, role):
    assert role_of(header) == role


def test_agencies_by_role_the_drafting_body_leads():
    roles = column_roles(["TT", "Tên văn bản", "Cơ quan trình", "Cơ quan soạn thảo", "Tiến độ"])
    assert roles is not None and roles["lead"] == roles["draft"] == 3


@pytest.mark.parametrize(
    ("cell", "agencies"),
    [
        ("Báo và Phát thanh, Truyền hình Đồng Nai", ["Báo và Phát thanh, Truyền hình Đồng Nai"]),
        (
            "Sở Văn hóa, Thể thao và Du lịch, Sở Dân tộc và Tôn giáo",
            ["Sở Văn hóa, Thể thao và Du lịch", "Sở Dân tộc và Tôn giáo"],
        ),
        (
            "Ban Quản lý các Khu công nghiệp khu kinh tế",
            ["Ban Quản lý các Khu công nghiệp, khu kinh tế"],
        ),
        ("Sở Sở Công thương", ["Sở Công Thương"]),
        (
            "Ủy ban nhân dân các xã: Gia Thuận, Tân Điền",
            ["Ủy ban nhân dân xã Gia Thuận", "Ủy ban nhân dân xã Tân Điền"],
        ),
        ("Phòng Nội vụ và Phòng Tư pháp", ["Phòng Nội vụ", "Phòng Tư pháp"]),
        (
            "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
            ["Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ"],
        ),
    ],
)
def test_agency_lists_with_2025_names(cell, agencies):
    assert parse_agencies(cell) == agencies


def test_a_verb_ends_the_agency_but_not_a_noun_of_a_list():
    assert cut_at_verb("Bộ Công an tiến hành rà soát văn bản; các bộ rà soát") == (
        "Bộ Công an; các bộ"
    )
    assert cut_at_verb("cơ quan, tổ chức khác có liên quan") == "cơ quan, tổ chức khác có liên quan"
