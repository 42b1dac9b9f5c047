"""Satisfaction surveys as data: questionnaires (versions, factors, questions), one-time links,
responses with their answers, and the per-dossier rating (NĐ 61/2018: 9 criteria × 0–2 points).

The questionnaires and the rating criteria are shipped as package data (``data/*.json``,
loaded by migration 0002) and each records its ``source``; what the methodology notes mark
unverified (the scale, which answers count as satisfied, the aggregation) is a field of the
questionnaire, editable in the admin, never a constant in the code.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Aggregation(models.TextChoices):
    FACTOR_MEAN = "factor_mean", _("Mean of the factor indices")
    POOLED = "pooled", _("Share of all scale answers")


class Questionnaire(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    version = models.CharField(_("version"), max_length=40)
    source = models.TextField(_("source"))
    verified_note = models.TextField(_("what is verified"), blank=True)
    scale_max = models.PositiveSmallIntegerField(_("points of the scale"), default=5)
    scale_labels = models.JSONField(_("labels of the scale points"), default=list, blank=True)
    # The scale answers that count as "satisfied" (e.g. [4, 5]): configurable, unverified.
    satisfied_values = models.JSONField(_("answers counted as satisfied"), default=list)
    aggregation = models.CharField(
        _("overall index"),
        max_length=12,
        choices=Aggregation.choices,
        default=Aggregation.FACTOR_MEAN,
    )
    consent = models.TextField(_("consent text"))
    rates_dossier = models.BooleanField(_("includes the per-dossier rating"), default=False)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class Factor(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="factors"
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=255)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("factor")
        verbose_name_plural = _("factors")
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="surveys_factor_code")
        ]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Scale")
        CHOICE = "choice", _("Choice")
        TEXT = "text", _("Open text")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    factor = models.ForeignKey(
        Factor, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("question"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="surveys_question_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text}"


class RatingCriterion(models.Model):
    """One of the per-dossier criteria (NĐ 61/2018, TT 01/2018 annex), with its levels."""

    no = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.TextField(_("criterion"))
    max_points = models.PositiveSmallIntegerField(_("maximum points"), default=2)
    levels = models.JSONField(_("levels"), default=list, blank=True)  # [{"points", "condition"}]
    verified = models.CharField(_("verified"), max_length=10)  # "yes", "partial", "no"
    source = models.TextField(_("source"))

    class Meta:
        verbose_name = _("dossier rating criterion")
        verbose_name_plural = _("dossier rating criteria")
        ordering = ["no"]

    def __str__(self) -> str:
        return f"{self.no}. {self.name}"


class Kiosk(models.Model):
    """A tablet at a one-stop counter: its secret address opens the kiosk form of ``agency``
    (no sign-in: the address is the credential, like a one-time link; the office can stop it)."""

    token = models.CharField(_("token"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=120)
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("survey kiosk")
        verbose_name_plural = _("survey kiosks")
        ordering = ["agency__name", "name"]

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """A one-time link (printed on the receipt as a QR code, or sent to a sampled respondent)."""

    token = models.CharField(_("token"), max_length=64, unique=True)
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    dossier = models.ForeignKey(
        "onestop.Dossier",
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    used_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey link")
        verbose_name_plural = _("survey links")


class Response(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", _("Online form")
        KIOSK = "kiosk", _("Kiosk at the counter")
        PAPER = "paper", _("Paper form")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="responses"
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    dossier = models.ForeignKey(
        "onestop.Dossier",
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.PROTECT, related_name="response"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    submitted_on = models.DateField(_("date answered"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rating_total = models.PositiveSmallIntegerField(
        _("dossier rating total"), null=True, blank=True
    )
    kiosk = models.ForeignKey(
        "surveys.Kiosk",
        verbose_name=_("kiosk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responses",
    )
    # The kiosk's own id for one answer (a UUID made in the browser): sending it again after
    # the network dropped finds the stored answer instead of storing a second one.
    submission = models.UUIDField(_("submission id"), null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            # One response per dossier and questionnaire, whatever the channel.
            models.UniqueConstraint(
                fields=["questionnaire", "dossier"],
                condition=models.Q(dossier__isnull=False),
                name="surveys_response_once_per_dossier",
            )
        ]
        indexes = [models.Index(fields=["questionnaire", "submitted_on"], name="surveys_resp_day")]


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(null=True, blank=True)  # scale point or choice no.
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="surveys_answer_once")
        ]


class CriterionScore(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RatingCriterion, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "criterion"], name="surveys_score_once")
        ]
