"""The reform index (Chỉ số CCHC): frameworks, assessment rounds, self-assessment and appraisal.

A :class:`Framework` (one year, one kind of unit, one province) holds its :class:`Item`
tree as data. A :class:`Round` opens the framework for self-assessment; every unit of
the kind gets an :class:`Assessment` and, per leaf, an :class:`ItemScore` carrying the
self-assessed points, the appraised points, the unit's reply and the final points, each
change kept by ``simple_history``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc.scoring import engine

POINTS = {"max_digits": 7, "decimal_places": 2}


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("Departments, boards and agencies")
    COMMUNE = "commune", _("Commune and ward People's Committees")
    PROVINCE = "province", _("The province (Ministry's index)")


class Method(models.TextChoices):
    NONE = "", _("Sum of sub-items")
    BINARY = "binary", _("Met / not met")
    LEVELS = "levels", _("Levels")
    BANDS = "bands", _("Percentage bands")
    PROPORTIONAL = "proportional", _("Rate × maximum")
    SURVEY = "survey", _("Sociological survey")
    DEDUCTION = "deduction", _("Deduction")
    BONUS = "bonus", _("Bonus / penalty")


class LiveSource(models.TextChoices):
    NONE = "", _("None")
    PLAN_ISSUED = "plan_issued", _("The unit's reform plan issued on time")
    PLAN_TASKS = "plan_tasks_on_time", _("Plan tasks done on time")
    REPORTS = "reports_on_time", _("Periodic reports sent on time")
    ONESTOP_ON_TIME = "onestop_on_time", _("One-stop dossiers settled on time")
    ONESTOP_ONLINE = "onestop_online", _("One-stop dossiers submitted online")
    TARGETS = "targets_met", _("Plan targets met")
    SURVEY = "survey_satisfaction", _("Satisfaction surveys about the unit")


class Framework(models.Model):
    province = models.ForeignKey(
        "agencies.Agency", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.SlugField(_("code"), max_length=80)
    name = models.CharField(_("name"), max_length=300)
    year = models.PositiveIntegerField(_("year"))
    unit_kind = models.CharField(_("kind of unit"), max_length=20, choices=UnitKind.choices)
    source = models.TextField(_("source"), blank=True)
    verified = models.TextField(_("verified numbers"), blank=True)
    bands = models.CharField(_("classification bands"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reform index framework")
        verbose_name_plural = _("reform index frameworks")
        constraints = [
            models.UniqueConstraint(fields=["province", "code", "year"], name="scoring_fw_unique")
        ]
        ordering = ["-year", "unit_kind", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    def band_list(self) -> list[engine.Band]:
        return engine.parse_bands(self.bands)


class Item(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    code = models.CharField(_("code"), max_length=40)
    name = models.TextField(_("name"))
    max_self = models.DecimalField(_("self-assessed maximum"), **POINTS, default=Decimal(0))
    max_survey = models.DecimalField(_("survey maximum"), **POINTS, default=Decimal(0))
    method = models.CharField(
        _("scoring method"), max_length=20, choices=Method.choices, blank=True
    )
    rule = models.TextField(_("rule"), blank=True)
    not_applicable_full = models.BooleanField(_("not applicable gives full points"), default=False)
    live = models.CharField(_("live data"), max_length=30, choices=LiveSource.choices, blank=True)
    evidence = models.TextField(_("evidence asked"), blank=True)
    guidance = models.TextField(_("guidance"), blank=True)

    class Meta:
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="scoring_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    def spec(self) -> engine.ItemSpec:
        levels, bands = engine.parse_rule(self.method, self.rule)
        return engine.ItemSpec(
            code=self.code,
            name=self.name,
            max_self=self.max_self,
            max_survey=self.max_survey,
            method=self.method,
            levels=levels,
            bands=bands,
            not_applicable_full=self.not_applicable_full,
            live=self.live,
            evidence=self.evidence,
            guidance=self.guidance,
        )


class Round(models.Model):
    class State(models.TextChoices):
        SELF = "self", _("Self-assessment")
        APPRAISAL = "appraisal", _("Appraisal")
        CLOSED = "closed", _("Closed, results published")

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="rounds")
    year = models.PositiveIntegerField(_("year assessed"))
    opens = models.DateField(_("self-assessment opens"))
    closes = models.DateField(_("self-assessment closes"))
    cutoff = models.DateField(_("data cut-off date"))
    plan_deadline = models.DateField(
        _("deadline for the units' reform plans"), null=True, blank=True
    )
    reply_days = models.PositiveIntegerField(_("days to reply to the appraisal"), default=5)
    state = models.CharField(max_length=12, choices=State.choices, default=State.SELF)
    closed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        constraints = [
            models.UniqueConstraint(fields=["framework", "year"], name="scoring_round_unique")
        ]

    def __str__(self) -> str:
        return f"{self.framework.name} — {self.year}"

    @property
    def province_id(self) -> int:
        return self.framework.province_id


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        SENT_BACK = "sent_back", _("Appraised, awaiting the unit's reply")
        REPLIED = "replied", _("Reply received")
        FINAL = "final", _("Final")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assessments")
    unit = models.ForeignKey(
        "agencies.Agency", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    group = models.CharField(_("ranking group"), max_length=60)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reply_deadline = models.DateField(null=True, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit assessment")
        verbose_name_plural = _("unit assessments")
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="scoring_assessment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.round.year}"

    @property
    def province_id(self) -> int:
        return self.round.framework.province_id


class ItemScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("rate (%)"), max_digits=7, decimal_places=2, null=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    self_points = models.DecimalField(_("self-assessed points"), **POINTS, null=True)
    explanation = models.TextField(_("explanation"), blank=True)
    links = models.TextField(_("links to documents in the system"), blank=True)
    computation = models.TextField(_("computation from live data"), blank=True)
    appraised_points = models.DecimalField(_("appraised points"), **POINTS, null=True)
    appraisal_reason = models.TextField(_("appraisal reason"), blank=True)
    reply = models.TextField(_("unit's reply"), blank=True)
    final_points = models.DecimalField(_("final points"), **POINTS, null=True)
    final_reason = models.TextField(_("final decision reason"), blank=True)
    survey_points = models.DecimalField(_("survey points"), **POINTS, null=True)
    followed_council = models.BooleanField(_("final decision followed the council"), null=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="scoring_score_unique")
        ]

    @property
    def province_id(self) -> int:
        return self.assessment.province_id

    def link_list(self) -> list[str]:
        """The evidence links, one a line, that the page may render as links: addresses
        inside the system ("/plans/12/") and web addresses; anything else stays text."""
        return [
            line.strip()
            for line in self.links.splitlines()
            if line.strip().startswith(("/", "https://", "http://"))
            and not line.strip().startswith("//")
        ]

    def link_texts(self) -> list[str]:
        """The lines of ``links`` that are not addresses (document numbers, names)."""
        shown = set(self.link_list())
        return [
            line.strip()
            for line in self.links.splitlines()
            if line.strip() not in shown and line.strip()
        ]

    @property
    def adjusted(self) -> bool:
        return self.appraised_points is not None and self.appraised_points != self.self_points

    def points(self) -> Decimal:
        """The points counted in the results: final, else appraised, else self-assessed,
        plus the survey points."""
        chosen = self.final_points
        if chosen is None:
            chosen = self.appraised_points
        if chosen is None:
            chosen = self.self_points
        return (chosen or Decimal(0)) + (self.survey_points or Decimal(0))


class CouncilMember(models.Model):
    """A member of a round's appraisal council, named by the reform office."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="council")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="scoring_council_unique")
        ]


class CouncilVote(models.Model):
    """One council member's proposed decision on one item: accept (``points`` None) or
    adjusted points with a reason; every change kept by ``simple_history``."""

    score = models.ForeignKey(ItemScore, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("proposed points"), **POINTS, null=True)
    reason = models.TextField(_("reason"), blank=True)
    voted_at = models.DateTimeField(_("voted at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["score", "member"], name="scoring_vote_unique")
        ]

    @property
    def province_id(self) -> int:
        return self.score.province_id


def evidence_path(instance, filename: str) -> str:
    return f"scoring/{instance.score.assessment_id}/{filename}"


class EvidenceFile(models.Model):
    score = models.ForeignKey(ItemScore, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=evidence_path)
    name = models.CharField(_("name"), max_length=255)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
