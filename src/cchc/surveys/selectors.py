"""Reading survey results: shares of satisfied answers per question, factor, unit; the overall
index by the questionnaire's rule; per-dossier rating totals; open answers; anonymised rows.

Share satisfied = answers whose scale point is in ``questionnaire.satisfied_values`` ÷ scale
answers × 100. A factor pools the scale answers of its questions. Overall: the mean of the
factor indices (``factor_mean``) or the share over all factor answers (``pooled``); a
questionnaire without factors pools all its scale answers.
"""

from __future__ import annotations

import datetime

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from cchc.surveys.models import (
    Aggregation,
    Answer,
    CriterionScore,
    Question,
    Questionnaire,
    RatingCriterion,
    Response,
)


def responses(questionnaire, start: datetime.date, end: datetime.date, agency_ids=None):
    found = Response.objects.filter(questionnaire=questionnaire, submitted_on__range=(start, end))
    if agency_ids is not None:
        found = found.filter(agency_id__in=agency_ids)
    return found


def _share(satisfied: int, total: int) -> float | None:
    return round(satisfied * 100 / total, 2) if total else None


def results(questionnaire: Questionnaire, found) -> dict:
    satisfied_q = Q(value__in=questionnaire.satisfied_values)
    scale = Answer.objects.filter(response__in=found, question__kind=Question.Kind.SCALE)
    per_question = {
        row["question"]: row
        for row in scale.values("question").annotate(
            n=Count("id"), ok=Count("id", filter=satisfied_q)
        )
    }
    questions = []
    for question in questionnaire.questions.filter(kind=Question.Kind.SCALE).select_related(
        "factor"
    ):
        row = per_question.get(question.pk, {"n": 0, "ok": 0})
        questions.append(
            {"question": question, "n": row["n"], "share": _share(row["ok"], row["n"])}
        )
    factors = []
    for factor in questionnaire.factors.all():
        n = sum(q["n"] for q in questions if q["question"].factor_id == factor.pk)
        ok = sum(
            per_question.get(q["question"].pk, {"ok": 0})["ok"]
            for q in questions
            if q["question"].factor_id == factor.pk
        )
        factors.append({"factor": factor, "n": n, "share": _share(ok, n)})
    overall = _overall(questionnaire, scale, satisfied_q, factors)
    units = [
        {"agency": row["agency__name"], "n": row["n"], "share": _share(row["ok"], row["scale"])}
        for row in found.values("agency__name")
        .annotate(
            n=Count("id", distinct=True),
            scale=Count("answers", filter=Q(answers__question__kind=Question.Kind.SCALE)),
            ok=Count(
                "answers",
                filter=Q(answers__question__kind=Question.Kind.SCALE)
                & Q(answers__value__in=questionnaire.satisfied_values),
            ),
        )
        .order_by("agency__name")
    ]
    months = [
        {"month": row["month"], "n": row["n"], "share": _share(row["ok"], row["scale"])}
        for row in found.annotate(month=TruncMonth("submitted_on"))
        .values("month")
        .annotate(
            n=Count("id", distinct=True),
            scale=Count("answers", filter=Q(answers__question__kind=Question.Kind.SCALE)),
            ok=Count(
                "answers",
                filter=Q(answers__question__kind=Question.Kind.SCALE)
                & Q(answers__value__in=questionnaire.satisfied_values),
            ),
        )
        .order_by("month")
    ]
    ratings = list(
        found.filter(rating_total__isnull=False)
        .values("agency__name")
        .annotate(n=Count("id"), average=Avg("rating_total"))
        .order_by("agency__name")
    )
    per_criterion = {
        row["criterion"]: row
        for row in CriterionScore.objects.filter(response__in=found)
        .values("criterion")
        .annotate(n=Count("id"), average=Avg("points"))
    }
    criteria = (
        [
            {
                "criterion": c,
                "n": per_criterion.get(c.pk, {}).get("n", 0),
                "average": per_criterion.get(c.pk, {}).get("average"),
            }
            for c in RatingCriterion.objects.all()
        ]
        if questionnaire.rates_dossier
        else []
    )
    open_answers = list(
        Answer.objects.filter(response__in=found, question__kind=Question.Kind.TEXT)
        .exclude(text="")
        .values_list("response__submitted_on", "response__agency__name", "text")
        .order_by("-response__submitted_on", "id")
    )
    return {
        "count": found.count(),
        "questions": questions,
        "factors": factors,
        "overall": overall,
        "units": units,
        "months": months,
        "ratings": ratings,
        "criteria": criteria,
        "open_answers": open_answers,
    }


def _overall(questionnaire, scale, satisfied_q, factors) -> float | None:
    if factors and questionnaire.aggregation == Aggregation.FACTOR_MEAN:
        shares = [f["share"] for f in factors if f["share"] is not None]
        return round(sum(shares) / len(shares), 2) if shares else None
    if factors:
        scale = scale.filter(question__factor__isnull=False)
    totals = scale.aggregate(n=Count("id"), ok=Count("id", filter=satisfied_q))
    return _share(totals["ok"], totals["n"])


def anonymised_table(questionnaire: Questionnaire, found) -> list[list]:
    """One row per response, numbered afresh: unit, month, channel, answers, rating points.

    No token, dossier code, person or exact day: nothing that leads back to a respondent.
    """
    questions = list(questionnaire.questions.all())
    criteria = list(RatingCriterion.objects.all()) if questionnaire.rates_dossier else []
    header = [_("No."), _("Unit"), _("Month"), _("Channel")]
    header += [q.code for q in questions] + [f"TC{c.no}" for c in criteria]
    table = [header]
    found = (
        found.select_related("agency")
        .prefetch_related("answers", "scores")
        .order_by("submitted_on", "pk")
    )
    for number, response in enumerate(found, start=1):
        by_question = {
            a.question_id: (a.text if a.value is None else a.value) for a in response.answers.all()
        }
        by_criterion = {s.criterion_id: s.points for s in response.scores.all()}
        table.append(
            [
                number,
                response.agency.name,
                response.submitted_on.strftime("%m/%Y"),
                response.get_channel_display(),
            ]
            + [by_question.get(q.pk, "") for q in questions]
            + [by_criterion.get(c.pk, "") for c in criteria]
        )
    return table


def satisfaction(agency_ids, start: datetime.date, end: datetime.date) -> float | None:
    """The overall satisfaction index (%) of the agencies between two days, for indicators.

    The figure of ``results`` (the one computation the results page shows) for
    the first questionnaire in use, by code, answered for these agencies in the
    period; None when none was.
    """
    for questionnaire in Questionnaire.objects.filter(active=True):
        found = responses(questionnaire, start, end, agency_ids)
        if found.exists():
            return results(questionnaire, found)["overall"]
    return None
