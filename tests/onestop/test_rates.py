"""Rates per agency and period equal hand-computed values on a small dataset."""

from __future__ import annotations

import datetime
from decimal import Decimal

from cchc.accounts.predicates import SYSTEM
from cchc.onestop import selectors, services
from cchc.periods import Period, between

AS_OF = datetime.date(2024, 7, 15)
HEADER = "Mã hồ sơ,Cơ quan,Kênh nộp,Mức độ,Ngày tiếp nhận,Ngày hẹn trả,Ngày trả kết quả,Trả qua bưu chính"
ROWS = [
    # Sở Tư pháp, quarter I: 5 received; finished: 1 early, 2 on time, 1 late; 1 pending overdue.
    "T1,a-stp,Trực tuyến,4,02/01/2024,10/01/2024,08/01/2024,x",  # early, online, post return
    "T2,a-stp,Trực tiếp,,05/01/2024,10/01/2024,10/01/2024,",  # on time
    "T3,a-stp,Bưu chính,,01/02/2024,05/02/2024,05/02/2024,x",  # on time, postal in and out
    "T4,a-stp,Trực tuyến,3,01/03/2024,05/03/2024,07/03/2024,",  # late
    "T5,a-stp,Trực tiếp,,30/03/2024,05/04/2024,,",  # pending, overdue on AS_OF
    # Sở Tư pháp, quarter II: 2 received; 1 finished with no due day (on time), 1 pending in time.
    "T6,a-stp,Trực tiếp,,01/04/2024,,03/04/2024,",
    "T7,a-stp,Trực tuyến,4,10/07/2024,20/07/2024,,",  # quarter III actually: pending in time
    # Sở Nội vụ, quarter I: 1 received, finished late.
    "N1,a-snv,Trực tiếp,,15/01/2024,20/01/2024,25/01/2024,",
]


def load(directory):
    text = "\n".join([HEADER, *ROWS])
    batch = services.import_file(directory["a"], text.encode(), "rates.csv", user=SYSTEM)
    assert batch.rows_bad == 0, batch.errors
    return directory["stp"].pk, directory["snv"].pk


def pct(part, whole):
    return Decimal(100 * part) / Decimal(whole)


def test_rates_for_one_agency_and_quarter(directory):
    stp, _snv = load(directory)
    rates = selectors.rates_for([stp], Period("quarter", datetime.date(2024, 1, 1)), as_of=AS_OF)
    assert {k: rates[k] for k in selectors.COUNT_KEYS} == {
        "received_count": 5,
        "finished_count": 4,
        "early_count": 1,
        "on_time_count": 2,
        "late_count": 1,
        "pending_count": 1,
        "overdue_count": 1,
        "online_count": 2,
        "postal_receipt_count": 1,
        "postal_return_count": 2,
    }
    assert rates["on_time_rate"] == Decimal(75)  # (1 + 2) / 4
    assert rates["early_rate"] == Decimal(25)
    assert rates["late_rate"] == Decimal(25)
    assert rates["online_share"] == Decimal(40)  # 2 / 5
    assert rates["postal_receipt_share"] == Decimal(20)  # 1 / 5
    assert rates["postal_return_share"] == Decimal(50)  # 2 / 4
    assert set(rates) == set(selectors.METRIC_KEYS)


def test_rates_for_a_group_sums_counts_before_dividing(directory):
    stp, snv = load(directory)
    rates = selectors.rates_for(
        [stp, snv], Period("quarter", datetime.date(2024, 1, 1)), as_of=AS_OF
    )
    assert (rates["received_count"], rates["finished_count"], rates["late_count"]) == (6, 5, 2)
    assert rates["on_time_rate"] == pct(3, 5)
    assert rates["online_share"] == pct(2, 6)  # 33.33…, kept unrounded
    assert rates["online_share"] != round(rates["online_share"], 2)
    empty = selectors.rates_for([snv], Period("month", datetime.date(2024, 5, 1)), as_of=AS_OF)
    assert empty["received_count"] == 0 and empty["on_time_rate"] is None


def test_rates_table_all_agencies_and_periods_in_one_query(directory, django_assert_num_queries):
    stp, snv = load(directory)
    with django_assert_num_queries(1):
        table = selectors.rates_table(
            "quarter", datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), as_of=AS_OF
        )
    got = {(r["agency_id"], r["period"].label): r for r in table}
    assert sorted(got) == sorted(
        [(stp, "Quý I/2024"), (stp, "Quý II/2024"), (stp, "Quý III/2024"), (snv, "Quý I/2024")]
    )
    first = got[(stp, "Quý I/2024")]
    assert (first["received_count"], first["on_time_rate"], first["overdue_count"]) == (
        5,
        Decimal(75),
        1,
    )
    second = got[(stp, "Quý II/2024")]
    assert (second["on_time_count"], second["on_time_rate"]) == (1, Decimal(100))
    third = got[(stp, "Quý III/2024")]
    assert (third["pending_count"], third["overdue_count"], third["on_time_rate"]) == (1, 0, None)
    assert got[(snv, "Quý I/2024")]["on_time_rate"] == Decimal(0)

    months = selectors.rates_table(
        "month", datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), [stp], as_of=AS_OF
    )
    assert [(r["period"].start.month, r["received_count"]) for r in months] == [
        (1, 2),
        (2, 1),
        (3, 2),
        (4, 1),
        (7, 1),
    ]
    year = selectors.rates_table(
        "year", datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), as_of=AS_OF
    )
    assert sorted(r["received_count"] for r in year) == [1, 7]


def test_periods():
    quarter = Period.containing("quarter", datetime.date(2024, 11, 20))
    assert (quarter.start, quarter.end, quarter.label) == (
        datetime.date(2024, 10, 1),
        datetime.date(2025, 1, 1),
        "Quý IV/2024",
    )
    assert Period.containing("month", datetime.date(2024, 2, 29)).label == "Tháng 2/2024"
    assert len(between("month", datetime.date(2024, 1, 5), datetime.date(2024, 12, 1))) == 12
