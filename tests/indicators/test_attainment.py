"""The attainment rule (cchc.indicators.attainment): worked cases and properties."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.indicators import attainment
from cchc.indicators.attainment import AT_RISK, MET, MISSED, NO_DATA, ON_TRACK, status

START = datetime.date(2025, 1, 1)
DUE = datetime.date(2025, 12, 31)
MID = datetime.date(2025, 7, 2)  # 182 of 364 days: exactly half the window


def d(text: str) -> Decimal:
    return Decimal(text)


@pytest.mark.parametrize(
    ("value", "comparator", "target", "day", "expected"),
    [
        (None, ">=", "95", MID, NO_DATA),
        ("90", ">=", None, MID, NO_DATA),
        ("95", ">=", "95", MID, MET),
        ("95", ">", "95", MID, ON_TRACK),  # not yet above, but past the half-way bar
        ("95.000001", ">", "95", MID, MET),
        ("47.5", ">=", "95", MID, ON_TRACK),  # exactly on the straight line
        ("47.4", ">=", "95", MID, AT_RISK),
        ("10", ">=", "95", START, ON_TRACK),  # nothing has elapsed yet
        ("94.99", ">=", "95", DUE, AT_RISK),  # the due day itself is still in time
        ("94.99", ">=", "95", DUE + datetime.timedelta(days=1), MISSED),
        ("96", ">=", "95", DUE + datetime.timedelta(days=100), MET),
        ("5", "<=", "5", MID, MET),  # "giảm xuống còn 5%"
        ("10", "<=", "5", MID, ON_TRACK),  # 10 × ½ ≤ 5
        ("10.1", "<=", "5", MID, AT_RISK),
        ("6", "<=", "5", DUE + datetime.timedelta(days=1), MISSED),
        ("4.99", "<", "5", MID, MET),
        ("5", "<", "5", DUE + datetime.timedelta(days=1), MISSED),
        ("100", "", "100", MID, MET),  # a blank comparator reads as ≥ ("đạt 100%")
        ("100", "=", "100", MID, MET),
        ("50", ">=", "95", MID, ON_TRACK),
    ],
)
def test_worked_cases(value, comparator, target, day, expected):
    got = status(
        d(value) if value else None, comparator, d(target) if target else None, START, DUE, day
    )
    assert got == expected


def test_without_a_window_an_unmet_target_is_on_track_until_due():
    assert status(d("10"), ">=", d("95"), None, None, MID) == ON_TRACK
    assert status(d("10"), ">=", d("95"), None, DUE, DUE + datetime.timedelta(days=1)) == MISSED


def test_worst_status():
    assert attainment.worst([MET, ON_TRACK, AT_RISK]) == AT_RISK
    assert attainment.worst([MET, MISSED, ON_TRACK]) == MISSED
    assert attainment.worst([]) == NO_DATA


values = st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False)
days = st.dates(min_value=datetime.date(2024, 6, 1), max_value=datetime.date(2026, 6, 1))
comparators = st.sampled_from([">=", ">", "<=", "<", ""])


@given(values, values, comparators, days)
def test_met_exactly_when_the_comparison_holds(value, target, comparator, day):
    got = status(value, comparator, target, START, DUE, day)
    assert (got == MET) == attainment.satisfies(value, comparator, target)


@given(values, values, comparators, days)
def test_after_the_due_day_only_met_or_missed(value, target, comparator, day):
    got = status(value, comparator, target, START, DUE, day)
    if day > DUE:
        assert got in (MET, MISSED)
    else:
        assert got != MISSED


@given(values, values, values, st.sampled_from([">=", ">"]), days)
def test_a_higher_value_is_never_worse_when_higher_is_better(a, b, target, comparator, day):
    low, high = sorted([a, b])
    rank = attainment.ORDER.index
    assert rank(status(high, comparator, target, START, DUE, day)) <= rank(
        status(low, comparator, target, START, DUE, day)
    )


@given(values, values, values, st.sampled_from(["<=", "<"]), days)
def test_a_lower_value_is_never_worse_when_lower_is_better(a, b, target, comparator, day):
    low, high = sorted([a, b])
    rank = attainment.ORDER.index
    assert rank(status(low, comparator, target, START, DUE, day)) <= rank(
        status(high, comparator, target, START, DUE, day)
    )


@given(values, values, comparators, days, days)
def test_time_passing_never_improves_a_value(value, target, comparator, one, two):
    early, late = sorted([one, two])
    rank = attainment.ORDER.index
    assert rank(status(value, comparator, target, START, DUE, late)) >= rank(
        status(value, comparator, target, START, DUE, early)
    )
