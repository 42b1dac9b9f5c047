"""Agencies (administrative units) and named groups of them.

The tree: a province (its People's Committee) at the root; departments, boards,
the committee's office, central agencies located in the province and public
service units under it; districts under the province and communes under the
districts (3-level structure, until 2025-06-30) or communes directly under the
province (2-level structure, from 2025-07-01). A unit that exists only in one
structure carries validity dates, so both structures live in one table and a
date picks one of them.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

# The day the 2-level local government (tỉnh–xã) took effect.
TWO_LEVEL_SINCE = datetime.date(2025, 7, 1)


class Kind(models.TextChoices):
    PROVINCE = "province", _("Provincial / city People's Committee")
    OFFICE = "office", _("Office of the People's Committee / People's Council")
    DEPARTMENT = "department", _("Department")
    BOARD = "board", _("Board or department-level agency")
    CENTRAL = "central", _("Central agency in the province")
    PUBLIC_SERVICE = "public_service", _("Public service unit")
    DISTRICT = "district", _("District People's Committee")
    COMMUNE = "commune", _("Commune People's Committee")
    SUBUNIT = "subunit", _("Subordinate unit")
    OTHER = "other", _("Other organisation")


class Agency(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The root of the tree this unit belongs to (null for a root); kept by services.
    province = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    aliases = models.TextField(_("other names"), blank=True, help_text=_("One name per line."))
    active = models.BooleanField(_("active"), default=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agency")
        ordering = ["name"]
        indexes = [models.Index(fields=["province", "kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def root(self) -> Agency:
        return self.province or self

    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.splitlines() if a.strip()]

    def valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class AgencyGroup(models.Model):
    """A named kind of agencies used in plans ("Sở, ban, ngành", "UBND cấp huyện").

    Groups are the same in every province; ``members(province, day)`` resolves one
    to the active units of the listed kinds in a province on a day.
    """

    name = models.CharField(_("group name"), max_length=255, unique=True)
    aliases = models.TextField(_("other names"), blank=True, help_text=_("One name per line."))
    kinds = models.JSONField(_("agency kinds"), default=list)

    class Meta:
        verbose_name = _("agency group")
        verbose_name_plural = _("agency group")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.splitlines() if a.strip()]
