"""A yearly inspection plan of the reform office: quotas per kind of unit (data, not
constants: "ít nhất 40 % sở, 100 % UBND cấp huyện" differ by province and year), the
units chosen, each visit's record and findings; a finding becomes a follow-up task of
the reform plan (``plans.services.amend_task``), tracked like any other task."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.agencies.models import Kind
from cchc.plans.models import Area


class InspectionPlan(models.Model):
    province = models.ForeignKey(
        "agencies.Agency", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)
    # The reform plan the quotas come from and the follow-up tasks go to.
    reform_plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("reform plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    method = models.CharField(_("selection method"), max_length=12, blank=True)
    seed = models.PositiveIntegerField(_("random seed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title


class Quota(models.Model):
    inspection_plan = models.ForeignKey(
        InspectionPlan, on_delete=models.CASCADE, related_name="quotas"
    )
    kind = models.CharField(_("kind of unit"), max_length=20, choices=Kind.choices)
    percent = models.DecimalField(_("at least (%)"), max_digits=5, decimal_places=2)
    source = models.TextField(_("where the quota comes from"), blank=True)

    class Meta:
        verbose_name = _("inspection quota")
        verbose_name_plural = _("inspection quotas")
        constraints = [
            models.UniqueConstraint(
                fields=["inspection_plan", "kind"], name="inspections_quota_per_kind"
            )
        ]


class Visit(models.Model):
    inspection_plan = models.ForeignKey(
        InspectionPlan, on_delete=models.CASCADE, related_name="visits"
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    risk = models.DecimalField(_("risk score"), max_digits=8, decimal_places=2, default=0)
    visited_on = models.DateField(_("date of the visit"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)

    class Meta:
        verbose_name = _("inspection visit")
        verbose_name_plural = _("inspection visits")
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection_plan", "agency"], name="inspections_visit_per_unit"
            )
        ]


class Finding(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField(_("finding"))
    evidence = models.TextField(_("evidence (documents seen)"), blank=True)
    lead = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("lead agency of the follow-up"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due = models.DateField(_("deadline of the follow-up"))
    area = models.CharField(_("area"), max_length=20, choices=Area.choices, default=Area.DIRECTION)
    task = models.OneToOneField(
        "plans.Task",
        verbose_name=_("follow-up task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspection_finding",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["pk"]
