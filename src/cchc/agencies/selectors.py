"""Reads of the directory: units of a province, group members, fuzzy matching."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from rapidfuzz import fuzz, process

from cchc.agencies.models import Agency, AgencyGroup
from cchc.extraction.vocabulary import agency_key

# A suggestion at or above this score (0–100) is taken without asking on import.
AUTO_MATCH_SCORE = 95


def in_province(province: Agency) -> QuerySet[Agency]:
    """The province's own unit and every unit under it."""
    return Agency.objects.filter(Q(pk=province.pk) | Q(province=province))


def valid_on(queryset: QuerySet[Agency], day: datetime.date) -> QuerySet[Agency]:
    return queryset.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
    )


def group_members(
    group: AgencyGroup, province: Agency, day: datetime.date | None = None
) -> QuerySet[Agency]:
    """The active units of the group's kinds in ``province`` (valid on ``day`` if given)."""
    members = in_province(province).filter(kind__in=group.kinds, active=True)
    return valid_on(members, day) if day else members


def provinces() -> QuerySet[Agency]:
    return Agency.objects.filter(province__isnull=True).order_by("name")


def tree(province: Agency) -> list[tuple[int, Agency]]:
    """(depth, unit) pairs of a province in tree order, for display and export."""
    units = list(in_province(province).order_by("name"))
    children: dict[int | None, list[Agency]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    out: list[tuple[int, Agency]] = []

    def walk(unit: Agency, depth: int) -> None:
        out.append((depth, unit))
        for child in children.get(unit.pk, []):
            walk(child, depth + 1)

    walk(province, 0)
    return out


def normalize(name: str) -> str:
    """Lower-case, NFC, abbreviations written out, old tone marks, no punctuation or 'các'
    (the extraction's vocabulary: one place for the words both read)."""
    return agency_key(name)


# The head organisations of the political system. Two names under different heads are
# never the same agency, however alike they read: "Văn phòng HĐND thành phố" is not
# "Văn phòng UBND thành phố", "Văn phòng Tỉnh ủy" is not "Văn phòng UBND tỉnh".
_HEADS = [
    ("party", re.compile(r"\b(?:tỉnh|thành|huyện|quận|thị|đảng) ủy\b(?! ban)|\bban thường vụ\b")),
    ("front", re.compile(r"\bmặt trận tổ quốc\b")),
    ("assembly", re.compile(r"\bđại biểu quốc hội\b")),
    ("council", re.compile(r"\bhội đồng nhân dân\b")),
    ("committee", re.compile(r"\bủy ban nhân dân\b")),
    ("court", re.compile(r"\btòa án\b")),
    ("procuracy", re.compile(r"\bviện kiểm sát\b")),
]
# Units of these kinds hang under the People's Committee even when their name does not
# say so ("Sở Nội vụ", "Ban Dân tộc"); central agencies and others may belong elsewhere.
_UNDER_COMMITTEE = {
    "province",
    "department",
    "board",
    "public_service",
    "district",
    "commune",
    "subunit",
}


def heads(name: str) -> frozenset[str]:
    """The head organisations a name states ("council", "committee", "party", …)."""
    text = normalize(name)
    return frozenset(head for head, pattern in _HEADS if pattern.search(text))


def _unit_heads(unit: Agency) -> frozenset[str]:
    stated = heads(unit.name)
    if not stated and unit.kind in _UNDER_COMMITTEE:
        return frozenset({"committee"})
    return stated


def other_head(name_heads: frozenset[str], entry_heads: frozenset[str]) -> bool:
    """Whether a name and a directory entry belong to different head organisations.

    Only when both state a head and no head is shared ("Văn phòng Đoàn ĐBQH và
    HĐND" and "Văn phòng HĐND" share one): a name that states none may be anyone's.
    """
    return bool(name_heads and entry_heads and not name_heads & entry_heads)


@dataclass(frozen=True)
class Suggestion:
    """A directory entry that may be what a plan's agency mention means."""

    agency: Agency | None
    group: AgencyGroup | None
    score: float
    matched_on: str

    @property
    def label(self) -> str:
        return str(self.agency or self.group)

    @property
    def value(self) -> str:
        """The form value that selects this suggestion: ``a:<id>`` or ``g:<id>``."""
        return f"a:{self.agency.pk}" if self.agency else f"g:{self.group.pk}"


class Matcher:
    """Fuzzy matching of agency names against one province's directory and the groups.

    Every name, short name and alias is a candidate; each entry appears once with
    its best score (rapidfuzz token-sort ratio on normalised names), best first.
    An entry under another head organisation than the name states (see
    :func:`other_head`) is never suggested.
    Build one per request or import and reuse it: it reads the directory once.
    """

    def __init__(self, province: Agency | None = None):
        units = in_province(province) if province else Agency.objects.all()
        self._entries: list[tuple[Agency | None, AgencyGroup | None, str]] = []
        self._heads: list[frozenset[str]] = []
        for unit in units.filter(active=True):
            unit_heads = _unit_heads(unit)
            for label in [unit.name, unit.short_name, *unit.alias_list()]:
                if label:
                    self._entries.append((unit, None, label))
                    self._heads.append(unit_heads)
        for group in AgencyGroup.objects.all():
            group_heads = heads(group.name)
            if (
                not group_heads
                and group.kinds
                and set(group.kinds) <= _UNDER_COMMITTEE | {"office"}
            ):
                group_heads = frozenset({"committee"})  # "Sở, ban, ngành", "Đơn vị sự nghiệp"
            for label in [group.name, *group.alias_list()]:
                self._entries.append((None, group, label))
                self._heads.append(group_heads)
        self._keys = [normalize(label) for _unit, _group, label in self._entries]

    def suggest(self, name: str, limit: int = 5) -> list[Suggestion]:
        if not self._keys or not name.strip():
            return []
        name_heads = heads(name)
        choices = {
            index: key
            for index, key in enumerate(self._keys)
            if not other_head(name_heads, self._heads[index])
        }
        found = process.extract(
            normalize(name), choices, scorer=fuzz.token_sort_ratio, limit=limit * 4
        )
        best: dict[tuple[str, int], Suggestion] = {}
        for _key, score, index in found:
            unit, group, label = self._entries[index]
            key = ("a", unit.pk) if unit else ("g", group.pk)
            if key not in best or best[key].score < score:
                best[key] = Suggestion(unit, group, score, label)
        return sorted(best.values(), key=lambda s: -s.score)[:limit]

    def auto(self, name: str) -> Suggestion | None:
        """The one suggestion certain enough to map ``name`` without a reviewer, if any."""
        suggestions = self.suggest(name, limit=2)
        if not suggestions or suggestions[0].score < AUTO_MATCH_SCORE:
            return None
        if len(suggestions) > 1 and suggestions[1].score >= AUTO_MATCH_SCORE:
            return None  # two entries equally good: a person must choose
        return suggestions[0]


def match_agency(name: str, province: Agency | None = None, limit: int = 5) -> list[Suggestion]:
    """The best directory entries for ``name`` (see :class:`Matcher`)."""
    return Matcher(province).suggest(name, limit)
