"""The inspection selection meets every quota, whatever the units, quotas, method and seed
(property test), and draws exactly what a quota asks: ceil(units × percent / 100)."""

from __future__ import annotations

import math
from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.inspections import selection
from cchc.inspections.selection import Unit

KINDS = ("department", "district", "commune", "board")

units_strategy = st.lists(
    st.builds(
        lambda kind, stratum, risk: (kind, stratum, risk),
        st.sampled_from(KINDS),
        st.one_of(st.none(), st.integers(0, 6)),
        st.integers(0, 20),
    ),
    max_size=60,
).map(lambda rows: [Unit(i + 1, k, s, r) for i, (k, s, r) in enumerate(rows)])
quotas_strategy = st.dictionaries(
    st.sampled_from(KINDS),
    st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False),
    min_size=1,
)


@settings(max_examples=300, deadline=None)
@given(
    units=units_strategy,
    quotas=quotas_strategy,
    method=st.sampled_from(selection.METHODS),
    seed=st.integers(0, 2**32 - 1),
)
def test_every_quota_is_met_with_exactly_what_it_asks(units, quotas, method, seed):
    drawn = selection.select(units, quotas, method, seed)
    assert drawn.met
    by_kind = Counter(u.kind for u in units)
    chosen = drawn.chosen
    assert len({u.pk for u in chosen}) == len(chosen)  # nobody twice
    assert {u.pk for u in chosen} <= {u.pk for u in units}
    for row in drawn.rows:
        available = by_kind[row.kind]
        asked = math.ceil(available * row.percent / 100)
        assert row.required == min(available, asked)
        assert len(row.chosen) == row.required
        assert all(u.kind == row.kind for u in row.chosen)
        if available:
            assert row.share >= row.percent  # at least the quota's share of the kind
    assert {r.kind for r in drawn.rows} == set(quotas)
    again = selection.select(list(reversed(units)), quotas, method, seed)
    assert [u.pk for u in again.chosen] == [u.pk for u in chosen]  # the seed decides


@settings(max_examples=200, deadline=None)
@given(units=units_strategy, seed=st.integers(0, 10**6), percent=st.integers(1, 100))
def test_stratified_spreads_over_strata_and_risk_takes_the_riskiest(units, seed, percent):
    quotas = {"commune": Decimal(percent)}
    communes = [u for u in units if u.kind == "commune"]
    spread = selection.select(units, quotas, selection.STRATIFIED, seed).rows[0].chosen
    per_stratum = Counter(u.stratum for u in spread)
    sizes = Counter(u.stratum for u in communes)
    # a stratum gives a second unit only when every stratum that could has given one
    for stratum, size in sizes.items():
        if per_stratum[stratum] == 0 and spread:
            assert max(per_stratum.values()) <= 1
        assert per_stratum[stratum] <= size
    risky = selection.select(units, quotas, selection.RISK, seed).rows[0].chosen
    if risky:
        floor = min(u.risk for u in risky)
        assert all(u.risk <= floor for u in communes if u not in risky)


@pytest.mark.parametrize(
    ("available", "percent", "expected"),
    [(11, 40, 5), (10, 40, 4), (9, 100, 9), (7, "30", 3), (0, 50, 0), (3, 0, 0), (20, "33.33", 7)],
)
def test_the_number_a_quota_asks_is_rounded_up(available, percent, expected):
    assert selection.required(available, percent) == expected


def test_a_quota_outside_0_to_100_and_an_unknown_method_are_refused():
    with pytest.raises(ValueError):
        selection.required(5, 101)
    with pytest.raises(ValueError):
        selection.select([], {"department": 10}, "alphabetical")
