"""Reads of the reform index: what a user may see, and the results of a round.

Results: for each unit, points and maximum, the index (points ÷ maximum × 100) in total,
per area and per criterion, the classification band of the framework, the rank within
the unit's group (ties share a rank, the next rank skips) and last year's index of the
same unit under a framework of the same kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from cchc.accounts import selectors as accounts
from cchc.accounts.models import Role
from cchc.scoring import engine
from cchc.scoring.models import Assessment, Framework, ItemScore, Round


def is_manager(user, obj=None) -> bool:
    return user.has_perm("scoring.manage", obj)


def frameworks(user) -> QuerySet[Framework]:
    if accounts.role(user) == Role.ADMIN:
        return Framework.objects.all()
    province = accounts.province(user)
    return Framework.objects.filter(province=province) if province else Framework.objects.none()


def rounds(user) -> QuerySet[Round]:
    return Round.objects.filter(framework__in=frameworks(user)).select_related("framework")


def assessments_for(user, the_round: Round) -> QuerySet[Assessment]:
    """The office sees every unit; a unit only its own (others once results are out)."""
    found = the_round.assessments.select_related("unit").order_by("group", "unit__name")
    if is_manager(user, the_round) or is_on_council(user, the_round):
        return found
    agency = accounts.agency(user)
    if the_round.state == Round.State.CLOSED and user.has_perm("scoring.view_results", the_round):
        return found
    return found.filter(unit=agency) if agency else found.none()


def is_on_council(user, the_round: Round) -> bool:
    return bool(user.pk) and the_round.council.filter(user_id=user.pk).exists()


COUNCIL_ROLES = (Role.REFORM_OFFICE, Role.LEADER)


def council_candidates(the_round: Round):
    """Who may sit on the round's appraisal council: active officers of the reform office
    and leaders attached to the province or one of its agencies."""
    province = the_round.framework.province_id
    return (
        get_user_model()
        .objects.filter(is_active=True, profile__role__in=COUNCIL_ROLES)
        .filter(Q(profile__agency_id=province) | Q(profile__agency__province_id=province))
        .select_related("profile__agency")
        .order_by("profile__agency__name", "username")
    )


def council(the_round: Round):
    return the_round.council.select_related("user__profile__agency").order_by("user__username")


def votes_by_score(assessment: Assessment, user) -> dict[int, list]:
    """The council's votes on each item of the assessment: for the office only, and not
    for an officer who sits on the council (a member sees only their own vote)."""
    from cchc.scoring.models import CouncilVote

    if not is_manager(user, assessment) or is_on_council(user, assessment.round):
        return {}
    out: dict[int, list] = {}
    for vote in (
        CouncilVote.objects.filter(score__assessment=assessment)
        .select_related("member")
        .order_by("member__username")
    ):
        out.setdefault(vote.score_id, []).append(vote)
    return out


def appraisal_visible(user, assessment: Assessment) -> bool:
    """Appraised points and totals: the office always, the unit once the round is closed.
    While the unit may reply, it sees which items were adjusted and why (not the points)."""
    return is_manager(user, assessment) or assessment.round.state == Round.State.CLOSED


def scores(assessment: Assessment) -> list[ItemScore]:
    return list(
        assessment.scores.select_related("item")
        .prefetch_related("files")
        .order_by("item__position")
    )


@dataclass
class Row:
    assessment: Assessment
    points: Decimal
    maximum: Decimal
    index: Decimal | None
    by_item: dict[str, engine.Totals]
    band: str = ""
    rank: int | None = None
    last_year: Decimal | None = None
    area_index: list[Decimal | None] = field(default_factory=list)  # in ``Results.areas`` order

    @property
    def change(self) -> Decimal | None:
        if self.index is None or self.last_year is None:
            return None
        return self.index - self.last_year


@dataclass
class Results:
    the_round: Round
    areas: list[engine.ItemSpec]
    rows: list[Row] = field(default_factory=list)

    def groups(self) -> list[tuple[str, list[Row]]]:
        out: dict[str, list[Row]] = {}
        for row in self.rows:
            out.setdefault(row.assessment.group, []).append(row)
        return list(out.items())


def _unit_totals(the_round: Round) -> tuple[list[engine.ItemSpec], dict[int, engine.Result]]:
    specs = [i.spec() for i in the_round.framework.items.all()]
    points: dict[int, dict[str, Decimal]] = {}
    for assessment_id, code, final, appraised, own, survey in ItemScore.objects.filter(
        assessment__round=the_round
    ).values_list(
        "assessment_id",
        "item__code",
        "final_points",
        "appraised_points",
        "self_points",
        "survey_points",
    ):
        chosen = final if final is not None else appraised if appraised is not None else own
        points.setdefault(assessment_id, {})[code] = (chosen or Decimal(0)) + (survey or Decimal(0))
    ids = the_round.assessments.values_list("pk", flat=True)
    prepared = engine.prepare(specs)
    return specs, {pk: engine.totals(specs, points.get(pk, {}), prepared) for pk in ids}


# A closed round's results no longer change (the services refuse every score change once
# it is closed): they are kept in the cache, keyed by the moment of closing, for a while
# (a unit renamed or regrouped in the admin shows after at most this many seconds).
CLOSED_RESULTS_SECONDS = 600


def results(the_round: Round) -> Results:
    """The results of the round (see the module's docstring); cached once it is closed."""
    if the_round.state != Round.State.CLOSED or the_round.closed_at is None:
        return _results(the_round)
    key = f"scoring:results:{the_round.pk}:{the_round.closed_at.timestamp()}"
    found = cache.get(key)
    if found is None:
        found = _results(the_round)
        cache.set(key, found, CLOSED_RESULTS_SECONDS)
    found.the_round = the_round
    return found


def _results(the_round: Round) -> Results:
    specs, by_assessment = _unit_totals(the_round)
    bands = the_round.framework.band_list()
    # Areas with a maximum (a bonus/penalty section has none: no index of its own).
    out = Results(the_round, [s for s in specs if s.depth == 0 and s.counts_in_max])
    assessments = list(the_round.assessments.select_related("unit").order_by("group", "unit__name"))
    last = _last_year(the_round, [a.unit_id for a in assessments])
    for assessment in assessments:
        result = by_assessment[assessment.pk]
        out.rows.append(
            Row(
                assessment=assessment,
                points=result.total.points,
                maximum=result.total.maximum,
                index=result.total.index,
                by_item=result.by_item,
                band=engine.classify(result.total.index, bands),
                last_year=last.get(assessment.unit_id),
                area_index=[
                    result.by_item[a.code].index if a.code in result.by_item else None
                    for a in out.areas
                ],
            )
        )
    for _group, rows in out.groups():
        ranks = engine.rank({id(r): r.index for r in rows})
        for r in rows:
            r.rank = ranks[id(r)]
    out.rows.sort(key=lambda r: (r.assessment.group, r.rank or 10**9, r.assessment.unit.name))
    return out


def with_shown(found: Results) -> Results:
    """Each row's figures formatted once as ``row.shown`` (2 decimals, the language's
    separator, "—" for none), for the staff and the public results pages alike: a
    province's hundred rows × a dozen figures through the template's floatformat cost
    more than the results themselves."""
    separator = formats.get_format("DECIMAL_SEPARATOR")

    def two(value) -> str:
        return "—" if value is None else f"{value:.2f}".replace(".", separator)

    for row in found.rows:
        row.shown = {
            "points": two(row.points),
            "maximum": two(row.maximum),
            "index": two(row.index),
            "areas": [two(v) for v in row.area_index],
            "last_year": two(row.last_year),
            "change": two(row.change),
        }
    return found


def _last_year(the_round: Round, unit_ids: list[int]) -> dict[int, Decimal | None]:
    previous = (
        Round.objects.filter(
            framework__province_id=the_round.framework.province_id,
            framework__unit_kind=the_round.framework.unit_kind,
            year=the_round.year - 1,
            state=Round.State.CLOSED,
        )
        .select_related("framework")
        .first()
    )
    if previous is None:
        return {}
    _specs, by_assessment = _unit_totals(previous)
    units = dict(previous.assessments.values_list("pk", "unit_id"))
    return {
        units[pk]: result.total.index
        for pk, result in by_assessment.items()
        if units[pk] in set(unit_ids)
    }


def status_label(assessment: Assessment) -> str:
    return assessment.get_status_display() or _("Draft")
