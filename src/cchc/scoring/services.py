"""Writes of the reform index, each checking its permission with ``require``.

Frameworks: saved from a :class:`~cchc.scoring.frameworks.FrameworkSpec` (JSON sample or
XLSX) in one transaction. Rounds: opened for every unit of the framework's kind in its
province. Self-assessment: saved per item by the unit; the unit (its leader or focal
point) submits. Appraisal: the reform office accepts or adjusts each item with a reason,
sends the assessment back; the unit replies once before the deadline; the office takes
the final decision; closing the round publishes the results.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.predicates import recorded, require
from cchc.agencies.models import Agency, Kind
from cchc.agencies.selectors import in_province
from cchc.scoring import engine, live
from cchc.scoring.engine import RuleError
from cchc.scoring.frameworks import FrameworkSpec
from cchc.scoring.models import (
    Assessment,
    CouncilMember,
    CouncilVote,
    EvidenceFile,
    Framework,
    Item,
    ItemScore,
    Round,
    UnitKind,
)

# Which agencies a framework of each kind assesses, and the ranking group of each.
KINDS = {
    UnitKind.DEPARTMENT: (Kind.DEPARTMENT, Kind.BOARD, Kind.OFFICE),
    UnitKind.COMMUNE: (Kind.COMMUNE,),
    UnitKind.PROVINCE: (Kind.PROVINCE,),
}


def group_of(unit: Agency, unit_kind: str) -> str:
    """The ranking group of a unit: departments, boards and offices together; wards apart
    from communes and special zones (the unit's own name says which it is). The office
    may change a unit's group afterwards (admin)."""
    if unit_kind == UnitKind.COMMUNE:
        return _("Wards") if "phường" in unit.name.lower() else _("Communes and special zones")
    return str(UnitKind(unit_kind).label)


def _manage(user, obj, message=None):
    require(user, "scoring.manage", obj, message or _("Only the reform office may do this."))


# --- frameworks -----------------------------------------------------------------------------


@transaction.atomic
def save_framework(spec: FrameworkSpec, province: Agency, user) -> Framework:
    """Create (or replace, while no round uses it) the framework ``spec`` for ``province``."""
    _manage(user, province)
    existing = Framework.objects.filter(province=province, code=spec.code, year=spec.year).first()
    if existing is not None:
        if existing.rounds.exists():
            raise ValidationError(
                _(
                    "Framework %(code)s (%(year)s) is already used by a round; import it under a new code."
                )
                % {"code": spec.code, "year": spec.year}
            )
        existing.items.all().delete()
        framework = existing
    else:
        framework = Framework(province=province, code=spec.code, year=spec.year)
    framework.name = spec.name
    framework.unit_kind = spec.unit_kind
    framework.source = spec.source
    framework.verified = spec.verified
    framework.bands = engine.bands_text(list(spec.bands))
    framework.save()
    Item.objects.bulk_create(
        Item(
            framework=framework,
            position=n,
            code=i.code,
            name=i.name,
            max_self=i.max_self,
            max_survey=i.max_survey,
            method=i.method,
            rule=i.rule_text(),
            not_applicable_full=i.not_applicable_full,
            live=i.live,
            evidence=i.evidence,
            guidance=i.guidance,
        )
        for n, i in enumerate(spec.items)
    )
    return framework


def spec_of(framework: Framework) -> FrameworkSpec:
    return FrameworkSpec(
        code=framework.code,
        name=framework.name,
        year=framework.year,
        unit_kind=framework.unit_kind,
        source=framework.source,
        verified=framework.verified,
        bands=tuple(framework.band_list()),
        items=tuple(i.spec() for i in framework.items.all()),
    )


# --- rounds ---------------------------------------------------------------------------------


@transaction.atomic
def open_round(
    framework: Framework,
    year: int,
    opens: datetime.date,
    closes: datetime.date,
    cutoff: datetime.date,
    user,
    reply_days: int = 5,
    plan_deadline: datetime.date | None = None,
) -> Round:
    """Open the framework for ``year``: one assessment per active unit of its kind, one
    score row per leaf item."""
    _manage(user, framework)
    if closes < opens:
        raise ValidationError(_("The self-assessment cannot close before it opens."))
    if Round.objects.filter(framework=framework, year=year).exists():
        raise ValidationError(_("A round of this framework for this year already exists."))
    the_round = Round.objects.create(
        framework=framework,
        year=year,
        opens=opens,
        closes=closes,
        cutoff=cutoff,
        reply_days=reply_days,
        plan_deadline=plan_deadline,
    )
    units = (
        in_province(framework.province)
        .filter(kind__in=KINDS[framework.unit_kind], active=True)
        .exclude(valid_to__lt=datetime.date(year, 12, 31))
        .exclude(valid_from__gt=datetime.date(year, 12, 31))
    )
    leaf_codes = _leaf_codes(framework)
    items = [i for i in framework.items.all() if i.code in leaf_codes]
    for unit in units.order_by("name"):
        assessment = Assessment.objects.create(
            round=the_round, unit=unit, group=group_of(unit, framework.unit_kind)
        )
        ItemScore.objects.bulk_create(ItemScore(assessment=assessment, item=i) for i in items)
    return the_round


def _leaf_codes(framework: Framework) -> set[str]:
    return {s.code for s in engine.leaves(i.spec() for i in framework.items.all())}


def _self_assessment_open(assessment: Assessment, day: datetime.date | None = None) -> None:
    day = day or timezone.localdate()
    the_round = assessment.round
    if the_round.state != Round.State.SELF or not the_round.opens <= day <= the_round.closes:
        raise ValidationError(_("The self-assessment window is not open."))
    if assessment.status != Assessment.Status.DRAFT:
        raise ValidationError(_("This assessment has been submitted and can no longer change."))


# --- self-assessment ------------------------------------------------------------------------


def live_figure(score: ItemScore) -> live.Figure | None:
    assessment = score.assessment
    the_round = assessment.round
    return live.figure(
        score.item.live,
        assessment.unit,
        the_round.year,
        the_round.cutoff,
        deadline=the_round.plan_deadline,
    )


@transaction.atomic
def save_score(
    score: ItemScore,
    user,
    *,
    points=None,
    value=None,
    not_applicable: bool = False,
    explanation: str = "",
    links: str = "",
    files=(),
    day: datetime.date | None = None,
) -> ItemScore:
    """Save one item of the unit's self-assessment (nothing else is touched).

    A live item takes its rate from the platform (the value and points sent are ignored)
    and stores the computation; only when the platform has nothing to count does the
    unit's own value count. An item saved without evidence (no file, no link, no live figure)
    needs an explanation.
    """
    score = (
        ItemScore.objects.select_for_update()
        .select_related("item", "assessment__round", "assessment__unit")
        .get(pk=score.pk)
    )
    require(
        user,
        "scoring.edit_assessment",
        score.assessment,
        _("Only the unit's focal point or leader may score its assessment."),
    )
    _self_assessment_open(score.assessment, day)
    spec = score.item.spec()
    if spec.method == "survey":
        raise ValidationError(_("Survey items are not scored by the unit."))
    figure = live_figure(score) if spec.live else None
    if figure is not None and figure.rate is not None:
        value, points = figure.rate, None
    try:
        computed = engine.points_for(spec, value, not_applicable=not_applicable, points=points)
    except RuleError as exc:
        raise ValidationError(
            _("Item %(code)s: the value %(value)s is not allowed by its scoring method.")
            % {"code": spec.code, "value": exc}
        ) from exc
    has_files = bool(files) or score.files.exists()
    counted = figure is not None and figure.rate is not None
    if not (has_files or links.strip() or counted) and not explanation.strip():
        raise ValidationError(
            _("Item %(code)s: explain how it was scored, since it has no evidence.")
            % {"code": spec.code}
        )
    score.value = None if value is None or not_applicable else engine.dec(value)
    score.not_applicable = not_applicable
    score.self_points = computed
    score.explanation = explanation.strip()
    score.links = links.strip()
    score.computation = figure.computation if figure else ""
    score.save()
    for upload in files:
        EvidenceFile.objects.create(
            score=score, file=upload, name=upload.name, uploaded_by=recorded(user)
        )
    return score


@transaction.atomic
def submit(assessment: Assessment, user, day: datetime.date | None = None) -> Assessment:
    assessment = (
        Assessment.objects.select_for_update().select_related("round").get(pk=assessment.pk)
    )
    require(
        user,
        "scoring.edit_assessment",
        assessment,
        _("Only the unit's focal point or leader may submit its assessment."),
    )
    _self_assessment_open(assessment, day)
    missing = [
        s.item.code
        for s in assessment.scores.select_related("item")
        if s.item.method != "survey"
        and s.self_points is None
        and s.item.method not in ("deduction", "bonus")
    ]
    if missing:
        raise ValidationError(
            _("Items not scored yet: %(codes)s.") % {"codes": ", ".join(sorted(missing))}
        )
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = recorded(user)
    assessment.save()
    return assessment


# --- appraisal ------------------------------------------------------------------------------


@transaction.atomic
def start_appraisal(the_round: Round, user) -> Round:
    """End the self-assessment: units can no longer change their scores."""
    _manage(user, the_round)
    if the_round.state != Round.State.SELF:
        raise ValidationError(_("The self-assessment of this round has already ended."))
    the_round.state = Round.State.APPRAISAL
    the_round.save()
    return the_round


def _appraising(score: ItemScore, user) -> None:
    _manage(user, score.assessment)
    if score.assessment.round.state != Round.State.APPRAISAL:
        raise ValidationError(_("The round is not in appraisal."))


@transaction.atomic
def appraise(score: ItemScore, user, points=None, reason: str = "") -> ItemScore:
    """Accept (``points`` None) or adjust one item; an adjustment needs a reason."""
    score = (
        ItemScore.objects.select_for_update()
        .select_related("item", "assessment__round__framework")
        .get(pk=score.pk)
    )
    _appraising(score, user)
    if score.assessment.status not in (Assessment.Status.SUBMITTED, Assessment.Status.DRAFT):
        raise ValidationError(_("This assessment has already been sent back to the unit."))
    if points is None:
        score.appraised_points = score.self_points
        score.appraisal_reason = reason.strip()
    else:
        _check_points(score, points)
        if not reason.strip() and engine.dec(points) != score.self_points:
            raise ValidationError(_("Give the reason for adjusting the score."))
        score.appraised_points = engine.dec(points)
        score.appraisal_reason = reason.strip()
    score.save()
    return score


def _check_points(score: ItemScore, points) -> None:
    spec = score.item.spec()
    try:
        pts = engine.dec(points)
    except RuleError as exc:
        raise ValidationError(_("Points must be a number.")) from exc
    low = -spec.max_self if spec.method in ("deduction", "bonus") else Decimal(0)
    high = Decimal(0) if spec.method == "deduction" else spec.max_self
    if not low <= pts <= high:
        raise ValidationError(
            _("Item %(code)s: points must lie between %(low)s and %(high)s.")
            % {"code": spec.code, "low": engine.fmt(low), "high": engine.fmt(high)}
        )


def survey_suggestion(score: ItemScore) -> tuple[Decimal | None, live.Figure | None]:
    """Survey points from live survey results: rate % × survey maximum, and the figure."""
    if not score.item.live:
        return None, None
    figure = live_figure(score)
    if figure is None or figure.rate is None:
        return None, figure
    return engine.q2(figure.rate * score.item.max_survey / engine.HUNDRED), figure


@transaction.atomic
def set_survey_points(score: ItemScore, user, points=None) -> ItemScore:
    """The survey points of one item; without ``points``, those of the live survey
    results (rate × survey maximum), with their computation kept."""
    score = ItemScore.objects.select_related(
        "item", "assessment__round__framework", "assessment__unit"
    ).get(pk=score.pk)
    _manage(user, score.assessment)
    spec = score.item.spec()
    if points is None or str(points).strip() == "":
        suggested, figure = survey_suggestion(score)
        if suggested is None:
            raise ValidationError(_("Enter the survey points: there are no survey results."))
        points = suggested
        score.computation = figure.computation
    try:
        pts = engine.dec(points)
    except RuleError as exc:
        raise ValidationError(_("Points must be a number.")) from exc
    if not Decimal(0) <= pts <= spec.max_survey:
        raise ValidationError(
            _("Item %(code)s: survey points must lie between 0 and %(high)s.")
            % {"code": spec.code, "high": engine.fmt(spec.max_survey)}
        )
    score.survey_points = pts
    score.save()
    return score


@transaction.atomic
def send_back(assessment: Assessment, user, day: datetime.date | None = None) -> Assessment:
    """Send the appraisal to the unit: items not appraised are accepted; the unit may
    reply until the deadline."""
    assessment = (
        Assessment.objects.select_for_update()
        .select_related("round__framework")
        .get(pk=assessment.pk)
    )
    _manage(user, assessment)
    if assessment.round.state != Round.State.APPRAISAL:
        raise ValidationError(_("The round is not in appraisal."))
    for score in assessment.scores.filter(appraised_points__isnull=True):
        score.appraised_points = score.self_points
        score.save()
    assessment.status = Assessment.Status.SENT_BACK
    assessment.reply_deadline = (day or timezone.localdate()) + datetime.timedelta(
        days=assessment.round.reply_days
    )
    assessment.save()
    return assessment


@transaction.atomic
def reply(
    assessment: Assessment, user, replies: dict[int, str], day: datetime.date | None = None
) -> Assessment:
    """The unit's one reply (giải trình): a text per adjusted item, before the deadline."""
    assessment = (
        Assessment.objects.select_for_update().select_related("round").get(pk=assessment.pk)
    )
    require(
        user,
        "scoring.edit_assessment",
        assessment,
        _("Only the unit's focal point or leader may reply to the appraisal."),
    )
    day = day or timezone.localdate()
    if assessment.status != Assessment.Status.SENT_BACK:
        raise ValidationError(_("There is nothing to reply to, or the unit has replied already."))
    if assessment.reply_deadline and day > assessment.reply_deadline:
        raise ValidationError(_("The deadline for replying has passed."))
    texts = {int(k): v.strip() for k, v in replies.items() if v and v.strip()}
    if not texts:
        raise ValidationError(_("Write the reply for at least one item."))
    scores = {s.pk: s for s in assessment.scores.all()}
    for pk, text in texts.items():
        if pk not in scores:
            raise ValidationError(_("Unknown item."))
        scores[pk].reply = text
        scores[pk].save()
    assessment.status = Assessment.Status.REPLIED
    assessment.replied_at = timezone.now()
    assessment.save()
    return assessment


# --- appraisal council -------------------------------------------------------------------


@transaction.atomic
def set_council(the_round: Round, user, members) -> list[CouncilMember]:
    """Name the round's appraisal council: officers of the reform office or leaders of the
    province's departments. Members dropped keep their votes (history)."""
    from cchc.scoring.selectors import council_candidates

    _manage(user, the_round)
    if the_round.state == Round.State.CLOSED:
        raise ValidationError(_("The round is already closed."))
    eligible = set(council_candidates(the_round).values_list("pk", flat=True))
    for member in members:
        if member.pk not in eligible:
            raise ValidationError(
                _("A council member must be a reform officer or a leader of the province.")
            )
    keep = {m.pk for m in members}
    the_round.council.exclude(user_id__in=keep).delete()
    for member in members:
        CouncilMember.objects.get_or_create(round=the_round, user=member)
    return list(the_round.council.all())


@transaction.atomic
def vote(score: ItemScore, user, points=None, reason: str = "") -> CouncilVote:
    """A council member's proposal on one item: accept (``points`` None) or adjust with a
    reason. Each member has one vote per item and may change only their own; a leader
    never votes on their own unit's assessment."""
    score = ItemScore.objects.select_related("item", "assessment__round__framework").get(
        pk=score.pk
    )
    require(user, "scoring.vote", score, _("Only a member of the appraisal council may vote."))
    if score.assessment.round.state != Round.State.APPRAISAL:
        raise ValidationError(_("The round is not in appraisal."))
    if points is not None:
        _check_points(score, points)
        points = engine.dec(points)
        if not reason.strip() and points != score.self_points:
            raise ValidationError(_("Give the reason for adjusting the score."))
    the_vote, _created = CouncilVote.objects.get_or_create(score=score, member=user)
    the_vote.points = points
    the_vote.reason = reason.strip()
    the_vote.save()
    return the_vote


def council_votes(score: ItemScore, user) -> list[CouncilVote]:
    """The members' votes on an item, for the office only (units never see them, a member
    of the council only their own, on the assessment page)."""
    from cchc.scoring.selectors import is_on_council

    _manage(user, score.assessment)
    if is_on_council(user, score.assessment.round):
        raise PermissionDenied(_("A member of the council sees only their own vote."))
    return list(score.votes.select_related("member").order_by("member__username"))


def council_suggestion(score: ItemScore, votes=None) -> Decimal | None:
    """The median of the votes (an accepting vote counts as the self-assessed points)."""
    values = sorted(
        v.points if v.points is not None else (score.self_points or Decimal(0))
        for v in (score.votes.all() if votes is None else votes)
    )
    if not values:
        return None
    mid = len(values) // 2
    if len(values) % 2:
        return values[mid]
    return (values[mid - 1] + values[mid]) / 2


@transaction.atomic
def decide(score: ItemScore, user, points=None, reason: str = "") -> ItemScore:
    """The final decision on one item (after the reply, or when none came)."""
    score = (
        ItemScore.objects.select_for_update()
        .select_related("item", "assessment__round__framework")
        .get(pk=score.pk)
    )
    _appraising(score, user)
    if score.assessment.status not in (Assessment.Status.SENT_BACK, Assessment.Status.REPLIED):
        raise ValidationError(_("Send the appraisal to the unit first."))
    if points is None:
        score.final_points = score.appraised_points
    else:
        _check_points(score, points)
        if not reason.strip():
            raise ValidationError(_("Give the reason for the final decision."))
        score.final_points = engine.dec(points)
    score.final_reason = reason.strip()
    suggestion = council_suggestion(score)
    score.followed_council = None if suggestion is None else score.final_points == suggestion
    score.save()
    return score


@transaction.atomic
def close_round(the_round: Round, user) -> Round:
    """Publish: every item without a final decision keeps its appraised points."""
    _manage(user, the_round)
    if the_round.state == Round.State.CLOSED:
        raise ValidationError(_("The round is already closed."))
    for assessment in the_round.assessments.all():
        for score in assessment.scores.filter(final_points__isnull=True):
            score.final_points = (
                score.appraised_points if score.appraised_points is not None else score.self_points
            )
            score.save()
        assessment.status = Assessment.Status.FINAL
        assessment.save()
    the_round.state = Round.State.CLOSED
    the_round.closed_at = timezone.now()
    the_round.save()
    return the_round
