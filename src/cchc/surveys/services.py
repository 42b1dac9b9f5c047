"""Writing survey data: one-time links, an answer from a link, a paper form typed in by staff.

Every write checks its rule here (``require``), so pages, the admin and commands pass the
same one. An answer is stored once per link and once per dossier: the link row is locked
while the answer is written, and a unique constraint backs it up.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.predicates import recorded, require
from cchc.onestop.models import Dossier
from cchc.surveys.models import Answer, CriterionScore, Invitation, Kiosk, Question, Response


def already_answered() -> str:
    return _("This survey has already been answered. Thank you; each dossier is rated only once.")


def invite(user, questionnaire, agency, dossier: Dossier | None = None) -> Invitation:
    """A one-time link for a respondent of ``agency`` (for a dossier, when it rates one)."""
    require(user, "surveys.enter_responses", agency)
    if dossier is not None and dossier.agency_id != agency.pk:
        raise ValidationError(_("The dossier does not belong to this unit."))
    return Invitation.objects.create(
        token=secrets.token_urlsafe(24), questionnaire=questionnaire, agency=agency, dossier=dossier
    )


def invite_dossiers(user, questionnaire, dossiers) -> dict[int, Invitation]:
    """One link per dossier (the dossier's existing link for ``questionnaire`` is kept):
    {dossier id: link}. Every dossier's unit must be the user's to write."""
    from cchc.agencies.models import Agency

    dossiers = list(dossiers)
    for agency in Agency.objects.filter(pk__in={d.agency_id for d in dossiers}):
        require(user, "surveys.enter_responses", agency)
    with transaction.atomic():
        links = {
            i.dossier_id: i
            for i in Invitation.objects.filter(
                questionnaire=questionnaire, dossier_id__in=[d.pk for d in dossiers]
            )
        }
        new = [
            Invitation(
                token=secrets.token_urlsafe(24),
                questionnaire=questionnaire,
                agency_id=d.agency_id,
                dossier=d,
            )
            for d in dossiers
            if d.pk not in links
        ]
        Invitation.objects.bulk_create(new)
        links.update({i.dossier_id: i for i in new})
    return links


def _store(response: Response, answers: dict, scores: dict) -> Response:
    rows = []
    for question, value in answers.items():
        if question.kind == Question.Kind.TEXT:
            rows.append(Answer(response=response, question=question, text=str(value).strip()))
        else:
            rows.append(Answer(response=response, question=question, value=int(value)))
    Answer.objects.bulk_create(rows)
    CriterionScore.objects.bulk_create(
        CriterionScore(response=response, criterion=c, points=p) for c, p in scores.items()
    )
    if scores:
        response.rating_total = sum(scores.values())
        response.save(update_fields=["rating_total"])
    return response


def answer(token: str, answers: dict, scores: dict) -> Response:
    """The answer sent through the link ``token``; a second one is refused (ValidationError)."""
    try:
        with transaction.atomic():
            invitation = Invitation.objects.select_for_update().filter(token=token).first()
            if invitation is None:
                raise ValidationError(_("This survey link is not valid."))
            if invitation.used_at is not None:
                raise ValidationError(already_answered())
            invitation.used_at = timezone.now()
            invitation.save(update_fields=["used_at"])
            response = Response.objects.create(
                questionnaire=invitation.questionnaire,
                agency=invitation.agency,
                dossier=invitation.dossier,
                invitation=invitation,
                channel=Response.Channel.WEB,
                submitted_on=timezone.localdate(),
            )
            return _store(response, answers, scores)
    except IntegrityError as exc:  # the same dossier answered by another link at the same time
        raise ValidationError(already_answered()) from exc


def enter_paper(
    user, questionnaire, agency, submitted_on, answers: dict, scores: dict, dossier_code: str = ""
) -> Response:
    """A paper form typed in by staff; refused when its dossier already has a response."""
    require(user, "surveys.enter_responses", agency)
    dossier = None
    if dossier_code:
        dossier = Dossier.objects.filter(agency=agency, code=dossier_code.strip()).first()
        if dossier is None:
            raise ValidationError(
                _("Dossier %(code)s of %(unit)s is not in the one-stop records.")
                % {"code": dossier_code, "unit": agency}
            )
    try:
        with transaction.atomic():
            response = Response.objects.create(
                questionnaire=questionnaire,
                agency=agency,
                dossier=dossier,
                channel=Response.Channel.PAPER,
                submitted_on=submitted_on,
                entered_by=recorded(user),
            )
            return _store(response, answers, scores)
    except IntegrityError as exc:
        raise ValidationError(already_answered()) from exc


def dossier_link(user, questionnaire, agency, dossier_code: str) -> Invitation:
    """The link of dossier ``dossier_code`` of ``agency`` for its receipt (its QR code): the
    dossier's existing link for ``questionnaire``, or a new one."""
    require(user, "surveys.enter_responses", agency)
    dossier = Dossier.objects.filter(agency=agency, code=dossier_code.strip()).first()
    if dossier is None:
        raise ValidationError(
            _("Dossier %(code)s of %(unit)s is not in the one-stop records.")
            % {"code": dossier_code, "unit": agency}
        )
    return invite_dossiers(user, questionnaire, [dossier])[dossier.pk]


def open_kiosk(user, questionnaire, agency, name: str) -> Kiosk:
    """A kiosk address for a tablet at the counter of ``agency``."""
    require(user, "surveys.enter_responses", agency)
    return Kiosk.objects.create(
        token=secrets.token_urlsafe(24),
        name=name.strip() or str(agency),
        questionnaire=questionnaire,
        agency=agency,
        created_by=recorded(user),
    )


def close_kiosk(user, kiosk: Kiosk) -> None:
    """Stop a kiosk address (a lost tablet): its page and its sends are refused from now on."""
    require(user, "surveys.enter_responses", kiosk.agency)
    kiosk.active = False
    kiosk.save(update_fields=["active"])


def kiosk_dossier(kiosk: Kiosk, code: str) -> Dossier | None:
    """The dossier named ``code`` at a kiosk: one of the kiosk's province (a public
    administration centre receives for every department); None when no code is given."""
    code = (code or "").strip()
    if not code:
        return None
    from cchc.agencies.selectors import in_province

    province = kiosk.agency.root
    dossier = (
        Dossier.objects.filter(code=code, agency__in=in_province(province))
        .order_by("-received")
        .first()
    )
    if dossier is None:
        raise ValidationError(
            _("Dossier code %(code)s is not in the one-stop records. Check the receipt.")
            % {"code": code}
        )
    return dossier


def kiosk_answer(
    kiosk: Kiosk, submission, answers: dict, scores: dict, dossier_code: str = ""
) -> tuple[Response, bool]:
    """An answer sent by a kiosk: ``(response, stored now)``.

    ``submission`` is the kiosk's id of this answer: sent again (the network dropped
    before the kiosk heard back), it returns the response stored the first time and
    ``False``. A second answer for a dossier that already has one is refused
    (ValidationError), whichever channel brought the first.
    """
    if not kiosk.active:
        raise ValidationError(_("This kiosk is no longer in use."))
    found = Response.objects.filter(submission=submission).first()
    if found is not None:
        return found, False
    dossier = kiosk_dossier(kiosk, dossier_code)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                questionnaire=kiosk.questionnaire,
                agency=dossier.agency if dossier else kiosk.agency,
                dossier=dossier,
                kiosk=kiosk,
                submission=submission,
                channel=Response.Channel.KIOSK,
                submitted_on=timezone.localdate(),
            )
            return _store(response, answers, scores), True
    except IntegrityError as exc:
        found = Response.objects.filter(submission=submission).first()
        if found is not None:  # the same answer, sent twice at once
            return found, False
        raise ValidationError(already_answered()) from exc


def over_rate_limit(ip: str, limit: int | None = None, window: int = 60) -> bool:
    """Count a public POST from ``ip``; True once it sent more than ``limit`` in ``window`` s.

    ``limit`` defaults to the setting ``CCHC_SURVEY_POSTS_PER_MINUTE`` (20): raise it where
    many respondents share one address (a kiosk network, a carrier's NAT).

    Counts in Django's cache, which settings keep in the database so that every server
    process counts the same address together.
    """
    if limit is None:
        limit = getattr(settings, "CCHC_SURVEY_POSTS_PER_MINUTE", 20)
    key = f"surveys:post:{ip}"
    if cache.add(key, 1, window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        return False
    return count > limit
