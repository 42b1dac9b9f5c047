"""Reform index pages. Thin: reads through ``selectors``, writes through ``services``
(which check the permissions); reads check with ``require`` as well."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import selectors as accounts
from cchc.plans.forms import DATE_FORMATS
from cchc.scoring import documents, frameworks, selectors, services
from cchc.scoring.models import (
    Assessment,
    CouncilVote,
    EvidenceFile,
    Framework,
    ItemScore,
    Round,
)
from cchc.web.permissions import require


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _date(text: str | None) -> datetime.date:
    """A date typed as every form of the interface takes it (dd/mm/yyyy, or yyyy-mm-dd)."""
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime((text or "").strip(), pattern).date()
        except ValueError:
            continue
    raise ValidationError(_("Dates must be written as dd/mm/yyyy."))


@login_required
def index(request):
    return render(
        request,
        "scoring/index.html",
        {
            "frameworks": selectors.frameworks(request.user).select_related("province"),
            "rounds": selectors.rounds(request.user),
            "samples": [p.name for p in frameworks.samples()],
            "manager": selectors.is_manager(request.user),
            "own": accounts.agency(request.user),
        },
    )


@login_required
@require_POST
def framework_import(request):
    """An XLSX in the published layout, or one of the shipped samples (by file name)."""
    province = accounts.province(request.user)
    if province is None:
        raise Http404
    try:
        if request.FILES.get("file"):
            upload = request.FILES["file"]
            spec = frameworks.from_xlsx(upload.read(), upload.name)
        else:
            by_name = {p.name: p for p in frameworks.samples()}
            if request.POST.get("sample") not in by_name:
                raise ValidationError(_("Choose an .xlsx file or a sample framework."))
            spec = frameworks.load_sample(by_name[request.POST["sample"]])
        framework = services.save_framework(spec, province, request.user)
    except frameworks.FrameworkError as exc:
        for line in exc.errors:
            messages.error(request, line)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Framework %(name)s saved.") % {"name": framework.name})
    return redirect("scoring:index")


@login_required
def framework_export(request, pk: int):
    framework = get_object_or_404(selectors.frameworks(request.user), pk=pk)
    response = HttpResponse(
        frameworks.to_xlsx(services.spec_of(framework)), content_type=frameworks.CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{framework.code}.xlsx"'
    return response


@login_required
@require_POST
def round_create(request, pk: int):
    framework = get_object_or_404(Framework, pk=pk)
    try:
        the_round = services.open_round(
            framework,
            int(request.POST.get("year") or framework.year),
            _date(request.POST.get("opens")),
            _date(request.POST.get("closes")),
            _date(request.POST.get("cutoff")),
            request.user,
            plan_deadline=_date(request.POST["plan_deadline"])
            if request.POST.get("plan_deadline")
            else None,
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("scoring:index")
    return redirect("scoring:round", pk=the_round.pk)


def _round(request, pk: int) -> Round:
    the_round = get_object_or_404(Round.objects.select_related("framework__province"), pk=pk)
    if not selectors.is_manager(request.user, the_round) and (
        accounts.province(request.user) is None
        or accounts.province(request.user).pk != the_round.province_id
    ):
        raise Http404
    return the_round


@login_required
def round_detail(request, pk: int):
    the_round = _round(request, pk)
    manager = selectors.is_manager(request.user, the_round)
    show_council = manager or selectors.is_on_council(request.user, the_round)
    return render(
        request,
        "scoring/round.html",
        {
            "round": the_round,
            "assessments": selectors.assessments_for(request.user, the_round),
            "manager": manager,
            "council": selectors.council(the_round) if show_council else [],
            "candidates": selectors.council_candidates(the_round) if manager else [],
        },
    )


@login_required
@require_POST
def round_council(request, pk: int):
    """The office names the round's appraisal council (``members``: user ids)."""
    the_round = get_object_or_404(Round.objects.select_related("framework"), pk=pk)
    ids = [value for value in request.POST.getlist("members") if value.isdigit()]
    try:
        services.set_council(
            the_round, request.user, list(get_user_model().objects.filter(pk__in=ids))
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The appraisal council was saved."))
    return redirect("scoring:round", pk=pk)


@login_required
@require_POST
def round_state(request, pk: int):
    the_round = get_object_or_404(Round.objects.select_related("framework"), pk=pk)
    try:
        if request.POST.get("action") == "appraisal":
            services.start_appraisal(the_round, request.user)
        elif request.POST.get("action") == "close":
            services.close_round(the_round, request.user)
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("scoring:round", pk=pk)


@login_required
def assessment(request, pk: int):
    found = get_object_or_404(Assessment.objects.select_related("round__framework", "unit"), pk=pk)
    require(request.user, "scoring.view_assessment", found)
    scores = selectors.scores(found)
    manager = selectors.is_manager(request.user, found)
    voter = request.user.has_perm("scoring.vote", found)
    votes = selectors.votes_by_score(found, request.user)
    mine = (
        {
            v.score_id: v
            for v in CouncilVote.objects.filter(score__assessment=found, member=request.user)
        }
        if voter
        else {}
    )
    for score in scores:
        score.council_votes = votes.get(score.pk, [])
        score.council_suggestion = services.council_suggestion(score, score.council_votes)
        score.my_vote = mine.get(score.pk)
        score.live_rate = None
        if score.item.live and score.item.method == "survey":
            if manager and found.round.state != Round.State.CLOSED:
                score.survey_suggestion, figure = services.survey_suggestion(score)
                score.live_now = figure.computation if figure else ""
        elif score.item.live and found.round.state == Round.State.SELF:
            figure = services.live_figure(score)
            score.live_now = figure.computation if figure else ""
            score.live_rate = figure.rate if figure else None
    return render(
        request,
        "scoring/assessment.html",
        {
            "assessment": found,
            "scores": scores,
            "manager": manager,
            "member": request.user.has_perm("scoring.edit_assessment", found),
            "voter": voter,
            "appraisal_visible": selectors.appraisal_visible(request.user, found),
        },
    )


def _score(pk: int) -> ItemScore:
    return get_object_or_404(
        ItemScore.objects.select_related("item", "assessment__round__framework"), pk=pk
    )


@login_required
@require_POST
def score_save(request, pk: int):
    score = _score(pk)
    try:
        services.save_score(
            score,
            request.user,
            points=request.POST.get("points") or None,
            value=request.POST.get("value") or None,
            not_applicable=bool(request.POST.get("not_applicable")),
            explanation=request.POST.get("explanation", ""),
            links=request.POST.get("links", ""),
            files=request.FILES.getlist("files"),
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Item %(code)s saved.") % {"code": score.item.code})
    return redirect("scoring:assessment", pk=score.assessment_id)


@login_required
@require_POST
def score_appraise(request, pk: int):
    """The office on one item: ``action`` = appraise | decide | survey."""
    score = _score(pk)
    points = request.POST.get("points") or None
    reason = request.POST.get("reason", "")
    try:
        action = request.POST.get("action")
        if action == "appraise":
            services.appraise(score, request.user, points, reason)
        elif action == "decide":
            services.decide(score, request.user, points, reason)
        elif action == "survey":
            services.set_survey_points(score, request.user, points)
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("scoring:assessment", pk=score.assessment_id)


@login_required
@require_POST
def score_vote(request, pk: int):
    """A council member's vote on one item: empty points accept, else points and reason."""
    score = _score(pk)
    try:
        services.vote(
            score,
            request.user,
            request.POST.get("points") or None,
            request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request, _("Your vote on item %(code)s saved.") % {"code": score.item.code}
        )
    return redirect("scoring:assessment", pk=score.assessment_id)


@login_required
@require_POST
def assessment_action(request, pk: int):
    """``action`` = submit (the unit) | send_back (the office) | reply (the unit, once)."""
    found = get_object_or_404(Assessment.objects.select_related("round__framework"), pk=pk)
    try:
        action = request.POST.get("action")
        if action == "submit":
            services.submit(found, request.user)
        elif action == "send_back":
            services.send_back(found, request.user)
        elif action == "reply":
            replies = {
                key.removeprefix("reply-"): value
                for key, value in request.POST.items()
                if key.startswith("reply-") and key.removeprefix("reply-").isdigit()
            }
            services.reply(found, request.user, replies)
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("scoring:assessment", pk=pk)


@login_required
def results(request, pk: int):
    the_round = _round(request, pk)
    require(
        request.user, "scoring.view_results", the_round, _("The results are not published yet.")
    )
    found = selectors.with_shown(selectors.results(the_round))
    return render(request, "scoring/results.html", {"round": the_round, "results": found})


@login_required
def results_file(request, pk: int, fmt: str):
    the_round = _round(request, pk)
    require(
        request.user, "scoring.view_results", the_round, _("The results are not published yet.")
    )
    found = selectors.results(the_round)
    if fmt == "docx":
        data, kind = documents.render_docx(found), documents.DOCX_TYPE
    elif fmt == "xlsx":
        data, kind = documents.render_xlsx(found), documents.XLSX_TYPE
    else:
        raise Http404
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="chi-so-cchc-{the_round.year}.{fmt}"'
    return response


@login_required
def evidence(request, pk: int):
    """An evidence file, to those who may read its assessment, always as a download."""
    found = get_object_or_404(
        EvidenceFile.objects.select_related("score__assessment__round__framework"), pk=pk
    )
    require(request.user, "scoring.view_assessment", found.score.assessment)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=found.name, content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
