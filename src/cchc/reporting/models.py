"""Periodic reports: a plan's reporting regime, its cycles, and each agency's report.

- :class:`ReportingRegime` — what the plan's text says about reports (the
  sentence read, or that the Ministry's default was used); one per plan.
- :class:`ReportCycle` — one report owed: a period (quý I, 6 tháng, ...), its
  data range (``data_start`` … ``data_end``, the data cut-off) and due date.
- :class:`AgencyReport` — one agency's report for one cycle, with the
  narrative sections of the official outline and the workflow
  draft → submitted → (returned → submitted …) → accepted.
- :class:`ReportTargetValue` — the value an agency reports for a plan target.
- :class:`ConsolidatedReport` — what the province's report for a cycle prints in its
  header and signature block (number, recipients, signer); blank fields print the
  defaults of ``selectors.signature``.

Every write goes through ``cchc.reporting.services``; history is kept by
django-simple-history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PeriodKind(models.TextChoices):
    Q1 = "q1", _("Quarter I")
    Q2 = "q2", _("Quarter II")
    Q3 = "q3", _("Quarter III")
    Q4 = "q4", _("Quarter IV")
    H1 = "h1", _("First half of the year")
    H2 = "h2", _("Second half of the year")
    M9 = "m9", _("9 months")
    YEAR = "year", _("Year")
    MONTH = "month", _("Month")


class ReportingRegime(models.Model):
    plan = models.OneToOneField(
        "plans.Plan", on_delete=models.CASCADE, related_name="reporting_regime"
    )
    source_text = models.TextField(_("sentence setting the reporting schedule"), blank=True)
    is_default = models.BooleanField(_("uses the default schedule"), default=False)
    read_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting schedule")
        verbose_name_plural = _("reporting schedule")

    def __str__(self) -> str:
        return str(self.plan)


class ReportCycle(models.Model):
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="report_cycles")
    kind = models.CharField(_("period kind"), max_length=8, choices=PeriodKind.choices)
    label = models.CharField(_("reporting period"), max_length=64)
    data_start = models.DateField(_("data from"))
    data_end = models.DateField(_("data cut-off date"))
    due = models.DateField(_("submission deadline"))
    due_from_text = models.BooleanField(_("deadline read from the document"), default=False)
    # Optimistic concurrency of the cycles form: a save checks and bumps it (services).
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting period")
        ordering = ["plan", "due", "data_end"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "label"], name="one_cycle_per_label"),
        ]
        # The reports an agency owes, soonest first (reporting.selectors.reports_due):
        # read in this order, the first few unaccepted ones end the scan.
        indexes = [models.Index(fields=["due", "plan"], name="reporting_cycle_due_plan_idx")]

    def __str__(self) -> str:
        return self.label


class AgencyReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being drafted")
        SUBMITTED = "submitted", _("Sent")
        RETURNED = "returned", _("Returned for revision")
        ACCEPTED = "accepted", _("Accepted")

    cycle = models.ForeignKey(ReportCycle, on_delete=models.CASCADE, related_name="reports")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="periodic_reports"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Kết quả đạt được, one text per reform area: {area code: text}.
    results = models.JSONField(_("results achieved by area"), default=dict, blank=True)
    shortcomings = models.TextField(_("shortcomings and limitations"), blank=True)
    causes = models.TextField(_("causes"), blank=True)
    proposals = models.TextField(_("directions and proposals"), blank=True)
    # The agency's task rows as of the cut-off, frozen when the report is submitted.
    snapshot = models.JSONField(_("task figures when sent"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Set at the first submission: sent after the due day. A correction after a
    # return does not make a report late.
    late = models.BooleanField(_("sent late"), default=False)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    reviewed_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: a saved draft checks and bumps it (services.save_report).
    version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agency report")
        verbose_name_plural = _("agency report")
        ordering = ["cycle", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "agency"], name="one_report_per_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.cycle}"

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class ReportTargetValue(models.Model):
    """The value an agency reports for one of the plan's targets in one report."""

    report = models.ForeignKey(AgencyReport, on_delete=models.CASCADE, related_name="values")
    target = models.ForeignKey("plans.Target", on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(_("result"), max_digits=14, decimal_places=3, null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["report", "target__position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="one_value_per_target"),
        ]


class ConsolidatedReport(models.Model):
    """The province's report for one cycle: its number, recipients ("Nơi nhận") and signer."""

    cycle = models.OneToOneField(ReportCycle, on_delete=models.CASCADE, related_name="consolidated")
    number = models.CharField(_("document number"), max_length=64, blank=True)
    recipients = models.TextField(_("recipients (one per line)"), blank=True)
    signer_for = models.CharField(_("signing on behalf of"), max_length=128, blank=True)
    signer_title = models.CharField(_("title of the signer"), max_length=128, blank=True)
    signer_name = models.CharField(_("name of the signer"), max_length=128, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consolidated report")
        verbose_name_plural = _("consolidated report")

    def __str__(self) -> str:
        return str(self.cycle)
