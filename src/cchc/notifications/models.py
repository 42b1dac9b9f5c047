"""Reminders: what was sent to whom (never twice), the daily digest, in-app notifications.

- ``Reminder`` is the log that makes the daily job idempotent: one row per
  (user, kind, object, due-date key), unique in the database, so a second run
  the same day — or after a crash and restart — finds every reminder already
  there and sends nothing new. The due-date key is the deadline the reminder is
  about: when a deadline moves, the reminders of the new one are due again.
- ``Digest``: at most one e-mail per user per day (unique on user and day).
- ``Notification``: one line in the user's in-app list (read or unread).
- ``Preference``: what a user wants to receive, and whether by e-mail.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    DUE_7 = "due_7", _("Task due in 7 days")
    DUE_3 = "due_3", _("Task due in 3 days")
    DUE_1 = "due_1", _("Task due in 1 day")
    OVERDUE = "overdue", _("Task overdue")
    REPORT_DUE = "report_due", _("Report due soon")
    REPORT_LATE = "report_late", _("Report overdue")
    STALE_AGENCY = "stale_agency", _("Agency not updating progress")
    OVERDUE_AGENCY = "overdue_agency", _("Agency with long-overdue tasks")
    # Events of the cycle (cchc.notifications.events): in-app notices only, no e-mail.
    PLAN_PUBLISHED = "plan_published", _("Plan issued")
    REPORT_SUBMITTED = "report_submitted", _("Report sent")
    REPORT_RETURNED = "report_returned", _("Report returned for revision")
    REPORT_ACCEPTED = "report_accepted", _("Report accepted")


class Category(models.TextChoices):
    """What a user may switch on or off (``Preference``), grouping the kinds."""

    DUE_SOON = "due_soon", _("Tasks due soon (7, 3, 1 days)")
    OVERDUE = "overdue", _("Task overdue")
    REPORTS = "reports", _("Periodic reports due or overdue")
    ESCALATIONS = "escalations", _("Warnings about agencies slow to update or long overdue")


CATEGORY_OF = {
    Kind.DUE_7: Category.DUE_SOON,
    Kind.DUE_3: Category.DUE_SOON,
    Kind.DUE_1: Category.DUE_SOON,
    Kind.OVERDUE: Category.OVERDUE,
    Kind.REPORT_DUE: Category.REPORTS,
    Kind.REPORT_LATE: Category.REPORTS,
    Kind.STALE_AGENCY: Category.ESCALATIONS,
    Kind.OVERDUE_AGENCY: Category.ESCALATIONS,
}


class Preference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField(_("Send e-mail (one digest a day)"), default=True)
    due_soon = models.BooleanField(Category.DUE_SOON.label, default=True)
    overdue = models.BooleanField(Category.OVERDUE.label, default=True)
    reports = models.BooleanField(Category.REPORTS.label, default=True)
    escalations = models.BooleanField(Category.ESCALATIONS.label, default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preference")

    def wants(self, kind: str) -> bool:
        return getattr(self, CATEGORY_OF[kind])


class Digest(models.Model):
    """The day's bundle of a user's new reminders; the e-mail, if any, is one per day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    emailed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("daily reminder digest")
        verbose_name_plural = _("daily reminder digest")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_day")]


class Reminder(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    obj = GenericForeignKey("content_type", "object_id")
    due_key = models.CharField(max_length=32)
    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="reminders")

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminder sent")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "content_type", "object_id", "due_key"],
                name="one_reminder_per_object_and_deadline",
            )
        ]


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("content"))
    url = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(
        Digest, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notification")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]
