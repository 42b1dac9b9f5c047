"""Periodic reports: a plan's reporting regime, its cycles, and each agency's report.

- :class:`ReportingRegime` — what the plan's text says about reports (the
  sentence read, or that the Ministry's default was used); one per plan.
- :class:`ReportCycle` — one report owed: a period (quý I, 6 tháng, ...), its
  data range (``data_start`` … ``data_end``, the data cut-off) and due date.
- :class:`AgencyReport` — one agency's report for one cycle, with the
  narrative sections of the official outline and the workflow
  draft → submitted → (returned → submitted …) → accepted.
- :class:`ReportTargetValue` — the value an agency reports for a plan target.

Every write goes through ``cchc.reporting.services``; history is kept by
django-simple-history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PeriodKind(models.TextChoices):
    Q1 = "q1", _("Quý I")
    Q2 = "q2", _("Quý II")
    Q3 = "q3", _("Quý III")
    Q4 = "q4", _("Quý IV")
    H1 = "h1", _("6 tháng đầu năm")
    H2 = "h2", _("6 tháng cuối năm")
    M9 = "m9", _("9 tháng")
    YEAR = "year", _("Năm")
    MONTH = "month", _("Tháng")


class ReportingRegime(models.Model):
    plan = models.OneToOneField(
        "plans.Plan", on_delete=models.CASCADE, related_name="reporting_regime"
    )
    source_text = models.TextField(_("câu quy định chế độ báo cáo"), blank=True)
    is_default = models.BooleanField(_("dùng chế độ mặc định"), default=False)
    read_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chế độ báo cáo")
        verbose_name_plural = _("chế độ báo cáo")

    def __str__(self) -> str:
        return str(self.plan)


class ReportCycle(models.Model):
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="report_cycles")
    kind = models.CharField(_("loại kỳ"), max_length=8, choices=PeriodKind.choices)
    label = models.CharField(_("kỳ báo cáo"), max_length=64)
    data_start = models.DateField(_("số liệu từ ngày"))
    data_end = models.DateField(_("chốt số liệu đến ngày"))
    due = models.DateField(_("hạn gửi"))
    due_from_text = models.BooleanField(_("hạn đọc từ văn bản"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["plan", "due", "data_end"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "label"], name="one_cycle_per_label"),
        ]

    def __str__(self) -> str:
        return self.label


class AgencyReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Trả lại để chỉnh sửa")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    cycle = models.ForeignKey(ReportCycle, on_delete=models.CASCADE, related_name="reports")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="periodic_reports"
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Kết quả đạt được, one text per reform area: {area code: text}.
    results = models.JSONField(_("kết quả đạt được theo lĩnh vực"), default=dict, blank=True)
    shortcomings = models.TextField(_("tồn tại, hạn chế"), blank=True)
    causes = models.TextField(_("nguyên nhân"), blank=True)
    proposals = models.TextField(_("phương hướng, đề xuất"), blank=True)
    # The agency's task rows as of the cut-off, frozen when the report is submitted.
    snapshot = models.JSONField(_("số liệu nhiệm vụ khi gửi"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    # Set at the first submission: sent after the due day. A correction after a
    # return does not make a report late.
    late = models.BooleanField(_("gửi muộn"), default=False)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    reviewed_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo của cơ quan")
        verbose_name_plural = _("báo cáo của cơ quan")
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
    value = models.DecimalField(
        _("kết quả thực hiện"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        ordering = ["report", "target__position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="one_value_per_target"),
        ]
