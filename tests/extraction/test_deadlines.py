"""Deadline phrases: every gold deliverable of the seed plans, cells holding
several deadlines, phrasings of other provinces, and properties on any text."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.extraction.fields.deadlines import parse_deadline, split_deadlines

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
# Multi-year programs list their tasks under one heading per year; the gold then
# numbers tasks "2017.3" and a bare "Quý I" belongs to that year, which is what
# the extractor passes as ``year`` for such a section.
_YEAR_SECTION = re.compile(r"^((?:19|20)\d{2})\.")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _gold_deliverables() -> list:
    cases = []
    for path in sorted((SHARED / "gold").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        period = doc["document"]["period"]
        first, last = int(period["start"][:4]), int(period["end"][:4])
        for task in doc["tasks"]:
            section = _YEAR_SECTION.match(task["ref"])
            year = int(section.group(1)) if section else first
            for n, deliverable in enumerate(task["deliverables"]):
                cases.append(
                    pytest.param(
                        deliverable["deadline_raw"],
                        year,
                        last,
                        deliverable["deadline"],
                        id=f"{path.stem[:3]}-{task['ref']}-{n}",
                    )
                )
    return cases


GOLD = _gold_deliverables()


def test_gold_is_there():
    assert len(GOLD) > 250


@pytest.mark.parametrize(("raw", "year", "last_year", "expected"), GOLD)
def test_gold_deliverable(raw, year, last_year, expected):
    got = parse_deadline(raw, year, last_year)
    assert got.kind == expected["kind"]
    if expected["kind"] in ("date", "recurring"):
        assert (_iso(got.start), _iso(got.due)) == (expected["start"], expected["due"])
    if "frequency" in expected:
        assert got.frequency == expected["frequency"]


# Cells of the seed plans as printed, and the deliverables the gold makes of them.
SPLITS = [
    (
        "- Ban hành Kế hoạch trước 30/12, Phương án trước 15/9\n- Thực hiện: Thường xuyên",
        ["Ban hành Kế hoạch trước 30/12", "Phương án trước 15/9", "Thực hiện: Thường xuyên"],
    ),
    (
        "- Đánh giá các Đề án: Quý III/2019\n- Mở rộng liên thông, liên kết: Thường xuyên",
        ["Đánh giá các Đề án: Quý III/2019", "Mở rộng liên thông, liên kết: Thường xuyên"],
    ),
    (
        "- Triển khai mở rộng: Thường xuyên\n- Đánh giá: 31/12/2019",
        ["Triển khai mở rộng: Thường xuyên", "Đánh giá: 31/12/2019"],
    ),
    (
        "Rà soát phân định, chia sẻ dữ liệu với Trung ương chậm nhất quý I/2020; "
        "hoàn thiện các chức năng - thường xuyên",
        [
            "Rà soát phân định, chia sẻ dữ liệu với Trung ương chậm nhất quý I/2020",
            "hoàn thiện các chức năng - thường xuyên",
        ],
    ),
]
SINGLE = [
    "Quý I, II/2017",
    "Quý II-III/2017",
    "Quý III-IV/2017",
    "Quý III, IV",
    "Quý I - Quý IV",
    "Thường xuyên; chốt kết quả vào ngày 15/11/2020",
    "Cập nhật công khai thường xuyên, bắt đầu từ Quý I/2020",
    "Theo chỉ đạo của Bộ Nội vụ, UBND tỉnh",
    "Văn bản số 9329/VPCP-KSTT ngày 12/10/2019 của VPCP và chỉ đạo của UBND tỉnh",
    "Sau khi có Nghị định sửa đổi Nghị định số 92/2009/NĐ-CP ngày 22 tháng 10 năm 2009",
    "Thường xuyên (6 tháng sau khi sắp xếp lại tổ chức, bộ máy)",
    "Tháng 10 - 12/2021",
    "Từ tháng 3 đến tháng 6",
    "Quý IV 2019",
    "Thường xuyên",
]


@pytest.mark.parametrize(("raw", "expected"), SPLITS)
def test_split_several_deadlines(raw, expected):
    assert split_deadlines(raw) == expected


@pytest.mark.parametrize("raw", SINGLE)
def test_split_keeps_one_deadline(raw):
    assert split_deadlines(raw) == [raw]


def test_split_nothing():
    assert split_deadlines(None) == []


def test_split_pieces_parse_like_the_gold():
    pieces = split_deadlines(SPLITS[0][0])
    kinds = [parse_deadline(p, 2019).kind for p in pieces]
    assert kinds == ["date", "date", "recurring"]
    assert parse_deadline(pieces[1], 2019).due == date(2019, 9, 15)


D = date
# (phrase, plan year, last year, kind, start, due, frequency)
GENERIC = [
    ("Trước ngày 31/3/2021", 2021, None, "date", None, D(2021, 3, 31), None),
    ("Tháng 6/2021", 2021, None, "date", None, D(2021, 6, 30), None),
    ("Quý 2/2021", 2021, None, "date", None, D(2021, 6, 30), None),
    ("Q3/2021", 2021, None, "date", None, D(2021, 9, 30), None),
    ("6 tháng đầu năm", 2021, None, "date", None, D(2021, 6, 30), None),
    ("6 tháng cuối năm", 2021, None, "date", None, D(2021, 12, 31), None),
    ("Sáu tháng đầu năm 2022", 2021, None, "date", None, D(2022, 6, 30), None),
    ("9 tháng đầu năm", 2021, None, "date", None, D(2021, 9, 30), None),
    ("Hằng năm", 2021, None, "recurring", None, None, "yearly"),
    ("Hàng quý", 2021, None, "recurring", None, None, "quarterly"),
    ("hằng tháng", 2021, None, "recurring", None, None, "monthly"),
    ("Hàng tuần", 2021, None, "recurring", None, None, "weekly"),
    ("Định kỳ 6 tháng", 2021, None, "recurring", None, None, "semiannual"),
    ("Định kỳ", 2021, None, "recurring", None, None, None),
    ("Thường xuyên, báo cáo định kỳ hằng quý", 2021, None, "recurring", None, None, "quarterly"),
    ("Cả năm", 2021, None, "date", None, D(2021, 12, 31), None),
    ("Trong năm", 2021, None, "date", None, D(2021, 12, 31), None),
    ("Năm 2021-2025", 2021, 2025, "date", D(2021, 1, 1), D(2025, 12, 31), None),
    ("Đến hết năm 2022", 2021, None, "date", None, D(2022, 12, 31), None),
    ("Tháng 10 - 12/2021", 2021, None, "date", D(2021, 10, 1), D(2021, 12, 31), None),
    ("Từ tháng 3 đến tháng 6", 2021, None, "date", D(2021, 3, 1), D(2021, 6, 30), None),
    ("Từ năm 2017 đến hết năm 2020", 2017, 2020, "date", D(2017, 1, 1), D(2020, 12, 31), None),
    ("Năm 2018", 2017, None, "date", None, D(2018, 12, 31), None),
    ("2017-2018", 2017, None, "date", D(2017, 1, 1), D(2018, 12, 31), None),
    ("2017 – 2018", 2017, None, "date", D(2017, 1, 1), D(2018, 12, 31), None),
    ("Trong giai đoạn", 2021, 2025, "date", D(2021, 1, 1), D(2025, 12, 31), None),
    ("ngày 30 tháng 6 năm 2021", 2021, None, "date", None, D(2021, 6, 30), None),
    ("Trước 15/9", 2020, None, "date", None, D(2020, 9, 15), None),
    ("31/2", 2021, None, "date", None, D(2021, 2, 28), None),  # clamped, not an error
    ("Quý IV/2016", 2017, None, "date", None, D(2016, 12, 31), None),  # kept as printed
    # tolerance: case, missing or old tone marks, spaces, en dashes, line breaks, dots
    ("QUÝ IV NĂM 2019", 2019, None, "date", None, D(2019, 12, 31), None),
    ("Quy I/2019", 2019, None, "date", None, D(2019, 3, 31), None),
    ("Quí III/2020.", 2020, None, "date", None, D(2020, 9, 30), None),
    ("Qúy  II /  2020", 2020, None, "date", None, D(2020, 6, 30), None),
    ("Quý II – III/2017", 2017, None, "date", D(2017, 4, 1), D(2017, 9, 30), None),
    ("Quý I,\nII/2017", 2017, None, "date", D(2017, 1, 1), D(2017, 6, 30), None),
    ("thuong xuyen", 2019, None, "recurring", None, None, None),
    ("Từ quý II/2021", 2021, None, "recurring", D(2021, 4, 1), None, None),
    ("Khi có yêu cầu", 2021, None, "conditional", None, None, None),
    ("Theo lộ trình của Trung ương", 2021, None, "conditional", None, None, None),
    ("Tháng 13", 2021, None, "none", None, None, None),
    ("-", 2021, None, "none", None, None, None),
    ("", 2021, None, "none", None, None, None),
    (None, 2021, None, "none", None, None, None),
]


@pytest.mark.parametrize(("raw", "year", "last_year", "kind", "start", "due", "frequency"), GENERIC)
def test_generic_phrase(raw, year, last_year, kind, start, due, frequency):
    got = parse_deadline(raw, year, last_year)
    assert (got.kind, got.start, got.due, got.frequency) == (kind, start, due, frequency)


def test_conditional_keeps_a_date_printed_before_the_condition():
    got = parse_deadline("31/12/2019 (Sau khi có nghị định)", 2019)
    assert (got.kind, got.due) == ("conditional", D(2019, 12, 31))


def test_no_year_known():
    assert parse_deadline("Quý I", None).kind == "none"
    assert parse_deadline("Quý I/2019", None).due == D(2019, 3, 31)


# Text made of the pieces deadline phrases are built from, so the parser's
# branches are reached and not only its "nothing found" path.
_WORDS = st.sampled_from(
    ["Quý", "quý", "I", "II", "III", "IV", "tháng", "năm", "Từ", "đến", "trước", "ngày",
     "Thường xuyên", "hằng", "sau khi", "Theo", "giai đoạn", "6 tháng đầu năm", "-", ",",
     ";", "/", "\n", ":", "và", "2019", "2020", "13", "31", "0", "12/2021", "30/2", "Q"]
)  # fmt: skip
_PHRASES = st.lists(_WORDS, max_size=12).map(" ".join) | st.text(max_size=60)


@given(_PHRASES, st.integers(1990, 2040), st.none() | st.integers(1990, 2045))
def test_never_raises_and_ranges_are_ordered(raw, year, last_year):
    got = parse_deadline(raw, year, last_year)
    assert got.kind in ("date", "recurring", "conditional", "none")
    if got.start and got.due:
        assert got.due >= got.start
    if got.kind == "date":
        assert got.due is not None


@given(_PHRASES)
def test_split_never_raises_and_keeps_text(raw):
    pieces = split_deadlines(raw)
    assert pieces
    if len(pieces) == 1:
        assert pieces == [raw]
    else:
        assert all(p and p == p.strip() for p in pieces)
