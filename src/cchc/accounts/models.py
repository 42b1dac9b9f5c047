"""A user's role and, for all roles but the administrator, the agency they belong to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    REFORM_OFFICE = (
        "reform_office",
        _("Standing administrative-reform office (Department of Home Affairs)"),
    )
    FOCAL_POINT = "focal_point", _("Agency administrative-reform focal point")
    LEADER = "leader", _("Leadership (read only)")


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # The focal point's own agency; for the reform office and leaders, any unit of
    # their province (the province is the root of its tree).
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="profiles",
    )

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profile")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
