"""Reporting regimes: each seed plan's sentence read with its due dates, other
wordings, a silent plan (the default), multi-year cycles, and any text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.extraction.fields.reporting import (
    DEFAULT_DUE_DAY,
    ReportingRegime,
    cycles,
    default_regime,
    read_reporting_regime,
)

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def _paragraphs(name: str) -> list[str]:
    """A seed plan as the list of its lines (a plain-text seed's paragraphs)."""
    return (SEEDS / name).read_text(encoding="utf-8").splitlines()


def _dues(regime: ReportingRegime) -> list[tuple[str, date]]:
    return [(p.kind, p.due) for p in regime.periods]


def _read(*texts: str, year: int = 2021) -> ReportingRegime:
    return read_reporting_regime(list(texts), year)


# ---------------------------------------------------------------------------
# The five seed plans


def test_da_nang_2019_is_silent_so_the_default_applies():
    # Đà Nẵng only says "Thông tin tình hình, tiến độ thực hiện các nhiệm vụ được
    # giao cho Sở Nội vụ theo định kỳ và đột xuất": no period, no due day.
    regime = read_reporting_regime(_paragraphs("000_b5be9f9a98c5ad41.txt"), 2019)
    assert regime.is_default
    assert regime.source_text is None
    assert _dues(regime) == [
        ("q1", date(2019, 3, 15)),
        ("h1", date(2019, 6, 15)),
        ("q3", date(2019, 9, 15)),
        ("year", date(2019, 12, 15)),
    ]
    assert not any(p.due_from_text for p in regime.periods)


def test_ha_noi_2019():
    # "... gửi báo cáo quý I, 6 tháng, 9 tháng và năm về UBND Thành phố (qua Sở
    # Nội vụ để tổng hợp). Báo cáo quý I, 6 tháng, 9 tháng: gửi trước ngày mùng
    # 05 của tháng cuối kỳ báo cáo; báo cáo năm gửi trước ngày **10/11/2019**."
    regime = read_reporting_regime(_paragraphs("001_b2df6c4f106955d6.txt"), 2019)
    assert not regime.is_default
    assert _dues(regime) == [
        ("q1", date(2019, 3, 5)),
        ("h1", date(2019, 6, 5)),
        ("m9", date(2019, 9, 5)),
        ("year", date(2019, 11, 10)),
    ]
    assert all(p.due_from_text for p in regime.periods)
    assert "mùng 05 của tháng cuối kỳ" in regime.source_text
    assert "10/11/2019" in regime.source_text
    # 9 tháng is cumulative; the annual report keeps its calendar range even
    # though it is due on 10 November.
    nine = regime.periods[2]
    assert (nine.start, nine.end, nine.label_vi) == (
        date(2019, 1, 1),
        date(2019, 9, 30),
        "9 tháng năm 2019",
    )
    year = regime.periods[3]
    assert (year.start, year.end, year.label_vi) == (
        date(2019, 1, 1),
        date(2019, 12, 31),
        "Năm 2019",
    )


def test_quang_nam_2016_2020():
    # Page 9 of the scanned program: "d) Thực hiện nghiêm quy định chế độ báo cáo.
    # Định kỳ hàng quý (trước ngày 15 của tháng cuối quý) và báo cáo năm trước
    # ngày 15 tháng 12, ..." — the annual report stands for quý IV.
    regime = read_reporting_regime(_paragraphs("002_a2a41dcf411dc71f.txt"), 2016)
    assert not regime.is_default
    assert regime.source_text.startswith("Định kỳ hàng quý (trước ngày 15 của tháng cuối quý)")
    assert _dues(regime) == [
        ("q1", date(2016, 3, 15)),
        ("q2", date(2016, 6, 15)),
        ("q3", date(2016, 9, 15)),
        ("year", date(2016, 12, 15)),
    ]
    assert all(p.due_from_text for p in regime.periods)
    # The program runs 2016–2020: the same four reports every year.
    every_year = cycles(regime, range(2016, 2021))
    assert len(every_year) == 20
    assert [p.due for p in every_year if p.kind == "year"] == [
        date(y, 12, 15) for y in range(2016, 2021)
    ]
    assert every_year[-1].label_vi == "Năm 2020"
    assert every_year[4].label_vi == "Quý I/2017"


def test_dong_nai_2020_names_periods_but_no_due_day():
    # "Định kỳ quý I, 6 tháng, 9 tháng, hàng năm hoặc đột xuất báo cáo kết quả
    # thực hiện cải cách hành chính gửi về Sở Nội vụ tổng hợp, ..." — periods
    # from the text, due days from the default (15th of the last month).
    regime = read_reporting_regime(_paragraphs("003_16cc758dd13550d1.txt"), 2020)
    assert not regime.is_default
    assert regime.source_text.startswith("Định kỳ quý I, 6 tháng, 9 tháng, hàng năm")
    assert _dues(regime) == [
        ("q1", date(2020, 3, 15)),
        ("h1", date(2020, 6, 15)),
        ("m9", date(2020, 9, 15)),
        ("year", date(2020, 12, 15)),
    ]
    assert not any(p.due_from_text for p in regime.periods)


def test_can_tho_2017():
    # "c) Tổng hợp, báo cáo định kỳ (quý I, 6 tháng, quý III và tổng kết năm) và
    # các báo cáo đột xuất ..." (later also "hằng quý, 6 tháng, năm", the same
    # four reports). No due day: the default.
    regime = read_reporting_regime(_paragraphs("004_8812cb5c7dd48dac.txt"), 2017)
    assert not regime.is_default
    assert "quý I, 6 tháng, quý III và tổng kết năm" in regime.source_text
    assert _dues(regime) == [
        ("q1", date(2017, 3, 15)),
        ("h1", date(2017, 6, 15)),
        ("q3", date(2017, 9, 15)),
        ("year", date(2017, 12, 15)),
    ]
    q3 = regime.periods[2]
    assert (q3.start, q3.end) == (date(2017, 7, 1), date(2017, 9, 30))


# ---------------------------------------------------------------------------
# Other wordings


def test_every_quarter_with_a_rule_in_brackets():
    regime = _read("Định kỳ hằng quý (trước ngày 15 của tháng cuối quý), 6 tháng, năm.")
    assert _dues(regime) == [
        ("q1", date(2021, 3, 15)),
        ("h1", date(2021, 6, 15)),
        ("q3", date(2021, 9, 15)),
        ("year", date(2021, 12, 15)),
    ]
    assert all(p.due_from_text for p in regime.periods)


def test_first_month_of_the_next_quarter():
    regime = _read(
        "Các cơ quan gửi báo cáo quý, 6 tháng và năm trước ngày 20 của tháng đầu của quý tiếp theo."
    )
    assert _dues(regime) == [
        ("q1", date(2021, 4, 20)),
        ("h1", date(2021, 7, 20)),
        ("q3", date(2021, 10, 20)),
        ("year", date(2022, 1, 20)),
    ]


def test_absolute_dates_and_next_year():
    regime = _read(
        "Báo cáo 6 tháng đầu năm gửi trước ngày 20/6; "
        "báo cáo năm gửi chậm nhất ngày 15 tháng 01 năm sau."
    )
    assert _dues(regime) == [("h1", date(2021, 6, 20)), ("year", date(2022, 1, 15))]


def test_absolute_date_in_words_with_a_year():
    regime = _read("Báo cáo tổng kết năm 2021 gửi trước ngày 30 tháng 11 năm 2021.", year=2021)
    assert _dues(regime) == [("year", date(2021, 11, 30))]
    assert regime.periods[0].due_from_text


def test_monthly_reports():
    regime = _read("Các xã báo cáo hằng tháng trước ngày 20 hằng tháng về UBND huyện.", year=2022)
    assert [p.kind for p in regime.periods] == ["month"] * 12
    assert regime.periods[0].label_vi == "Tháng 1/2022"
    assert [p.due for p in regime.periods] == [date(2022, m, 20) for m in range(1, 13)]


def test_without_tone_marks():
    regime = _read("Bao cao quy I, 6 thang, 9 thang: gui truoc ngay 05 cua thang cuoi ky bao cao.")
    assert _dues(regime) == [
        ("q1", date(2021, 3, 5)),
        ("h1", date(2021, 6, 5)),
        ("m9", date(2021, 9, 5)),
    ]


def test_explicit_quarter_list_and_separate_annual_rule():
    regime = _read(
        "Báo cáo quý I, II và III gửi trước ngày 10 của tháng cuối quý; "
        "báo cáo năm gửi trước ngày 15/12."
    )
    assert _dues(regime) == [
        ("q1", date(2021, 3, 10)),
        ("q2", date(2021, 6, 10)),
        ("q3", date(2021, 9, 10)),
        ("year", date(2021, 12, 15)),
    ]


def test_every_quarter_without_half_year_keeps_all_four_quarters():
    regime = _read("Định kỳ báo cáo hằng quý và đột xuất; trước ngày 25 của tháng cuối quý.")
    assert _dues(regime) == [(f"q{n}", date(2021, 3 * n, 25)) for n in range(1, 5)]


def test_second_half_year():
    regime = _read("Báo cáo 6 tháng đầu năm và 6 tháng cuối năm gửi Sở Nội vụ.")
    assert [(p.kind, p.start, p.end) for p in regime.periods] == [
        ("h1", date(2021, 1, 1), date(2021, 6, 30)),
        ("h2", date(2021, 7, 1), date(2021, 12, 31)),
    ]


def test_due_rule_in_the_next_paragraph():
    regime = _read(
        "Định kỳ báo cáo quý I, 6 tháng, 9 tháng và năm về Sở Nội vụ.",
        "",
        "Thời hạn gửi báo cáo: trước ngày 10 của tháng cuối kỳ.",
    )
    assert _dues(regime) == [
        ("q1", date(2021, 3, 10)),
        ("h1", date(2021, 6, 10)),
        ("m9", date(2021, 9, 10)),
        ("year", date(2021, 12, 10)),
    ]
    assert "Thời hạn gửi báo cáo" in regime.source_text


def test_a_day_past_the_month_end_is_clamped():
    regime = _read("Báo cáo quý I và quý II gửi trước ngày 31 của tháng cuối quý.")
    assert _dues(regime) == [("q1", date(2021, 3, 31)), ("q2", date(2021, 6, 30))]


def test_an_impossible_date_falls_back_to_the_default_day():
    regime = _read("Báo cáo 6 tháng và năm gửi trước ngày 31/02.")
    assert _dues(regime) == [
        ("h1", date(2021, 6, DEFAULT_DUE_DAY)),
        ("year", date(2021, 12, DEFAULT_DUE_DAY)),
    ]
    assert not any(p.due_from_text for p in regime.periods)


def test_the_clearest_paragraph_wins():
    regime = _read(
        "Các cơ quan báo cáo hằng quý, 6 tháng, năm.",
        "Báo cáo quý I, 6 tháng, 9 tháng: gửi trước ngày 05 của tháng cuối kỳ; "
        "báo cáo năm gửi trước ngày 10/11.",
    )
    assert _dues(regime)[-1] == ("year", date(2021, 11, 10))


# ---------------------------------------------------------------------------
# Silent plans: task deadlines and other dates are not a regime


@pytest.mark.parametrize(
    "texts",
    [
        [],
        [""],
        ["Thông tin tình hình cho Sở Nội vụ theo định kỳ và đột xuất."],
        # Task-table rows: a quarter with its year is a deadline.
        ["Báo cáo kết quả rà soát TTHC năm 2017\t\t\tQuý IV/2017"],
        ["1\tBáo cáo định kỳ hàng năm về tình hình tự chủ\tBáo cáo\tSở Tài chính\tQuý II/2019"],
        ["Báo cáo\tSở Nội vụ\tQuý I, II/2019"],
        # A plan due date, not a report.
        ["Gửi kế hoạch về Sở Nội vụ trước ngày 26 tháng 02 năm 2017 để tổng hợp."],
        ["Thường xuyên (6 tháng sau khi sắp xếp lại tổ chức, bộ máy)"],
        # Quarters far from any report word.
        ["Sửa đổi Quy chế phối hợp một cửa liên thông Quý III Ban Xúc tiến Quý IV"],
        ["Thực hiện theo quy định, báo cáo theo quy chế của tỉnh."],
    ],
)
def test_silent_plans_get_the_default(texts):
    regime = read_reporting_regime(texts, 2020)
    assert regime == default_regime(2020)
    assert regime.is_default


def test_default_regime_with_another_due_day():
    regime = default_regime(2024, due_day=10)
    assert _dues(regime) == [
        ("q1", date(2024, 3, 10)),
        ("h1", date(2024, 6, 10)),
        ("q3", date(2024, 9, 10)),
        ("year", date(2024, 12, 10)),
    ]
    assert [p.label_vi for p in regime.periods] == [
        "Quý I/2024",
        "6 tháng đầu năm 2024",
        "Quý III/2024",
        "Năm 2024",
    ]


def test_cycles_move_fixed_dates_and_clamp_29_february():
    regime = _read("Báo cáo 6 tháng gửi trước ngày 29/02; báo cáo năm trước ngày 10/11.", year=2024)
    assert _dues(regime) == [("h1", date(2024, 2, 29)), ("year", date(2024, 11, 10))]
    moved = cycles(regime, [2025])
    assert [(p.kind, p.due, p.label_vi) for p in moved] == [
        ("h1", date(2025, 2, 28), "6 tháng đầu năm 2025"),
        ("year", date(2025, 11, 10), "Năm 2025"),
    ]


# ---------------------------------------------------------------------------
# Any text

_FRAGMENTS = [
    "báo cáo",
    "Báo cáo",
    "định kỳ",
    "quý I",
    "quý II",
    "quý IV/2019",
    "hằng quý",
    "6 tháng",
    "6 tháng cuối năm",
    "9 tháng",
    "năm",
    "hằng năm",
    "hằng tháng",
    "đột xuất",
    "trước ngày",
    "ngày 05",
    "mùng 31",
    "của tháng cuối kỳ",
    "tháng đầu quý sau",
    "10/11",
    "31/02",
    "15 tháng 12",
    "năm sau",
    "99/99/2099",
    ",",
    ";",
    ".",
    "(",
    ")",
    ":",
    " ",
    "\t",
]


@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(
        st.one_of(
            st.text(max_size=80),
            st.lists(st.sampled_from(_FRAGMENTS), max_size=25).map(" ".join),
        ),
        max_size=5,
    ),
    year=st.integers(min_value=1900, max_value=2100),
)
def test_never_raises_on_any_text(texts, year):
    regime = read_reporting_regime(texts, year)
    assert regime.periods
    assert regime.is_default == (regime.source_text is None)
    for period in regime.periods:
        assert period.start <= period.end
        assert period.start.year == year
        assert period.label_vi
    assert [p.due for p in regime.periods] == sorted(p.due for p in regime.periods)
    assert len(cycles(regime, [year, year + 1])) == 2 * len(regime.periods)
