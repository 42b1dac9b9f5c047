"""Document metadata: the five seed headers against gold, and other layouts."""

from __future__ import annotations

import json
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from cchc.extraction.fields.document import plan_year, read_document_info, repair_number

SHARED = Path(__file__).resolve().parents[3] / "shared"
SEEDS = sorted((SHARED / "gold").glob("0*.json")) if (SHARED / "gold").is_dir() else []


@pytest.mark.skipif(not SEEDS, reason="shared seeds not available")
@pytest.mark.parametrize("gold_path", SEEDS, ids=lambda p: p.stem[:3])
def test_seed_documents_match_gold(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["document"]
    lines = (SHARED / "seeds" / (gold_path.stem + ".txt")).read_text(encoding="utf-8").split("\n")
    got = read_document_info(lines).to_json()
    assert {k: got[k] for k in gold if k != "title"} == {k: gold[k] for k in gold if k != "title"}
    # The title is shown to users, not scored: close to the gold wording.
    assert SequenceMatcher(None, got["title"].lower(), gold["title"].lower()).ratio() >= 0.9


@pytest.mark.parametrize(
    ("number", "symbol", "expected"),
    [
        ("1908", "QĐUBND", "1908/QĐ-UBND"),
        ("7028", "QĐ-UBND", "7028/QĐ-UBND"),
        ("15", "KH - UBND", "15/KH-UBND"),
        ("03", "CTr-UBND", "03/CTr-UBND"),
        ("142", "KH-UBND", "142/KH-UBND"),
    ],
)
def test_repair_number(number, symbol, expected):
    assert repair_number(number, symbol) == expected


def test_district_plan_with_header_block():
    lines = [
        "ỦY BAN NHÂN DÂN HUYỆN ĐIỆN BÀN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 45 /KH-UBND\tĐiện Bàn, ngày 5 tháng 01 năm 2022",
        "KẾ HOẠCH",
        "Chuyển đổi số huyện Điện Bàn năm 2022",
        "Căn cứ Quyết định số 12/QĐ-UBND ngày 03/01/2021 của UBND tỉnh Quảng Nam;",
    ]
    info = read_document_info(lines)
    assert info.kind == "ke_hoach"
    assert info.number == "45/KH-UBND"
    assert info.issuer == "Ủy ban nhân dân huyện Điện Bàn"
    assert info.signed == date(2022, 1, 5)
    assert info.title == "Kế hoạch chuyển đổi số huyện Điện Bàn năm 2022"
    assert (info.period_start, info.period_end) == (date(2022, 1, 1), date(2022, 12, 31))


def test_an_upper_case_title_keeps_the_numbers_of_the_documents_it_cites():
    lines = [
        "ỦY BAN NHÂN DÂN TỈNH AN GIANG",
        "Số: 30/KH-UBND",
        "KẾ HOẠCH",
        "TRIỂN KHAI NGHỊ QUYẾT SỐ 214/NQ-CP NGÀY 23/7/2025 CỦA CHÍNH PHỦ",
        "I. MỤC ĐÍCH",
    ]
    assert read_document_info(lines).title == (
        "Kế hoạch triển khai nghị quyết số 214/NQ-CP ngày 23/7/2025 của chính phủ"
    )


def test_commune_plan_with_markdown_and_junk():
    lines = [
        "Quảng cáo: Tuyển sinh 2024",
        "Chia sẻ: abc | Số trang:9",
        "**UBND XÃ HÒA PHƯỚC**",
        "Số: 17/KH-UBND",
        "*Hòa Phước, ngày 20 tháng 12 năm 2023*",
        "**KẾ HOẠCH**",
        "**Đào tạo, bồi dưỡng cán bộ, công chức xã năm 2024**",
    ]
    info = read_document_info(lines)
    assert (info.kind, info.number, info.issuer) == (
        "ke_hoach",
        "17/KH-UBND",
        "Ủy ban nhân dân xã Hòa Phước",
    )
    assert info.signed == date(2023, 12, 20)
    assert info.period_start == date(2024, 1, 1)
    assert plan_year(info) == 2024


def test_ministry_decision_issuing_a_program():
    lines = [
        "BỘ THÔNG TIN VÀ TRUYỀN THÔNG",
        "Số: 2031/QĐ-BTTTT\tHà Nội, ngày 28 tháng 12 năm 2020",
        "QUYẾT ĐỊNH",
        "Ban hành Chương trình cải cách hành chính giai đoạn 2021 - 2025",
        "BỘ TRƯỞNG BỘ THÔNG TIN VÀ TRUYỀN THÔNG",
        "Điều 1. Ban hành kèm theo Quyết định này Chương trình cải cách hành chính giai đoạn 2021 - 2025.",
    ]
    info = read_document_info(lines)
    assert info.kind == "quyet_dinh"
    assert info.issuer == "Bộ Thông tin và Truyền thông"
    assert info.number == "2031/QĐ-BTTTT"
    assert info.title == "Chương trình cải cách hành chính giai đoạn 2021 - 2025"
    assert (info.period_start, info.period_end) == (date(2021, 1, 1), date(2025, 12, 31))


def test_attached_plan_only():
    lines = [
        "KẾ HOẠCH",
        "CẢI CÁCH HÀNH CHÍNH NĂM 2019",
        "(Ban hành kèm theo Quyết định số 1234/QĐ-UBND ngày 28/12/2018 của Ủy ban nhân dân tỉnh Bình Định)",
    ]
    info = read_document_info(lines)
    assert (info.kind, info.number, info.signed) == ("ke_hoach", "1234/QĐ-UBND", date(2018, 12, 28))
    assert info.issuer == "Ủy ban nhân dân tỉnh Bình Định"
    assert info.title == "Kế hoạch cải cách hành chính năm 2019"
    assert info.year == 2019


def test_empty_document():
    info = read_document_info([])
    assert info.kind is None and info.number is None and plan_year(info) is None
