"""Names under different head organisations (HĐND, UBND, Tỉnh ủy, …) are never matched."""

from __future__ import annotations

import pytest
from tests.web.factories import unit

from cchc.agencies import selectors
from cchc.agencies.models import Kind

DIFFERENT = [
    ("Văn phòng HĐND thành phố", "Văn phòng Ủy ban nhân dân thành phố"),
    ("Văn phòng HĐND thành phố", "VP UBND"),
    ("Văn phòng Tỉnh ủy", "Văn phòng UBND tỉnh"),
    ("Ủy ban MTTQ Việt Nam tỉnh", "Ủy ban nhân dân tỉnh"),
    ("Ban Pháp chế HĐND tỉnh", "Ban Tuyên giáo Tỉnh ủy"),
    ("Tòa án nhân dân tỉnh", "Viện kiểm sát nhân dân tỉnh"),
]
SAME = [
    ("VP UBND thành phố", "Văn phòng Ủy ban nhân dân thành phố"),
    ("Văn phòng Đoàn ĐBQH và HĐND tỉnh", "Văn phòng HĐND tỉnh"),
    ("Thành ủy", "Ban Thường vụ Thành ủy"),
]


@pytest.mark.parametrize(("name", "other"), DIFFERENT)
def test_names_under_different_heads_differ(name, other):
    assert selectors.other_head(selectors.heads(name), selectors.heads(other))
    assert selectors.other_head(selectors.heads(other), selectors.heads(name))


@pytest.mark.parametrize(("name", "other"), SAME)
def test_names_under_one_head_may_match(name, other):
    assert not selectors.other_head(selectors.heads(name), selectors.heads(other))


def test_a_name_without_head_may_be_anyones():
    assert selectors.heads("Sở Nội vụ") == frozenset()
    assert not selectors.other_head(frozenset(), selectors.heads("Văn phòng HĐND tỉnh"))


def test_council_office_is_never_suggested_as_committee_office(directory):
    a = directory["a"]
    vp = unit("a-vp", "Văn phòng Ủy ban nhân dân tỉnh A", Kind.OFFICE, a, short_name="VP UBND")
    council = unit("a-vphdnd", "Văn phòng Hội đồng nhân dân tỉnh A", Kind.OFFICE, a)
    matcher = selectors.Matcher(a)
    found = matcher.suggest("Văn phòng HĐND thành phố")
    assert vp not in [s.agency for s in found]
    assert found[0].agency == council
    # An office of the Party committee has no entry in this directory: nothing under
    # the People's Committee (its office, its departments) is offered for it.
    party = matcher.suggest("Văn phòng Tỉnh ủy")
    assert all(s.agency is None for s in party), [s.label for s in party]
    # Nor a group of the committee's units ("Sở, ban, ngành").
    assert "Sở, ban, ngành" not in [s.label for s in party]
    # The committee's office is still found under its own name and its short name.
    assert matcher.suggest("VP UBND tỉnh")[0].agency == vp
    assert matcher.auto("Văn phòng UBND tỉnh A").agency == vp
