"""The timeline of a task: updates (progress, contributions, completion) and evidence files."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TaskUpdate(models.Model):
    class Action(models.TextChoices):
        PROGRESS = "progress", _("Progress report")
        CONTRIBUTION = "contribution", _("Contribution of a cooperating agency")
        DONE = "done", _("Completed")
        HALT = "halt", _("Halted / not carried out")
        REOPEN = "reopen", _("Reopen")

    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(_("update kind"), max_length=12, choices=Action.choices)
    note = models.TextField(_("content"), blank=True)
    # Evidence given as a link or a description (the bulk update's column); files are Evidence.
    evidence_text = models.TextField(_("evidence (link or note)"), blank=True)
    progress = models.DecimalField(
        _("progress (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # Recurring tasks only: the first day of the reporting period (cchc.tracking.periods).
    period = models.DateField(_("reporting period"), null=True, blank=True)

    class Meta:
        verbose_name = _("update")
        verbose_name_plural = _("update")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["task", "-created_at"])]


def _evidence_path(instance: Evidence, filename: str) -> str:
    """A random name under evidence/YYYY/MM/: the uploaded name is never used on disk."""
    return (
        timezone.now().strftime("evidence/%Y/%m/")
        + uuid.uuid4().hex
        + Path(filename).suffix.lower()
    )


class Evidence(models.Model):
    """A file attached to an update (tài liệu kiểm chứng), served only through a checked view."""

    update = models.ForeignKey(TaskUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=_evidence_path)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField()

    class Meta:
        verbose_name = _("evidence document")
        verbose_name_plural = _("evidence document")

    def __str__(self) -> str:
        return self.original_name
