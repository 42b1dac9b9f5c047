"""Dossier records of one-stop shops (hồ sơ TTHC) and the import batches that brought them.

``Dossier`` is built for volume (a large province writes ~10 million a year): a
bigint key, integer foreign keys, small-integer enums, dates without time, and
just two indexes — the unique ``(agency, code)`` that makes re-imports idempotent
and ``(agency, received)`` that every statistic reads by. The procedure's name is
kept once in ``Procedure``, not on each dossier.

The foreign keys have no database constraint (``db_constraint=False``): on
PostgreSQL each would queue a deferred trigger check per inserted row, which
doubled the import time of a 10-million-row file. The import resolves every
agency and procedure itself, and Django's ``on_delete=PROTECT`` still refuses to
delete an agency that has dossiers.

On PostgreSQL ``code`` is compared byte by byte (``COLLATE "C"``, migration 0002,
not in the model state because SQLite has no such collation): the unique index is
probed once per imported row, and ``strcoll`` comparisons cost ~30 % of the import.
A migration that alters ``code`` must keep that collation.

Time of day is dropped on import: "on time" is judged by calendar day
(finished on or before the due day), as the periodic report forms count it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.IntegerChoices):
    DIRECT = 1, _("In person")
    ONLINE = 2, _("Online")
    POSTAL = 3, _("Public postal service")


class Procedure(models.Model):
    """An administrative procedure (thủ tục hành chính) named in imported dossiers.

    ``code`` is the code of the national procedure database when the file gives one,
    else ``name:`` and a hash of the name (so a name-only export still groups).
    """

    code = models.CharField(_("procedure code"), max_length=100, unique=True)
    name = models.TextField(_("procedure name"), blank=True)

    class Meta:
        verbose_name = _("administrative procedure")
        verbose_name_plural = _("administrative procedure")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name or self.code


class ImportBatch(models.Model):
    """One uploaded export file: previewed, then imported (or failed)."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Awaiting confirmation")
        QUEUED = "queued", _("Waiting to be imported")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Error")

    province = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("province / city"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    file = models.FileField(_("file"), upload_to="onestop/%Y/%m/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(_("number of rows"), default=0)
    rows_bad = models.PositiveIntegerField(_("rows with errors"), default=0)
    rows_created = models.PositiveIntegerField(_("new dossiers"), default=0)
    rows_updated = models.PositiveIntegerField(_("dossiers with updated results"), default=0)
    rows_duplicate = models.PositiveIntegerField(_("dossiers already present"), default=0)
    # [[line, reason], ...] — the first errors only (see services.MAX_STORED_ERRORS).
    errors = models.JSONField(_("errors by row"), default=list, blank=True)
    message = models.TextField(_("notification"), blank=True)

    class Meta:
        verbose_name = _("dossier import")
        verbose_name_plural = _("dossier import")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def rows_good(self) -> int:
        return self.rows_total - self.rows_bad


class Dossier(models.Model):
    id = models.BigAutoField(primary_key=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # covered by the (agency, code) and (agency, received) indexes
        db_constraint=False,  # see the module docstring
    )
    code = models.CharField(_("dossier code"), max_length=64)
    procedure = models.ForeignKey(
        Procedure,
        verbose_name=_("procedure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # no per-procedure screen yet; one index less to maintain on import
        db_constraint=False,
    )
    channel = models.PositiveSmallIntegerField(_("submission channel"), choices=Channel.choices)
    # Online service level 2/3/4 (4 = "toàn trình", 3 = "một phần"); null when none.
    online_level = models.PositiveSmallIntegerField(
        _("online service level"), null=True, blank=True
    )
    received = models.DateField(_("date received"))
    due = models.DateField(_("promised return date"), null=True, blank=True)
    finished = models.DateField(_("date result returned"), null=True, blank=True)
    returned_by_post = models.BooleanField(_("result returned by post"), default=False)
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossier")
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="onestop_dossier_agency_code"),
        ]
        indexes = [models.Index(fields=["agency", "received"], name="onestop_dossier_received")]

    def __str__(self) -> str:
        return self.code
