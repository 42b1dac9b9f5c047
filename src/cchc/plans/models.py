"""A plan (kế hoạch), its tasks with deliverables and agency mentions, and its targets.

A plan is created as a draft (by import or by hand), reviewed, then published:
publishing turns every agency mention into assignments of directory units, and
from then on the tasks are tracked (see ``cchc.tracking``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Area(models.TextChoices):
    DIRECTION = "direction", _("Direction and administration")
    INSTITUTIONS = "institutions", _("Institutional reform")
    PROCEDURES = "procedures", _("Administrative procedure reform")
    ORGANIZATION = "organization", _("Reform of the organisational structure")
    CIVIL_SERVICE = "civil_service", _("Building the civil service workforce")
    PUBLIC_FINANCE = "public_finance", _("Public finance reform")
    MODERNIZATION = "modernization", _("Modernising the administration")
    OTHER = "other", _("Other")


class Plan(models.Model):
    class Kind(models.TextChoices):
        KE_HOACH = "ke_hoach", _("Plan")
        CHUONG_TRINH = "chuong_trinh", _("Programme")
        QUYET_DINH = "quyet_dinh", _("Decision")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Issued")

    class Extraction(models.TextChoices):
        NONE = "", _("Entered by hand")
        QUEUED = "queued", _("Waiting for extraction")
        RUNNING = "running", _("Extracting")
        DONE = "done", _("Extracted")
        FAILED = "failed", _("Extraction failed")

    class ExtractionStep(models.TextChoices):
        """What a running extraction is doing (services.run_extraction), shown on the plan page."""

        NONE = "", ""
        READING = "reading", _("reading the file")
        OCR = "ocr", _("reading the scanned pages (OCR)")
        TABLES = "tables", _("finding tables and splitting tasks")
        SAVING = "saving", _("saving the tasks to the draft")

    province = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("province / city"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    kind = models.CharField(_("document type"), max_length=20, choices=Kind.choices, blank=True)
    issuer = models.CharField(_("issuing agency"), max_length=255, blank=True)
    number = models.CharField(_("document number"), max_length=64, blank=True)
    signed = models.DateField(_("date signed"), null=True, blank=True)
    title = models.TextField(_("summary"), blank=True)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    document = models.FileField(_("source document"), upload_to="plans/%Y/", blank=True)
    document_name = models.CharField(_("file name"), max_length=255, blank=True)
    extraction = models.CharField(
        _("extraction"),
        max_length=10,
        choices=Extraction.choices,
        blank=True,
        default=Extraction.NONE,
    )
    extraction_error = models.TextField(_("extraction error"), blank=True)
    extraction_step = models.CharField(
        _("extraction step"),
        max_length=10,
        choices=ExtractionStep.choices,
        blank=True,
        default=ExtractionStep.NONE,
    )
    # When the extraction state last changed.
    extraction_changed = models.DateTimeField(null=True, blank=True)
    # The scanned page being read (OCR takes seconds a page), of how many.
    extraction_page = models.PositiveSmallIntegerField(null=True, blank=True)
    extraction_pages = models.PositiveSmallIntegerField(null=True, blank=True)
    # The document's paragraphs as extracted (one a line): what publishing reads the
    # reporting regime from, so that the file (a scan: OCR) is not read twice.
    document_text = models.TextField(_("text of the source document"), blank=True)
    extraction_year = models.PositiveSmallIntegerField(
        _("year of the plan (when the document does not state it)"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Optimistic concurrency of the metadata form: a save checks and bumps it (services).
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["document_text"])  # the text is not edited

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plan")
        ordering = ["-period_start", "-created_at"]

    def __str__(self) -> str:
        return " – ".join(part for part in (self.number, self.title) if part) or f"#{self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


# Closed (completed or halted) tasks after open ones: stored columns only, so an
# index can serve it (tracking.selectors.my_tasks sorts by it, then by deadline).
CLOSED_FIRST_KEY = models.ExpressionWrapper(
    ~models.Q(halted_reason="") | models.Q(completed_on__isnull=False),
    output_field=models.BooleanField(),
)


class LiveTaskManager(models.Manager):
    """Tasks not deleted in review: the default everywhere (``plan.tasks`` too)."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveIntegerField(default=0)
    ref = models.CharField(_("item number"), max_length=32, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    area = models.CharField(_("area"), max_length=20, choices=Area.choices, blank=True)
    content = models.TextField(_("content"))
    source = models.JSONField(_("position in the document"), default=dict, blank=True)
    doubts = models.JSONField(_("points to review"), default=list, blank=True)
    # The task's final deadline: the latest due date of its deliverables (kept by services).
    due = models.DateField(_("deadline"), null=True, blank=True, db_index=True)
    # Tracking (cchc.tracking): progress in percent, completion day, halt reason.
    progress = models.DecimalField(_("progress (%)"), max_digits=5, decimal_places=2, default=0)
    completed_on = models.DateField(_("completion date"), null=True, blank=True)
    halted_reason = models.TextField(_("reason for halting / not carrying out"), blank=True)
    # A task with sub-tasks shows their roll-up unless someone overrides it with a reason.
    progress_override = models.TextField(_("reason for overriding progress"), blank=True)
    # Optimistic concurrency: every write checks and bumps it (see services).
    version = models.PositiveIntegerField(default=1)
    # Deleted in review ("Xoá"): hidden until undone ("Hoàn tác"), purged on publishing.
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["source", "doubts", "position", "deleted_at"])

    objects = LiveTaskManager()
    all_objects = models.Manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("task")
        ordering = ["plan", "position"]
        indexes = [
            # "My tasks" order: open tasks first, then by deadline (see
            # tracking.selectors.my_tasks). Read in this order, the page's first
            # rows come without sorting every task of the agency.
            models.Index(CLOSED_FIRST_KEY, models.F("due"), name="plans_task_closed_due_idx"),
            # The page's total: task ids and plans without reading the task rows.
            models.Index(fields=["id"], include=["plan"], name="plans_task_id_plan_idx"),
        ]

    def __str__(self) -> str:
        # as the reader knows the task (choices of a parent, the admin): the shown number
        from cchc.web.templatetags.display import display_ref

        return f"{display_ref(self.ref)} {self.content[:80]}".strip()


class Deliverable(models.Model):
    class DeadlineKind(models.TextChoices):
        DATE = "date", _("Fixed deadline")
        RECURRING = "recurring", _("Ongoing / periodic")
        CONDITIONAL = "conditional", _("Depends on a condition / other progress")
        NONE = "none", _("No deadline stated")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="deliverables")
    position = models.PositiveIntegerField(default=0)
    product = models.TextField(_("output"), blank=True)
    deadline_raw = models.CharField(
        _("deadline (as written in the document)"), max_length=255, blank=True
    )
    deadline_kind = models.CharField(
        _("deadline kind"), max_length=12, choices=DeadlineKind.choices, default=DeadlineKind.NONE
    )
    start = models.DateField(_("start"), null=True, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    frequency = models.CharField(_("frequency"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("output")
        verbose_name_plural = _("output")
        ordering = ["task", "position"]


class Mention(models.Model):
    """One agency name as the plan prints it, and the directory entry it means.

    Resolved when mapped to a unit or a group, or explicitly ignored (a phrase
    such as "Các cơ quan có liên quan" that names no unit).
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        COOP = "coop", _("Cooperating")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="mentions")
    role = models.CharField(_("role"), max_length=4, choices=Role.choices)
    position = models.PositiveIntegerField(default=0)
    text = models.CharField(_("name in the document"), max_length=255)
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="mentions"
    )
    group = models.ForeignKey(
        "agencies.AgencyGroup",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentions",
    )
    ignored = models.BooleanField(_("not a unit"), default=False)
    # Mapped on import from what the office mapped this name to before (NameMemory).
    remembered = models.BooleanField(default=False)

    class Meta:
        ordering = ["task", "role", "position"]

    def __str__(self) -> str:
        return self.text

    @property
    def resolved(self) -> bool:
        return bool(self.agency_id or self.group_id or self.ignored)


class Assignment(models.Model):
    """A directory unit responsible for (lead) or contributing to (coop) a published task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    # The task's plan, kept here (filled on save; publishing sets it in bulk) so that
    # "the plans an agency works on" (the reports it owes) is read from an index.
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(max_length=4, choices=Mention.Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "agency"], name="one_assignment_per_agency")
        ]
        indexes = [
            models.Index(fields=["agency", "role"]),
            # An agency's tasks (and its role in each) from the index alone.
            models.Index(
                fields=["agency", "task"], include=["role"], name="plans_assign_agency_task_idx"
            ),
            models.Index(fields=["agency", "plan"], name="plans_assign_agency_plan_idx"),
        ]

    def save(self, *args, **kwargs):
        if self.plan_id is None:
            self.plan_id = self.task.plan_id
        super().save(*args, **kwargs)


class Target(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField(_("indicator"))
    comparator = models.CharField(_("comparison"), max_length=2, blank=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3, null=True, blank=True)
    unit = models.CharField(_("unit of measure"), max_length=64, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicator")
        ordering = ["plan", "position"]


class NameMemory(models.Model):
    """What a province's reform office mapped an agency name to, applied on the next import.

    One row per name as documents print it; the latest mapping wins.
    """

    province = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="name_memories"
    )
    text = models.CharField(_("name in the document"), max_length=255)
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    group = models.ForeignKey(
        "agencies.AgencyGroup", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    ignored = models.BooleanField(_("not a unit"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["province", "text"], name="one_memory_per_name")
        ]


class PlanSource(models.Model):
    """The document's layout as the extraction read it (blocks of paragraphs and tables
    with their places), for the source view: read once, shown without reading again."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="layout")
    blocks = models.JSONField(default=list)
