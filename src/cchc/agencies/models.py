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
    PROVINCE = "province", _("UBND tỉnh / thành phố")
    OFFICE = "office", _("Văn phòng UBND / HĐND")
    DEPARTMENT = "department", _("Sở")
    BOARD = "board", _("Ban, cơ quan tương đương sở")
    CENTRAL = "central", _("Cơ quan Trung ương trên địa bàn")
    PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp")
    DISTRICT = "district", _("UBND cấp huyện")
    COMMUNE = "commune", _("UBND cấp xã")
    SUBUNIT = "subunit", _("Đơn vị trực thuộc")
    OTHER = "other", _("Tổ chức khác")


class Agency(models.Model):
    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The root of the tree this unit belongs to (null for a root); kept by services.
    province = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    aliases = models.TextField(_("tên gọi khác"), blank=True, help_text=_("Mỗi dòng một tên."))
    active = models.BooleanField(_("đang hoạt động"), default=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
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

    name = models.CharField(_("tên nhóm"), max_length=255, unique=True)
    aliases = models.TextField(_("tên gọi khác"), blank=True, help_text=_("Mỗi dòng một tên."))
    kinds = models.JSONField(_("các loại cơ quan"), default=list)

    class Meta:
        verbose_name = _("nhóm cơ quan")
        verbose_name_plural = _("nhóm cơ quan")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.splitlines() if a.strip()]
