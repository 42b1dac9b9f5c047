"""Property tests of the pure scoring functions (hypothesis) and the framework formats."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.scoring import engine, frameworks
from cchc.scoring.engine import Band, Interval, ItemSpec, Level, RuleError

# Texts a sheet can hold (no control characters, which .xlsx cannot store).
PRINTABLE = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20)
D = Decimal


def test_cases_from_the_ca_mau_decision():
    """QĐ 1880 Cà Mau, 1.1.4: > 90 % → 2; 70–90 % → 1; < 70 % → 0 (boundaries as written)."""
    spec = frameworks.load_sample(frameworks.SAMPLES / "camau-1880-2013-so.json")
    item = {i.code: i for i in spec.items}["1.1.4"]
    assert engine.points_for(item, "90.01") == 2
    assert engine.points_for(item, 90) == 1
    assert engine.points_for(item, 70) == 1
    assert engine.points_for(item, "69.99") == 0
    levels = {i.code: i for i in spec.items}["1.1.1"]
    assert engine.points_for(levels, points="0,5") == D("0.5")
    with pytest.raises(RuleError):
        engine.points_for(levels, points="0.7")
    pakn = {i.code: i for i in spec.items}["2.2"]
    assert engine.points_for(pakn, not_applicable=True) == 2
    assert engine.points_for(pakn, 50) == 1
    deduction = {i.code: i for i in spec.items}["1.2.3"]
    assert engine.points_for(deduction, points="-0.25") == D("-0.25")
    with pytest.raises(RuleError):
        engine.points_for(deduction, points="0.25")
    with pytest.raises(RuleError):
        engine.points_for({i.code: i for i in spec.items}["3.1"], points=1)


def test_samples_totals_match_their_verified_numbers():
    spec = frameworks.load_sample(frameworks.SAMPLES / "bnv-1150-2019-tinh.json")
    areas = [i for i in spec.items if i.depth == 0 and i.max_self]
    assert sum(a.max_self for a in areas) == 65  # Bình Định 2019: 59.69/65
    assert sum(i.max_points for i in spec.items if i.depth == 0) == 100


@st.composite
def trees(draw):
    """A framework of 1–4 areas, each with 1–4 leaves of random maxima and methods."""
    items = []
    for a in range(1, draw(st.integers(1, 4)) + 1):
        leaves = []
        for n in range(1, draw(st.integers(1, 4)) + 1):
            max_self = draw(st.decimals(min_value=0, max_value=10, places=2))
            method = draw(st.sampled_from(["binary", "proportional", "levels", "bands", "survey"]))
            if method == "survey":
                leaf = ItemSpec(f"{a}.{n}", f"Khảo sát {a}.{n}", D(0), max_self, "survey")
            elif method == "levels":
                leaf = ItemSpec(
                    f"{a}.{n}",
                    f"Mức {a}.{n}",
                    max_self,
                    D(0),
                    "levels",
                    levels=(
                        Level("Đạt", max_self),
                        Level("Một phần", engine.q2(max_self / 2)),
                        Level("Không", D(0)),
                    ),
                    not_applicable_full=draw(st.booleans()),
                )
            elif method == "bands":
                cut = draw(st.decimals(min_value=1, max_value=99, places=1))
                inc = draw(st.booleans())
                leaf = ItemSpec(
                    f"{a}.{n}",
                    f"=Khoảng {a}.{n}",
                    max_self,
                    D(0),
                    "bands",
                    bands=(
                        Interval(D(0), cut, True, not inc, D(0)),
                        Interval(cut, D(100), inc, True, max_self),
                    ),
                )
            else:
                leaf = ItemSpec(
                    f"{a}.{n}",
                    f"+Mục {a}.{n}",
                    max_self,
                    D(0),
                    method,
                    live=draw(st.sampled_from(engine.LIVE_SOURCES)),
                    evidence=draw(PRINTABLE).strip(),
                    guidance="@hướng dẫn",
                )
            leaves.append(leaf)
        items.append(
            ItemSpec(
                str(a),
                f"Lĩnh vực {a}",
                sum((x.max_self for x in leaves), D(0)),
                sum((x.max_survey for x in leaves), D(0)),
            )
        )
        items.extend(leaves)
    if draw(st.booleans()):
        items.append(ItemSpec("9", "Điểm thưởng/trừ", D(2), D(0), "bonus"))
    return tuple(items)


@settings(max_examples=40, deadline=None)
@given(trees(), st.data())
def test_the_index_is_monotone_in_points(items, data):
    leaves = engine.leaves(items)
    base = {
        leaf.code: data.draw(st.decimals(min_value=0, max_value=leaf.max_points, places=2))
        for leaf in leaves
        if leaf.counts_in_max
    }
    leaf = data.draw(st.sampled_from(sorted(base)))
    more = dict(base)
    more[leaf] = data.draw(st.decimals(min_value=base[leaf], max_value=20, places=2))
    low, high = engine.totals(items, base), engine.totals(items, more)
    if low.total.index is not None:
        assert high.total.index >= low.total.index
        assert D(0) <= high.total.index <= D(100)
    for code, node in low.by_item.items():
        if node.index is not None:
            assert high.by_item[code].index >= node.index


@st.composite
def band_sets(draw):
    lowers = sorted(
        draw(st.sets(st.decimals(min_value=D("0.01"), max_value=100, places=2), max_size=5)),
        reverse=True,
    )
    bands = [Band(f"Loại {n}", lo, draw(st.booleans())) for n, lo in enumerate(lowers)]
    return bands + [Band("Yếu", D(0), True)]


@settings(max_examples=80, deadline=None)
@given(band_sets(), st.decimals(min_value=0, max_value=100, places=2))
def test_bands_partition_0_to_100_exactly_as_configured(bands, value):
    engine.check_bands(bands)
    intervals = engine.band_intervals(bands)
    # Contiguous and disjoint: each interval starts where the one above ends, with the
    # boundary belonging to exactly one of them.
    for (_b1, upper), (_b2, lower) in zip(intervals, intervals[1:], strict=False):
        assert lower.hi == upper.lo and lower.hi_inclusive != upper.lo_inclusive
    assert intervals[0][1].hi == 100 and intervals[-1][1].lo == 0
    holders = [band.label for band, interval in intervals if interval.holds(value)]
    assert holders == [engine.classify(value, bands)]
    for band in bands:  # a boundary falls on the side the configuration says
        if band.lower > 0:
            assert (engine.classify(band.lower, bands) == band.label) == band.inclusive
    assert engine.parse_bands(engine.bands_text(bands)) == bands


def test_bands_refuse_a_gap_or_a_disorder():
    with pytest.raises(RuleError):
        engine.check_bands([Band("Tốt", D(90)), Band("Khá", D(80))])  # nothing below 80
    with pytest.raises(RuleError):
        engine.check_bands([Band("Khá", D(80)), Band("Tốt", D(90)), Band("Yếu", D(0))])
    with pytest.raises(RuleError):
        engine.parse_rule("bands", "[0;70)=0 | (70;100]=2")  # 70 itself falls nowhere


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2)), max_size=30)
)
def test_ties_share_a_rank_and_the_next_rank_skips(values):
    ranks = engine.rank(dict(enumerate(values)))
    for i, v in enumerate(values):
        if v is None:
            assert ranks[i] is None
            continue
        assert ranks[i] == 1 + sum(1 for w in values if w is not None and w > v)
        assert all(ranks[j] == ranks[i] for j, w in enumerate(values) if w == v)
    assert engine.rank({"a": D(90), "b": D(80), "c": D(80), "d": D(70)}) == {
        "a": 1,
        "b": 2,
        "c": 2,
        "d": 4,
    }


@settings(max_examples=25, deadline=None)
@given(trees(), band_sets())
def test_a_framework_exported_to_xlsx_and_imported_again_is_identical(items, bands):
    spec = frameworks.FrameworkSpec(
        code="khung-thu",
        name="=Bộ chỉ số thử",
        year=2025,
        unit_kind="commune",
        source="-nguồn",
        verified="",
        bands=tuple(bands),
        items=items,
    )
    assert frameworks.from_xlsx(frameworks.to_xlsx(spec)) == spec


def test_sample_frameworks_round_trip_and_formula_cells_are_neutralised():
    from io import BytesIO

    from openpyxl import load_workbook

    for path in frameworks.samples():
        spec = frameworks.load_sample(path)
        assert spec.source and spec.verified
        data = frameworks.to_xlsx(spec)
        assert frameworks.from_xlsx(data) == spec
    risky = frameworks.FrameworkSpec(
        "k",
        '=HYPERLINK("http://x")',
        2025,
        "department",
        bands=(Band("Yếu", D(0)),),
        items=(ItemSpec("1", "=1+1", D(1), D(0), "binary"),),
    )
    sheet = load_workbook(BytesIO(frameworks.to_xlsx(risky)))["Bộ chỉ số"]
    # the project's one export helper: text with Excel's quote prefix, never a formula
    assert sheet["B2"].value == "=1+1" and sheet["B2"].data_type == "s"
    assert sheet["B2"].quotePrefix
    assert frameworks.from_xlsx(frameworks.to_xlsx(risky)) == risky


@st.composite
def level_items(draw):
    max_self = draw(st.decimals(min_value=D("0.25"), max_value=10, places=2))
    points = draw(
        st.lists(st.decimals(min_value=0, max_value=max_self, places=2), min_size=1, max_size=4)
    )
    levels = tuple(Level(f"Mức {n}", p) for n, p in enumerate(points))
    return ItemSpec("1.1", "Ban hành kế hoạch", max_self, D(0), "levels", levels=levels)


@settings(max_examples=80, deadline=None)
@given(
    level_items(),
    st.decimals(min_value=0, max_value=100, places=2),
    st.decimals(min_value=0, max_value=100, places=2),
)
def test_a_live_rate_on_levels_gives_a_configured_level_monotone_in_the_rate(item, a, b):
    low, high = sorted((a, b))
    allowed = {lv.points for lv in item.levels}
    p_low, p_high = engine.points_for(item, low), engine.points_for(item, high)
    assert p_low in allowed and p_high in allowed
    assert p_low <= p_high <= item.max_self
    assert engine.points_for(item, 100) == max(allowed)
